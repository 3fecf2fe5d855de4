"""The one WebClient builder: the bot token, SLACK_API_URL, and retries on 429, 5xx and dropped
connections. The Bolt app and the report poster both use it."""

from __future__ import annotations

from typing import Any

from rlm_bot.config import Settings
from rlm_bot.errors import ConfigError

WEB_TIMEOUT_SECONDS = 30


def web_client(settings: Settings, *, token: str | None = None):
    """A WebClient for the bot token and SLACK_API_URL that retries 429 (Retry-After), 5xx and
    connection errors with slack_sdk's retry handlers."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import (
        ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, ServerErrorRetryHandler,
    )

    value = token or settings.slack.bot_token.reveal()
    if not value:
        raise ConfigError("SLACK_BOT_TOKEN is not set; set it to the bot token (xoxb-…) of the app")
    kwargs: dict[str, Any] = {"token": value, "timeout": WEB_TIMEOUT_SECONDS,
                              "retry_handlers": [ConnectionErrorRetryHandler(max_retry_count=2),
                                                 RateLimitErrorRetryHandler(max_retry_count=4),
                                                 ServerErrorRetryHandler(max_retry_count=2)]}
    if settings.slack.api_url:
        kwargs["base_url"] = settings.slack.api_url.rstrip("/") + "/"
    return WebClient(**kwargs)
