"""`rlm-bot bench scheme`: the Scheme interpreter against the same algorithms in plain CPython.

Each case runs the Scheme program through `run_program` (reader, compiler, evaluator, limits —
everything a real run pays) and the equivalent Python function, side by side in this process,
best of `--repeat` runs each, and prints both times and their ratio. Target: fib within 30x.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from typing import Any, Callable


def _py_fib() -> int:
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    return fib(25)


def _py_loop() -> int:
    i, acc = 0, 0
    while i != 1_000_000:
        i, acc = i + 1, acc + i
    return acc


def _py_sort() -> int:
    acc = []
    for i in range(100_000):
        acc.append((i * 7919) % 100_003)
    acc.reverse()
    return sorted(acc)[50_000]


def _py_strings() -> int:
    parts = [str(i) for i in range(100_000)]
    return len("".join(parts))


CASES: list[tuple[str, str, Callable[[], Any]]] = [
    ("fib 25",
     "(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) (fib 25)",
     _py_fib),
    ("tail loop 1e6",
     "(let loop ([i 0] [acc 0]) (if (= i 1000000) acc (loop (+ i 1) (+ acc i))))",
     _py_loop),
    ("build+sort 100k list",
     "(define lst (let loop ([i 0] [acc '()])"
     " (if (= i 100000) acc (loop (+ i 1) (cons (modulo (* i 7919) 100003) acc)))))"
     " (list-ref (sort lst <) 50000)",
     _py_sort),
    ("string building 100k",
     "(string-length (string-append* (for/list ([i (in-range 100000)]) (number->string i))))",
     _py_strings),
]


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def main(argv: list[str], settings: Any) -> int:
    """Run every case; print seconds and ratios (or one JSON object with --json)."""
    from rlm_bot.scheme import run_program
    from rlm_bot.scheme.printer import to_write

    parser = argparse.ArgumentParser(prog="rlm-bot bench scheme")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    limits = replace(settings.scheme, max_steps=100_000_000, timeout_seconds=600.0)
    rows = []
    for name, source, py in CASES:
        def scheme_run(source: str = source) -> Any:
            result = run_program(source, limits=limits)
            if not result.ok:
                raise SystemExit(f"benchmark {name!r} failed: {result.error}")
            return result.value

        t_scm, v_scm = _best(scheme_run, args.repeat)
        t_py, v_py = _best(py, args.repeat)
        if to_write(v_scm) != str(v_py):
            raise SystemExit(f"benchmark {name!r}: Scheme gave {to_write(v_scm)}, Python {v_py}")
        rows.append({"case": name, "scheme_s": round(t_scm, 4), "python_s": round(t_py, 4),
                     "ratio": round(t_scm / t_py, 1)})
    deep = run_program("(define (count n) (if (= n 0) 0 (+ 1 (count (- n 1))))) (count 10000)",
                       limits=limits)
    rows.append({"case": "non-tail recursion 10,000 deep", "scheme_s": round(deep.duration_ms / 1000, 4),
                 "python_s": None, "ratio": None, "ok": deep.ok})
    if args.json:
        print(json.dumps({"benchmark": "scheme", "rows": rows}))
        return 0
    print(f"{'case':34} {'scheme s':>10} {'python s':>10} {'ratio':>8}")
    for row in rows:
        py = "-" if row["python_s"] is None else f"{row['python_s']:.4f}"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.1f}x"
        print(f"{row['case']:34} {row['scheme_s']:>10.4f} {py:>10} {ratio:>8}")
    return 0
