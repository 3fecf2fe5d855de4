"""`rlm-bot bench longinput`: the pipeline's long-input strategy (pipeline/execute/long_input.py) measured.

A long message is read by a Scheme map-reduce program: its parts noted in parallel by the
cascade's first model (fan-out, MAX_CONCURRENT calls in flight), the notes merged FAN_IN at a time
by tree-reduce, one answer by the routed model. For each input size (generated service-log lines
with a question at the end), against the scripted OpenAI-compatible provider answering after L
seconds with its default short reply ("OK", so every note counts as relevant and is merged):

  parts, calls (notes / merges / answer), tokens in/out and cost (the run's ExecutionResult, i.e.
      the usage the real calls reported);
  wall time of the run (`execute(..., scheme=SchemeJob(...))` end to end) and the ideal from the
      program's shape: ceil(parts / C)·L + (merge rounds)·L + L, where each tree level takes
      ceil(its calls / C) rounds (a level waits for the one before it); the ratio wall / ideal;
  the largest prompt sent (characters of all its messages) against the input size: no call holds
      the whole text;
  the direct path for the same input: one call holding the whole text, its prompt size and token
      estimate, and whether it fits the cascade's first model's context window (the router's rule,
      chars/4 plus a reply, and the client's own estimate must both fit). It is made, and timed,
      only when it fits;
  CPU ms per call of this process (plus the litellm worker processes when RLM_LLM_WORKERS > 0),
      without the fake provider's thread.

Honest figures: the provider is an in-process `FakeOpenAIServer` (uvloop when installed) so the
prompts it received are read back from its records, not recomputed from the program's source.
Its serving thread's CPU is read from /proc and subtracted (Linux; elsewhere it stays counted);
it shares the GIL with the run, which at a few hundred calls per run costs little wall time. One
warm-up run on a small input comes first (litellm import, worker processes, connections).

    rlm-bot bench longinput [--sizes 20k,200k,850k] [--latency 0.3] [--model sonnet] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from dataclasses import replace

from benchmarks._paths import cpu_seconds

DEFAULT_SIZES = "20k,200k,850k"
WARMUP_CHARS = 9_000
MAX_SIZE = 10_000_000
SERVICES = ("billing-api", "ledger", "invoice-worker", "auth", "gateway", "scheduler")
PLANTED = ("ERROR ledger: reconciliation of invoice batch 48213 failed: currency rate for ISK "
           "missing, 112 invoices left unposted")
QUESTION = ("Question: which service logged the reconciliation failure, at what time, and how many "
            "invoices were left unposted?")


def service_log(chars: int, seed: int = 7) -> str:
    """About `chars` characters of service-log lines, one incident near the middle, a question
    last (the same text for the same arguments)."""
    rng = random.Random(seed)
    head = "Here is last night's log of the billing platform.\n"
    tail = f"\n\n{QUESTION}"
    lines: list[str] = []
    size, i = len(head) + len(tail) + len(PLANTED) + 26, 0  # 26: the planted line's time stamp
    while size < chars:
        level = "WARN" if rng.random() < 0.04 else "INFO"
        line = (f"2026-11-20T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}.{rng.randrange(1000):03d}Z "
                f"{level} {rng.choice(SERVICES)}: req={rng.getrandbits(32):08x} processed batch {i} "
                f"({rng.randrange(1, 400)} items) in {rng.randrange(2, 900)} ms")
        lines.append(line)
        size += len(line) + 1
        i += 1
    middle = len(lines) // 2
    lines.insert(middle, f"2026-11-20T{middle // 3600 % 24:02d}:{middle // 60 % 60:02d}:00.000Z {PLANTED}")
    return head + "\n".join(lines) + tail


def ideal_rounds(parts: int, notes: int, fan_in: int, concurrency: int) -> dict:
    """Provider round trips the program needs at best: the notes, each merge level, the answer."""
    from rlm_bot.pipeline.execute import merge_levels

    levels = merge_levels(notes, fan_in)
    merge_rounds = sum(math.ceil(calls / concurrency) for calls in levels)
    note_rounds = math.ceil(parts / concurrency)
    return {"note_rounds": note_rounds, "merge_levels": levels, "merge_rounds": merge_rounds,
            "rounds": note_rounds + merge_rounds + 1}


def parse_sizes(spec: str) -> list[int]:
    """`20k,200k,850k` (k = 1,000, m = 1,000,000) as character counts."""
    from rlm_bot.errors import UsageError

    sizes = []
    for item in (s.strip().lower() for s in spec.split(",") if s.strip()):
        scale = {"k": 1_000, "m": 1_000_000}.get(item[-1:], 1)
        try:
            value = float(item[:-1] if scale > 1 else item) * scale
        except ValueError:
            raise UsageError(f"--sizes: {item!r} is not a size; use characters like 20000, 200k or 1m") from None
        if not math.isfinite(value) or not 1_000 <= value <= MAX_SIZE:
            raise UsageError(f"--sizes: {item!r} is outside 1k..{MAX_SIZE // 1_000_000}m characters")
        sizes.append(int(value))
    if not sizes:
        raise UsageError("--sizes: give at least one size, e.g. 20k,200k")
    return sizes


def main(argv: list[str], settings) -> int:
    """Run every size against the in-process fake provider; print a table (or one JSON object)."""
    from rlm_bot.errors import UsageError

    parser = argparse.ArgumentParser(prog="rlm-bot bench longinput")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="input sizes in characters (k, m suffixes)")
    parser.add_argument("--latency", type=float, default=0.3, help="provider latency in seconds")
    parser.add_argument("--model", default="sonnet", help="the routed model that answers from the notes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sizes = parse_sizes(args.sizes)
    if not math.isfinite(args.latency) or not 0.0 <= args.latency <= 30.0:
        raise UsageError(f"--latency {args.latency} is outside 0..30 seconds")
    result = measure(_settings(settings), sizes, args.latency, args.model)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


def measure(settings, sizes: list[int], latency: float, answerer: str) -> dict:
    """The figures of every size, side by side, from one provider and one client."""
    from rlm_bot.errors import UsageError
    from rlm_bot.llm import LLMClient
    from rlm_bot.pipeline.execute import FAN_IN, MAX_CONCURRENT
    from testing.fakes.openai_server import FakeOpenAIServer

    server = FakeOpenAIServer(latency=latency, fast_loop=True).start()
    settings = replace(settings, llm=replace(settings.llm, api_base=server.base_url))
    client = LLMClient(settings.llm)
    try:
        if answerer not in client.profiles:
            raise UsageError(f"--model {answerer!r} has no model profile (known: {', '.join(sorted(client.profiles))})")
        pids = client.start_workers(timeout=120)
        warm = _scheme_run(settings, client, service_log(WARMUP_CHARS), answerer)  # not counted
        if not warm.success:
            raise SystemExit(f"the warm-up run failed: {warm.telemetry.data.get('error')}")
        concurrency = min(MAX_CONCURRENT, settings.llm.max_in_flight)
        cases = [_case(settings, client, server, size, latency, answerer, concurrency, pids)
                 for size in sizes]
    finally:
        client.close()
        server.stop()
    return {"latency_s": latency, "concurrency": concurrency, "fan_in": FAN_IN,
            "worker": settings.routing.cascade_order[0], "answerer": answerer,
            "transport": settings.llm.transport, "llm_workers": len(pids),
            "provider": "in-process FakeOpenAIServer (its thread's CPU excluded)", "cases": cases}


def _case(settings, client, server, size: int, latency: float, answerer: str, concurrency: int,
          pids: list[int]) -> dict:
    from rlm_bot.pipeline.execute import FAN_IN

    text = service_log(size)
    server.reset()  # this case's calls and concurrency high-water mark only
    server.set_latency(latency)
    cpu0, t0 = _cpu(server, pids), time.perf_counter()
    done = _scheme_run(settings, client, text, answerer)
    wall, cpu = time.perf_counter() - t0, _cpu(server, pids) - cpu0
    data = done.telemetry.data
    if not done.success:
        raise SystemExit(f"the long-input run of {size} characters failed: {data.get('error')}")
    calls = server.chat_calls
    kinds = _kinds(calls)
    shape = ideal_rounds(data["parts"], data["relevant_parts"], FAN_IN, concurrency)
    ideal = shape["rounds"] * latency
    prompts = [_prompt_chars(c) for c in calls]
    return {
        "input_chars": len(text), "parts": data["parts"], "part_chars": data["part_chars"],
        "relevant_parts": data["relevant_parts"],
        "calls": done.calls, "notes": kinds["notes"], "merges": kinds["merges"], "answer": kinds["answer"],
        "other_calls": kinds["other"], "provider_calls": len(calls),
        "tokens_in": done.tokens_in, "tokens_out": done.tokens_out, "cost": round(done.cost, 8),
        "wall_s": round(wall, 4), "program_s": round(data["elapsed_ms"] / 1000, 4),
        **shape, "ideal_s": round(ideal, 4), "ratio": round(wall / ideal, 4) if ideal else None,
        "peak_in_flight": server.max_concurrency,
        "largest_prompt_chars": max(prompts, default=0),
        "largest_prompt_share": round(max(prompts, default=0) / len(text), 4),
        "cpu_ms_per_call": round(cpu * 1000 / max(1, len(calls)), 3),
        "direct": _direct(settings, client, text),
    }


def _scheme_run(settings, client, text: str, answerer: str):
    from rlm_bot.pipeline.execute import execute
    from rlm_bot.pipeline.execute import SchemeJob
    from rlm_bot.pipeline.route import RouteDecision

    decision = RouteDecision(model=answerer, cascade=(answerer,), reason="bench longinput",
                             estimated_cost=0.0, score=0.5, cost_sensitivity=0.5)
    return execute(text, decision=decision, client=client, settings=settings.routing,
                   scheme=SchemeJob(settings, workspace="bench-longinput"))


def _direct(settings, client, text: str) -> dict:
    """The direct path's one call holding the whole text: its size, whether the cascade's first
    model takes it (the router's chars/4 rule and the client's estimate), and, if so, the call."""
    from rlm_bot.llm import estimate_tokens
    from rlm_bot.pipeline.route import CHARS_PER_TOKEN, DEFAULT_OUTPUT_TOKENS

    first = settings.routing.cascade_order[0]
    window = client.profiles[first].context_window
    messages = [{"role": "user", "content": text}]
    estimate = estimate_tokens(messages)
    routed = len(text) // CHARS_PER_TOKEN + DEFAULT_OUTPUT_TOKENS
    fits = routed <= window and estimate <= window
    out = {"model": first, "prompt_chars": len(text), "tokens_estimate": estimate, "router_tokens": routed,
           "context_window": window, "fits": fits}
    if fits:
        t0 = time.perf_counter()
        reply = client.complete(first, messages, max_tokens=DEFAULT_OUTPUT_TOKENS)
        out.update(wall_s=round(time.perf_counter() - t0, 4), tokens_in=reply.prompt_tokens,
                   tokens_out=reply.completion_tokens, cost=round(reply.cost, 8))
    return out


# --- reading the provider's records ----------------------------------------------------------


def _prefixes() -> dict[str, str]:
    """The fixed opening of each instruction the program sends (before its first placeholder)."""
    from rlm_bot.resources import load_prompt

    return {kind: load_prompt(name).split("{", 1)[0]
            for kind, name in (("notes", "scheme_chunk_notes"), ("merges", "scheme_combine"),
                               ("answer", "scheme_answer"))}


def _kinds(calls) -> dict[str, int]:
    prefixes = _prefixes()
    counts = dict.fromkeys(("notes", "merges", "answer", "other"), 0)
    for call in calls:
        user = next((str(m.get("content")) for m in reversed(call.messages) if m.get("role") == "user"), "")
        kind = next((k for k, p in prefixes.items() if user.startswith(p)), "other")
        counts[kind] += 1
    return counts


def _prompt_chars(call) -> int:
    return sum(len(str(m.get("content") or "")) for m in call.messages)


def _cpu(server, pids: list[int]) -> float:
    """CPU seconds of this process without the fake provider's thread, plus the worker processes."""
    return cpu_seconds(pids, minus_thread=getattr(getattr(server, "_thread", None), "native_id", None))


def _settings(settings):
    """Room for the largest case: the run's caps and time limit raised, no retries."""
    llm = replace(settings.llm, max_retries=0, run_max_calls=max(settings.llm.run_max_calls, 1000),
                  run_max_tokens=max(settings.llm.run_max_tokens, 20_000_000), run_max_cost=None)
    scheme = replace(settings.scheme, timeout_seconds=max(settings.scheme.timeout_seconds, 300.0))
    return replace(settings, llm=llm, scheme=scheme)


def _print(result: dict) -> None:
    print(f"long-input strategy (scheme map-reduce): notes by {result['worker']}, merged {result['fan_in']} "
          f"at a time, answered by {result['answerer']}; {result['concurrency']} calls in flight; provider "
          f"latency {result['latency_s'] * 1000:.0f} ms ({result['provider']}); {result['transport']} "
          f"transport, {result['llm_workers']} worker processes")
    print(f"{'input chars':>11} {'parts':>5} {'notes':>5} {'merges':>6} {'ans':>3} {'tok in':>8} {'tok out':>7}"
          f" {'cost $':>9} {'wall s':>7} {'ideal s':>7} {'rounds':>12} {'wall/ideal':>10} {'peak':>4}"
          f" {'max prompt':>10} {'share':>6} {'cpu ms/call':>11}")
    for r in result["cases"]:
        rounds = f"{r['note_rounds']}+{r['merge_rounds']}+1"
        print(f"{r['input_chars']:>11} {r['parts']:>5} {r['notes']:>5} {r['merges']:>6} {r['answer']:>3}"
              f" {r['tokens_in']:>8} {r['tokens_out']:>7} {r['cost']:>9.4f} {r['wall_s']:>7.3f}"
              f" {r['ideal_s']:>7.2f} {rounds:>12} {r['ratio'] if r['ratio'] is not None else float('nan'):>10.3f}"
              f" {r['peak_in_flight']:>4} {r['largest_prompt_chars']:>10} {r['largest_prompt_share']:>6.1%}"
              f" {r['cpu_ms_per_call']:>11.2f}")
    print("direct path (one call holding the whole text, to the cascade's first model):")
    print(f"{'input chars':>11} {'model':>8} {'prompt chars':>12} {'tokens est':>10} {'router tok':>10}"
          f" {'window':>8} {'fits':>5} {'wall s':>7} {'tok in':>8} {'cost $':>9}")
    for r in result["cases"]:
        d = r["direct"]
        made = (f" {d['wall_s']:>7.3f} {d['tokens_in']:>8} {d['cost']:>9.4f}" if d["fits"]
                else f" {'not sent: over the window':>26}")
        print(f"{r['input_chars']:>11} {d['model']:>8} {d['prompt_chars']:>12} {d['tokens_estimate']:>10}"
              f" {d['router_tokens']:>10} {d['context_window']:>8} {'yes' if d['fits'] else 'no':>5}{made}")
    for r in result["cases"]:
        if r["calls"] != r["notes"] + r["merges"] + r["answer"] or r["other_calls"]:
            print(f"  note: {r['input_chars']} chars: calls {r['calls']} != notes + merges + answer "
                  f"({r['other_calls']} unclassified)")
