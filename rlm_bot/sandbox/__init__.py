"""The Python sandbox: RestrictedPython in pre-forked, OS-confined worker processes.

Public API (stable; other packages rely on it)::

    from rlm_bot.sandbox import get_pool, SandboxPool, SandboxResult, SandboxError

    pool = get_pool(settings)                 # shared per settings.sandbox; started once
    r = pool.run("x = [3, 1, 2]\\nprint(sorted(x))\\nsum(x)", inputs={"k": 2}, timeout=5)
    r.ok, r.output, r.value, r.error, r.error_type, r.duration_ms   # SandboxResult
    r.value_json      # JSON text of the value (None when there is none); r.to_dict() for CLIs

    with pool.session() as s:                 # one worker, namespace kept across calls
        s.set("data", [1, 2, 3])              # JSON-compatible values
        s.exec("total = sum(data)\\nprint(total)")   # -> "6\\n" (printed output)
        s.eval("total * 2")                   # -> 12 (JSON-decoded value)
        s.run("1/0")                          # -> SandboxResult(ok=False, ...) instead of raising

`run` never raises for failures of the code itself (syntax, guard refusals, exceptions, time,
CPU, memory, output limits): `ok` is False and `error_type`/`error` say why. `exec`/`eval`/`set`
raise `SandboxError` (with `.result`). `SandboxUnavailable` means the processes cannot start.

The value of a run is the last expression's value or, when the code ends in a statement, the
variable `result` if the code set one; it crosses the process boundary as JSON (sets become
lists, dates ISO strings, Decimal/Fraction strings).

Inside the sandbox: builtins (with guarded sorted/list/tuple/zip/sum/min/max/...; str.format
with plain fields only), `import` of curated namespaces — math, statistics, re, datetime, json,
collections, itertools, decimal, fractions (also pre-bound by name), and random, string (constants),
heapq, bisect, textwrap, calendar, functools (reduce only) — and the helpers calc, stats, group_by, count_words,
count_chars, parse_date, days_between, add_days, weekday, find_imports, call_graph,
compile_context, read_file, list_files (files only under settings.sandbox.files_root, read by
the worker itself under Landlock, see files.py). The helpers are also importable directly from rlm_bot.sandbox.helpers.

Layers: RestrictedPython + allow-list guards (policy.py); a process per run forked from a
zygote started with a scrubbed environment, with rlimits (CPU, address space, no core, no file
writes, no processes), closed descriptors, an empty working directory and a seccomp filter
(no open, socket, exec, fork, kill, nothing aimed at other processes) (confine.py); a PEP 578
audit hook refusing introspection and I/O events while code runs (audit.py); a host-side
wall-clock watchdog that kills overrunning workers; JSON-only, size-capped replies.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SandboxError", "SandboxPool", "SandboxResult", "SandboxSession",
           "SandboxUnavailable", "close_pools", "get_pool"]

_LAZY = {
    "SandboxPool": "rlm_bot.sandbox.pool",
    "SandboxResult": "rlm_bot.sandbox.result",
    "SandboxSession": "rlm_bot.sandbox.session",
    "get_pool": "rlm_bot.sandbox.pool",
    "close_pools": "rlm_bot.sandbox.pool",
    "SandboxError": "rlm_bot.sandbox.errors",
    "SandboxUnavailable": "rlm_bot.sandbox.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rlm_bot.sandbox' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
