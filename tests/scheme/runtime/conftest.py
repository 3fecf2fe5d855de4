"""Fixtures of the runtime tests: a runtime session wired to the fake provider and a tmp store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest


@pytest.fixture
def make_runtime(fake_llm, monkeypatch) -> Iterator[Callable[..., object]]:
    """Build runtime sessions (closed after the test): make_runtime(workspace=..., **env)."""
    made = []

    def build(workspace: str | None = "T-test", prelude: bool = True, **env: str):
        for key, value in env.items():
            monkeypatch.setenv(key, str(value))
        monkeypatch.setenv("RLM_LLM_MAX_RETRIES", env.get("RLM_LLM_MAX_RETRIES", "0"))
        from rlm_bot.config import load_settings
        from rlm_bot.scheme.runtime import open_session

        rt = open_session(load_settings(), workspace=workspace, prelude=prelude)
        made.append(rt)
        rt.gateway.warm()  # load the model profiles now, so timings below measure runs only
        return rt

    yield build
    for rt in made:
        rt.close()
        rt.gateway.close()
    from rlm_bot.llm.client import close_shared_clients

    close_shared_clients()  # each test's fake provider has its own URL, so its own client


@pytest.fixture
def rt(make_runtime):
    """One runtime session in workspace T-test."""
    return make_runtime()
