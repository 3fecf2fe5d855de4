"""The fit of the router's offline prior: both tiers' logistic models from full outcome rows.

`bench routing_prior` (and `make route-prior`) fits the prior the package ships; the live router
only reads a fitted one (rlm_bot.pipeline.route: RoutePrior, resolve_prior), so the fit and its
scikit-learn import live here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rlm_bot.errors import RlmError
from rlm_bot.pipeline.route import PRIOR_EMBEDDER, RoutePrior, TierModel, side_names

# L2 strength (scikit-learn's C, inverse): chosen on the development tables' hash split, where
# 0.1-0.3 (prompt) and 0.3-1 (cascade) are best and stronger regularisation loses little
DEFAULT_C = {"prompt": 0.2, "cascade": 0.5}


def train_prior(kind: str, vectors: np.ndarray, sides: np.ndarray, strong: np.ndarray,
                weak: np.ndarray, *, trained_on: Sequence[str] = (), c: float | None = None,
                embedder: str = PRIOR_EMBEDDER) -> RoutePrior:
    """Fit both tiers' logistic models on full outcome rows (both tiers' outcome known, each 0..1:
    correctness, or a judge's score scaled to 0..1, fitted as that share of a success)."""
    from sklearn.linear_model import LogisticRegression  # deferred: scikit-learn loads in seconds

    c = DEFAULT_C[kind] if c is None else float(c)
    names = side_names(kind)
    if sides.ndim != 2 or sides.shape[1] != len(names):
        raise RlmError(f"a {kind} prior needs {len(names)} side features per row")
    if not len(vectors) == len(sides) == len(strong) == len(weak) or not len(vectors):
        raise RlmError("a route prior needs the same, non-zero number of vectors, features and outcomes")
    x = np.hstack([np.asarray(vectors, dtype=np.float64), np.asarray(sides, dtype=np.float64)])
    models = {}
    for tier, outcome in (("weak", weak), ("strong", strong)):
        p = np.asarray(outcome, dtype=np.float64)
        if np.isnan(p).any() or p.min() < 0.0 or p.max() > 1.0:
            raise RlmError(f"the {tier} tier's outcomes must be between 0 and 1")
        if p.min() == p.max():
            raise RlmError(f"the {tier} tier's outcomes are all {p[0]:g}: nothing to learn a prior from")
        # each row once as a success weighted p and once as a failure weighted 1 - p
        keep = np.concatenate([p > 0.0, p < 1.0])
        y = np.concatenate([np.ones(len(p)), np.zeros(len(p))])[keep]
        weights = np.concatenate([p, 1.0 - p])[keep]
        fit = LogisticRegression(C=c, max_iter=5000).fit(np.vstack([x, x])[keep], y, sample_weight=weights)
        models[tier] = TierModel(weights=fit.coef_[0].astype(np.float64), bias=float(fit.intercept_[0]))
    return RoutePrior(kind=kind, dim=int(vectors.shape[1]), embedder=embedder, weak=models["weak"],
                      strong=models["strong"], trained_on=tuple(trained_on), c=c)
