"""Agreement of a cascade tier's samples, by answer kind (numbers, choices, code, text)."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.execute.agree import agreement, answer_kind


@pytest.mark.parametrize(
    "texts, kind, confidence",
    [
        (["#### 1,200", "so 1200", "The answer is 1200.0"], "number", 1.0),
        (["#### 5", "#### 6", "#### 5"], "number", 2 / 3),
        (["B", "The answer is B", "(C)"], "choice", 2 / 3),
        (["```python\nx = 1  # one\n```", "```python\nx  =  1\n```", "```python\nx = 2\n```"], "code", 2 / 3),
    ],
)
def test_agreement_exact_kinds(texts, kind, confidence):
    found = agreement(texts)
    assert found.kind == kind
    assert found.confidence == pytest.approx(confidence)
    assert answer_kind(texts) == kind


def test_agreement_code_compares_outputs_when_a_runner_is_given():
    texts = ["```python\nprint(2 + 2)\n```", "```python\nprint(4)\n```", "```python\nprint(5)\n```"]
    outputs = {"print(2 + 2)": "4", "print(4)": "4", "print(5)": "5"}
    found = agreement(texts, run_code=lambda code: outputs[code])
    assert found.confidence == pytest.approx(2 / 3)
    assert agreement(texts).confidence == pytest.approx(1 / 3)  # syntax trees differ


def test_agreement_text_needs_embeddings():
    with pytest.raises(ValueError, match="embedding function"):
        agreement(["a sentence", "another one"], kind="text")
