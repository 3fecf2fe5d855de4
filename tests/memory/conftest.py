"""Fixtures of the memory tests (defined in tests/memory/fixtures.py, shared with the enrichment
tests) and this area's marker."""

from __future__ import annotations

from typing import Any

from tests.memory.fixtures import any_store, chroma_server, embedder, make_store, store

__all__ = ["any_store", "chroma_server", "embedder", "make_store", "store"]


def pytest_configure(config: Any) -> None:
    """Register this area's marker."""
    config.addinivalue_line("markers", "chroma_server: starts a real `chroma run` server on 127.0.0.1")
