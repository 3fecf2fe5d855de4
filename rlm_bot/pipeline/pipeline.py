"""The smart RLM pipeline: one Task through analyze → compute → enrich → route → plan → execute → learn.

`Pipeline(settings).run(task) -> Result`. The engines (SQL store, Python sandbox pool, LLM client,
memory) are opened lazily, once, and shared by every request of the process. Simple queries skip
stages 2–5 (one call to the cheapest model); computation queries are answered from the sandbox
with the code shown; everything else is enriched from memory, routed (the first hop by the learned
router of route/state.py, the one `bench routing` measures), planned and executed with the
self-consistency cascade (or LATS when the plan needs tools, or a Scheme map-reduce program over
the parts of a long input). A routed cascade answer is kept as an observation for that router;
its satisfaction, whenever it comes, teaches it. Every answer is recorded as an outcome with its
stage telemetry, so `rlm-bot why`, reactions and the report can find it; so is every request that
fails (a failed outcome with its error class, the telemetry gathered so far and what its calls
cost), and the error is then raised unchanged, carrying the outcome's id as `exc.outcome_id`.
Every model call of a request is a row of the `usage` table, attached to the request's outcome
(pipeline/usage.py); the outcome's tokens and cost are the sums of those rows.

`run(task, progress=callback)` also tells the callback what the request is doing as it goes
(ProgressEvents: "analysing your request…", "asking haiku…", "reading part 3 of 12…") and streams
the answer when one model call's text is the answer (the simple path, a cascade tier of one call,
a long input's answering call); `Result.streamed` says whether the streamed text is the answer.

The stages and the engines are imported in the functions that first use them (each such import
marked "deferred"): they load SQLAlchemy, numpy, the model client or the Scheme runtime, seconds
in all, and slack/bot.py and the commands import this module before any request needs them.

A stage that cannot run (memory unavailable, say) is skipped with the reason in the telemetry;
only what makes an answer impossible (no model configured for a question that needs one, a bad
routing configuration, every model failing) raises an RlmError with a one-line message.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rlm_bot.config import Settings
from rlm_bot.errors import ConfigError, RlmError
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.memory.embeddings import embedder_from_settings
from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.memory.secrets import redact_secrets
from rlm_bot.pipeline.collaborators import AdjustmentReader
from rlm_bot.pipeline.progress import Reporter
from rlm_bot.pipeline.types import Progress, StageTelemetry, Task
from rlm_bot.pipeline.usage import RequestCalls
from rlm_bot.pipeline.warm import preload_embedder, warm
from rlm_bot.resources import load_prompt
from rlm_bot.sandbox import get_pool
from rlm_bot.types import AnswerFacts

if TYPE_CHECKING:  # annotations only: the stage loads when a request is analysed (module doc)
    from rlm_bot.pipeline.analyze import QueryFeatures

log = logging.getLogger(__name__)

NO_MODEL_MESSAGE = ("this question needs a language model and none is configured: set RLM_LLM_API_BASE "
                    "(an OpenAI-compatible endpoint, with RLM_LLM_API_KEY if it needs one) or a provider "
                    "key such as OPENAI_API_KEY or ANTHROPIC_API_KEY")
NO_TEMPLATE_MESSAGE = ("this looks like a computation, but no built-in template fits it and no model is "
                       "configured to write the code: set RLM_LLM_API_BASE (an OpenAI-compatible endpoint) "
                       "or a provider key such as OPENAI_API_KEY or ANTHROPIC_API_KEY")
SIMPLE_MAX_TOKENS = 512
FAILURE_REASON_CHARS = 500


@dataclass
class _RunState:
    """What one request has gathered so far, kept for its outcome even when it fails."""

    calls: RequestCalls
    started: float = field(default_factory=time.perf_counter)
    stages: list[StageTelemetry] = field(default_factory=list)
    features: QueryFeatures | None = None
    outcome_id: str | None = None  # set once the answer's outcome is recorded


@dataclass(frozen=True)
class Result(AnswerFacts):
    """The answer to one Task and what producing it took (the AnswerFacts: model, tokens, cost,
    stages, ..., the same fields its OutcomeRecord is given)."""

    answer: str
    outcome_id: str | None
    strategy: str  # "computation" | "simple" | "cascade" | "lats" | "scheme"
    computed: bool = False
    code: str | None = None
    explanation: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    # True when the answer is the text streamed to the progress callback (its deltas joined, ends'
    # whitespace aside): what the person watched arrive is the answer, nothing to replace
    streamed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the whole Result, stage telemetry included)."""
        return asdict(self)

    def render(self) -> str:
        """The answer as a person reads it; a computed one shows its code and what it does."""
        if self.computed and self.code:
            return f"{self.answer}\n\n```python\n{self.code}\n```\n{self.explanation or ''}".rstrip()
        return self.answer

    def timings(self) -> dict[str, float]:
        """Milliseconds per stage (`<stage>_ms`) and in total."""
        out = {f"{s.stage}_ms": round(s.duration_ms, 3) for s in self.stages}
        if "sandbox_ms" in self.detail:
            out["sandbox_ms"] = self.detail["sandbox_ms"]
        out["total_ms"] = round(self.latency_ms, 3)
        return out


class _SandboxOnDemand:
    """The pipeline's sandbox pool for the python tool, started when the tool first runs code:
    a plan that never runs any (a cascade answer) forks no sandbox workers."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline

    def run(self, code: str, **kwargs: Any) -> Any:
        """SandboxPool.run on the pipeline's pool."""
        return self._pipeline.sandbox.run(code, **kwargs)


def model_configured(settings: Settings) -> bool:
    """True when an OpenAI-compatible endpoint or a provider key is configured."""
    return bool(settings.llm.api_base) or bool(settings.provider_keys)


class Pipeline:
    """Runs Tasks through the seven stages; engines are opened on first need and shared."""

    def __init__(self, settings: Settings, *, record: bool = True) -> None:
        self.settings = settings
        self.record = record
        self._lock = threading.Lock()  # guards the per-engine locks
        # one lock per engine: a warm-up building memory in the background never holds up a
        # request that needs only the database; engines build on each other (learner → db)
        self._engine_locks: dict[str, threading.RLock] = {}
        self._engines: dict[str, Any] = {}

    # --- engines, opened once -------------------------------------------------------------------

    def engine(self, name: str, build) -> Any:
        """The process's engine `name`, built once by `build()` and shared by every front end
        using this pipeline (the Slack app keeps its limits and feedback recorder here too)."""
        if name in self._engines:
            return self._engines[name]
        with self._lock:
            lock = self._engine_locks.setdefault(name, threading.RLock())
        with lock:
            if name not in self._engines:
                self._engines[name] = build()
            return self._engines[name]

    def warm(self, *, workspace: str | None = "local", channel: str = "cli", sandbox: bool = True) -> None:
        """Open every engine a request needs and load the embedding model now (a chat waiting
        for its first line, a server behind its open port); see pipeline/warm.py."""
        warm(self, workspace=workspace, channel=channel, sandbox=sandbox)

    @property
    def db(self):
        """The SQL store (migrated on first use)."""
        from rlm_bot.storage import open_database  # deferred (module doc)

        return self.engine("db", lambda: open_database(self.settings))

    @property
    def sandbox(self):
        """The shared Python sandbox pool."""
        return self.engine("sandbox", lambda: get_pool(self.settings))

    @property
    def llm(self):
        """The shared LLM client, or None when no model is configured."""
        if not model_configured(self.settings):
            return None
        from rlm_bot.llm import shared_client  # deferred (module doc)

        return self.engine("llm", lambda: shared_client(self.settings.llm))

    def memory(self):
        """The memory store, or None (with the reason logged) when it cannot be opened."""
        def build():
            try:
                from rlm_bot.memory.store import open_memory  # deferred (module doc)

                return open_memory(self.settings)
            except Exception as exc:  # noqa: BLE001 - memory is optional: answer without it
                log.warning("memory unavailable, answering without it: %s: %s", type(exc).__name__, exc)
                return None
        return self.engine("memory", build)

    def learner(self):
        """The learner that records outcomes and turns feedback into adjustments."""
        from rlm_bot.learning.learner import Learner  # deferred (module doc)

        return self.engine("learner", lambda: Learner(self.db, self.settings.learning))

    # --- one request ----------------------------------------------------------------------------

    def run(self, task: Task, *, progress: Progress | None = None) -> Result:
        """Answer one task; the outcome is recorded unless the pipeline was built with record=False.

        `progress`, when given, is told what the request is doing as it goes and receives the
        streamed answer (see the module doc); a callback that raises is ignored."""
        from rlm_bot.llm.deadline import request_deadline  # deferred (module doc)

        reporter = Reporter(progress)
        state = _RunState(RequestCalls(workspace=task.workspace,
                                       ledger=self._usage_ledger() if self.record else None))
        try:
            with request_deadline(self.settings.llm.request_deadline_seconds):  # bounds every model call
                return self._run(task, reporter, state)
        except Exception as exc:
            reporter.withdraw("the request failed")
            if self.record and state.outcome_id is None:
                self._record_failure(task, state, exc)
            raise
        except BaseException:
            reporter.withdraw("the request failed")
            raise

    def _run(self, task: Task, reporter: Reporter, state: _RunState) -> Result:
        from rlm_bot.pipeline.analyze import analyze  # deferred (module doc)

        if not task.text.strip():
            raise RlmError("the request is empty: write a question or a task")
        stages = state.stages
        llm = state.calls.client(self.llm)  # every call of this request is labelled and counted
        t0 = time.perf_counter()
        reporter.stage("analyze", "analysing your request…")
        features = state.features = analyze(task)
        stages.append(StageTelemetry("analyze", _ms(t0), features.intent,
                                     _analysis_reason(features), {"features": features.to_dict()}))
        bypass = features.computation and self.settings.routing.compute_bypass
        result = self._computed(task, features, stages, reporter, llm) if bypass else None
        routed: list = []  # the learned router's choice, kept as an observation once recorded
        if result is None:
            if llm is None:
                raise ConfigError(NO_TEMPLATE_MESSAGE if features.computation else NO_MODEL_MESSAGE)
            result = (self._simple(task, features, stages, reporter, llm) if features.is_simple
                      else self._reasoned(task, features, stages, routed, reporter, llm))
        query_type = _query_key(features.query_type, routed[0].cluster if routed else None)
        result = _with(result, latency_ms=_ms(state.started), features=features.to_dict(),
                       stages=tuple(stages), query_type=query_type, streamed=reporter.settle(result.answer),
                       **_usage_totals(state.calls))
        if self.record:
            result = _with(result, outcome_id=self._learn(task, features, result))
            state.outcome_id = result.outcome_id
            state.calls.attach(result.outcome_id)
            if routed:
                self._keep_observation(task, result, routed[0])
        return result

    def _usage_ledger(self):
        """The process's usage ledger (rows of every model call), or None when the database
        cannot be opened now (the request goes on; the next one tries again)."""
        from rlm_bot.llm.ledger import UsageLedger  # deferred (module doc)

        try:
            return self.engine("usage_ledger", lambda: UsageLedger(self.db))
        except Exception as exc:  # noqa: BLE001 - no usage rows is better than no answer
            log.info("model calls are not recorded in usage: %s: %s", type(exc).__name__, exc)
            return None

    def _record_failure(self, task: Task, state: _RunState, exc: Exception) -> None:
        """Record a request that failed as a failed outcome (its telemetry and calls so far) and
        mark the exception with the outcome's id; a failure to record is logged, never raised."""
        kind = error_class(exc)
        elapsed = _ms(state.started)
        failed = StageTelemetry("failed", max(0.0, elapsed - sum(s.duration_ms for s in state.stages)),
                                kind, _failure_reason(exc))
        features, calls = state.features, state.calls
        record = OutcomeRecord(
            query_text=task.text or "(empty)", workspace=task.workspace, channel=task.channel,
            user_id=task.user, thread_ts=task.thread, source=task.source,
            features=features.to_dict() if features is not None else {},
            intent=features.intent if features is not None else None,
            query_type=features.query_type if features is not None else None,
            difficulty=features.difficulty.score if features is not None else None,
            success=False, error_class=kind, tokens_in=calls.prompt_tokens,
            tokens_out=calls.completion_tokens, cost=calls.cost, latency_ms=elapsed,
            stages=(*state.stages, failed))
        try:
            outcome_id = self.learner().learn(record)
        except Exception as err:  # noqa: BLE001 - the request's own error is what the caller gets
            log.info("could not record the failed request: %s: %s", type(err).__name__, err)
            return
        calls.attach(outcome_id)
        try:
            exc.outcome_id = outcome_id  # type: ignore[attr-defined] - callers: recorded already
        except AttributeError:
            pass

    def _computed(self, task: Task, features: QueryFeatures, stages: list[StageTelemetry],
                  reporter: Reporter, llm) -> Result | None:
        from rlm_bot.pipeline.compute import compute  # deferred (module doc)

        t0 = time.perf_counter()
        reporter.stage("compute", "computing in the sandbox…")
        alias = self.settings.routing.cascade_order[0]
        found = compute(task, features, sandbox=self.sandbox, llm=llm, model=alias)
        if found is None:
            stages.append(StageTelemetry("compute", _ms(t0), "fell back to reasoning",
                                         "no template fitted and no model-written code ran"))
            return None
        stages.append(found.telemetry or StageTelemetry(
            "compute", _ms(t0), f"computed ({found.source})", found.explanation))
        return Result(answer=found.answer, outcome_id=None, strategy="computation", computed=True,
                      model=found.model, models=(found.model,) if found.model else (),
                      confidence=found.confidence, code=found.code, explanation=found.explanation,
                      detail={"source": found.source, "template": found.template, "kind": found.kind,
                              "value": found.to_dict()["value"], "output": found.output,
                              "sandbox_ms": found.sandbox_ms})

    def _simple(self, task: Task, features: QueryFeatures, stages: list[StageTelemetry], reporter: Reporter,
                llm) -> Result:
        t0 = time.perf_counter()
        alias = self.settings.routing.cascade_order[0]
        reporter.stage("execute", f"asking {alias}…", model=alias)
        conversation = _conversation(task)
        content = f"{conversation}\n\n{task.text}" if conversation else task.text
        reply = reporter.complete(llm, alias, [{"role": "user", "content": content}],
                                  max_tokens=SIMPLE_MAX_TOKENS)
        stages.append(StageTelemetry("execute", _ms(t0), f"simple→{alias}",
                                     "definitely simple: stages 2–5 skipped, cheapest model answers"))
        return Result(answer=reply.text, outcome_id=None, strategy="simple", model=alias, models=(alias,),
                      tokens_in=reply.prompt_tokens, tokens_out=reply.completion_tokens, cost=reply.cost)

    def _reasoned(self, task: Task, features: QueryFeatures, stages: list[StageTelemetry], routed: list,
                  reporter: Reporter, llm) -> Result:
        from rlm_bot.pipeline.enrich import enrich_from_settings, render_context  # deferred (module doc)
        from rlm_bot.pipeline.execute import execute  # deferred (module doc)
        from rlm_bot.pipeline.plan import plan  # deferred (module doc)
        from rlm_bot.pipeline.route import (ContextWindowError, context_window, request_cost_sensitivity,
                                            route)

        reporter.stage("enrich", "recalling what I know…")
        if "memory" not in self._engines:  # cold: the model loads while Chroma opens
            preload_embedder(self.settings)
        memory = self.memory()
        enrichment = enrich_from_settings(task, features, self.settings, memory=memory, llm=llm)
        stages.append(enrichment.telemetry)
        context = render_context(enrichment) if enrichment.items else ""
        context = "\n\n".join(p for p in (_conversation(task), context) if p)

        t0 = time.perf_counter()
        reporter.stage("route", "choosing a model…")
        adjustments = self.adjustments()
        cost_sensitivity = request_cost_sensitivity(task, self.settings)
        learned, note = self._learned_choice(task, cost_sensitivity)
        scheme_available = self.settings.routing.scheme_strategy

        def route_for(context_tokens: int | None = None):
            return route(features, profiles=llm.profiles,
                         cascade_order=self.settings.routing.cascade_order,
                         cost_sensitivity=cost_sensitivity,
                         max_escalations=self.settings.routing.max_escalations,
                         adjustments=adjustments, learned=learned, note=note,
                         context_tokens=context_tokens)

        fits_whole = True
        try:
            decision = route_for()
        except ContextWindowError:
            if not scheme_available:
                raise
            # no model takes the message whole, but a program reads it in parts: the routed model
            # then only answers from notes, so route for that call instead
            from rlm_bot.pipeline.execute import answer_call_tokens  # deferred (module doc)

            fits_whole = False
            decision = route_for(answer_call_tokens(context))
        if learned is not None:
            routed.append(learned)
        stages.append(StageTelemetry("route", _ms(t0), f"{decision.model} (cascade "
                                     f"{'→'.join(decision.cascade)})", decision.reason,
                                     {"estimated_cost": decision.estimated_cost, "score": decision.score,
                                      "cost_sensitivity": decision.cost_sensitivity,
                                      "router": "learned" if learned is not None else "profiles",
                                      **({"learned": decision.learned} if decision.learned else {})}))

        t0 = time.perf_counter()
        reporter.stage("plan", "planning…")
        tools = self._tools(task, memory, decision.model, llm)
        key = _query_key(features.query_type, learned.cluster if learned is not None else None)
        strategies = adjustments.scores("strategy", key) if adjustments else None
        choice = plan(features, tools_available=bool(tools.tools), scheme_available=scheme_available,
                      learned=strategies, fits_whole=fits_whole,
                      window_tokens=context_window(llm.profiles, decision.model))
        stages.append(StageTelemetry("plan", _ms(t0), choice.strategy, choice.reason))

        if choice.strategy == "scheme":  # the text is read in parts by a program, never whole
            from rlm_bot.pipeline.execute import SchemeJob  # deferred (module doc)

            done = execute(task.text, decision=decision, client=llm, settings=self.settings.routing,
                           scheme=SchemeJob(self.settings, workspace=task.workspace, background=context,
                                            reporter=reporter if reporter.active else None))
        else:
            prompt = f"{context}\n\n{task.text}" if context else task.text
            # tool values are learned per task type (the learner keys them by the outcome's intent)
            learned_tools = (adjustments.scores("tool", features.intent or features.query_type)
                             if adjustments and choice.strategy == "lats" else None)
            done = execute(prompt, decision=decision, client=llm, settings=self.settings.routing,
                           tools=tools, use_tools=choice.strategy == "lats", task_type=features.intent,
                           learned_tools=learned_tools,
                           on_experience=self._experience_sink(task, memory), embed=self._embed_texts,
                           **_progress_hooks(reporter, llm))
        stages.append(done.telemetry)
        return Result(answer=done.answer, outcome_id=None, strategy=done.strategy, model=done.model,
                      models=tuple(done.models), confidence=done.confidence, tokens_in=done.tokens_in,
                      tokens_out=done.tokens_out, cost=done.cost, detail=dict(done.detail),
                      success=done.success, tools=tuple(done.tools))

    def live_router(self):
        """The learned first-hop router (route/state.py: LiveRouter), state shared through SQL."""
        def build():
            from rlm_bot.pipeline.route import LiveRouter  # deferred (module doc)

            return LiveRouter(self.db, self.settings.routing, embedder_from_settings(self.settings))
        return self.engine("live_router", build)

    def _learned_choice(self, task: Task, cost_sensitivity: float):
        """The learned router's choice for this task (None, with a note, when it cannot decide)."""
        from rlm_bot.pipeline.route import check_cascade  # deferred (module doc)

        routing = self.settings.routing
        order = check_cascade(routing.cascade_order, self.llm.profiles)  # bad config: clear error
        if routing.router != "learned" or len(order) < 2:
            return None, None
        try:
            choice = self.live_router().choose(task.text, workspace=task.workspace, weak=order[0],
                                               strong=order[1], cost_sensitivity=cost_sensitivity)
        except RlmError as exc:
            log.warning("learned router unavailable, routing by profiles: %s", exc)
            return None, f"learned router unavailable ({exc}); profile formula used"
        return choice, None

    def _embed_texts(self, texts):
        """Embeddings for the cascade's free-text agreement (the memory package's embedder)."""
        return embedder_from_settings(self.settings).embed(list(texts))

    def _keep_observation(self, task: Task, result: Result, choice) -> None:
        """Keep the routed answer so its satisfaction, when it comes, teaches the learned router."""
        import sqlalchemy as sa  # deferred (module doc)

        # LATS answered with its planner, a Scheme run from notes its worker model took: either
        # way the answer's satisfaction does not tell how the routed model alone would have done
        if result.strategy != "cascade":
            return
        try:
            self.live_router().record(result.outcome_id, choice, workspace=task.workspace,
                                      channel=task.channel, model=result.model)
        except (RlmError, sa.exc.SQLAlchemyError) as exc:
            log.warning("could not keep the routed answer for the learned router: %s", exc)

    def adjustments(self) -> AdjustmentReader:
        """The learned adjustments the router, the planner and LATS read (SQL, shared)."""
        from rlm_bot.learning.adjustments import AdjustmentStore  # deferred (module doc)

        return self.engine("adjustments", lambda: AdjustmentStore(self.db))

    def _tools(self, task: Task, memory, alias: str, llm):
        # deferred (module doc)
        from rlm_bot.pipeline.execute import ToolRegistry, memory_tool, model_tool, python_tool, scheme_tool

        registry = ToolRegistry()
        registry.register("python", python_tool(_SandboxOnDemand(self)))
        registry.register("scheme", scheme_tool(self.settings.scheme))
        # the names of the capability matrix (execute/tools.py CAPABILITIES), so task preferences,
        # descriptions and the memory_search → llm fallback apply to them
        registry.register("llm", model_tool(llm, alias))
        if memory is not None:
            registry.register("memory_search", memory_tool(memory, Scope.from_task(task)))
        return registry

    def _experience_sink(self, task: Task, memory):
        if memory is None:
            return None
        def sink(task_text: str, approach: str, outcome: str) -> None:
            worked = outcome.startswith("succeeded")
            detail = "" if worked else outcome.removeprefix("failed:").strip()
            try:
                memory.add_experience(task_text, approach, "success" if worked else "failure",
                                      owner=Owner.from_task(task), detail=detail)
            except RlmError as exc:
                log.warning("could not keep a reflection as an experience: %s", exc)
        return sink

    def _learn(self, task: Task, features: QueryFeatures, result: Result) -> str:
        facts = {**result.answer_facts(), "features": features.to_dict(),
                 "query_type": result.query_type or features.query_type}
        record = OutcomeRecord(
            query_text=task.text, workspace=task.workspace, channel=task.channel, user_id=task.user,
            thread_ts=task.thread, source=task.source, intent=features.intent,
            difficulty=features.difficulty.score, strategy=result.strategy,
            error_class=None if result.success else (result.detail.get("error_class")
                                                     or f"{result.strategy}-failed"),
            answer=result.answer, **facts,
        )
        return self.learner().learn(record)

    def feedback(self, outcome_id: str, *, user: str, value: int):
        """Record a user's +1/-1 on one answer (as a feedback button does); returns the FeedbackResult."""
        from rlm_bot.learning.feedback import Satisfaction  # deferred (module doc)

        satisfaction = self.engine("satisfaction", lambda: Satisfaction(self.db, self.settings.learning,
                                                                          self.learner()))
        return satisfaction.button(outcome_id=outcome_id, user_id=user, value=value)


def error_class(exc: BaseException) -> str:
    """The error class a failed outcome is recorded with: the RlmError's name, or internal-<name>."""
    name = type(exc).__name__
    return name if isinstance(exc, RlmError) else f"internal-{name}"


def _failure_reason(exc: BaseException) -> str:
    """One line saying why the request failed (an internal error's text is not kept: it may hold
    anything); credential-looking values are redacted."""
    if not isinstance(exc, RlmError):
        return f"internal error ({type(exc).__name__})"
    line = " ".join(str(exc).split())[:FAILURE_REASON_CHARS]
    return redact_secrets(line).text


def _usage_totals(calls: RequestCalls) -> dict[str, Any]:
    """The Result's tokens and cost as the sums of its calls (so they agree with its usage rows);
    nothing when the request made no model call."""
    if not calls.calls:
        return {}
    return {"tokens_in": calls.prompt_tokens, "tokens_out": calls.completion_tokens,
            "cost": calls.cost}


def _progress_hooks(reporter: Reporter, client) -> dict[str, Any]:
    """execute()'s progress keywords: none without a listener, so calls go out as they always did."""
    if not reporter.active:
        return {}
    return {"on_tier": reporter.on_tier, "stream": reporter.streamer(client), "on_rollout": reporter.on_rollout}


def _conversation(task: Task) -> str:
    """The earlier messages of the task's thread or DM (Task.context["conversation"]) as a
    fenced block for the prompt; '' when there are none."""
    turns = str(task.context.get("conversation") or "").strip()
    if not turns:
        return ""
    return load_prompt("conversation", turns=turns.replace("</conversation>", "<\\/conversation>"))


def _query_key(query_type: str | None, cluster: int | None) -> str | None:
    """The query type learned values are kept under: the analysed type, and its cluster if known."""
    if cluster is None:
        return query_type
    return f"{query_type or 'general'}/c{cluster}"


def _analysis_reason(features) -> str:
    kinds = sorted({t.kind for t in getattr(features, "triggers", ())})
    parts = [f"difficulty {features.difficulty.score:.2f}", f"type {features.query_type}"]
    if kinds:
        parts.append("triggers " + ",".join(kinds))
    if features.is_simple:
        parts.append("definitely simple")
    return "; ".join(parts)


def _with(result: Result, **changes: Any) -> Result:
    from dataclasses import replace

    return replace(result, **changes)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)
