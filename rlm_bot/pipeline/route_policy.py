"""Strong-or-weak routing with online learning: score, decide, learn from the used answer only.

The score is the learner's expected gain of the strong tier over the weak one; queries are ranked
by it. Cost sensitivity sets a QUALITY target, not a share of strong calls: the strong share is
steered, from the outcomes seen, to the smallest one whose answers keep that share of the
always-strong quality (see LOSS_AT_HALF), so the router spends little where the weak tier is good
and much where it is not. It starts quality first (everything strong) and a small, decaying share
of decisions explores the other tier so the learner keeps seeing both tiers' outcomes in every
region of the query space. When the cascade has the weak tier's answer already, exact checks of
that answer (route_verify) feed the learner too.
"""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from rlm_bot.pipeline.route_features import PROMPT_FEATURE_NAMES, prompt_features
from rlm_bot.pipeline.route_learner import GainEstimate, OnlineRouteLearner
from rlm_bot.pipeline.route_verify import FEATURE_NAMES as CHECK_NAMES
from rlm_bot.pipeline.route_verify import verify_worked_answer

# Bar on the expected gain: gain > cost_sensitivity ** GAIN_BAR_EXPONENT sends to the strong tier
# (0 → any expected gain, 0.5 → 0.5**3 = 0.125, 1 → never). Kept for callers that want a fixed bar.
GAIN_BAR_EXPONENT = 3.0
# The operating point is a QUALITY target, not a share. Over a window of recent answers, the
# quality of the routed answers (observed: the feedback of the used tier) must stay >= target × the
# estimated quality of always answering with the strong tier (observed where the strong tier was
# used; elsewhere the learner's estimate, corrected by what exploring the strong tier there showed).
# A controller moves the strong share toward the smallest one that meets the target: down while the
# routed answers keep the target, up while they fall short; the share is spent on the queries with
# the largest expected gain. It starts at 1 (quality first: strong until the weak tier proves good).
# The quality given up is LOSS_AT_HALF × c / (1 - c) of always-strong: c = 0 → always strong,
# 0.3 → 98.3%, 0.5 → 96%, 0.7 → 90.7%, 1 → always weak.
LOSS_AT_HALF = 0.04
QUALITY_WINDOW = 600  # recent answers whose quality is held to the target
SCORE_WINDOW = 500  # recent scores whose quantile turns the strong share into a score threshold
# Controller steps per answer, per unit of (target - quality ratio) / allowed loss (tuned on the
# tune part: smaller steps chase the noise of a few hundred outcomes less).
INITIAL_SHARE = 1.0
SHARE_STEP_UP = 0.002
SHARE_STEP_DOWN = 0.002
BIAS_PRIOR = 3.0  # pseudo-observations holding the strong-estimate correction at 0
BIAS_DECAY = 0.995  # per explored strong answer: older evidence fades
BUDGET_WARMUP = 20
TIE = 1e-9
EXPLORATION_START = 0.2  # share of decisions flipped to the other tier at first …
EXPLORATION_HALF_LIFE = 150  # … halving every this many decisions …
EXPLORATION_FLOOR = 0.03  # … down to this floor
# Sending a weak-planned query to the strong tier costs money, not quality, and it is the only fair
# look at what the strong tier would have done there (what the quality target is measured against):
# that direction keeps a higher floor.
STRONG_EXPLORATION_FLOOR = 0.05
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
    """A fixed expected-gain bar above which the strong tier is worth its price."""
    _check_sensitivity(cost_sensitivity)
    return cost_sensitivity**GAIN_BAR_EXPONENT


def quality_target(cost_sensitivity: float) -> float:
    """Share of always-strong quality the routed answers must keep (1 at c = 0, 0 at c = 1)."""
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
    ) -> None:
        if dim < 0:
            raise ValueError(f"dim must be >= 0, got {dim!r}")
        self.cascade = cascade
        self.target = quality_target(cost_sensitivity)
        self.bar = gain_bar(cost_sensitivity)
        self.explore = explore
        self.decisions = 0
        self.cost_sensitivity = cost_sensitivity
        self.share = 0.0 if cost_sensitivity >= 1.0 else INITIAL_SHARE
        self._scores: deque[float] = deque(maxlen=SCORE_WINDOW)
        # per recent answer: (strong tier used, outcome, learner's p_strong, expected gain)
        self._answers: deque[tuple[bool, float, float, float]] = deque(maxlen=QUALITY_WINDOW)
        # where the weak tier was planned but the strong one explored: decayed sums of the strong
        # tier's residual (outcome - p_strong) and of their count
        self._bias = [0.0, 0.0]
        self._rng = random.Random(seed)
        side_names = list(PROMPT_FEATURE_NAMES) + (list(CHECK_NAMES) if cascade else [])
        weak_prior = [0.0] * len(PROMPT_FEATURE_NAMES) + (
            [CHECK_PRIORS[n] for n in CHECK_NAMES] if cascade else []
        )
        self.learner = OnlineRouteLearner(
            dim, len(side_names), weak_side_prior=weak_prior, strong_side_prior=()
        )

    def wants_strong(self, score: float) -> bool:
        """Whether a query with this score (expected gain of the strong tier) goes strong now.

        The strong tier gets the current share of queries with the highest scores, measured against
        the recent scores (ties at the cut split at random to keep the share).
        """
        if self.share >= 1.0:
            return True
        if self.share <= 0.0:
            return False
        if len(self._scores) < BUDGET_WARMUP:
            return self._rng.random() < self.share
        recent = np.fromiter(self._scores, float)
        above = float((recent > score + TIE).mean())
        equal = float((np.abs(recent - score) <= TIE).mean())
        if above >= self.share:
            return False
        if above + equal <= self.share or equal == 0.0:
            return True
        return self._rng.random() < (self.share - above) / equal

    def quality_ratio_estimate(self) -> float | None:
        """Estimated quality of the recent routed answers relative to always-strong (None: no data).

        Observed outcomes over (observed strong outcomes + corrected strong estimates where the
        weak tier answered).
        """
        if not self._answers:
            return None
        answers = np.asarray(self._answers, dtype=float)
        used_strong, outcome, p_strong = answers[:, 0] > 0.5, answers[:, 1], answers[:, 2]
        bias = self._bias[0] / (self._bias[1] + BIAS_PRIOR)
        strong_total = outcome[used_strong].sum() + np.clip(p_strong[~used_strong] + bias, 0.0, 1.0).sum()
        if strong_total <= 0.0:
            return 1.0
        return float(outcome.sum() / strong_total)

    def exploration_rate(self, planned_strong: bool = True, p_weak: float = 1.0) -> float:
        """Current share of decisions planned for one tier that explore the other (none at c = 0
        or 1): planned strong → explore weak, planned weak → explore strong. Exploring the weak
        tier costs quality, so it is scaled by the weak tier's estimated chance to succeed (a
        cascade whose weak answer already fails its checks is rarely worth a look)."""
        if not self.explore or self.cost_sensitivity in (0.0, 1.0):
            return 0.0
        decay = 0.5 ** (self.decisions / EXPLORATION_HALF_LIFE)
        if planned_strong:
            return max(EXPLORATION_FLOOR, EXPLORATION_START * decay) * min(1.0, max(p_weak, 0.0))
        return max(STRONG_EXPLORATION_FLOOR, EXPLORATION_START * decay)

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
        strong = self.wants_strong(score)
        self._scores.append(score)
        rate = self.exploration_rate(strong, estimate.weak.p)
        explored = self._rng.random() < rate
        if explored:
            strong = not strong
        propensity = rate if explored else 1.0 - rate
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
            propensity=propensity,
        )

    def feedback(self, decision: BinaryDecision, success: float) -> None:
        """Learn from the outcome of the answer that was used (satisfaction in 0..1)."""
        if not (0.0 <= success <= 1.0) or math.isnan(success):
            raise ValueError("success must be between 0 and 1")
        tier = "strong" if decision.strong else "weak"
        self.learner.update(decision.vector, decision.side, tier, success, decision.estimate)
        self._steer(decision, float(success))

    def _steer(self, decision: BinaryDecision, success: float) -> None:
        """Move the strong share toward the smallest one that keeps the quality target."""
        if self.cost_sensitivity in (0.0, 1.0):
            return
        if decision.strong and decision.explored:
            self._bias[0] = BIAS_DECAY * self._bias[0] + success - decision.p_strong
            self._bias[1] = BIAS_DECAY * self._bias[1] + 1.0
        self._answers.append((decision.strong, success, decision.p_strong, decision.score))
        ratio = self.quality_ratio_estimate()
        allowed = max(1.0 - self.target, 1e-3)
        error = max(-1.0, min(1.0, (self.target - ratio) / allowed))
        step = SHARE_STEP_UP if error > 0 else SHARE_STEP_DOWN
        self.share = max(0.0, min(1.0, self.share + step * error))
