"""The `/rlm` subcommands without Slack: every front end (the Slack app, `rlm-bot chat`) reads a
line with `parse` and runs it with `execute`, giving who asks where (`CommandContext`) and the
engines (`Services`); the front end only delivers the `CommandReply` (and the report's charts).

    parsed = parse("remember the release train leaves on Thursdays")
    reply = execute(parsed.name, parsed.rest, CommandContext("T1", "C1", "U1"),
                    Services(pipeline, is_admin=lambda user: False))
"""

from rlm_bot.slack.subcommands.dispatch import HELP, SUBCOMMANDS, execute, parse, unknown_help
from rlm_bot.slack.subcommands.types import CommandContext, CommandReply, Parsed, Services

__all__ = ["HELP", "SUBCOMMANDS", "CommandContext", "CommandReply", "Parsed", "Services",
           "execute", "parse", "unknown_help"]
