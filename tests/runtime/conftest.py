"""Fixtures of the runtime tests: a runtime session wired to the fake provider and a tmp store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from tests.fakes.openai_server import ChatRequest


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


def run_ok(rt, source: str, timeout: float = 20.0):
    """Run and assert success; the outcome."""
    out = rt.execute(source, timeout=timeout)
    assert out.ok, out.error
    return out


def smart_rule(request: ChatRequest):
    """A provider that answers the pattern examples sensibly (used by several tests)."""
    system, user = request.system, request.last_user
    if "You write a Scheme program" in system:
        return "```scheme\n(finish (* 6 7))\n```"
    if "Write Python 3 code" in user:
        return "```python\nprint(sum(i * i for i in range(1, 11)))\n```"
    if request.json_mode or "JSON" in user:
        if "Choose how to solve" in user:
            return json.dumps({"strategy": "fan-out", "instruction": "Upper-case the line."})
        if "confidence" in user:
            sure = 0.4 if "fine" in user else 0.95
            return json.dumps({"label": "positive" if "love" in user else "other", "confidence": sure})
        if "next steps" in user:
            return json.dumps(["red", "green", "blue"])
        return json.dumps({"ok": True})
    if "Critique" in user:
        return "APPROVED"
    if "Is 91 a prime" in user or "prime" in user:
        return "no"
    if "boiling point" in user:
        return "100"
    if "capital of France" in user:
        return "Paris"
    if "capital of Japan" in user:
        return "Tokyo"
    if "digits only" in user:
        return "4"
    return "reply: " + " ".join(user.split())[:40]
