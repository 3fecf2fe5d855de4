"""The cascade against the scripted provider: real model calls (the default transport), real sampling, real escalation."""

from __future__ import annotations

import asyncio
import itertools
import threading

import pytest

from rlm_bot.pipeline.execute.cascade import CascadeError, arun_cascade

ORDER = ("haiku", "sonnet", "opus")


def _models(fake):
    return [c.model for c in fake.chat_calls]


def _tier(model: str) -> str:
    return next(a for a in ORDER if a in model)


def test_cascade_agreeing_samples_stay_on_the_cheap_model(fake_llm, llm_client):
    fake_llm.rule(lambda req: "3 boxes at 4 each: 3*4 = 12\n#### 12")
    result = asyncio.run(arun_cascade(llm_client, "How many?", ORDER, samples=3))
    assert result.model == "haiku" and result.models == ("haiku",)
    assert result.confidence == pytest.approx(1.0)
    assert [_tier(m) for m in _models(fake_llm)] == ["haiku"] * 3
    temps = {c.params.get("temperature") for c in fake_llm.chat_calls}
    assert temps and all(t is not None and t > 0 for t in temps)
    assert result.calls == 3 and result.cost == pytest.approx(sum(c.cost for c in result.completions))
    assert result.cost > 0


def test_cascade_disagreeing_samples_escalate(fake_llm, llm_client):
    counter = itertools.count()
    lock = threading.Lock()

    def rule(req):
        if "haiku" in req.model:
            with lock:
                return f"#### {next(counter)}"  # every sample different
        return "The answer is 7."

    fake_llm.rule(rule)
    result = asyncio.run(arun_cascade(llm_client, "Hard question", ORDER, samples=3, confidence_threshold=0.8))
    assert result.models == ("haiku", "sonnet")
    assert result.model == "sonnet" and "7" in result.answer
    assert result.attempts[0].escalated and result.attempts[0].confidence < 0.8
    assert [_tier(m) for m in _models(fake_llm)].count("haiku") == 3
    assert result.calls == 6  # every sample is a real, charged call


def test_cascade_stops_at_max_escalations(fake_llm, llm_client):
    counter = itertools.count()
    lock = threading.Lock()

    def rule(req):
        with lock:
            return f"#### {next(counter)}"

    fake_llm.rule(rule)
    result = asyncio.run(arun_cascade(llm_client, "q", ORDER, samples=3, max_escalations=2))
    assert result.models == ("haiku", "sonnet", "opus")
    assert result.model == "opus" and result.calls == 7  # 3 + 3 + the last tier's single call
    one = asyncio.run(arun_cascade(llm_client, "q", ORDER, samples=3, max_escalations=1))
    assert one.models == ("haiku", "sonnet")


def test_cascade_samples_are_issued_in_parallel(fake_llm, llm_client):
    fake_llm.set_latency(0.3)
    fake_llm.rule(lambda req: "B")
    result = asyncio.run(arun_cascade(llm_client, "Pick one:\nA. x\nB. y", ORDER, samples=4))
    assert result.model == "haiku" and result.attempts[0].kind == "choice"
    assert fake_llm.max_concurrency >= 4


def test_cascade_wrong_arithmetic_lowers_confidence(fake_llm, llm_client):
    fake_llm.rule(lambda req: "2 * 3 = 7\n#### 7" if "haiku" in req.model else "2 * 3 = 6\n#### 6")
    result = asyncio.run(arun_cascade(llm_client, "2 times 3?", ORDER, samples=3))
    assert result.attempts[0].confidence == pytest.approx(0.5)
    assert result.model == "sonnet" and "#### 6" in result.answer


def test_cascade_free_text_agreement_uses_embeddings(fake_llm, llm_client):
    from rlm_bot.pipeline.route import embed_texts

    same = itertools.cycle([
        "Paris is the capital of France.",
        "The capital of France is Paris.",
        "France's capital city is Paris.",
    ])
    different = itertools.cycle([
        "Bananas are rich in potassium.",
        "The stock market closed higher today.",
        "Photosynthesis happens in chloroplasts.",
    ])
    lock = threading.Lock()

    def rule(req):
        with lock:
            return next(same if "capital" in req.last_user else different)

    fake_llm.rule(rule)
    agreed = asyncio.run(arun_cascade(llm_client, "What is the capital of France?", ORDER, samples=3,
                                      embed=embed_texts))
    assert agreed.model == "haiku" and agreed.attempts[0].kind == "text"
    assert agreed.confidence == pytest.approx(1.0)
    scattered = asyncio.run(arun_cascade(llm_client, "Tell me something", ORDER, samples=3, embed=embed_texts))
    assert scattered.attempts[0].escalated and scattered.attempts[0].confidence < 0.8


def test_cascade_empty_is_one_clear_error(llm_client):
    with pytest.raises(CascadeError, match="cascade is empty"):
        asyncio.run(arun_cascade(llm_client, "q", [], samples=3))
