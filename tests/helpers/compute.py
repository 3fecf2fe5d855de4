"""Asking the computation stage a question, as the pipeline does, for the compute tests."""

from __future__ import annotations

import re
from typing import Any

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.compute import ComputationResult, compute
from rlm_bot.pipeline.types import Task


def ask(text: str, sandbox: Any, llm: Any = None, **context: Any) -> ComputationResult | None:
    """The computation stage's result for `text`, whatever the analysis said of it."""
    task = Task(text=text, context=context)
    return compute(task, analyze(task), sandbox=sandbox, llm=llm)


def ask_if_detected(text: str, sandbox: Any, **context: Any) -> ComputationResult | None:
    """The computation stage's result for `text` when the analysis flags a computation (as the
    pipeline runs it), else None."""
    task = Task(text=text, context=context)
    features = analyze(task)
    return compute(task, features, sandbox=sandbox) if features.computation else None


def bracket_answer(answer: str | None, expected: str) -> bool:
    """Whether a bracket answer gives `expected`: the verdict ('Yes'/'No') opening the sentence
    ('No — not balanced: …'), or the closers standing as their own token ('You need `))` at the end.')."""
    if answer is None:
        return False
    if answer == expected or answer.startswith(expected + " — "):
        return True
    return f"`{expected}`" in answer


def run_plan(plan: Any) -> Any:
    """The value a template's plan computes: its code run in this process (the last line is the answer)."""
    lines = plan.code.strip().split("\n")
    ns: dict = {}
    exec("\n".join(lines[:-1]), ns)
    return eval(lines[-1], ns)


def first_number(value: Any) -> float:
    """The first number written in `value` (thousands separators dropped)."""
    return float(re.search(r"-?\d[\d,]*(?:\.\d+)?", str(value)).group(0).replace(",", ""))
