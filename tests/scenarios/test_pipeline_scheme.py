"""Long inputs through the whole pipeline: plan picks the scheme strategy, a Scheme map-reduce run
reads the text in parts, the routed model's answer is the reply, the outcome is recorded and the
strategy is learned; RLM_SCHEME_STRATEGY=false sends the text to the cascade whole. (Short
inputs keep the cascade: tests/scenarios/test_pipeline.py runs them with the strategy enabled.)"""

from __future__ import annotations

import json

import pytest

from rlm_bot.commands.ask import to_json
from rlm_bot.commands.why import explain_outcome
from rlm_bot.config import load_settings
from rlm_bot.errors import RlmError
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.llm import load_profiles
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.types import Task
from rlm_bot.storage import close_all
from tests.helpers.long_input import (
    PLANTED, QUESTION, failing_on_planted, long_log, merge_calls_seen, note_taker, part_calls,
)

pytestmark = pytest.mark.slow  # long inputs read part by part by Scheme runs: many provider rounds


# The default models have 200k-token windows, where a 20k-character log is read whole; with 16k
# windows it takes over a quarter of the routed model's window and is read in parts.
WINDOWS_16K = "include_defaults = true\n" + "".join(
    f'[models.{alias}]\nmodel = "{model}"\ncontext_window = 16000\n'
    for alias, model in (("haiku", "claude-haiku-4-5"), ("sonnet", "claude-sonnet-4-6"),
                         ("opus", "claude-opus-4-8")))


@pytest.fixture
def pipeline(fake_llm, monkeypatch, tmp_path):
    monkeypatch.setenv("RLM_LLM_MAX_RETRIES", "0")
    models = tmp_path / "windows-16k.toml"
    models.write_text(WINDOWS_16K)
    monkeypatch.setenv("RLM_MODELS_FILE", str(models))
    made = []

    def build(**env: str) -> Pipeline:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        made.append(Pipeline(load_settings()))
        return made[-1]

    yield build
    close_all()


def test_long_log_is_answered_by_a_scheme_run_and_the_strategy_is_learned(fake_llm, pipeline):
    fake_llm.rule(note_taker)
    text = long_log()
    pipe = pipeline()
    result = pipe.run(Task(text, user="U1", channel="C1"))

    assert [s.stage for s in result.stages] == ["analyze", "enrich", "route", "plan", "execute"]
    plan = result.stages[3]
    assert plan.decision == "scheme" and "over 25% of a 16000-token window" in plan.reason
    assert result.strategy == "scheme" and result.success
    assert result.answer == "Operator Zephyrine rotated it, at 03:14:15."
    assert result.render() == result.answer

    parts = part_calls(fake_llm)
    assert len(parts) >= 4 and all(QUESTION in c.messages[-1]["content"] for c in parts)
    assert all(len(c.messages[-1]["content"]) < len(text) / 3 for c in fake_llm.chat_calls)
    assert sum(PLANTED in c.messages[-1]["content"] for c in parts) == 1
    final = fake_llm.chat_calls[-1]
    assert final.model == load_profiles()[result.model].wire_model  # the routed model answers
    assert result.models[-1] == result.model and result.models[0] == "haiku"
    assert result.tokens_in == sum(c.prompt_tokens for c in fake_llm.chat_calls)
    assert result.tokens_out == sum(c.completion_tokens for c in fake_llm.chat_calls)
    assert result.cost > 0 and result.detail["scheme"]["parts"] == len(parts)

    data = json.loads(json.dumps(to_json(result), default=str))  # what `rlm-bot ask --json` prints
    assert data["strategy"] == "scheme" and data["success"] is True and data["scheme"]["parts"] == len(parts)

    report = explain_outcome(pipe.settings, result.outcome_id)  # what `rlm-bot why` shows
    assert report["outcome"]["strategy"] == "scheme" and report["outcome"]["success"] is True
    execute = report["stages"][-1]
    assert execute["decision"] == f"scheme→{result.model}"
    assert execute["data"]["parts"] == len(parts) and execute["data"]["calls"] == len(fake_llm.chat_calls)

    pipe.feedback(result.outcome_id, user="U1", value=1)
    learned = AdjustmentStore(pipe.db).scores("strategy", result.query_type)
    assert learned["scheme"] == pytest.approx(1.0)


def test_provider_failure_is_a_friendly_reply_and_a_failed_outcome(fake_llm, pipeline):
    fake_llm.rule(failing_on_planted(500, "provider exploded"))
    pipe = pipeline()
    result = pipe.run(Task(long_log()))
    assert result.strategy == "scheme" and not result.success
    assert result.answer.startswith("Sorry, I could not finish reading your long message")
    assert "exploded" not in result.answer and result.outcome_id
    outcome = explain_outcome(pipe.settings, result.outcome_id)["outcome"]
    assert outcome["success"] is False and outcome["error_class"] == "scheme-provider"
    # a failed answer is a zero reward for the strategy at once
    assert AdjustmentStore(pipe.db).scores("strategy", result.query_type)["scheme"] == 0.0


def test_setting_off_sends_the_long_input_to_the_cascade_whole(fake_llm, pipeline):
    fake_llm.rule(lambda req: "Zephyrine.")
    text = long_log()
    result = pipeline(RLM_SCHEME_STRATEGY="false").run(Task(text))
    assert result.stages[3].decision == "direct" and result.strategy == "cascade"
    assert part_calls(fake_llm) == [] and merge_calls_seen(fake_llm) == []
    assert all(text in c.messages[-1]["content"] for c in fake_llm.chat_calls)



SMALL_WINDOWS = """
[models.small]
model = "small-model"
input_cost_per_1k = 0.001
output_cost_per_1k = 0.002
context_window = 4096
quality = 0.7

[models.big]
model = "big-model"
input_cost_per_1k = 0.01
output_cost_per_1k = 0.03
context_window = 8192
quality = 0.9
"""


def test_an_input_no_model_takes_whole_is_read_in_parts(fake_llm, pipeline, tmp_path):
    models = tmp_path / "models.toml"
    models.write_text(SMALL_WINDOWS)
    fake_llm.rule(note_taker)
    text = long_log(60_000)  # ~15k tokens: more than either window
    env = {"RLM_MODELS_FILE": str(models), "RLM_CASCADE_ORDER": "small,big"}
    result = pipeline(**env).run(Task(text))
    assert result.stages[2].stage == "route" and result.stages[3].decision == "scheme"
    assert "fits no model's context window whole" in result.stages[3].reason
    assert result.success and result.answer == "Operator Zephyrine rotated it, at 03:14:15."
    windows = {"small-model": 4096, "big-model": 8192}
    for call in fake_llm.chat_calls:  # every call fits the window of the model it went to
        assert sum(len(m["content"]) for m in call.messages) / 4 < windows[call.model]

    fake_llm.reset()
    with pytest.raises(RlmError, match="fits no model's context window"):
        pipeline(RLM_SCHEME_STRATEGY="false", **env).run(Task(text))
    assert fake_llm.chat_calls == []


def test_a_long_input_well_inside_the_window_is_read_whole(fake_llm, pipeline, monkeypatch):
    monkeypatch.delenv("RLM_MODELS_FILE")  # the default models: 200k-token windows
    fake_llm.rule(lambda req: "Zephyrine, at 03:14:15.")
    text = long_log()
    result = pipeline().run(Task(text))
    assert result.stages[3].decision == "direct" and result.strategy == "cascade"
    assert part_calls(fake_llm) == [] and all(text in c.messages[-1]["content"] for c in fake_llm.chat_calls)
