"""The Slack app: Bolt listeners, the exactly-once claims, the work pool, live replies and `/rlm`.

    app, bot = build_app(settings)            # the Bolt App and the SlackBot behind it
    HttpServer(app, bot, port=3000).serve_forever()      # or socket_mode_handler(app, token).start()

`rlm-bot serve` (rlm_bot/commands/serve.py) runs it; nothing below this package imports it.
"""

from __future__ import annotations

from rlm_bot.slack.app import build_app
from rlm_bot.slack.web import web_client
from rlm_bot.slack.bot import BotRequest, SlackBot
from rlm_bot.slack.server import HttpServer, socket_mode_handler

__all__ = ["BotRequest", "HttpServer", "SlackBot", "build_app", "socket_mode_handler", "web_client"]
