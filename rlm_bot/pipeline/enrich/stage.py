"""Stage 3, enrichment: gather the context a request needs, rank it, fit it to a token budget.

    enrichment = enrich(task, features, memory=store, budget_tokens=4000, repo=Path("/srv/app"))
    prompt_block = render_context(enrichment)

The intent from the analysis stage picks the strategy:
  code_task      touched files, their local import graph, type definitions, tests, git changes
  debug_task     stack-trace locations ±20 lines, git blame, similar past debugging experiences
  analysis_task  related documents and examples from memory
  question       relevant memories and facts
  computation, chat  the requester's preferences only
Every item carries its source, the reason it was added and its token cost; the reasons go to the
stage telemetry. Retrieved text is data, never instructions: `render_context` fences and labels it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.memory.scope import Scope
from rlm_bot.memory.tokens import count_tokens, truncate_to_tokens
from rlm_bot.pipeline.collaborators import MemorySearch, ModelClient
from rlm_bot.pipeline.enrich.code import gather_code
from rlm_bot.pipeline.enrich.debug import gather_debug, memory_query
from rlm_bot.pipeline.enrich.items import ContextItem, costed, make_item, render_item
from rlm_bot.pipeline.enrich.memory_recall import recall
from rlm_bot.pipeline.enrich.repo import Repo
from rlm_bot.pipeline.types import StageTelemetry, Task
from rlm_bot.resources import load_prompt

if TYPE_CHECKING:  # annotations only
    from rlm_bot.config import Settings

DEFAULT_BUDGET_TOKENS = 4000
MIN_TRUNCATED_TOKENS = 80  # a truncated last item shorter than this is not worth its header
MEMORY_MIN_SIMILARITY = 0.25  # vector candidates below this never enter the fusion
# The cut-off is judged on the fused score (rlm_bot.memory.hybrid.fused_score: 0.7 x cosine +
# 0.3 x keyword coverage squared, a fixed 0..1 scale): below MEMORY_MIN_RELEVANCE a memory is noise
# (a cosine of ~0.25 with no keyword evidence); and, past the best hit, a memory further below it
# than the intent's margin is a near-miss look-alike that would only eat the budget (analysis
# wants breadth). On the 204-fact dev set (packaged guide apart) this keeps the asked-for fact for
# 88% of the questions with 0.4 other memories each (the former 0.3 / 0.8 x best on the old
# scale: 73%, 0.45); on the held-apart set 94% (was 46%).
MEMORY_MIN_RELEVANCE = 0.18
MEMORY_MARGIN = {"question": 0.05, "analysis_task": 0.1, "debug_task": 0.05, "code_task": 0.05,
                 "computation": 0.05, "chat": 0.05}
# Intents whose memory search may use a model's rewrite of the request (pipeline/enrich/memory_recall.py).
EXPAND_INTENTS = frozenset({"question", "analysis_task"})
# The packaged knowledge (the Scheme / RLM guide, global `document` memories) is consulted only
# for requests about writing orchestration programs; it never competes with a team's facts.
ORCHESTRATION_WORDS = re.compile(
    r"\b(scheme|orchestrat\w*|rlm|fan-?out|tree-reduce|map-reduce|llm-query|s-expressions?|"
    r"recursive language models?|patterns? (?:library|catalog(?:ue)?)|sub-?calls?)\b", re.IGNORECASE)
MEMORY_K = {"question": 6, "analysis_task": 8, "debug_task": 4, "code_task": 3, "computation": 2,
            "chat": 2}
MEMORY_KINDS: dict[str, tuple[str, ...] | None] = {
    "question": ("fact", "preference", "document", "conversation", "experience"),
    "analysis_task": ("document", "experience", "fact", "conversation"),
    "debug_task": ("experience", "fact"),
    "code_task": ("fact", "preference", "experience"),
    "computation": ("preference",),
    "chat": ("preference", "fact"),
}
MEMORY_WEIGHT = {"question": 1.0, "analysis_task": 1.0, "debug_task": 0.85, "code_task": 0.6,
                 "computation": 0.8, "chat": 0.8}


@dataclass(frozen=True)
class Enrichment:
    """The context chosen for one request and how it was chosen."""

    items: tuple[ContextItem, ...]
    used_tokens: int
    budget_tokens: int
    strategy: str
    telemetry: StageTelemetry
    dropped: tuple[ContextItem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view (item texts included)."""
        return {"strategy": self.strategy, "used_tokens": self.used_tokens,
                "budget_tokens": self.budget_tokens,
                "items": [{**i.as_dict(), "text": i.text} for i in self.items],
                "dropped": [i.as_dict() for i in self.dropped]}


class EnrichFeatures(Protocol):
    """What enrichment reads of a query's analysis (analyze's QueryFeatures fits it): its intent,
    which picks the gatherers. The intent's name itself (a str) will do too; no intent reads as
    "question"."""

    @property
    def intent(self) -> str:
        """What the query asks for (question, chat, code_task, debug_task, ...)."""
        ...


def enrich(task: Task, features: EnrichFeatures | str, *, memory: MemorySearch | None = None,
           budget_tokens: int | None = None,
           repo: Path | str | None = None, llm: ModelClient | None = None,
           expand_alias: str | None = None) -> Enrichment:
    """Gather, rank and budget the context for `task` given its analysed `features`; with `llm`
    and `expand_alias`, a question's memory search also uses that model's rewrite of it."""
    started = time.perf_counter()
    intent = _intent(features)
    budget = DEFAULT_BUDGET_TOKENS if budget_tokens is None else max(0, int(budget_tokens))
    gatherers: dict[str, str] = {}
    candidates: list[ContextItem] = []
    repository = _repo(repo, gatherers)
    query = task.text
    if intent == "code_task" and repository is not None:
        candidates += _run("code", gatherers, lambda: _code(task.text, repository))
    if intent == "debug_task":
        found = _run("debug", gatherers, lambda: _debug(task.text, repository))
        candidates += found[0] if found else []
        if found:
            query = found[1]
    if memory is not None and intent in MEMORY_K:
        rewriter = (llm, expand_alias) if intent in EXPAND_INTENTS else (None, None)
        candidates += _run("memory", gatherers,
                           lambda: _memory(memory, task, intent, query, rewriter, gatherers))
    elif memory is None:
        gatherers["memory"] = "skipped: no memory store"
    chosen, dropped, used = fit_budget(candidates, budget)
    telemetry = StageTelemetry(
        stage="enrich", duration_ms=round((time.perf_counter() - started) * 1000, 2),
        decision=f"{intent}: {len(chosen)} items, {used}/{budget} tokens",
        reason="; ".join(f"{i.source}: {i.reason}" for i in chosen[:6]) or "nothing relevant found",
        data={"intent": intent, "items": [i.as_dict() for i in chosen],
              "dropped": [i.as_dict() for i in dropped], "gatherers": gatherers,
              "used_tokens": used, "budget_tokens": budget})
    return Enrichment(items=tuple(chosen), used_tokens=used, budget_tokens=budget, strategy=intent,
                      telemetry=telemetry, dropped=tuple(dropped))


def _intent(features: EnrichFeatures | str) -> str:
    intent = features if isinstance(features, str) else getattr(features, "intent", None)
    return intent if isinstance(intent, str) and intent else "question"


def _repo(repo: Path | str | None, gatherers: dict[str, str]) -> Any:
    if repo is None:
        gatherers["repo"] = "none configured (set RLM_REPO_PATH)"
        return None
    path = Path(repo).expanduser()
    if not path.is_dir():
        gatherers["repo"] = f"{path} is not a directory"
        return None
    return Repo(path)


def _run(name: str, gatherers: dict[str, str], work: Any) -> Any:
    """Run one gatherer; a failure is recorded in telemetry and never stops the request."""
    started = time.perf_counter()
    try:
        result = work()
    except Exception as exc:  # noqa: BLE001 - a broken gatherer must not break the answer
        gatherers[name] = f"failed: {type(exc).__name__}: {str(exc)[:160]}"
        return []
    gatherers[name] = f"ok in {(time.perf_counter() - started) * 1000:.0f} ms"
    return result


def _code(text: str, repo: Any) -> list[ContextItem]:
    return gather_code(text, repo)


def _debug(text: str, repo: Any) -> tuple[list[ContextItem], str]:
    items, _frames = gather_debug(text, repo)
    return items, memory_query(text)


def _memory(memory: MemorySearch, task: Task, intent: str, query: str, rewriter: tuple[Any, str | None],
            gatherers: dict[str, str]) -> list[ContextItem]:
    scope = replace(Scope.from_task(task), include_global=wants_packaged_knowledge(task.text))
    found = recall(memory, query, scope, k=MEMORY_K[intent], kinds=MEMORY_KINDS[intent],
                   min_similarity=MEMORY_MIN_SIMILARITY, llm=rewriter[0], alias=rewriter[1])
    if rewriter[0] is not None:
        gatherers["memory_rewrite"] = found.note
    return [_memory_item(hit, MEMORY_WEIGHT[intent], found.expanded)
            for hit in relevant_hits(found.hits, intent)]


def relevant_hits(hits: list[Any], intent: str = "question") -> list[Any]:
    """The hits worth a place in the prompt, judged on the fused score: at least
    MEMORY_MIN_RELEVANCE, and within the intent's margin of the best hit."""
    best = max((hit.score for hit in hits), default=0.0)
    floor = max(MEMORY_MIN_RELEVANCE, best - MEMORY_MARGIN.get(intent, MEMORY_MARGIN["question"]))
    return [hit for hit in hits if hit.score >= floor]


def _memory_item(hit: Any, weight: float, expanded: bool) -> ContextItem:
    record = hit.record
    where = record.visibility if record.visibility != "global" else "seed knowledge"
    reason = _memory_reason(record, hit) + (" (the request and its rewrite searched)" if expanded else "")
    return make_item("memory", f"memory:{record.id} ({record.kind}, {where})", reason, record.text,
                     min(1.0, hit.score) * weight)


def wants_packaged_knowledge(text: str) -> bool:
    """Whether a request is about orchestration programs, where the packaged guide helps."""
    return bool(ORCHESTRATION_WORDS.search(text or ""))


def _memory_reason(record: Any, hit: Any) -> str:
    parts = []
    if hit.similarity is not None:
        parts.append(f"similar to the request ({hit.similarity:.2f})")
    if hit.coverage:
        parts.append(f"shares {hit.coverage:.0%} of the request's rare words")
    elif hit.keyword_rank is not None:
        parts.append(f"keyword match #{hit.keyword_rank}")
    if record.kind == "experience":
        meta = record.meta
        parts.append(f"past experience: {meta.get('successes', 0)} worked, {meta.get('failures', 0)} failed")
    return f"{record.kind} " + ", ".join(parts)


def fit_budget(candidates: list[ContextItem], budget: int) -> tuple[list[ContextItem], list[ContextItem], int]:
    """Rank by score, keep what fits, truncate the last one that does not; (kept, dropped, tokens)."""
    ranked = sorted((costed(c) for c in _dedupe(candidates)), key=lambda i: i.score, reverse=True)
    kept: list[ContextItem] = []
    used = 0
    for position, item in enumerate(ranked):
        if used + item.tokens <= budget:
            kept.append(item)
            used += item.tokens
            continue
        room = budget - used
        if room >= MIN_TRUNCATED_TOKENS:
            header = count_tokens(render_item(99, replace(item, text="")))
            text = truncate_to_tokens(item.text, room - header - 2)
            if text:
                cut = costed(replace(item, text=text, truncated=True))
                if used + cut.tokens <= budget:
                    kept.append(cut)
                    used += cut.tokens
                    position += 1
        return kept, ranked[position:], used
    return kept, [], used


def _dedupe(items: list[ContextItem]) -> list[ContextItem]:
    best: dict[str, ContextItem] = {}
    for item in items:
        key = item.source
        if key not in best or item.score > best[key].score:
            best[key] = item
    return list(best.values())


def render_context(enrichment: Enrichment) -> str:
    """The enrichment as a fenced, labelled block for a prompt ('' when there is nothing)."""
    if not enrichment.items:
        return ""

    blocks = "\n\n".join(render_item(i, item) for i, item in enumerate(enrichment.items, 1))
    blocks = blocks.replace("</retrieved-context>", "<\\/retrieved-context>")
    return load_prompt("enrich_context", items=blocks)


def enrich_from_settings(task: Task, features: EnrichFeatures | str, settings: Settings, *,
                         memory: MemorySearch | None = None,
                         llm: ModelClient | None = None) -> Enrichment:
    """`enrich` with the deployment's budget and repository (settings.memory); with `llm`, memory
    searches use the cheapest cascade model's rewrite unless RLM_MEMORY_EXPAND is off."""
    expand = llm is not None and settings.memory.expand_queries
    return enrich(task, features, memory=memory, budget_tokens=settings.memory.context_token_budget,
                  repo=settings.memory.repo_path, llm=llm if expand else None,
                  expand_alias=settings.routing.cascade_order[0] if expand else None)


__all__ = ["ContextItem", "Enrichment", "enrich", "enrich_from_settings", "fit_budget",
           "make_item", "relevant_hits", "render_context", "wants_packaged_knowledge"]
