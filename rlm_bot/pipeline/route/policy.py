"""Strong-or-weak routing with online learning: score, decide, learn from the used answer only.

The score is the learner's expected gain of the strong tier over the weak one; queries are ranked
by it and the top share of them goes to the strong tier. Cost sensitivity c (0 = quality only,
1 = cost only) sets that share in one of three ways (`operating_point`):
- "budget" (default): a strong-share budget of 1 - c**BUDGET_EXPONENT (c = 0.5 → half);
- "quality": a quality target — the share is steered, from the outcomes seen, to the smallest one
  whose answers keep quality_target(c) of the always-strong quality (c = 0.5 → 96%);
- "expected": the same quality target, planned from the learner's estimates (needs a prior).
With an offline prior (prior.py) the scores are good from the first query and stable, and the
learner corrects the prior with the deployment's own outcomes. Any operating point can start
quality first: the share falls from 1 over the first `warmup` outcomes, while the
learner finds where the weak tier satisfies. A small, decaying share of decisions explores the
other tier so the learner keeps seeing both tiers' outcomes in every region of the query space.
When the cascade has the weak tier's answer already, exact checks of that answer (verify.py)
feed the learner too.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from rlm_bot.pipeline.route.features import PROMPT_FEATURE_NAMES, prompt_features
from rlm_bot.pipeline.route.learner import GainEstimate, OnlineRouteLearner
from rlm_bot.pipeline.route.prior import PriorSet
from rlm_bot.pipeline.route.verify import FEATURE_NAMES as CHECK_NAMES
from rlm_bot.pipeline.route.verify import verify_worked_answer

# Bar on the expected gain: gain > cost_sensitivity ** GAIN_BAR_EXPONENT sends to the strong tier
# (0 → any expected gain, 0.5 → 0.5**3 = 0.125, 1 → never).
GAIN_BAR_EXPONENT = 3.0
# Recent scores whose quantile sets the strong tier's share. When cascading, the weak answer's
# checks make scores sharper and they shift as the check weights are learned: track them closely.
BUDGET_WINDOW = 500
CASCADE_BUDGET_WINDOW = 100
BUDGET_WARMUP = 20
TIE = 1e-9
DRIFT_WINDOW = 100  # recent plans whose strong share corrects the quantile cut for score drift
PRIOR_WINDOW = 5000  # with an offline prior: scores, plans and estimates kept (see __init__)
# The strong tier's budget: the top 1 - c**BUDGET_EXPONENT share of scores (c = 0.5 → half).
BUDGET_EXPONENT = 1.0
# Quality-first cold start: outcomes over which the strong share falls from 1 to its operating point.
WARMUP_FEEDBACK = 0  # a deployment may ask for a quality-first start (the learning bench does)
OPERATING_POINTS = ("budget", "quality", "expected")
EXPECTED_WINDOW = 300  # recent queries' estimates the "expected" operating point plans over
# The "expected" operating point: the smallest share of recent queries (highest expected gain
# first) that keeps quality_target(c) of always-strong quality by the learner's own estimates.
# It needs calibrated estimates, i.e. an offline prior: without one, estimates start flat and the
# share it plans runs low (held-out MMLU quality ratio 0.88-0.90).
# The "quality" operating point. Over a window of recent answers, the quality of the routed answers
# (observed: the feedback of the used tier) must stay >= target × the estimated quality of always
# answering with the strong tier (observed where the strong tier answered; elsewhere the learner's
# estimate, corrected by what exploring the strong tier where the weak one was planned showed).
# A controller moves the share toward the smallest one that meets the target. The quality given up
# is LOSS_AT_HALF × c / (1 - c) of always-strong: c = 0 → always strong, 0.3 → 98.3%, 0.5 → 96%,
# 0.7 → 90.7%, 1 → always weak.
LOSS_AT_HALF = 0.04
QUALITY_WINDOW = 600  # recent answers whose quality is held to the target
SHARE_STEP = 0.002  # controller step per answer, per unit of (target - quality ratio) / allowed loss
BIAS_PRIOR = 10.0  # pseudo-observations holding the strong-estimate correction at 0
BIAS_DECAY = 0.995  # per explored strong answer: older evidence fades
EXPLORATION_START = 0.2  # share of decisions flipped to the other tier at first …
PRIOR_EXPLORATION_START = 0.05  # … (a prior already knows both tiers everywhere: explore less) …
EXPLORATION_HALF_LIFE = 150  # … halving every this many decisions …
EXPLORATION_FLOOR = 0.03  # … down to this floor
# Prior log-odds effect of each failed check on the weak tier's success (before any learning):
# a missing or non-integer final answer, a wrong step, a cut-off answer all make failure likely.
CHECK_PRIORS = {
    "no_final": -1.5,
    "wrong_arithmetic": -1.0,
    "final_not_derived": -0.5,
    "final_not_integer": -2.0,
    "truncated": -2.0,
    "hedges": -0.5,
    "multiple_finals": -1.0,
    "steps": 0.0,
    "length": 0.0,
}


def gain_bar(cost_sensitivity: float) -> float:
    """The expected-gain bar above which the strong tier is worth its price."""
    _check_sensitivity(cost_sensitivity)
    return cost_sensitivity**GAIN_BAR_EXPONENT


def quality_target(cost_sensitivity: float) -> float:
    """Share of always-strong quality the "quality" operating point keeps (1 at c = 0, 0 at c = 1)."""
    _check_sensitivity(cost_sensitivity)
    if cost_sensitivity >= 1.0:
        return 0.0
    return max(0.0, 1.0 - LOSS_AT_HALF * cost_sensitivity / (1.0 - cost_sensitivity))


def _check_sensitivity(cost_sensitivity: float) -> None:
    if not isinstance(cost_sensitivity, (int, float)) or not 0.0 <= cost_sensitivity <= 1.0:
        raise ValueError(f"cost_sensitivity must be a number between 0 and 1, got {cost_sensitivity!r}")


@dataclass(frozen=True)
class BinaryDecision:
    """One routing decision and what the learner needs to learn from its outcome."""

    score: float
    strong: bool
    explored: bool
    weak_called: bool
    p_weak: float
    p_strong: float
    vector: np.ndarray | None = field(repr=False, default=None)
    side: tuple[float, ...] = field(repr=False, default=())
    estimate: GainEstimate | None = field(repr=False, default=None)
    propensity: float = 1.0  # chance this decision's tier was picked (exploration makes it < 1)


class BinaryRouter:
    """The online strong/weak router used by the routing benchmark and the cascade's first hop."""

    def __init__(
        self,
        *,
        dim: int,
        cascade: bool,
        cost_sensitivity: float,
        seed: int = 0,
        explore: bool = True,
        operating_point: str = "budget",
        warmup: int = WARMUP_FEEDBACK,
        prior: PriorSet | None = None,
    ) -> None:
        if operating_point not in OPERATING_POINTS:
            raise ValueError(f"operating_point must be one of {', '.join(OPERATING_POINTS)}, "
                             f"got {operating_point!r}")
        if dim < 0 or warmup < 0:
            raise ValueError(f"dim and warmup must be >= 0, got {dim!r} and {warmup!r}")
        self.operating_point = operating_point
        self.warmup = warmup
        self.feedbacks = 0
        self.target = quality_target(cost_sensitivity)
        self.cascade = cascade
        self.bar = gain_bar(cost_sensitivity)
        self.explore = explore
        self.decisions = 0
        self.cost_sensitivity = cost_sensitivity
        # the offline prior of this kind (before / after the weak tier answered), when one is
        # given: the caller makes sure the vectors come from the embedder it was trained on
        self.prior = prior.get("cascade" if cascade else "prompt") if prior is not None else None
        # Scores of a learner that starts empty drift as it learns, so its share is cut on recent
        # scores only. A prior's scores hold still, and recent ones would cut locally: queries
        # often come in runs of one topic (a team's week of tax questions), and a run of hard ones
        # deserves more strong answers than half of itself. With a prior the cut is global.
        score_window = CASCADE_BUDGET_WINDOW if cascade else BUDGET_WINDOW
        self._recent: deque[float] = deque(maxlen=PRIOR_WINDOW if self.prior else score_window)
        # the "quality" operating point's steered share, and per recent answer: (strong tier used,
        # outcome, learner's p_strong, weak tier planned)
        self.controlled_share = 1.0
        self._planned: deque[bool] = deque(maxlen=PRIOR_WINDOW if self.prior else DRIFT_WINDOW)
        self._estimates: deque[tuple[float, float]] = deque(
            maxlen=PRIOR_WINDOW if self.prior else EXPECTED_WINDOW)
        self._answers: deque[tuple[bool, float, float, bool]] = deque(maxlen=QUALITY_WINDOW)
        # where the weak tier was planned but the strong one explored: decayed sums of the strong
        # tier's residual (outcome - p_strong) and of their count
        self._bias = [0.0, 0.0]
        self._rng = random.Random(seed)
        side_names = list(PROMPT_FEATURE_NAMES) + (list(CHECK_NAMES) if cascade else [])
        # without a prior, the weak answer's failed checks start with hand-set effects; a prior
        # has learned them already
        weak_prior = [0.0] * len(PROMPT_FEATURE_NAMES) + (
            [CHECK_PRIORS[n] if self.prior is None else 0.0 for n in CHECK_NAMES] if cascade else []
        )
        self.learner = OnlineRouteLearner(
            dim, len(side_names), weak_side_prior=weak_prior, strong_side_prior=(), prior=self.prior
        )

    def strong_share(self) -> float:
        """The share of queries (by score) the strong tier gets now."""
        if self.cost_sensitivity <= 0.0:
            return 1.0
        if self.cost_sensitivity >= 1.0:
            return 0.0
        if self.operating_point == "quality":
            point = self.controlled_share
        elif self.operating_point == "expected":
            point = self.expected_share()
        else:
            point = 1.0 - self.cost_sensitivity**BUDGET_EXPONENT
        if self.warmup and self.feedbacks < self.warmup:
            return point + (1.0 - point) * (1.0 - self.feedbacks / self.warmup)
        return point

    def wants_strong(self, score: float) -> bool:
        """Whether a query with this score goes to the strong tier now.

        The strong tier gets the top strong_share() of queries by score (measured against the recent
        scores, so it holds whatever the scores' calibration; ties at the cut are split at random to
        keep the share).
        """
        target = self.strong_share()
        if target >= 1.0:
            return True
        if target <= 0.0:
            return False
        if len(self._planned) >= min(DRIFT_WINDOW, self._planned.maxlen) // 2:
            # scores drift as the learner learns, so a quantile of past scores misses the share:
            # aim above or below it by how far the recent plans missed it
            target = min(1.0, max(0.0, 2.0 * target - float(np.mean(self._planned))))
        if len(self._recent) < BUDGET_WARMUP:  # too few scores for a quantile yet
            return self._rng.random() < target if self.warmup else score > self.bar
        recent = np.fromiter(self._recent, float)
        above = float((recent > score + TIE).mean())
        equal = float((np.abs(recent - score) <= TIE).mean())
        if above >= target:
            return False
        if above + equal <= target or equal == 0.0:
            return True
        return self._rng.random() < (target - above) / equal

    def expected_share(self) -> float:
        """The smallest share of recent queries (highest expected gain first) whose answers are
        expected, by the learner's own estimates, to keep quality_target(c) of always-strong."""
        if not self._estimates:
            return 1.0
        est = np.asarray(self._estimates, dtype=float)
        p_weak, p_strong = est[:, 0], est[:, 1]
        gains = np.sort(np.maximum(p_strong - p_weak, 0.0))[::-1]
        needed = self.target * p_strong.sum() - p_weak.sum()
        if needed <= 0.0:
            return 0.0
        reached = np.nonzero(np.cumsum(gains) >= needed - 1e-12)[0]
        count = reached[0] + 1 if len(reached) else int((gains > 0.0).sum())
        return float(count) / len(gains)

    def quality_ratio_estimate(self) -> float | None:
        """Estimated quality of the recent routed answers relative to always-strong (None: no data):
        observed outcomes over (observed strong outcomes + corrected strong estimates where the weak
        tier answered)."""
        if not self._answers:
            return None
        answers = np.asarray(self._answers, dtype=float)
        used_strong, outcome, p_strong = answers[:, 0] > 0.5, answers[:, 1], answers[:, 2]
        # the correction was measured where the weak tier was planned, and holds there only
        planned_weak = answers[:, 3] > 0.5
        bias = self._bias[0] / (self._bias[1] + BIAS_PRIOR)
        estimated = np.clip(p_strong + np.where(planned_weak, bias, 0.0), 0.0, 1.0)
        strong_total = outcome[used_strong].sum() + estimated[~used_strong].sum()
        return float(outcome.sum() / strong_total) if strong_total > 0.0 else 1.0

    def exploration_rate(self) -> float:
        """Current share of decisions that explore the other tier (none at c = 0 or 1)."""
        if not self.explore or self.cost_sensitivity in (0.0, 1.0):
            return 0.0
        decay = 0.5 ** (self.decisions / EXPLORATION_HALF_LIFE)
        start = PRIOR_EXPLORATION_START if self.prior is not None else EXPLORATION_START
        return max(EXPLORATION_FLOOR, start * decay)

    def decide(self, prompt: str, vector: np.ndarray | None, weak_answer: str | None = None) -> BinaryDecision:
        """Score a query (and the weak tier's answer, when cascading) and pick a tier."""
        side = prompt_features(prompt)
        weak_called = False
        if self.cascade:
            if weak_answer is None:
                raise ValueError("a cascading router needs the weak tier's answer")
            side += verify_worked_answer(weak_answer).as_features()
            weak_called = True
        estimate = self.learner.estimate(vector, side)
        score = estimate.gain
        self._estimates.append((estimate.weak.p, estimate.strong.p))
        strong = self.wants_strong(score)
        self._planned.append(strong)
        self._recent.append(score)
        rate = self.exploration_rate()
        explored = self._rng.random() < rate
        if explored:
            strong = not strong
        self.decisions += 1
        return BinaryDecision(
            score=score,
            strong=strong,
            explored=explored,
            weak_called=weak_called,
            p_weak=estimate.weak.p,
            p_strong=estimate.strong.p,
            vector=vector,
            side=tuple(side),
            estimate=estimate,
            propensity=rate if explored else 1.0 - rate,
        )

    def feedback(self, decision: BinaryDecision, success: float) -> None:
        """Learn from the outcome of the answer that was used (satisfaction in 0..1)."""
        if not (0.0 <= success <= 1.0) or math.isnan(success):
            raise ValueError("success must be between 0 and 1")
        tier = "strong" if decision.strong else "weak"
        self.learner.update(decision.vector, decision.side, tier, success, decision.estimate)
        self.feedbacks += 1
        if self.operating_point == "quality":
            self._steer(decision, float(success))

    def _steer(self, decision: BinaryDecision, success: float) -> None:
        """Move the controlled share toward the smallest one that keeps the quality target."""
        if decision.strong and decision.explored:  # the weak tier was planned: a fair look at strong
            self._bias[0] = BIAS_DECAY * self._bias[0] + success - decision.p_strong
            self._bias[1] = BIAS_DECAY * self._bias[1] + 1.0
        planned_weak = decision.strong == decision.explored
        self._answers.append((decision.strong, success, decision.p_strong, planned_weak))
        ratio = self.quality_ratio_estimate()
        allowed = max(1.0 - self.target, 1e-3)
        error = max(-1.0, min(1.0, (self.target - ratio) / allowed))
        self.controlled_share = max(0.0, min(1.0, self.controlled_share + SHARE_STEP * error))
