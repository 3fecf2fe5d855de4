"""Sentence embeddings for routing: the project's real MiniLM model, the process's one copy that
memory loads (lazily, once), so routing never loads a second."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rlm_bot.memory.embeddings import embed_texts as shared_embed_texts

EMBEDDING_DIM = 384


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings (n × 384, float32) of `texts`, with the real all-MiniLM-L6-v2."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    vectors = np.asarray(shared_embed_texts(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


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
