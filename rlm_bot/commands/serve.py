"""`rlm-bot serve [--socket | --http] [--port N] [--host H]`: run the Slack bot.

Socket Mode when SLACK_APP_TOKEN is set (or --socket), else HTTP on /slack/events (+ GET
/healthz). The port opens at once; the engines (database, memory, model client) warm up behind
it, and the scheduled learning report runs inside the process when RLM_REPORT_CHANNEL is set.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from rlm_bot.commands.argtypes import port
from rlm_bot.config import Settings
from rlm_bot.errors import ConfigError, RlmError

log = logging.getLogger(__name__)
WARM_JOIN_SECONDS = 60  # at shutdown, how long a warm-up still importing is waited for


def configure(parser: argparse.ArgumentParser) -> None:
    """--socket | --http, --port, --host."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--socket", action="store_true", help="Socket Mode (needs SLACK_APP_TOKEN)")
    mode.add_argument("--http", action="store_true", help="HTTP mode on /slack/events")
    parser.add_argument("--port", type=port, default=3000, help="HTTP port (default 3000)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP address (default 0.0.0.0)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve until interrupted (SIGINT / SIGTERM)."""
    # deferred: Slack's SDKs and SQLAlchemy load when serving, not for --help
    from rlm_bot.slack import HttpServer, build_app, socket_mode_handler

    socket_mode = args.socket or (not args.http and bool(settings.slack.app_token))
    if socket_mode and not settings.slack.app_token:
        raise ConfigError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…, with "
                          "connections:write); or run `rlm-bot serve --http`")
    if not settings.database_url:  # a missing data dir is one line now, not a dead bot later
        from rlm_bot.storage import ensure_data_dir  # deferred: loads SQLAlchemy, not for --help

        ensure_data_dir(settings)
    import numpy  # noqa: F401 - imported once here: numpy's first import is not thread-safe,
    # and the warm-up, the report's charts and the first requests would otherwise race for it
    app, bot = build_app(settings, socket_mode=socket_mode)
    _check_token(bot.client)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    server = handler = scheduler = warm = None
    try:
        if socket_mode:
            handler = socket_mode_handler(app, settings.slack.app_token.reveal())
            handler.connect()
            _say(args, "rlm_bot connected to Slack in Socket Mode")
        else:
            try:
                server = HttpServer(app, bot, host=args.host, port=args.port).start()
            except OSError as exc:
                raise ConfigError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
                                  "pick another --port") from None
            _say(args, f"rlm_bot listening on {server.url} (health: /healthz)")
        schedulers: list = []
        warm = threading.Thread(target=_warm, args=(bot, server, settings, schedulers),
                                name="rlm-warm", daemon=True)
        warm.start()
        stop.wait()
        scheduler = schedulers[0] if schedulers else None
    finally:
        _say(args, "rlm_bot stopping")
        if warm is not None:  # an import cut off at interpreter exit would print a traceback
            warm.join(WARM_JOIN_SECONDS)
        if handler is not None:
            handler.close()
        if server is not None:
            server.shutdown()
        bot.close()
    if scheduler is not None:
        scheduler.shutdown(wait=False)
    return 0


def _check_token(client) -> None:
    """Refuse to start with a bot token Slack rejects; an unreachable Slack is only a warning."""
    from slack_sdk.errors import SlackApiError

    try:
        client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else str(exc)
        raise ConfigError(f"Slack refused SLACK_BOT_TOKEN ({error}); copy the Bot User OAuth Token "
                          "(xoxb-…) of the installed app") from None
    except OSError as exc:
        log.warning("cannot reach the Slack Web API yet (%s); serving anyway", exc)


def _warm(bot, server, settings: Settings, schedulers: list) -> None:
    """Open the engines before the first request needs them (the port is already open), then
    start the scheduled report (its charts import matplotlib: not while numpy is importing)."""
    try:
        bot.db  # migrations
        bot.pipeline.warm(workspace=None)  # memory with its model run once, client, router, sandbox
    except RlmError as exc:  # a request will meet (and report) the same failure
        log.warning("warming the engines failed: %s", exc)
    except Exception:  # noqa: BLE001
        log.warning("warming the engines failed", exc_info=True)
    if server is not None:
        server.warm.set()
    scheduler = _scheduler(settings, bot)
    if scheduler is not None:
        schedulers.append(scheduler)


def _scheduler(settings: Settings, bot):
    if not settings.learning.report_channel:
        return None
    # deferred: APScheduler, only when a report channel is set
    from rlm_bot.slack.report_schedule import start_report_scheduler

    try:
        return start_report_scheduler(settings, bot.db, bot.client)
    except Exception:  # noqa: BLE001 - the bot serves without its report
        log.warning("the learning report could not be scheduled", exc_info=True)
        return None


def _say(args: argparse.Namespace, text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
