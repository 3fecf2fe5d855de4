"""Printer: Racket's `display`, `write` and `print` (REPL) styles.

Nesting deeper than `MAX_PRINT_DEPTH` prints as `...`, so self-containing vectors and
million-deep lists print safely; `limit` truncates long results.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rlm_bot.scheme.reader import parse_number
from rlm_bot.scheme.values import (
    EOF, NIL, VOID, CaseLambda, Char, Closure, Continuation, Exn, HashTable, Keyword,
    MultipleValues, Opaque, Pair, Parameter, Primitive, Regexp, SetValue, Struct, Symbol,
)

MAX_PRINT_DEPTH = 120
MAX_PRINT_NODES = 2_000_000  # values visited by one print (cyclic vectors cannot explode it)
_CHAR_NAMES = {" ": "space", "\n": "newline", "\t": "tab", "\0": "nul", "\r": "return",
               "\b": "backspace", "\x7f": "rubout", "\x1b": "escape", "\x07": "alarm",
               "\v": "vtab", "\f": "page"}
_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
                   "\0": "\\0", "\x07": "\\a", "\b": "\\b", "\v": "\\v", "\f": "\\f", "\x1b": "\\e"}


def format_number(x: Any, radix: int = 10) -> str:
    """A number as Racket prints it: 1/3, 2.0, +inf.0, 1e+21."""
    t = type(x)
    if t is int:
        if radix != 10:
            return _int_radix(x, radix)
        return int_to_str(x)
    if t is Fraction:
        return f"{format_number(x.numerator, radix)}/{format_number(x.denominator, radix)}"
    if x != x:
        return "+nan.0"
    if x in (float("inf"), float("-inf")):
        return "+inf.0" if x > 0 else "-inf.0"
    r = repr(x)
    if "e" in r:
        mantissa, exp = r.split("e")
        e = int(exp)
        if 0 < e < 21:  # shortest digits, padded with zeros: 1.5e+20 -> 150000000000000000000.0
            sign = "-" if mantissa.startswith("-") else ""
            digits = mantissa.lstrip("-").replace(".", "")
            return f"{sign}{digits.ljust(e + 1, '0')}.0"
        return r
    return r


def _int_radix(n: int, radix: int) -> str:
    digits = "0123456789abcdef"
    if n == 0:
        return "0"
    sign, n = ("-", -n) if n < 0 else ("", n)
    if radix == 16:
        return sign + format(n, "x")
    if radix == 8:
        return sign + format(n, "o")
    if radix == 2:
        return sign + format(n, "b")
    out = []
    while n:
        n, d = divmod(n, radix)
        out.append(digits[d])
    return sign + "".join(reversed(out))


_STR_SAFE = 10 ** 4000


def int_to_str(n: int) -> str:
    """str(n) without CPython's 4300-digit limit (divide and conquer)."""
    if -_STR_SAFE < n < _STR_SAFE:
        return str(n)
    if n < 0:
        return "-" + int_to_str(-n)
    digits = int(n.bit_length() * 0.30103)
    half = max(digits // 2, 1)
    high, low = divmod(n, 10 ** half)
    return int_to_str(high) + int_to_str(low).zfill(half)


def write_string(s: str) -> str:
    """A string literal with Racket escapes."""
    out = []
    for ch in s:
        esc = _STRING_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch < " ":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_SYMBOL_SPECIAL = set(" \t\n\r()[]{}\",'`;|\\")


def write_symbol(name: str) -> str:
    """A symbol as `write` shows it: |with bars| when it would not read back as itself."""
    if (name and not any(ch in _SYMBOL_SPECIAL for ch in name) and name != "."
            and not name.startswith("#") and parse_number(name) is None):
        return name
    return "|" + name.replace("\\", "\\\\").replace("|", "\\|") + "|"


def write_char(c: Char) -> str:
    """`#\\a`, `#\\space`."""
    name = _CHAR_NAMES.get(c.ch)
    if name:
        return "#\\" + name
    if ord(c.ch) < 32:
        return f"#\\u{ord(c.ch):04X}"
    return "#\\" + c.ch


class _Printer:
    def __init__(self, mode: str, limit: int | None) -> None:
        self.mode = mode  # "display" | "write"
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.nodes = 0

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.limit is not None and self.size > self.limit:
            raise _Full()

    def value(self, v: Any, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_PRINT_NODES:
            self.parts.append("...")
            raise _Full()
        t = type(v)
        if t is str:
            self.emit(v if self.mode == "display" else write_string(v))
        elif t is bool:
            self.emit("#t" if v else "#f")
        elif t is int or t is float or t is Fraction:
            self.emit(format_number(v))
        elif t is Symbol:
            self.emit(v.name if self.mode == "display" else write_symbol(v.name))
        elif t is Char:
            self.emit(v.ch if self.mode == "display" else write_char(v))
        elif depth > MAX_PRINT_DEPTH:
            self.emit("...")
        elif t is Pair:
            self.pair(v, depth)
        elif v is NIL:
            self.emit("()")
        elif t is list:
            self.emit("#(")
            self.seq(v, depth)
            self.emit(")")
        elif t is HashTable:
            self.hash(v, depth)
        elif t is Struct:
            self.struct(v, depth)
        elif t is SetValue:
            self.emit("#<set:" if not v.mutable else "#<mutable-set:")
            for item in v.data.values():
                self.emit(" ")
                self.value(item, depth + 1)
            self.emit(">")
        else:
            self.emit(opaque_name(v))

    def seq(self, items: Any, depth: int) -> None:
        first = True
        for item in items:
            if not first:
                self.emit(" ")
            first = False
            self.value(item, depth + 1)

    def pair(self, v: Pair, depth: int) -> None:
        if type(v.car) is Symbol and type(v.cdr) is Pair and v.cdr.cdr is NIL:
            prefix = _QUOTE_PREFIX.get(v.car.name)
            if prefix:
                self.emit(prefix)
                self.value(v.cdr.car, depth + 1)
                return
        self.emit("(")
        self.value(v.car, depth + 1)
        x = v.cdr
        while type(x) is Pair:
            self.emit(" ")
            self.value(x.car, depth + 1)
            x = x.cdr
        if x is not NIL:
            self.emit(" . ")
            self.value(x, depth + 1)
        self.emit(")")

    def hash(self, h: HashTable, depth: int) -> None:
        self.emit({"equal": "#hash(", "eq": "#hasheq(", "eqv": "#hasheqv("}[h.kind])
        first = True
        for k, val in h.items():
            if not first:
                self.emit(" ")
            first = False
            self.emit("(")
            self.value(k, depth + 1)
            self.emit(" . ")
            self.value(val, depth + 1)
            self.emit(")")
        self.emit(")")

    def struct(self, s: Struct, depth: int) -> None:
        if not s.type.transparent:
            self.emit(f"#<{s.type.name}>")
            return
        self.emit(f"#(struct:{s.type.name}")
        for f in s.fields:
            self.emit(" ")
            self.value(f, depth + 1)
        self.emit(")")


_QUOTE_PREFIX = {"quote": "'", "quasiquote": "`", "unquote": ",", "unquote-splicing": ",@"}


class _Full(Exception):
    pass


def opaque_name(v: Any) -> str:
    """How values without a literal syntax print: #<procedure:f>, #<void>, #<future> ..."""
    if v is VOID:
        return "#<void>"
    if v is EOF:
        return "#<eof>"
    t = type(v)
    if t is Keyword:
        return "#:" + v.name
    if t in (Closure, CaseLambda, Primitive):
        return f"#<procedure:{v.name}>" if v.name else "#<procedure>"
    if t is Parameter:
        return "#<procedure:parameter-procedure>"
    if t is Continuation:
        return "#<continuation>"
    if t is Exn:
        return f"#<exn:{v.kind}>"
    if t is Regexp:
        return ("#px" if v.px else "#rx") + write_string(v.source)
    if t is MultipleValues:
        return " ".join(to_write(x) for x in v.items)
    if isinstance(v, Opaque):
        return f"#<{v.scheme_name}>"
    name = getattr(v, "scheme_name", None) or t.__name__.lower()
    return f"#<{name}>"


def _render(v: Any, mode: str, limit: int | None) -> str:
    p = _Printer(mode, limit)
    try:
        p.value(v, 0)
    except _Full:
        text = "".join(p.parts)
        return text[:limit] + "..." if limit is not None else text
    return "".join(p.parts)


def to_display(v: Any, limit: int | None = None) -> str:
    """`display` style: strings and chars raw."""
    if type(v) is str:
        return v if limit is None or len(v) <= limit else v[:limit] + "..."
    return _render(v, "display", limit)


def to_write(v: Any, limit: int | None = None) -> str:
    """`write` style: strings quoted and escaped, chars as #\\x."""
    return _render(v, "write", limit)


def to_print(v: Any, limit: int | None = None) -> str:
    """REPL (`print`) style: '(1 2), 'sym, "str", #t, #<void>; constructor style when needed."""
    if type(v) is MultipleValues:
        return "\n".join(to_print(x, limit) for x in v.items)
    t = type(v)
    if t in (Symbol, Pair, list, HashTable, Keyword) or v is NIL:
        if _quotable(v, 0, set()):
            return "'" + to_write(v, limit)
        return _constructor(v, limit)
    if (t is Struct and v.type.transparent) or t is SetValue:
        return _constructor(v, limit)
    return to_write(v, limit)


def _quotable(v: Any, depth: int, seen: set) -> bool:
    if depth > MAX_PRINT_DEPTH or len(seen) > MAX_PRINT_NODES:
        return True
    t = type(v)
    if t in (str, bool, int, float, Fraction, Symbol, Char, Keyword) or v is NIL:
        return True
    if id(v) in seen:
        return True
    seen.add(id(v))
    if t is Pair:
        while type(v) is Pair:
            if not _quotable(v.car, depth + 1, seen):
                return False
            v = v.cdr
        return _quotable(v, depth + 1, seen)
    if t is list:
        return all(_quotable(x, depth + 1, seen) for x in v)
    if t is HashTable:
        return all(_quotable(k, depth + 1, seen) and _quotable(x, depth + 1, seen) for k, x in v.items())
    return False


def _constructor(v: Any, limit: int | None, depth: int = 0) -> str:
    if depth > MAX_PRINT_DEPTH:
        return "..."
    t = type(v)
    if t is Pair:
        items, x = [], v
        while type(x) is Pair:
            items.append(x.car)
            x = x.cdr
        inner = " ".join(_constructor(i, limit, depth + 1) for i in items)
        if x is NIL:
            return f"(list {inner})"
        return f"(list* {inner} {_constructor(x, limit, depth + 1)})"
    if t is list:
        return "(vector " + " ".join(_constructor(i, limit, depth + 1) for i in v) + ")"
    if t is Struct and v.type.transparent:
        return f"({v.type.name}" + "".join(" " + _constructor(f, limit, depth + 1) for f in v.fields) + ")"
    if t is SetValue:
        name = "mutable-set" if v.mutable else "set"
        return f"({name}" + "".join(" " + _constructor(x, limit, depth + 1) for x in v.data.values()) + ")"
    if t is HashTable:
        inner = " ".join(f"{_constructor(k, limit, depth + 1)} {_constructor(x, limit, depth + 1)}"
                         for k, x in v.items())
        return f"(hash {inner})" if inner else "(hash)"
    if t in (Symbol, Keyword) or v is NIL:
        return "'" + to_write(v)
    return to_write(v, limit)
