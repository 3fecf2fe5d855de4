"""Design-level check of the allow-list: walk everything sandboxed code can reach by attribute
access from its starting names, and prove no module, frame, code object or dangerous callable is
among it — whatever attack would try to get there."""

from __future__ import annotations

import builtins
import codecs
import io
import os
import sys
import types

from rlm_bot.sandbox import namespaces, policy, sandbox_builtins
from rlm_bot.sandbox.helpers import sandbox_helpers

DANGEROUS = [
    builtins.eval, builtins.exec, builtins.compile, builtins.open, builtins.__import__,
    builtins.globals, builtins.locals, builtins.vars, builtins.dir, builtins.getattr,
    builtins.setattr, builtins.delattr, builtins.breakpoint, builtins.input, builtins.type,
    builtins.object, builtins.super, builtins.memoryview, io.open, codecs.open, os.system,
    os.popen, os.fork, os.execv, os.kill, os.environ, sys.exit, sys.modules, sys.settrace,
    sys.setrecursionlimit, sys.set_int_max_str_digits, sys._getframe,
]
DANGEROUS_IDS = {id(x) for x in DANGEROUS}
FORBIDDEN_TYPES = (types.ModuleType, types.FrameType, types.CodeType, types.TracebackType,
                   types.CellType, types.MappingProxyType)
MAX_DEPTH = 4
MAX_OBJECTS = 30_000


def _roots() -> list[object]:
    b = sandbox_builtins.build_builtins(sandbox_helpers(None))
    g = sandbox_builtins.build_globals(b, lambda *_: None)
    roots = [v for k, v in g.items() if not k.startswith("_")] + list(b.values())
    # typical values code makes
    roots += [1, 1.5, 2j, True, "s", b"b", [1], (1,), {1: 2}, {1}, frozenset({1}), range(2),
              slice(1), ValueError("x"), namespaces.MODULES["re"].compile("(a)").match("a"),
              (lambda: 0), (x for x in [1])]
    return roots


def _walk() -> tuple[int, list[str]]:
    seen: set[int] = set()
    queue = [(root, "root", 0) for root in _roots()]
    problems: list[str] = []
    while queue and len(seen) < MAX_OBJECTS:
        obj, path, depth = queue.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, FORBIDDEN_TYPES):
            problems.append(f"{path}: {type(obj).__name__}")
            continue
        if id(obj) in DANGEROUS_IDS:
            problems.append(f"{path}: dangerous {obj!r}")
            continue
        if depth >= MAX_DEPTH:
            continue
        try:
            names = dir(obj)
        except Exception:  # noqa: BLE001
            continue
        for name in names:
            try:
                value = policy.guarded_getattr(obj, name)
            except (AttributeError, TypeError):
                continue
            except Exception:  # noqa: BLE001 - properties may raise anything
                continue
            queue.append((value, f"{path}.{name}", depth + 1))
    return len(seen), problems


def test_reachable_set_holds_no_module_frame_code_or_dangerous_callable():
    count, problems = _walk()
    assert count > 500  # the walk really explored the namespace
    assert problems == []


def test_reachability_walk_would_notice_a_leak():
    # the same walk over an unguarded getattr finds modules at once (the check is not vacuous)
    stats_mean = namespaces.MODULES["statistics"].mean
    assert isinstance(stats_mean.__globals__["sys"], types.ModuleType)
    try:
        policy.guarded_getattr(stats_mean, "__globals__")
    except AttributeError:
        pass
    else:
        raise AssertionError("__globals__ must be refused")
