"""Fixtures of the sandbox tests: one shared pool per module (workers are per-run processes,
so sharing a pool shares no state), started with canary secrets planted in the host env."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from rlm_bot.sandbox import SandboxPool
from tests.helpers.sandbox import CANARIES, TEST_SETTINGS


@pytest.fixture(scope="module")
def pool() -> Iterator[SandboxPool]:
    """A warm pool whose zygote was started while canary secrets were in the environment."""
    saved = {k: os.environ.get(k) for k in CANARIES}
    os.environ.update(CANARIES)
    try:
        p = SandboxPool(TEST_SETTINGS)
        p.warm()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield p
    p.close()


@pytest.fixture()
def canaries(monkeypatch) -> dict[str, str]:
    """Plant the canary secrets in the host environment for one test."""
    for key, value in CANARIES.items():
        monkeypatch.setenv(key, value)
    return CANARIES
