"""rlm_bot: a Slack bot with persistent agent memory running a smart RLM pipeline."""

__version__ = "0.1.0"
