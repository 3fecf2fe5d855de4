"""An online model of "does the cheap model suffice for this query?", learned from feedback only.

For each model tier (weak, strong) it estimates P(answer is good | query) from two parts:
- a neighbourhood estimate: the outcomes of the most similar past queries answered by that tier
  (cosine similarity of real sentence embeddings), shrunk toward the tier's running mean — this
  learns topics ("moral scenarios are hard for the cheap model") without any labels up front;
- a logistic layer, trained online by AdaGrad, over that estimate's logit and side features
  (checks of the weak answer when the cascade has one, prompt shape), so evidence the
  neighbourhood cannot see (a wrong sum in the cheap answer) moves the estimate too.

Feedback is what production sees: the outcome of the tier whose answer was used, never the other
one. The router's score is the expected gain of the strong tier, `p_strong - p_weak`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

SIM_POWER = 4.0  # sharpen cosine similarity into a weight
NEIGHBOURS = 48  # past queries consulted per tier
PRIOR_STRENGTH = 3.0  # pseudo-observations pulling the neighbourhood toward the tier mean
VECTOR_SCALE = 3.0  # the embedding also feeds the logistic layer directly (learns topics fast)
LEARNING_RATE = 0.15  # AdaGrad step of the logistic layer
L2 = 1e-3
INITIAL_CAPACITY = 1024
TIERS = ("weak", "strong")


@dataclass(frozen=True)
class TierEstimate:
    """One tier's estimated success probability and how much evidence backs it."""

    p: float
    neighbour_p: float
    evidence: float  # summed similarity weight of the neighbours used


@dataclass(frozen=True)
class GainEstimate:
    """Both tiers' estimates and the expected gain of answering with the strong tier."""

    weak: TierEstimate
    strong: TierEstimate

    @property
    def gain(self) -> float:
        """Expected quality gained by using the strong tier instead of the weak one."""
        return self.strong.p - self.weak.p


@dataclass
class _Tier:
    """Memory and logistic layer of one tier."""

    dim: int
    side_dim: int
    prior_mean: float
    side_prior: Sequence[float] = ()
    vectors: np.ndarray = field(init=False)
    outcomes: np.ndarray = field(init=False)
    count: int = 0
    weight_sum: float = 0.0
    successes: float = 0.0
    weights: np.ndarray = field(init=False)
    grad_sq: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.vectors = np.zeros((INITIAL_CAPACITY, self.dim), dtype=np.float32)
        self.outcomes = np.zeros(INITIAL_CAPACITY, dtype=np.float32)
        self.importance = np.zeros(INITIAL_CAPACITY, dtype=np.float32)
        # weights: [bias, neighbour logit, side features...]; start as "trust the neighbourhood"
        self.weights = np.zeros(2 + self.side_dim + self.dim, dtype=np.float64)
        self.weights[1] = 1.0
        if self.side_prior:
            self.weights[2 : 2 + self.side_dim] = np.asarray(self.side_prior, dtype=np.float64)
        self.grad_sq = np.full_like(self.weights, 1.0)

    @property
    def mean(self) -> float:
        return (self.successes + PRIOR_STRENGTH * self.prior_mean) / (self.weight_sum + PRIOR_STRENGTH)

    def neighbourhood(self, vector: np.ndarray) -> tuple[float, float]:
        prior = self.mean
        if self.count == 0 or self.dim == 0:
            return prior, 0.0
        sims = self.vectors[: self.count] @ vector
        if self.count > NEIGHBOURS:
            top = np.argpartition(-sims, NEIGHBOURS)[:NEIGHBOURS]
            sims, outcomes = sims[top], self.outcomes[: self.count][top]
            importance = self.importance[: self.count][top]
        else:
            outcomes = self.outcomes[: self.count]
            importance = self.importance[: self.count]
        weight = _weights(sims) * importance
        total = float(weight.sum())
        p = (float(weight @ outcomes) + PRIOR_STRENGTH * prior) / (total + PRIOR_STRENGTH)
        return p, total

    def inputs(self, neighbour_p: float, side: Sequence[float], vector: np.ndarray) -> np.ndarray:
        x = np.empty(len(self.weights), dtype=np.float64)
        x[0] = 1.0
        x[1] = _logit(neighbour_p)
        x[2 : 2 + self.side_dim] = side
        x[2 + self.side_dim :] = vector * VECTOR_SCALE
        return x

    def estimate(self, vector: np.ndarray, side: Sequence[float]) -> TierEstimate:
        neighbour_p, evidence = self.neighbourhood(vector)
        p = _sigmoid(float(self.weights @ self.inputs(neighbour_p, side, vector)))
        return TierEstimate(p=p, neighbour_p=neighbour_p, evidence=evidence)

    def update(self, vector: np.ndarray, side: Sequence[float], outcome: float,
               neighbour_p: float | None = None, weight: float = 1.0) -> None:
        if neighbour_p is None:
            neighbour_p, _ = self.neighbourhood(vector)
        x = self.inputs(neighbour_p, side, vector)
        error = _sigmoid(float(self.weights @ x)) - outcome
        grad = weight * error * x + L2 * self.weights
        grad[1] = weight * error * x[1]  # do not shrink the neighbourhood weight toward zero
        self.grad_sq += grad * grad
        self.weights -= LEARNING_RATE * grad / np.sqrt(self.grad_sq)
        if self.dim:
            if self.count == len(self.outcomes):
                self.vectors = np.concatenate([self.vectors, np.zeros_like(self.vectors)])
                self.outcomes = np.concatenate([self.outcomes, np.zeros_like(self.outcomes)])
                self.importance = np.concatenate([self.importance, np.zeros_like(self.importance)])
            self.vectors[self.count] = vector
            self.outcomes[self.count] = outcome
            self.importance[self.count] = weight
        self.count += 1
        self.weight_sum += weight
        self.successes += weight * outcome


class OnlineRouteLearner:
    """Per-tier success estimates for a query, updated online from the used tier's outcome."""

    def __init__(
        self,
        dim: int,
        side_dim: int = 0,
        *,
        prior_weak: float = 0.7,
        prior_strong: float = 0.85,
        weak_side_prior: Sequence[float] = (),
        strong_side_prior: Sequence[float] = (),
    ) -> None:
        self.dim = dim
        self.side_dim = side_dim
        self.tiers = {
            "weak": _Tier(dim, side_dim, prior_weak, weak_side_prior),
            "strong": _Tier(dim, side_dim, prior_strong, strong_side_prior),
        }

    def estimate(self, vector: np.ndarray | None, side: Sequence[float] = ()) -> GainEstimate:
        """Estimate both tiers' success for a query (its unit embedding and side features)."""
        vec = self._vector(vector)
        side = self._side(side)
        return GainEstimate(
            weak=self.tiers["weak"].estimate(vec, side),
            strong=self.tiers["strong"].estimate(vec, side),
        )

    def update(
        self,
        vector: np.ndarray | None,
        side: Sequence[float],
        tier: str,
        success: float,
        estimate: GainEstimate | None = None,
        weight: float = 1.0,
    ) -> None:
        """Learn from the outcome (0..1) of the tier whose answer was used.

        Pass the `estimate` made for this query (before any other update) to skip recomputing
        its neighbourhood. `weight` is the observation's importance (1 / the chance the tier was
        picked, capped): a tier is mostly used where it was expected to do well, so outcomes from
        exploration count more, which keeps each tier's estimate honest on the queries it rarely
        sees.
        """
        if tier not in self.tiers:
            raise ValueError(f"unknown tier {tier!r}; use one of {', '.join(TIERS)}")
        if not weight > 0.0 or math.isinf(weight):
            raise ValueError(f"weight must be a positive number, got {weight!r}")
        known = getattr(estimate, tier).neighbour_p if estimate is not None else None
        self.tiers[tier].update(self._vector(vector), self._side(side), float(success), known,
                                float(weight))

    def observations(self, tier: str) -> int:
        """How many outcomes of `tier` the learner has seen."""
        return self.tiers[tier].count

    def _vector(self, vector: np.ndarray | None) -> np.ndarray:
        if self.dim == 0:
            return np.zeros(0, dtype=np.float32)
        if vector is None or len(vector) != self.dim:
            raise ValueError(f"expected an embedding of {self.dim} numbers")
        return np.asarray(vector, dtype=np.float32)

    def _side(self, side: Sequence[float]) -> list[float]:
        values = list(side)
        if len(values) != self.side_dim:
            raise ValueError(f"expected {self.side_dim} side features, got {len(values)}")
        return values


def _weights(sims: np.ndarray) -> np.ndarray:
    """Similarity → weight: cosine sharpened by a power, negatives ignored."""
    return np.maximum(sims, 0.0) ** SIM_POWER


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))

