"""`rlm-bot bench routing --data CSV`: replay strong/weak outcome tables through our online router.

Rows are met in file order, as production would meet them. For each row the router sees the
prompt (and, when the table has the weak model's answer, that answer: the cascade's weak call,
charged) and records a score ("how much the strong model is needed") and a decision. Feedback is
the outcome of the model whose answer was used — never the other one — and goes to the online
learner before the next row. Reported for the whole run and its last half: quality, quality ratio
to always-strong, strong share, dollars per query (RouteLLM's per-request prices), APGR and
CPT(50%)/CPT(80%) from RouteLLM's threshold sweep over the recorded scores, next to the random,
always-weak, always-strong and oracle routers measured on the same rows.

`--part tune|holdout` splits the file by a hash of `query_id`, so a router tuned on one part can
be judged on rows it never saw.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from benchmarks._paths import parse_args
from benchmarks.routing_eval import (OutcomeTable, Replay, apgr, cpt, load_table, oracle_quality, oracle_scores,
                                     share_for_quality, sweep)
from rlm_bot.errors import UsageError
from rlm_bot.pipeline.route import PriorSet, resolve_prior

# RouteLLM's per-request prices (paper appendix D, 95 in / 264 out tokens per request).
PRICE_STRONG = 0.00887
PRICE_WEAK = 0.000086
RANDOM_SEEDS = 20
SEED = 7
# MiniLM (the embedder the live router uses) embeds ~50 few-shot prompts/s on 2 cores: the MMLU dev
# file (8,472 rows) takes ~3 min and gains APGR over hashed words (0.623 vs 0.605); beyond this size
# the fast hashed words are used unless --embeddings minilm asks for the model
MINILM_MAX_ROWS = 10_000


def main(argv: list[str], settings) -> int:
    """Run the routing benchmark; print figures (or one JSON object with --json)."""
    args = _parse(argv, settings)
    started = time.perf_counter()
    table = load_table(Path(args.data), part=args.part)
    prior = resolve_prior(args.prior)
    result = evaluate(table, cost_sensitivity=args.cost_sensitivity, embeddings=args.embeddings,
                      seed=args.seed, operating_point=args.operating_point, prior=prior)
    result["prior_overlap"] = _overlap(prior, table.name, args.part)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if args.sweep:
        result["plot"] = str(_plot(table, result, args))
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        _print(result, args)
    return 0


def _parse(argv: list[str], settings) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="rlm-bot bench routing", description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="CSV with prompt, strong_correct, weak_correct")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--cost-sensitivity",
        type=float,
        default=settings.routing.cost_sensitivity,
        help="0 = quality only … 1 = cost only (default: RLM_COST_SENSITIVITY)",
    )
    parser.add_argument("--operating-point", choices=("budget", "quality", "expected"), default="budget",
                        help="cost sensitivity as a strong-share budget (default) or as a quality "
                             "target (see rlm_bot.pipeline.route.policy)")
    parser.add_argument("--seed", type=int, default=SEED, help="the router's random seed (exploration, ties)")
    parser.add_argument("--sweep", action="store_true", help="also write the quality-vs-cost PNG")
    parser.add_argument("--plot", help="where --sweep writes its PNG (default: next to the CSV's name in the data dir)")
    parser.add_argument("--part", choices=("all", "tune", "holdout"), default="all",
                        help="rows to replay: all, or one side of a hash split of query_id")
    parser.add_argument("--prior", default=settings.routing.route_prior,
                        help="the router's offline prior: shipped, none, or a file written by "
                             "`rlm-bot bench routing_prior` (default: RLM_ROUTE_PRIOR)")
    parser.add_argument("--embeddings", choices=("auto", "minilm", "lexical", "none"), default="auto",
                        help="query vectors: real MiniLM embeddings, hashed words (fast), none; "
                        f"auto = minilm up to {MINILM_MAX_ROWS} rows, else lexical")
    args = parse_args(parser, argv)
    if not 0.0 <= args.cost_sensitivity <= 1.0:
        raise UsageError("--cost-sensitivity must be between 0 and 1")
    args.settings = settings
    return args


def evaluate(table: OutcomeTable, *, cost_sensitivity: float, embeddings: str = "minilm", vectors=None,
             seed: int | None = None, operating_point: str = "budget", prior: PriorSet | None = None) -> dict:
    """Replay the table through the online router and measure it next to the baselines.

    A prior (MiniLM-based) is used only with MiniLM vectors; `auto` embeddings pick MiniLM for it
    whatever the table's size."""
    from rlm_bot.pipeline.route import BinaryRouter

    if embeddings == "auto":
        embeddings = "minilm" if prior is not None or len(table.prompts) <= MINILM_MAX_ROWS else "lexical"
    if embeddings != "minilm":
        prior = None
    if vectors is None and embeddings == "minilm":
        from rlm_bot.pipeline.route import embed_texts

        vectors = embed_texts(table.prompts)
    elif vectors is None and embeddings == "lexical":
        from rlm_bot.pipeline.route import lexical_vectors

        vectors = lexical_vectors(table.prompts)
    router = BinaryRouter(
        dim=0 if vectors is None else vectors.shape[1],
        cascade=table.weak_responses is not None,
        cost_sensitivity=cost_sensitivity,
        seed=SEED if seed is None else seed,
        operating_point=operating_point,
        prior=prior,
    )
    replay = Replay()
    scale = table.outcome_scale  # the learner takes 0..1
    for i, prompt in enumerate(table.prompts):
        weak_answer = table.weak_responses[i] if table.weak_responses is not None else None
        decision = router.decide(prompt, None if vectors is None else vectors[i], weak_answer)
        replay.scores.append(decision.score)
        replay.strong.append(decision.strong)
        replay.weak_calls += decision.weak_called
        outcome = table.strong[i] if decision.strong else table.weak[i]
        router.feedback(decision, float(outcome) / scale)
    scores = np.array(replay.scores)
    chosen = np.array(replay.strong)
    n = len(scores)
    half = n // 2
    out: dict = {"rows": n, "table": table.name, "cost_sensitivity": cost_sensitivity,
                 "seed": SEED if seed is None else seed, "operating_point": operating_point,
                 "cascade": table.weak_responses is not None,
                 "embeddings": embeddings if vectors is not None else "none",
                 "prior": prior.path if prior is not None else "none"}
    for suffix, part in (("", slice(0, n)), ("_last_half", slice(half, n))):
        s, w, c, sc = table.strong[part], table.weak[part], chosen[part], scores[part]
        quality = float(np.where(c, s, w).mean())
        weak_calls = (np.ones_like(c) if out["cascade"] else ~c).mean()
        out.update({
            f"rows{suffix}": int(len(s)),
            f"quality{suffix}": quality,
            f"quality_ratio{suffix}": quality / float(s.mean()) if s.mean() else float("nan"),
            f"strong_share{suffix}": float(c.mean()),
            f"cost_per_query{suffix}": float(c.mean() * PRICE_STRONG + weak_calls * PRICE_WEAK),
            f"apgr{suffix}": apgr(sc, s, w),
            f"cpt50{suffix}": cpt(sc, s, w, 0.5),
            f"cpt80{suffix}": cpt(sc, s, w, 0.8),
        })
    out["baselines"] = _baselines(table, half, apgr, cpt, oracle_quality, oracle_scores)
    out["strong_share_for_95pct"] = share_for_quality(scores, table.strong, table.weak, 0.95)
    out["strong_share_for_95pct_last_half"] = share_for_quality(
        scores[half:], table.strong[half:], table.weak[half:], 0.95
    )
    out["curve"] = _curve(scores, table.strong, table.weak)
    return out


def _overlap(prior: PriorSet | None, table: str, part: str) -> bool:
    """Whether the prior was fitted on rows this replay scores (then its figures are not held out)."""
    if prior is None:
        return False
    for entry in prior.trained_on():
        name, _, rest = entry.partition(":")
        fitted_part = rest.partition(":")[0]
        if name == table and not (fitted_part == "tune" and part == "holdout"):
            return True
    return False


def random_baseline(strong: np.ndarray, weak: np.ndarray, rng: np.random.Generator | None = None) -> dict:
    """APGR and CPT(50%)/CPT(80%) of random routing: the mean over RANDOM_SEEDS random scorings."""
    rng = np.random.default_rng(SEED) if rng is None else rng
    randoms = [rng.random(len(strong)) for _ in range(RANDOM_SEEDS)]
    return {
        "apgr": float(np.mean([apgr(r, strong, weak) for r in randoms])),
        "cpt50": float(np.mean([cpt(r, strong, weak, 0.5) for r in randoms])),
        "cpt80": float(np.mean([cpt(r, strong, weak, 0.8) for r in randoms])),
    }


def _baselines(table: OutcomeTable, half: int, apgr, cpt, oracle_quality, oracle_scores) -> dict:
    s, w = table.strong, table.weak
    rng = np.random.default_rng(SEED)
    random = random_baseline(s, w, rng)
    oracle = oracle_scores(s, w) + 1e-6 * rng.random(len(s))
    oracle_share = float(((s > w)).mean())
    return {
        "always_strong": {"quality": float(s.mean()), "strong_share": 1.0,
                          "cost_per_query": PRICE_STRONG},
        "always_weak": {"quality": float(w.mean()), "strong_share": 0.0, "cost_per_query": PRICE_WEAK},
        "random": random,
        "oracle": {
            "quality": oracle_quality(s, w, 1.0),
            "strong_share": oracle_share,
            "apgr": apgr(oracle, s, w),
            "cpt50": cpt(oracle, s, w, 0.5),
            "cpt80": cpt(oracle, s, w, 0.8),
        },
    }


def _curve(scores: np.ndarray, strong: np.ndarray, weak: np.ndarray) -> list[list[float]]:
    curve = sweep(scores, strong, weak)
    return [[round(float(a), 4), round(float(b), 4)] for a, b in zip(curve.share, curve.quality)]


def _print(result: dict, args: argparse.Namespace) -> None:
    b = result["baselines"]
    print(f"routing benchmark: {result['table']} ({result['rows']} rows, part={args.part}, "
          f"cost_sensitivity={result['cost_sensitivity']}, cascade={result['cascade']}, "
          f"{result['seconds']} s)")
    print(f"prior: {result['prior']}")
    if result.get("prior_overlap"):
        print("  note: the prior was fitted on rows of this table: these figures are not held out "
              "(use --part holdout with a prior from `bench routing_prior --part tune`)")
    print(f"{'':24}{'whole run':>12}{'last half':>12}")
    for key, label in (("quality", "quality"), ("quality_ratio", "quality / always-strong"),
                       ("strong_share", "strong share"), ("cost_per_query", "$ per query"),
                       ("apgr", "APGR"), ("cpt50", "CPT(50%)"), ("cpt80", "CPT(80%)")):
        print(f"{label:24}{result[key]:>12.4f}{result[key + '_last_half']:>12.4f}")
    print(f"{'strong share for 95%':24}{result['strong_share_for_95pct']:>12.4f}"
          f"{result['strong_share_for_95pct_last_half']:>12.4f}")
    print("baselines (same rows):")
    print(f"  always-strong quality {b['always_strong']['quality']:.4f}  "
          f"always-weak quality {b['always_weak']['quality']:.4f}")
    print(f"  random   APGR {b['random']['apgr']:.3f}  CPT50 {b['random']['cpt50']:.3f}  "
          f"CPT80 {b['random']['cpt80']:.3f}")
    print(f"  oracle   APGR {b['oracle']['apgr']:.3f}  CPT50 {b['oracle']['cpt50']:.3f}  "
          f"CPT80 {b['oracle']['cpt80']:.3f}  quality {b['oracle']['quality']:.4f} "
          f"at strong share {b['oracle']['strong_share']:.3f}")
    print(f"  ours / random APGR: {result['apgr'] / b['random']['apgr']:.2f}x")
    if "plot" in result:
        print(f"quality-vs-cost curve written to {result['plot']}")


def _plot(table: OutcomeTable, result: dict, args: argparse.Namespace) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    target = Path(args.plot) if args.plot else Path(args.settings.data_dir) / f"{table.name}_routing.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    curve = np.array(result["curve"])
    shares = np.linspace(0, 1, 11)
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(curve[:, 0] * 100, curve[:, 1], marker="o", label=f"rlm_bot router (APGR {result['apgr']:.3f})")
    ax.plot(shares * 100, [oracle_quality(table.strong, table.weak, s) for s in shares], marker="x",
            linestyle=":", label="oracle")
    ax.plot([0, 100], [table.weak.mean(), table.strong.mean()], linestyle="--", color="grey",
            label="random (APGR 0.5)")
    ax.axhline(table.strong.mean(), color="red", linestyle="--", label="always strong")
    ax.axhline(table.weak.mean(), color="black", linestyle="--", label="always weak")
    ax.scatter([result["strong_share"] * 100], [result["quality"]], color="green", zorder=5,
               label=f"operating point (cost sensitivity {result['cost_sensitivity']})")
    ax.set_xlabel("strong-model calls (%)")
    ax.set_ylabel("quality")
    ax.set_title(f"Quality vs cost: {table.name}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)
    return target
