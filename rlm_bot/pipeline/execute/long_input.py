"""Stage 6 for long inputs: a Scheme orchestration run, the Recursive-Language-Model way.

`run_scheme(text, decision=..., client=..., job=SchemeJob(settings, ...)) -> ExecutionResult`.
The message never goes into one prompt. It is cut into parts (at paragraph, else line, else
character boundaries; a part is at most PART_CHARS characters, and never more characters than the
worker model's context window has tokens) and loaded into a RuntimeSession as its `context`; a
fixed program maps every part with the cheap model (`fan-out`, the parallel-fan-out pattern),
merges the notes that matter with `tree-reduce` (tree aggregation), and the routed model answers
from the merged notes. A long message's request sits at its start or end, so every call carries
the message's head and tail as "the request".

Every text (parts, instructions, memory background) enters the run as data in a context slot;
the program's source holds only fixed text, model aliases and numbers, so nothing a person writes
can become Scheme code. The run has the Scheme sandbox's time limit and a token, cost and call
budget sized from the input. A run that fails (a provider down, a limit hit) gives a short
answer saying so, with `success=False`, never an exception.

With a `reporter` in its SchemeJob the run reports its progress without touching the program: the
client its calls go through is seen through `_ReportingClient`, which tells the calls apart by
their reply caps (NOTE_TOKENS, MERGE_TOKENS, ANSWER_TOKENS are distinct), says "reading part n of
N…" as each part's notes come back, "merging notes…" at the first merge, and streams the
answering call, whose text is the answer.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from rlm_bot.config import Settings
from rlm_bot.errors import RlmError
from rlm_bot.llm import estimate_tokens
from rlm_bot.pipeline.collaborators import ModelClient
from rlm_bot.pipeline.execute.result import ExecutionResult
from rlm_bot.pipeline.route import RouteDecision, context_window
from rlm_bot.pipeline.types import StageTelemetry
from rlm_bot.resources import load_prompt

PATTERN = "parallel-fan-out+tree-aggregation"
PART_CHARS = 4000  # characters per part (about 1,000-1,600 tokens)
MAX_PARTS = 100  # longer inputs get longer parts (up to the window cap) instead of more of them
REQUEST_EDGE_CHARS = 400  # the head and the tail of the message every call carries
NOTE_TOKENS = 400  # reply cap of one part's notes
MERGE_TOKENS = 800  # reply cap of one merge
ANSWER_TOKENS = 1024  # reply cap of the final answer
FAN_IN = 4  # notes merged per call
MAX_CONCURRENT = 8  # calls in flight at once (also capped by RLM_LLM_MAX_IN_FLIGHT)
BUDGET_MARGIN = 1.5  # the token budget over the worst case the parts and reply caps allow
CALL_FRAMING_TOKENS = 24  # message framing and the <data> delimiters of one call
NOTHING = "NOTHING RELEVANT"  # what a part without anything useful replies (the prompt says so)
GAP = "\n[…]\n"

PROGRAM = """;; parallel-fan-out + tree-aggregation over the parts of a long message (`context`);
;; every text is data from a context slot, never part of this source
(define notes
  (filter (lambda (note) (not (string-prefix? (string-upcase (string-trim note)) "{nothing}")))
          (fan-out (get-context "map-instruction") context
                   #:model {worker} #:max-concurrent {concurrency} #:max-tokens {note_tokens})))
(define merged
  (tree-reduce (get-context "merge-instruction") notes
               #:fan-in {fan_in} #:model {worker} #:max-concurrent {concurrency}
               #:max-tokens {merge_tokens}))
(define answer
  (llm-query #:instruction (get-context "answer-instruction")
             #:data (string-append (get-context "background")
                                   (if (string=? merged "") "(no part held anything relevant)" merged))
             #:model {answerer} #:max-tokens {answer_tokens}))
(finish (list (syntax-e answer) (length notes)))
"""


@dataclass(frozen=True)
class SchemeJob:
    """What a Scheme run needs besides the routed decision: the settings, whose run it is, and the
    memory context gathered for it (rendered text, may be empty)."""

    settings: Settings
    workspace: str = "local"
    background: str = ""
    reporter: Any = None  # a progress.Reporter: the run's progress and its answer streamed


@dataclass(frozen=True)
class RunBudget:
    """The caps of one run, sized from its input."""

    tokens: int
    cost: float
    calls: int


def run_scheme(text: str, *, decision: RouteDecision, client: ModelClient, job: SchemeJob) -> ExecutionResult:
    """Answer a long message by a map-reduce Scheme program over its parts (see the module doc)."""
    # deferred: the Scheme interpreter (~20 modules, ~0.15 s), only for a long input
    from rlm_bot.scheme.runtime import open_session
    from rlm_bot.scheme.runtime.budget import RunLedger
    from rlm_bot.scheme.runtime.client_gateway import LLMGateway, warm_transport
    from rlm_bot.scheme.codec import from_python, to_jsonable

    started = time.perf_counter()
    settings = job.settings
    worker, answerer = settings.routing.cascade_order[0], decision.model
    parts = split_parts(text, part_chars(len(text), context_window(client.profiles, worker)))
    request = request_of(text)
    slots = {
        "map-instruction": load_prompt("scheme_chunk_notes", parts=len(parts), request=request),
        "merge-instruction": load_prompt("scheme_combine", request=request),
        "answer-instruction": _answer_instruction(len(text), len(parts), request, job.background),
        "background": _background_slot(job.background),
    }
    program = build_program(worker, answerer)
    budget = run_budget(parts, slots, settings, _prices(client, worker, answerer))
    tally = _Tally()
    info: dict[str, Any] = {"pattern": PATTERN, "parts": len(parts), "part_chars": max(map(len, parts), default=0),
                            "worker": worker, "answerer": answerer,
                            "budget": {"tokens": budget.tokens, "cost": _finite(budget.cost),
                                       "calls": budget.calls}, "program": program}
    session = None
    try:
        warm_transport(client)  # outside the run's clock
        if job.reporter is not None and job.reporter.active:
            job.reporter.stage("execute", f"reading your message in {len(parts)} parts…", parts=len(parts))
            client = _ReportingClient(client, job.reporter, len(parts))
        gateway = LLMGateway(client, default_model=worker, workspace=job.workspace, ledger=tally,
                             owns_client=False)
        session = open_session(settings, workspace=job.workspace, gateway=gateway)
        session.set_context("context", from_python(parts, strict=True))
        for name, value in slots.items():
            session.set_context(name, value)
        outcome = session.execute(program, timeout=settings.scheme.timeout_seconds,
                                  ledger=RunLedger(budget.calls, budget.tokens, budget.cost))
    except RlmError as exc:  # the run could not start (e.g. an unknown model alias)
        return _failed(str(exc), None, tally, info, decision, started)
    finally:
        if session is not None:
            session.close()
    value = to_jsonable(outcome.value) if outcome.ok else None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)):
        return _failed(outcome.error or f"the program finished with {value!r}", outcome.limit, tally,
                       info, decision, started, outcome)
    answer, relevant = value
    info.update(relevant_parts=relevant, **_usage(outcome))
    reason = (f"{PATTERN}: {len(parts)} parts by {worker}, {relevant} with relevant notes merged "
              f"{FAN_IN} at a time, answered by {answerer}; {outcome.calls} calls, "
              f"{outcome.tokens} tokens")
    telemetry = StageTelemetry("execute", _ms(started), f"scheme→{answerer}", reason, info)
    return ExecutionResult(
        answer=answer.strip(), strategy="scheme", model=answerer, models=tally.models(answerer),
        confidence=None, cost=outcome.cost, tokens_in=tally.tokens_in, tokens_out=tally.tokens_out,
        calls=outcome.calls, tools=(), success=True, telemetry=telemetry,
        detail={"scheme": {"pattern": PATTERN, "parts": len(parts), "relevant_parts": relevant}})


def answer_call_tokens(background: str = "") -> int:
    """The most tokens the routed model's one call can be given (the answer instruction with the
    request, the memory background, the merged notes): what routing must fit in its window when
    the message itself fits none."""
    widest = _answer_instruction(0, 0, "x" * 2 * REQUEST_EDGE_CHARS, background)
    return _answer_input_tokens(widest, _background_slot(background))


def _answer_instruction(chars: int, parts: int, request: str, background: str) -> str:
    return load_prompt("scheme_answer", chars=chars, parts=parts, request=request,
                       background_note=" (after background from memory)" if background else "")


def _background_slot(background: str) -> str:
    """What the answering call's data starts with: the memory background, when there is one."""
    return f"Background from memory:\n{background}\n\nNotes:\n" if background else ""


def _call_overhead() -> int:
    """Tokens every call of the run carries besides its instruction and data."""
    return estimate_tokens(load_prompt("llm_query_system")) + CALL_FRAMING_TOKENS


def _answer_input_tokens(instruction: str, background_slot: str) -> int:
    """The answering call's input at most: its instruction, the background, the merged notes."""
    return (estimate_tokens(instruction) + estimate_tokens(background_slot) + _call_overhead()
            + MERGE_TOKENS)


# --- the parts and the program ----------------------------------------------------------------


def split_parts(text: str, size: int) -> list[str]:
    """`text` in order, in parts of at most `size` characters: whole paragraphs when they fit,
    else whole lines, else slices of a line; blank parts are dropped."""
    if size < 1:
        raise ValueError("a part needs at least one character")
    parts: list[str] = []
    current = ""
    for unit in _units(text, size):
        if current and len(current) + len(unit) > size:
            parts.append(current)
            current = ""
        current += unit
    parts.append(current)
    return [p for p in parts if p.strip()]


def _units(text: str, size: int):
    for paragraph in re.split(r"(?<=\n\n)", text):
        if len(paragraph) <= size:
            yield paragraph
            continue
        for line in paragraph.splitlines(keepends=True):
            if len(line) <= size:
                yield line
                continue
            yield from (line[i:i + size] for i in range(0, len(line), size))


def part_chars(total_chars: int, window_tokens: int | None) -> int:
    """Characters per part: PART_CHARS, more when the input would need over MAX_PARTS parts, and
    never more characters than the worker's window has tokens (a part then fills a quarter to a
    half of the window, whatever the text's characters per token)."""
    size = max(PART_CHARS, math.ceil(total_chars / MAX_PARTS))
    return min(size, window_tokens) if window_tokens else size


def request_of(text: str, edge: int = REQUEST_EDGE_CHARS) -> str:
    """The part of a long message that usually states its request: its head and its tail."""
    text = text.strip()
    if len(text) <= 2 * edge + len(GAP):
        return text
    return text[:edge].rstrip() + GAP + text[-edge:].lstrip()


def build_program(worker: str, answerer: str) -> str:
    """The run's Scheme source: fixed text, the two model aliases (quoted) and the limits."""
    # deferred: the Scheme interpreter (see run_scheme)
    from rlm_bot.scheme.runtime.planner import quote_string

    return PROGRAM.format(nothing=NOTHING, worker=quote_string(worker), answerer=quote_string(answerer),
                          concurrency=MAX_CONCURRENT, note_tokens=NOTE_TOKENS, fan_in=FAN_IN,
                          merge_tokens=MERGE_TOKENS, answer_tokens=ANSWER_TOKENS)


def merge_levels(notes: int, fan_in: int = FAN_IN) -> list[int]:
    """The calls `tree-reduce` makes at each level for `notes` notes (a group of one is passed
    up as is, without a call)."""
    levels = []
    while notes > 1:
        levels.append(notes // fan_in + (1 if notes % fan_in > 1 else 0))
        notes = math.ceil(notes / fan_in)
    return levels


def merge_calls(notes: int, fan_in: int = FAN_IN) -> int:
    """How many calls `tree-reduce` makes for `notes` notes."""
    return sum(merge_levels(notes, fan_in))


def run_budget(parts: list[str], slots: dict[str, str], settings: Settings,
               prices: tuple[float, float]) -> RunBudget:
    """Tokens, dollars and calls for one run: BUDGET_MARGIN times the most its calls can reserve
    (every part noted, every note merged, one answer), within the RLM_RUN_MAX_* caps."""
    overhead = _call_overhead()
    n, merges = len(parts), merge_calls(len(parts))
    notes = sum(estimate_tokens(p) for p in parts) + n * (
        estimate_tokens(slots["map-instruction"]) + overhead + NOTE_TOKENS)
    merged = merges * (estimate_tokens(slots["merge-instruction"]) + overhead
                       + FAN_IN * max(NOTE_TOKENS, MERGE_TOKENS) + MERGE_TOKENS)
    answer = _answer_input_tokens(slots["answer-instruction"], slots["background"]) + ANSWER_TOKENS
    llm = settings.llm
    tokens = min(llm.run_max_tokens, math.ceil(BUDGET_MARGIN * (notes + merged + answer)))
    per_token = max(prices)  # dollars per token, the dearer side of the dearer model
    cost = tokens * per_token if per_token > 0 else math.inf
    if llm.run_max_cost is not None:
        cost = min(cost, float(llm.run_max_cost))
    return RunBudget(tokens=tokens, cost=cost, calls=min(llm.run_max_calls, n + merges + 1))


# --- progress ----------------------------------------------------------------------------------


class _ReportingClient:
    """The run's view of the LLM client: reports finished parts and the merge, streams the answer;
    everything else is the client's own."""

    def __init__(self, client: ModelClient, reporter: Any, parts: int) -> None:
        self._client = client
        self._reporter = reporter
        self._parts = parts
        self._lock = threading.Lock()
        self._noted = 0
        self._merging = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def acomplete(self, alias: str, messages: Any, **kwargs: Any) -> Any:
        """The client's acomplete, reported by what the call is (told by its reply cap)."""
        cap = kwargs.get("max_tokens")
        if cap == ANSWER_TOKENS:
            self._reporter.stage("execute", "writing the answer…", model=alias)
            return await self._reporter.acomplete(self._client, alias, messages, **kwargs)
        if cap == MERGE_TOKENS:
            with self._lock:
                first, self._merging = not self._merging, True
            if first:
                self._reporter.stage("execute", "merging notes…")
        try:
            return await self._client.acomplete(alias, messages, **kwargs)
        finally:
            if cap == NOTE_TOKENS:
                with self._lock:  # held while reporting, so n never goes back
                    self._noted = n = min(self._noted + 1, self._parts)
                    self._reporter.stage("execute", f"reading part {n} of {self._parts}…",
                                         part=n, parts=self._parts)


# --- usage and failures -----------------------------------------------------------------------


class _Tally:
    """Per-call usage of the run (the gateway's `ledger` hook): prompt and reply tokens apart,
    and which models answered, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.tokens_in = 0
        self.tokens_out = 0
        self.aliases: list[str] = []
        self.failed = 0

    def record(self, record: Any) -> None:
        """Count one finished call (the client's CallRecord)."""
        with self._lock:
            self.tokens_in += int(record.prompt_tokens or 0)
            self.tokens_out += int(record.completion_tokens or 0)
            if record.ok:
                self.aliases.append(record.alias)
            else:
                self.failed += 1

    def models(self, answerer: str | None) -> tuple[str, ...]:
        """The models that answered a call, the final answerer last."""
        used = [a for a in dict.fromkeys(self.aliases) if a != answerer]
        return tuple(used + ([answerer] if answerer in self.aliases else []))

    def close(self) -> None:
        """Nothing to flush (the gateway closes its ledger)."""


def _failed(error: str, limit: str | None, tally: _Tally, info: dict, decision: RouteDecision,
            started: float, outcome: Any = None) -> ExecutionResult:
    error = " ".join(error.split())[:500]
    kind = failure_kind(error, limit)
    info.update(error=error, limit=limit, failure=kind, **(_usage(outcome) if outcome is not None else {}))
    telemetry = StageTelemetry("execute", _ms(started), "scheme-failed", f"{PATTERN}: {error}", info)
    return ExecutionResult(
        answer=friendly_failure(kind, info["parts"]), strategy="scheme", model=decision.model,
        models=tally.models(decision.model), confidence=None,
        cost=outcome.cost if outcome is not None else 0.0, tokens_in=tally.tokens_in,
        tokens_out=tally.tokens_out, calls=outcome.calls if outcome is not None else 0, tools=(),
        success=False, telemetry=telemetry,
        detail={"scheme": {"pattern": PATTERN, "parts": info["parts"], "error": error},
                "error_class": f"scheme-{kind}"})


FAILURES = {  # kind -> what the person is told went wrong
    "timeout": "it took longer than the time allowed for one run",
    "budget": "it needed more model calls or tokens than one run is allowed",
    "provider": "the model provider failed partway",
    "error": "the program that reads it stopped with an error",
}


def failure_kind(error: str, limit: str | None) -> str:
    """Which FAILURES entry a run's error is."""
    low = error.lower()
    if limit == "timeout" or "time limit" in low or "timed out" in low:
        return "timeout"
    if limit == "llm_budget" or "budget" in low or "cap reached" in low:
        return "budget"
    if "model" in low and ("failed" in low or "cancelled" in low):
        return "provider"
    return "error"


def friendly_failure(kind: str, parts: int) -> str:
    """Two sentences for the person: their long message could not be read, why, what to do."""
    return (f"Sorry, I could not finish reading your long message ({parts} parts): "
            f"{FAILURES[kind]}. Please try again in a moment, or send a shorter excerpt.")


def _usage(outcome: Any) -> dict[str, Any]:
    return {"calls": outcome.calls, "tokens": outcome.tokens, "cost": round(outcome.cost, 8),
            "elapsed_ms": round(outcome.elapsed_ms, 1), "cancelled": outcome.cancelled}


def _prices(client: ModelClient, *aliases: str) -> tuple[float, float]:
    """Dollars per token, input and output, of the dearer of `aliases` (0 when unknown)."""
    best = (0.0, 0.0)
    for alias in aliases:
        try:
            p = client.profiles.resolve(alias)
        except (RlmError, KeyError, AttributeError):
            continue
        best = (max(best[0], float(p.input_cost_per_1k or 0.0) / 1000),
                max(best[1], float(p.output_cost_per_1k or 0.0) / 1000))
    return best


def _finite(x: float) -> float | None:
    return round(x, 8) if math.isfinite(x) else None


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)
