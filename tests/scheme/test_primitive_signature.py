"""A primitive's arity and keywords, read off the code object on the fast path, must be exactly
what inspect.signature says for every shape of Python function."""

import functools
import inspect

import pytest

from rlm_bot.scheme.values import Primitive, _code_signature


def _by_inspect(fn, skip_first):
    params = list(inspect.signature(fn).parameters.values())
    if skip_first and params:
        params = params[1:]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return (frozenset(p.name for p in params if p.kind is p.KEYWORD_ONLY),
            any(p.kind is p.VAR_KEYWORD for p in params),
            sum(1 for p in positional if p.default is p.empty),
            None if any(p.kind is p.VAR_POSITIONAL for p in params) else len(positional))


def _wrapped(a, b, *, key=None):
    return a


@functools.wraps(_wrapped)
def _wrapper(*args, **kw):
    return _wrapped(*args, **kw)


SHAPES = [
    lambda: 0,
    lambda a: a,
    lambda a, b=1: a,
    lambda a=0, b=1: a,
    lambda a, /, b, c=2: a,
    lambda *xs: xs,
    lambda a, *xs: a,
    lambda a, *, key, flag=False: a,
    lambda a, b=1, *xs, key=None, **kw: a,
    lambda **kw: kw,
    lambda *, key: key,
    lambda run, a, b=2: a,
    _wrapper,
]


@pytest.mark.parametrize("fn", SHAPES)
@pytest.mark.parametrize("skip_first", [False, True])
def test_fast_signature_matches_inspect(fn, skip_first):
    p = Primitive("p", fn, needs_run=skip_first)
    assert (p.keywords, p.any_keywords, p.min_args, p.max_args) == _by_inspect(fn, skip_first)


def test_wrapped_and_builtin_callables_are_left_to_inspect():
    assert _code_signature(_wrapper, False) is None  # functools.wraps: inspect follows __wrapped__
    assert _code_signature(len, False) is None
    assert _code_signature(functools.partial(_wrapped, 1), False) is None
    assert _code_signature(lambda: 0, True) is None  # nothing positional to drop
    assert Primitive("w", _wrapper).min_args == 2
