"""`rlm-bot bench learning`: does the bot get better as users react? Replay routing outcomes.

Replays 1,200 uncontaminated rows of benchmarks/data/routing (GSM8K + MMLU dev splits, strong
= GPT-4, weak = Mixtral, with each model's recorded correctness) through the whole learning loop,
starting from an empty SQL store:

  analyze(text) → query type and difficulty bucket (the analysis stage, no labels)
  → route: strong or weak by the routing stage's online router (`--router routing`, default:
    rlm_bot.pipeline.route.policy.BinaryRouter over prompt vectors, fed only the satisfaction
    users expressed through the SQL feedback path). Its cold start is quality first: it sends
    everything to the strong model (exploring the weak one) until the weak model proves it keeps
    the quality target set by cost sensitivity, then spends less where the cheap model
    satisfies. Variants: Thompson sampling over the learned SQL routing adjustments
    (`--router adjustments`), or the router stage reading them (`--router route`)
  → Learner.learn(outcome) in SQL, the answer attached to a Slack ts
  → a simulated user reacts +1 / -1 on that ts when the used model was right / wrong (only
    `--feedback-share` of users react), through Satisfaction.reaction — the production path
  → adjustments and learning rates move; the next row is routed with them.

Prints per block of 100: quality (share answered right), cost, quality per dollar, strong share,
performance gap recovered (PGR) and regret at the cost bar against the better fixed policy on the
same rows; the learning-rate trajectory; and, side by side on the last block's rows:
always-strong, always-weak, the frozen prior router (no learning), random routing at the learned
strong share, the oracle (strong only where only it is right) and the best per-scope policy in
hindsight. Goal (SPEC-06.5): the last 100 measurably better than the first 100 — reported as
bootstrap 95% intervals of the change in quality per dollar, quality, PGR and regret. Blocks
hold different queries, so that comparison carries the query mix's noise; the paired comparison
removes it: the router as the first block left it and as it entered the last block, both frozen
(no learning, no exploring) and scored on the last block's rows, which neither has learned from.
Writes a chart (PNG).

The router here starts without the offline prior the live bot starts from (RLM_ROUTE_PRIOR): the
shipped prior was fitted on these very rows, so replaying them with it would measure memory, not
learning. `rlm-bot bench routing --part holdout --prior FILE` (with a prior from
`bench routing_prior --part tune`) measures the prior on rows it has not seen.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from benchmarks._paths import data_path

DATA_DIR = data_path("routing")
FILES = ("gsm8k_gpt4_mixtral_dev.csv", "mmlu_gpt4_mixtral_dev.csv")
STRONG, WEAK = "gpt-4-1106-preview", "mixtral-8x7b"
# RouteLLM's per-request prices (95 input + 264 output tokens; data README, appendix D)
TOKENS_IN, TOKENS_OUT = 95, 264
PRICE = {STRONG: 0.00887, WEAK: 0.000086}
DEFAULT_ROWS = 1200
# A fresh deployment starts quality first: the router's strong share falls from 1 to its operating
# point over this many outcomes (BinaryRouter's `warmup`).
COLD_START_OUTCOMES = 200
BLOCK = 100
PRIOR_WEIGHT = 10.0  # pseudo-observations of the profile prior behind each learned value
GAIN_BAR_EXPONENT = 3.0  # same bar as the routing stage: gain > cost_sensitivity ** 3
BOOTSTRAP = 2000
META_WINDOW = 25


class Row(NamedTuple):
    """One replayed query and how each model did on it."""

    query_id: str
    prompt: str
    strong: int
    weak: int


def load_rows(n: int, seed: int, data_dir: Path = DATA_DIR) -> list[Row]:
    """`n` uncontaminated rows: all GSM8K dev rows that fit, then MMLU, shuffled by `seed`."""
    csv.field_size_limit(sys.maxsize)
    pools = []
    for name in FILES:
        path = data_dir / name
        if not path.is_file():
            raise SystemExit(f"error: routing data not found at {path}")
        with path.open(newline="", encoding="utf-8") as handle:
            pools.append([Row(r["query_id"], r["prompt"], int(r["strong_correct"]),
                              int(r["weak_correct"]))
                          for r in csv.DictReader(handle) if r.get("contaminated", "0") == "0"])
    rng = random.Random(seed)
    gsm, mmlu = pools
    rng.shuffle(gsm)
    rng.shuffle(mmlu)
    take_gsm = min(len(gsm), n // 3)
    rows = gsm[:take_gsm] + mmlu[:n - take_gsm]
    rng.shuffle(rows)
    return rows


def analyze_prompt(prompt: str):
    """The analysis stage's features of one prompt."""
    from rlm_bot.pipeline.analyze import analyze
    from rlm_bot.pipeline.types import Task

    return analyze(Task(text=prompt))


def scope_of(features) -> str:
    """Query type and difficulty bucket from the analysis stage (no dataset labels)."""
    score = features.difficulty.score
    bucket = "low" if score < 0.35 else ("mid" if score < 0.6 else "high")
    return f"{features.query_type}/{bucket}"


class AdjustmentRouter:
    """The bench's stand-in router: Thompson sampling over the learned routing values.

    Each tier's learned value (an exponential moving average) is read as a Beta posterior:
    the profile prior counts as PRIOR_WEIGHT observations, the learned value as its effective
    number of observations, min(count, (2 - rate) / rate) for the current learning rate.
    The strong tier is used when the sampled gain beats the cost bar; uncertainty explores.
    """

    def __init__(self, reader, priors: dict[str, float], bar: float, seed: int,
                 learn: bool = True, rate_of=None) -> None:
        self.reader = reader
        self.priors = priors
        self.bar = bar
        self.learn = learn
        self.rate_of = rate_of or (lambda: 0.1)
        self.rng = random.Random(seed)

    def posterior(self, scope: str, model: str, rate: float) -> tuple[float, float]:
        """Beta(alpha, beta) of the tier's chance to satisfy this scope."""
        prior = self.priors[model]
        alpha, beta = 1 + prior * PRIOR_WEIGHT, 1 + (1 - prior) * PRIOR_WEIGHT
        stat = self.reader.stat("routing", scope, model) if self.learn else None
        if stat is not None:
            n = min(stat.count, (2 - rate) / rate)
            alpha += stat.value * n
            beta += (1 - stat.value) * n
        return alpha, beta

    def choose(self, scope: str) -> str:
        """Strong when its (sampled) expected gain beats the cost bar."""
        if not self.learn:
            return STRONG if self.priors[STRONG] - self.priors[WEAK] > self.bar else WEAK
        rate = self.rate_of()
        strong = self.rng.betavariate(*self.posterior(scope, STRONG, rate))
        weak = self.rng.betavariate(*self.posterior(scope, WEAK, rate))
        return STRONG if strong - weak > self.bar else WEAK


class RoutingStageRouter:
    """The routing helper's online router (rlm_bot.pipeline.route.policy.BinaryRouter) over real
    MiniLM embeddings, fed only the satisfaction users expressed through the SQL feedback path."""

    def __init__(self, prompts: list[str], cost_sensitivity: float, seed: int,
                 learn: bool = True, vectors=None, embeddings: str = "lexical",
                 warmup: int = COLD_START_OUTCOMES, operating_point: str = "budget") -> None:
        from rlm_bot.pipeline.route import BinaryRouter, embed_texts, lexical_vectors

        if vectors is None:
            vectors = embed_texts(prompts) if embeddings == "minilm" else lexical_vectors(prompts)
        self.vectors = vectors
        self.prompts = prompts
        self.learn = learn
        self.router = BinaryRouter(dim=self.vectors.shape[1], cascade=False,
                                   cost_sensitivity=cost_sensitivity, seed=seed, explore=learn,
                                   warmup=warmup, operating_point=operating_point)
        self.pending: dict[int, object] = {}

    def choose_row(self, i: int) -> str:
        decision = self.router.decide(self.prompts[i], self.vectors[i])
        self.pending[i] = decision
        return STRONG if decision.strong else WEAK

    def satisfied(self, i: int, satisfaction: float | None) -> None:
        decision = self.pending.pop(i)
        if self.learn and satisfaction is not None:
            self.router.feedback(decision, float(satisfaction))
        # the router as the first block left it, and as it entered the last block: neither has
        # learned anything from the last block's rows, so both can be scored on them
        if self.learn and i == BLOCK - 1:
            self.after_first_block = copy.deepcopy(self.router)
        if self.learn and i == last_block_start(len(self.prompts)) - 1:
            self.before_last_block = copy.deepcopy(self.router)

    def frozen_choices(self, router, indices: list[int]) -> list[str]:
        """What a copy of `router` picks for these rows, learning nothing and exploring nothing."""
        router = copy.deepcopy(router)
        router.explore = False
        return [STRONG if router.decide(self.prompts[i], self.vectors[i]).strong else WEAK
                for i in indices]


class RouterStage:
    """The routing helper's stage entry, `rlm_bot.pipeline.route.route(...)`, deciding from the
    features, two model profiles (RouteLLM's prices; the shipped profiles' qualities) and the
    learned `routing` adjustments it reads from SQL."""

    def __init__(self, features: list, reader, priors: dict[str, float],
                 cost_sensitivity: float) -> None:
        self.features = features
        self.reader = reader
        self.cost_sensitivity = cost_sensitivity
        self.prior_label = "profile qualities in the router stage"
        per_1k = {STRONG: (0.01, 0.03), WEAK: (0.00024, 0.00024)}  # RouteLLM appendix D
        self.profiles = {m: {"quality": priors[m], "input_cost_per_1k": per_1k[m][0],
                             "output_cost_per_1k": per_1k[m][1], "strengths": (),
                             "context_window": 128_000} for m in (WEAK, STRONG)}

    def choose_row(self, i: int) -> str:
        from rlm_bot.pipeline.route import route

        decision = route(self.features[i], profiles=self.profiles, cascade_order=(WEAK, STRONG),
                         cost_sensitivity=self.cost_sensitivity, max_escalations=0,
                         adjustments=self.reader)
        return decision.model

    def satisfied(self, i: int, satisfaction: float | None) -> None:
        return None  # it learns only through the SQL adjustments it reads


def routing_stage_available() -> bool:
    """Whether the routing helper's router is part of this build."""
    try:
        import rlm_bot.pipeline.route  # noqa: F401
    except ImportError:
        return False
    return True


def _priors(settings, source: str = "profiles") -> tuple[dict[str, float], str]:
    """Priors of the two tiers from the shipped model profiles (cheapest and best of the cascade)."""
    if source == "default":
        return {WEAK: 0.7, STRONG: 0.9}, "default"
    try:
        from rlm_bot.llm.profiles import load_profiles

        profiles = load_profiles(settings.llm.models_file)
        order = [a for a in settings.routing.cascade_order if a in profiles]
        weak, strong = profiles[order[0]], profiles[order[-1]]
        return {WEAK: weak.quality, STRONG: strong.quality}, f"{weak.alias}/{strong.alias} profiles"
    except Exception:  # noqa: BLE001 - without profiles, a plain "strong is better" prior
        return {WEAK: 0.7, STRONG: 0.9}, "default"


def replay(rows: list[Row], scopes: list[str], settings, *, db, seed: int,
           feedback_share: float, learn: bool = True, stage: RoutingStageRouter | None = None,
           priors: str = "profiles") -> dict:
    """Run the rows through route → learn → react; returns per-row choices and rewards."""
    from rlm_bot.learning.adjustments import AdjustmentStore
    from rlm_bot.learning.feedback import Satisfaction
    from rlm_bot.learning.learner import Learner
    from rlm_bot.learning.outcomes import attach_message
    from rlm_bot.learning.types import OutcomeRecord

    learner = Learner(db, settings.learning, window=META_WINDOW)
    sat = Satisfaction(db, settings.learning, learner)
    priors, prior_source = _priors(settings, priors) if stage is None else ({}, "")
    bar = settings.routing.cost_sensitivity ** GAIN_BAR_EXPONENT
    router = AdjustmentRouter(AdjustmentStore(db), priors, bar, seed, learn=learn,
                             rate_of=lambda: learner.meta.rate("routing"))
    rng = random.Random(seed + 1)
    chosen, rewards = [], []
    for i, (row, scope) in enumerate(zip(rows, scopes)):
        model = stage.choose_row(i) if stage is not None else router.choose(scope)
        correct = _correct(row, model)
        chosen.append(model)
        rewards.append(correct)
        if not learn:
            if stage is not None:
                stage.satisfied(i, None)
            continue
        oid = learner.learn(OutcomeRecord(
            query_text=row.prompt, source="bench", user_id="U0BENCH", channel="C0BENCH",
            query_type=scope, strategy="direct", models=(model,), tokens_in=TOKENS_IN,
            tokens_out=TOKENS_OUT, cost=PRICE[model]))
        ts = f"{1_700_000_000 + i}.000100"
        attach_message(db, oid, channel="C0BENCH", message_ts=ts)
        satisfaction = None
        if rng.random() < feedback_share:
            satisfaction = sat.reaction(channel="C0BENCH", message_ts=ts, user_id=f"U{i % 7}",
                                        emoji="+1" if correct else "-1",
                                        event_ts=1_700_000_000 + i + 30).satisfaction
        if stage is not None:
            stage.satisfied(i, satisfaction)
    trajectory = [{"learner": p.learner, "rate": round(p.rate, 4),
                   "accuracy": None if p.accuracy is None else round(p.accuracy, 3)}
                  for p in learner.meta.trajectory()] if learn else []
    return {"chosen": chosen, "rewards": rewards, "trajectory": trajectory,
            "prior_source": prior_source if stage is None else getattr(
                stage, "prior_label", "routing stage's own"),
            "bar": bar}


def block_stats(chosen: list[str], rewards: list[int], rows: list[Row] | None = None,
                bar: float | None = None) -> dict:
    """Quality, dollars, quality per dollar and strong share of one block; with its rows, also
    the performance gap recovered (PGR: 0 = as good as always-weak, 1 = as good as
    always-strong on these same rows) and the regret against the better fixed policy at the
    cost bar (utility = quality − bar × strong share)."""
    extra = {}
    if rows is not None:
        qs = sum(r.strong for r in rows) / len(rows)
        qw = sum(r.weak for r in rows) / len(rows)
        q = sum(rewards) / len(rewards)
        share = sum(1 for m in chosen if m == STRONG) / len(chosen)
        extra["pgr"] = round((q - qw) / (qs - qw), 3) if qs != qw else None
        if bar is not None:
            best = max(qs - bar, qw)
            extra["regret"] = round(best - (q - bar * share), 4)
    n = len(chosen)
    quality = sum(rewards) / n
    cost = sum(PRICE[m] for m in chosen)
    return {"n": n, "quality": round(quality, 4), "cost": round(cost, 5),
            "quality_per_dollar": round(sum(rewards) / cost, 1),
            "strong_share": round(sum(1 for m in chosen if m == STRONG) / n, 3), **extra}


def bootstrap_diff(first: tuple[list, list, list], last: tuple[list, list, list], seed: int,
                   metric) -> tuple[float, float]:
    """95% bootstrap interval of metric(last) − metric(first), resampling rows in each block.

    Each block is (chosen models, rewards, rows); `metric(chosen, rewards, rows)` → float."""
    rng = random.Random(seed)
    diffs = []
    for _ in range(BOOTSTRAP):
        picks = []
        for chosen, rewards, rows in (first, last):
            idx = [rng.randrange(len(chosen)) for _ in chosen]
            picks.append(metric([chosen[i] for i in idx], [rewards[i] for i in idx],
                                [rows[i] for i in idx]))
        diffs.append(picks[1] - picks[0])
    diffs.sort()
    return diffs[int(0.025 * BOOTSTRAP)], diffs[int(0.975 * BOOTSTRAP) - 1]


def paired_bootstrap(early: tuple[list, list], late: tuple[list, list], rows: list[Row], seed: int,
                     metric) -> tuple[float, float]:
    """95% bootstrap interval of metric(late) − metric(early) when both routed the SAME rows:
    rows are resampled once for both, so what differs is the router, not the queries.

    `early` and `late` are (chosen models, rewards) over `rows`."""
    rng = random.Random(seed)
    diffs = []
    for _ in range(BOOTSTRAP):
        idx = [rng.randrange(len(rows)) for _ in rows]
        picked = [rows[i] for i in idx]
        values = [metric([chosen[i] for i in idx], [rewards[i] for i in idx], picked)
                  for chosen, rewards in (early, late)]
        diffs.append(values[1] - values[0])
    diffs.sort()
    return diffs[int(0.025 * BOOTSTRAP)], diffs[int(0.975 * BOOTSTRAP) - 1]


def _correct(row: Row, model: str) -> int:
    return row.strong if model == STRONG else row.weak


def last_block_start(n_rows: int) -> int:
    """Index of the first row of the last whole block."""
    return (n_rows // BLOCK - 1) * BLOCK


def same_rows(stage: "RoutingStageRouter", rows: list[Row], seed: int) -> dict:
    """The router as the first block left it and as it entered the last block, both scored on the
    last block's rows, which neither has learned from (the table has both models' outcomes, so
    every row scores either choice; nothing learns here)."""
    start = last_block_start(len(rows))
    indices = list(range(start, start + BLOCK))
    picked = [rows[i] for i in indices]
    scored = {}
    for name, router in (("after_first_block", stage.after_first_block),
                         ("before_last_block", stage.before_last_block)):
        chosen = stage.frozen_choices(router, indices)
        scored[name] = (chosen, [_correct(r, m) for r, m in zip(picked, chosen)])
    stats = {name: block_stats(*pair, picked) for name, pair in scored.items()}
    early, late = scored["after_first_block"], scored["before_last_block"]
    q_low, q_high = paired_bootstrap(early, late, picked, seed, quality)
    d_low, d_high = paired_bootstrap(early, late, picked, seed, quality_per_dollar)
    return {**stats, "qpd_gain_ci95": [round(d_low, 1), round(d_high, 1)], "goal_met": d_low > 0,
            "quality_change_ci95": [round(q_low, 3), round(q_high, 3)], "quality_worse": q_high < 0,
            "quality_better": q_low > 0}


def quality_per_dollar(chosen, rewards, rows) -> float:
    """Right answers per dollar."""
    return sum(rewards) / sum(PRICE[m] for m in chosen)


def quality(chosen, rewards, rows) -> float:
    """Share answered right."""
    return sum(rewards) / len(rewards)


def pgr(chosen, rewards, rows) -> float:
    """Performance gap recovered on these rows (0 = always-weak, 1 = always-strong)."""
    qs = sum(r.strong for r in rows)
    qw = sum(r.weak for r in rows)
    return (sum(rewards) - qw) / (qs - qw) if qs != qw else 0.0


def regret_at(bar: float):
    """Regret against the better fixed policy on the same rows, at the cost bar."""
    def regret(chosen, rewards, rows) -> float:
        n = len(rows)
        best = max(sum(r.strong for r in rows) / n - bar, sum(r.weak for r in rows) / n)
        share = sum(1 for m in chosen if m == STRONG) / n
        return best - (sum(rewards) / n - bar * share)
    return regret


def baselines(rows: list[Row], strong_share: float, seed: int) -> dict:
    """Always-strong, always-weak, random routing at the learned strong share and the oracle
    (strong only where it alone is right), same rows."""
    rng = random.Random(seed + 2)
    out = {}
    for name, pick in (("always_strong", lambda r: STRONG), ("always_weak", lambda r: WEAK),
                       ("random_same_share",
                        lambda r: STRONG if rng.random() < strong_share else WEAK),
                       ("oracle", lambda r: STRONG if r.strong > r.weak else WEAK)):
        chosen = [pick(r) for r in rows]
        rewards = [r.strong if m == STRONG else r.weak for r, m in zip(rows, chosen)]
        out[name] = block_stats(chosen, rewards)
    return out


def hindsight(rows: list[Row], scopes: list[str], start: int, bar: float) -> dict:
    """The best per-scope policy knowing every row's outcome (strong where the scope's whole-run
    gain beats the bar), measured on the last block: what scope-level learning can reach."""
    gains: dict[str, list[int]] = {}
    for row, scope in zip(rows, scopes):
        gains.setdefault(scope, []).append(row.strong - row.weak)
    strong_scopes = {s for s, g in gains.items() if sum(g) / len(g) > bar}
    block = list(zip(rows, scopes))[start:start + BLOCK]
    chosen = [STRONG if scope in strong_scopes else WEAK for _, scope in block]
    rewards = [r.strong if m == STRONG else r.weak for (r, _), m in zip(block, chosen)]
    return block_stats(chosen, rewards)


def render_chart(blocks: list[dict], frozen: list[dict], trajectory: list[dict], path: Path) -> Path:
    """Quality per dollar and strong share per block, and the learning-rate trajectory."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 7.5), dpi=110, layout="constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[3, 2])
    xs = [i + 1 for i in range(len(blocks))]
    top.plot(xs, [b["quality_per_dollar"] for b in blocks], marker="o", color="#4C72B0",
             label="learned router: quality per $")
    top.plot(xs, [b["quality_per_dollar"] for b in frozen], marker="s", linestyle="--",
             color="#8C8C8C", label="frozen priors (no learning): quality per $")
    top.set_xlabel(f"block of {BLOCK} queries")
    top.set_ylabel("right answers per $")
    top.set_title("Learning from reactions: quality per dollar, strong-model share, gap recovered")
    share = top.twinx()
    share.bar(xs, [100 * b["strong_share"] for b in blocks], alpha=0.25, color="#DD8452",
              label="strong-model share (learned)")
    share.plot(xs, [100 * (b.get("pgr") or 0) for b in blocks], color="#55A868", marker=".",
               label="performance gap recovered (%, learned)")
    share.set_ylabel("%")
    share.set_ylim(-20, 125)
    lines = top.get_legend_handles_labels()
    more = share.get_legend_handles_labels()
    top.legend(lines[0] + more[0], lines[1] + more[1], loc="upper center", fontsize=8,
               bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
    top.set_zorder(share.get_zorder() + 1)  # the lines above the bars
    top.patch.set_visible(False)
    top.set_xticks(xs)
    for learner in sorted({p["learner"] for p in trajectory}):
        points = [p for p in trajectory if p["learner"] == learner]
        bottom.step(range(len(points)), [p["rate"] for p in points], where="post",
                    label=f"{learner} learning rate")
    bottom.set_xlabel(f"meta-learning window ({META_WINDOW} predictions each)")
    bottom.set_ylabel("learning rate")
    bottom.legend(fontsize=8)
    fig.savefig(path, format="png")
    return path


def main(argv: list[str], settings) -> int:
    """Run the replay and print figures and ratios (or one JSON object with --json)."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench learning")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--feedback-share", type=float, default=0.7,
                        help="share of answers a user reacts to (default 0.7)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                        help=f"folder with {' and '.join(FILES)} (default: {DATA_DIR})")
    parser.add_argument("--database", help="SQLAlchemy URL of an EMPTY store (default: tmp SQLite)")
    parser.add_argument("--chart", type=Path, help="where to write the PNG chart")
    parser.add_argument("--cost-sensitivity", type=float, default=None,
                        help="0 = quality only … 1 = cost only (default: RLM_COST_SENSITIVITY)")
    parser.add_argument("--router", choices=("adjustments", "route", "routing"),
                        default="routing",
                        help="routing: the routing stage's online learned router, quality first "
                             "at cold start (default); adjustments: Thompson sampling over the "
                             "learned SQL adjustments; route: the router stage "
                             "rlm_bot.pipeline.route reading them")
    parser.add_argument("--operating-point", choices=("budget", "quality"), default="budget",
                        help="--router routing: cost sensitivity as a strong-share budget "
                             "(default) or as a quality target (see rlm_bot.pipeline.route.policy)")
    parser.add_argument("--embeddings", choices=("lexical", "minilm"), default="minilm",
                        help="prompt vectors of --router routing: the real MiniLM model the live "
                             "router uses (default; ~30-60 s for 1,200 rows) or hashed words (fast)")
    parser.add_argument("--priors", choices=("profiles", "default"), default="profiles",
                        help="tier priors: the shipped model profiles' qualities, or 0.7/0.9")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.cost_sensitivity is not None:
        if not 0.0 <= args.cost_sensitivity <= 1.0:
            parser.error("--cost-sensitivity must be between 0 and 1")
        from dataclasses import replace

        settings = replace(settings, routing=replace(settings.routing,
                                                     cost_sensitivity=args.cost_sensitivity))
    if args.router == "routing" and not routing_stage_available():
        parser.error("--router routing needs rlm_bot.pipeline.route (the routing stage)")
    if args.rows < 2 * BLOCK:
        parser.error(f"--rows must be at least {2 * BLOCK}")
    from rlm_bot.storage import Database

    started = time.perf_counter()
    rows = load_rows(args.rows, args.seed, args.data_dir)
    features = [analyze_prompt(r.prompt) for r in rows]
    # the router stage keys its learned values by query type; the stand-in adds a difficulty bucket
    scopes = ([f.query_type for f in features] if args.router == "route"
              else [scope_of(f) for f in features])
    analyzed = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rlm-bench-learning-") as tmp:
        db = Database(args.database or f"sqlite:///{Path(tmp) / 'bench.db'}")
        db.upgrade()
        cs = settings.routing.cost_sensitivity
        stage = (RoutingStageRouter([r.prompt for r in rows], cs, args.seed,
                                    embeddings=args.embeddings,
                                    operating_point=args.operating_point)
                 if args.router == "routing" else None)
        if args.router == "route":
            from rlm_bot.learning.adjustments import AdjustmentStore

            stage = RouterStage(features, AdjustmentStore(db), _priors(settings, args.priors)[0], cs)
        learned = replay(rows, scopes, settings, db=db, seed=args.seed,
                         feedback_share=args.feedback_share, stage=stage, priors=args.priors)
        db.dispose()
        frozen_stage = (RoutingStageRouter([r.prompt for r in rows], cs, args.seed, learn=False,
                                           vectors=stage.vectors)
                        if args.router == "routing" else None)
        if args.router == "route":
            frozen_stage = RouterStage(features, None, _priors(settings, args.priors)[0], cs)
        frozen = replay(rows, scopes, settings, db=None, seed=args.seed, feedback_share=0,
                        learn=False, stage=frozen_stage, priors=args.priors)
    replayed = time.perf_counter()
    blocks, frozen_blocks = [], []
    for start in range(0, len(rows) - BLOCK + 1, BLOCK):
        end = start + BLOCK
        blocks.append(block_stats(learned["chosen"][start:end], learned["rewards"][start:end],
                                  rows[start:end], learned["bar"]))
        frozen_blocks.append(block_stats(frozen["chosen"][start:end], frozen["rewards"][start:end],
                                         rows[start:end], learned["bar"]))
    first = (learned["chosen"][:BLOCK], learned["rewards"][:BLOCK], rows[:BLOCK])
    last_start = (len(rows) // BLOCK - 1) * BLOCK
    last = (learned["chosen"][last_start:last_start + BLOCK],
            learned["rewards"][last_start:last_start + BLOCK], rows[last_start:last_start + BLOCK])
    low, high = bootstrap_diff(first, last, args.seed, quality_per_dollar)
    r_low, r_high = bootstrap_diff(first, last, args.seed, regret_at(learned["bar"]))
    p_low, p_high = bootstrap_diff(first, last, args.seed, pgr)
    q_low, q_high = bootstrap_diff(first, last, args.seed, quality)
    overall = block_stats(learned["chosen"], learned["rewards"])
    last_rows = rows[last_start:last_start + BLOCK]
    side = baselines(last_rows, blocks[-1]["strong_share"], args.seed)
    side["scope_hindsight"] = hindsight(rows, scopes, last_start, learned["bar"])
    side["frozen_priors"] = frozen_blocks[-1]
    paired = (same_rows(stage, rows, args.seed)
              if isinstance(stage, RoutingStageRouter) and hasattr(stage, "before_last_block") else None)
    chart = args.chart or Path(tempfile.gettempdir()) / "rlm-bench-learning.png"
    render_chart(blocks, frozen_blocks, learned["trajectory"], chart)
    result = {
        "rows": len(rows), "router": args.router, "feedback_share": args.feedback_share,
        "prior": learned["prior_source"],
        "gain_bar": round(learned["bar"], 4), "blocks": blocks, "overall": overall,
        "first_block": blocks[0], "last_block": blocks[-1],
        "qpd_ratio_last_vs_first": round(blocks[-1]["quality_per_dollar"]
                                         / blocks[0]["quality_per_dollar"], 3),
        "qpd_gain_ci95": [round(low, 1), round(high, 1)],
        "goal_met": low > 0,
        "regret_change_ci95": [round(r_low, 4), round(r_high, 4)],
        "regret_improved": r_high < 0,
        "pgr_change_ci95": [round(p_low, 3), round(p_high, 3)],
        "pgr_improved": p_low > 0,
        "quality_change_ci95": [round(q_low, 3), round(q_high, 3)],
        "quality_worse": q_high < 0,
        "last_block_side_by_side": side,
        "same_rows_first_vs_last_router": paired,
        "qpd_ratio_vs_frozen_last_block": round(blocks[-1]["quality_per_dollar"]
                                                / frozen_blocks[-1]["quality_per_dollar"], 3),
        "quality_ratio_vs_always_strong_last_block": round(
            blocks[-1]["quality"] / max(side["always_strong"]["quality"], 1e-9), 3),
        "trajectory": learned["trajectory"],
        "seconds": {"analyze": round(analyzed - started, 1),
                    "replay": round(replayed - analyzed, 1)},
        "chart": str(chart),
    }
    if args.json:
        print(json.dumps(result))
        return 0
    _print(result)
    return 0


def _print(r: dict) -> None:
    print(f"learning bench: {r['rows']} rows (GSM8K+MMLU dev, uncontaminated), "
          f"router: {r['router']}, "
          f"feedback from {r['feedback_share']:.0%} of answers, priors: {r['prior']}, "
          f"gain bar {r['gain_bar']}")
    print(f"{'block':>5} {'quality':>8} {'cost $':>8} {'quality/$':>10} {'strong':>7} "
          f"{'PGR':>6} {'regret':>7}")
    for i, b in enumerate(r["blocks"], 1):
        pgr = "n/a" if b.get("pgr") is None else f"{b['pgr']:.2f}"
        print(f"{i:>5} {b['quality']:>8.2f} {b['cost']:>8.4f} {b['quality_per_dollar']:>10.1f} "
              f"{b['strong_share']:>7.0%} {pgr:>6} {b.get('regret', 0):>7.3f}")
    lo, hi = r["qpd_gain_ci95"]
    print(f"last vs first block: quality/$ x{r['qpd_ratio_last_vs_first']} "
          f"(gain 95% CI {lo}..{hi}) → goal {'met' if r['goal_met'] else 'NOT met'}")
    ql, qh = r["quality_change_ci95"]
    print(f"quality, last − first block: 95% CI {ql}..{qh} → "
          f"{'measurably worse' if r['quality_worse'] else 'not measurably worse'}")
    pl, ph = r["pgr_change_ci95"]
    print(f"performance gap recovered, last − first block: 95% CI {pl}..{ph} → "
          f"{'better' if r['pgr_improved'] else 'not measurably better'}")
    rl, rh = r["regret_change_ci95"]
    print(f"regret at the cost bar, last − first block: 95% CI {rl}..{rh} → "
          f"{'better' if r['regret_improved'] else 'not measurably better'}")
    paired = r.get("same_rows_first_vs_last_router")
    if paired:
        a, b = paired["after_first_block"], paired["before_last_block"]
        lo, hi = paired["qpd_gain_ci95"]
        ql, qh = paired["quality_change_ci95"]
        print(f"last block's rows, unseen by both: router after the first block → entering the last: quality "
              f"{a['quality']:.2f} → {b['quality']:.2f}, quality/$ {a['quality_per_dollar']:.1f} → "
              f"{b['quality_per_dollar']:.1f}, strong {a['strong_share']:.0%} → {b['strong_share']:.0%}")
        print(f"  paired 95% CI: quality/$ gain {lo}..{hi} → goal {'met' if paired['goal_met'] else 'NOT met'}; "
              f"quality change {ql}..{qh} → "
              + ("measurably worse" if paired["quality_worse"] else
                 "measurably better" if paired["quality_better"] else "no measurable change"))
    print("last block side by side (same rows):")
    for name, b in r["last_block_side_by_side"].items():
        print(f"  {name:<18} quality {b['quality']:.2f}  quality/$ {b['quality_per_dollar']:>8.1f}"
              f"  strong {b['strong_share']:.0%}")
    print(f"  ratio learned/frozen quality/$: x{r['qpd_ratio_vs_frozen_last_block']}; "
          f"learned/always-strong quality: x{r['quality_ratio_vs_always_strong_last_block']}")
    rates = {}
    for p in r["trajectory"]:
        rates.setdefault(p["learner"], []).append(p["rate"])
    for learner, values in rates.items():
        print(f"learning rate {learner}: " + " → ".join(f"{v:.3f}" for v in values[:12])
              + (" …" if len(values) > 12 else ""))
    print(f"time: analyze {r['seconds']['analyze']} s, replay {r['seconds']['replay']} s; "
          f"chart: {r['chart']}")
