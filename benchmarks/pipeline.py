"""`rlm-bot bench pipeline`: how fast the pipeline answers, warm and cold, against the scripted
OpenAI-compatible provider on 127.0.0.1 answering after L seconds (default 0.3).

Warm (in this process: one Pipeline, warmed, then N requests of each kind):
  overhead     the pipeline's own time per request: its wall time less the model's (the union of
               the provider's call intervals during the request) and the embedding model's
               (LocalEmbedder.encode_seconds); p50/p95 for simple queries (one call to the
               cheapest model) and complex ones (enrich, route, plan, the sampled cascade);
               targets p50 <= 20 ms simple, <= 50 ms complex; beside it the CPU it took (this
               process less the provider's thread and the model's CPU), which a busy machine
               moves far less than wall time;
  end to end   p50/p95 wall time per request; targets < 2 s simple, < 30 s complex;
  stages       p50 of the analyze and enrich stages (as the outcome's telemetry has them);
  bypass       computation questions with the computation bypass on (answered in the Python
               sandbox, no model) and off (RLM_COMPUTE_BYPASS=false: through the models), end to
               end and model calls per question, side by side.

Cold (each a fresh `python -m rlm_bot` process on a data dir already migrated and seeded, wall
and CPU of the process; several runs, the median shown):
  first run    `rlm-bot ask` on an empty data dir: migrations, seeding memory, then the answer;
  ask          `rlm-bot ask` of a complex question (target <= 4 s wall on 2 cores);
  chat         `rlm-bot chat` on a terminal (a pty): the question typed 2 s after the prompt
               appears, time from Enter to the answer's closing line (target <= 1 s);
  serve        `rlm-bot serve --http`: seconds to an answering /healthz (port open, target <= 1 s)
               and to {"warm": true} (engines warm, target <= 10 s), with a FakeSlack Web API.
With `--baseline PATH` (another checkout, e.g. the main branch) the cold ask and chat run from
there too, in the same run, for before/after ratios.

The load average is printed: on a shared machine the wall figures move with it, CPU much less.
A measurement: the exit code is 0 even when a target fails; the verdicts are printed.

    rlm-bot bench pipeline [--requests 20] [--latency 0.3] [--cold-runs 3] [--baseline PATH]
                           [--transport http|litellm] [--no-cold] [--no-warm] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._paths import ROOT, cpu_seconds

SIMPLE = ("What is the capital of France? (ref {i})", "Who wrote Pride and Prejudice? (ref {i})",
          "What is the boiling point of water at sea level? (ref {i})",
          "How many continents are there? (ref {i})")
COMPLEX = ("Explain the difference between TCP and UDP, and when a multiplayer game should use each "
           "(case {i}).",
           "Compare optimistic and pessimistic locking in a relational database, with the trade-offs "
           "for a busy web shop (case {i}).",
           "Why does a Python program that uses threads not get faster on CPU-bound work, and what are "
           "the alternatives (case {i})?",
           "Describe how a B-tree index speeds up range queries and what it costs on writes (case {i}).")
COMPUTE = ("what is 17% of {n}?", "how many days between 2024-01-{d:02d} and 2024-03-01?",
           "what is the average of 12, 19, {n} and 44?", "convert {n} km to miles")
COLD_QUESTION = "Explain the difference between TCP and UDP in networking, with an example of each."
REPLY = ("Here is the short version: the first is connection-oriented and reliable, the second is "
         "connectionless and faster; pick by whether every byte must arrive in order.")
TARGETS = {"simple_overhead_p50_ms": 20.0, "complex_overhead_p50_ms": 50.0, "simple_e2e_p50_s": 2.0,
           "complex_e2e_p50_s": 30.0, "cold_ask_s": 4.0, "chat_first_answer_s": 1.0,
           "serve_port_s": 1.0, "serve_warm_s": 10.0}
CHAT_TYPE_DELAY_S = 2.0
META_LINE = re.compile(r"\((?:[0-9a-f]{8}|-) · [^)]*ms\)")
PROCESS_TIMEOUT_S = 300.0


def main(argv: list[str], settings) -> int:
    """Run the warm and cold sections and print figures (one JSON object with --json)."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench pipeline")
    parser.add_argument("--requests", type=int, default=20, help="warm requests of each kind")
    parser.add_argument("--latency", type=float, default=0.3, help="provider seconds per call")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold processes per figure")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout to compare with")
    parser.add_argument("--transport", default=None, help="RLM_LLM_TRANSPORT for every run (default: as configured)")
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--no-warm", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from testing.fakes.openai_server import FakeOpenAIServer

    if args.transport:
        os.environ["RLM_LLM_TRANSPORT"] = args.transport
    provider = FakeOpenAIServer(latency=args.latency).start()
    provider.rule(provider_reply)
    out: dict = {"latency_s": args.latency, "transport": args.transport or "default", "cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    try:
        with tempfile.TemporaryDirectory(prefix="rlm-bench-pipeline-") as tmp:
            if not args.no_warm:
                out["warm"] = warm_section(provider, Path(tmp) / "warm", args.requests)
            if not args.no_cold:
                out["cold"] = cold_section(provider, Path(tmp) / "cold", args)
    finally:
        provider.stop()
    out["load_after"] = os.getloadavg()[0]
    out["verdicts"] = verdicts(out)
    print(json.dumps(out, default=str) if args.json else render(out))
    return 0


def provider_reply(req) -> str:
    """The scripted model: a LATS planner that finishes at once, a judge that accepts, and one
    fixed prose answer (the cascade's samples agree) for everything else."""
    text = req.last_user or ""
    if text.startswith("You plan tool use"):
        return json.dumps({"actions": [{"tool": "finish", "input": "42", "why": "known"}]})
    if text.startswith("Judge whether"):
        return json.dumps({"score": 0.9, "critique": "plausible"})
    if "Reply with JSON" in text:
        return json.dumps({"reflection": "none needed"})
    return REPLY


# --- warm --------------------------------------------------------------------------------------


def warm_section(provider, data_dir: Path, requests: int) -> dict:
    """N requests of each kind through one warmed Pipeline; figures per kind."""
    from rlm_bot.config import load_settings
    from rlm_bot.memory.embeddings import embedder_from_settings
    from rlm_bot.pipeline.pipeline import Pipeline

    data_dir.mkdir(parents=True)
    os.environ.update({"RLM_DATA_DIR": str(data_dir), "RLM_LLM_API_BASE": provider.base_url,
                       "RLM_LLM_API_KEY": "sk-loopback-bench"})
    settings = load_settings()
    pipeline = Pipeline(settings)
    pipeline.warm(workspace="bench", channel="C0BENCH")
    embedder = embedder_from_settings(settings)
    no_bypass = Pipeline(dataclasses.replace(settings, routing=dataclasses.replace(
        settings.routing, compute_bypass=False)))
    for kind, texts in (("simple", SIMPLE), ("complex", COMPLEX)):  # the first of each kind: not counted
        _request(pipeline, provider, embedder, texts[0].format(i="warm-up"))
    figures = {}
    for kind, texts, pipe in (("simple", SIMPLE, pipeline), ("complex", COMPLEX, pipeline),
                              ("compute_bypass_on", COMPUTE, pipeline),
                              ("compute_bypass_off", COMPUTE, no_bypass)):
        rows = [_request(pipe, provider, embedder, texts[i % len(texts)].format(i=i, n=1000 + 37 * i, d=1 + i % 28))
                for i in range(requests)]
        figures[kind] = summarise(rows)
    return figures


def _request(pipeline, provider, embedder, text: str) -> dict:
    from rlm_bot.pipeline.types import Task

    first_call = len(provider.calls)
    embedded = getattr(embedder, "encode_seconds", 0.0)
    embedded_cpu = getattr(embedder, "encode_cpu_seconds", 0.0)
    fake_thread = provider._thread.native_id  # the provider's CPU is not the pipeline's
    cpu0 = cpu_seconds(minus_thread=fake_thread)
    t0 = time.monotonic()
    result = pipeline.run(Task(text=text, user="U0BENCH", channel="C0BENCH", workspace="bench"))
    wall = time.monotonic() - t0
    cpu = cpu_seconds(minus_thread=fake_thread) - cpu0 - (getattr(embedder, "encode_cpu_seconds", 0.0) - embedded_cpu)
    calls = [c for c in provider.calls[first_call:] if c.path.endswith("/chat/completions")]
    model = _union([(max(c.started, t0), c.ended or t0 + wall) for c in calls])
    embed = getattr(embedder, "encode_seconds", 0.0) - embedded
    stages = {s.stage: s.duration_ms for s in result.stages}
    return {"wall_s": wall, "model_s": model, "embed_s": embed, "overhead_ms": (wall - model - embed) * 1000,
            "overhead_cpu_ms": cpu * 1000,
            "calls": len(calls), "strategy": result.strategy, "analyze_ms": stages.get("analyze"),
            "enrich_ms": stages.get("enrich")}


def _union(intervals: list[tuple[float, float]]) -> float:
    """Seconds covered by the intervals (parallel calls count once)."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(intervals):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


def summarise(rows: list[dict]) -> dict:
    """p50/p95 of one kind's requests."""
    def pct(values: list[float], q: float) -> float:
        values = sorted(v for v in values if v is not None)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")

    out = {"n": len(rows), "strategies": sorted({r["strategy"] for r in rows}),
           "calls_per_request": statistics.mean(r["calls"] for r in rows)}
    for key in ("overhead_ms", "overhead_cpu_ms", "wall_s", "model_s", "embed_s", "analyze_ms", "enrich_ms"):
        values = [r[key] for r in rows]
        out[f"{key}_p50"], out[f"{key}_p95"] = pct(values, 0.5), pct(values, 0.95)
    return out


# --- cold --------------------------------------------------------------------------------------


def cold_section(provider, data_dir: Path, args: argparse.Namespace) -> dict:
    """Cold processes on a migrated, seeded data dir: ask, chat's first answer, serve."""
    data_dir.mkdir(parents=True)
    env = _env(provider, data_dir)
    checkouts = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    out: dict = {}
    for name, root in checkouts:  # a first run: empty data dir (migrations, seed, then the answer)
        fresh = data_dir.parent / f"first-run-{name}"
        fresh.mkdir()
        first = _cli(root, _env(provider, fresh), "ask", COLD_QUESTION)
        if first["rc"]:
            raise SystemExit(f"first-run ask ({name}) failed: {first['err']}")
        out[f"first_run_{name}"] = first
    prepared = _cli(ROOT, env, "db", "upgrade")
    seeded = _cli(ROOT, env, "ask", COLD_QUESTION)  # seeds memory; not counted
    if prepared["rc"] or seeded["rc"]:
        raise SystemExit(f"preparing the cold data dir failed: {prepared['err'] or seeded['err']}")
    for name, root in checkouts:
        asks = [_cli(root, env, "ask", COLD_QUESTION) for _ in range(args.cold_runs)]
        bad = [a["err"] for a in asks if a["rc"]]
        if bad:
            raise SystemExit(f"cold ask ({name}) failed: {bad[0]}")
        out[f"ask_{name}"] = _median_run(asks)
        chats = [chat_first_answer(root, env, COLD_QUESTION) for _ in range(args.cold_runs)]
        out[f"chat_{name}"] = {"first_answer_s": statistics.median(c for c in chats),
                               "runs": chats}
    out["serve"] = serve_times(provider, data_dir)
    return out


def _env(provider, data_dir: Path) -> dict[str, str]:
    drop = ("SLACK_", "RLM_", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop) or k == "RLM_LLM_TRANSPORT"}
    env.update({"RLM_DATA_DIR": str(data_dir), "RLM_LLM_API_BASE": provider.base_url,
                "RLM_LLM_API_KEY": "sk-loopback-bench"})
    return env


def _cli(root: Path, env: dict[str, str], *args: str) -> dict:
    """One `python -m rlm_bot ...` run from checkout `root`: wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "rlm_bot", *args], cwd=root,
                          env=dict(env, PYTHONPATH=str(root)), capture_output=True, text=True,
                          timeout=PROCESS_TIMEOUT_S)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "rc": done.returncode, "err": done.stderr.strip()[-300:]}


def _median_run(runs: list[dict]) -> dict:
    return {"wall_s": statistics.median(r["wall_s"] for r in runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs), "runs": [round(r["wall_s"], 2) for r in runs]}


def chat_first_answer(root: Path, env: dict[str, str], question: str) -> float:
    """`rlm-bot chat` on a pty: seconds from Enter (typed 2 s after the prompt) to the answer."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "rlm_bot", "chat", "--user", "bench"], cwd=root,
                            env=dict(env, PYTHONPATH=str(root), TERM="dumb"), stdin=slave, stdout=slave,
                            stderr=slave, close_fds=True)  # input() writes its prompt to stderr
    os.close(slave)
    try:
        _read_until(master, proc, lambda text: "you> " in text)
        time.sleep(CHAT_TYPE_DELAY_S)
        os.write(master, question.encode() + b"\n")
        entered = time.monotonic()
        _read_until(master, proc, lambda text: bool(META_LINE.search(text)))
        answered = time.monotonic() - entered
        os.write(master, b"quit\n")
        proc.wait(PROCESS_TIMEOUT_S)
        return answered
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def _read_until(fd: int, proc: subprocess.Popen, done) -> str:
    text, deadline = "", time.monotonic() + PROCESS_TIMEOUT_S
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            text += chunk.decode("utf-8", "replace")
            if done(text):
                return text
        elif proc.poll() is not None:
            break
    raise SystemExit(f"rlm-bot chat did not answer as expected; it printed: {text[-300:]!r}")


def serve_times(provider, data_dir: Path) -> dict:
    """`rlm-bot serve --http`: seconds to an answering /healthz and to warm engines."""
    from benchmarks._slack_bot import BotProcess, bot_env
    from testing.fakes.slack_server import FakeSlack

    slack = FakeSlack().start()
    options = argparse.Namespace(thread_memory=False, router="learned")
    pool = argparse.Namespace(workers=4, queue=32)
    try:
        t0 = time.monotonic()
        bot = BotProcess(bot_env(slack, provider.base_url, data_dir, pool, options), data_dir / "serve.log")
        try:
            port = None
            while time.monotonic() - t0 < PROCESS_TIMEOUT_S and port is None:
                if bot.proc.poll() is not None:
                    raise SystemExit(f"rlm-bot serve exited:\n{bot.log_tail()}")
                if bot.health() is not None:
                    port = time.monotonic() - t0
                else:
                    time.sleep(0.02)
            warm = port + bot.wait_warm()
        finally:
            bot.stop()
    finally:
        slack.stop()
    return {"port_s": port, "warm_s": warm}


# --- report ------------------------------------------------------------------------------------


def verdicts(out: dict) -> dict[str, bool]:
    """Each target: met or not."""
    found: dict[str, float] = {}
    warm, cold = out.get("warm", {}), out.get("cold", {})
    if warm:
        found["simple_overhead_p50_ms"] = warm["simple"]["overhead_ms_p50"]
        found["complex_overhead_p50_ms"] = warm["complex"]["overhead_ms_p50"]
        found["simple_e2e_p50_s"] = warm["simple"]["wall_s_p50"]
        found["complex_e2e_p50_s"] = warm["complex"]["wall_s_p50"]
    if cold:
        found["cold_ask_s"] = cold["ask_this"]["wall_s"]
        found["chat_first_answer_s"] = cold["chat_this"]["first_answer_s"]
        found["serve_port_s"] = cold["serve"]["port_s"]
        found["serve_warm_s"] = cold["serve"]["warm_s"]
    return {k: v <= TARGETS[k] for k, v in found.items()}


def render(out: dict) -> str:
    """The figures as a table a person reads."""
    lines = [f"provider latency {out['latency_s']} s per call · transport {out['transport']} · "
             f"{out['cpus']} CPUs · load average "
             f"{out['load_before']:.1f} → {out['load_after']:.1f}"]
    warm = out.get("warm")
    if warm:
        lines += ["", "warm (one pipeline, warmed)   overhead p50/p95 ms  (CPU ms)   end-to-end p50/p95 s   "
                      "model s  embed ms  analyze/enrich p50 ms  calls  strategy"]
        for kind, f in warm.items():
            lines.append(f"  {kind:<27} {f['overhead_ms_p50']:>8.1f} / {f['overhead_ms_p95']:<8.1f}"
                         f" ({f['overhead_cpu_ms_p50']:>5.1f} / {f['overhead_cpu_ms_p95']:<5.1f})"
                         f"  {f['wall_s_p50']:>7.3f} / {f['wall_s_p95']:<7.3f}    {f['model_s_p50']:.3f}"
                         f"   {f['embed_s_p50'] * 1000:>6.1f}   {_ms(f['analyze_ms_p50'])} / {_ms(f['enrich_ms_p50'])}"
                         f"        {f['calls_per_request']:.1f}  {','.join(f['strategies'])}")
        on, off = warm.get("compute_bypass_on"), warm.get("compute_bypass_off")
        if on and off:
            lines.append(f"  bypass saves {off['wall_s_p50'] - on['wall_s_p50']:.3f} s per computation "
                         f"question at p50 ({off['wall_s_p50'] / max(on['wall_s_p50'], 1e-9):.1f}x) and "
                         f"{off['calls_per_request'] - on['calls_per_request']:.1f} model calls")
    cold = out.get("cold")
    if cold:
        lines += ["", "cold (fresh processes, seeded data dir; median)   wall s   CPU s"]
        for name in ("this", "baseline"):
            if f"first_run_{name}" in cold:
                first = cold[f"first_run_{name}"]
                lines.append(f"  first run: ask on an empty data dir ({name:<8}) {first['wall_s']:>6.2f}   "
                             f"{first['cpu_s']:>5.2f}")
        for name in ("this", "baseline"):
            if f"ask_{name}" in cold:
                ask, chat = cold[f"ask_{name}"], cold[f"chat_{name}"]
                lines.append(f"  rlm-bot ask ({name:<8})                       {ask['wall_s']:>6.2f}   "
                             f"{ask['cpu_s']:>5.2f}   runs {ask['runs']}")
                lines.append(f"  rlm-bot chat first answer after Enter ({name:<8}) {chat['first_answer_s']:>6.2f}"
                             f"           runs {[round(r, 2) for r in chat['runs']]}")
        if "ask_baseline" in cold:
            lines.append(f"  ratio baseline/this: ask {cold['ask_baseline']['wall_s'] / cold['ask_this']['wall_s']:.1f}x wall, "
                         f"{cold['ask_baseline']['cpu_s'] / cold['ask_this']['cpu_s']:.1f}x CPU; chat "
                         f"{cold['chat_baseline']['first_answer_s'] / cold['chat_this']['first_answer_s']:.1f}x")
        serve = cold["serve"]
        lines.append(f"  rlm-bot serve: port open {serve['port_s']:.2f} s, engines warm {serve['warm_s']:.2f} s")
    lines += ["", "targets: " + ", ".join(f"{k} {'PASS' if v else 'FAIL'} (<= {TARGETS[k]})"
                                        for k, v in out["verdicts"].items())]
    return "\n".join(lines)


def _ms(value) -> str:
    return "-" if value is None or value != value else f"{value:.1f}"
