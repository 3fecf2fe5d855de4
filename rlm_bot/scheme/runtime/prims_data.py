"""Data primitives: checkpoints, context slots, the Python bridge and the scope log."""

from __future__ import annotations

import time
from typing import Any

from rlm_bot.scheme import codec
from rlm_bot.scheme.runtime.errors import BridgeError, CheckpointError, RuntimeFail
from rlm_bot.scheme.runtime.face import SessionFace
from rlm_bot.scheme.runtime.syntax import unwrap
from rlm_bot.scheme.values import VOID, make_list


DEFAULT_CONTEXT = "context"
MAX_CONTEXT_SLOTS = 64
MAX_CONTEXT_BYTES = 8 * 1024 * 1024


class DataPrimitives:
    """Bound to one RuntimeSession; each method is a primitive taking the run context first."""

    def __init__(self, session: SessionFace) -> None:
        self.s = session

    # (checkpoint! key value)
    def checkpoint(self, ctx, key, value):
        """Save data under key in this workspace's checkpoint store (overwrites)."""
        self.s.enter(ctx)
        started = time.monotonic()
        try:
            encoded = codec.encode(unwrap(value))
            size = self.s.checkpoints().put(key, encoded)
        except (CheckpointError, codec.NotData) as exc:
            self.s.log.add("checkpoint!", key, started=started, ok=False, error=str(exc),
                           depth=self.s.depth)
            raise CheckpointError(f"checkpoint!: {exc}") from None
        self.s.log.add("checkpoint!", f"{key} ({size} bytes)", started=started, depth=self.s.depth)
        return VOID

    # (restore key) -> value or #f
    def restore(self, ctx, key):
        """The data saved under key in this workspace, or #f when there is none."""
        self.s.enter(ctx)
        started = time.monotonic()
        try:
            found, encoded = self.s.checkpoints().get(key)
            value = codec.decode(encoded) if found else False
        except (CheckpointError, codec.NotData) as exc:
            self.s.log.add("restore", key, started=started, ok=False, error=str(exc),
                           depth=self.s.depth)
            raise CheckpointError(f"restore: {exc}") from None
        self.s.log.add("restore", f"{key} ({'found' if found else 'absent'})", started=started,
                       depth=self.s.depth)
        return value

    # (load-context data [name])
    def load_context(self, ctx, data, name=DEFAULT_CONTEXT):
        """Store data in a context slot (default `context`, also mirrored to Python)."""
        self.s.enter(ctx)
        name = check_slot_name(name)
        if len(self.s.contexts) >= MAX_CONTEXT_SLOTS and name not in self.s.contexts:
            raise RuntimeFail(f"at most {MAX_CONTEXT_SLOTS} context slots per session")
        self.s.set_context(name, unwrap(data))
        return VOID

    # (get-context name)
    def get_context(self, ctx, name=DEFAULT_CONTEXT):
        """The data in a context slot, or #f when the slot is empty."""
        self.s.enter(ctx)
        return self.s.contexts.get(check_slot_name(name), False)

    # (py-exec code) -> captured output
    def py_exec(self, ctx, code):
        """Run Python statements in the sandbox; returns what they printed."""
        self.s.enter(ctx)
        code = _code_arg(code, "py-exec")
        return self._bridge("py-exec", code, lambda py: py.exec(code))

    # (py-eval expr) -> value
    def py_eval(self, ctx, expr):
        """Evaluate a Python expression in the sandbox; its value as Scheme data."""
        self.s.enter(ctx)
        expr = _code_arg(expr, "py-eval")
        return self._bridge("py-eval", expr, lambda py: codec.from_python(py.eval(expr), strict=True))

    # (py-set! name value)
    def py_set(self, ctx, name, value):
        """Bind a Python variable in the sandbox namespace to Scheme data."""
        self.s.enter(ctx)
        name = unwrap(name)
        name = getattr(name, "name", name)
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise BridgeError(f"py-set!: {name!r} is not a public Python identifier")
        try:
            data = codec.to_python(unwrap(value), strict=True)
        except codec.NotData as exc:
            raise BridgeError(f"py-set!: {exc}") from None
        return self._bridge("py-set!", f"{name} = …", lambda py: (py.set(name, data), VOID)[1])

    def _bridge(self, kind: str, code: str, op) -> Any:
        started = time.monotonic()
        run = self.s.require_run()
        try:
            with run.eval_lock.released(self.s.check):
                result = op(self.s.python())
        except RuntimeFail as exc:
            self.s.log.add(kind, code, started=started, ok=False, error=str(exc), depth=self.s.depth)
            raise BridgeError(f"{kind}: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - a sandbox error is one catchable line
            message = " ".join(str(exc).split())[:300] or type(exc).__name__
            self.s.log.add(kind, code, started=started, ok=False, error=message, depth=self.s.depth)
            raise BridgeError(f"{kind}: {message}") from None
        self.s.log.add(kind, code, started=started, depth=self.s.depth)
        return result

    # (get-scope-log [n]) -> list of hashes
    def get_scope_log(self, ctx, last=None):
        """The scope log entries of this session (the last n when given), oldest first."""
        self.s.enter(ctx)
        if last is not None and (type(last) is not int or last < 1):
            raise RuntimeFail(f"get-scope-log: n must be a positive integer, got {last!r}")
        entries = self.s.log.entries(last)
        return make_list([codec.from_python(e.to_dict(), strict=True, symbol_keys=True) for e in entries])


def check_slot_name(name: Any) -> str:
    """A valid context slot name (string or symbol, 1-64 characters)."""
    name = unwrap(name)
    name = getattr(name, "name", name)
    if not isinstance(name, str) or not name or len(name) > 64:
        raise RuntimeFail("a context name must be a non-empty string or symbol of at most 64 characters")
    return name


def _code_arg(code: Any, who: str) -> str:
    code = unwrap(code)
    if not isinstance(code, str):
        raise BridgeError(f"{who} needs a string of Python code")
    return code
