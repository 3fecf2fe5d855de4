"""`rlm-bot bench slack`: the served Slack bot under a burst of signed events.

`rlm-bot serve --http` runs as a subprocess on 127.0.0.1 (its CPU and memory are its own; peak
resident memory is its /proc VmHWM) with a fresh data directory, rate limits off, its Web API
calls going to a FakeSlack and its model calls to the scripted OpenAI-compatible provider
answering after L seconds. Both fakes run in this process: the bench reads back what they
received (every Web API call with its time, every provider prompt), and neither shares a CPU
budget with the bot. Then N events (app_mention in a few channels from several users; `--mix`
makes a share of them thread follow-ups and DMs, half of those in agent threads) are sent evenly
over D seconds by several sender threads; a share of them is sent again as a Slack retry
(`X-Slack-Retry-Num`, same event_id). Each question carries a tag the provider echoes, so every
Web API call and provider call is attributed to its event. Per event:

  ack          the signed POST's HTTP response time (target: every one < 3 s);
  first        time to first visible progress: the bot's first Web API call into that thread
               (placeholder chat.postMessage, chat.startStream or assistant.threads.setStatus),
               FakeSlack's receive time minus the send time (target: p50 and p95 < 1 s);
  end-to-end   the send time to the final answer (the call whose blocks carry `rlm_context`),
               broken down into send -> the provider receives the call, the call itself, and
               the provider's reply -> the final answer;
  exactly once final answers per event (must be 1, retries included), the answer's text carries
               the event's tag, and the provider got exactly one call per event.

A measurement: the exit code is 0 even when a target fails; the verdicts are printed.

    rlm-bot bench slack [--events 200] [--seconds 10] [--latency 0.3] [--mix [0.3]]
                        [--retries 0.1] [--workers N] [--queue N] [--thread-memory] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks._slack_bot import (
    SECRET, START_TIMEOUT_S, BotProcess, Monitor, bot_env, proc_cpu, proc_status,
)
from rlm_bot.errors import UsageError

ACK_TARGET_S = 3.0
PROGRESS_TARGET_S = 1.0
CHANNELS = ("C0BENCH01", "C0BENCH02", "C0BENCH03", "C0BENCH04")
USERS = ("U0BENCH01", "U0BENCH02", "U0BENCH03", "U0BENCH04", "U0BENCH05", "U0BENCH06")
SENDERS = 8
SERVICE_ALLOWANCE_S = 0.5  # the bot's own time per request on top of the provider's, for sizing
POOL_HEADROOM = 2
RETRY_DELAY_S = (0.05, 2.0)  # a retry follows its original after a delay drawn from this range
QUIET_WINDOW_S, QUIET_CPU_S, QUIET_TIMEOUT_S = 1.0, 0.1, 60.0  # after the warm-up: CPU under 10 %
SETTLE_S = 1.5  # after the last answer: time for a (wrong) second answer to show
TAG = re.compile(r"\b([qsw]\d{4})\b")
PROGRESS_METHODS = ("chat.postMessage", "chat.startStream", "assistant.threads.setStatus",
                    "chat.postEphemeral")
FINAL_METHODS = ("chat.postMessage", "chat.update", "chat.stopStream")
BY_TS_METHODS = ("chat.update", "chat.appendStream", "chat.stopStream", "chat.delete")
# short self-contained factual questions: the pipeline's simple path (one call to the cheapest model)
QUESTIONS = ("What is the capital of France? ref {tag}", "Who painted the Mona Lisa? ref {tag}",
             "What is the boiling point of water? ref {tag}",
             "What is the tallest mountain in Europe? ref {tag}")


@dataclass
class Event:
    """One planned event and what was measured for it."""

    tag: str
    kind: str  # "mention" | "followup" | "dm" | "agent"
    channel: str
    user: str
    ts: str
    thread_ts: str | None  # where the answer goes (None: top level of a DM)
    parent_ts: str | None  # the thread the user's message is in (follow-ups, agent threads)
    due: float  # seconds after the load starts
    event_id: str = ""
    retry_due: float | None = None
    sent_at: float | None = None
    ack_s: float | None = None
    status: int | None = None
    retry_ack_s: float | None = None
    retry_status: int | None = None
    first_s: float | None = None
    first_method: str | None = None
    end_s: float | None = None
    answers: int = 0
    answer_has_tag: bool | None = None
    provider_calls: int = 0
    to_provider_s: float | None = None  # send -> the provider receives the event's call
    provider_s: float | None = None  # the provider call's own duration
    after_provider_s: float | None = None  # the provider's reply -> the final answer
    sent: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def key(self) -> tuple[str, str | None]:
        """The thread the bot's reply calls go to."""
        return (self.channel, self.thread_ts)


@dataclass(frozen=True)
class Pool:
    """The bot's work pool for the run, and why it was sized so."""

    workers: int
    queue: int
    reason: str


def main(argv: list[str], settings) -> int:
    """Run the bot under the load once; print the figures (or JSON)."""
    args = _parse(argv)
    pool = size_pool(args.events, args.seconds, args.latency, args.workers, args.queue)
    result = run(args, pool)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rlm-bot bench slack")
    parser.add_argument("--events", type=int, default=200, help="events to send (default 200)")
    parser.add_argument("--seconds", type=float, default=10.0, help="spread over this many seconds")
    parser.add_argument("--latency", type=float, default=0.3, help="provider latency in seconds")
    parser.add_argument("--mix", type=float, nargs="?", const=0.3, default=0.0,
                        help="share of thread follow-ups and DMs (default with the flag: 0.3)")
    parser.add_argument("--retries", type=float, default=0.1,
                        help="share of events sent again as Slack retries (default 0.1)")
    parser.add_argument("--workers", type=int, default=None, help="RLM_SLACK_WORKERS (default: sized)")
    parser.add_argument("--queue", type=int, default=None, help="RLM_SLACK_QUEUE (default: --events)")
    parser.add_argument("--senders", type=int, default=SENDERS, help="sender threads")
    parser.add_argument("--thread-memory", action="store_true",
                        help="keep each exchange as a memory (RLM_SLACK_THREAD_MEMORY=true)")
    parser.add_argument("--router", choices=("profiles", "learned"), default="profiles",
                        help="RLM_ROUTER of the bot (default profiles)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="warm-up events sent at once and answered before the load (default 1; "
                             "0: measure a cold bot; 8 or more also starts RLM_LLM_WORKERS' processes)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds to wait for the last answer after the last send")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    checks = [(1 <= args.events <= 100_000, "--events takes 1 to 100000"),
              (0 < args.seconds <= 3600 and math.isfinite(args.seconds), "--seconds takes (0, 3600]"),
              (0 <= args.latency <= 30 and math.isfinite(args.latency), "--latency takes 0 to 30 s"),
              (0 <= args.mix <= 1, "--mix takes a share from 0 to 1"),
              (0 <= args.retries <= 1, "--retries takes a share from 0 to 1"),
              (args.workers is None or args.workers >= 1, "--workers takes 1 or more"),
              (args.queue is None or args.queue >= 0, "--queue takes 0 or more"),
              (args.senders >= 1, "--senders takes 1 or more"),
              (0 <= args.warmup <= 1000, "--warmup takes 0 to 1000 events")]
    for ok, message in checks:
        if not ok:
            raise UsageError(message)
    return args


def size_pool(events: int, seconds: float, latency: float, workers: int | None,
              queue: int | None) -> Pool:
    """Workers for the arrival rate times (provider latency + the bot's own time), doubled; a
    queue as long as the burst, so no event is refused for want of room."""
    rate = events / seconds
    needed = math.ceil(rate * (latency + SERVICE_ALLOWANCE_S) * POOL_HEADROOM)
    chosen = workers if workers is not None else max(4, needed)
    reason = (f"{rate:.1f} events/s x ({latency:.2f} s provider + {SERVICE_ALLOWANCE_S:.2f} s bot) "
              f"x {POOL_HEADROOM} headroom = {needed}" if workers is None else "--workers")
    return Pool(chosen, queue if queue is not None else events, reason)


# --- the plan ------------------------------------------------------------------------------------


def plan(events: int, seconds: float, *, mix: float, retries: float, seed: int,
         base: int | None = None) -> tuple[list[Event], list[Event]]:
    """The load's events (evenly spread over `seconds`) and the seed mentions whose threads the
    follow-ups continue; deterministic for a seed."""
    rng = random.Random(seed)
    base = base or int(time.time())
    out: list[Event] = []
    seeds: list[Event] = []
    for i in range(events):
        tag = f"q{i:04d}"
        due = i * seconds / events
        user = USERS[i % len(USERS)]
        channel = CHANNELS[i % len(CHANNELS)]
        ts = f"{base}.{700000 + i:06d}"
        kind = "mention"
        if rng.random() < mix:
            kind = rng.choice(("followup", "dm", "agent"))
        if kind == "followup":
            seed_ev = Event(f"s{len(seeds):04d}", "mention", channel, user, f"{base}.{600000 + len(seeds):06d}",
                            None, None, 0.0)
            seed_ev.thread_ts = seed_ev.ts
            seeds.append(seed_ev)
            ev = Event(tag, kind, channel, user, ts, seed_ev.ts, seed_ev.ts, due)
        elif kind in ("dm", "agent"):
            user, channel = f"U0DM{i:05d}", f"D0DM{i:05d}"
            parent = f"{base}.{500000 + i:06d}" if kind == "agent" else None
            ev = Event(tag, kind, channel, user, ts, parent, parent, due)
        else:
            ev = Event(tag, kind, channel, user, ts, ts, None, due)
        ev.event_id = f"Ev{base % 100000:05d}{i:05d}"
        if rng.random() < retries:
            ev.retry_due = due + rng.uniform(*RETRY_DELAY_S)
        out.append(ev)
    return out, seeds


def question(ev: Event) -> str:
    """The text a user sends for `ev` (a simple question carrying its tag)."""
    return QUESTIONS[int(ev.tag[1:]) % len(QUESTIONS)].format(tag=ev.tag)


def payload(ev: Event, bot_user: str, team: str) -> dict:
    """The Slack event `ev` is delivered as."""
    if ev.kind == "mention":
        text = f"<@{bot_user}> {question(ev)}"
        return {"type": "app_mention", "user": ev.user, "text": text, "ts": ev.ts,
                "channel": ev.channel, "team": team, "event_ts": ev.ts}
    body = {"type": "message", "user": ev.user, "text": question(ev), "ts": ev.ts,
            "channel": ev.channel, "team": team, "event_ts": ev.ts,
            "channel_type": "channel" if ev.kind == "followup" else "im"}
    if ev.parent_ts:
        body["thread_ts"] = ev.parent_ts
    return body


# --- sending -------------------------------------------------------------------------------------


def send(url: str, ev: Event, *, retry: bool = False) -> None:
    """POST `ev` signed (as a retry when `retry`); record its send time and ack latency."""
    from testing.fakes.slack_server import BOT_USER_ID, TEAM_ID
    from testing.fakes.slack_signing import post_event

    body = payload(ev, BOT_USER_ID, TEAM_ID)
    sent = time.time()
    t0 = time.perf_counter()
    try:
        status, _ = post_event(url, SECRET, body, event_id=ev.event_id, retry_num=1 if retry else None)
    except OSError:
        status = 0
    took = time.perf_counter() - t0
    if retry:
        ev.retry_ack_s, ev.retry_status = took, status
    else:
        ev.sent_at, ev.ack_s, ev.status = sent, took, status
        ev.sent.set()


def load(url: str, events: list[Event], senders: int, fake_slack) -> float:
    """Send every event (and its retry) on schedule from `senders` threads; returns the largest
    lateness of a send against its schedule."""
    jobs = [(ev.due, ev, False) for ev in events]
    jobs += [(ev.retry_due, ev, True) for ev in events if ev.retry_due is not None]
    jobs.sort(key=lambda job: job[0])
    for ev in events:  # the user's message is in the conversation, as in Slack
        fake_slack.add_message(ev.channel, question(ev), user=ev.user, ts=ev.ts, thread_ts=ev.parent_ts)
    start = time.monotonic()
    lateness: list[float] = []

    def one(due: float, ev: Event, retry: bool) -> None:
        delay = start + due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if retry:
            ev.sent.wait(60)
        lateness.append(time.monotonic() - start - due)
        send(url, ev, retry=retry)

    with ThreadPoolExecutor(senders, thread_name_prefix="bench-send") as pool:
        for job in jobs:
            pool.submit(one, *job)
    return max(lateness, default=0.0)


def prepare_threads(url: str, seeds: list[Event], fake_slack, timeout: float) -> None:
    """Send the seed mentions the follow-ups continue and wait until each is answered."""
    if not seeds:
        return
    for i, ev in enumerate(seeds):
        ev.due = i * 0.05
    load(url, seeds, SENDERS, fake_slack)
    _wait_answered(fake_slack, seeds, 0, timeout, "the follow-ups' parent threads")


# --- reading the fakes back ----------------------------------------------------------------------


def _blocks(params: dict) -> list:
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return []
    return blocks if isinstance(blocks, list) else []


def _is_final(call) -> bool:
    return (call.method in FINAL_METHODS and call.response.get("ok")
            and any(isinstance(b, dict) and b.get("block_id") == "rlm_context" for b in _blocks(call.params)))


def attribute(calls: list, keys: set[tuple[str, str | None]]) -> dict[tuple, list]:
    """The bot's Web API calls by the thread they went to (messages edited by ts are traced back
    to the thread they were posted in)."""
    by_key: dict[tuple, list] = {}
    owner: dict[tuple[str, str], tuple] = {}
    for call in calls:
        p = call.params
        if call.method == "assistant.threads.setStatus":
            key = (p.get("channel_id"), p.get("thread_ts"))
        elif call.method in BY_TS_METHODS:
            key = owner.get((p.get("channel"), str(p.get("ts"))))
        elif call.method in PROGRESS_METHODS:
            key = (p.get("channel"), p.get("thread_ts") or None)
            if call.response.get("ts"):
                owner[(p.get("channel"), str(call.response["ts"]))] = key
        else:
            continue
        if key in keys:
            by_key.setdefault(key, []).append(call)
    return by_key


def _wait_answered(fake_slack, events: list[Event], start_index: int, timeout: float, what: str) -> None:
    keys = {ev.key for ev in events}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with fake_slack._lock:
            calls = list(fake_slack.calls[start_index:])
        done = {k for k, cs in attribute(calls, keys).items() if any(_is_final(c) for c in cs)}
        if done >= keys:
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def measure(events: list[Event], calls: list, provider_calls: list, fake_slack) -> int:
    """Fill in each event's first progress, end-to-end, answer count and provider calls; returns
    the provider calls that carried no load event's tag."""
    by_key = attribute(calls, {ev.key for ev in events})
    for ev in events:
        mine = by_key.get(ev.key, [])
        first = next((c for c in mine if c.method in PROGRESS_METHODS and c.response.get("ok")), None)
        finals = [c for c in mine if _is_final(c)]
        if first is not None and ev.sent_at is not None:
            ev.first_s, ev.first_method = first.at - ev.sent_at, first.method
        if finals and ev.sent_at is not None:
            ev.end_s = finals[0].at - ev.sent_at
            ts = str(finals[0].params.get("ts") or finals[0].response.get("ts"))
            ev.answer_has_tag = ev.tag in _message_text(fake_slack, ev.channel, ts)
        ev.answers = len(finals)
    by_tag = {ev.tag: ev for ev in events}
    untagged = 0
    to_wall = time.time() - time.monotonic()  # the provider stamps calls with time.monotonic()
    for call in provider_calls:
        tags = {t for t in TAG.findall(_prompt(call)) if t in by_tag}
        for tag in tags:
            ev = by_tag[tag]
            ev.provider_calls += 1
            if ev.provider_calls == 1 and ev.sent_at is not None and call.ended is not None:
                ev.to_provider_s = call.started + to_wall - ev.sent_at
                ev.provider_s = call.ended - call.started
                if ev.end_s is not None:
                    ev.after_provider_s = ev.end_s - ev.to_provider_s - ev.provider_s
        untagged += not tags
    return untagged


def _message_text(fake_slack, channel: str, ts: str) -> str:
    with fake_slack._lock:
        return next((m.get("text") or "" for m in fake_slack.messages.get(channel, []) if m.get("ts") == ts), "")


def _prompt(call) -> str:
    return "\n".join(str(m.get("content") or "") for m in call.messages)


def provider_reply(request) -> str | None:
    """The scripted model's answer: it names the tag of the question it was asked."""
    tags = TAG.findall(request.last_user or "")
    return f"The answer about {tags[-1]} is in the team handbook, section 4." if tags else None


# --- one run -------------------------------------------------------------------------------------


def warm_up(bot: BotProcess, slack, count: int) -> float:
    """Send `count` mentions at once, wait for their answers and for the bot (and its children)
    to go quiet; returns the seconds it took."""
    t0 = time.monotonic()
    base = int(time.time())
    events = []
    for i in range(count):
        ev = Event(f"w{i:04d}", "mention", "C0BENCHWARM", USERS[i % len(USERS)],
                   f"{base}.{400000 + i:06d}", None, None, 0.0, event_id=f"EvWARMUP{i:05d}")
        ev.thread_ts = ev.ts
        events.append(ev)
    load(bot.events_url, events, max(SENDERS, count), slack)
    _wait_answered(slack, events, 0, START_TIMEOUT_S, "the warm-up answers")
    deadline = time.monotonic() + QUIET_TIMEOUT_S
    before = bot.cpu_s() + sum(proc_cpu(p) for p in bot.children())
    while time.monotonic() < deadline:  # e.g. worker processes still importing litellm
        time.sleep(QUIET_WINDOW_S)
        now = bot.cpu_s() + sum(proc_cpu(p) for p in bot.children())
        if now - before < QUIET_CPU_S:
            break
        before = now
    return time.monotonic() - t0


def run(args: argparse.Namespace, pool: Pool) -> dict:
    """Start the fakes and the bot, warm it, send the load, and return the figures."""
    from testing.fakes.openai_server import FakeOpenAIServer
    from testing.fakes.slack_server import FakeSlack

    events, seeds = plan(args.events, args.seconds, mix=args.mix, retries=args.retries, seed=args.seed)
    provider = FakeOpenAIServer(latency=args.latency, fast_loop=True).start()
    provider.rule(provider_reply)
    slack = FakeSlack().start()
    with tempfile.TemporaryDirectory(prefix="rlm-bench-slack-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        bot = BotProcess(bot_env(slack, provider.base_url, data_dir, pool, args),
                         Path(tmp) / "bot.log")
        try:
            startup_s = bot.wait_warm()
            warmup_s = warm_up(bot, slack, args.warmup) if args.warmup else None
            prepare_threads(bot.events_url, seeds, slack, START_TIMEOUT_S)
            start_calls, start_provider = len(slack.calls), len(provider.calls)
            cpu0, children0 = bot.cpu_s(), {p: proc_cpu(p) for p in bot.children()}
            t0, own_cpu0 = time.monotonic(), time.process_time()
            with Monitor(bot) as monitor:
                lateness = load(bot.events_url, events, args.senders, slack)
                sent_s = time.monotonic() - t0
                timeout = None
                try:
                    _wait_answered(slack, events, start_calls, args.timeout, "the last answers")
                except SystemExit as exc:
                    timeout = str(exc)
                time.sleep(SETTLE_S)
            wall_s, own_cpu_s = time.monotonic() - t0, time.process_time() - own_cpu0
            cpu_s = bot.cpu_s() - cpu0
            kids = bot.children()
            children_cpu = sum(proc_cpu(p) - children0.get(p, 0.0) for p in kids)
            status = bot.status()
            children_rss = sum(proc_status(p).get("VmHWM", 0) for p in kids)
            health = bot.health() or {}
            with slack._lock:
                calls = list(slack.calls[start_calls:])
            untagged = measure(events, calls, [c for c in provider.calls[start_provider:]
                                               if c.path.endswith("/chat/completions")], slack)
        finally:
            bot.stop()
            log = bot.log_path.read_text(encoding="utf-8", errors="replace")
            slack.stop()
            provider.stop()
    return summarise(args, pool, events, seeds, {
        "startup_s": startup_s, "warmup_s": warmup_s, "sent_s": sent_s, "wall_s": wall_s,
        "lateness_s": lateness, "timeout": timeout, "own_cpu_s": own_cpu_s, "cpu_s": cpu_s,
        "children_cpu_s": children_cpu,
        "status": status, "children": len(kids), "children_rss_kb": children_rss,
        "peaks": monitor.peak, "health": health, "untagged": untagged, "log": log,
        "slack_calls": len(calls)})


# --- figures -------------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    """p50 / p95 / p99 / max (nearest rank) and the count."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}

    def rank(q: float) -> float:
        return xs[max(0, math.ceil(q * len(xs)) - 1)]
    return {"n": len(xs), "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99), "max": xs[-1]}


def summarise(args, pool: Pool, events: list[Event], seeds: list[Event], run_: dict) -> dict:
    """The JSON result of one run."""
    acks = [ev.ack_s for ev in events] + [ev.retry_ack_s for ev in events if ev.retry_due is not None]
    ack = percentiles(acks)
    first = percentiles([ev.first_s for ev in events])
    end = percentiles([ev.end_s for ev in events])
    retried = [ev for ev in events if ev.retry_due is not None]
    counts = {
        "events": len(events), "answered": sum(ev.answers == 1 for ev in events),
        "duplicates": sum(ev.answers > 1 for ev in events),
        "missing": sum(ev.answers == 0 for ev in events),
        "wrong_answer": sum(ev.answer_has_tag is False for ev in events),
        "no_progress": sum(ev.first_s is None for ev in events),
        "retries_sent": len(retried), "retries_answered_twice": sum(ev.answers > 1 for ev in retried),
        "non_200": sum(s != 200 for s in [ev.status for ev in events] + [ev.retry_status for ev in retried]),
        "busy_notices": sum(ev.first_method == "chat.postEphemeral" for ev in events)}
    provider = {"calls": sum(ev.provider_calls for ev in events) + run_["untagged"],
                "events_with_one_call": sum(ev.provider_calls == 1 for ev in events),
                "events_with_no_call": sum(ev.provider_calls == 0 for ev in events),
                "events_with_extra_calls": sum(ev.provider_calls > 1 for ev in events),
                "untagged_calls": run_["untagged"], "latency_s": args.latency}
    log = run_["log"]
    bot = {"peak_rss_mb": run_["status"].get("VmHWM", 0) / 1024,
           "rss_at_end_mb": run_["status"].get("VmRSS", 0) / 1024,
           "children": run_["children"], "children_peak_rss_mb": run_["children_rss_kb"] / 1024,
           "cpu_s": run_["cpu_s"], "cpu_ms_per_event": run_["cpu_s"] * 1000 / len(events),
           "children_cpu_s": run_["children_cpu_s"], "peak_threads": run_["peaks"]["threads"],
           "peak_pool_running": run_["peaks"]["pool_running"],
           "peak_pool_queued": run_["peaks"]["pool_queued"], "startup_s": run_["startup_s"],
           "warning_lines": sum(" WARNING " in line or "WARNING:" in line for line in log.splitlines()),
           "tracebacks": log.count("Traceback"), "log_tail": _traceback_tail(log)}
    targets = [
        {"name": f"ack < {ACK_TARGET_S:g} s, every one", "value": ack["max"],
         "pass": ack["max"] is not None and ack["max"] < ACK_TARGET_S and ack["n"] == len(acks)},
        {"name": f"first progress p50 < {PROGRESS_TARGET_S:g} s", "value": first["p50"],
         "pass": first["p50"] is not None and first["p50"] < PROGRESS_TARGET_S},
        {"name": f"first progress p95 < {PROGRESS_TARGET_S:g} s", "value": first["p95"],
         "pass": first["p95"] is not None and first["p95"] < PROGRESS_TARGET_S},
        {"name": "every event answered exactly once", "value": counts["answered"],
         "pass": counts["answered"] == len(events) and not counts["wrong_answer"]},
        {"name": "one provider call per event", "value": provider["events_with_one_call"],
         "pass": provider["events_with_one_call"] == len(events)}]
    kinds = sorted({ev.kind for ev in events})
    by_kind = {k: {"events": sum(ev.kind == k for ev in events),
                   "first_progress_s": percentiles([ev.first_s for ev in events if ev.kind == k]),
                   "end_to_end_s": percentiles([ev.end_s for ev in events if ev.kind == k])}
               for k in kinds}
    return {
        "config": {"events": len(events), "seconds": args.seconds, "rate_per_s": len(events) / args.seconds,
                   "latency_s": args.latency, "senders": args.senders, "workers": pool.workers,
                   "queue": pool.queue, "pool_reason": pool.reason, "mix": args.mix,
                   "retry_share": args.retries, "thread_memory": args.thread_memory,
                   "router": args.router, "warmup": run_["warmup_s"] is not None,
                   "warmup_events": args.warmup,
                   "warmup_s": run_["warmup_s"], "seed_threads": len(seeds)},
        "ack_s": ack, "first_progress_s": first, "end_to_end_s": end, "by_kind": by_kind,
        "breakdown_s": {k: percentiles([getattr(ev, k + "_s") for ev in events])
                        for k in ("to_provider", "provider", "after_provider")},
        "counts": counts, "provider": provider, "bot": bot,
        "load": {"sent_s": run_["sent_s"], "wall_s": run_["wall_s"], "send_lateness_max_s": run_["lateness_s"],
                 "slack_calls": run_["slack_calls"], "timeout": run_["timeout"],
                 "bench_cpu_s": run_["own_cpu_s"]},
        "first_progress_methods": {m: sum(ev.first_method == m for ev in events)
                                   for m in sorted({ev.first_method or "none" for ev in events})},
        "targets": targets, "all_targets_pass": all(t["pass"] for t in targets)}


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def _row(label: str, s: dict) -> str:
    return f"{label:<16}{_ms(s['p50']):>8}{_ms(s['p95']):>8}{_ms(s['p99']):>8}{_ms(s['max']):>8}{s['n']:>6}"


def report(result: dict) -> str:
    """The result as a table and verdicts."""
    c, b, p, n = result["config"], result["bot"], result["provider"], result["counts"]
    warm = (f"warm-up done ({c['warmup_events']} events, {c['warmup_s']:.1f} s)" if c["warmup"]
            else "no warm-up (cold bot)")
    lines = [f"rlm-bot serve --http under {c['events']} signed events in {c['seconds']:g} s "
             f"({c['rate_per_s']:.1f}/s), provider {c['latency_s'] * 1000:.0f} ms, "
             f"router {c['router']}, thread memory {'on' if c['thread_memory'] else 'off'}, "
             f"mix {c['mix']:g}, retries {c['retry_share']:g}",
             f"pool: {c['workers']} workers ({c['pool_reason']}), queue {c['queue']}; {warm}"
             + (f"; {c['seed_threads']} parent threads seeded" if c["seed_threads"] else ""),
             "", f"{'ms':<16}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'n':>6}"]
    for label, key in (("ack", "ack_s"), ("first progress", "first_progress_s"), ("end-to-end", "end_to_end_s")):
        lines.append(_row(label, result[key]))
    names = {"to_provider": "  send->model", "provider": "  model call", "after_provider": "  model->answer"}
    for key, s in result["breakdown_s"].items():
        lines.append(_row(names[key], s))
    if len(result["by_kind"]) > 1:
        for kind, s in result["by_kind"].items():
            lines.append(f"  {kind:<14}first p50 {_ms(s['first_progress_s']['p50'])} p95 "
                         f"{_ms(s['first_progress_s']['p95'])}, end-to-end p50 "
                         f"{_ms(s['end_to_end_s']['p50'])} p95 {_ms(s['end_to_end_s']['p95'])} ({s['events']})")
    lines += ["", f"answered once {n['answered']}/{n['events']}, duplicates {n['duplicates']}, missing "
              f"{n['missing']}, wrong answer {n['wrong_answer']}, retries sent {n['retries_sent']} "
              f"(answered twice {n['retries_answered_twice']}), non-200 acks {n['non_200']}, "
              f"busy notices {n['busy_notices']}",
              f"provider: {p['calls']} calls, one per event for {p['events_with_one_call']}, none for "
              f"{p['events_with_no_call']}, more for {p['events_with_extra_calls']}, untagged {p['untagged_calls']}",
              f"bot: peak RSS {b['peak_rss_mb']:.0f} MB (children {b['children']}: "
              f"{b['children_peak_rss_mb']:.0f} MB), "
              f"CPU {b['cpu_s']:.2f} s ({b['cpu_ms_per_event']:.1f} ms/event; children {b['children_cpu_s']:.2f} s), "
              f"peak threads {b['peak_threads']}, pool peak running {b['peak_pool_running']} / queued "
              f"{b['peak_pool_queued']}, warnings {b['warning_lines']}, tracebacks {b['tracebacks']}",
              f"load: sent in {result['load']['sent_s']:.2f} s (latest send "
              f"{result['load']['send_lateness_max_s'] * 1000:.0f} ms "
              f"behind schedule), {result['load']['slack_calls']} Web API calls, bench process (fakes, "
              f"senders) CPU {result['load']['bench_cpu_s']:.2f} s, first progress by "
              + ", ".join(f"{m} {k}" for m, k in result["first_progress_methods"].items())]
    if result["load"]["timeout"]:
        lines.append(f"!! {result['load']['timeout']}")
    lines.append("")
    for t in result["targets"]:
        value = t["value"]
        shown = f"{value * 1000:.0f} ms" if isinstance(value, float) else str(value)
        lines.append(f"{'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {shown}")
    return "\n".join(lines)


def _traceback_tail(log: str, lines: int = 30) -> list[str]:
    """The bot log's last lines, or those from its first traceback when it has one."""
    all_lines = log.splitlines()
    start = next((i for i, line in enumerate(all_lines) if "Traceback" in line), None)
    return all_lines[start:start + lines] if start is not None else all_lines[-5:]
