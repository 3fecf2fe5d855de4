"""The root exception of rlm_bot and its small, user-facing subclasses.

Every message says what went wrong and, where it can, what to do next. Engines raise these;
the CLI prints `error: <message>` and exits 1, the Slack app answers with a short friendly line.
"""

from __future__ import annotations


class RlmError(Exception):
    """Root of every error rlm_bot raises on purpose."""


class ConfigError(RlmError):
    """A setting is missing or invalid; the message names the variable to set."""


class StorageError(RlmError):
    """The SQL store cannot be reached or migrated."""


class UsageError(RlmError):
    """A command was called with arguments that do not fit (CLI exit code 2)."""


class NotBuiltError(RlmError):
    """A command of the CLI contract whose capability is not part of this build yet."""
