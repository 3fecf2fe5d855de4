"""Embedding models: the packaged model offline, model resolution, a litellm model over HTTP."""

from __future__ import annotations

import numpy as np
import pytest

from rlm_bot.memory.embeddings import LiteLLMEmbedder, collection_slug, get_embedder, resolve_model
from rlm_bot.memory.errors import EmbeddingError


def test_embeddings_packaged_model_is_normalised_and_semantic(embedder) -> None:
    vectors = embedder.embed(["the cat sat on the mat", "a kitten rests on a rug", "quarterly tax filing"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_embeddings_repeat_of_a_recent_query_is_the_same_vector_and_a_private_copy(embedder) -> None:
    text = "how should the router treat a repeated query?"
    first = embedder.embed([text])
    first[0, :] = 0.0  # a caller scribbling on its result must not change what later callers get
    again = embedder.embed(["another query", text])
    fresh = embedder._encode([text])  # the model itself, no recent vectors involved
    assert np.allclose(again[1], fresh[0], atol=1e-6) and np.linalg.norm(again[1]) > 0.99
    assert np.allclose(again[0], embedder._encode(["another query"])[0], atol=1e-6)
    bulk = embedder.embed([f"bulk text {i}" for i in range(10)] + [text])
    assert bulk.shape == (11, 384) and np.allclose(bulk[-1], fresh[0], atol=1e-5)


def test_embeddings_shared_instance(embedder) -> None:
    assert get_embedder("all-MiniLM-L6-v2") is embedder
    assert get_embedder("sentence-transformers/all-MiniLM-L6-v2") is embedder


def test_embeddings_resolve_model(tmp_path) -> None:
    assert resolve_model("all-MiniLM-L6-v2").kind == "packaged"
    assert resolve_model(str(tmp_path)).kind == "path"
    assert resolve_model("litellm:text-embedding-3-small").target == "text-embedding-3-small"
    assert resolve_model("openai/text-embedding-3-small").kind == "litellm"


def test_embeddings_collection_names_are_valid() -> None:
    name = collection_slug("litellm:openai/text-embedding-3-small", 1536)
    assert name == "rlm-memory-litellm-openai-text-embedding-3-small-1536"
    assert 3 <= len(name) <= 512


def test_embeddings_litellm_model_over_http(fake_llm) -> None:
    model = LiteLLMEmbedder("text-embedding-3-small", api_base=fake_llm.base_url, api_key="sk-test-key-0")
    vectors = model.embed(["deploys on tuesday", "deploys on tuesday", "lunch menu"])
    assert vectors.shape[0] == 3 and model.dimension == vectors.shape[1]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] == pytest.approx(1.0, abs=1e-5)
    assert fake_llm.embedding_calls


def test_embeddings_litellm_failure_is_one_clear_error() -> None:
    model = LiteLLMEmbedder("text-embedding-3-small", api_base="http://127.0.0.1:9/v1", api_key="x")
    with pytest.raises(EmbeddingError, match="text-embedding-3-small"):
        model.embed(["hello"])


def test_embeddings_store_on_a_litellm_model_through_settings(fake_llm, monkeypatch) -> None:
    from rlm_bot.config import load_settings
    from rlm_bot.memory.scope import Owner, Scope
    from rlm_bot.memory.store import close_memory, open_memory

    monkeypatch.setenv("RLM_EMBEDDING_MODEL", "litellm:text-embedding-3-small")
    close_memory()
    try:
        store = open_memory(load_settings(), seed=False)
        assert store.vectors.prefix.startswith("rlm-memory-litellm-text-embedding-3-small-")
        store.add("deploys happen on tuesday mornings", owner=Owner("W1", "C1", "U1", "channel"))
        store.add("lunch is served at noon", owner=Owner("W1", "C1", "U1", "channel"))
        hits = store.search("tuesday deploys", Scope("W1", "C1", "U1"), k=1, mode="vector")
        assert hits and "tuesday" in hits[0].record.text
        assert len(fake_llm.embedding_calls) >= 3
    finally:
        close_memory()
