"""An online model of "does the cheap model suffice for this query?", learned from feedback only.

For each model tier (weak, strong) it estimates P(answer is good | query) from two parts:
- a neighbourhood estimate: the outcomes of the most similar past queries answered by that tier
  (cosine similarity of real sentence embeddings), shrunk toward the offline prior's prediction
  for this query (prior.py) or, without a prior, toward the tier's running mean — this learns
  topics ("moral scenarios are hard for the cheap model") from the deployment's own outcomes;
- without a prior, a logistic layer, trained online by AdaGrad, over that estimate's logit and
  side features (checks of the weak answer when the cascade has one, prompt shape), so evidence
  the neighbourhood cannot see (a wrong sum in the cheap answer) moves the estimate too; a prior
  has learned those effects offline, from full outcome rows, and the layer is left out.

Feedback is what production sees: the outcome of the tier whose answer was used, never the other
one. The router's score is the expected gain of the strong tier, `p_strong - p_weak`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rlm_bot.errors import RlmError
from rlm_bot.pipeline.route.prior import RoutePrior, side_names, sigmoid

SIM_POWER = 4.0  # sharpen cosine similarity into a weight
NEIGHBOURS = 48  # past queries consulted per tier
# pseudo-observations pulling the neighbourhood toward the tier mean, or toward the offline prior's
# prediction for the query (8 instead of 3 trusts the prior more: held-out MMLU APGR 0.694 vs
# 0.692, but a deployment's own thumbs-down would then move its routing too slowly)
PRIOR_STRENGTH = 3.0
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
    base: float | None = None  # the offline prior's prediction the neighbourhood started from


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
    # With an offline prior the neighbourhood estimate (the prior corrected by local residuals) is
    # the estimate: an online logistic layer on top, fitted on the outcomes one tier gets where it
    # was used, only adds noise and bias. Held-out MMLU APGR: 0.69 without it; 0.63 with the full
    # layer; 0.58-0.68 with only its embedding weights (step 0.15-0.02); a calibration-only layer
    # compressed the gains the operating point relies on. Softer similarity weights (cosine² for
    # the residuals) learn a topic's votes faster but cost 0.015 APGR.
    neighbourhood_only: bool = False
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
        self.bases = np.zeros(INITIAL_CAPACITY, dtype=np.float32)  # the prior's p for each outcome
        # weights: [bias, neighbour logit, side features...]; start as "trust the neighbourhood"
        self.weights = np.zeros(2 + self.side_dim + self.dim, dtype=np.float64)
        self.weights[1] = 1.0
        if self.side_prior:
            self.weights[2 : 2 + self.side_dim] = np.asarray(self.side_prior, dtype=np.float64)
        self.grad_sq = np.full_like(self.weights, 1.0)

    @property
    def mean(self) -> float:
        return (self.successes + PRIOR_STRENGTH * self.prior_mean) / (self.weight_sum + PRIOR_STRENGTH)

    def neighbourhood(self, vector: np.ndarray, base: float | None = None) -> tuple[float, float]:
        """Similar past outcomes of this tier and their summed similarity weight.

        Without a prior: their mean, shrunk toward the tier's mean. With one (`base` is the prior's
        prediction for this query): the prior's prediction corrected by how far the neighbours'
        outcomes fell from the prior's predictions for *them*. A tier is mostly used where it was
        expected to do well, so its raw neighbours are the easy ones; their residuals are not
        skewed that way, and the prior's ranking survives while local evidence fixes its level.
        """
        prior = self.mean if base is None else base
        if self.count == 0 or self.dim == 0:
            return prior, 0.0
        sims = self.vectors[: self.count] @ vector
        top = np.argpartition(-sims, NEIGHBOURS)[:NEIGHBOURS] if self.count > NEIGHBOURS else slice(None)
        sims = sims[top]
        outcomes = self.outcomes[: self.count][top]
        weight = _weights(sims) * self.importance[: self.count][top]
        total = float(weight.sum())
        if base is None:
            return (float(weight @ outcomes) + PRIOR_STRENGTH * prior) / (total + PRIOR_STRENGTH), total
        residual = outcomes - self.bases[: self.count][top]
        p = base + float(weight @ residual) / (total + PRIOR_STRENGTH)
        return min(max(p, 1e-3), 1.0 - 1e-3), total

    def inputs(self, neighbour_p: float, side: Sequence[float], vector: np.ndarray) -> np.ndarray:
        x = np.empty(len(self.weights), dtype=np.float64)
        x[0] = 1.0
        x[1] = _logit(neighbour_p)
        x[2 : 2 + self.side_dim] = side
        x[2 + self.side_dim :] = vector * VECTOR_SCALE
        return x

    def estimate(self, vector: np.ndarray, side: Sequence[float], base: float | None = None) -> TierEstimate:
        neighbour_p, evidence = self.neighbourhood(vector, base)
        if self.neighbourhood_only:
            return TierEstimate(p=neighbour_p, neighbour_p=neighbour_p, evidence=evidence, base=base)
        p = sigmoid(float(self.weights @ self.inputs(neighbour_p, side, vector)))
        return TierEstimate(p=p, neighbour_p=neighbour_p, evidence=evidence, base=base)

    def update(self, vector: np.ndarray, side: Sequence[float], outcome: float,
               neighbour_p: float | None = None, weight: float = 1.0, base: float | None = None) -> None:
        if not self.neighbourhood_only:
            if neighbour_p is None:
                neighbour_p, _ = self.neighbourhood(vector, base)
            x = self.inputs(neighbour_p, side, vector)
            error = sigmoid(float(self.weights @ x)) - outcome
            grad = weight * error * x + L2 * self.weights
            grad[1] = weight * error * x[1]  # do not shrink the neighbourhood weight toward zero
            self.grad_sq += grad * grad
            self.weights -= LEARNING_RATE * grad / np.sqrt(self.grad_sq)
        if self.dim:
            if self.count == len(self.outcomes):
                self.vectors = np.concatenate([self.vectors, np.zeros_like(self.vectors)])
                self.outcomes = np.concatenate([self.outcomes, np.zeros_like(self.outcomes)])
                self.importance = np.concatenate([self.importance, np.zeros_like(self.importance)])
                self.bases = np.concatenate([self.bases, np.zeros_like(self.bases)])
            self.vectors[self.count] = vector
            if base is not None:  # read only by a learner with a prior, which always passes it
                self.bases[self.count] = base
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
        prior: RoutePrior | None = None,
    ) -> None:
        if prior is not None and (prior.dim != dim or len(side_names(prior.kind)) != side_dim):
            raise RlmError(f"the {prior.kind} route prior reads {prior.dim}-number embeddings and "
                           f"{len(side_names(prior.kind))} side features; this router has {dim} and {side_dim}")
        self.dim = dim
        self.side_dim = side_dim
        self.prior = prior
        self.tiers = {
            "weak": _Tier(dim, side_dim, prior_weak, weak_side_prior, neighbourhood_only=prior is not None),
            "strong": _Tier(dim, side_dim, prior_strong, strong_side_prior, neighbourhood_only=prior is not None),
        }

    def estimate(self, vector: np.ndarray | None, side: Sequence[float] = ()) -> GainEstimate:
        """Estimate both tiers' success for a query (its unit embedding and side features)."""
        vec = self._vector(vector)
        side = self._side(side)
        base = self.prior_estimate(vec, side)
        return GainEstimate(
            weak=self.tiers["weak"].estimate(vec, side, None if base is None else base[0]),
            strong=self.tiers["strong"].estimate(vec, side, None if base is None else base[1]),
        )

    def prior_estimate(self, vector: np.ndarray | None, side: Sequence[float]) -> tuple[float, float] | None:
        """The offline prior's (P(weak succeeds), P(strong succeeds)) for a query; None without one."""
        if self.prior is None:
            return None
        return self.prior.predict(self._vector(vector) if self.dim else None, self._side(side))

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
        known = getattr(estimate, tier) if estimate is not None else None
        base = known.base if known is not None else None
        if base is None and self.prior is not None:  # an observation replayed without its estimate
            base = self.prior_estimate(vector, side)[TIERS.index(tier)]
        self.tiers[tier].update(self._vector(vector), self._side(side), float(success),
                                None if known is None else known.neighbour_p, float(weight), base)

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


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))

