"""Fixtures of the pipeline tests: one real sandbox pool shared by the module's tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

CHAT_SET = Path(__file__).resolve().parents[1] / "data" / "chat_compute_queries.jsonl"


def chat_rows() -> list[dict]:
    """The labelled everyday chat queries (tests/data/chat_compute_queries.jsonl)."""
    return [json.loads(line) for line in CHAT_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[object]:
    """A real sandbox pool (worker processes), closed after the module."""
    from rlm_bot.config import SandboxSettings
    from rlm_bot.sandbox import SandboxPool

    pool = SandboxPool(SandboxSettings(workers=1, timeout_seconds=1.5, cpu_seconds=3))
    try:
        yield pool
    finally:
        pool.close()
