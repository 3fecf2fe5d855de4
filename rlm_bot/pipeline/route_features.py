"""Shape features of a prompt that hint at difficulty, cheap to compute and free of topic words."""

from __future__ import annotations

import math
import re

_NEGATION = re.compile(r"\b(not|except|least|false|incorrect|never|neither)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MATH = re.compile(r"[=+*/^√∑∫<>]|\\frac|\bsqrt\b|\blog\b", re.IGNORECASE)
_OPTION = re.compile(r"^\s*[A-J][.)]\s", re.MULTILINE)
_QUOTE = re.compile(r"[\"“”]")
LENGTH_SCALE = 2000.0

PROMPT_FEATURE_NAMES = ("log_length", "digits", "math_symbols", "negation", "options", "quotes")


def prompt_features(text: str) -> list[float]:
    """Length, digit share, math symbols, negations, answer options, quotations — each ~0..1."""
    text = text or ""
    chars = max(len(text), 1)
    return [
        math.log1p(len(text)) / math.log1p(LENGTH_SCALE),
        min(1.0, 10.0 * len(_DIGIT.findall(text)) / chars),
        min(1.0, len(_MATH.findall(text)) / 10.0),
        min(1.0, len(_NEGATION.findall(text)) / 3.0),
        min(1.0, len(_OPTION.findall(text)) / 10.0),
        min(1.0, len(_QUOTE.findall(text)) / 10.0),
    ]
