"""The Slack app (Bolt): listeners, formatting, feedback, scheduled posts."""
