"""Reader: source text -> Scheme data, with line:column positions and bounded nesting.

The parser is iterative (an explicit stack), so a parser bomb of 10^6 parentheses is a clean
`SchemeSyntaxError`, never a Python RecursionError. Positions of list forms are recorded in
`Program.positions` (id of the head pair -> (line, column)) for the compiler's error messages.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from rlm_bot.scheme.errors import SchemeSyntaxError
from rlm_bot.scheme.numbers import to_exact, to_inexact
from rlm_bot.scheme.regexps import make_regexp
from rlm_bot.scheme.values import NIL, Char, Keyword, Pair, Symbol, sym

MAX_NESTING = 1000  # parentheses and quote prefixes, all kinds together
MAX_SOURCE_CHARS = 2_000_000
MAX_DIGITS = 400_000  # an integer literal longer than this is refused

_TOKEN = re.compile(
    r"""
     (?P<ws>\s+)
    |(?P<comment>;[^\n]*)
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<vecopen>\#\()
    |(?P<quote>'|`|,@|,)
    |(?P<datumcomment>\#;)
    |(?P<blockcomment>\#\|)
    |(?P<string>"(?:[^"\\]+|\\.)*")
    |(?P<regexp>\#(?:rx|px)"(?:[^"\\]+|\\.)*")
    |(?P<char>\#\\(?:[a-zA-Z][a-zA-Z0-9]*|.))
    |(?P<barsym>\|[^|]*\|)
    |(?P<atom>[^\s()\[\]{}";]+)
    """,
    re.VERBOSE | re.DOTALL,
)

CHAR_NAMES = {
    "space": " ", "newline": "\n", "tab": "\t", "nul": "\0", "null": "\0", "return": "\r",
    "linefeed": "\n", "backspace": "\b", "delete": "\x7f", "rubout": "\x7f", "escape": "\x1b",
    "alarm": "\x07", "vtab": "\v", "page": "\f",
}
_QUOTES = {"'": sym("quote"), "`": sym("quasiquote"), ",": sym("unquote"), ",@": sym("unquote-splicing")}
_CLOSE_OF = {"(": ")", "[": "]", "{": "}", "#(": ")"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\x07", "b": "\b",
            "v": "\v", "f": "\f", "e": "\x1b", "0": "\0", "'": "'"}
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{1,2};?|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|\n[ \t]*|.)", re.DOTALL)
_DECIMAL_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INT_RE = re.compile(r"[+-]?\d+")
_RATIONAL_RE = re.compile(r"([+-]?\d+)/(\d+)")
_SPECIAL_FLOATS = {"+inf.0": float("inf"), "-inf.0": float("-inf"), "+nan.0": float("nan"),
                   "-nan.0": float("nan"), "+inf.f": float("inf"), "-inf.f": float("-inf")}
_DOT = object()


@dataclass
class Program:
    """The data read from one source text, and where each list form started."""

    forms: list[Any]
    positions: dict[int, tuple[int, int]] = field(default_factory=dict)
    starts: list[tuple[int, int]] = field(default_factory=list)  # where each top-level form begins


def read_program(text: str, max_chars: int = MAX_SOURCE_CHARS) -> Program:
    """Read every datum of `text`; a syntax error names line and column."""
    if len(text) > max_chars:
        raise SchemeSyntaxError(f"read: program is {len(text)} characters; the limit is {max_chars}")
    m = _LANG_LINE.match(text)
    if m:  # `#lang racket` (or a #! line) is accepted and ignored; positions stay the same
        text = " " * m.end() + text[m.end():]
    return _Reader(text).read_all()


_LANG_LINE = re.compile(r"\s*(?:#lang|#!)[^\n]*")


class _Frame:
    __slots__ = ("opener", "items", "pos", "dot_at", "prefixes")

    def __init__(self, opener: str, pos: tuple[int, int], prefixes: list) -> None:
        self.opener = opener
        self.items: list[Any] = []
        self.pos = pos
        self.dot_at = -1
        self.prefixes = prefixes  # quote prefixes waiting for this list to close


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[int, tuple[int, int]] = {}

    def pos(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def fail(self, message: str, offset: int) -> None:
        line, col = self.pos(offset)
        raise SchemeSyntaxError(f"read: {message}", (line, col))

    def read_all(self) -> Program:
        text, n, i = self.text, len(self.text), 0
        top_start = 0
        top: list[Any] = []
        starts: list[tuple[int, int]] = []
        stack: list[_Frame] = []
        prefixes: list[tuple[Any, int]] = []  # pending quote prefixes / datum comments
        while i < n:
            m = _TOKEN.match(text, i)
            if m is None:
                self.fail("unterminated string" if text[i] in '"#' else f"unexpected {text[i]!r}", i)
            kind, start, i = m.lastgroup, i, m.end()
            if kind in ("ws", "comment"):
                continue
            if not stack and not prefixes:
                top_start = start
            if kind == "blockcomment":
                i = self.skip_block_comment(i, start)
                continue
            if kind in ("quote", "datumcomment"):
                if len(stack) + len(prefixes) >= MAX_NESTING:
                    self.fail(f"nesting deeper than {MAX_NESTING} levels", start)
                prefixes.append((_QUOTES.get(m.group()), start))
                continue
            if kind in ("open", "vecopen"):
                if len(stack) + len(prefixes) >= MAX_NESTING:
                    self.fail(f"nesting deeper than {MAX_NESTING} levels", start)
                stack.append(_Frame(m.group(), self.pos(start), prefixes))
                prefixes = []
                continue
            if kind == "close":
                if not stack:
                    self.fail(f"unexpected {m.group()!r}", start)
                if prefixes:
                    self.fail("a quote or #; has no datum before the closing bracket", start)
                frame = stack.pop()
                if _CLOSE_OF[frame.opener] != m.group():
                    self.fail(f"{frame.opener!r} opened at line {frame.pos[0]}, column {frame.pos[1]} "
                              f"is closed by {m.group()!r}", start)
                datum = self.finish_list(frame, start)
                prefixes = frame.prefixes
            else:
                datum = self.atom(kind, m.group(), start)
                if datum is _DOT:
                    if not stack or stack[-1].opener == "#(" or stack[-1].dot_at >= 0 or not stack[-1].items:
                        self.fail("illegal use of `.`", start)
                    stack[-1].dot_at = len(stack[-1].items)
                    continue
            keep = True
            while prefixes:
                quote, qstart = prefixes.pop()
                if quote is None:  # #; datum comment drops this datum
                    keep = False
                    break
                datum = Pair(quote, Pair(datum, NIL))
                self.positions[id(datum)] = self.pos(qstart)
            if keep:
                if stack:
                    stack[-1].items.append(datum)
                else:
                    top.append(datum)
                    starts.append(self.pos(top_start))
        if stack:
            frame = stack[-1]
            raise SchemeSyntaxError(f"read: {frame.opener!r} is never closed (expected "
                                    f"{_CLOSE_OF[frame.opener]!r} before the end)", frame.pos)
        if prefixes:
            self.fail("a quote or #; at the end has no datum", n)
        return Program(top, self.positions, starts)

    def finish_list(self, frame: _Frame, offset: int) -> Any:
        items = frame.items
        if frame.opener == "#(":
            return list(items)
        tail: Any = NIL
        if frame.dot_at >= 0:
            if len(items) != frame.dot_at + 1:
                self.fail("exactly one datum must follow `.`", offset)
            tail = items.pop()
        out = tail
        for item in reversed(items):
            out = Pair(item, out)
        if type(out) is Pair:
            self.positions[id(out)] = frame.pos
        return out

    def skip_block_comment(self, i: int, start: int) -> int:
        depth, text = 1, self.text
        while depth:
            close = text.find("|#", i)
            if close < 0:
                self.fail("unterminated #| comment", start)
            opened = text.find("#|", i, close)
            if opened >= 0:
                depth, i = depth + 1, opened + 2
            else:
                depth, i = depth - 1, close + 2
        return i

    def atom(self, kind: str, tok: str, start: int) -> Any:
        if kind == "string":
            return unescape(tok[1:-1], lambda msg: self.fail(msg, start))
        if kind == "regexp":
            try:
                return make_regexp(unescape(tok[4:-1], lambda msg: self.fail(msg, start)), tok[1] == "p")
            except Exception as exc:  # noqa: BLE001 - a bad literal is a syntax error
                self.fail(f"bad regexp literal {tok}: {exc}", start)
        if kind == "barsym":
            return Symbol.intern(tok[1:-1])
        if kind == "char":
            name = tok[2:]
            if len(name) == 1:
                return Char(name)
            if name.lower() in CHAR_NAMES:
                return Char(CHAR_NAMES[name.lower()])
            if name[0] in "xu" and len(name) > 1:
                try:
                    return Char(chr(int(name[1:], 16)))
                except (ValueError, OverflowError):
                    pass
            self.fail(f"unknown character name #\\{name}", start)
        return self.parse_atom(tok, start)

    def parse_atom(self, tok: str, start: int) -> Any:
        if tok == ".":
            return _DOT
        if tok.startswith("#"):
            low = tok.lower()
            if low in ("#t", "#true"):
                return True
            if low in ("#f", "#false"):
                return False
            if tok.startswith("#:") and len(tok) > 2:
                return Keyword.intern(tok[2:])
            number = parse_number(tok)
            if number is not None:
                return number
            self.fail(f"bad syntax {tok!r}", start)
        number = parse_number(tok)
        if number is not None:
            return number
        if "|" in tok:
            if tok.count("|") % 2:
                self.fail(f"unbalanced | in symbol {tok!r}", start)
            return Symbol.intern(tok.replace("|", ""))
        return Symbol.intern(tok)


def unescape(body: str, fail: Any) -> str:
    """Decode Racket string escapes."""
    if "\\" not in body:
        return body

    def one(m: re.Match) -> str:
        e = m.group(1)
        if e[0] in "xuU" and len(e) > 1:
            try:
                return chr(int(e[1:].rstrip(";"), 16))
            except (ValueError, OverflowError):
                fail(f"bad escape \\{e}")
        if e[0] == "\n":
            return ""
        if e in _ESCAPES:
            return _ESCAPES[e]
        fail(f"unknown escape \\{e}")
        return ""

    return _ESCAPE_RE.sub(one, body)


def parse_number(tok: str, radix: int = 10) -> Any:
    """A Racket number literal's value, or None when `tok` is not a number."""
    exactness = None
    while len(tok) > 2 and tok[0] == "#" and tok[1] in "eEiIxXoObBdD":
        flag = tok[1].lower()
        if flag in "ei":
            exactness = flag
        else:
            radix = {"x": 16, "o": 8, "b": 2, "d": 10}[flag]
        tok = tok[2:]
    value = _parse_real(tok, radix)
    if value is None:
        return None
    if exactness == "i":
        return to_inexact(value)
    if exactness == "e":
        return to_exact(value)
    return value


def _parse_real(tok: str, radix: int) -> Any:
    if not tok or len(tok) > MAX_DIGITS + 20:
        return None
    if tok in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[tok]
    if radix != 10:
        try:
            return int(tok, radix)
        except ValueError:
            return None
    if _INT_RE.fullmatch(tok):
        return parse_int(tok)
    m = _RATIONAL_RE.fullmatch(tok)
    if m:
        den = parse_int(m.group(2))
        if den == 0:
            return None
        value = Fraction(parse_int(m.group(1)), den)
        return value.numerator if value.denominator == 1 else value
    if _DECIMAL_RE.fullmatch(tok):
        try:
            return float(tok)
        except (ValueError, OverflowError):
            return None
    return None


_CHUNK = 4000


def parse_int(digits: str) -> int:
    """int(digits) without CPython's 4300-digit limit (divide and conquer, sub-quadratic)."""
    if len(digits) <= _CHUNK:
        return int(digits)
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    half = len(digits) // 2
    high, low = digits[:-half], digits[-half:]
    return sign * (parse_int(high) * 10 ** half + parse_int(low))
