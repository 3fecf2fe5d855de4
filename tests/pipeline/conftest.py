"""Fixtures of the pipeline tests: one real sandbox pool shared by the module's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


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
