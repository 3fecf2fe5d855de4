"""The MCP server: the Scheme orchestration sandbox as tools for other agents (stdio).

One runtime session per server process: definitions, context slots and the Python namespace
persist across `execute_scheme` calls until `reset`. Runs execute on a worker thread, so
`get_status`, `get_scope_log` and `cancel_call` answer while a program is running.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from rlm_bot.config import Settings
from rlm_bot.errors import RlmError

SERVER_NAME = "rlm-scheme"
DEFAULT_TIMEOUT_S = 60.0
MAX_TIMEOUT_S = 600.0
SCOPE_LOG_DEFAULT = 50
INSTRUCTIONS = ("A sandboxed Racket-flavoured Scheme for orchestrating LLM calls: fan-out with "
                "map-async, budgets, checkpoints, a Python bridge and 16 preloaded patterns. "
                "Read get_usage_guide first; state persists across execute_scheme calls until reset.")


class SandboxHost:
    """The runtime session behind the tools, created on first use."""

    def __init__(self, settings: Settings, workspace: str | None = None) -> None:
        self.settings = settings
        self.workspace = workspace
        self._session = None
        self._lock = threading.Lock()  # one program at a time per session
        self._make_lock = threading.Lock()

    def session(self):
        """The runtime session (built lazily: importing the engine and client takes time)."""
        with self._make_lock:
            if self._session is None:
                # deferred: the Scheme engine loads on first use; `initialize` is answered at once
                from rlm_bot.scheme.runtime import open_session

                self._session = open_session(self.settings, workspace=self.workspace)
            return self._session

    def warm(self) -> None:
        """Open the session and the model client ahead of the first call (best effort)."""
        try:
            warm = getattr(self.session().gateway, "warm", None)
            if warm is not None:
                warm()
        except Exception:  # noqa: BLE001 - the first real call reports any problem clearly
            pass

    def execute(self, code: str, timeout: float) -> dict:
        """Run one program; the result as plain data."""
        with self._lock:
            outcome = self.session().execute(code, timeout=timeout)
        return outcome.to_dict()

    def load_context(self, data: str, name: str, as_json: bool) -> None:
        """Fill a context slot directly (no program runs, so the data's size is not a source)."""
        # deferred: the Scheme engine loads on first use; `initialize` is answered at once
        from rlm_bot.scheme.codec import from_json
        from rlm_bot.scheme.runtime.prims_data import MAX_CONTEXT_BYTES, check_slot_name

        if len(data.encode("utf-8")) > MAX_CONTEXT_BYTES:
            raise ValueError(f"context is larger than {MAX_CONTEXT_BYTES} bytes")
        value = from_json(json.loads(data)) if as_json else data
        with self._lock:
            self.session().set_context(check_slot_name(name), value)

    def reset(self) -> None:
        """Forget everything the session holds."""
        if self._session is not None:
            with self._lock:
                self._session.reset()

    def close(self) -> None:
        """Release the session, the Python worker and the model client's connections."""
        if self._session is not None:
            self._session.close()
            self._session.gateway.close()
        # deferred: the Scheme engine loads on first use; `initialize` is answered at once
        from rlm_bot.scheme.runtime import close_model_clients

        close_model_clients()


def build_server(settings: Settings, *, workspace: str | None = None):
    """The MCPServer with every tool registered."""
    from mcp.server import MCPServer

    host = SandboxHost(settings, workspace)
    server = MCPServer(SERVER_NAME, instructions=INSTRUCTIONS)
    # build the session and load the model profiles while the client is still handshaking
    threading.Thread(target=host.warm, name="rlm-mcp-warm", daemon=True).start()

    @server.tool()
    def get_usage_guide() -> str:
        """How to write programs for this sandbox: rules, every primitive, the 16 patterns."""
        # deferred: the Scheme engine loads on first use; `initialize` is answered at once
        from rlm_bot.scheme.runtime.guide import usage_guide

        return usage_guide()

    @server.tool()
    def get_pattern_doc(name: str = "") -> str:
        """One pattern's doc page (problem, when to use, example, cost and latency model), or
        with no name the list of the 16 patterns and their procedures."""
        # deferred: the Scheme engine loads on first use; `initialize` is answered at once
        from rlm_bot.scheme.patterns import by_name, catalog
        from rlm_bot.scheme.runtime.guide import seed_docs

        if not name:
            return "\n".join(f"- {p.name} ({p.procedure}): {p.summary}" for p in catalog())
        pattern = by_name(name.strip())
        if pattern is None:
            return f"no pattern named {name!r}; call get_pattern_doc() for the list"
        return seed_docs()[pattern.doc]

    @server.tool()
    def get_code_generation_api_reference() -> str:
        """The API reference (signatures and examples of every primitive) for code generation."""
        # deferred: the Scheme engine loads on first use; `initialize` is answered at once
        from rlm_bot.scheme.runtime.guide import api_reference

        return api_reference()

    @server.tool()
    async def plan_strategy(task: str, data_characteristics: dict[str, Any] | None = None,
                            constraints: dict[str, Any] | None = None, priority: str = "balanced",
                            use_model: bool = False) -> str:
        """Plan a task: primary strategy, two alternatives, one experimental, each with a program
        (use_model: let the strongest model re-rank the options; costs one short call)."""
        # deferred: the Scheme engine loads on first use; `initialize` is answered at once
        from rlm_bot.scheme.runtime.planner import model_asker, plan_strategy as plan

        def build():
            ask = model_asker(host.session().gateway.client) if use_model else None
            return plan(task, data_characteristics, constraints, priority, ask=ask)

        try:
            result = await asyncio.to_thread(build)
        except ValueError as exc:
            return json.dumps({"ok": False, "error": str(exc)})
        return json.dumps({"ok": True, **result.to_dict()})

    @server.tool()
    async def execute_scheme(code: str, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Run a Scheme program in the session; returns {ok, value, error, output, tokens, cost}."""
        if not isinstance(timeout, (int, float)) or not 0 < timeout <= MAX_TIMEOUT_S:
            return json.dumps({"ok": False, "error": f"timeout must be between 0 and {MAX_TIMEOUT_S} seconds"})
        result = await asyncio.to_thread(host.execute, code, float(timeout))
        return json.dumps(result, default=str)

    @server.tool()
    async def load_context(data: str, name: str = "context", as_json: bool = False) -> str:
        """Put data in a context slot (default `context`, also visible to Python); with
        as_json, the data is parsed as JSON first (objects become hash tables)."""
        try:
            await asyncio.to_thread(host.load_context, data, name, as_json)
        except (ValueError, RlmError) as exc:
            return json.dumps({"ok": False, "error": " ".join(str(exc).split())[:300]})
        return json.dumps({"ok": True, "name": name, "chars": len(data)})

    @server.tool()
    def reset() -> str:
        """Forget definitions, contexts, the Python namespace and the scope log."""
        host.reset()
        return json.dumps({"ok": True})

    @server.tool()
    def get_status() -> str:
        """Calls in flight, tokens and cost (run and session), limits and rate-limit state."""
        return json.dumps(host.session().status(), default=str)

    @server.tool()
    def get_scope_log(last: int = SCOPE_LOG_DEFAULT) -> str:
        """The newest scope-log entries: model calls, unwraps, py-* calls, checkpoints."""
        entries = host.session().log.entries(max(1, min(int(last), 2000)))
        return json.dumps([e.to_dict() for e in entries])

    @server.tool()
    def cancel_call(call_id: str) -> str:
        """Cancel one in-flight model call by its id (as shown in the scope log and status)."""
        return json.dumps({"ok": True, "cancelled": host.session().cancel_call(call_id)})

    server.host = host  # type: ignore[attr-defined]
    return server
