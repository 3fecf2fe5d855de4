"""MemoryStore: the bot's long-term memory (SQL rows + Chroma vectors + a keyword index).

    store = open_memory(settings)
    store.add("Deploys happen on Tuesdays", owner=Owner.from_task(task), kind="fact")
    hits = store.search("when do we deploy?", Scope.from_task(task), k=5)

Every read takes a `Scope` (see scope.py) and every write an `Owner`; secrets are redacted before
anything is embedded or stored; near-duplicates in the same bucket merge on write (serialised
across processes sharing the database, see Database.lock).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from rlm_bot.memory import lifecycle
from rlm_bot.memory.embeddings import Embedder, embedder_from_settings
from rlm_bot.memory.errors import MemoryStoreError, SecretRefusedError
from rlm_bot.memory.hybrid import (
    coverage_fusion,
    normalised_keyword,
    reciprocal_rank_fusion,
    relative_score_fusion,
)
from rlm_bot.memory.chunking import chunk_markdown
from rlm_bot.memory.keyword import ITEMS, KeywordIndex
from rlm_bot.memory.printable import is_blank, strip_control
from rlm_bot.memory.scope import Owner, Scope, check_kind
from rlm_bot.memory.seed import load_seed, seed_directory
from rlm_bot.memory.seed_vectors import text_key
from rlm_bot.memory.secrets import MIN_REMAINING_CHARS, redact_secrets
from rlm_bot.memory.types import GLOBAL_WORKSPACE, SEARCH_MODES, AddResult, Hit, MemoryRecord
from rlm_bot.memory.vectors import VectorIndex, open_client
from rlm_bot.memory.writes import NewMemory
from rlm_bot.storage import open_database
from rlm_bot.storage.memory_tables import MemoryItem
from rlm_bot.storage.models import new_id, utcnow

MAX_TEXT_CHARS = 20_000  # longer texts go through add_document, which chunks them
EMPTY_TEXT = ("nothing to remember: the text is empty once control characters (such as NUL bytes) "
              "are removed; give readable text")
MERGE_SIMILARITY = 0.93  # same bucket, same kind, this similar: a restatement, merged on write
CANDIDATES_PER_RESULT = 4  # each index contributes k * this candidates to the fusion
MIN_CANDIDATES = 20
CONFIDENCE_FLOOR = 0.6  # final score = fused * (floor + (1 - floor) * effective confidence)


@dataclass
class _Candidates:
    """What the indexes said about a search's candidates (all wordings merged)."""

    similarity: dict[str, float] = field(default_factory=dict)  # best cosine similarity
    vector_ranking: list[str] = field(default_factory=list)  # ids by that similarity
    keyword: list[tuple[str, float]] = field(default_factory=list)  # (id, keyword score), best first
    coverage: dict[str, float] = field(default_factory=dict)  # best share of the query's IDF weight


def content_hash(text: str) -> str:
    """Stable hash of a memory's text (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return utcnow()
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def to_record(row: Any, now: datetime | None = None) -> MemoryRecord:
    """A MemoryRecord from a memory_items row, its confidence decayed to `now`."""
    last_used = _aware(row.last_used_at)
    effective = lifecycle.effective_confidence(row.base_confidence, last_used, row.visibility,
                                               now or utcnow())
    return MemoryRecord(
        id=row.id, text=row.text, kind=row.kind, workspace=row.workspace, channel=row.channel,
        user=row.user_id, visibility=row.visibility, source=row.source,
        created_at=_aware(row.created_at), last_used_at=last_used, use_count=row.use_count,
        confidence=effective, base_confidence=row.base_confidence, merged_count=row.merged_count,
        meta=dict(row.meta or {}))


class MemoryStore:
    """Long-term memory over one SQL database and one Chroma collection."""

    def __init__(self, db: Any, vectors: VectorIndex, embedder: Embedder) -> None:
        self.db = db
        self.vectors = vectors
        self.embedder = embedder
        self.keyword = KeywordIndex(db.dialect)
        self._write_lock = threading.Lock()
        # Values of the configured keys and tokens, redacted from every write whatever their shape.
        self.known_secrets: tuple[str, ...] = ()

    def add_known_secrets(self, values: tuple[str, ...]) -> None:
        """Redact these values (e.g. `Settings.secret_values()`) from everything written later."""
        self.known_secrets = tuple(dict.fromkeys((*self.known_secrets, *values)))

    # --- writing ---------------------------------------------------------------------------

    def add(self, text: str, *, owner: Owner, kind: str = "fact", source: str = "",
            confidence: float = 1.0, meta: dict[str, Any] | None = None,
            merge: bool = True) -> AddResult:
        """Remember `text` for `owner`; a near-duplicate in the same bucket is updated instead."""
        item = NewMemory(text=text, owner=owner, kind=kind, source=source, confidence=confidence,
                         meta=dict(meta or {}))
        return self.add_many([item], merge=merge)[0]

    def add_many(self, items: list[NewMemory], *, vectors: Any = None, merge: bool = True,
                 known: Mapping[str, Any] | None = None) -> list[AddResult]:
        """Write several memories (one embedding batch); `vectors` may be given precomputed, or
        `known` may hold some by text key (seed_vectors.text_key of the text as embedded)."""
        cleaned = [self._clean(item) for item in items]
        texts = [c[0].embed_text or c[0].text for c in cleaned]
        if vectors is None:
            vectors = self._vectors(texts, known or {})
        results: list[AddResult | None] = []
        inserts: list[tuple[NewMemory, Any, tuple[str, ...]]] = []
        # The neighbour check and the insert it decides on are one step for every writer on this
        # database: other threads here, other processes, other bot replicas (Database.lock).
        with self._write_lock, (self.db.lock("memory-write") if merge else contextlib.nullcontext()):
            for (item, redacted), vector in zip(cleaned, vectors):
                merged = self._merge_into_neighbour(item, vector, redacted) if merge else None
                if merged is None:
                    inserts.append((item, vector, redacted))
                results.append(merged)
            pending = iter(zip(self._insert(inserts), inserts))
        out: list[AddResult] = []
        for result in results:
            if result is None:
                item_id, (_item, _vector, redacted) = next(pending)
                result = AddResult(id=item_id, redacted=redacted)
            out.append(result)
        return out

    def _vectors(self, texts: list[str], known: Mapping[str, Any]) -> Any:
        """Vectors of `texts`: those in `known` looked up, the rest embedded in one batch."""
        if not known:
            return self.embedder.embed(texts)
        found = [known.get(text_key(text)) for text in texts]
        missing = [i for i, vector in enumerate(found) if vector is None]
        if missing:
            for i, vector in zip(missing, self.embedder.embed([texts[i] for i in missing])):
                found[i] = vector
        return _stack(found)

    def add_experience(self, task: str, approach: str, outcome: str, *, owner: Owner,
                       detail: str = "", source: str = "pipeline", merge: bool = True) -> AddResult:
        """Remember what was tried for a task and whether it worked; repeats of the same task and
        approach merge into one memory that tallies successes and failures."""
        if outcome not in ("success", "failure"):
            raise MemoryStoreError("an experience's outcome is 'success' or 'failure'")
        gist = f"Task: {' '.join(task.split())[:500]}\nApproach: {' '.join(approach.split())[:500]}"
        verdict = "worked" if outcome == "success" else "failed"
        text = f"{gist}\nOutcome: {verdict}" + (f" — {' '.join(detail.split())[:500]}" if detail else "")
        item = NewMemory(text=text, owner=owner, kind="experience", source=source,
                         meta={"outcome": outcome}, embed_text=gist)
        return self.add_many([item], merge=merge)[0]

    def add_document(self, text: str, *, owner: Owner, source: str,
                     chunk_tokens: int = 350) -> list[AddResult]:
        """Remember a long text as document chunks (split at headings and paragraphs), replacing
        the chunks previously stored for the same `source` in the same bucket."""
        if is_blank(text or ""):
            raise MemoryStoreError(EMPTY_TEXT)
        chunks = [c for c in chunk_markdown(strip_control(text), max_tokens=chunk_tokens)
                  if not is_blank(c)]
        if not chunks:
            raise MemoryStoreError(EMPTY_TEXT)
        stale = sa.select(ITEMS.c.id).where(
            ITEMS.c.kind == "document", ITEMS.c.source == source[:256],
            ITEMS.c.workspace == owner.workspace, ITEMS.c.visibility == owner.visibility,
            ITEMS.c.channel == owner.channel, ITEMS.c.user_id == owner.user)
        self._delete_where(stale)
        items = [NewMemory(text=chunk, owner=owner, kind="document", source=source,
                           meta={"doc": source, "chunk": i, "chunks": len(chunks)})
                 for i, chunk in enumerate(chunks)]
        return self.add_many(items, merge=False)

    def check(self, item: NewMemory) -> None:
        """Raise the MemoryStoreError that `add_many` would raise for `item` (nothing is written)."""
        self._clean(item)

    def _clean(self, item: NewMemory) -> tuple[NewMemory, tuple[str, ...]]:
        check_kind(item.kind)
        if is_blank(item.text or ""):
            raise MemoryStoreError(EMPTY_TEXT)
        text = strip_control(item.text).strip()
        if len(text) > MAX_TEXT_CHARS:
            raise MemoryStoreError(
                f"memory text is {len(text)} characters (max {MAX_TEXT_CHARS}); store long texts as "
                "chunked documents: `rlm-bot memory add --document FILE|-` (store.add_document)")
        if not 0.0 <= item.confidence <= 1.0:
            raise MemoryStoreError("confidence must be between 0 and 1")
        redaction = redact_secrets(text, self.known_secrets)
        if redaction.found and redaction.remaining_chars < MIN_REMAINING_CHARS:
            raise SecretRefusedError(
                f"refused: the text is a credential ({', '.join(redaction.found)}); memory never "
                "stores secrets — keep them in the deployment's secret store")
        embed_text = (redact_secrets(item.embed_text, self.known_secrets).text
                      if item.embed_text else None)
        clean = NewMemory(text=redaction.text, owner=item.owner, kind=item.kind, source=item.source,
                          confidence=item.confidence, meta=dict(item.meta), seed_key=item.seed_key,
                          embed_text=embed_text)
        if embed_text:
            clean.meta["embed_text"] = embed_text
        if redaction.found:
            clean.meta["redacted"] = list(redaction.found)
        return clean, redaction.found

    def _merge_into_neighbour(self, item: NewMemory, vector: Any,
                              redacted: tuple[str, ...]) -> AddResult | None:
        where = {"$and": [{"bucket": item.owner.bucket}, {"kind": item.kind}]}
        nearest = self.vectors.query(vector, item.owner.workspace, where, 1)
        if not nearest or nearest[0][1] < MERGE_SIMILARITY:
            return None
        item_id, similarity = nearest[0]
        now = utcnow()
        with self.db.session() as session:
            row = session.get(_model(), item_id)
            if row is None:
                return None
            meta = dict(row.meta or {})
            if item.kind == "experience":
                lifecycle.tally_experience(meta, item.meta)
            else:
                meta.update(item.meta)
                row.text = item.text
                row.content_hash = content_hash(item.text)
                row.source = item.source or row.source
            row.meta = meta
            row.merged_count += 1
            row.base_confidence = max(row.base_confidence, item.confidence)
            row.confidence = row.base_confidence
            row.updated_at = now
            row.last_used_at = now
            session.flush()
            conn = session.connection()
            self.keyword.replace(conn, row.id, row.text)
            if item.kind != "experience":
                self.vectors.upsert([row.id], [vector], [_filter_meta(row)])
        return AddResult(id=item_id, merged=True, redacted=redacted, similarity=similarity)

    def _insert(self, inserts: list[tuple[NewMemory, Any, tuple[str, ...]]]) -> list[str]:
        if not inserts:
            return []
        now = utcnow()
        rows = []
        for item, _vector, _redacted in inserts:
            meta = dict(item.meta)
            if item.kind == "experience":
                lifecycle.tally_experience(meta, {}, initial=True)
            rows.append({
                "id": new_id(), "kind": item.kind, "text": item.text,
                "workspace": item.owner.workspace, "channel": item.owner.channel,
                "user_id": item.owner.user, "visibility": item.owner.visibility,
                "source": item.source[:256], "created_at": now, "updated_at": now,
                "last_used_at": now, "use_count": 0, "confidence": item.confidence,
                "base_confidence": item.confidence, "merged_count": 0,
                "content_hash": content_hash(item.text), "seed_key": item.seed_key, "meta": meta,
            })
        with self.db.session() as session:
            conn = session.connection()
            conn.execute(sa.insert(ITEMS), rows)
            self.keyword.insert(conn, [(r["id"], r["text"]) for r in rows])
            # Chroma last: if it fails the SQL transaction rolls back, so both stay in step.
            self.vectors.upsert([r["id"] for r in rows], _stack([v for _, v, _ in inserts]),
                                [_filter_meta(r) for r in rows], new=True)
        return [r["id"] for r in rows]

    # --- reading ---------------------------------------------------------------------------

    def search(self, query: str, scope: Scope, *, k: int = 5, mode: str = "hybrid",
               kinds: tuple[str, ...] | None = None, touch: bool = True,
               min_similarity: float | None = None, vector: Any = None,
               expansions: tuple[str, ...] = ()) -> list[Hit]:
        """The `k` memories visible to `scope` that best match `query`.

        `expansions` are other wordings of the same request (a model's rewrite of a question into
        the statement it expects to find, synonyms): each is searched too, and a memory keeps its
        best similarity and best keyword coverage over all the wordings before they are fused.
        """
        if mode not in SEARCH_MODES:
            raise MemoryStoreError(f"search mode {mode!r} is unknown; use one of {', '.join(SEARCH_MODES)}")
        if not isinstance(scope, Scope):
            raise MemoryStoreError("search needs a Scope (Scope.from_task(task)); refusing an unscoped read")
        query = strip_control(query or "").strip()
        if is_blank(query) or k <= 0:
            return []
        for kind in kinds or ():
            check_kind(kind)
        texts = [query] + [t for t in dict.fromkeys(strip_control(e or "").strip() for e in expansions)
                           if t and t != query and not is_blank(t)]
        found = self._candidates(texts, scope, mode, kinds, min_similarity, vector,
                                 max(MIN_CANDIDATES, k * CANDIDATES_PER_RESULT))
        similarity, coverage = found.similarity, found.coverage
        if mode == "vector":
            fused = sorted(similarity.items(), key=lambda pair: (-pair[1], pair[0]))
        elif mode == "keyword":
            fused = normalised_keyword(found.keyword)
        elif mode == "rrf":
            fused = reciprocal_rank_fusion([found.vector_ranking, [i for i, _ in found.keyword]])
        elif mode == "rsf":
            fused = relative_score_fusion(similarity, normalised_keyword(found.keyword))
        else:
            fused = coverage_fusion(similarity, coverage)
        vrank = {i: r + 1 for r, i in enumerate(found.vector_ranking)}
        krank = {i: r + 1 for r, (i, _) in enumerate(found.keyword)}
        records = self._records([i for i, _ in fused])
        now = utcnow()
        hits = []
        for item_id, score in fused:
            record = records.get(item_id)
            # Defence in depth: the index filters already applied the scope; check it again.
            if record is None or not scope.allows(record):
                continue
            weight = CONFIDENCE_FLOOR + (1 - CONFIDENCE_FLOOR) * record.confidence
            hits.append(Hit(record=record, score=score * weight, similarity=similarity.get(item_id),
                            keyword_rank=krank.get(item_id), vector_rank=vrank.get(item_id),
                            coverage=coverage.get(item_id)))
        hits.sort(key=lambda h: h.score, reverse=True)
        hits = hits[:k]
        if touch and hits:
            self.touch([h.record.id for h in hits], now)
        return hits

    def _candidates(self, texts: list[str], scope: Scope, mode: str, kinds: tuple[str, ...] | None,
                    min_similarity: float | None, vector: Any, pool: int) -> _Candidates:
        """Candidates of every wording from the indexes `mode` uses, with their evidence."""
        found = _Candidates()
        vectors: list[Any] = []
        if mode != "keyword":
            given = [] if vector is None else [vector]
            rest = texts[len(given):]
            vectors = given + (list(self.embedder.embed(rest)) if rest else [])
            for text_vector in vectors:
                for item_id, sim in self.vectors.query_scope(text_vector, scope, pool, kinds):
                    if min_similarity is None or sim >= min_similarity:
                        found.similarity[item_id] = max(sim, found.similarity.get(item_id, sim))
            found.vector_ranking = sorted(found.similarity, key=lambda i: -found.similarity[i])
        if mode == "vector":
            return found
        with self.db.engine.connect() as conn:
            best: dict[str, float] = {}
            for text in texts:
                for item_id, score in self.keyword.search(conn, text, scope, pool, kinds):
                    best[item_id] = max(score, best.get(item_id, score))
            found.keyword = sorted(best.items(), key=lambda pair: -pair[1])[:pool]
            if mode == "keyword":
                return found
            # Keyword-only candidates get their cosine similarity too (fusion and callers use it).
            missing = [i for i, _ in found.keyword if i not in found.similarity]
            stored = self.vectors.vectors({scope.workspace: missing, GLOBAL_WORKSPACE: missing})
            if stored:
                sims = _stack(list(stored.values())) @ _stack(vectors).T
                for item_id, row in zip(stored, sims):
                    found.similarity[item_id] = float(row.max())
            if mode == "hybrid":
                ids = list(found.similarity)
                for text in texts:
                    for item_id, share in self.keyword.coverage(conn, text, scope, ids).items():
                        found.coverage[item_id] = max(share, found.coverage.get(item_id, 0.0))
        return found

    def touch(self, ids: list[str], now: datetime | None = None) -> None:
        """Mark memories as used: last used now, use count + 1 (this resets their decay)."""
        when = now or utcnow()
        with self.db.session() as session:
            session.execute(sa.update(ITEMS).where(ITEMS.c.id.in_(ids)).values(
                last_used_at=when, use_count=ITEMS.c.use_count + 1,
                confidence=ITEMS.c.base_confidence))

    def get(self, item_id: str) -> MemoryRecord | None:
        """One memory by id (no scope check: for operators and owners)."""
        return self._records([item_id]).get(item_id)

    def _records(self, ids: list[str]) -> dict[str, MemoryRecord]:
        if not ids:
            return {}
        now = utcnow()
        with self.db.engine.connect() as conn:
            rows = conn.execute(sa.select(ITEMS).where(ITEMS.c.id.in_(ids))).all()
        return {row.id: to_record(row, now) for row in rows}

    def list(self, *, workspace: str | None = None, channel: str | None = None,
             user: str | None = None, visibility: str | None = None, kind: str | None = None,
             limit: int = 50, offset: int = 0) -> list[MemoryRecord]:
        """Memories matching every given filter, newest first (an operator's view, unscoped)."""
        stmt = sa.select(ITEMS)
        for column, value in (("workspace", workspace), ("channel", channel), ("user_id", user),
                              ("visibility", visibility), ("kind", kind)):
            if value:
                stmt = stmt.where(ITEMS.c[column] == value)
        stmt = stmt.order_by(ITEMS.c.created_at.desc(), ITEMS.c.id).limit(limit).offset(offset)
        now = utcnow()
        with self.db.engine.connect() as conn:
            return [to_record(row, now) for row in conn.execute(stmt).all()]

    def count_visible(self, scope: Scope, kinds: tuple[str, ...] | None = None) -> int:
        """Number of memories (of `kinds`) that `scope` may see."""
        with self.db.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(ITEMS)
                                    .where(scope.sql_clause(ITEMS, kinds))).scalar_one())

    def count(self) -> int:
        """Number of stored memories."""
        with self.db.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(ITEMS)).scalar_one())

    # --- forgetting ------------------------------------------------------------------------

    def forget(self, ids: list[str], *, workspace: str | None = None) -> list[str]:
        """Delete memories by id (only those of `workspace` when given); returns the ids deleted."""
        if not ids:
            return []
        stmt = sa.select(ITEMS.c.id).where(ITEMS.c.id.in_(list(ids)))
        if workspace:
            stmt = stmt.where(ITEMS.c.workspace == workspace)
        return self._delete_where(stmt)

    def forget_matching(self, query: str, scope: Scope, *, min_similarity: float = 0.75,
                        only_user: str | None = None, limit: int = 20) -> list[str]:
        """Delete the memories visible to `scope` that closely match `query` (optionally only
        those written by `only_user`); returns the ids deleted."""
        hits = self.search(query, scope, k=limit, mode="vector", min_similarity=min_similarity,
                           touch=False)
        ids = [h.record.id for h in hits if h.record.visibility != "global"
               and (only_user is None or h.record.user == only_user)]
        return self.forget(ids, workspace=scope.workspace)

    def forget_user(self, workspace: str, user: str) -> list[str]:
        """Delete every memory `user` wrote in `workspace`; returns the ids deleted."""
        stmt = sa.select(ITEMS.c.id).where(ITEMS.c.workspace == workspace, ITEMS.c.user_id == user)
        return self._delete_where(stmt)

    def _delete_where(self, select_ids: Any) -> list[str]:
        with self.db.session() as session:
            conn = session.connection()
            ids = [r[0] for r in conn.execute(select_ids).all()]
            if not ids:
                return []
            by_workspace: dict[str, list[str]] = {}
            for start in range(0, len(ids), 500):
                rows = conn.execute(sa.select(ITEMS.c.id, ITEMS.c.workspace)
                                    .where(ITEMS.c.id.in_(ids[start:start + 500]))).all()
                for row in rows:
                    by_workspace.setdefault(row.workspace, []).append(row.id)
            for start in range(0, len(ids), 500):
                conn.execute(sa.delete(ITEMS).where(ITEMS.c.id.in_(ids[start:start + 500])))
            self.keyword.delete(conn, ids)
            self.vectors.delete(by_workspace)
        return ids

    # --- upkeep ----------------------------------------------------------------------------

    def decay(self, now: datetime | None = None, *, prune_below: float | None = None) -> dict[str, int]:
        """Recompute every confidence from its base and the time since last use (idempotent);
        optionally delete memories whose confidence fell below `prune_below`."""
        return lifecycle.decay(self, now or utcnow(), prune_below)

    def consolidate(self, *, workspace: str | None = None) -> dict[str, int]:
        """Merge clusters of similar experiences in each bucket into one tallied experience."""
        return lifecycle.consolidate(self, workspace)


def _model() -> Any:
    return MemoryItem


def _filter_meta(row: Any) -> dict[str, Any]:
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key)
    owner = Owner(get("workspace"), get("channel"), get("user_id"), get("visibility"))
    return {"bucket": owner.bucket, "workspace": owner.workspace, "channel": owner.channel,
            "user": owner.user, "visibility": owner.visibility, "kind": get("kind")}


def _stack(vectors: list[Any]) -> Any:
    import numpy as np

    return np.asarray(vectors, dtype=np.float32)


_open_lock = threading.Lock()
_open: dict[tuple[str, str], MemoryStore] = {}


def open_memory(settings: Any, *, seed: bool = True) -> MemoryStore:
    """The shared MemoryStore of `settings` (Chroma server or embedded dir, SQL store, embedder);
    seed knowledge is loaded (or refreshed) the first time."""
    key = (settings.sql_url, settings.memory.chroma_url or str(settings.chroma_dir.resolve()))
    with _open_lock:
        store = _open.get(key)
        if store is None:
            db = open_database(settings)
            embedder = embedder_from_settings(settings)
            client = open_client(settings.chroma_dir, settings.memory.chroma_url)
            store = MemoryStore(db, VectorIndex(client, embedder), embedder)
            if hasattr(settings, "secret_values"):
                store.add_known_secrets(settings.secret_values())
            if seed:
                directory = seed_directory()
                if directory is not None:
                    load_seed(store, directory)
            _open[key] = store
        elif hasattr(settings, "secret_values"):
            store.add_known_secrets(settings.secret_values())
        return store


def close_memory() -> None:
    """Forget the shared stores (tests, shutdown)."""
    with _open_lock:
        _open.clear()
