"""Offline router scores, computed as RouteLLM's `evaluate.py` does (APGR, CPT, oracle).

A router gives each query a score ("how much the strong model is needed"). Thresholds at the
0%, 10%, …, 100% quantiles of the scores give 11 operating points (strong-call share, quality);
APGR is the trapezoid area between that curve and the weak model's line, normalised by the area
between the strong and weak lines; CPT(x) interpolates the strong-call share at which the router
recovers x of the quality gap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SWEEP_POINTS = 10  # quantile bins, as in RouteLLM (`num_results`)


@dataclass(frozen=True)
class Curve:
    """Operating points of a router: strong-call share (0..1) and quality, sorted by share."""

    share: np.ndarray
    quality: np.ndarray


def sweep(scores: np.ndarray, strong: np.ndarray, weak: np.ndarray, bins: int = SWEEP_POINTS) -> Curve:
    """Threshold the scores at their quantiles; quality and strong share at each threshold."""
    scores = np.asarray(scores, dtype=float)
    strong = np.asarray(strong, dtype=float)
    weak = np.asarray(weak, dtype=float)
    thresholds = np.quantile(scores, np.linspace(0.0, 1.0, bins + 1))
    points = []
    for i, threshold in enumerate(thresholds):
        chosen = scores >= threshold if i < len(thresholds) - 1 else scores > threshold
        points.append((float(chosen.mean()), float(np.where(chosen, strong, weak).mean())))
    points.sort()
    return Curve(np.array([p[0] for p in points]), np.array([p[1] for p in points]))


def apgr(scores: np.ndarray, strong: np.ndarray, weak: np.ndarray) -> float:
    """Average performance gap recovered over the threshold sweep (random router: 0.5)."""
    curve = sweep(scores, strong, weak)
    r_strong, r_weak = float(np.mean(strong)), float(np.mean(weak))
    if r_strong == r_weak:
        return float("nan")
    width = curve.share[-1] - curve.share[0]
    area = float(np.trapezoid(curve.quality, curve.share))
    return (area - r_weak * width) / ((r_strong - r_weak) * width) if width else float("nan")


def cpt(scores: np.ndarray, strong: np.ndarray, weak: np.ndarray, fraction: float) -> float:
    """Strong-call share (0..1) at which the router recovers `fraction` of the quality gap."""
    curve = sweep(scores, strong, weak)
    r_strong, r_weak = float(np.mean(strong)), float(np.mean(weak))
    target = r_weak + fraction * (r_strong - r_weak)
    return float(np.interp(target, curve.quality, curve.share))


def pgr(quality: float, strong: np.ndarray, weak: np.ndarray) -> float:
    """Performance gap recovered at one operating point."""
    r_strong, r_weak = float(np.mean(strong)), float(np.mean(weak))
    return (quality - r_weak) / (r_strong - r_weak) if r_strong != r_weak else float("nan")


def oracle_scores(strong: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """Scores of the oracle: strong only where it wins, then where it ties, never where it loses."""
    strong = np.asarray(strong, dtype=float)
    weak = np.asarray(weak, dtype=float)
    return strong - weak


def oracle_quality(strong: np.ndarray, weak: np.ndarray, share: float) -> float:
    """Best quality reachable with at most `share` strong calls (RouteLLM's optimal accuracy)."""
    strong = np.asarray(strong, dtype=float)
    weak = np.asarray(weak, dtype=float)
    gains = np.sort(strong - weak)[::-1]
    budget = int(round(share * len(gains)))
    return float((weak.sum() + np.clip(gains[:budget], 0, None).sum()) / len(gains))


def share_for_quality(scores: np.ndarray, strong: np.ndarray, weak: np.ndarray, ratio: float) -> float:
    """Smallest strong share (sending the highest scores first) reaching `ratio` of always-strong."""
    order = np.argsort(-scores, kind="stable")
    target = ratio * strong.sum()
    gains = (strong - weak)[order]
    totals = weak.sum() + np.concatenate([[0.0], np.cumsum(gains)])
    hits = np.nonzero(totals >= target - 1e-9)[0]
    return float(hits[0] / len(scores)) if len(hits) else 1.0
