"""The Chroma side of memory: an embedded PersistentClient, or an HttpClient for a `chroma run`
server. Holds each memory's vector and the metadata that scope filters use; every call passes
vectors we computed ourselves, so Chroma's default (downloading) embedding function never runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rlm_bot.config import mask_url
from rlm_bot.memory.embeddings import Embedder, collection_slug, get_embedder
from rlm_bot.memory.errors import MemoryStoreError
from rlm_bot.memory.scope import Scope, kind_filter
from rlm_bot.memory.types import GLOBAL_WORKSPACE

# Metadata copied into Chroma: what scope filters need (bucket) and what explains it.
FILTER_KEYS = ("bucket", "workspace", "channel", "user", "visibility", "kind")
UPSERT_BATCH = 4096
# A workspace without a collection is looked up again after this long (another process may have
# written to it since); writes from this process create and cache it at once.
MISSING_TTL_SECONDS = 10.0
# A lock file in the embedded store's directory, held while a process opens the store.
OPEN_LOCK_NAME = ".rlm-open.lock"
HNSW = {"space": "cosine", "ef_construction": 128, "ef_search": 64, "max_neighbors": 16}

_ef_class: Any = None
_ef_lock = threading.Lock()


def embedding_function_class() -> Any:
    """Our Chroma embedding function, registered once (so reopening a collection never falls back
    to Chroma's default, which would download a model)."""
    global _ef_class
    with _ef_lock:
        if _ef_class is not None:
            return _ef_class
        from chromadb.api.types import Documents, EmbeddingFunction
        from chromadb.utils.embedding_functions import register_embedding_function

        @register_embedding_function
        class RlmEmbeddingFunction(EmbeddingFunction[Documents]):
            """Chroma adapter over an rlm_bot embedder."""

            def __init__(self, model: str = "all-MiniLM-L6-v2", embedder: Embedder | None = None):
                self.model = model
                self._embedder = embedder

            def __call__(self, input: Documents) -> Any:
                if self._embedder is None:
                    self._embedder = get_embedder(self.model)
                return list(self._embedder.embed(list(input)))

            @staticmethod
            def name() -> str:
                """The name Chroma records in the collection's configuration."""
                return "rlm-bot-embedder"

            def get_config(self) -> dict[str, Any]:
                """What reopening the collection needs to rebuild this function."""
                return {"model": self.model}

            @staticmethod
            def build_from_config(config: dict[str, Any]) -> Any:
                """Rebuild from `get_config` (the model loads lazily, offline)."""
                return RlmEmbeddingFunction(str(config.get("model", "all-MiniLM-L6-v2")))

            def default_space(self) -> Any:
                """Vectors are normalised: cosine distance."""
                return "cosine"

        _ef_class = RlmEmbeddingFunction
        return _ef_class


def open_client(chroma_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma client: HttpClient for `chroma_url`, else a PersistentClient in `chroma_dir`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if chroma_url:
            parsed = urlparse(chroma_url)
            return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1",
                                       port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                                       ssl=parsed.scheme == "https", settings=settings)
        chroma_dir.mkdir(parents=True, exist_ok=True)
        # Two processes opening a new store at once both create Chroma's tables ("table
        # collections already exists"): the first open of each process waits for the others'.
        with open(chroma_dir / OPEN_LOCK_NAME, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    except Exception as exc:  # noqa: BLE001 - connection/permission problems become one line
        where = chroma_url or str(chroma_dir)
        raise MemoryStoreError(mask_url(f"cannot open the Chroma store at {where}: {exc}; "
                                        "check RLM_CHROMA_URL / RLM_DATA_DIR")) from exc


class VectorIndex:
    """Vectors of one embedding model, one Chroma collection per workspace (plus one for global
    seed knowledge): a query never touches another workspace's collection, and the in-collection
    filter is a single `bucket $in [...]`, which keeps scoped queries fast at 100k memories."""

    def __init__(self, client: Any, embedder: Embedder, dimension: int | None = None) -> None:
        self.client = client
        self.embedder = embedder
        self.dimension = dimension or embedder.dimension
        self.prefix = collection_slug(embedder.model_id, self.dimension)
        model_id = embedder.model_id
        self._model_name = model_id.split(":", 1)[1] if model_id.startswith("litellm:") else model_id
        self._collections: dict[str, Any] = {}
        self._missing: dict[str, float] = {}  # workspace -> when a lookup found no collection
        self._lock = threading.Lock()

    def name_for(self, workspace: str) -> str:
        """Collection name of a workspace ("*" is the global seed collection)."""
        if workspace == GLOBAL_WORKSPACE:
            return f"{self.prefix}-global"
        return f"{self.prefix}-w{hashlib.sha1(workspace.encode('utf-8')).hexdigest()[:16]}"

    def collection(self, workspace: str, *, create: bool) -> Any:
        """The workspace's collection (None when it does not exist and `create` is False)."""
        with self._lock:
            found = self._collections.get(workspace)
            if found is not None:
                return found
            if not create and time.monotonic() - self._missing.get(workspace, -1e9) < MISSING_TTL_SECONDS:
                return None
            ef = embedding_function_class()(self._model_name, self.embedder)
            name = self.name_for(workspace)
            try:
                if create:
                    found = self.client.get_or_create_collection(
                        name, embedding_function=ef, configuration={"hnsw": HNSW},
                        metadata={"rlm_model": self.embedder.model_id, "rlm_dimension": self.dimension,
                                  "rlm_workspace": workspace})
                else:
                    found = self.client.get_collection(name, embedding_function=ef)
            except Exception as exc:  # noqa: BLE001
                if not create:
                    self._missing[workspace] = time.monotonic()
                    return None  # nothing was ever written for this workspace
                found = self._created_elsewhere(name, ef)
                if found is None:
                    raise MemoryStoreError(mask_url(f"cannot open Chroma collection {name}: {exc}")) from exc
            self._collections[workspace] = found
            self._missing.pop(workspace, None)
            return found

    def _created_elsewhere(self, name: str, ef: Any) -> Any:
        """The collection another process created while this one tried to (a get-or-create race
        ends in a unique-constraint error on the loser's side), or None when it is not there."""
        try:
            return self.client.get_collection(name, embedding_function=ef)
        except Exception:  # noqa: BLE001 - the caller reports the first failure
            return None

    def upsert(self, ids: list[str], vectors: Any, metas: list[dict[str, Any]], *,
               new: bool = False) -> None:
        """Store vectors with their filter metadata, each in its workspace's collection
        (`new`: the ids are fresh, so the cheaper `add` is used)."""
        import numpy as np

        matrix = np.asarray(vectors, dtype=np.float32)
        groups: dict[str, list[int]] = {}
        for position, meta in enumerate(metas):
            groups.setdefault(meta["workspace"], []).append(position)
        for workspace, positions in groups.items():
            target = self.collection(workspace, create=True)
            for start in range(0, len(positions), UPSERT_BATCH):
                chunk = positions[start:start + UPSERT_BATCH]
                write = target.add if new else target.upsert
                # Texts live in SQL (source of truth + keyword index); Chroma would index a
                # second full-text copy of every document for nothing, so none is sent.
                write(ids=[ids[p] for p in chunk], embeddings=matrix[chunk],
                              metadatas=[{k: str(metas[p][k]) for k in FILTER_KEYS} for p in chunk])

    def query(self, vector: Any, workspace: str, where: dict[str, Any] | None,
              n: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) of the `n` nearest vectors of one workspace passing `where`."""
        target = self.collection(workspace, create=False)
        if target is None or n <= 0:
            return []
        result = target.query(query_embeddings=[vector], n_results=n, where=where,
                              include=["distances"])
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else []
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]

    def query_scope(self, vector: Any, scope: Scope, n: int,
                    kinds: tuple[str, ...] | None = None) -> list[tuple[str, float]]:
        """Nearest vectors visible to `scope`: its workspace's collection (filtered by bucket)
        and, unless excluded, the global seed collection; best first."""
        hits = self.query(vector, scope.workspace, scope.chroma_where(kinds), n)
        if scope.include_global:
            hits += self.query(vector, GLOBAL_WORKSPACE, kind_filter(kinds) if kinds else None, n)
        return sorted(hits, key=lambda pair: -pair[1])[:n]

    def delete(self, ids_by_workspace: dict[str, list[str]]) -> None:
        """Remove vectors by id, per workspace."""
        for workspace, ids in ids_by_workspace.items():
            target = self.collection(workspace, create=False)
            for start in range(0, len(ids), UPSERT_BATCH):
                if target is not None:
                    target.delete(ids=ids[start:start + UPSERT_BATCH])

    def vectors(self, ids_by_workspace: dict[str, list[str]]) -> dict[str, Any]:
        """Stored vectors by id."""
        out: dict[str, Any] = {}
        for workspace, ids in ids_by_workspace.items():
            target = self.collection(workspace, create=False)
            if target is None or not ids:
                continue
            got = target.get(ids=ids, include=["embeddings"])
            out.update(zip(got["ids"], got["embeddings"]))
        return out

    def count(self) -> int:
        """Number of vectors across this model's collections."""
        total = 0
        for collection in self.client.list_collections():
            if collection.name.startswith(self.prefix + "-"):
                total += int(collection.count())
        return total
