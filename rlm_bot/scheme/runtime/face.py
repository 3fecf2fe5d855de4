"""What the runtime's primitives need of their session, as a Protocol.

RuntimeSession (session.py) builds its primitive table (table.py) from the modules that
implement the primitives (prims_llm, prims_data, calls, mapasync, recursive, engine); they type
their session as `SessionFace`, so the session imports them and none of them imports the session.
"""

from __future__ import annotations

from typing import Any, Protocol

from rlm_bot.scheme.runtime.budget import BudgetScope
from rlm_bot.scheme.runtime.checkpoints import CheckpointStore
from rlm_bot.scheme.runtime.gateway import Gateway, GatewayReply
from rlm_bot.scheme.runtime.scopelog import ScopeLog
from rlm_bot.scheme.runtime.state import RunState, RuntimeLimits

__all__ = ["SessionFace"]


class SessionFace(Protocol):
    """A runtime session as its primitives see it (RuntimeSession is the one implementation)."""

    gateway: Gateway
    limits: RuntimeLimits
    engine_limits: Any  # the engine's SchemeLimits, or None for the defaults
    engine_session: Any  # the persistent scheme.Session the programs run in
    log: ScopeLog
    depth: int  # how deep in #:recursive child sessions this one is
    contexts: dict[str, Any]
    ctx: Any  # the engine's RunContext of the run in progress
    run: RunState | None
    token_param: Any  # the token-budget parameter
    cost_param: Any  # the cost-budget parameter

    def enter(self, ctx: Any) -> None:
        """Attach the engine's run context of the run that starts."""

    def check(self) -> None:
        """Raise when the run in progress was cancelled or is out of time."""

    def require_run(self) -> RunState:
        """The state of the run in progress (a RuntimeFail outside a run)."""

    def current_scopes(self) -> tuple[BudgetScope, BudgetScope]:
        """The token and cost budget scopes in force on this thread."""

    def checkpoints(self) -> CheckpointStore:
        """The checkpoint store of this session's workspace."""

    def time_left(self) -> float | None:
        """Seconds left before the run's deadline (None: no deadline)."""

    def child(self) -> SessionFace:
        """A child session for a #:recursive call, one level deeper."""

    def add_usage(self, done: GatewayReply) -> None:
        """Charge one finished model call to the run."""

    def status(self) -> dict:
        """Calls in flight, tokens, cost and limits, as `get-status` shows them."""

    def set_context(self, name: str, value: Any) -> None:
        """Fill a context slot (and `context` for the default slot)."""

    def python(self) -> Any:
        """The Python sandbox session of this runtime session."""

    def usage_guide(self) -> str:
        """The usage guide of this session's primitives (what a recursive call's model reads)."""
