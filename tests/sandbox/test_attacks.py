"""Attacks beyond the shared corpus, one table per category; all must fail cleanly or be harmless.

`err` means the run must fail with a clear error (optionally of a given type); `ok` means it may
succeed but must be harmless (checked by assert_no_leak for every row).
"""

from __future__ import annotations

import pytest

from tests.helpers.sandbox import assert_no_leak

IMPORT_BYPASS = [
    ("import sys", "ImportError"),
    ("import math.sys", "ImportError"),
    ("from math import sys", "ImportError"),
    ("from json import decoder", "ImportError"),
    ("from json import scanner", "ImportError"),
    ("import collections.abc", "ImportError"),
    ("from datetime import sys", "ImportError"),
    ("import posix", "ImportError"),
    ("import _posixsubprocess", "SyntaxError"),
    ("import multiprocessing", "ImportError"),
    ("import builtins", "SyntaxError"),
    ("from re import _parser", "SyntaxError"),
    ("from statistics import random", "ImportError"),
    ("import json as j\nresult = j.codecs", "AttributeError"),
]

BUILTINS_ACCESS = [
    ("exec('1')", "SyntaxError"),
    ("result = type(1)", "NameError"),
    ("result = object", "NameError"),
    ("result = memoryview(b'a')", "NameError"),
    ("result = input()", "NameError"),
    ("exit()", "NameError"),
    ("help()", "NameError"),
    ("result = super()", "NameError"),
    ("result = __loader__", "SyntaxError"),
    ("result = __file__", "SyntaxError"),
    ("result = getattr(print, '__self__')", "AttributeError"),
    ("result = getattr(calc, '__glo' + 'bals__')", "AttributeError"),
    ("result = getattr(stats, 'func_globals')", "AttributeError"),
    ("result = getattr(sorted, '__module__')", "AttributeError"),
    ("result = getattr(getattr, '__self__')", "AttributeError"),
    ("result = read_file('/proc/self/environ')", "PermissionError"),
    ("result = list_files('/')", "PermissionError"),
    ("result = vars", "NameError"),
]

DUNDER_AND_GETATTR = [
    ("result = getattr(str, 'mro')()", "AttributeError"),
    ("result = getattr(1, 'real').__class__", "SyntaxError"),
    ("n = 'form' + 'at'\nresult = getattr('{0.real}', n)(1)", "ValueError"),
    ("class S(str):\n    pass\nresult = getattr(1, S('real'))", "TypeError"),
    ("result = getattr(math, '__dict__')", "AttributeError"),
    ("result = getattr(statistics.mean, '__wrapped__')", "AttributeError"),
    ("result = getattr(re.compile('a'), 'scanner')('a')", "AttributeError"),
    ("result = getattr(json.dumps, '__code__')", "AttributeError"),
    ("result = [getattr(x, '__class__', 'refused') for x in (1, 'a', [], math)]", None),
    ("result = hasattr(json, 'codecs') or hasattr(statistics, 'sys')", None),
    ("result = getattr(collections.Counter, '__subclasses__')", "AttributeError"),
    ("result = getattr(getattr(1, 'real'), 'imag')", None),
    ("result = str(math) + repr(json) + str(statistics)", None),
    ("result = dict(math)", "TypeError"),
    ("result = list(json)", "TypeError"),
    ("result = math['sqrt']", "TypeError"),
]

FRAME_WALKING = [
    ("def g():\n    yield 1\nresult = getattr(g(), 'gi_frame')", "AttributeError"),
    ("def g():\n    yield 1\nresult = getattr(g(), 'gi_code')", "AttributeError"),
    ("try:\n    1/0\nexcept Exception as e:\n    result = getattr(e, '__traceback__')",
     "AttributeError"),
    ("try:\n    1/0\nexcept Exception as e:\n    result = e.with_traceback(None)",
     "AttributeError"),
    ("try:\n    1/0\nexcept Exception as e:\n    result = getattr(e, 'tb_frame')", "AttributeError"),
    ("def g():\n    yield 1\nx = g()\nresult = [x.send(None), getattr(x, 'gi_yieldfrom', 0)]",
     None),
    ("x = (i for i in [1])\nresult = getattr(x, 'gi_running')", "AttributeError"),
    ("it = iter(lambda: 1, 2)\nresult = next(it)", None),
]

FORMAT_STRING = [
    ("result = '{0.real}'.format(1)", "ValueError"),
    ("result = '{0[0]}'.format([1])", "ValueError"),
    ("result = '{:{0.real}}'.format(1)", "ValueError"),
    ("result = '{0.__class__.__mro__}'.format_map({})", "ValueError"),
    ("f = getattr(str, 'format')\nresult = f('{0.__globals__}', calc)", "ValueError"),
    ("class S(str):\n    pass\nresult = S('{0.real}').format(1)", "AttributeError"),
    ("result = getattr(b'{0.real}', 'format', None)", None),
    ("result = format(1, 'x')", "NameError"),
    ("result = str.format_map('{a.real}', {'a': 1})", "ValueError"),
    ("result = list(map('{0}!'.format, [1]))", None),
    ("result = '%s %r' % (statistics, json)", None),
    ("result = f'{statistics!r} {math!s}'", None),
    ("result = datetime.date(2024, 1, 1).strftime('%Y-%m-%d %A')", None),
    ("result = getattr(datetime.date(2024, 1, 1), 'format')", "AttributeError"),
    ("result = getattr(decimal.Decimal(1), 'format')", "AttributeError"),
    ("result = f\"{'x':{'>'}{10}}\"", None),
]

GUARD_SHADOWING = [
    ("def f(*, _getattr_=None):\n    pass", "SyntaxError"),
    ("def f(*_getiter_):\n    pass", "SyntaxError"),
    ("def f(**_write_):\n    pass", "SyntaxError"),
    ("for _getattr_ in [1]:\n    pass", "SyntaxError"),
    ("try:\n    1/0\nexcept Exception as _getitem_:\n    pass", "SyntaxError"),
    ("class _getattr_:\n    pass", "SyntaxError"),
    ("f = lambda _apply_: 1", "SyntaxError"),
    ("import math as _inplacevar_", "SyntaxError"),
    ("del _getattr_", "SyntaxError"),
    ("printed = 1", "SyntaxError"),
    ("def g(_pow_=lambda a, b: 0, /):\n    return 2 ** 10", "SyntaxError"),
    ("with decimal.localcontext() as _write_:\n    pass", "SyntaxError"),
]

CLASS_TRICKS = [
    ("class X(type):\n    pass", "NameError"),
    ("class X:\n    __slots__ = ()", "SyntaxError"),
    ("class X:\n    def __init__(self):\n        self.__dict__ = {}", "SyntaxError"),
    ("class X:\n    def __init_subclass__(cls):\n        pass", "SyntaxError"),
    ("class X:\n    def __del__(self):\n        pass", "SyntaxError"),
    ("class X:\n    pass\nsetattr(X(), '__class__', str)", "AttributeError"),
    ("class X:\n    pass\nx = X()\nsetattr(x, 'ok', 1)\nresult = x.ok", None),
    ("P = collections.namedtuple('P', 'x', rename=True)\nresult = getattr(P, '_make')",
     "AttributeError"),
    ("P = collections.namedtuple('P', ['_a'])", "ValueError"),
    ("class F(fractions.Fraction):\n    pass\nresult = F(1, 3) + 1", None),
    ("class E(Exception):\n    pass\ntry:\n    raise E('x')\nexcept E as e:\n    result = e.args",
     None),
    ("class X:\n    pass\nresult = repr(X) + str(X())", None),
    ("@json.dumps\ndef f():\n    pass", "TypeError"),
]

MODULE_LEAK = [
    ("result = getattr(math, '__spec__')", "AttributeError"),
    ("result = getattr(re.Pattern, '__module__')", "AttributeError"),
    ("result = re.compile('(?P<a>x)').groupindex", "AttributeError"),
    ("result = statistics.NormalDist(0, 1).samples(3, seed=1)", None),
    ("result = itertools.chain.from_iterable([[1], [2]])", None),
    ("result = collections.ChainMap({'a': 1}).maps", None),
    ("result = getattr(collections.defaultdict(list), 'default_factory')", None),
    ("result = json.dumps({}, cls=1)", "TypeError"),
    ("d = decimal.getcontext()\nresult = d.traps[decimal.Inexact]", None),
    ("d = decimal.getcontext()\nd.traps[decimal.Inexact] = True", "AttributeError"),
]

STATE_POISONING = [
    ("math.pi = 3", "TypeError"),
    ("setattr(math, 'pi', 3)", "TypeError"),
    ("collections.Counter.most_common = None", "TypeError"),
    ("setattr(collections.Counter, 'most_common', None)", "TypeError"),
    ("setattr(dict, 'update', None)", "TypeError"),
    ("delattr(json, 'dumps')", "TypeError"),
    ("x = datetime.date(2024, 1, 1)\nx.year = 1", "TypeError"),
    ("decimal.getcontext().prec = 3\nresult = str(decimal.Decimal(1) / 7)", None),
]

EXCEPTION_TRICKS = [
    ("raise KeyboardInterrupt", "KeyboardInterrupt"),
    ("raise GeneratorExit", "GeneratorExit"),
    ("raise BaseException('x')", "BaseException"),
    ("class E(BaseException):\n    pass\nraise E", "E"),
    ("raise StopIteration", "StopIteration"),
    ("try:\n    statistics.missing\nexcept AttributeError as e:\n    result = getattr(e, 'obj')",
     "AttributeError"),
    ("raise ValueError('x' * 10 ** 6)", "ValueError"),
    ("try:\n    json.loads('{')\nexcept json.JSONDecodeError as e:\n    result = [e.msg, e.pos]", None),
]

HOST_CRASH = [
    ("print('\\x00\\x00\\x00\\x05hello', '\\ud800')\nresult = '\\udcff'", None),
    ("result = float('nan')", None),
    ("result = [float('inf'), float('-inf')]", None),
    ("x = []\nfor i in range(10000):\n    x = [x]\nresult = x", None),
    ("result = {i: str(i) * 50 for i in range(100000)}", None),
    ("print('{\"final\": true, \"ok\": true, \"output\": \"forged\"}')", None),
]

SYNTAX = [
    ("f = lambda: (yield)", None),
    ("async def f():\n    pass", "SyntaxError"),
    ("match 1:\n    case 1:\n        pass", "SyntaxError"),
    ("try:\n    pass\nexcept* ValueError:\n    pass", "SyntaxError"),
    ("def f():\n    x = 1\n    def g():\n        nonlocal x\n    g()", "SyntaxError"),
    ("type X = int", "SyntaxError"),
    ("x: int = 5\nx + 1", None),
    ("(lambda: 1)(", "SyntaxError"),
    ("x = 'a'\x00", "SyntaxError"),
    ("ｅｘｅｃ('1')", "SyntaxError"),
    ("result = ＿＿import＿＿", "SyntaxError"),
]

ALL = [(f"{cat}-{i}", code, expect) for cat, table in (
    ("import", IMPORT_BYPASS), ("builtins", BUILTINS_ACCESS), ("getattr", DUNDER_AND_GETATTR),
    ("frames", FRAME_WALKING), ("format", FORMAT_STRING), ("shadow", GUARD_SHADOWING),
    ("class", CLASS_TRICKS), ("module", MODULE_LEAK), ("poison", STATE_POISONING),
    ("exception", EXCEPTION_TRICKS), ("crash", HOST_CRASH), ("syntax", SYNTAX),
) for i, (code, expect) in enumerate(table)]


@pytest.mark.parametrize(("code", "expect"), [a[1:] for a in ALL], ids=[a[0] for a in ALL])
def test_attack_is_refused_or_harmless(pool, canaries, code, expect):
    result = pool.run(code)
    assert_no_leak(result)
    if expect is not None:
        assert not result.ok, f"expected {expect}, got ok with value {result.value!r}"
        assert result.error_type == expect, result.error
        assert result.error
    assert len(result.output) <= pool.settings.max_output_bytes + 200


def test_attack_state_does_not_reach_the_next_run(pool):
    first = pool.run("decimal.getcontext().prec = 3\nstr(decimal.Decimal(1) / 7)")
    assert first.value == "0.143"
    second = pool.run("str(decimal.Decimal(1) / 7)")
    assert second.value == "0.1428571428571428571428571429"


def test_attack_forged_protocol_text_stays_output(pool):
    result = pool.run("print('{\"final\": true, \"ok\": true, \"value\": \"42\"}')\n1")
    assert result.ok and result.value == 1
    assert '"value": "42"' in result.output


def test_attack_internal_import_names_stay_unreachable(pool):
    for code in ("import _strptime", "from datetime import _strptime",
                 "result = getattr(datetime, '_strptime')"):
        result = pool.run(code)
        assert not result.ok and result.error_type in {"SyntaxError", "AttributeError"}, code
    assert pool.run("datetime.datetime.strptime('2024', '%Y').year").value == 2024
