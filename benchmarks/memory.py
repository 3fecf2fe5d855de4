"""`rlm-bot bench memory`: the memory store's speed, footprint and retrieval quality.

Sections (all in one run, figures side by side):
  index      N memories with precomputed synthetic vectors (clustered, 384-d) and synthetic texts;
             top-5 queries with scope filters through the store (vector and hybrid), the raw Chroma
             query without a filter, and exact brute force over the same allowed rows: p50/p95 and
             the ANN's recall against the exact answer.            (default N=100,000; --n)
  embed      throughput of the packaged all-MiniLM-L6-v2 on this machine's cores, and warm
             single-query latency.
  memory     resident set size now and at peak.
  quality    recall@1/@3/@5 of vector, keyword, rsf, rrf and hybrid search on
             benchmarks/data/memory_retrieval.json (@5 also per query type).
  facts      team facts (benchmarks/data/team_facts.jsonl; --facts PATH, e.g. the held-apart
             benchmarks/data/team_facts_heldout.jsonl) stored beside the packaged seed knowledge,
             asked for in other words: recall@1/@3, MRR, isolation leaks and ms per query for each
             search mode, and model-expanded search when a model is configured (see
             benchmarks/memory_facts.py).
  enrich     scenarios on a small git repository with a bug (built in a tmp dir), stack traces and
             questions answered by earlier memories: share of cases whose relevant item is
             included, and share of tokens spent on items that are not relevant.
Flags: --n N, --queries Q, --skip index,embed,quality,facts,enrich, --facts PATH, --facts-limit N,
--verbose, --json.
The default run measures all five sections with 100,000 memories (the insert dominates: about a
minute on a quiet 2-core machine, several under load); `--n 20000` gives a quick run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "memory_retrieval.json"
DIM = 384
WORKSPACES = 20
CHANNELS_PER_WORKSPACE = 40
USERS_PER_WORKSPACE = 60
VOCABULARY = 6000
WORDS_PER_TEXT = 14
K = 5
INSERT_BATCH = 20_000
TARGET_P50_MS = 20.0
INCLUSION_GOAL = 0.8
QUALITY_MODES = ("vector", "keyword", "rsf", "rrf", "hybrid")


def _rss_mb() -> tuple[float, float]:
    current = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return round(current, 1), round(peak, 1)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def _store(root: Path, embedder: Any, dimension: int | None = None) -> Any:
    from rlm_bot.memory.store import MemoryStore
    from rlm_bot.memory.vectors import VectorIndex, open_client
    from rlm_bot.storage import Database

    db = Database(f"sqlite:///{root / 'memory.db'}")
    db.upgrade()
    client = open_client(root / "chroma", None)
    return MemoryStore(db, VectorIndex(client, embedder, dimension), embedder)


class _Precomputed:
    """An embedder stand-in for the index section: queries carry their own vectors."""

    model_id = "bench-synthetic"
    dimension = DIM

    def embed(self, texts: list[str]) -> Any:
        """Never called: every write and query of the index section brings its vector."""
        raise RuntimeError("the index benchmark passes precomputed vectors")


# --- index -----------------------------------------------------------------------------------


def bench_index(n: int, queries: int, seed: int = 7) -> dict[str, Any]:
    """Insert n synthetic memories, then time scoped top-5 queries against baselines."""
    import numpy as np

    from rlm_bot.memory.scope import Owner, Scope
    from rlm_bot.memory.store import NewMemory

    rng = np.random.default_rng(seed)
    centroids = rng.normal(size=(256, DIM)).astype(np.float32)
    assign = rng.integers(0, len(centroids), size=n)
    vectors = centroids[assign] + 0.6 * rng.normal(size=(n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pyrng = random.Random(seed)
    owners = []
    for _ in range(n):
        ws = pyrng.randrange(WORKSPACES)
        roll = pyrng.random()
        visibility = "channel" if roll < 0.6 else "workspace" if roll < 0.85 else "dm"
        owners.append(Owner(f"T{ws}", f"C{ws}-{pyrng.randrange(CHANNELS_PER_WORKSPACE)}",
                            f"U{ws}-{pyrng.randrange(USERS_PER_WORKSPACE)}", visibility))
    buckets = np.array([o.bucket for o in owners])
    texts = [" ".join(f"w{pyrng.randrange(VOCABULARY)}" for _ in range(WORDS_PER_TEXT)) + f" c{a}"
             for a in assign]
    with tempfile.TemporaryDirectory(prefix="rlm-bench-memory-") as tmp:
        store = _store(Path(tmp), _Precomputed(), DIM)
        started = time.perf_counter()
        ids: list[str] = []
        for start in range(0, n, INSERT_BATCH):
            items = [NewMemory(text=texts[i], owner=owners[i]) for i in range(start, min(n, start + INSERT_BATCH))]
            ids += [r.id for r in store.add_many(items, vectors=vectors[start:start + INSERT_BATCH], merge=False)]
        insert_s = time.perf_counter() - started
        position = {item_id: i for i, item_id in enumerate(ids)}
        timings: dict[str, list[float]] = {"store_vector": [], "store_hybrid": [], "chroma_scoped": [],
                                           "chroma_unfiltered": [], "exact_numpy": []}
        agree = []
        for q in range(queries):
            ws = pyrng.randrange(WORKSPACES)
            scope = Scope(f"T{ws}", f"C{ws}-{pyrng.randrange(CHANNELS_PER_WORKSPACE)}",
                          f"U{ws}-{pyrng.randrange(USERS_PER_WORKSPACE)}", is_dm=q % 4 == 0)
            qv = centroids[pyrng.randrange(len(centroids))] + 0.6 * rng.normal(size=DIM).astype(np.float32)
            qv /= np.linalg.norm(qv)
            qtext = " ".join(f"w{pyrng.randrange(VOCABULARY)}" for _ in range(4))
            t = time.perf_counter()
            hits = store.search(qtext, scope, k=K, mode="vector", vector=qv, touch=False)
            timings["store_vector"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            store.search(qtext, scope, k=K, mode="hybrid", vector=qv, touch=False)
            timings["store_hybrid"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            store.vectors.query_scope(qv, scope, K)
            timings["chroma_scoped"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            store.vectors.query(qv, scope.workspace, None, K)
            timings["chroma_unfiltered"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            allowed = np.flatnonzero(np.isin(buckets, scope.buckets()))
            exact = allowed[np.argsort(-(vectors[allowed] @ qv))[:K]]
            timings["exact_numpy"].append((time.perf_counter() - t) * 1000)
            got = {position[h.record.id] for h in hits}
            agree.append(len(got & set(exact.tolist())) / max(1, min(K, len(exact))))
        count = store.count()
        store.db.dispose()
    out: dict[str, Any] = {"memories": count, "workspaces": WORKSPACES, "insert_seconds": round(insert_s, 1),
                           "insert_per_second": round(n / insert_s), "queries": queries}
    for name, values in timings.items():
        out[f"{name}_p50_ms"] = _pct(values, 0.5)
        out[f"{name}_p95_ms"] = _pct(values, 0.95)
    out["ann_recall_at_5_vs_exact"] = round(statistics.mean(agree), 4)
    out["scope_filter_cost_ratio"] = round(out["chroma_scoped_p50_ms"] / max(1e-6, out["chroma_unfiltered_p50_ms"]), 2)
    out["store_vs_exact_numpy_ratio"] = round(out["store_vector_p50_ms"] / max(1e-6, out["exact_numpy_p50_ms"]), 2)
    out["target_p50_ms"] = TARGET_P50_MS
    out["meets_target"] = out["store_vector_p50_ms"] < TARGET_P50_MS
    return out


# --- embedding -------------------------------------------------------------------------------


def bench_embed(embedder: Any, count: int = 1000) -> dict[str, Any]:
    """Sentences per second in batches, and warm single-query latency."""
    import torch

    rng = random.Random(3)
    words = "deploy staging error cache latency release user payment queue index database token".split()
    sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 16))) for _ in range(count)]
    embedder.embed(sentences[:8])
    started = time.perf_counter()
    embedder.embed(sentences)
    batch_s = time.perf_counter() - started
    singles = []
    for s in sentences[:50]:
        t = time.perf_counter()
        embedder.embed([s])
        singles.append((time.perf_counter() - t) * 1000)
    return {"sentences": count, "torch_threads": torch.get_num_threads(),
            "sentences_per_second": round(count / batch_s), "single_p50_ms": _pct(singles, 0.5),
            "single_p95_ms": _pct(singles, 0.95)}


# --- retrieval quality -----------------------------------------------------------------------


_VECTORS: dict[str, Any] = {}


def embed_cached(embedder: Any, texts: list[str]) -> Any:
    """Vectors of `texts`, each embedded once per run (quality and enrich share a background)."""
    import numpy as np

    missing = [t for t in dict.fromkeys(texts) if t not in _VECTORS]
    if missing:
        _VECTORS.update(zip(missing, embedder.embed(missing)))
    return np.asarray([_VECTORS[t] for t in texts], dtype=np.float32)


def distractors(spec: dict[str, Any]) -> list[str]:
    """The labelled set's never-relevant look-alike memories, generated from its templates."""
    import string

    rng = random.Random(spec["seed"])
    slots = spec["slots"]
    out: set[str] = set()
    while len(out) < spec["count"]:
        template = rng.choice(spec["templates"])
        values = {}
        for _, name, _, _ in string.Formatter().parse(template):
            if not name:
                continue
            if name.startswith("n") and name[1:].isdigit():
                digits = int(name[1:])
                values[name] = str(rng.randrange(10 ** (digits - 1), 10 ** digits))
            elif name == "port":
                values[name] = str(rng.choice([5432, 5433, 6379, 5672, 9200]))
            else:
                values[name] = rng.choice(slots[name])
        text = template.format(**values)
        out.add(text[0].upper() + text[1:])
    return sorted(out)


def bench_quality(embedder: Any) -> dict[str, Any]:
    """recall@5 of vector, keyword and hybrid search on the labelled set."""
    from rlm_bot.memory.scope import Owner, Scope
    from rlm_bot.memory.store import NewMemory

    data = json.loads(DATA.read_text())
    owner = Owner("T1", "C1", "U1", "workspace")
    scope = Scope("T1", "C1", "U1")
    with tempfile.TemporaryDirectory(prefix="rlm-bench-quality-") as tmp:
        store = _store(Path(tmp), embedder)
        texts = [m["text"] for m in data["memories"]]
        results = store.add_many([NewMemory(text=m["text"], owner=owner, kind=m["kind"])
                                  for m in data["memories"]], vectors=embed_cached(embedder, texts),
                                 merge=False)
        noise = distractors(data["distractors"])
        store.add_many([NewMemory(text=t, owner=owner) for t in noise],
                       vectors=embed_cached(embedder, noise), merge=False)
        label = {r.id: m["id"] for r, m in zip(results, data["memories"])}
        recall: dict[str, dict[str, list[float]]] = {}
        misses: dict[str, list[str]] = {mode: [] for mode in QUALITY_MODES}
        for query in data["queries"]:
            relevant = set(query["relevant"])
            for mode in QUALITY_MODES:
                hits = store.search(query["q"], scope, k=K, mode=mode, touch=False)
                ranked = [label.get(h.record.id, "-") for h in hits]
                value = len(set(ranked) & relevant) / len(relevant)
                recall.setdefault(mode, {}).setdefault(query["type"], []).append(value)
                recall[mode].setdefault("all", []).append(value)
                for depth in (1, 3):  # of the top `depth`, the share relevant (or all relevant found)
                    found = len(set(ranked[:depth]) & relevant) / min(depth, len(relevant))
                    recall[mode].setdefault(f"all@{depth}", []).append(found)
                if value < 1:
                    misses[mode].append(query["q"])
        store.db.dispose()
    out: dict[str, Any] = {"queries": len(data["queries"]), "memories": len(data["memories"]),
                           "distractors": data["distractors"]["count"]}
    for mode, by_type in recall.items():
        for kind, values in by_type.items():
            name = f"{mode}_recall@{kind[4:]}_all" if kind.startswith("all@") else f"{mode}_recall@5_{kind}"
            out[name] = round(statistics.mean(values), 4)
    out["hybrid_beats_both"] = out["hybrid_recall@5_all"] > max(out["vector_recall@5_all"],
                                                               out["keyword_recall@5_all"])
    out["misses"] = {mode: qs for mode, qs in misses.items()}
    return out


# --- enrichment ------------------------------------------------------------------------------


def bench_enrich(embedder: Any) -> dict[str, Any]:
    """Enrichment scenarios: inclusion of the relevant item, share of irrelevant tokens."""
    from benchmarks.memory_scenarios import run_scenarios

    return run_scenarios(embedder, _store)


def main(argv: list[str], settings: Any) -> int:
    """Run the sections and print the figures (JSON with --json)."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench memory", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="memories in the index section")
    parser.add_argument("--queries", type=int, default=200, help="queries in the index section")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip")
    parser.add_argument("--facts", type=Path, default=None,
                        help="JSON-lines team facts for the facts section (default: the shipped set)")
    parser.add_argument("--facts-limit", type=int, default=None, help="use only the first N facts")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list the items of each enrichment case")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    report: dict[str, Any] = {}
    started = time.perf_counter()
    if "index" not in skip:
        report["index"] = bench_index(args.n, args.queries)
        _say(args, "index", report["index"])
    from rlm_bot.memory.embeddings import get_embedder

    embedder = get_embedder("all-MiniLM-L6-v2") if not {"embed", "quality", "enrich"} <= skip else None
    if "embed" not in skip:
        report["embed"] = bench_embed(embedder)
        _say(args, "embed", report["embed"])
    if "quality" not in skip:
        report["quality"] = bench_quality(embedder)
        _say(args, "quality", report["quality"])
    if "facts" not in skip:
        from benchmarks.memory_facts import FACTS, bench_facts, print_table

        report["facts"] = bench_facts(settings, args.facts or FACTS, args.facts_limit)
        if not args.json:
            print_table(report["facts"], args.verbose)
            sys.stdout.flush()
    if "enrich" not in skip:
        report["enrich"] = bench_enrich(embedder)
        _say(args, "enrich", report["enrich"])
    current, peak = _rss_mb()
    report["memory"] = {"rss_mb": current, "peak_rss_mb": peak}
    _say(args, "memory", report["memory"])
    report["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print(f"total: {report['seconds']} s")
    return 0


def _say(args: argparse.Namespace, name: str, figures: dict[str, Any]) -> None:
    if args.json:
        return
    print(f"== {name}")
    for key, value in figures.items():
        if key == "misses":
            for mode, queries in value.items():
                print(f"  misses[{mode}] ({len(queries)}): " + "; ".join(queries[:8]))
            continue
        if key == "cases":
            for case in value:
                print(f"  case {case['name']}: included={case['included']} "
                      f"irrelevant_tokens={case['irrelevant_tokens']}/{case['tokens']}")
                if args.verbose:
                    for item in case["items"]:
                        print(f"      {item}")
            continue
        print(f"  {key}: {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    from rlm_bot.config import load_settings

    raise SystemExit(main(sys.argv[1:], load_settings()))
