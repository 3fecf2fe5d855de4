"""Shape features of a prompt that hint at difficulty, cheap to compute and free of topic words."""

from __future__ import annotations

import math
import re

_NEGATION = re.compile(r"\b(not|except|least|false|incorrect|never|neither)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MATH = re.compile(r"[=+*/^√∑∫<>]|\\frac|\bsqrt\b|\blog\b", re.IGNORECASE)
_OPTION = re.compile(r"^\s*[A-J][.)]\s", re.MULTILINE)
_QUOTE = re.compile(r"[\"“”]")
_OPTION_LINE = re.compile(r"^\s*[A-J][.)]\s*(.*)$", re.MULTILINE)
_NUMERIC = re.compile(r"^[-+$(]?\s*[\d.,/^√πe+\-*()\s%]+[a-z%°]{0,4}$", re.IGNORECASE)
_PAIRED = re.compile(r"\b(statement|scenario)\s*[12]\b", re.IGNORECASE)
_BLANK = re.compile(r"_{2,}|\(\s*\)")
LENGTH_SCALE = 2000.0

PROMPT_FEATURE_NAMES = (
    "log_length", "digits", "math_symbols", "negation", "options", "quotes",
    "numeric_options", "paired_judgement", "blank", "question_words",
)


def prompt_features(text: str) -> list[float]:
    """Length, digits, math, negations, options (numeric?), paired statements, blanks — each 0..1."""
    text = text or ""
    chars = max(len(text), 1)
    return [
        math.log1p(len(text)) / math.log1p(LENGTH_SCALE),
        min(1.0, 10.0 * len(_DIGIT.findall(text)) / chars),
        min(1.0, len(_MATH.findall(text)) / 10.0),
        min(1.0, len(_NEGATION.findall(text)) / 3.0),
        min(1.0, len(_OPTION.findall(text)) / 10.0),
        min(1.0, len(_QUOTE.findall(text)) / 10.0),
        _numeric_options(text),
        float(bool(_PAIRED.search(text))),
        float(bool(_BLANK.search(text))),
        min(1.0, len(re.findall(r"\b(which|what|why|how|who|when)\b", text, re.IGNORECASE)) / 3.0),
    ]


def _numeric_options(text: str) -> float:
    """Share of answer options that are numbers or formulas (a calculation question)."""
    options = [o.strip() for o in _OPTION_LINE.findall(text) if o.strip()]
    if not options:
        return 0.0
    return sum(1 for o in options if _NUMERIC.match(o)) / len(options)
