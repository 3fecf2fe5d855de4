"""Regexp primitives: regexp-match, regexp-match*, regexp-replace(*), regexp-split ..."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.evaluator import apply_procedure
from rlm_bot.scheme.primitives.base import charge_list, charge_string, check_str, contract, prim
from rlm_bot.scheme.regexps import bounded, make_regexp
from rlm_bot.scheme.runstate import current_run
from rlm_bot.scheme.values import NIL, Pair, Procedure, Regexp, make_list


def _rx(who: str, p: Any) -> Any:
    if type(p) is Regexp:
        return p.compiled
    if type(p) is str:
        return make_regexp(p, False).compiled
    raise contract(who, "(or/c regexp? string?)", p)


def _all(rx: Any, s: str, start: int, end: int) -> list:
    """Every match, the whole iteration under one time bound, charged as it grows."""
    def collect(timeout: float) -> list:
        out = []
        for m in rx.finditer(s, start, end, timeout=timeout):
            out.append(m)
            if len(out) % 10_000 == 0:
                charge_list(10_000 * 4, "regexp matches")
        return out

    return bounded(collect)


def _groups(m: Any) -> Any:
    return make_list([False if g is None else g for g in (m.group(0), *m.groups())])


@prim("regexp")
def regexp_(s):
    """(regexp string)"""
    return make_regexp(check_str("regexp", s), False)


@prim("pregexp")
def pregexp(s):
    """(pregexp string)"""
    return make_regexp(check_str("pregexp", s), True)


@prim("regexp?", "pregexp?")
def regexp_p(v):
    """(regexp? v)"""
    return type(v) is Regexp


@prim("regexp-quote")
def regexp_quote(s):
    """(regexp-quote s)"""
    import regex  # deferred: loads with the first regexp (rlm_bot/scheme/regexps.py)

    return regex.escape(check_str("regexp-quote", s))


@prim("regexp-match")
def regexp_match(p, s, start=0, end=None):
    """(regexp-match pattern input [start end]) -> (match group ...) or #f"""
    rx = _rx("regexp-match", p)
    check_str("regexp-match", s)
    m = bounded(rx.search, s, start, len(s) if end is None else end)
    return False if m is None else _groups(m)


@prim("regexp-match?")
def regexp_match_p(p, s):
    """(regexp-match? pattern input)"""
    return bounded(_rx("regexp-match?", p).search, check_str("regexp-match?", s)) is not None


@prim("regexp-match-exact?")
def regexp_match_exact_p(p, s):
    """(regexp-match-exact? pattern input)"""
    return bounded(_rx("regexp-match-exact?", p).fullmatch, check_str("regexp-match-exact?", s)) is not None


@prim("regexp-match*")
def regexp_match_star(p, s, start=0, end=None, *, match_select=None):
    """(regexp-match* pattern input): every match"""
    rx = _rx("regexp-match*", p)
    check_str("regexp-match*", s)
    out = []
    for m in _all(rx, s, start, len(s) if end is None else end):
        if match_select is not None:
            out.append(apply_procedure(match_select, [_groups(m)]))
        else:
            out.append(m.group(0))
    return make_list(out)


@prim("regexp-match-positions")
def regexp_match_positions(p, s, start=0):
    """(regexp-match-positions pattern input) -> ((start . end) ...) or #f"""
    m = bounded(_rx("regexp-match-positions", p).search, check_str("regexp-match-positions", s), start)
    if m is None:
        return False
    return make_list([False if m.start(i) < 0 else Pair(m.start(i), m.end(i))
                      for i in range(len(m.groups()) + 1)])


def _expand(insert: str, m: Any) -> str:
    out, i, n = [], 0, len(insert)
    while i < n:
        ch = insert[i]
        if ch == "&":
            out.append(m.group(0))
        elif ch == "\\" and i + 1 < n:
            nxt = insert[i + 1]
            i += 1
            if nxt.isdigit():
                g = m.group(int(nxt)) if int(nxt) <= len(m.groups()) else ""
                out.append(g or "")
            else:
                out.append(nxt)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _replace(who: str, p: Any, s: Any, insert: Any, count: int) -> str:
    rx = _rx(who, p)
    check_str(who, s)
    if isinstance(insert, Procedure):
        def repl(m):
            v = apply_procedure(insert, [m.group(0), *[g if g is not None else False for g in m.groups()]])
            return check_str(who, v)
    else:
        check_str(who, insert)

        def repl(m):
            return _expand(insert, m)

    grown = [0, 0]

    def counted(m):
        out = repl(m)
        grown[0] += len(out)
        grown[1] += 1
        if grown[0] > 1 << 20:
            charge_string(grown[0], who)
            grown[0] = 0
        if grown[1] % 10_000 == 0:
            current_run().check()
        return out

    result = bounded(rx.sub, counted, s, count=count)
    charge_string(len(result), who)
    return result


@prim("regexp-replace")
def regexp_replace(p, s, insert):
    """(regexp-replace pattern input insert): first match; insert may use & and \\\\N"""
    return _replace("regexp-replace", p, s, insert, 1)


@prim("regexp-replace*")
def regexp_replace_star(p, s, insert):
    """(regexp-replace* pattern input insert): every match"""
    return _replace("regexp-replace*", p, s, insert, 0)


@prim("regexp-split")
def regexp_split(p, s):
    """(regexp-split pattern input) -> list of strings"""
    rx = _rx("regexp-split", p)
    check_str("regexp-split", s)
    out, pos = [], 0
    for m in _all(rx, s, 0, len(s)):
        if m.end() == m.start() and (m.start() == 0 or m.start() == len(s)):
            continue
        out.append(s[pos:m.start()])
        pos = m.end()
    out.append(s[pos:])
    return make_list(out) if out else NIL
