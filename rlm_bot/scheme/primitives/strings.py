"""Strings, characters, symbols and keywords: racket/base and racket/string."""

from __future__ import annotations

import re
from typing import Any

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.evaluator import apply_procedure
from rlm_bot.scheme.primitives.base import (
    charge_list, charge_string, check_index, check_str, contract, prim, to_pylist,
)
from rlm_bot.scheme.values import NIL, Char, Keyword, Symbol, make_list

def _char(who: str, c: Any) -> str:
    if type(c) is not Char:
        raise contract(who, "char?", c)
    return c.ch


@prim("string?")
def string_p(v):
    """(string? v)"""
    return type(v) is str


@prim("char?")
def char_p(v):
    """(char? v)"""
    return type(v) is Char


@prim("string")
def string(*chars):
    """(string char ...)"""
    return "".join(_char("string", c) for c in chars)


@prim("make-string")
def make_string(n, c=Char(" ")):
    """(make-string k [char])"""
    check_index("make-string", n)
    charge_string(n, "make-string")
    return _char("make-string", c) * n


@prim("string-length")
def string_length(s):
    """(string-length s)"""
    return len(check_str("string-length", s))


@prim("string-ref")
def string_ref(s, k):
    """(string-ref s k)"""
    check_str("string-ref", s)
    check_index("string-ref", k)
    if k >= len(s):
        raise SchemeError(f"string-ref: index {k} is out of range for a string of length {len(s)}",
                          kind="fail:contract")
    return Char(s[k])


@prim("substring")
def substring(s, start, end=None):
    """(substring s start [end])"""
    check_str("substring", s)
    check_index("substring", start)
    end = len(s) if end is None else check_index("substring", end)
    if not start <= end <= len(s):
        raise SchemeError(f"substring: ending index {end} / starting index {start} out of range for a "
                          f"string of length {len(s)}", kind="fail:contract")
    return s[start:end]


@prim("string-append")
def string_append(*parts):
    """(string-append s ...)"""
    total = 0
    for p in parts:
        if type(p) is not str:
            raise contract("string-append", "string?", p)
        total += len(p)
    charge_string(total, "string-append")
    return "".join(parts)


@prim("string-append*")
def string_append_star(*args):
    """(string-append* s ... lst)"""
    if not args:
        return ""
    return string_append(*args[:-1], *to_pylist("string-append*", args[-1]))


@prim("string-copy", "string->immutable-string")
def string_copy(s):
    """(string-copy s)"""
    return check_str("string-copy", s)


@prim("string-upcase")
def string_upcase(s):
    """(string-upcase s)"""
    return check_str("string-upcase", s).upper()


@prim("string-downcase")
def string_downcase(s):
    """(string-downcase s)"""
    return check_str("string-downcase", s).lower()


@prim("string-titlecase")
def string_titlecase(s):
    """(string-titlecase s)"""
    return check_str("string-titlecase", s).title()


@prim("string-join")
def string_join(strs, sep=" ", *, before_first="", before_last=None, after_last=""):
    """(string-join strs [sep] #:before-first #:before-last #:after-last)"""
    items = to_pylist("string-join", strs)
    for s in items:
        check_str("string-join", s)
    check_str("string-join", sep)
    charge_string(sum(len(s) for s in items) + len(sep) * len(items), "string-join")
    if before_last is not None and len(items) > 1:
        body = sep.join(items[:-1]) + before_last + items[-1]
    else:
        body = sep.join(items)
    return before_first + body + after_last


@prim("string-split")
def string_split(s, sep=None, *, trim_p=True, repeat_p=False):
    """(string-split s [sep] #:trim? #:repeat?): whitespace by default, trimmed, as in Racket"""
    check_str("string-split", s)
    if sep is None:
        parts = s.split() if trim_p else re.split(r"\s+", s)
        return make_list(parts)
    check_str("string-split", sep)
    if sep == "":
        return make_list(list(s))
    if trim_p:
        pattern = f"(?:{re.escape(sep)})+" if repeat_p else re.escape(sep)
        s = re.sub(f"^{pattern}|{pattern}$", "", s) if s else s
        if s == "":
            return NIL
    parts = re.split(f"(?:{re.escape(sep)})+", s) if repeat_p else s.split(sep)
    charge_list(len(parts), "string-split")
    return make_list(parts)


@prim("string-trim")
def string_trim(s, sep=None, *, left_p=True, right_p=True, repeat_p=False):
    """(string-trim s [sep] #:left? #:right? #:repeat?)"""
    check_str("string-trim", s)
    if sep is None:
        if left_p and right_p:
            return s.strip()
        return s.lstrip() if left_p else (s.rstrip() if right_p else s)
    check_str("string-trim", sep)
    if not sep:
        return s
    if left_p and s.startswith(sep):
        s = s[len(sep):]
        while repeat_p and s.startswith(sep):
            s = s[len(sep):]
    if right_p and s.endswith(sep) and s:
        s = s[: -len(sep)]
        while repeat_p and s.endswith(sep) and s:
            s = s[: -len(sep)]
    return s


@prim("string-replace")
def string_replace(s, old, new, *, all_p=True):
    """(string-replace s from to #:all? #t): literal replacement"""
    check_str("string-replace", s)
    check_str("string-replace", old)
    check_str("string-replace", new)
    if old == "":
        if not all_p:
            return new + s
        count = len(s) + 1
    else:
        count = s.count(old) if all_p else min(1, s.count(old))
    charge_string(len(s) + count * max(0, len(new) - len(old)), "string-replace")
    if old == "":
        return new + new.join(s) + new if all_p else new + s
    return s.replace(old, new) if all_p else s.replace(old, new, 1)


@prim("string-contains?")
def string_contains_p(s, sub):
    """(string-contains? s contained)"""
    return check_str("string-contains?", sub) in check_str("string-contains?", s)


@prim("string-prefix?")
def string_prefix_p(s, prefix):
    """(string-prefix? s prefix)"""
    return check_str("string-prefix?", s).startswith(check_str("string-prefix?", prefix))


@prim("string-suffix?")
def string_suffix_p(s, suffix):
    """(string-suffix? s suffix)"""
    return check_str("string-suffix?", s).endswith(check_str("string-suffix?", suffix))


@prim("string->list")
def string_to_list(s):
    """(string->list s)"""
    check_str("string->list", s)
    charge_list(len(s), "string->list")
    return make_list([Char(c) for c in s])


@prim("list->string")
def list_to_string(lst):
    """(list->string chars)"""
    return "".join(_char("list->string", c) for c in to_pylist("list->string", lst))


@prim("string->symbol", "string->uninterned-symbol")
def string_to_symbol(s):
    """(string->symbol s)"""
    return Symbol.intern(check_str("string->symbol", s))


@prim("symbol->string")
def symbol_to_string(s):
    """(symbol->string sym)"""
    if type(s) is not Symbol:
        raise contract("symbol->string", "symbol?", s)
    return s.name


@prim("string->keyword")
def string_to_keyword(s):
    """(string->keyword s)"""
    return Keyword.intern(check_str("string->keyword", s))


@prim("keyword->string")
def keyword_to_string(k):
    """(keyword->string kw)"""
    if type(k) is not Keyword:
        raise contract("keyword->string", "keyword?", k)
    return k.name


@prim("symbol-append")
def symbol_append(*syms):
    """(symbol-append sym ...)"""
    names = [symbol_to_string(s) for s in syms]
    charge_string(sum(len(n) for n in names), "symbol-append")
    return Symbol.intern("".join(names))


_gensym_counter = [0]


@prim("gensym")
def gensym(base="g"):
    """(gensym [base])"""
    _gensym_counter[0] += 1
    name = base.name if type(base) is Symbol else str(base)
    return Symbol(f"{name}{_gensym_counter[0]}")


@prim("non-empty-string?")
def non_empty_string_p(v):
    """(non-empty-string? v)"""
    return type(v) is str and v != ""


@prim("string-empty?")
def string_empty_p(s):
    """(string-empty? s)"""
    return check_str("string-empty?", s) == ""


def _string_compare(name: str, op: Any, fold: bool) -> None:
    def f(a, *rest):
        args = [check_str(name, a), *[check_str(name, x) for x in rest]]
        if fold:
            args = [x.casefold() for x in args]
        return all(op(args[i], args[i + 1]) for i in range(len(args) - 1))

    f.__doc__ = f"({name} s ...)"
    prim(name)(f)


for _suffix, _op in (("=?", lambda a, b: a == b), ("<?", lambda a, b: a < b),
                     (">?", lambda a, b: a > b), ("<=?", lambda a, b: a <= b),
                     (">=?", lambda a, b: a >= b)):
    _string_compare("string" + _suffix, _op, False)
    _string_compare("string-ci" + _suffix, _op, True)


def _char_compare(name: str, op: Any, fold: bool) -> None:
    def f(a, *rest):
        args = [_char(name, a), *[_char(name, x) for x in rest]]
        if fold:
            args = [x.casefold() for x in args]
        return all(op(args[i], args[i + 1]) for i in range(len(args) - 1))

    f.__doc__ = f"({name} c ...)"
    prim(name)(f)


for _suffix, _op in (("=?", lambda a, b: a == b), ("<?", lambda a, b: a < b),
                     (">?", lambda a, b: a > b), ("<=?", lambda a, b: a <= b),
                     (">=?", lambda a, b: a >= b)):
    _char_compare("char" + _suffix, _op, False)
    _char_compare("char-ci" + _suffix, _op, True)


@prim("char->integer")
def char_to_integer(c):
    """(char->integer c)"""
    return ord(_char("char->integer", c))


@prim("integer->char")
def integer_to_char(n):
    """(integer->char n)"""
    if type(n) is not int or not (0 <= n <= 0x10FFFF) or 0xD800 <= n <= 0xDFFF:
        raise contract("integer->char", "valid-unicode-scalar-value?", n)
    return Char(chr(n))


@prim("char-upcase")
def char_upcase(c):
    """(char-upcase c)"""
    up = _char("char-upcase", c).upper()
    return Char(up) if len(up) == 1 else c


@prim("char-downcase")
def char_downcase(c):
    """(char-downcase c)"""
    low = _char("char-downcase", c).lower()
    return Char(low) if len(low) == 1 else c


@prim("char-alphabetic?")
def char_alphabetic_p(c):
    """(char-alphabetic? c)"""
    return _char("char-alphabetic?", c).isalpha()


@prim("char-numeric?")
def char_numeric_p(c):
    """(char-numeric? c)"""
    return _char("char-numeric?", c).isnumeric()


@prim("char-whitespace?")
def char_whitespace_p(c):
    """(char-whitespace? c)"""
    return _char("char-whitespace?", c).isspace()


@prim("char-upper-case?")
def char_upper_p(c):
    """(char-upper-case? c)"""
    return _char("char-upper-case?", c).isupper()


@prim("char-lower-case?")
def char_lower_p(c):
    """(char-lower-case? c)"""
    return _char("char-lower-case?", c).islower()


@prim("char-punctuation?")
def char_punct_p(c):
    """(char-punctuation? c)"""
    import unicodedata

    return unicodedata.category(_char("char-punctuation?", c)).startswith("P")


@prim("char->string")
def char_to_string(c):
    """(char->string c) — convenience"""
    return _char("char->string", c)


@prim("string-index")
def string_index(s, c):
    """(string-index s char-or-string) -> index or #f (convenience)"""
    check_str("string-index", s)
    needle = c.ch if type(c) is Char else check_str("string-index", c)
    i = s.find(needle)
    return False if i < 0 else i



@prim("symbol<?")
def symbol_lt(a, *rest):
    """(symbol<? a b ...)"""
    names = [symbol_to_string(a), *[symbol_to_string(x) for x in rest]]
    return all(names[i] < names[i + 1] for i in range(len(names) - 1))


@prim("build-string")
def build_string(n, f):
    """(build-string n proc)"""
    check_index("build-string", n)
    charge_string(n, "build-string")
    return "".join(_char("build-string", apply_procedure(f, [i])) for i in range(n))


@prim("boolean=?")
def boolean_eq(a, b):
    """(boolean=? a b)"""
    if type(a) is not bool or type(b) is not bool:
        raise contract("boolean=?", "boolean?", a if type(a) is not bool else b)
    return a is b
