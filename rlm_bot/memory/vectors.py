"""The Chroma side of memory: an embedded PersistentClient, or an HttpClient for a `chroma run`
server. Holds each memory's vector and the metadata that scope filters use; every call passes
vectors we computed ourselves, so Chroma's default (downloading) embedding function never runs.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from rlm_bot.memory.embeddings import Embedder, collection_slug, get_embedder
from rlm_bot.memory.errors import MemoryStoreError

# Metadata copied into Chroma: exactly what scope filters need.
FILTER_KEYS = ("workspace", "channel", "user", "visibility", "kind")
UPSERT_BATCH = 4096
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
                return "rlm-bot-embedder"

            def get_config(self) -> dict[str, Any]:
                return {"model": self.model}

            @staticmethod
            def build_from_config(config: dict[str, Any]) -> Any:
                return RlmEmbeddingFunction(str(config.get("model", "all-MiniLM-L6-v2")))

            def default_space(self) -> Any:
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
        return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
    except Exception as exc:  # noqa: BLE001 - connection/permission problems become one line
        where = chroma_url or str(chroma_dir)
        raise MemoryStoreError(f"cannot open the Chroma store at {where}: {exc}; "
                               "check RLM_CHROMA_URL / RLM_DATA_DIR") from exc


class VectorIndex:
    """One Chroma collection per embedding model (vectors of different models never mix)."""

    def __init__(self, client: Any, embedder: Embedder, dimension: int | None = None) -> None:
        self.embedder = embedder
        dim = dimension or embedder.dimension
        self.name = collection_slug(embedder.model_id, dim)
        model_name = embedder.model_id.removeprefix("litellm:") if embedder.model_id.startswith(
            "litellm:") else embedder.model_id
        ef = embedding_function_class()(model_name, embedder)
        try:
            self.collection = client.get_or_create_collection(
                self.name, embedding_function=ef, configuration={"hnsw": HNSW},
                metadata={"rlm_model": embedder.model_id, "rlm_dimension": dim})
        except Exception as exc:  # noqa: BLE001
            raise MemoryStoreError(f"cannot open Chroma collection {self.name}: {exc}") from exc

    def upsert(self, ids: list[str], vectors: Any, documents: list[str],
               metas: list[dict[str, Any]]) -> None:
        """Store vectors with their filter metadata."""
        for start in range(0, len(ids), UPSERT_BATCH):
            end = start + UPSERT_BATCH
            self.collection.upsert(
                ids=ids[start:end], embeddings=[list(map(float, v)) for v in vectors[start:end]]
                if not hasattr(vectors, "tolist") else vectors[start:end],
                documents=documents[start:end],
                metadatas=[{k: str(m[k]) for k in FILTER_KEYS} for m in metas[start:end]])

    def query(self, vector: Any, where: dict[str, Any], n: int) -> list[tuple[str, float]]:
        """(id, cosine similarity) of the `n` nearest vectors that pass `where`."""
        if n <= 0:
            return []
        result = self.collection.query(query_embeddings=[vector], n_results=n, where=where,
                                       include=["distances"])
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else []
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances)]

    def delete(self, ids: list[str]) -> None:
        """Remove vectors by id."""
        for start in range(0, len(ids), UPSERT_BATCH):
            self.collection.delete(ids=ids[start:start + UPSERT_BATCH])

    def vectors(self, ids: list[str]) -> dict[str, Any]:
        """Stored vectors by id."""
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

    def count(self) -> int:
        """Number of vectors in the collection."""
        return int(self.collection.count())
