"""Pattern macros: the syntax-rules expander (not hygienic); forms_syntax.py defines them.

Expansion is bounded: each program may expand at most `MAX_EXPANSIONS` times and build at most
`MAX_EXPANSION_NODES` pairs, so a self-growing or exponential macro is a clean syntax error.
"""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.primitives.equality import equal
from rlm_bot.scheme.values import NIL, Pair, Symbol, list_to_py, sym

MAX_EXPANSIONS = 5_000
MAX_EXPANSION_NODES = 500_000
_ELLIPSIS = sym("...")
_UNDERSCORE = sym("_")


class Macro:
    """A syntax-rules transformer: literals and (pattern, template) rules."""

    scheme_name = "syntax"
    __slots__ = ("name", "literals", "rules")

    def __init__(self, name: str, literals: set, rules: list[tuple[Any, Any]]) -> None:
        self.name = name
        self.literals = literals
        self.rules = rules


class _ExpansionBudget:
    """Macro expansions and template nodes one program has spent (each capped)."""

    __slots__ = ("expansions", "nodes")

    def __init__(self) -> None:
        self.expansions = 0
        self.nodes = 0


def expand(c: Any, macro: Macro, form: Pair) -> Any:
    """Rewrite `form` with the first matching rule of `macro`."""
    budget = getattr(c, "macro_budget", None)
    if budget is None:
        budget = c.macro_budget = _ExpansionBudget()
    budget.expansions += 1
    if budget.expansions > MAX_EXPANSIONS:
        raise c.error(f"{macro.name}: macro expansion limit exceeded ({MAX_EXPANSIONS} expansions); "
                      "does the macro expand into itself forever?", form)
    for pattern, template in macro.rules:
        binds: dict = {}
        if _match(pattern.cdr if type(pattern) is Pair else NIL, form.cdr, macro.literals, binds):
            out = _substitute(template, binds, budget, c, form)
            if type(out) is Pair and c.pos(form):
                c.positions[id(out)] = c.pos(form)
            return out
    raise c.error(f"{macro.name}: bad syntax; no syntax-rules pattern matches", form)


def _match(pat: Any, x: Any, literals: set, binds: dict) -> bool:
    if type(pat) is Symbol:
        if pat is _UNDERSCORE:
            return True
        if pat in literals:
            return x is pat
        binds[pat] = x
        return True
    if type(pat) is Pair:
        if type(pat.cdr) is Pair and pat.cdr.car is _ELLIPSIS:
            after = pat.cdr.cdr
            min_after = _length(after)
            items = []
            while type(x) is Pair and _length(x) > min_after:
                items.append(x.car)
                x = x.cdr
            sub_binds = []
            for item in items:
                b: dict = {}
                if not _match(pat.car, item, literals, b):
                    return False
                sub_binds.append(b)
            for var in _pattern_vars(pat.car, literals):
                binds[var] = _Seq([b.get(var) for b in sub_binds])
            return _match(after, x, literals, binds)
        if type(x) is not Pair:
            return False
        return _match(pat.car, x.car, literals, binds) and _match(pat.cdr, x.cdr, literals, binds)
    if pat is NIL:
        return x is NIL
    return equal(pat, x)


class _Seq(list):
    """The matches of a pattern variable under an ellipsis."""


def _length(x: Any) -> int:
    n = 0
    while type(x) is Pair:
        n += 1
        x = x.cdr
    return n


def _pattern_vars(pat: Any, literals: set) -> list[Symbol]:
    if type(pat) is Symbol:
        return [] if pat in literals or pat in (_ELLIPSIS, _UNDERSCORE) else [pat]
    if type(pat) is Pair:
        return _pattern_vars(pat.car, literals) + _pattern_vars(pat.cdr, literals)
    return []


def _substitute(t: Any, binds: dict, budget: _ExpansionBudget, c: Any, form: Any) -> Any:
    budget.nodes += 1
    if budget.nodes > MAX_EXPANSION_NODES:
        raise c.error(f"macro expansion limit exceeded ({MAX_EXPANSION_NODES} nodes)", form)
    if type(t) is Symbol:
        return binds.get(t, t) if t in binds else t
    if type(t) is not Pair:
        return t
    if t.car is _ELLIPSIS and type(t.cdr) is Pair:  # (... ...) escapes an ellipsis
        return t.cdr.car
    if type(t.cdr) is Pair and t.cdr.car is _ELLIPSIS:
        vars_ = [v for v in _template_vars(t.car) if isinstance(binds.get(v), _Seq)]
        if not vars_:
            raise c.error("syntax-rules: ellipsis follows a template without pattern variables", form)
        n = len(binds[vars_[0]])
        expanded = []
        for i in range(n):
            sub = dict(binds)
            for v in vars_:
                seq = binds[v]
                if len(seq) != n:
                    raise c.error("syntax-rules: ellipsis variables matched different lengths", form)
                sub[v] = seq[i]
            expanded.append(_substitute(t.car, sub, budget, c, form))
        rest = _substitute(t.cdr.cdr, binds, budget, c, form)
        for item in reversed(expanded):
            rest = Pair(item, rest)
        return rest
    return Pair(_substitute(t.car, binds, budget, c, form), _substitute(t.cdr, binds, budget, c, form))


def _template_vars(t: Any) -> list[Symbol]:
    if type(t) is Symbol:
        return [t]
    if type(t) is Pair:
        return _template_vars(t.car) + _template_vars(t.cdr)
    return []


def syntax_rules(c: Any, spec: Any, name: str, where: Any) -> Macro:
    """The Macro of a `(syntax-rules (literal ...) [pattern template] ...)` spec."""
    items = list_to_py(spec)
    if not items or items[0] is not sym("syntax-rules") or len(items) < 2:
        raise c.error(f"define-syntax: only (syntax-rules (literal ...) [pattern template] ...) is "
                      f"supported for {name}", where)
    literals = set(list_to_py(items[1]) or [])
    rules = []
    for rule in items[2:]:
        pair = list_to_py(rule)
        if not pair or len(pair) != 2:
            raise c.error("syntax-rules: each rule is [pattern template]", where)
        rules.append((pair[0], pair[1]))
    return Macro(name, literals, rules)


def bind_macro(c: Any, name: Symbol, macro: Macro, scope: Any) -> None:
    """Define `name` as `macro`: globally, or in the compile-time `scope`."""
    if scope is None:
        c.genv.cell(name).value = macro
    else:
        scope_macros(scope)[name] = macro


def scope_macros(scope: Any) -> dict:
    """The macros defined inside one compile-time scope."""
    if scope.macros is None:
        scope.macros = {}
    return scope.macros


def find_macro(c: Any, head: Symbol, scope: Any) -> Macro | None:
    """The macro named by `head` in `scope` (local first), or None."""
    s = scope
    while s is not None:
        if s.macros and head in s.macros:
            return s.macros[head]
        if head in s.slots:
            return None
        s = s.parent
    cell = c.genv.cells.get(head)
    return cell.value if cell is not None and type(cell.value) is Macro else None
