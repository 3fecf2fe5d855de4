"""Strong-or-weak routing with online learning: score, decide, learn from the used answer only.

The score is the learner's expected gain of the strong tier over the weak one. The decision sends a
query to the strong tier when that gain beats the bar set by cost sensitivity (0 = quality only,
1 = cost only); a small, decaying share of decisions explores the other tier so the learner keeps
seeing both tiers' outcomes in every region of the query space. When the cascade has the weak
tier's answer already, exact checks of that answer (route_verify) feed the learner too.
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
# (0 → any expected gain, 0.5 → 0.5**3 = 0.125, 1 → never).
GAIN_BAR_EXPONENT = 3.0
# Recent scores whose quantile sets the strong tier's share. When cascading, the weak answer's
# checks make scores sharper and they shift as the check weights are learned: track them closely.
BUDGET_WINDOW = 500
CASCADE_BUDGET_WINDOW = 100
BUDGET_WARMUP = 20
TIE = 1e-9
# The strong tier's budget: the top 1 - c**BUDGET_EXPONENT share of scores (c = 0.5 → ~60%).
BUDGET_EXPONENT = 1.3
EXPLORATION_START = 0.2  # share of decisions flipped to the other tier at first …
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
    if not 0.0 <= cost_sensitivity <= 1.0:
        raise ValueError("cost_sensitivity must be between 0 and 1")
    return cost_sensitivity**GAIN_BAR_EXPONENT


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
        self.cascade = cascade
        self.bar = gain_bar(cost_sensitivity)
        self.explore = explore
        self.decisions = 0
        self.cost_sensitivity = cost_sensitivity
        self._recent: deque[float] = deque(maxlen=CASCADE_BUDGET_WINDOW if cascade else BUDGET_WINDOW)
        self._rng = random.Random(seed)
        side_names = list(PROMPT_FEATURE_NAMES) + (list(CHECK_NAMES) if cascade else [])
        weak_prior = [0.0] * len(PROMPT_FEATURE_NAMES) + (
            [CHECK_PRIORS[n] for n in CHECK_NAMES] if cascade else []
        )
        self.learner = OnlineRouteLearner(
            dim, len(side_names), weak_side_prior=weak_prior, strong_side_prior=()
        )

    def wants_strong(self, score: float) -> bool:
        """Whether a query with this score goes to the strong tier now.

        Cost sensitivity c is a budget: the strong tier gets the top 1 - c**BUDGET_EXPONENT share
        of queries by score (measured against the recent scores, so it holds whatever the scores'
        calibration; ties at the cut are split at random to keep the share).
        """
        if len(self._recent) < BUDGET_WARMUP:
            return score > self.bar
        recent = np.fromiter(self._recent, float)
        target = 1.0 - self.cost_sensitivity**BUDGET_EXPONENT
        above = float((recent > score + TIE).mean())
        equal = float((np.abs(recent - score) <= TIE).mean())
        if above >= target:
            return False
        if above + equal <= target or equal == 0.0:
            return True
        return self._rng.random() < (target - above) / equal

    def exploration_rate(self) -> float:
        """Current share of decisions that explore the other tier."""
        if not self.explore:
            return 0.0
        decay = 0.5 ** (self.decisions / EXPLORATION_HALF_LIFE)
        return max(EXPLORATION_FLOOR, EXPLORATION_START * decay)

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
        self._recent.append(score)
        explored = self._rng.random() < self.exploration_rate()
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
        )

    def feedback(self, decision: BinaryDecision, success: float) -> None:
        """Learn from the outcome of the answer that was used (satisfaction in 0..1)."""
        if not (0.0 <= success <= 1.0) or math.isnan(success):
            raise ValueError("success must be between 0 and 1")
        tier = "strong" if decision.strong else "weak"
        self.learner.update(decision.vector, decision.side, tier, success, decision.estimate)
