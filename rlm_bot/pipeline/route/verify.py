"""Check a model's worked answer without another model: arithmetic, final answer, hedging.

A cheap model's answer to a word problem usually shows its work ("3 x 60 = 180"). When that work
is wrong, or the final answer does not follow from it, or the answer is cut off, hedged or not a
clean number, the answer is doubtful. These checks are exact (Python arithmetic on the numbers the
answer itself wrote) and cost nothing; the cascade and the router use them next to
self-consistency.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from dataclasses import dataclass

# An inline calculator annotation, GSM8K style: <<3*60=180>>
_ANNOTATION = re.compile(r"<<([^<>=]+)=([^<>]*)>>")
# "3 x 60 = 180", "$12.50 * 4 = $50", "(80 + 55 + 100) / 3 = 78.33"
_NUMBER = r"\$?-?\d[\d,]*(?:\.\d+)?%?"
_EQUATION = re.compile(
    rf"((?:\(?\s*{_NUMBER}\s*\)?\s*[-+*/x×÷]\s*)+\(?\s*{_NUMBER}\s*\)?)\s*=\s*\$?\s*(-?\d[\d,]*(?:\.\d+)?)"
)
_FINAL = re.compile(r"(?:####|answer is|answer:)\s*\$?\s*(-?\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)
_ANY_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_HEDGES = re.compile(
    r"\b(approximately|approx\.?|about|roughly|round(?:ed|ing)?|assum(?:e|ing|ption)|unclear|"
    r"not sure|cannot be determined|can't be determined|not enough information|however|"
    r"but since|it seems|might|perhaps|likely|estimate)\b|≈",
    re.IGNORECASE,
)
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
MAX_EXPRESSION_CHARS = 200
REL_TOLERANCE = 1e-2  # the answer may round its intermediate results to two places


@dataclass(frozen=True)
class Verification:
    """What an exact reading of one worked answer found."""

    has_final: bool  # an explicit final answer ("#### 42", "the answer is 42")
    final: float | None  # the final number (explicit, else the last number written)
    equations: int  # arithmetic steps found
    wrong_equations: int  # steps whose result is not what their own numbers give
    final_follows: bool  # the final number is the result of one of the steps
    final_is_integer: bool
    truncated: bool  # ends mid-sentence / mid-annotation
    hedges: int  # hedging words ("approximately", "assuming", ≈ …)
    multiple_finals: bool  # several different explicit final answers
    chars: int

    @property
    def suspicion(self) -> float:
        """A 0..1 prior that the answer is wrong, from the checks alone (before any learning)."""
        score = 0.12
        if not self.has_final:
            score += 0.35
        if self.wrong_equations:
            score += 0.35
        if self.has_final and not self.final_follows and self.equations:
            score += 0.1
        if self.final is not None and not self.final_is_integer:
            score += 0.25
        if self.truncated:
            score += 0.25
        score += 0.05 * min(self.hedges, 3)
        if self.multiple_finals:
            score += 0.2
        return min(1.0, score)

    def as_features(self) -> list[float]:
        """The checks as numbers, for a learned model."""
        return [
            float(not self.has_final),
            float(self.wrong_equations > 0),
            float(self.has_final and not self.final_follows and self.equations > 0),
            float(self.final is not None and not self.final_is_integer),
            float(self.truncated),
            min(self.hedges, 3) / 3.0,
            float(self.multiple_finals),
            min(self.equations, 10) / 10.0,
            min(self.chars, 2000) / 2000.0,
        ]


FEATURE_NAMES = (
    "no_final",
    "wrong_arithmetic",
    "final_not_derived",
    "final_not_integer",
    "truncated",
    "hedges",
    "multiple_finals",
    "steps",
    "length",
)


def verify_worked_answer(text: str) -> Verification:
    """Read a worked numeric answer and check its arithmetic and its final number exactly."""
    text = text or ""
    results: list[float] = []
    wrong = 0
    steps = 0
    for expr, claimed in _ANNOTATION.findall(text):
        steps += 1
        value, ok = _check(expr, claimed)
        wrong += not ok
        if value is not None:
            results.append(value)
    plain = _ANNOTATION.sub(" ", text)
    for expr, claimed in _EQUATION.findall(plain):
        steps += 1
        value, ok = _check(expr, claimed)
        wrong += not ok
        if value is not None:
            results.append(value)
    finals = [_to_number(m) for m in _FINAL.findall(text)]
    finals = [f for f in finals if f is not None]
    if finals:
        final = finals[-1]
    else:
        numbers = [_to_number(m) for m in _ANY_NUMBER.findall(text)]
        numbers = [n for n in numbers if n is not None]
        final = numbers[-1] if numbers else None
    follows = final is not None and any(_close(final, r) for r in results)
    stripped = text.rstrip()
    truncated = bool(stripped) and (
        stripped.count("<<") > stripped.count(">>") or stripped[-1] not in ".!?)>0123456789%$*\"'`"
    ) and not finals
    return Verification(
        has_final=bool(finals),
        final=final,
        equations=steps,
        wrong_equations=wrong,
        final_follows=follows,
        final_is_integer=final is not None and math.isfinite(final) and float(final).is_integer(),
        truncated=truncated,
        hedges=len(_HEDGES.findall(text)),
        multiple_finals=len({round(f, 6) for f in finals}) > 1,
        chars=len(text),
    )


def _check(expr: str, claimed: str) -> tuple[float | None, bool]:
    """Evaluate `expr` safely; compare with the number the text claims."""
    target = _to_number(claimed)
    value = _evaluate(expr)
    if value is None or target is None:
        return target, True  # cannot judge: not counted as wrong
    return target, _close(value, target)


def _evaluate(expr: str) -> float | None:
    text = expr.replace(",", "").replace("$", "").replace("×", "*").replace("÷", "/")
    text = re.sub(r"(?<=[\d)\s])x(?=[\s\d(])", "*", text).replace("\\*", "*").replace("%", "/100")
    if len(text) > MAX_EXPRESSION_CHARS or not re.fullmatch(r"[\d.+\-*/()\s]+", text):
        return None
    try:
        return _eval_node(ast.parse(text.strip(), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None


def _eval_node(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _eval_node(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval_node(node.left), _eval_node(node.right))
    raise ValueError("unsupported expression")


def _to_number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("$", "").strip().rstrip("%").rstrip(".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(REL_TOLERANCE * max(abs(a), abs(b)), 1e-6) or round(a, 2) == round(b, 2)
