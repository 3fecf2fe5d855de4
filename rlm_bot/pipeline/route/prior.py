"""An offline-trained prior for the strong/weak router: P(each tier answers well | query).

An online router that starts empty spends its first few hundred queries learning what any outcome
table could have told it: which topics the cheap model fails (moral scenarios, formal logic), which
worked answers give themselves away (a wrong sum, no final answer). The prior is two logistic
models per kind, one per tier, over the query's MiniLM embedding and its shape features (and, for
the "cascade" kind, the exact checks of the weak tier's worked answer), trained on public
strong/weak outcome tables (`rlm-bot bench routing_prior` trains one and reports its held-out
figures; the fit is benchmarks/routing_eval/prior_fit.py, the live router only reads a prior).
It learns topics and answer shapes, not prompts: a weight per embedding dimension and per feature,
nothing per row.

The router shrinks its own neighbourhood estimates toward the prior's prediction for the query
instead of a flat base rate (learner.py), so the prior decides while local evidence is thin and
the deployment's own outcomes take over where they accumulate. The shipped prior was trained for
the pair GPT-4 / Mixtral-8x7B; a deployment with other models still gains its sense of what is
hard, and its online layer corrects the base rates.

The file is an `.npz` of plain arrays (loaded without pickle) plus a JSON header naming the
embedder, the feature names and the rows it was trained on; a prior whose features or embedder no
longer match the code is refused with a clear error rather than silently misread.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rlm_bot.errors import RlmError
from rlm_bot.pipeline.route.features import PROMPT_FEATURE_NAMES
from rlm_bot.pipeline.route.verify import FEATURE_NAMES as CHECK_NAMES

FORMAT_VERSION = 1
KINDS = ("prompt", "cascade")  # before the weak tier answered / with its worked answer checked
EMBEDDER = "all-MiniLM-L6-v2"
SHIPPED = Path(__file__).resolve().parent / "priors" / "route_prior.npz"


def side_names(kind: str) -> tuple[str, ...]:
    """The side features a prior of this kind reads, in order."""
    if kind not in KINDS:
        raise RlmError(f"unknown route prior kind {kind!r}; use one of {', '.join(KINDS)}")
    return tuple(PROMPT_FEATURE_NAMES) + (tuple(CHECK_NAMES) if kind == "cascade" else ())


@dataclass(frozen=True)
class TierModel:
    """A logistic model of one tier's success: sigmoid(weights · [vector, side] + bias)."""

    weights: np.ndarray = field(repr=False)
    bias: float

    def p(self, x: np.ndarray) -> float:
        return sigmoid(float(self.weights @ x) + self.bias)


def sigmoid(x: float) -> float:
    """The logistic function, without overflow for large |x| (the router's logistic layers too)."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True)
class RoutePrior:
    """One kind of prior: both tiers' success models over one embedder's vectors + side features."""

    kind: str
    dim: int
    embedder: str
    weak: TierModel
    strong: TierModel
    trained_on: tuple[str, ...] = ()  # "table:part:rows" of each training table
    c: float = 0.0

    def predict(self, vector: np.ndarray | None, side: Sequence[float]) -> tuple[float, float]:
        """(P(weak tier succeeds), P(strong tier succeeds)) for one query."""
        names = side_names(self.kind)
        if len(side) != len(names):
            raise RlmError(f"the {self.kind} route prior reads {len(names)} side features, got {len(side)}")
        vec = np.zeros(self.dim, dtype=np.float64) if vector is None else np.asarray(vector, dtype=np.float64)
        if vec.shape != (self.dim,):
            raise RlmError(f"the route prior expects {self.dim}-number embeddings, got {vec.shape}")
        x = np.concatenate([vec, np.asarray(side, dtype=np.float64)])
        return self.weak.p(x), self.strong.p(x)


@dataclass(frozen=True)
class PriorSet:
    """The priors in one file, by kind."""

    priors: dict[str, RoutePrior]
    path: str = ""

    def get(self, kind: str) -> RoutePrior | None:
        return self.priors.get(kind)

    def trained_on(self) -> tuple[str, ...]:
        return tuple(sorted({t for p in self.priors.values() for t in p.trained_on}))


def save_priors(path: Path, priors: Sequence[RoutePrior]) -> Path:
    """Write priors (one per kind) to an .npz file with a JSON header."""
    arrays: dict[str, np.ndarray] = {}
    header: dict = {"format": FORMAT_VERSION, "priors": {}}
    for prior in priors:
        header["priors"][prior.kind] = {
            "dim": prior.dim, "embedder": prior.embedder, "side_names": list(side_names(prior.kind)),
            "trained_on": list(prior.trained_on), "c": prior.c,
            "bias": {"weak": prior.weak.bias, "strong": prior.strong.bias},
        }
        arrays[f"{prior.kind}_weak"] = prior.weak.weights
        arrays[f"{prior.kind}_strong"] = prior.strong.weights
    arrays["header"] = np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    return path


def load_priors(path: Path) -> PriorSet:
    """Read a prior file; a clear error when it is missing, damaged or stale."""
    if not path.is_file():
        raise RlmError(f"no route prior at {path}; train one with `rlm-bot bench routing_prior`")
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode())
            arrays = {k: np.asarray(data[k], dtype=np.float64) for k in data.files if k != "header"}
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise RlmError(f"{path} is not a route prior file ({exc})") from None
    if not isinstance(header, dict):
        raise RlmError(f"{path} is not a route prior file (its header is not an object)")
    if header.get("format") != FORMAT_VERSION:
        raise RlmError(f"{path} has route prior format {header.get('format')!r}; "
                       f"this version reads {FORMAT_VERSION}: retrain it")
    priors = {}
    for kind, meta in dict(header.get("priors") or {}).items():
        try:
            priors[kind] = _parse_prior(path, kind, meta, arrays)
        except (KeyError, TypeError, ValueError) as exc:
            raise RlmError(f"{path}: the {kind} prior's header is damaged ({exc!r}); retrain it") from None
    if not priors:
        raise RlmError(f"{path} holds no route prior")
    return PriorSet(priors=priors, path=str(path))


def _parse_prior(path: Path, kind: str, meta: dict, arrays: dict[str, np.ndarray]) -> RoutePrior:
    names = side_names(kind)
    if tuple(meta.get("side_names", ())) != names:
        raise RlmError(f"{path}: the {kind} prior was trained on other features than the router "
                       f"computes now; retrain it with `rlm-bot bench routing_prior`")
    dim = int(meta["dim"])
    tiers = {}
    for tier in ("weak", "strong"):
        weights = arrays.get(f"{kind}_{tier}")
        if weights is None or weights.shape != (dim + len(names),):
            raise RlmError(f"{path}: the {kind} prior's {tier} weights are missing or the wrong size")
        tiers[tier] = TierModel(weights=weights, bias=float(meta["bias"][tier]))
    return RoutePrior(kind=kind, dim=dim, embedder=str(meta["embedder"]), weak=tiers["weak"],
                      strong=tiers["strong"], trained_on=tuple(meta.get("trained_on", ())),
                      c=float(meta.get("c", 0.0)))


def resolve_prior(spec: str) -> PriorSet | None:
    """A prior setting: "shipped" (the package's), "none", or a path to a prior file."""
    spec = (spec or "").strip()
    if spec.lower() in ("none", "off", ""):
        return None
    return load_priors(SHIPPED if spec.lower() == "shipped" else Path(spec).expanduser())
