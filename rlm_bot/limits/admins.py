"""Who may set budgets: the configured admins, and the workspace's admins and owners."""

from __future__ import annotations

from typing import Any

OWNER_FLAGS = ("is_admin", "is_owner", "is_primary_owner")


def is_admin(user: str, *, slack_user: dict[str, Any] | None = None, settings: Any) -> bool:
    """True when `user` is in the settings' admins or its Slack users.info record says admin/owner.

    `settings` is the SlackSettings (or the whole Settings); `slack_user` is the users.info
    response or its "user" object; a record of another user, or of a deleted one, never counts.
    """
    admins = getattr(getattr(settings, "slack", settings), "admins", ())
    if user and user in admins:
        return True
    if not user or not slack_user:
        return False
    record = slack_user.get("user") if isinstance(slack_user.get("user"), dict) else slack_user
    if record.get("id") not in (None, user) or record.get("deleted") is True:
        return False
    return any(record.get(flag) is True for flag in OWNER_FLAGS)
