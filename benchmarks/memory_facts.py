"""The `facts` section of `rlm-bot bench memory`: team facts stored beside the packaged knowledge,
asked for in other words, per search mode.

The development set (benchmarks/data/team_facts.jsonl, one fact a line) holds facts a Slack team
tells its bot, each with its scope (workspace, channel, author, visibility) and one or more
questions written the way people ask. Every fact is stored in a fresh data dir opened with the
seed (`open_memory`), then for each search mode:
  recall@1, recall@3, MRR (over the top 10) of the questions asked from a scope that may see the
  fact; isolation leaks: a fact returned to any of its questions asked from a scope that must not
  see it (the other workspace with the same channel and user ids, another channel, the author
  outside the DM, another user in a DM); and ms per query (p50/p95, the query vector given, so the
  embedding is timed once apart as `embed_query_*`).
Modes: keyword; vector; hybrid (the fused search, rlm_bot/memory/hybrid.py); rsf (the former
relative score fusion, kept to compare); rrf (reciprocal rank fusion); "+apart" searches the way
enrichment and `memory search` do, with the packaged guide left out unless the question is about
orchestration; "expanded" is hybrid+apart through pipeline.enrich.recall with the cheapest cascade model
rewriting unsure questions: it runs only when a model is configured (otherwise it is reported as
skipped, with the reason; a model is never simulated), and reports the calls and their cost.
The held-apart set (benchmarks/data/team_facts_heldout.jsonl, `--facts`) has 66 facts whose
questions share no content word with their fact; it is for checking, never for tuning.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._paths import ROOT
from rlm_bot.errors import RlmError

FACTS = ROOT / "benchmarks" / "data" / "team_facts.jsonl"
# "+apart": searched the way enrichment searches, with the packaged guide left out unless the
# question is about orchestration (rlm_bot.pipeline.enrich.wants_packaged_knowledge)
MODES = ("keyword", "vector", "rsf", "rrf", "hybrid", "vector+apart", "rsf+apart", "hybrid+apart")
HELDOUT = ROOT / "benchmarks" / "data" / "team_facts_heldout.jsonl"
NO_MODEL = ("skipped: no model configured (set RLM_LLM_API_BASE, or a provider key such as "
            "OPENAI_API_KEY); a model is never simulated")
DEPTH = 10  # MRR and the isolation probes look this deep
VISIBILITIES = ("channel", "workspace", "dm")


@dataclass(frozen=True)
class TeamFact:
    """One fact of the development set, where it was said and how people ask for it."""

    id: str
    text: str
    questions: tuple[str, ...]
    workspace: str
    channel: str
    user: str
    visibility: str
    topic: str = ""


class FactsError(RlmError):
    """The development set cannot be read; the message names the line to fix."""


def load_facts(path: Path = FACTS) -> list[TeamFact]:
    """The facts of a JSON-lines development set, validated."""
    facts: list[TeamFact] = []
    seen: set[str] = set()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError(f"cannot read the facts file {path} ({exc}); pass --facts with a JSON-lines file") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            fact = TeamFact(id=str(raw["id"]), text=str(raw["text"]).strip(),
                            questions=tuple(str(q).strip() for q in raw["questions"]),
                            workspace=str(raw["workspace"]), channel=str(raw["channel"]),
                            user=str(raw["user"]), visibility=str(raw["visibility"]),
                            topic=str(raw.get("topic", "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise FactsError(f"{path}:{number}: not a fact line ({exc}); each line needs id, text, "
                             "questions, workspace, channel, user, visibility") from exc
        if fact.id in seen:
            raise FactsError(f"{path}:{number}: id {fact.id!r} is used twice; give it a new id")
        if fact.visibility not in VISIBILITIES:
            raise FactsError(f"{path}:{number}: visibility {fact.visibility!r}; use one of {VISIBILITIES}")
        if not fact.text or not fact.questions or not all(fact.questions):
            raise FactsError(f"{path}:{number}: a fact needs its text and at least one question")
        seen.add(fact.id)
        facts.append(fact)
    return facts


def allowed_scope(fact: TeamFact) -> Any:
    """A requester who may see `fact`: in its channel, elsewhere in its workspace, or its author's DM."""
    from rlm_bot.memory.scope import Scope

    if fact.visibility == "dm":
        return Scope(fact.workspace, f"D-{fact.user}", fact.user, is_dm=True)
    if fact.visibility == "workspace":
        return Scope(fact.workspace, "elsewhere", "U-asker")
    return Scope(fact.workspace, fact.channel, "U-asker")


def forbidden_scopes(fact: TeamFact, workspaces: list[str]) -> list[Any]:
    """Requesters who must never see `fact`."""
    from rlm_bot.memory.scope import Scope

    out = [Scope(other, fact.channel, fact.user, is_dm=fact.visibility == "dm")
           for other in workspaces if other != fact.workspace]
    if fact.visibility == "channel":
        out.append(Scope(fact.workspace, f"{fact.channel}-other", fact.user))
    if fact.visibility == "dm":
        out.append(Scope(fact.workspace, fact.channel, fact.user))
        out.append(Scope(fact.workspace, f"D-{fact.user}-other", f"{fact.user}-other", is_dm=True))
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2) if ordered else 0.0


def bench_facts(settings: Any, path: Path = FACTS, limit: int | None = None) -> dict[str, Any]:
    """Store the facts beside the seed in a fresh data dir and measure each search mode."""
    from rlm_bot.memory.scope import Owner
    from rlm_bot.memory.store import NewMemory, open_memory

    facts = load_facts(path)[:limit] if limit else load_facts(path)
    workspaces = sorted({f.workspace for f in facts} | {"W-probe"})
    with tempfile.TemporaryDirectory(prefix="rlm-bench-facts-") as tmp:
        local = dataclasses.replace(settings, data_dir=Path(tmp), database_url=None,
                                    memory=dataclasses.replace(settings.memory, chroma_url=None))
        started = time.perf_counter()
        store = open_memory(local, seed=True)
        seeded = store.count()
        seed_s = time.perf_counter() - started
        started = time.perf_counter()
        added = store.add_many([NewMemory(text=f.text, source=f"devset:{f.id}",
                                          owner=Owner(f.workspace, f.channel, f.user, f.visibility))
                                for f in facts], merge=False)
        add_s = time.perf_counter() - started
        label = {r.id: f.id for r, f in zip(added, facts)}
        questions = [(f, q) for f in facts for q in f.questions]
        texts = [q for _, q in questions]
        embed_ms = []
        for q in texts[:50]:
            t = time.perf_counter()
            store.embedder.embed([q])
            embed_ms.append((time.perf_counter() - t) * 1000)
        vectors = dict(zip(texts, store.embedder.embed(texts)))
        modes: dict[str, Any] = {}
        for mode in MODES:
            modes[mode] = _measure(store, mode, questions, vectors, label, workspaces)
        skipped = {}
        rewriter = _rewriter(settings)
        if rewriter is None:
            skipped["expanded"] = NO_MODEL
        else:
            try:
                modes["expanded"] = _measure(store, "hybrid+apart", questions, vectors, label,
                                             workspaces, rewriter=rewriter)
            finally:
                rewriter[0].close()
        store.db.dispose()
    return {"facts": len(facts), "questions": len(questions), "seed_memories": seeded,
            "probes_per_mode": modes[MODES[0]]["probes"], "seed_seconds": round(seed_s, 1),
            "add_seconds": round(add_s, 1), "embed_query_p50_ms": _pct(embed_ms, 0.5),
            "embed_query_p95_ms": _pct(embed_ms, 0.95), "modes": modes, "skipped": skipped}


def _rewriter(settings: Any) -> tuple[Any, str] | None:
    """The cheapest cascade model's client and alias, or None when no model is configured."""
    from rlm_bot.pipeline.pipeline import model_configured

    if not model_configured(settings):
        return None
    from rlm_bot.llm import LLMClient

    return LLMClient(settings.llm), settings.routing.cascade_order[0]


def _measure(store: Any, mode: str, questions: list[tuple[TeamFact, str]], vectors: dict[str, Any],
             label: dict[str, str], workspaces: list[str],
             rewriter: tuple[Any, str] | None = None) -> dict[str, Any]:
    """recall@1/@3, MRR, leaks and timings of one mode (with `rewriter`: through
    pipeline.enrich.recall with that model; the probes reuse each question's rewrite)."""
    from rlm_bot.pipeline.enrich import recall
    at1 = at3 = 0
    reciprocal: list[float] = []
    timings: list[float] = []
    misses: list[str] = []
    seed_first = 0
    from dataclasses import replace

    from rlm_bot.pipeline.enrich import wants_packaged_knowledge

    mode, _, apart = mode.partition("+")
    expansions: dict[str, tuple[str, ...]] = {}
    rewritten = 0
    for fact, question in questions:
        scope = allowed_scope(fact)
        if apart:
            scope = replace(scope, include_global=wants_packaged_knowledge(question))
        t = time.perf_counter()
        if rewriter is None:
            hits = store.search(question, scope, k=DEPTH, mode=mode, vector=vectors[question],
                                touch=False)
        else:
            found = recall(store, question, scope, k=DEPTH, mode=mode, llm=rewriter[0],
                           alias=rewriter[1], touch=False)
            hits = found.hits
            expansions[question] = found.expansion.texts if found.expansion else ()
            rewritten += found.expanded
        timings.append((time.perf_counter() - t) * 1000)
        ranked = [label.get(h.record.id) for h in hits]
        rank = ranked.index(fact.id) + 1 if fact.id in ranked else 0
        at1 += rank == 1
        at3 += 1 <= rank <= 3
        reciprocal.append(1 / rank if rank else 0.0)
        seed_first += bool(hits) and hits[0].record.visibility == "global"
        if not 1 <= rank <= 3:
            misses.append(question)
    leaks: list[str] = []
    probes = 0
    for fact, question in questions:
        for scope in forbidden_scopes(fact, workspaces):
            probes += 1
            hits = store.search(question, scope, k=DEPTH, mode=mode, vector=vectors[question],
                                touch=False, expansions=expansions.get(question, ()))
            leaks += [f"{label[h.record.id]} -> {scope}" for h in hits
                      if h.record.id in label and not scope.allows(h.record)
                      or label.get(h.record.id) == fact.id]
    n = len(questions)
    extra: dict[str, Any] = {}
    if rewriter is not None:
        status = rewriter[0].status()
        extra = {"rewritten": rewritten, "model_calls": status["calls"],
                 "model_failed": status["failed"], "model_cost": status["cost"],
                 "model_tokens": status["tokens"]}
    return {**extra, "recall@1": round(at1 / n, 4), "recall@3": round(at3 / n, 4),
            "mrr": round(statistics.mean(reciprocal), 4), "seed_ranked_first": seed_first,
            "probes": probes, "leaks": len(leaks), "leak_examples": leaks[:5],
            "query_p50_ms": _pct(timings, 0.5), "query_p95_ms": _pct(timings, 0.95),
            "misses@3": misses}


def print_table(report: dict[str, Any], verbose: bool = False) -> None:
    """The per-mode figures as a table."""
    print(f"== facts  ({report['facts']} facts, {report['questions']} questions, "
          f"{report['seed_memories']} seed memories, {report['probes_per_mode']} isolation probes a mode)")
    print(f"  {'mode':<16}{'R@1':>7}{'R@3':>7}{'MRR':>7}{'leaks':>7}{'seed#1':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for mode, m in report["modes"].items():
        print(f"  {mode:<16}{m['recall@1']:>7.3f}{m['recall@3']:>7.3f}{m['mrr']:>7.3f}{m['leaks']:>7}"
              f"{m['seed_ranked_first']:>8}{m['query_p50_ms']:>9}{m['query_p95_ms']:>9}")
    for name, note in report.get("skipped", {}).items():
        print(f"  {name:<16}{note}")
    expanded = report["modes"].get("expanded")
    if expanded:
        print(f"  expanded: {expanded['rewritten']} of {report['questions']} questions rewritten, "
              f"{expanded['model_calls']} calls ({expanded['model_failed']} failed), "
              f"{expanded['model_tokens']} tokens, ${expanded['model_cost']:.4f}")
    print(f"  query embedding: p50 {report['embed_query_p50_ms']} ms, p95 {report['embed_query_p95_ms']} ms "
          f"(not in the per-mode times); seed {report['seed_seconds']} s, add {report['add_seconds']} s")
    for mode, m in report["modes"].items():
        shown = m["misses@3"] if verbose else m["misses@3"][:5]
        print(f"  misses@3[{mode}] ({len(m['misses@3'])}): " + "; ".join(shown))
        for leak in m["leak_examples"]:
            print(f"  LEAK[{mode}]: {leak}")
