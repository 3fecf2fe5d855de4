"""Who may see which memory: the one place where isolation is decided.

A request from user U in channel C of workspace W sees
  - W's workspace memories,
  - C's channel memories (channel memories of W only),
  - U's private (dm) memories, and only while U talks to the bot in a DM,
  - shipped seed knowledge (visibility "global"),
and nothing of another workspace. Vector search (a Chroma `where`), keyword search (a SQL
clause) and the final check on every returned record (`allows`) are all built from `Scope`, so the
three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rlm_bot.memory.errors import MemoryStoreError
from rlm_bot.memory.types import GLOBAL_WORKSPACE, KINDS, VISIBILITIES
from rlm_bot.types import Task


def _require(name: str, value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise MemoryStoreError(f"a memory scope needs a {name}; pass --{name} (or set it on the Task)")
    return text


@dataclass(frozen=True)
class Scope:
    """The requester's view: workspace, channel, user and whether this is a DM with the bot."""

    workspace: str
    channel: str
    user: str
    is_dm: bool = False
    include_global: bool = True

    def __post_init__(self) -> None:
        for name in ("workspace", "channel", "user"):
            object.__setattr__(self, name, _require(name, getattr(self, name)))
        if self.workspace == GLOBAL_WORKSPACE:
            raise MemoryStoreError(f"workspace {GLOBAL_WORKSPACE!r} is reserved for seed knowledge")

    @classmethod
    def from_task(cls, task: Task) -> Scope:
        """The scope of one request."""
        return cls(workspace=task.workspace, channel=task.channel, user=task.user, is_dm=task.is_dm)

    def allows(self, meta: Any) -> bool:
        """Whether a record (or a metadata mapping) may be shown to this requester."""
        get = meta.get if isinstance(meta, dict) else lambda k: getattr(meta, k, None)
        visibility = get("visibility")
        if visibility == "global":
            return self.include_global and get("workspace") == GLOBAL_WORKSPACE
        if get("workspace") != self.workspace:
            return False
        if visibility == "workspace":
            return True
        if visibility == "channel":
            return get("channel") == self.channel
        if visibility == "dm":
            return self.is_dm and get("user") == self.user
        return False

    def buckets(self) -> list[str]:
        """The bucket keys this requester may read inside its workspace (see Owner.bucket)."""
        keys = [f"ws:{self.workspace}", f"ch:{self.workspace}:{self.channel}"]
        if self.is_dm:
            keys.append(f"dm:{self.workspace}:{self.user}")
        return keys

    def chroma_where(self, kinds: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The same rule as `allows`, as a Chroma filter over this workspace's own collection
        (another workspace's vectors live in another collection and are never queried)."""
        where: dict[str, Any] = {"bucket": {"$in": self.buckets()}}
        if kinds:
            where = {"$and": [where, kind_filter(kinds)]}
        return where

    def sql_clause(self, table: Any, kinds: tuple[str, ...] | None = None) -> Any:
        """The same rule as `allows`, as a SQLAlchemy boolean clause over the memory table."""
        from sqlalchemy import and_, or_

        visible = [
            table.c.visibility == "workspace",
            and_(table.c.visibility == "channel", table.c.channel == self.channel),
        ]
        if self.is_dm:
            visible.append(and_(table.c.visibility == "dm", table.c.user_id == self.user))
        clause = and_(table.c.workspace == self.workspace, or_(*visible))
        if self.include_global:
            clause = or_(clause, and_(table.c.workspace == GLOBAL_WORKSPACE,
                                      table.c.visibility == "global"))
        if kinds:
            clause = and_(clause, table.c.kind.in_(list(kinds)))
        return clause


@dataclass(frozen=True)
class Owner:
    """Where a new memory belongs: its workspace, channel, author and visibility."""

    workspace: str
    channel: str
    user: str
    visibility: str

    def __post_init__(self) -> None:
        if self.visibility not in VISIBILITIES:
            raise MemoryStoreError(
                f"visibility {self.visibility!r} is unknown; use one of {', '.join(VISIBILITIES)}")
        if self.visibility == "global":
            object.__setattr__(self, "workspace", GLOBAL_WORKSPACE)
            for name in ("channel", "user"):
                object.__setattr__(self, name, (getattr(self, name) or "*").strip() or "*")
            return
        for name in ("workspace", "channel", "user"):
            object.__setattr__(self, name, _require(name, getattr(self, name)))
        if self.workspace == GLOBAL_WORKSPACE:
            raise MemoryStoreError(f"workspace {GLOBAL_WORKSPACE!r} is reserved for seed knowledge")

    @classmethod
    def from_task(cls, task: Task, visibility: str | None = None) -> Owner:
        """Owner of a memory written while answering `task`: private in a DM, else the channel's."""
        chosen = visibility or ("dm" if task.is_dm else "channel")
        if chosen == "global":
            raise MemoryStoreError("a request cannot write global memories; only seed knowledge is global")
        return cls(workspace=task.workspace, channel=task.channel, user=task.user, visibility=chosen)

    @property
    def bucket(self) -> str:
        """One key saying who may read this memory: ws:W, ch:W:C, dm:W:U or global."""
        if self.visibility == "global":
            return "global"
        if self.visibility == "workspace":
            return f"ws:{self.workspace}"
        if self.visibility == "channel":
            return f"ch:{self.workspace}:{self.channel}"
        return f"dm:{self.workspace}:{self.user}"


def kind_filter(kinds: tuple[str, ...]) -> dict[str, Any]:
    """Chroma filter on memory kinds."""
    return {"kind": kinds[0]} if len(kinds) == 1 else {"kind": {"$in": list(kinds)}}


def check_kind(kind: str) -> str:
    """Validate a memory kind."""
    if kind not in KINDS:
        raise MemoryStoreError(f"kind {kind!r} is unknown; use one of {', '.join(KINDS)}")
    return kind
