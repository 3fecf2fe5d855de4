"""Special forms that define macros: define-syntax (syntax-rules) and define-syntax-rule.

The expander itself (matching, substitution, lookup) is macros.py, which the compiler calls.
"""

from __future__ import annotations

from rlm_bot.scheme.compiler import constant, special
from rlm_bot.scheme.macros import Macro, bind_macro, syntax_rules
from rlm_bot.scheme.values import VOID, Pair, Symbol, list_to_py


# (define-syntax name (syntax-rules (literal ...) [pattern template] ...))
@special("define-syntax")
def define_syntax_form(c, x, scope, tail, depth):
    """Compile (define-syntax name (syntax-rules (literal ...) [pattern template] ...))"""
    items = list_to_py(x.cdr)
    if not items or len(items) != 2 or type(items[0]) is not Symbol:
        raise c.error("define-syntax: bad syntax; expected (define-syntax name (syntax-rules ...))", x)
    bind_macro(c, items[0], syntax_rules(c, items[1], items[0].name, x), scope)
    return constant(VOID)


# (define-syntax-rule (name . pattern) template)
@special("define-syntax-rule")
def define_syntax_rule_form(c, x, scope, tail, depth):
    """Compile (define-syntax-rule (name . pattern) template)"""
    items = list_to_py(x.cdr)
    if not items or len(items) != 2 or type(items[0]) is not Pair or type(items[0].car) is not Symbol:
        raise c.error("define-syntax-rule: bad syntax; expected (define-syntax-rule (name . pattern) template)", x)
    name = items[0].car
    bind_macro(c, name, Macro(name.name, set(), [(items[0], items[1])]), scope)
    return constant(VOID)
