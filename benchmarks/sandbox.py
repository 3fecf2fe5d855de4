"""`rlm-bot bench sandbox [--runs N] [--json]`: cost of the Python sandbox, measured side by side.

Figures: pool startup; warm one-shot call overhead (p50/p95, a spare worker ready — the usual
case for a chat bot — and back to back, where each call waits for a fork); session call
overhead (the Scheme bridge's path); per-helper timings on typical input (direct and inside
the sandbox); and ratios against plain `exec` of the same code in-process, with the
RestrictedPython guards alone (in-process Runner) as the middle column.
Targets (issue 5): warm overhead < 5 ms p50; each helper < 50 ms on typical input.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from typing import Any

from rlm_bot.sandbox import SandboxPool
from rlm_bot.sandbox import helpers as h
from rlm_bot.sandbox.runtime import Runner

TARGET_OVERHEAD_MS = 5.0
TARGET_HELPER_MS = 50.0

PROGRAMS = {
    "trivial": "1 + 1",
    "aggregate": ("data = [{'team': 'abc'[i % 3], 'v': (i * 37) % 101} for i in range(2000)]\n"
                  "totals = {}\nfor row in data:\n    totals[row['team']] = totals.get(row['team'], 0)"
                  " + row['v']\nsorted(totals.items())"),
    "text": ("text = 'the quick brown fox jumps over the lazy dog ' * 200\n"
             "words = text.split()\ncounts = {}\nfor w in words:\n    counts[w] = counts.get(w, 0) + 1\n"
             "sorted(counts.items(), key=lambda kv: -kv[1])[:3]"),
    "math": ("import math\ntotal = 0\nfor i in range(1, 20000):\n    total += math.sqrt(i)\n"
             "round(total, 3)"),
}

_PY_SOURCE = "\n".join(
    ["import os, json", "from collections import defaultdict", "",
     "class Repo:", "    def load(self, path):", "        return json.loads(read(path))", "",
     "def read(path):", "    with open(path) as f:", "        return f.read()", "",
     "def main():", "    repo = Repo()", "    data = repo.load('x.json')",
     "    print(summarise(data))", "",
     "def summarise(d):", "    return {k: len(v) for k, v in d.items()}"] * 8)
_TS_SOURCE = "import React from 'react';\nimport { a } from './a';\nconst b = require('b');\n" * 20
_GO_SOURCE = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() { fmt.Println(os.Args) }\n'
_FILES = {"app/main.py": "from app import util\nimport json\n" + "x = 1\n" * 200,
          "app/util.py": "def helper():\n    return 1\n" * 50, "app/__init__.py": ""}
_DATA = [((i * 7919) % 1000) / 10 for i in range(10_000)]

HELPER_CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "calc": (lambda: h.calc("(17 * 23 + 4^5) / sqrt(2) - 3!"),
             "calc('(17 * 23 + 4^5) / sqrt(2) - 3!')"),
    "stats": (lambda: h.stats(_DATA), "stats(data)"),
    "group_by": (lambda: h.group_by(_DATA, lambda x: int(x) % 10),
                 "group_by(data, lambda x: int(x) % 10)"),
    "count_words": (lambda: h.count_words("lorem ipsum dolor sit amet " * 2000),
                    "count_words('lorem ipsum dolor sit amet ' * 2000)"),
    "count_chars": (lambda: h.count_chars("lorem ipsum " * 2000, spaces=False),
                    "count_chars('lorem ipsum ' * 2000, spaces=False)"),
    "parse_date": (lambda: h.parse_date("March 5th, 2024"), "parse_date('March 5th, 2024')"),
    "days_between": (lambda: h.days_between("2024-01-01", "2024-12-25"),
                     "days_between('2024-01-01', '2024-12-25')"),
    "add_days": (lambda: h.add_days("2024-02-28", 400), "add_days('2024-02-28', 400)"),
    "weekday": (lambda: h.weekday("2024-07-04"), "weekday('2024-07-04')"),
    "find_imports[py]": (lambda: h.find_imports(_PY_SOURCE), "find_imports(py_source)"),
    "find_imports[ts]": (lambda: h.find_imports(_TS_SOURCE, "typescript"),
                         "find_imports(ts_source, 'typescript')"),
    "find_imports[go]": (lambda: h.find_imports(_GO_SOURCE), "find_imports(go_source)"),
    "call_graph": (lambda: h.call_graph(_PY_SOURCE), "call_graph(py_source)"),
    "compile_context": (lambda: h.compile_context(_FILES, include_deps=True, max_tokens=2000),
                        "compile_context(files, True, 2000)"),
}
_INPUTS = {"data": _DATA, "py_source": _PY_SOURCE, "ts_source": _TS_SOURCE,
           "go_source": _GO_SOURCE, "files": _FILES}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _time(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _plain_exec(code: str) -> Callable[[], Any]:
    compiled = compile(code, "<plain>", "exec")
    return lambda: exec(compiled, {"__name__": "plain"})  # noqa: S102 - the baseline


def main(argv: list[str], settings: Any) -> int:
    """Run the benchmark and print figures (or one JSON object with --json)."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench sandbox")
    parser.add_argument("--runs", type=int, default=200, help="calls per measurement")
    parser.add_argument("--gap-ms", type=float, default=20.0,
                        help="pause between 'spare ready' calls (a chat bot's calls are seconds apart)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runs = max(10, args.runs)
    report: dict[str, Any] = {"runs": runs, "cpus": os.cpu_count(),
                              "load_average_1m": round(os.getloadavg()[0], 2)}

    started = time.perf_counter()
    pool = SandboxPool(settings.sandbox)
    pool.warm()
    report["startup_ms"] = round((time.perf_counter() - started) * 1000, 1)
    try:
        report["seccomp"] = pool.stats.seccomp
        pool.run("1")  # first call after warm-up

        def ready_call() -> float:
            """One call with a spare worker ready, as in a chat bot between messages."""
            pool.warm(timeout=1.0)
            time.sleep(args.gap_ms / 1000)
            t = time.perf_counter()
            result = pool.run("1 + 1")
            assert result.ok and result.value == 2, result.error
            return (time.perf_counter() - t) * 1000

        ready = [ready_call() for _ in range(runs)]
        burst = _time(lambda: pool.run("1 + 1"), max(20, runs // 4))
        with pool.session() as session:
            sess = _time(lambda: session.eval("1 + 1"), runs)
        report["overhead_ms"] = {
            "one_shot_ready": {"p50": round(_pct(ready, .5), 3), "p95": round(_pct(ready, .95), 3)},
            "one_shot_back_to_back": {"p50": round(_pct(burst, .5), 3),
                                      "p95": round(_pct(burst, .95), 3)},
            "session_call": {"p50": round(_pct(sess, .5), 3), "p95": round(_pct(sess, .95), 3)},
            "target_p50": TARGET_OVERHEAD_MS,
            "meets_target": _pct(ready, .5) < TARGET_OVERHEAD_MS,
        }

        programs = {}
        reps = max(5, runs // 10)
        for name, code in PROGRAMS.items():
            plain = _pct(_time(_plain_exec(code), reps), .5)
            guarded = _pct(_time(lambda c=code: Runner(max_output=65536).execute(c), reps), .5)
            pool.warm(timeout=1.0)
            sandboxed = []
            for _ in range(reps):
                pool.warm(timeout=1.0)
                time.sleep(args.gap_ms / 1000)
                t = time.perf_counter()
                res = pool.run(code)
                sandboxed.append((time.perf_counter() - t) * 1000)
                assert res.ok, res.error
            sb = _pct(sandboxed, .5)
            programs[name] = {"plain_exec_ms": round(plain, 3), "restricted_inproc_ms": round(guarded, 3),
                              "sandbox_ms": round(sb, 3),
                              "overhead_vs_plain_ms": round(sb - plain, 3),
                              "ratio_sandbox_vs_plain": round(sb / plain, 1) if plain else None,
                              "ratio_guards_vs_plain": round(guarded / plain, 2) if plain else None}
        report["programs"] = programs

        helper_report = {}
        with pool.session() as session:
            for name, value in _INPUTS.items():
                session.set(name, value)
            for name, (direct, code) in HELPER_CASES.items():
                d = _pct(_time(direct, reps), .5)
                inside = []
                for _ in range(reps):
                    res = session.run(code)
                    assert res.ok, f"{name}: {res.error}"
                    inside.append(res.duration_ms)
                helper_report[name] = {"direct_ms": round(d, 3),
                                       "in_sandbox_ms": round(_pct(inside, .5), 3)}
        worst = max(v["in_sandbox_ms"] for v in helper_report.values())
        report["helpers"] = helper_report
        report["helpers_meet_target"] = worst < TARGET_HELPER_MS
        report["pool_stats"] = {"forks": pool.stats.forks, "runs": pool.stats.runs,
                                "killed": pool.stats.killed}
    finally:
        pool.close()

    if args.json:
        print(json.dumps(report))
        return 0
    _print(report)
    return 0


def _print(r: dict[str, Any]) -> None:
    o = r["overhead_ms"]
    print(f"sandbox benchmark ({r['runs']} calls per figure; seccomp={r['seccomp']}; "
          f"{r['cpus']} CPUs, load average {r['load_average_1m']})")
    print(f"  pool startup (zygote + spares)      {r['startup_ms']:8.1f} ms")
    print(f"  one-shot call, spare ready   p50 {o['one_shot_ready']['p50']:7.3f} ms"
          f"   p95 {o['one_shot_ready']['p95']:7.3f} ms   (target p50 < {o['target_p50']} ms:"
          f" {'met' if o['meets_target'] else 'NOT met'})")
    print(f"  one-shot call, back to back  p50 {o['one_shot_back_to_back']['p50']:7.3f} ms"
          f"   p95 {o['one_shot_back_to_back']['p95']:7.3f} ms   (waits for a fork)")
    print(f"  session call (Scheme bridge) p50 {o['session_call']['p50']:7.3f} ms"
          f"   p95 {o['session_call']['p95']:7.3f} ms")
    print("  program       plain exec  guards in-proc     sandbox   sandbox-plain  sandbox/plain"
          "  guards/plain")
    for name, p in r["programs"].items():
        print(f"  {name:<11} {p['plain_exec_ms']:9.3f} ms {p['restricted_inproc_ms']:9.3f} ms"
              f" {p['sandbox_ms']:9.3f} ms {p['overhead_vs_plain_ms']:10.3f} ms"
              f" {p['ratio_sandbox_vs_plain']:12.1f}x {p['ratio_guards_vs_plain']:11.2f}x")
    print("  helper               direct      in sandbox   (target < 50 ms: "
          f"{'met' if r['helpers_meet_target'] else 'NOT met'})")
    for name, v in r["helpers"].items():
        print(f"  {name:<18} {v['direct_ms']:8.3f} ms {v['in_sandbox_ms']:10.3f} ms")
