"""Warming the engines (a chat before its first line, a server behind its port): every engine is
open afterwards, and the answer, the routing decision and memory are those of a cold pipeline."""

from __future__ import annotations

import pytest

from rlm_bot.config import load_settings
from rlm_bot.memory.store import close_memory
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.types import Task
from rlm_bot.storage import close_all

QUESTION = "Explain the difference between TCP and UDP, and when each is the better choice for a game."
ENGINES = ("db", "memory", "llm", "learner", "adjustments", "live_router", "sandbox")


def _unbuilt() -> None:
    raise AssertionError("this engine was not opened by the warm-up")


def _answer(tmp_path, monkeypatch, name: str, warmed: bool):
    data = tmp_path / name
    data.mkdir()
    monkeypatch.setenv("RLM_DATA_DIR", str(data))
    close_all()
    close_memory()
    pipe = Pipeline(load_settings())
    try:
        if warmed:
            pipe.warm(workspace="W1", channel="C1")
            for engine in ENGINES:
                assert pipe.engine(engine, _unbuilt) is not None
            assert pipe.memory().embedder.loaded
        result = pipe.run(Task(QUESTION, user="U1", channel="C1", workspace="W1"))
        memories = sorted((r.text, r.kind, r.workspace) for r in pipe.memory().list(limit=1000))
        return result, memories
    finally:
        close_all()
        close_memory()


def test_pipeline_warm_opens_every_engine_and_changes_no_answer(fake_llm, tmp_path, monkeypatch):
    fake_llm.rule(lambda req: "TCP is reliable and ordered; UDP is neither, but faster.")
    cold, cold_memories = _answer(tmp_path, monkeypatch, "cold", warmed=False)
    warm, warm_memories = _answer(tmp_path, monkeypatch, "warm", warmed=True)
    assert (warm.answer, warm.model, warm.strategy, warm.models) == (cold.answer, cold.model,
                                                                     cold.strategy, cold.models)
    route = {s.stage: s for s in cold.stages}["route"]
    warm_route = {s.stage: s for s in warm.stages}["route"]
    assert warm_route.decision == route.decision
    assert warm_route.data.get("learned") == route.data.get("learned") is not None  # no exploration draw spent
    assert warm_memories == cold_memories and len(cold_memories) > 50  # the seed, nothing more


def test_pipeline_warm_failure_is_logged_not_raised(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("RLM_DATA_DIR", str(tmp_path / "missing"))  # a set-but-missing data dir
    pipe = Pipeline(load_settings())
    try:
        pipe.warm(workspace="W1", sandbox=False)
    finally:
        close_all()
        close_memory()
    assert any("warming the database failed" in r.getMessage() for r in caplog.records)


def test_pipeline_cascade_answer_starts_no_sandbox(fake_llm):
    fake_llm.rule(lambda req: "TCP is reliable and ordered; UDP is neither, but faster.")
    pipe = Pipeline(load_settings())
    try:
        result = pipe.run(Task(QUESTION, user="U1", channel="C1"))
        assert result.strategy == "cascade"
        with pytest.raises(AssertionError, match="not opened"):
            pipe.engine("sandbox", _unbuilt)  # the python tool was registered, never started
    finally:
        close_all()
        close_memory()


def test_pipeline_without_the_compute_bypass_asks_the_model(fake_llm, monkeypatch):
    import json

    def rule(req):  # a model planning tool use that knows the answer at once, and its judge
        if req.last_user.startswith("You plan tool use"):
            return json.dumps({"actions": [{"tool": "finish", "input": "It is 391.", "why": "known"}]})
        if req.last_user.startswith("Judge whether"):
            return json.dumps({"score": 0.95, "critique": "correct"})
        return "It is 391."

    fake_llm.rule(rule)
    monkeypatch.setenv("RLM_COMPUTE_BYPASS", "false")
    pipe = Pipeline(load_settings())
    try:
        result = pipe.run(Task("what is 17% of 2300?"))
    finally:
        close_all()
        close_memory()
    assert not result.computed and "391" in result.answer and fake_llm.chat_calls
    assert "compute" not in [s.stage for s in result.stages]
