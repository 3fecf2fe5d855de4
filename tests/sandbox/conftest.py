"""Fixtures of the sandbox tests: one shared pool per module (workers are per-run processes,
so sharing a pool shares no state), started with canary secrets planted in the host env."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox import SandboxPool

CANARIES = {
    "OPENAI_API_KEY": "sk-canary-openai-9d41c7",
    "ANTHROPIC_API_KEY": "sk-ant-canary-52be0f",
    "SLACK_BOT_TOKEN": "xoxb-canary-slack-1a2b3c",
    "SLACK_SIGNING_SECRET": "canary-signing-secret-77aa",
}
# Text that must never appear in what a sandbox returns.
LEAK_MARKERS = ("uid=", "root:", "<class '", "POISONED", *CANARIES.values())

TEST_SETTINGS = SandboxSettings(workers=2, timeout_seconds=1.5, cpu_seconds=3, memory_mb=512,
                                max_output_bytes=64 * 1024)


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


def assert_no_leak(result) -> None:
    """Fail when output, value or error carries a canary or a leak marker."""
    blob = "\n".join([result.output or "", result.value_json or "", result.error or ""])
    for marker in LEAK_MARKERS:
        assert marker not in blob, f"leak marker {marker!r} in sandbox result: {blob[:500]!r}"
