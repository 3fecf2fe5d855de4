"""`rlm-bot bench fanout`: map-async fan-out through the whole RLM runtime vs the bare client,
and a cold `rlm-bot scheme` process doing the same fan-out vs plain threads.

N items at C concurrent against the scripted OpenAI-compatible provider (its own process, so its
CPU is not charged here) answering after L seconds. Side by side in the same run:
  runtime-async   (map-async (lambda (i) (llm-query-async ...)) items #:max-concurrent C)
  runtime-sync    (map-async (lambda (i) (syntax-e (llm-query ...))) items #:max-concurrent C)
  client          the same calls straight through LLMClient.acomplete + a semaphore (no Scheme)
and for each: wall, wall / ideal with ideal = ceil(N/C)·L (target <= 1.10), CPU per call, and the
runtime's per-call overhead over the bare client (measured again with a 0 ms provider, where
overhead is all there is).

Cold (benchmarks/_cold.py): one fresh `rlm-bot scheme` process per case running the runtime-async
program, timed from spawn to exit, against plain threads sharing one HTTP pool doing the same
calls in the same run (target <= 1.25x); and against a provider answering at once, a cold run of
one `llm-query` (target <= 1.5 s) and of a program with no call.

`--configs` picks what to measure side by side: `default` (the settings as configured: with the
bench's endpoint, `auto` resolves to the lean http transport), `litellm` (litellm with the
configured workers), `litellm:N` (N worker processes), `http`; a summary table ends the run.

    rlm-bot bench fanout [--cases 200x50,1000x100] [--latency 0.2] [--repeat 1]
                         [--configs default,litellm:0,litellm:2] [--no-cold | --cold-only] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import time
from dataclasses import replace
from pathlib import Path

from rlm_bot.config import resolve_transport

from benchmarks._cold import FAN_OUT, ONE_CALL, TRIVIAL, ColdCli, threads_baseline
from benchmarks._paths import ROOT, cpu_seconds, start_fake_provider

TARGET_RATIO = 1.10
COLD_TARGET_RATIO = 1.25  # a cold CLI fan-out vs plain threads with one shared pool
COLD_ONE_CALL_TARGET_S = 1.5
PROGRAMS = {
    "runtime-async": "(map-async (lambda (i) (llm-query-async #:instruction \"ping\" #:max-tokens 16))"
                     " (range {n}) #:max-concurrent {c})",
    "runtime-sync": "(map-async (lambda (i) (syntax-e (llm-query #:instruction \"ping\" #:max-tokens 16)))"
                    " (range {n}) #:max-concurrent {c})",
}


def _settings(settings, url: str, n: int, transport: str | None, workers: int | None = None):
    llm = replace(settings.llm, api_base=url, run_max_calls=max(n * 2, 10), max_retries=0,
                  run_max_tokens=max(settings.llm.run_max_tokens, n * 200),
                  transport=settings.llm.transport if transport is None else transport,
                  workers=settings.llm.workers if workers is None else workers)
    scheme = replace(settings.scheme, timeout_seconds=max(settings.scheme.timeout_seconds, 120.0))
    return replace(settings, llm=llm, scheme=scheme)


def _runtime_case(settings, name: str, n: int, c: int) -> dict:
    from rlm_bot.scheme.runtime import open_session
    from rlm_bot.scheme.runtime.client_gateway import open_gateway

    # no usage rows: a benchmark must not fill the data dir's usage table
    rt = open_session(settings, prelude=False, gateway=open_gateway(settings, record_usage=False))
    try:
        rt.gateway.warm()
        rt.gateway.client.start_workers(timeout=120)  # RLM_LLM_WORKERS > 0: processes up and ready
        rt.execute(PROGRAMS[name].format(n=c, c=c), timeout=60)  # warm the connection pool
        pids = rt.gateway.status().get("worker_pids") or []
        cpu0, t0 = cpu_seconds(pids), time.perf_counter()
        out = rt.execute(PROGRAMS[name].format(n=n, c=c), timeout=120)
        wall, cpu = time.perf_counter() - t0, cpu_seconds(pids) - cpu0
        if not out.ok:
            raise SystemExit(f"{name} failed: {out.error}")
        return {"wall_s": wall, "cpu_ms_per_call": cpu * 1000 / n, "calls": out.calls, "workers": len(pids)}
    finally:
        rt.close()
        rt.gateway.close()
        from rlm_bot.scheme.runtime import close_model_clients

        close_model_clients()


def _client_case(settings, n: int, c: int) -> dict:
    from rlm_bot.llm import LLMClient

    client = LLMClient(settings.llm)

    async def run(count: int) -> None:
        sem = asyncio.Semaphore(c)

        async def one() -> None:
            async with sem:
                await client.acomplete("haiku", [{"role": "user", "content": "ping"}], max_tokens=16)

        await asyncio.gather(*(one() for _ in range(count)))

    try:
        client.start_workers(timeout=120)
        asyncio.run(run(c))
        pids = client.status()["worker_pids"]
        cpu0, t0 = cpu_seconds(pids), time.perf_counter()
        asyncio.run(run(n))
        return {"wall_s": time.perf_counter() - t0, "cpu_ms_per_call": (cpu_seconds(pids) - cpu0) * 1000 / n,
                "calls": n, "workers": len(pids)}
    finally:
        client.close()


def _measure(settings, latency: float, cases: list[tuple[int, int]], repeat: int,
             transport: str | None, workers: int | None = None) -> list[dict]:
    proc, url = start_fake_provider(latency)
    rows = []
    try:
        for n, c in cases:
            s = _settings(settings, url, n, transport, workers)
            ideal = math.ceil(n / c) * latency
            for name in ("client", "runtime-async", "runtime-sync"):
                runs = [_client_case(s, n, c) if name == "client" else _runtime_case(s, name, n, c)
                        for _ in range(repeat)]
                r = min(runs, key=lambda x: x["wall_s"])  # best of `repeat`: the machine is shared
                r["cpu_ms_per_call"] = min(x["cpu_ms_per_call"] for x in runs)
                r.update(kind=name, items=n, concurrency=c, latency_s=latency, repeat=repeat,
                         transport=s.llm.transport_in_use,
                         ideal_s=ideal, ratio=(r["wall_s"] / ideal) if ideal else None)
                rows.append(r)
    finally:
        proc.kill()
        proc.wait()
    return rows


def _measure_cold(settings, latency: float, cases: list[tuple[int, int]], repeat: int,
                  transport: str | None, workers: int | None, root: Path = ROOT,
                  before: Path | None = None) -> tuple[dict, dict | None]:
    """Cold `rlm-bot scheme` processes (of the checkout at `root`) vs plain threads with one
    shared pool, case by case, and cold one-call / no-call runs against a provider answering at
    once (also without bytecode, as a sandbox with PYTHONDONTWRITEBYTECODE runs them). With
    `before` (another checkout, run with its own defaults), its processes alternate with ours
    and the threads run by run, so all of them meet the same machine: (ours, before's)."""
    from rlm_bot.llm import load_profiles

    order = settings.routing.cascade_order
    profiles = load_profiles(settings.llm.models_file)
    model = profiles[order[0] if order else next(iter(profiles))].wire_model
    sides = [(root, transport, workers)] + ([(before, None, None)] if before is not None else [])
    outs = [{"root": str(r), "fan_out": [], "one_call": None, "no_call": None, "one_call_no_bytecode": None}
            for r, _, _ in sides]
    for wait, names in ((latency, "fan"), (0.0, "single")):
        proc, url = start_fake_provider(wait)
        colds = [ColdCli(url, t, w, root=r) for r, t, w in sides]
        try:
            for cold in colds:
                cold.warm_up()
            if names == "fan":
                for n, c in cases:
                    threads: list[float] = []
                    runs: list[list[dict]] = [[] for _ in sides]
                    for _ in range(repeat):  # alternate, so every side sees the same machine
                        threads.append(threads_baseline(url, model, n, c))
                        for cold, side_runs in zip(colds, runs):
                            run = cold.scheme(FAN_OUT.format(n=n, c=c))
                            if run["stdout"] != str(n):
                                raise SystemExit(f"the cold fan-out printed {run['stdout']!r}, not {n}")
                            side_runs.append(run)
                    base = min(threads)
                    ideal = math.ceil(n / c) * latency
                    for out, side_runs in zip(outs, runs):
                        best = min(side_runs, key=lambda r: r["wall_s"])
                        walls = sorted(r["wall_s"] for r in side_runs)
                        out["fan_out"].append({
                            "items": n, "concurrency": c, "latency_s": latency, "ideal_s": ideal,
                            "cold_cli_s": best["wall_s"], "cold_cli_cpu_s": best["cpu_s"],
                            "cold_cli_median_s": walls[len(walls) // 2], "threads_s": base,
                            "vs_threads": best["wall_s"] / base,
                            "threads_vs_ideal": base / ideal if ideal else None,
                            "cold_vs_ideal": best["wall_s"] / ideal if ideal else None})
            else:
                for key, program in (("one_call", ONE_CALL), ("no_call", TRIVIAL)):
                    runs = [[] for _ in sides]
                    for _ in range(repeat):
                        for cold, side_runs in zip(colds, runs):
                            side_runs.append(cold.scheme(program))
                    for out, side_runs in zip(outs, runs):
                        best = min(side_runs, key=lambda r: r["wall_s"])
                        out[key] = {"wall_s": best["wall_s"], "cpu_s": best["cpu_s"]}
                raws = [ColdCli(url, t, w, root=r, bytecode=False) for r, t, w in sides]
                try:
                    for raw in raws:
                        raw.warm_up()
                    runs = [[] for _ in sides]
                    for _ in range(repeat):
                        for raw, side_runs in zip(raws, runs):
                            side_runs.append(raw.scheme(ONE_CALL))
                    for out, side_runs in zip(outs, runs):
                        best = min(side_runs, key=lambda r: r["wall_s"])
                        out["one_call_no_bytecode"] = {"wall_s": best["wall_s"], "cpu_s": best["cpu_s"]}
                finally:
                    for raw in raws:
                        raw.close()
        finally:
            for cold in colds:
                cold.close()
            proc.kill()
            proc.wait()
    return outs[0], (outs[1] if before is not None else None)


def main(argv: list[str], settings) -> int:
    """Run the cases; print a table (or JSON) with ratios measured side by side."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench fanout")
    parser.add_argument("--cases", default="200x50,1000x100", help="NxC,NxC (items x max-concurrent)")
    parser.add_argument("--latency", type=float, default=0.2, help="provider latency in seconds")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the best is kept")
    parser.add_argument("--configs", default="default",
                        help="what to measure side by side: default (as configured), litellm (litellm with "
                             "the configured workers), litellm:N (N worker processes), http")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold CLI processes")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the cold CLI processes (no warm in-process fan-out): a quicker before/after")
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout (e.g. /work/main) whose cold CLI is timed in the same run, "
                             "with its own defaults, run by run alternating with ours, for a before/after")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    load_start = _load_average()
    cases = [tuple(int(x) for x in part.split("x")) for part in args.cases.split(",")]
    configs = _configs(args.configs, settings)
    result: dict = {"target_ratio": TARGET_RATIO, "cold_target_ratio": COLD_TARGET_RATIO,
                    "cold_one_call_target_s": COLD_ONE_CALL_TARGET_S, "configs": {}}
    before = None
    for index, (label, transport, workers) in enumerate(configs):
        repeat = max(1, args.repeat)
        rows: list[dict] = []
        zero: list[dict] = []
        base, overhead = None, {}
        if not args.cold_only:
            rows = _measure(settings, args.latency, cases, repeat, transport, workers)
            zero = _measure(settings, 0.0, [(500, 50)], repeat, transport, workers)
            base = next(r for r in zero if r["kind"] == "client")
            overhead = {r["kind"]: r["cpu_ms_per_call"] - base["cpu_ms_per_call"]
                        for r in zero if r["kind"] != "client"}
        cold = None
        if args.cold_only or not args.no_cold:  # the other checkout alternates with the first config's runs
            other = args.before.resolve() if args.before is not None and index == 0 else None
            cold, measured_before = _measure_cold(settings, args.latency, cases, repeat, transport, workers,
                                                  before=other)
            before = measured_before or before
        in_use = rows[0]["transport"] if rows else _settings(settings, "http://127.0.0.1:1/v1", 1,
                                                              transport, workers).llm.transport_in_use
        result["configs"][label] = {"transport": in_use, "workers": workers, "rows": rows,
                                    "zero_latency": zero, "runtime_overhead_cpu_ms_per_call": overhead,
                                    "cold": cold}
        if not args.json:
            if rows:
                _print(label, args.latency, cases, rows, base, zero, overhead)
            if cold is not None:
                _print_cold(label, cold)
    if before is not None:
        result["before"] = before
        if not args.json:
            _print_cold(f"before: {args.before} with its own defaults, alternating with the runs above", before)
    result["load_average"] = {"start": load_start, "end": _load_average()}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _summary(result, cases)
        print(f"load average (1 min) at start {load_start}, at end {result['load_average']['end']}: "
              "the machine is shared, wall times move with it")
    return 0


def _load_average() -> float | None:
    """The 1-minute load average (None where the platform has none)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _configs(spec: str, settings) -> list[tuple[str, str | None, int | None]]:
    """(label, transport, workers) for each config: None keeps the configured value."""
    out: list[tuple[str, str | None, int | None]] = []
    default_workers = settings.llm.workers
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        name, _, count = part.partition(":")
        if name == "default":
            resolved = resolve_transport(settings.llm.transport, "the bench's endpoint")
            entry = (f"default ({settings.llm.transport}: {resolved})", None, None)
        elif name == "http":
            entry = ("http", "http", 0)
        elif name == "litellm":
            workers = default_workers if not count else int(count)
            entry = (f"litellm, {workers} workers", "litellm", workers)
        else:
            raise SystemExit(f"unknown config {part!r}: use default, http, litellm or litellm:N")
        if all(entry[0] != seen for seen, _, _ in out):
            out.append(entry)
    return out


def _summary(result: dict, cases) -> None:
    print(f"summary: warm wall / ideal (target <= {TARGET_RATIO}) and CPU ms per call (this process + workers); "
          f"cold CLI wall vs plain threads with one pool (target <= {COLD_TARGET_RATIO})")
    for label, data in result["configs"].items():
        print(f"{label}")
        for n, c in cases:
            cells = []
            for kind in ("client", "runtime-async") if data["rows"] else ():  # none with --cold-only
                r = next(x for x in data["rows"] if x["kind"] == kind and x["items"] == n)
                cells.append(f"{kind} {r['ratio']:.3f} ({r['cpu_ms_per_call']:.2f} ms)")
            cold = data["cold"] and next(x for x in data["cold"]["fan_out"] if x["items"] == n)
            ideal = cold["ideal_s"] if cold else next(x for x in data["rows"] if x["items"] == n)["ideal_s"]
            line = f"  {n}x{c}: ideal {ideal:.2f} s" + "".join(f" | {cell}" for cell in cells)
            if cold:
                line += (f" | cold CLI {cold['cold_cli_s']:.2f} s = {cold['cold_vs_ideal']:.2f}x ideal, "
                         f"{cold['vs_threads']:.2f}x threads ({cold['threads_s']:.2f} s)")
            print(line)
        if data["cold"]:
            one, none = data["cold"]["one_call"], data["cold"]["no_call"]
            print(f"  cold one llm-query {one['wall_s']:.2f} s (target <= {COLD_ONE_CALL_TARGET_S}), "
                  f"no call {none['wall_s']:.2f} s")
    before = result.get("before")
    if before:
        print(f"before ({before['root']}, its own defaults)")
        for r in before["fan_out"]:
            print(f"  {r['items']}x{r['concurrency']}: cold CLI {r['cold_cli_s']:.2f} s = {r['cold_vs_ideal']:.2f}x "
                  f"ideal, {r['vs_threads']:.2f}x threads ({r['threads_s']:.2f} s)")
        print(f"  cold one llm-query {before['one_call']['wall_s']:.2f} s, no call {before['no_call']['wall_s']:.2f} s")
    print()


def _print_cold(label: str, cold: dict) -> None:
    print(f"cold `rlm-bot scheme` processes, {label} (bytecode compiled, database migrated)")
    print(f"{'items':>6} {'conc':>5} {'ideal s':>8} {'threads s':>10} {'cold CLI s':>11} {'median s':>9} "
          f"{'CPU s':>6} {'vs threads':>11} {'vs ideal':>9}")
    for r in cold["fan_out"]:
        mark = "  ok" if r["vs_threads"] <= COLD_TARGET_RATIO else "  over target"
        print(f"{r['items']:>6} {r['concurrency']:>5} {r['ideal_s']:>8.2f} {r['threads_s']:>10.3f} "
              f"{r['cold_cli_s']:>11.3f} {r['cold_cli_median_s']:>9.3f} {r['cold_cli_cpu_s']:>6.2f} "
              f"{r['vs_threads']:>11.3f} {r['cold_vs_ideal']:>9.3f}{mark}")
    one, none, raw = cold["one_call"], cold["no_call"], cold["one_call_no_bytecode"]
    mark = "ok" if one["wall_s"] <= COLD_ONE_CALL_TARGET_S else "over target"
    print(f"  one llm-query, provider answering at once: {one['wall_s']:.3f} s wall, {one['cpu_s']:.2f} s CPU "
          f"({mark}); a program with no call: {none['wall_s']:.3f} s wall, {none['cpu_s']:.2f} s CPU")
    print(f"  one llm-query without bytecode (every module compiled each run): {raw['wall_s']:.3f} s wall, "
          f"{raw['cpu_s']:.2f} s CPU")
    print()


def _print(transport: str, latency: float, cases, rows, base, zero, overhead) -> None:
    print(f"fan-out through the RLM runtime, {transport} transport, provider latency "
          f"{latency * 1000:.0f} ms (own process)")
    print(f"{'kind':<14} {'items':>6} {'conc':>5} {'wall s':>8} {'ideal s':>8} {'wall/ideal':>11} {'cpu ms/call':>12}")
    for r in rows:
        mark = "" if r["kind"] == "client" else ("  ok" if r["ratio"] <= TARGET_RATIO else "  over target")
        print(f"{r['kind']:<14} {r['items']:>6} {r['concurrency']:>5} {r['wall_s']:>8.3f} {r['ideal_s']:>8.2f}"
              f" {r['ratio']:>11.3f} {r['cpu_ms_per_call']:>12.3f}{mark}")
    for n, c in cases:
        client = next(r for r in rows if r["kind"] == "client" and r["items"] == n)
        for kind in ("runtime-async", "runtime-sync"):
            r = next(x for x in rows if x["kind"] == kind and x["items"] == n)
            print(f"  {kind:<14} {n}x{c}: wall {r['wall_s'] / client['wall_s']:.3f}x the bare client's")
    throughput = {r["kind"]: r["items"] / r["wall_s"] for r in zero}
    print(f"  0 ms provider, 500 calls at 50: bare client {base['cpu_ms_per_call']:.3f} ms CPU/call, "
          f"{throughput['client']:.0f} calls/s")
    for kind, extra in overhead.items():
        print(f"  {kind:<14} per-call runtime overhead {extra:+.3f} ms CPU, {throughput[kind]:.0f} calls/s")
    print()
