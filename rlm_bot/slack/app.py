"""Build the Bolt app of the bot: its WebClient (slack/web.py), listeners and engines."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from rlm_bot.config import Settings
from rlm_bot.errors import ConfigError
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.slack.bot import SlackBot
from rlm_bot.slack.listeners import register
from rlm_bot.slack.web import web_client

log = logging.getLogger(__name__)

LISTENER_THREADS = 16  # Bolt's listeners only claim and queue; the work runs in the bot's pool


def build_app(settings: Settings, *, pipeline: Pipeline | None = None, socket_mode: bool = False):
    """The Bolt App with every listener, and the SlackBot behind it: returns (app, bot)."""
    from slack_bolt import App

    secret = settings.slack.signing_secret.reveal()
    if not secret and not socket_mode:
        raise ConfigError("SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify "
                          "Slack's requests (or set SLACK_APP_TOKEN for Socket Mode)")
    client = web_client(settings)
    bolt_log = logging.getLogger("rlm_bot.slack.bolt")
    if not any(isinstance(f, _SameToken) for f in bolt_log.filters):
        bolt_log.addFilter(_SameToken())
    app = App(client=client, signing_secret=secret or None, token_verification_enabled=False,
              request_verification_enabled=not socket_mode or bool(secret),
              listener_executor=ThreadPoolExecutor(LISTENER_THREADS,
                                                   thread_name_prefix="rlm-bolt"),
              logger=bolt_log)
    bot = SlackBot(settings, client, pipeline=pipeline)
    register(app, bot)
    return app, bot


class _SameToken(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and warns that our client (built from the same token)
    makes it unused; that is the intended setup, not news for an operator."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()
