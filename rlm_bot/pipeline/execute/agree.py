"""Self-consistency: how far k sampled answers agree, measured as their kind allows.

Numbers, multiple-choice letters and code are compared exactly (after normalising: the final
number with thousands separators and trailing zeros removed; the chosen letter; the code's
syntax tree, or its output when a runner is given). Free text is compared by embedding
similarity. Confidence is the share of samples that agree with the consensus answer.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

TEXT_AGREE_SIMILARITY = 0.80  # cosine at which two free-text answers count as the same answer
_FENCE = re.compile(r"```[a-zA-Z0-9_+-]*\n(.*?)```", re.DOTALL)
_FINAL_NUMBER = re.compile(
    r"(?:####|answer is|answer:|=)\s*\$?\s*(-?\d[\d,]*(?:\.\d+)?)", re.IGNORECASE
)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_CHOICE = re.compile(
    r"^\s*\(?([A-J])\)?[.):]?\s*$|(?:answer|option|choice)\s*(?:is|:)?\s*\(?([A-J])\)?\b",
    re.IGNORECASE | re.MULTILINE,
)
KINDS = ("number", "choice", "code", "text")

# texts -> one vector per text; an `Embedder`'s bound `embed` (rlm_bot.memory.embeddings) is one
EmbedFn = Callable[[Sequence[str]], np.ndarray]
CodeRunner = Callable[[str], str]


@dataclass(frozen=True)
class Agreement:
    """The consensus of k samples and how strongly they agree."""

    kind: str
    confidence: float  # share of samples agreeing with the consensus (0..1)
    consensus_index: int  # the sample to answer with
    keys: tuple[str, ...]  # each sample's normalised answer (exact kinds) or cluster label


def answer_kind(texts: Sequence[str]) -> str:
    """Which comparison fits these answers: number, choice, code or text."""
    if texts and all(_code(t) is not None for t in texts):
        return "code"
    if texts and all(_choice(t) is not None for t in texts):
        return "choice"
    if texts and all(_number(t) is not None for t in texts) and all(len(t) < 4000 for t in texts):
        return "number"
    return "text"


def agreement(
    texts: Sequence[str],
    *,
    kind: str | None = None,
    embed: EmbedFn | None = None,
    run_code: CodeRunner | None = None,
) -> Agreement:
    """Measure how far the sampled answers agree; pick the consensus answer."""
    if not texts:
        raise ValueError("agreement needs at least one sample")
    kind = kind or answer_kind(texts)
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r}; use one of {', '.join(KINDS)}")
    if len(texts) == 1:
        return Agreement(kind, 1.0, 0, (_key(texts[0], kind, run_code) if kind != "text" else "0",))
    if kind == "text":
        return _text_agreement(texts, embed)
    keys = tuple(_key(t, kind, run_code) for t in texts)
    counts = Counter(k for k in keys if k is not None)
    if not counts:
        return Agreement(kind, 0.0, 0, tuple(str(k) for k in keys))
    top, votes = counts.most_common(1)[0]
    return Agreement(kind, votes / len(texts), keys.index(top), tuple(str(k) for k in keys))


def _key(text: str, kind: str, run_code: CodeRunner | None) -> str | None:
    if kind == "number":
        value = _number(text)
        return None if value is None else _format_number(value)
    if kind == "choice":
        return _choice(text)
    if kind == "code":
        code = _code(text)
        if code is None:
            return None
        if run_code is not None:
            try:
                return "out:" + run_code(code).strip()
            except Exception as exc:  # a failing sample is its own (disagreeing) answer
                return f"error:{type(exc).__name__}"
        return "ast:" + _normal_code(code)
    return text.strip()


def _text_agreement(texts: Sequence[str], embed: EmbedFn | None) -> Agreement:
    if embed is None:
        raise ValueError("free-text agreement needs an embedding function")
    vectors = np.asarray(embed([t.strip() or "(empty)" for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-12)
    sims = vectors @ vectors.T
    close = sims >= TEXT_AGREE_SIMILARITY
    support = close.sum(axis=1)  # each sample's cluster size (itself included)
    best = int(np.argmax(support + 1e-3 * sims.mean(axis=1)))
    labels = tuple(str(int(close[best, i])) for i in range(len(texts)))
    return Agreement("text", float(support[best]) / len(texts), best, labels)


def _code(text: str) -> str | None:
    match = _FENCE.search(text or "")
    return match.group(1).strip() if match else None


def _normal_code(code: str) -> str:
    try:
        return ast.dump(ast.parse(code))
    except SyntaxError:
        return " ".join(code.split())


def _choice(text: str) -> str | None:
    letters = {a or b for a, b in _CHOICE.findall(text or "")}
    letters = {x.upper() for x in letters if x}
    return letters.pop() if len(letters) == 1 else None


def _number(text: str) -> float | None:
    text = text or ""
    finals = _FINAL_NUMBER.findall(text)
    candidates = finals or _NUMBER.findall(text)
    if not candidates:
        return None
    try:
        return float(candidates[-1].replace(",", ""))
    except ValueError:
        return None


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"
