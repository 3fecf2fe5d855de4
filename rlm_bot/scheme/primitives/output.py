"""Output: display/write/print/printf/format into the run's bounded output, string ports, ~a."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme import evaluator as ev
from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.ports import CURRENT_OUTPUT, OutputPort
from rlm_bot.scheme.primitives.base import charge_string, check_num, check_str, contract, prim
from rlm_bot.scheme.primitives.equality import equal
from rlm_bot.scheme.printer import format_number, to_display, to_print, to_write
from rlm_bot.scheme.runstate import TLS, current_run
from rlm_bot.scheme.values import VOID, Char, Pair, Symbol, list_to_py

_ERROR_PORT = object()  # current-error-port: output there is discarded


def _port(port: Any) -> Any:
    if port is None:
        st = TLS.st
        current = st.params.get(CURRENT_OUTPUT)
        return current if current is not None else st.run.output
    if isinstance(port, OutputPort):
        return port
    if port is _ERROR_PORT:
        return None
    raise contract("write", "output-port?", port)


def _emit(text: str, port: Any) -> Any:
    target = _port(port)
    if target is not None:
        target.write(text)
    return VOID


@prim("display")
def display(v, port=None):
    """(display v [port])"""
    return _emit(to_display(v), port)


@prim("displayln")
def displayln(v, port=None):
    """(displayln v [port])"""
    return _emit(to_display(v) + "\n", port)


@prim("write")
def write(v, port=None):
    """(write v [port])"""
    return _emit(to_write(v), port)


@prim("writeln")
def writeln(v, port=None):
    """(writeln v [port])"""
    return _emit(to_write(v) + "\n", port)


@prim("print")
def print_(v, port=None):
    """(print v [port])"""
    return _emit(to_print(v), port)


@prim("println")
def println(v, port=None):
    """(println v [port])"""
    return _emit(to_print(v) + "\n", port)


@prim("newline")
def newline(port=None):
    """(newline [port])"""
    return _emit("\n", port)


@prim("write-string")
def write_string(s, port=None):
    """(write-string s [port])"""
    return _emit(check_str("write-string", s), port)


@prim("write-char")
def write_char(c, port=None):
    """(write-char c [port])"""
    if type(c) is not Char:
        raise contract("write-char", "char?", c)
    return _emit(c.ch, port)


def format_string(who: str, fmt: Any, args: list) -> str:
    """Racket `format`: ~a ~s ~v ~e ~c ~b ~o ~x ~n ~% ~~."""
    if type(fmt) is not str:
        raise contract(who, "string?", fmt)
    out, i, n, k = [], 0, len(fmt), 0
    while i < n:
        ch = fmt[i]
        if ch != "~":
            j = fmt.find("~", i)
            j = n if j < 0 else j
            out.append(fmt[i:j])
            i = j
            continue
        if i + 1 >= n:
            raise SchemeError(f"{who}: ill-formed pattern string: ends with ~", kind="fail:contract")
        d = fmt[i + 1].lower()
        i += 2
        if d in "n%":
            out.append("\n")
            continue
        if d == "~":
            out.append("~")
            continue
        if d in " \t\n":
            while i < n and fmt[i] in " \t\n":
                i += 1
            continue
        if d not in "asvecbox":
            raise SchemeError(f"{who}: ill-formed pattern string: unknown directive ~{fmt[i - 1]}",
                              kind="fail:contract")
        if k >= len(args):
            raise SchemeError(f"{who}: format string requires more arguments than the {len(args)} given",
                              kind="fail:contract")
        v = args[k]
        k += 1
        if d == "a":
            out.append(to_display(v))
        elif d in "se":
            out.append(to_write(v))
        elif d == "v":
            out.append(to_print(v))
        elif d == "c":
            if type(v) is not Char:
                raise contract(who, "char?", v)
            out.append(v.ch)
        else:
            out.append(format_number(check_num(who, v), {"b": 2, "o": 8, "x": 16}[d]))
        if sum(len(p) for p in out[-1:]) > 4096:
            charge_string(sum(len(p) for p in out), who)
    if k != len(args):
        raise SchemeError(f"{who}: format string requires {k} arguments, given {len(args)}",
                          kind="fail:contract")
    return "".join(out)


@prim("format")
def format_(fmt, *args):
    """(format form v ...)"""
    return format_string("format", fmt, list(args))


@prim("printf")
def printf(fmt, *args):
    """(printf form v ...)"""
    return _emit(format_string("printf", fmt, list(args)), None)


@prim("fprintf")
def fprintf(port, fmt, *args):
    """(fprintf port form v ...)"""
    return _emit(format_string("fprintf", fmt, list(args)), port)


@prim("eprintf")
def eprintf(fmt, *args):
    """(eprintf form v ...): standard error is not collected"""
    format_string("eprintf", fmt, list(args))
    return VOID


@prim("current-output-port")
def current_output_port():
    """(current-output-port)"""
    return current_run().current_output()


@prim("current-error-port")
def current_error_port():
    """(current-error-port): writes there are discarded"""
    return _ERROR_PORT


@prim("open-output-string")
def open_output_string(name=None):
    """(open-output-string): a string port bounded by the memory limit"""
    ctx = current_run()
    return OutputPort(ctx.limits.max_memory_bytes, ctx, main=False)


@prim("get-output-string")
def get_output_string(port):
    """(get-output-string port)"""
    if not isinstance(port, OutputPort) or port.main:
        raise contract("get-output-string", "string port", port)
    return port.getvalue()


@prim("output-port?")
def output_port_p(v):
    """(output-port? v)"""
    return isinstance(v, OutputPort) or v is _ERROR_PORT


@prim("with-output-to-string")
def with_output_to_string(thunk):
    """(with-output-to-string thunk): collect what thunk displays"""
    port = open_output_string()
    st = TLS.st
    old = st.params
    st.params = {**old, CURRENT_OUTPUT: port}
    try:
        ev.apply_procedure(thunk, [])
    finally:
        TLS.st.params = old
    return port.getvalue()


@prim("call-with-output-string")
def call_with_output_string(proc):
    """(call-with-output-string proc): proc receives a string port"""
    port = open_output_string()
    ev.apply_procedure(proc, [port])
    return port.getvalue()


def _repeat(pad: str, n: int) -> str:
    if not pad:
        return " " * n
    return (pad * (n // len(pad) + 1))[:n]


def _pad(s: str, width: Any, align: Any, left_pad: str, right_pad: str) -> str:
    if width is None or type(width) is not int or len(s) >= width:
        return s
    charge_string(width, "~a padding")
    room = width - len(s)
    how = align.name if type(align) is Symbol else "left"
    if how == "right":
        return _repeat(left_pad, room) + s
    if how == "center":
        left = room // 2
        return _repeat(left_pad, left) + s + _repeat(right_pad, room - left)
    return s + _repeat(right_pad, room)


def _tilde(name: str, render: Any) -> None:
    def f(*vs, separator="", width=None, max_width=None, min_width=None, limit_marker="",
          align=Symbol.intern("left"), pad_string=" ", left_pad_string=None, right_pad_string=None,
          limit_prefix_p=False):
        s = check_str(name, separator).join(render(v) for v in vs)
        lo = width if width is not None else min_width
        hi = width if width is not None else max_width
        if hi is not None and len(s) > hi:
            s = s[: max(0, hi - len(limit_marker))] + limit_marker if hi >= len(limit_marker) else s[:hi]
        return _pad(s, lo, align, left_pad_string or pad_string, right_pad_string or pad_string)

    f.__doc__ = f"({name} v ... #:separator #:width #:min-width #:max-width #:align #:pad-string)"
    prim(name)(f)


_tilde("~a", to_display)
_tilde("~s", to_write)
_tilde("~v", to_print)
_tilde("~e", to_write)


@prim("~r")
def tilde_r(x, *, precision=None, min_width=1, pad_string=" ", base=10, notation=None,
            sign=None, format_exponent=None):
    """(~r x #:precision p #:min-width w #:pad-string s #:base b)"""
    from fractions import Fraction

    check_num("~r", x)
    exact_digits = False
    if type(precision) is Pair:
        items = list_to_py(precision) or []
        precision, exact_digits = items[-1], True
    if base != 10 and type(x) is int:
        s = format_number(x, base)
    elif precision is None:
        s = format_number(x) if type(x) is not Fraction else format_number(float(x))
        if s.endswith(".0") and type(x) is float:
            s = s[:-2] if precision is None and float(x).is_integer() else s
    else:
        s = f"{float(x):.{int(precision)}f}"
        if not exact_digits and "." in s:
            s = s.rstrip("0").rstrip(".") if type(x) is not int else s.split(".")[0]
            if "." not in s and type(x) is float and precision and not float(x).is_integer():
                pass
    return _pad(s, min_width, Symbol.intern("right"), pad_string, pad_string)



@prim("flush-output")
def flush_output(port=None):
    """(flush-output [port]): output is collected, so nothing to flush"""
    return VOID


@prim("check-equal?")
def check_equal(actual, expected, message=None):
    """(check-equal? actual expected [message]) — rackunit; a failure is a Scheme error"""
    if not equal(actual, expected):
        raise _check_failure("check-equal?", actual, expected, message)
    return VOID


@prim("check-not-equal?")
def check_not_equal(actual, expected, message=None):
    """(check-not-equal? actual expected [message])"""
    if equal(actual, expected):
        raise _check_failure("check-not-equal?", actual, expected, message)
    return VOID


@prim("check-true")
def check_true(v, message=None):
    """(check-true v [message])"""
    if v is not True:
        raise _check_failure("check-true", v, True, message)
    return VOID


@prim("check-false")
def check_false(v, message=None):
    """(check-false v [message])"""
    if v is not False:
        raise _check_failure("check-false", v, False, message)
    return VOID


@prim("check-not-false")
def check_not_false(v, message=None):
    """(check-not-false v [message])"""
    if v is False:
        raise _check_failure("check-not-false", v, True, message)
    return VOID


def _check_failure(name: str, actual: Any, expected: Any, message: Any) -> SchemeError:
    note = f" ({message})" if type(message) is str else ""
    return SchemeError(f"{name} failed{note}: actual {to_print(actual, 80)}, expected {to_print(expected, 80)}",
                       kind="fail")
