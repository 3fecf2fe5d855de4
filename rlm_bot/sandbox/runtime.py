"""Execute compiled sandbox code in this process and build a bounded, JSON-only reply.

Runs inside a confined child process (see worker.py); it is also importable in-process for the
benchmark's side-by-side comparison. Output and values are truncated here, before anything is
sent, so the host never receives or post-processes a giant string.
"""

from __future__ import annotations

import datetime
import decimal
import fractions
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from rlm_bot.sandbox import audit, helpers, sandbox_builtins
from rlm_bot.sandbox.compiler import VALUE_NAME, compile_sandboxed
from rlm_bot.sandbox.files import FileRoot
from rlm_bot.sandbox.policy import guarded_getattr, is_sandbox_class

MAX_ERROR_CHARS = 2_000
MAX_VALUE_DEPTH = 100  # nesting levels of a returned value (the host decodes it)
_TRUNCATED_NOTE = "\n... [output truncated at {limit:,} bytes]"
_NO_VALUE = object()
_RESERVE_BYTES = 512 * 1024
FLOOD_FACTOR = 8  # printing this many times the output limit ends the run


class BoundedOutput:
    """The PrintCollector of a run: every `print` lands here, up to `limit` characters."""

    def __init__(self, limit: int, on_flood: Callable[[], None] | None = None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.truncated = False
        self.dropped = 0
        self.on_flood = on_flood

    def write(self, text: Any) -> None:
        """Append text, dropping whatever exceeds the limit."""
        text = text if type(text) is str else str(text)
        if self.truncated:
            self.dropped += len(text)
            if self.on_flood is not None and self.dropped > FLOOD_FACTOR * self.limit:
                self.on_flood()
            return
        room = self.limit - self.size
        if len(text) > room:
            self.parts.append(text[:room])
            self.size = self.limit
            self.truncated = True
            return
        self.parts.append(text)
        self.size += len(text)

    def flush(self) -> None:
        """print(..., flush=True) support."""

    def __call__(self) -> str:
        return "".join(self.parts)

    def _call_print(self, *objects: Any, **kwargs: Any) -> None:
        if kwargs.get("file") is None:
            kwargs["file"] = self
        else:
            guarded_getattr(kwargs["file"], "write")
        print(*objects, **kwargs)

    def text(self) -> str:
        """The collected output with a truncation note when it was cut."""
        out = "".join(self.parts)
        if self.truncated:
            out += _TRUNCATED_NOTE.format(limit=self.limit)
        return out


def _default(obj: Any) -> Any:
    """JSON fallback for the types sandbox code commonly returns; neutral text otherwise."""
    if isinstance(obj, (set, frozenset)):
        items = list(obj)
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(obj, (tuple, deque, range)) or type(obj).__name__ == "dict_keys" \
            or type(obj).__name__ in {"dict_values", "dict_items"}:
        return list(obj)
    if isinstance(obj, (datetime.date, datetime.time)):
        return obj.isoformat()
    if isinstance(obj, datetime.timedelta):
        return str(obj)
    if isinstance(obj, decimal.Decimal):
        return str(obj)
    if isinstance(obj, fractions.Fraction):
        return str(obj)
    if isinstance(obj, complex):
        return str(obj)
    if isinstance(obj, (bytes, bytearray)):
        return obj.decode("utf-8", "replace")
    if isinstance(obj, type):
        return f"<type {obj.__name__}>"
    if is_sandbox_class(type(obj)) and hasattr(obj, "__dict__"):
        # objects the code defined itself cross as their public fields
        return {k: v for k, v in obj.__dict__.items() if isinstance(k, str) and not k.startswith("_")}
    if callable(obj):
        return f"<function {getattr(obj, '__name__', type(obj).__name__)}>"
    return f"<{type(obj).__name__} object>"


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _too_deep(value: Any, limit: int) -> bool:
    stack = [(value, 0)]
    seen = 0
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        seen += 1
        if seen > 1_000_000:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple, set, frozenset, deque)):
            stack.extend((v, depth + 1) for v in item)
    return False


def encode_value(value: Any, limit: int) -> tuple[str | None, bool]:
    """JSON text of `value` (None when it cannot be encoded) and whether it was truncated."""
    value = _finite(value)
    if _too_deep(value, MAX_VALUE_DEPTH):
        return json.dumps(f"<value nested deeper than {MAX_VALUE_DEPTH} levels>"), True
    try:
        text = json.dumps(value, default=_default, ensure_ascii=False, allow_nan=False)
    except ValueError:
        text = json.dumps(str(value)[:limit])
    except RecursionError:
        return json.dumps("<value nested too deeply to encode>"), True
    if len(text) > limit:
        return json.dumps(text[:limit] + "..."), True
    return text, False


_CLASS_REPR = re.compile(r"<class '([^'<>]{1,200})'>")


def _neutral(text: str | None) -> str | None:
    """Render interpreter class reprs (`<class 'int'>`) in the sandbox's neutral form
    (`<class int>`, as classes defined inside already print), so no text a run returns shows
    the host's class paths, whichever way it was produced (print, f-string, repr, an error)."""
    if not text or "<class '" not in text:
        return text
    return _CLASS_REPR.sub(r"<class \1>", text)


def _error_text(exc: BaseException) -> str:
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - sandbox-defined exceptions may misbehave
        message = ""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<sandbox>":
            line = tb.tb_lineno
        tb = tb.tb_next
    name = type(exc).__name__
    text = f"{name}: {message}" if message else name
    if line is not None:
        text = f"{text} (line {line})"
    return text[:MAX_ERROR_CHARS]


class Runner:
    """One sandbox namespace (fresh per run, kept across calls in a session)."""

    def __init__(self, *, max_output: int, files: FileRoot | None = None,
                 files_refusal: str = "no file access in this sandbox",
                 keep_namespace: bool = False,
                 abort: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.max_output = max_output
        self.keep_namespace = keep_namespace
        self._abort = abort
        self._started = time.perf_counter()
        self._output = BoundedOutput(max_output)
        extra = helpers.sandbox_helpers(files, files_refusal)
        self._builtins = sandbox_builtins.build_builtins(extra)
        self.globals = sandbox_builtins.build_globals(self._builtins, self._print_factory)
        self._reserve: bytearray | None = bytearray(_RESERVE_BYTES)

    def _print_factory(self, _getattr_: Any = None) -> BoundedOutput:
        return self._output

    def set(self, name: str, value: Any) -> None:
        """Bind a JSON-decoded value to a name in the namespace."""
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise ValueError(f"invalid variable name {name!r}")
        self.globals[name] = value

    def execute(self, source: str, *, inputs: dict[str, Any] | None = None,
                result_fallback: bool = True,
                require_expression: bool = False) -> dict[str, Any]:
        """Compile and run `source`; return the reply dict (never raises)."""
        started = self._started = time.perf_counter()
        self._output = BoundedOutput(self.max_output, self._flood if self._abort else None)
        decimal.setcontext(decimal.Context())
        compiled = compile_sandboxed(source)
        if compiled.code is None:
            return self._reply(False, None, "; ".join(compiled.errors)[:MAX_ERROR_CHARS],
                               "SyntaxError", started)
        if require_expression and not compiled.has_value:
            return self._reply(False, None, "SyntaxError: eval needs code ending in an expression",
                               "SyntaxError", started)
        for name, value in (inputs or {}).items():
            self.set(name, value)
        self.globals.pop(VALUE_NAME, None)
        if self._reserve is None:
            self._reserve = bytearray(_RESERVE_BYTES)
        try:
            with audit.guarding():
                exec(compiled.code, self.globals)  # noqa: S102 - restricted code, guarded globals
        except MemoryError:
            self._reserve = None
            return self._reply(False, None, "MemoryError: the sandbox memory limit was reached",
                               "MemoryError", started)
        except RecursionError:
            self._reserve = None
            return self._reply(False, None, "RecursionError: maximum recursion depth exceeded",
                               "RecursionError", started)
        except BaseException as exc:  # noqa: BLE001 - SystemExit/KeyboardInterrupt included
            self._reserve = None
            return self._reply(False, None, _error_text(exc), type(exc).__name__, started)
        value: Any = _NO_VALUE
        if compiled.has_value:
            value = self.globals.pop(VALUE_NAME, None)
        elif result_fallback and "result" in self.globals:
            value = self.globals["result"]
        return self._reply(True, value, None, None, started)

    def _flood(self) -> None:
        reply = self._reply(False, None, "OutputLimitExceeded: the code kept printing after the "
                            f"output limit ({self.max_output:,} characters); it was stopped",
                            "OutputLimitExceeded", self._started)
        self._abort(reply)

    def _reply(self, ok: bool, value: Any, error: str | None, error_type: str | None,
               started: float) -> dict[str, Any]:
        try:
            output = self._output.text()
            value_json, value_truncated = (None, False) if value is _NO_VALUE or value is None \
                else encode_value(value, self.max_output)
        except MemoryError:
            output, value_json, value_truncated = "", None, True
            ok, error, error_type = False, "MemoryError: the sandbox memory limit was reached", \
                "MemoryError"
        except BaseException as exc:  # noqa: BLE001
            value_json, value_truncated = None, True
            output = ""
            ok, error, error_type = False, f"cannot encode the value: {type(exc).__name__}", \
                "ValueError"
        output, value_json, error = (_neutral(output), _neutral(value_json), _neutral(error))
        return {
            "ok": ok, "output": output, "value": value_json, "error": error,
            "error_type": error_type, "truncated": self._output.truncated or value_truncated,
            "duration_ms": round((time.perf_counter() - started) * 1000, 3),
        }
