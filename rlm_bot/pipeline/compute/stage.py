"""Stage 2, proactive computation: answer by running code when computing beats reasoning.

`compute(task, features, sandbox=..., llm=None) -> ComputationResult | None`. The advisor takes a
query the analysis stage marked as computation-suitable, writes REPL code for it — from a template
(no model needed) or, when none fits and a model is configured, by asking the model — runs it in
the Python sandbox and answers with the value, the code and a one-line explanation. `None` means
"answer normally": not a computation, no template and no model, or the code failed.
"""

from __future__ import annotations

import json
import logging
import math
from rlm_bot.pipeline import lazy_re as re
import time
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from rlm_bot.pipeline.collaborators import ModelClient
from rlm_bot.pipeline.compute.plan import Plan, fmt_number, strip_mention
from rlm_bot.pipeline.compute.templates import find_plan
from rlm_bot.pipeline.types import StageTelemetry, Task
from rlm_bot.resources import load_prompt

log = logging.getLogger(__name__)


class Features(Protocol):
    """What the compute stage reads of the analysis (analyze's QueryFeatures fits it): analyze imports
    compute's template matcher to decide computability, so compute names no analyze type."""

    @property
    def computation(self) -> bool:
        """Whether the analysis found the query better computed than reasoned."""
        ...

    @property
    def computation_confidence(self) -> float:
        """How sure it is (0..1)."""
        ...


# Model-written code is accepted only up to this size, and answers are shown up to this length.
MAX_MODEL_CODE_CHARS = 8_000
MAX_ANSWER_CHARS = 2_000
# The confidence the advisor needs before it spends a model call on writing code.
MODEL_PATH_MIN_CONFIDENCE = 0.5
# Tokens the code-writing call may produce.
MODEL_MAX_TOKENS = 800
# The model alias that writes code when the caller names none (the cheapest default profile).
DEFAULT_MODEL_ALIAS = "haiku"
NOT_COMPUTABLE = "NOT_COMPUTABLE"


class Sandbox(Protocol):
    """What compute needs from the Python sandbox pool: run code, get a result with ok/value/error."""

    def run(self, code: str) -> Any: ...


@dataclass(frozen=True)
class ComputationResult:
    """A computed answer: the value, the code that produced it and what that code does."""

    answer: str
    value: Any
    code: str
    explanation: str
    kind: str
    source: str  # "template" | "model"
    template: str | None
    confidence: float
    output: str = ""
    duration_ms: float = 0.0
    sandbox_ms: float = 0.0
    model: str | None = None
    telemetry: StageTelemetry | None = None
    attempts: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """JSON-ready form (the `computed: true` marker included)."""
        d = asdict(self)
        d["computed"] = True
        d["value"] = _jsonable(self.value)
        return d

    def render(self) -> str:
        """The answer as a person reads it: result, the code in a block, the explanation."""
        return f"{self.answer}\n\n```python\n{self.code}\n```\n{self.explanation}"


@dataclass(frozen=True)
class Advice:
    """The advisor's decision before anything runs: compute or not, how sure, and with what code."""

    suitable: bool
    confidence: float
    route: str  # "template" | "model" | "none"
    reason: str
    plan: Plan | None = None


class ProactiveComputationAdvisor:
    """Decides whether computing beats reasoning for a query, writes the code, runs it, answers.

    Holds the sandbox (and, optionally, a model client); `advise` is pure and cheap, `run` executes.
    The pipeline calls the module-level `compute`, which is this class used once.
    """

    def __init__(self, sandbox: Sandbox, llm: ModelClient | None = None, model: str | None = None) -> None:
        self.sandbox = sandbox
        self.llm = llm
        self.model = model

    def advise(self, task: Task, features: Features) -> Advice:
        """Compute or not: a template that parses the query, else model-written code when a model exists."""
        if not features.computation:
            return Advice(False, features.computation_confidence, "none", "the analysis found no computation")
        plan = find_plan(strip_mention(task.text or ""), task.stated_today(),
                         conversation=str((task.context or {}).get("conversation") or ""))
        if plan is not None:
            return Advice(True, features.computation_confidence, "template",
                          f"template {plan.template!r} fits ({plan.kind})", plan)
        if self.llm is not None and features.computation_confidence >= MODEL_PATH_MIN_CONFIDENCE:
            return Advice(True, features.computation_confidence, "model",
                          "no template fits; the model will write the code")
        return Advice(False, features.computation_confidence, "none",
                      "no template fits and no model is configured to write code")

    def run(self, task: Task, features: Features) -> ComputationResult | None:
        """Follow the advice; None when the query should be answered normally (incl. failed runs)."""
        started = time.perf_counter()
        advice = self.advise(task, features)
        attempts: list[str] = []
        if advice.plan is not None:
            result = _run_plan(advice.plan, self.sandbox, "template", features, started, attempts)
            if result is not None:
                return result
        if self.llm is not None and advice.suitable:
            plan = _plan_from_model(strip_mention(task.text or ""), self.llm, self.model, attempts)
            if plan is not None:
                result = _run_plan(plan, self.sandbox, "model", features, started, attempts, model=self.model)
                if result is not None:
                    return result
        log.info("compute: answering normally (%s)", "; ".join(attempts) or advice.reason)
        return None


def compute(task: Task, features: Features, *, sandbox: Sandbox, llm: ModelClient | None = None,
            model: str | None = None) -> ComputationResult | None:
    """Compute the answer of a computation-suitable task in the sandbox, or None to answer normally."""
    return ProactiveComputationAdvisor(sandbox, llm, model).run(task, features)


def _run_plan(plan: Plan, sandbox: Sandbox, source: str, features: Features, started: float,
              attempts: list[str], model: str | None = None) -> ComputationResult | None:
    t0 = time.perf_counter()
    try:
        res = sandbox.run(plan.code)
    except Exception as exc:  # noqa: BLE001 - a sandbox failure must never take the answer down
        attempts.append(f"{source} code: sandbox error {type(exc).__name__}: {exc}")
        return None
    sandbox_ms = (time.perf_counter() - t0) * 1000
    ok = bool(getattr(res, "ok", False))
    value = _decode(getattr(res, "value", None))
    if not ok or value is None:
        attempts.append(f"{source} code failed: {getattr(res, 'error', None) or 'no value'}")
        return None
    answer = format_answer(value, plan.kind, style=plan.data)
    if answer.lower().startswith("ambiguous") or answer == "":
        attempts.append(f"{source} code gave no single answer: {answer}")
        return None
    if plan.data.get("assumption"):
        answer = f"{answer} ({plan.data['assumption']})"
    confidence = features.computation_confidence * (1.0 if source == "template" else 0.85)
    duration = (time.perf_counter() - started) * 1000
    telemetry = StageTelemetry(
        stage="compute", duration_ms=round(duration, 3), decision=f"computed:{source}",
        reason=plan.explanation, data={"kind": plan.kind, "template": plan.template or None,
                                       "sandbox_ms": round(sandbox_ms, 3), "model": model})
    return ComputationResult(
        answer=answer[:MAX_ANSWER_CHARS], value=value, code=plan.code, explanation=plan.explanation,
        kind=plan.kind, source=source, template=plan.template or None, confidence=round(confidence, 4),
        output=str(getattr(res, "output", "") or ""), duration_ms=round(duration, 3),
        sandbox_ms=round(sandbox_ms, 3), model=model, telemetry=telemetry, attempts=tuple(attempts))


def _plan_from_model(text: str, llm: ModelClient, model: str | None, attempts: list[str]) -> Plan | None:
    prompt = load_prompt("compute_code", question=text)
    try:
        completion = llm.complete(model or DEFAULT_MODEL_ALIAS, [{"role": "user", "content": prompt}],
                                  max_tokens=MODEL_MAX_TOKENS,
                                  temperature=0)
    except Exception as exc:  # noqa: BLE001 - no model answer means: answer normally
        attempts.append(f"model call failed: {type(exc).__name__}: {exc}")
        return None
    reply = _completion_text(completion)
    code = extract_code(reply)
    if code is None:
        attempts.append("model said the question is not computable" if NOT_COMPUTABLE in reply
                        else "model reply had no code")
        return None
    m = re.match(r"\s*#\s*explanation:\s*(.+)", code, re.I)
    explanation = m.group(1).strip() if m else "Code written by the model for this question."
    return Plan("model_code", code, explanation, specificity=0.8, template="")


def extract_code(reply: str) -> str | None:
    """The Python program in a model reply (first fenced block, or the whole reply if it is code)."""
    if not reply or reply.strip() == NOT_COMPUTABLE:
        return None
    m = re.search(r"```(?:python|py)?\s*\n(.*?)```", reply, re.S)
    code = m.group(1) if m else (reply if "\n" in reply.strip() and "```" not in reply else None)
    if code is None or not code.strip() or len(code) > MAX_MODEL_CODE_CHARS:
        return None
    return code.strip("\n")


def format_answer(value: Any, kind: str = "", *, style: dict | None = None) -> str:
    """A readable answer from the computed value (numbers tidied, lists joined, booleans as Yes/No).

    Boolean-logic questions keep True/False: there the value itself is the answer. `style` (a
    plan's data) may say the number is money (`unit` "money", with `currency` "$"/"€"/"£"/""),
    a percentage (`unit` "percent"), or is to be written with thousands separators (`thousands`).
    """
    style = style or {}
    if isinstance(value, bool):
        if kind == "boolean":
            return str(value)
        return "Yes" if value else "No"
    if isinstance(value, (int, float)):
        unit = style.get("unit")
        if unit == "money" and math.isfinite(value):
            sign = "-" if value < 0 else ""
            cents = Decimal(repr(abs(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 55.775 -> 55.78
            return f"{sign}{style.get('currency', '')}{cents:,.2f}"
        text = fmt_number(value, thousands=bool(style.get("thousands")))
        return text + "%" if unit == "percent" else text
    if isinstance(value, (list, tuple)):
        return ", ".join(format_answer(v, style={"thousands": style.get("thousands")}) for v in value) \
            if value else "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {format_answer(v)}" for k, v in value.items())
    return str(value)


def _decode(value: Any) -> Any:
    """Sandbox values may arrive JSON-encoded; give back the Python value."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except (ValueError, TypeError):
            return value
    return value


def _completion_text(completion: Any) -> str:
    for attr in ("text", "content"):
        value = getattr(completion, attr, None)
        if isinstance(value, str):
            return value
    return str(completion or "")


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)


