"""The live learned router: the routing benchmark's BinaryRouter, with its experience in SQL.

The pipeline's first hop (start at the cascade's cheap model, or at the next, stronger one) is
decided by the same online router `rlm-bot bench routing` measures (policy.BinaryRouter over
learner.OnlineRouteLearner): per-tier success estimates from the embeddings of past queries
and a logistic layer, exploring the other tier now and then.

What it learns from (one row of `route_observations` per routed answer): the query's embedding
(the memory package's embedder, secrets redacted first), its side features, which tier's answer
was used (weak = the cascade's first model, strong = the second; an answer by a later model, or
by LATS's planner, is not an observation) and the answer's outcome id. The outcome is the reward the learning package
taught for that answer (learning/rewards.py): the users' aggregated satisfaction from reactions,
feedback buttons, `/rlm feedback` and `chat` +1/-1, or 0 for an answer that failed.

Implicit signals, decided explicitly:
- silence is not an observation: an answer nobody rated teaches nothing (most answers are never
  rated, and unrated is not the same as satisfied);
- a failed answer (the learner's reward 0) counts as a failure of the tier that gave it;
- the cascade escalating away from the cheap model (its samples disagreed) is not an observation
  for the router: self-consistency already acts on it at once, and the learning package counts it
  as weak negative evidence in its `routing` adjustments.

State: a workspace's router is rebuilt from SQL on its first use (its most recent
`RLM_ROUTE_HISTORY` observations with a reward, oldest first), then kept in step incrementally:
before each decision it reads the rewards that changed since its last sync (with an overlap that
absorbs clock skew and commit lag between replicas; a per-outcome version makes re-reads
harmless). A first reward is taught at once; a changed or withdrawn one (a vote changed, a
reaction removed) cannot be taught back out of an online learner, so the workspace's routers are
rebuilt from the observations held in memory (a replay: ~0.15 s per router for 2,000 observations
on one core). Every replica therefore learns from the same
observations; only the order in which concurrent rewards arrive can differ between them.

The offline prior (RLM_ROUTE_PRIOR, route_prior.py; by default the one shipped in the package)
gives a new workspace sensible first hops from its first query: its estimates are the prior's,
corrected by the workspace's own outcomes as they come in. It is used only when this router's
embedder is the one the prior was fitted on.

Cost sensitivity sets a BinaryRouter's operating point, so each workspace keeps one router per
cost sensitivity in use (a few; least recently used dropped), all fed the same observations.
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from rlm_bot.config import RoutingSettings
from rlm_bot.errors import RlmError
from rlm_bot.memory.secrets import redact_secrets
from rlm_bot.pipeline.route.clusters import QueryClusters
from rlm_bot.pipeline.route.policy import BinaryDecision, BinaryRouter
from rlm_bot.pipeline.route.prior import PriorSet, resolve_prior

if TYPE_CHECKING:  # annotations only
    from rlm_bot.memory.embeddings import Embedder
    from rlm_bot.storage import Database

log = logging.getLogger(__name__)

SYNC_OVERLAP = timedelta(seconds=120)  # re-read rewards this far before the last sync
MAX_ROUTERS = 8  # cost sensitivities kept per workspace
GROWTH = 1.5  # observations held may grow to this × history before the oldest are dropped
SCAN_FACTOR = 20  # rows scanned per observation wanted when rebuilding (most are never rated)
LOAD_CHUNK = 500
VERSIONS_KEPT = 4  # reward versions remembered, as a multiple of the history
TIERS = ("weak", "strong")


@dataclass(frozen=True)
class LearnedChoice:
    """What the learned router decided for one query, and what recording it needs."""

    weak: str
    strong: str
    strong_first: bool
    explored: bool
    p_weak: float
    p_strong: float
    gain: float
    evidence_weak: float
    evidence_strong: float
    observations: int
    cost_sensitivity: float
    embedder: str
    vector: np.ndarray = field(repr=False)
    side: tuple[float, ...] = field(repr=False, default=())
    cluster: int | None = None  # the query's embedding cluster in its workspace (clusters.py)
    exploration: float = 0.0  # share of decisions the router flips to the other tier at present
    prior: bool = False  # the estimates started from the offline prior (prior.py)

    @property
    def first(self) -> str:
        """The model the cascade starts with."""
        return self.strong if self.strong_first else self.weak

    def summary(self) -> dict[str, Any]:
        """JSON-ready form for telemetry."""
        return {"router": "learned", "weak": self.weak, "strong": self.strong,
                "first": self.first, "explored": self.explored, "p_weak": round(self.p_weak, 4),
                "p_strong": round(self.p_strong, 4), "gain": round(self.gain, 4),
                "evidence_weak": round(self.evidence_weak, 3),
                "evidence_strong": round(self.evidence_strong, 3),
                "observations": self.observations, "cost_sensitivity": self.cost_sensitivity,
                "cluster": self.cluster, "prior": self.prior}


@dataclass
class _Observation:
    vector: np.ndarray
    side: tuple[float, ...]
    tier: str
    target: float


class _Workspace:
    """The observations and routers of one workspace (for one weak/strong pair)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.observations: OrderedDict[str, _Observation] = OrderedDict()
        self.versions: dict[str, int] = {}  # reward version already applied, per outcome
        self.routers: OrderedDict[float, BinaryRouter] = OrderedDict()
        self.watermark: datetime | None = None
        self.loaded = False
        self.dim = 0


class LiveRouter:
    """The pipeline's learned first hop, shared by every request of the process."""

    def __init__(self, db: Database, routing: RoutingSettings, embedder: Embedder) -> None:
        self.db = db
        self.settings = routing
        self.embedder = embedder
        self._lock = threading.Lock()
        self._workspaces: dict[tuple[str, str, str], _Workspace] = {}
        self.clusters = QueryClusters(db, self._embedder_id())
        self.prior = self._load_prior()

    def _load_prior(self) -> PriorSet | None:
        """The offline prior (RLM_ROUTE_PRIOR), when its embedder is the one this router uses."""
        priors = resolve_prior(self.settings.route_prior)
        if priors is None:
            return None
        usable = {kind: p for kind, p in priors.priors.items() if p.embedder == self._embedder_id()}
        if not usable:
            log.warning("route prior %s was fitted on %s embeddings, this router embeds with %s: "
                        "routing without it", priors.path, ", ".join(sorted({p.embedder for p in
                        priors.priors.values()})), self._embedder_id())
            return None
        return PriorSet(priors=usable, path=priors.path)

    # --- deciding -----------------------------------------------------------------------------

    def choose(self, text: str, *, workspace: str, weak: str, strong: str,
               cost_sensitivity: float) -> LearnedChoice:
        """Decide whether `text` starts at `weak` or at `strong` (after syncing what was learned)."""
        vector = self._embed(text)
        cluster = self.clusters.assign(workspace, vector)
        state = self._state(workspace, weak, strong)
        with state.lock:
            self._prepare(state, workspace, weak, strong, len(vector))
            router = self._router(state, workspace, round(float(cost_sensitivity), 2))
            exploration = router.exploration_rate()
            decision = router.decide(text, vector)
            estimate = decision.estimate
            return LearnedChoice(
                weak=weak, strong=strong, strong_first=bool(decision.strong),
                explored=bool(decision.explored), p_weak=float(decision.p_weak),
                p_strong=float(decision.p_strong), gain=float(decision.score),
                evidence_weak=float(getattr(getattr(estimate, "weak", None), "evidence", 0.0)),
                evidence_strong=float(getattr(getattr(estimate, "strong", None), "evidence", 0.0)),
                observations=len(state.observations), cost_sensitivity=float(cost_sensitivity),
                embedder=self._embedder_id(), vector=vector, side=tuple(decision.side),
                cluster=cluster, exploration=float(exploration), prior=router.prior is not None,
            )

    def warm(self, *, workspace: str, weak: str, strong: str, cost_sensitivity: float) -> None:
        """Load the workspace's observations and clusters and build its router now, deciding
        nothing (no exploration draw is spent), so its first `choose` is as quick as the next."""
        dim = len(self._embed("warm up"))
        self.clusters.warm(workspace, dim)
        state = self._state(workspace, weak, strong)
        with state.lock:
            self._prepare(state, workspace, weak, strong, dim)
            self._router(state, workspace, round(float(cost_sensitivity), 2))

    def record(self, outcome_id: str, choice: LearnedChoice, *, workspace: str,
               channel: str | None, model: str | None) -> str | None:
        """Keep a routed answer as a future observation; returns its tier (None: not recorded)."""
        # deferred: the ORM tables (sqlalchemy.orm), only with a database
        from rlm_bot.storage.route_tables import RouteObservation

        tier = "weak" if model == choice.weak else "strong" if model == choice.strong else None
        if tier is None:
            return None
        with self.db.session() as s:
            s.add(RouteObservation(
                outcome_id=outcome_id, workspace=workspace, channel=channel,
                embedder=choice.embedder, dim=int(len(choice.vector)),
                vector=np.asarray(choice.vector, dtype=np.float32).tobytes(),
                side=[float(x) for x in choice.side], weak_model=choice.weak,
                strong_model=choice.strong, tier=tier, model=model,
                first_hop="strong" if choice.strong_first else "weak", explored=choice.explored,
                cost_sensitivity=choice.cost_sensitivity, p_weak=choice.p_weak,
                p_strong=choice.p_strong, cluster=choice.cluster))
        return tier

    def sync(self, workspace: str, weak: str, strong: str) -> int:
        """Apply the rewards that changed since the last sync; returns how many observations changed."""
        state = self._state(workspace, weak, strong)
        with state.lock:
            if not state.loaded:
                return 0
            return self._sync(state, workspace, weak, strong)

    def observations(self, workspace: str, weak: str, strong: str) -> int:
        """How many observations the workspace's routers have learned from."""
        return len(self._state(workspace, weak, strong).observations)

    def observed(self, workspace: str, weak: str, strong: str) -> dict[str, tuple[str, float]]:
        """The observations learned from, oldest first: outcome id → (tier, outcome 0..1)."""
        state = self._state(workspace, weak, strong)
        with state.lock:
            return {k: (o.tier, o.target) for k, o in state.observations.items()}

    # --- state --------------------------------------------------------------------------------

    def _state(self, workspace: str, weak: str, strong: str) -> _Workspace:
        with self._lock:
            return self._workspaces.setdefault((workspace, weak, strong), _Workspace())

    def _prepare(self, state: _Workspace, workspace: str, weak: str, strong: str, dim: int) -> None:
        if not state.loaded:
            state.dim = dim
            self._load(state, workspace, weak, strong)
            state.loaded = True
        elif dim != state.dim:
            raise RlmError(f"the embedding model changed size ({state.dim} → {dim}); restart the bot")
        else:
            self._sync(state, workspace, weak, strong)

    def _router(self, state: _Workspace, workspace: str, cost_sensitivity: float) -> BinaryRouter:
        router = state.routers.get(cost_sensitivity)
        if router is None:
            router = self._new_router(state, workspace, cost_sensitivity)
            _replay(router, state.observations.values())
            state.routers[cost_sensitivity] = router
            while len(state.routers) > MAX_ROUTERS:
                state.routers.popitem(last=False)
        state.routers.move_to_end(cost_sensitivity)
        return router

    def _new_router(self, state: _Workspace, workspace: str, cost_sensitivity: float) -> BinaryRouter:
        seed = zlib.crc32(f"{workspace}:{cost_sensitivity}".encode())
        prior = self.prior if self.prior is not None and self._prior_fits(state.dim) else None
        return BinaryRouter(dim=state.dim, cascade=False, cost_sensitivity=cost_sensitivity,
                            seed=seed, explore=self.settings.route_explore, prior=prior)

    def _prior_fits(self, dim: int) -> bool:
        prompt = self.prior.get("prompt") if self.prior is not None else None
        return prompt is not None and prompt.dim == dim

    def _rebuild(self, state: _Workspace, workspace: str) -> None:
        for c in list(state.routers):
            router = self._new_router(state, workspace, c)
            _replay(router, state.observations.values())
            state.routers[c] = router

    def _rows(self, state: _Workspace, workspace: str, weak: str, strong: str):
        # deferred: the ORM tables (see record)
        from rlm_bot.storage.route_tables import RouteObservation as R

        return (sa.select(R.outcome_id, R.vector, R.side, R.tier)
                .where(R.workspace == workspace, R.embedder == self._embedder_id(),
                       R.dim == state.dim, R.weak_model == weak, R.strong_model == strong))

    def _load(self, state: _Workspace, workspace: str, weak: str, strong: str) -> None:
        """The most recent `route_history` observations with a reward, oldest first."""
        # deferred: the ORM tables (see record)
        from rlm_bot.learning.rewards import rewards_of
        from rlm_bot.storage.route_tables import RouteObservation as R

        state.watermark = _now()
        wanted = self.settings.route_history
        found: list[tuple[str, _Observation]] = []
        query = self._rows(state, workspace, weak, strong).order_by(R.created_at.desc(),
                                                                     R.outcome_id.desc())
        offset = 0
        while len(found) < wanted and offset < wanted * SCAN_FACTOR:
            with self.db.session() as s:
                rows = s.execute(query.limit(LOAD_CHUNK).offset(offset)).all()
            if not rows:
                break
            offset += len(rows)
            rewards = rewards_of(self.db, [r.outcome_id for r in rows])
            for row in rows:
                reward = rewards.get(row.outcome_id)
                if reward is None:
                    continue
                state.versions[row.outcome_id] = reward.version
                if reward.target is not None and len(found) < wanted:
                    found.append((row.outcome_id, _observation(row, reward.target)))
        state.observations = OrderedDict(reversed(found))
        log.info("learned router for workspace %s: %d observations loaded", workspace, len(found))

    def _sync(self, state: _Workspace, workspace: str, weak: str, strong: str) -> int:
        # deferred: the ORM tables (see record)
        from rlm_bot.learning.rewards import rewards_changed_since
        from rlm_bot.storage.route_tables import RouteObservation as R

        started = _now()
        since = state.watermark - SYNC_OVERLAP if state.watermark else None
        fresh = [c for c in rewards_changed_since(self.db, since)
                 if state.versions.get(c.outcome_id, -1) < c.version]
        state.watermark = started
        if not fresh:
            return 0
        unknown = [c.outcome_id for c in fresh if c.outcome_id not in state.observations]
        rows = {}
        if unknown:
            with self.db.session() as s:
                for start in range(0, len(unknown), LOAD_CHUNK):
                    chunk = unknown[start:start + LOAD_CHUNK]
                    query = self._rows(state, workspace, weak, strong).where(R.outcome_id.in_(chunk))
                    rows.update((r.outcome_id, r) for r in s.execute(query).all())
        added: list[_Observation] = []
        rebuild = False
        changed = 0
        for change in fresh:
            obs = state.observations.get(change.outcome_id)
            if obs is None:
                row = rows.get(change.outcome_id)
                if row is None:
                    continue  # not an observation of this workspace (or it was dropped as old)
                state.versions[change.outcome_id] = change.version
                if change.target is None:
                    continue
                obs = _observation(row, change.target)
                state.observations[change.outcome_id] = obs
                added.append(obs)
                changed += 1
                continue
            state.versions[change.outcome_id] = change.version
            if change.target == obs.target:
                continue
            rebuild = True  # a correction or an undo: learn again without the old value
            changed += 1
            if change.target is None:
                del state.observations[change.outcome_id]
            else:
                obs.target = float(change.target)
        limit = self.settings.route_history
        if len(state.observations) > limit * GROWTH:
            while len(state.observations) > limit:
                state.observations.popitem(last=False)
            rebuild = True
        if len(state.versions) > VERSIONS_KEPT * limit:  # forget the versions of old outcomes
            recent = {c.outcome_id for c in fresh}
            state.versions = {k: v for k, v in state.versions.items()
                              if k in state.observations or k in recent}
        if rebuild:
            self._rebuild(state, workspace)
        else:
            for router in state.routers.values():
                for obs in added:
                    _teach(router, obs)
        return changed

    # --- embeddings ---------------------------------------------------------------------------

    def _embed(self, text: str) -> np.ndarray:
        clean = redact_secrets(text).text
        vector = np.asarray(self.embedder.embed([clean]), dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm > 0 else vector

    def _embedder_id(self) -> str:
        return str(getattr(self.embedder, "model_id", "embedder"))[:128]


def _observation(row: Any, target: float) -> _Observation:
    vector = np.frombuffer(row.vector, dtype=np.float32).copy()
    return _Observation(vector=vector, side=tuple(float(x) for x in row.side or ()),
                        tier=row.tier if row.tier in TIERS else "strong", target=float(target))


def _replay(router: BinaryRouter, observations: Any) -> None:
    """Teach a fresh router what the workspace has learned. Exploration decays with the decisions a
    router has made; a router rebuilt from history carries on from (at least) one decision per
    observation, so a restart or a changed vote does not send 20% of queries exploring again."""
    taught = 0
    for obs in observations:
        _teach(router, obs)
        taught += 1
    router.decisions = max(router.decisions, taught)


def _teach(router: BinaryRouter, obs: _Observation) -> None:
    """Teach one observation through the router's public feedback (the tier that answered)."""
    decision = BinaryDecision(score=0.0, strong=obs.tier == "strong", explored=False,
                              weak_called=False, p_weak=0.0, p_strong=0.0, vector=obs.vector,
                              side=obs.side, estimate=None)
    router.feedback(decision, min(1.0, max(0.0, obs.target)))


def _now() -> datetime:
    return datetime.now(timezone.utc)
