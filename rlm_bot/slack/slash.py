"""`/rlm` in Slack: the adapter around rlm_bot.slack.subcommands (which needs no Slack).

Every command is acknowledged at once: help (and an unknown subcommand) in the ack itself,
ephemeral; `ask` (the default, `/rlm what is …`) with an empty ack, then a head message in the
channel and the answer in its thread; every other subcommand with a short "working" ack, then its
answer through `response_url` (ephemeral) from the bot's work pool. `/rlm report`'s charts go to
the requester's DM with the bot: an ephemeral answer cannot carry files, and the channel's thread
would show a private request to everyone.
"""

from __future__ import annotations

import logging
from typing import Any

from rlm_bot.learning.charts import CHART_TITLES, render_charts
from rlm_bot.slack.bot import BotRequest, SlackBot
from rlm_bot.slack.claims import command_key
from rlm_bot.slack.format import neutralize
from rlm_bot.slack.incoming import as_written
from rlm_bot.slack.subcommands import (HELP, CommandContext, CommandReply, Services, execute,
                                       parse, unknown_help)
from rlm_bot.text import clean_text

log = logging.getLogger(__name__)
RESPONSE_CHARS = 3900
BUSY = "I'm busy right now and my queue is full — try again in a minute."


def register_commands(app: Any, bot: SlackBot) -> None:
    """Attach the `/rlm` command listener."""

    @app.command("/rlm")
    def on_rlm(ack: Any, command: dict, respond: Any, client: Any, context: Any) -> None:
        trigger = str(command.get("trigger_id") or "")
        if trigger and not _first_delivery(bot, trigger):
            ack()  # a redelivered command (Socket Mode retry, a second replica): done once
            return
        parsed = parse(clean_text(as_written(str(command.get("text") or ""))))
        if parsed.name == "help":
            ack(response_type="ephemeral", text=HELP)
        elif parsed.name == "unknown":
            ack(response_type="ephemeral", text=unknown_help(parsed.rest))
        elif parsed.name == "ask":
            ack()
            _ask(bot, command, parsed.rest, respond, client, context)
        else:
            ack(response_type="ephemeral", text=f"_working on `/rlm {parsed.name}`…_")
            ctx = context_of(command, context)
            admission = bot.pool.submit(lambda: _run(bot, parsed.name, parsed.rest, ctx, respond))
            if not admission.accepted:
                respond(response_type="ephemeral", replace_original=True, text=BUSY)


def _first_delivery(bot: SlackBot, trigger: str) -> bool:
    """Claim the command by its trigger id; True when this delivery is the first."""
    try:
        return bot.claims.claim(command_key(trigger))
    except Exception:  # noqa: BLE001 - without the store, answering beats dropping the command
        log.warning("could not claim /rlm %s; running it unclaimed", trigger, exc_info=True)
        return True


def context_of(command: dict, context: Any) -> CommandContext:
    """Who sent a slash command, and where."""
    channel = str(command.get("channel_id") or "")
    return CommandContext(workspace=str(context.get("team_id") or command.get("team_id") or "local"),
                          channel=channel, user=str(command.get("user_id") or ""),
                          is_dm=channel.startswith("D"))


def services_of(bot: SlackBot) -> Services:
    """The bot's engines for the subcommands; admins are the settings' and Slack's admins/owners."""
    return Services(pipeline=bot.pipeline, pool_stats=bot.pool.stats,
                    is_admin=lambda user: bot.limits().is_admin(
                        user, slack_user=_slack_user(bot, user), settings=bot.settings.slack))


def _run(bot: SlackBot, name: str, rest: str, ctx: CommandContext, respond: Any) -> None:
    reply = execute(name, rest, ctx, services_of(bot))
    text = reply.text if reply.ok else f":warning: {reply.text}"
    if reply.report is not None:
        text += "\n\n" + _send_charts(bot, ctx, reply)
    try:
        respond(response_type="ephemeral", replace_original=True,
                text=neutralize(text)[:RESPONSE_CHARS])
    except Exception:  # noqa: BLE001
        log.warning("could not answer /rlm %s through response_url", name, exc_info=True)


def _send_charts(bot: SlackBot, ctx: CommandContext, reply: CommandReply) -> str:
    """Upload the report's charts to the requester's DM with the bot; say where they are."""
    import tempfile
    from pathlib import Path

    from slack_sdk.errors import SlackApiError

    try:
        dm = ctx.channel if ctx.is_dm else bot.client.conversations_open(users=ctx.user)["channel"]["id"]
        with tempfile.TemporaryDirectory(prefix="rlm-report-") as tmp:
            paths = render_charts(reply.report, Path(tmp))
            bot.client.files_upload_v2(
                channel=dm, initial_comment="Charts of your `/rlm report`",
                file_uploads=[{"file": str(p), "filename": p.name,
                               "title": CHART_TITLES.get(p.stem, p.stem)} for p in paths])
    except SlackApiError as exc:
        log.info("could not upload the report's charts: %s", exc)
        return "_I could not send you the charts: Slack refused the upload._"
    return "_The charts are in your DM with me._"


def _ask(bot: SlackBot, command: dict, question: str, respond: Any, client: Any,
         context: Any) -> None:
    from slack_sdk.errors import SlackApiError

    if not question:
        respond(response_type="ephemeral", text="Ask me something: `/rlm what is …`")
        return
    ctx = context_of(command, context)
    try:
        head = client.chat_postMessage(channel=ctx.channel, unfurl_links=False,
                                       text=f"<@{ctx.user}> asked: {neutralize(question)}")
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else ""
        respond(response_type="ephemeral", text=(
            "I can't post in this channel" + (f" ({error})" if error else "")
            + " — invite me with `/invite @rlm_bot`, or DM me the question."))
        return
    ts = head.get("ts")
    bot.accept(BotRequest(text=question, user=ctx.user, channel=ctx.channel, team=ctx.workspace,
                          ts=ts, thread_ts=ts, is_dm=ctx.is_dm, source="slack",
                          bot_user_id=context.get("bot_user_id")))


def _slack_user(bot: SlackBot, user: str) -> dict | None:
    try:
        return bot.client.users_info(user=user).get("user")
    except Exception:  # noqa: BLE001 - unknown: not an admin
        return None
