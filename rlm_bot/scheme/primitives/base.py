"""Helpers shared by the primitive modules: registration, contract errors, size checks."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.printer import to_print
from rlm_bot.scheme.runstate import current_run
from rlm_bot.scheme.values import NIL, Pair, Primitive, Procedure

# name -> Primitive or plain value (e.g. `pi`); filled by @prim in every primitive module.
TABLE: dict[str, Any] = {}

PAIR_BYTES = 64  # accounted size of one list cell
SLOT_BYTES = 8  # accounted size of one vector slot


def prim(*names: str, run: bool = False, reenters: bool = False) -> Callable[[Callable], Callable]:
    """Register `fn` as the primitive(s) `names` (`run=True`: receives the RunContext first;
    `reenters=True`: it may call Scheme procedures; detected from the code when not given)."""

    def register(fn: Callable) -> Callable:
        calls_back = reenters or _calls_back(fn)
        for name in names:
            TABLE[name] = Primitive(name, fn, needs_run=run, reenters=calls_back)
        return fn

    return register


# Names whose use marks a primitive as one that applies Scheme procedures.
_REENTRY_NAMES = frozenset({"apply_procedure", "call1", "call2", "call_ec", "sort_items", "apply_slow",
                            "resolve", "guard_value", "argmin", "argmax", "_replace", "hash_ref"})


def _calls_back(fn: Callable) -> bool:
    code = getattr(fn, "__code__", None)
    stack = [code] if code is not None else []
    while stack:
        c = stack.pop()
        if _REENTRY_NAMES & set(c.co_names):
            return True
        stack.extend(k for k in c.co_consts if hasattr(k, "co_names"))
    return False


def show(v: Any) -> str:
    """A short `write` rendering for error messages."""
    return to_print(v, 60)


def contract(who: str, expected: str, given: Any, kind: str = "fail:contract") -> SchemeError:
    """Racket's contract violation error."""
    return SchemeError(f"{who}: contract violation\n  expected: {expected}\n  given: {show(given)}", kind=kind)


def check_int(who: str, v: Any) -> int:
    """An exact integer argument."""
    if type(v) is not int:
        raise contract(who, "exact-integer?", v)
    return v


def check_index(who: str, v: Any) -> int:
    """An exact non-negative integer argument."""
    if type(v) is not int or v < 0:
        raise contract(who, "exact-nonnegative-integer?", v)
    return v


def check_str(who: str, v: Any) -> str:
    """A string argument."""
    if type(v) is not str:
        raise contract(who, "string?", v)
    return v


def check_num(who: str, v: Any) -> Any:
    """A real number argument."""
    t = type(v)
    if t is not int and t is not float and t is not Fraction:
        raise contract(who, "real?", v)
    return v


def check_proc(who: str, v: Any) -> Any:
    """A procedure argument."""
    if not isinstance(v, Procedure):
        raise contract(who, "procedure?", v)
    return v


def to_pylist(who: str, x: Any) -> list:
    """The elements of a proper list argument (contract error otherwise)."""
    out = []
    y = x
    while type(y) is Pair:
        out.append(y.car)
        y = y.cdr
    if y is not NIL:
        raise contract(who, "list?", x)
    return out


def charge(nbytes: int, what: str) -> None:
    """Charge an allocation to the current run (refused before it is built when too big)."""
    current_run().charge_memory(nbytes, what)


def charge_list(n: int, who: str) -> None:
    """Charge a list of `n` cells."""
    if n > 1024:
        charge(n * PAIR_BYTES, f"{who}: a list of {n} elements")


def charge_string(n: int, who: str) -> None:
    """Charge a string of `n` characters."""
    if n > 4096:
        charge(n, f"{who}: a string of {n} characters")
