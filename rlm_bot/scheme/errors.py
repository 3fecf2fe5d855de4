"""Errors of the Scheme engine.

- `SchemeError`: a Scheme exception (`exn:fail` by default, or any value given to `raise`).
  Primitives raise it with a message; `with-handlers` can catch it.
- `SchemeSyntaxError`: the reader or the compiler refused the program (not catchable at run time:
  it happens before the program runs).
- `RuntimeFail`: a host-side failure of a primitive that a program may handle (the RLM runtime's
  errors and the codec's `NotData` derive from it).
- `LimitExceeded`: a per-run limit (steps, time, memory, output, depth) was hit. It derives from
  `BaseException`, so neither `with-handlers` nor a primitive's `except Exception` can swallow it.
- `Finish`: `(finish v)` — ends the run at once with `v`; also a `BaseException`.
"""

from __future__ import annotations

from typing import Any

from rlm_bot.errors import RlmError
from rlm_bot.scheme.values import Exn


class SchemeError(RlmError):
    """A Scheme exception: `message` for people, `value` for `with-handlers` (an `Exn` by default)."""

    def __init__(self, message: str, *, kind: str = "fail", value: Any = None,
                 pos: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self._value = value
        self.pos = pos

    @property
    def value(self) -> Any:
        """The raised Scheme value: an `Exn` unless `raise` was given something else."""
        if self._value is None:
            self._value = Exn(self.message, self.kind, self.pos)
        return self._value

    def located(self) -> str:
        """The message with its source position, as shown to users."""
        if self.pos:
            return f"{self.message} (at line {self.pos[0]}, column {self.pos[1]})"
        return self.message


class RuntimeFail(RlmError):
    """A primitive failed in a way a program may handle: the RLM runtime's primitive table turns
    it into a catchable `exn:fail` (`with-handlers` catches it). Defined here, below the runtime,
    because the codec's `NotData` is one."""


class SchemeSyntaxError(SchemeError):
    """The program cannot be read or compiled; the message names the position."""

    def __init__(self, message: str, pos: tuple[int, int] | None = None) -> None:
        super().__init__(message, kind="fail:read", pos=pos)


class LimitExceeded(BaseException):
    """A per-run limit was exceeded; the run ends (user code cannot catch this)."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit
        self.message = message


class Finish(BaseException):
    """`(finish v)`: end the run now with `v` as its value (user code cannot catch this)."""

    def __init__(self, value: Any) -> None:
        super().__init__("finish")
        self.value = value


class ContinuationJump(BaseException):
    """Internal: an escape continuation was invoked; caught by the `call/cc` that made it."""

    def __init__(self, k: Any, value: Any) -> None:
        super().__init__("continuation")
        self.k = k
        self.value = value
