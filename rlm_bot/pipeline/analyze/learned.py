"""A learned second opinion on "is this a computation?": a logistic model over hashed words and characters.

The rules (triggers, templates, counter-cues) are precise, but each round of them measured 0.86–0.91
recall on sets in voices nobody had studied: a person asks for a sum, a sort or a count in words no rule
has seen. A linear model over the message's word and character n-grams, trained on every labelled row the
project holds (the chat set, the unseen sets, and half of the non-STEM MMLU questions as negatives), reads
the shape of an ask rather than its exact words ("any chance u could tally ...", "whats left after ...").

It is a second opinion only: the stage asks it when no rule fired and nothing vetoed the message (a
reason, an opinion, advice, world knowledge asked, or nothing asked at all), and a computation is then
claimed only at a high probability. It learns word and character patterns, nothing per row; digits are
folded to 0, so it cannot remember operands. The model is a plain `.npz` (no pickle) with a JSON header
naming the featurizer version, so a model trained for other features is refused, not misread.
`rlm-bot bench compute_detector` trains one and reports its held-out figures
(benchmarks/compute_detector.py); `make compute-detector` writes the shipped one.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rlm_bot.errors import RlmError

__all__ = ["FEATURIZER", "MAX_CHARS", "LearnedDetector", "detector_features", "load_detector", "save_detector",
           "shipped_detector", "shipped_detector_or_none"]

log = logging.getLogger(__name__)

FEATURIZER = "hashed-ngrams-v1"  # bump when detector_features changes: a stale model is then refused
FORMAT_VERSION = 1
DIM = 1 << 18  # hashed feature space
HEAD_CHARS, TAIL_CHARS = 1500, 500  # a long paste is read at its head (the ask) and tail (an ask after data)
MAX_CHARS = 2000  # the stage asks no opinion of longer messages (logs, documents): nothing like them was learned
SHIPPED = Path(__file__).resolve().parent / "models" / "compute_detector.npz"

_MENTION = re.compile(r"<[@#!][^>]*>")
_DIGIT = re.compile(r"\d+")
_TOKEN = re.compile(r"[a-z]+|0|[^\sa-z0]")
_SPACE = re.compile(r"\s+")


def _hash(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) % DIM  # stable across processes, unlike hash()


def detector_features(text: str) -> dict[int, float]:
    """The message as unit-length hashed counts: words, word pairs, and character 3- and 4-grams.

    Lower-cased, Slack mentions dropped, every run of digits folded to one '0' (the model reads the
    shape of numbers, never their values), long texts cut to head and tail."""
    t = _MENTION.sub(" ", text or "").lower()
    if len(t) > HEAD_CHARS + TAIL_CHARS:
        t = t[:HEAD_CHARS] + "\n" + t[-TAIL_CHARS:]
    t = _DIGIT.sub("0", t)
    counts: Counter[int] = Counter()
    previous = ""
    for word in _TOKEN.findall(t):
        counts[_hash("w " + word)] += 1
        if previous:
            counts[_hash("b " + previous + " " + word)] += 1
        previous = word
    flat = " " + _SPACE.sub(" ", t).strip() + " "
    for n in (3, 4):
        for i in range(len(flat) - n + 1):
            counts[_hash("c" + flat[i:i + n])] += 1
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / norm for k, v in counts.items()}


@dataclass(frozen=True)
class LearnedDetector:
    """sigmoid(weights · features + bias), claimed as a computation at `threshold` or above."""

    weights: np.ndarray = field(repr=False)  # DIM float32
    bias: float
    threshold: float
    trained_on: tuple[str, ...] = ()  # "source:rows" of each training source
    held_out: dict = field(default_factory=dict)  # the figures measured before this model was written

    def probability(self, text: str) -> float:
        """P(the message asks for a computation)."""
        feats = detector_features(text)
        if not feats:
            return 0.0
        idx = np.fromiter(feats.keys(), dtype=np.int64, count=len(feats))
        val = np.fromiter(feats.values(), dtype=np.float64, count=len(feats))
        z = float(self.weights[idx].astype(np.float64) @ val) + self.bias
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def save_detector(path: Path, detector: LearnedDetector) -> Path:
    """Write a detector: its weights as float16 where they are not ~0 (sparse), and a JSON header."""
    w = np.asarray(detector.weights, dtype=np.float32)
    keep = np.flatnonzero(np.abs(w) >= 1e-4).astype(np.int32)
    header = {"format": FORMAT_VERSION, "featurizer": FEATURIZER, "dim": DIM, "bias": detector.bias,
              "threshold": detector.threshold, "trained_on": list(detector.trained_on),
              "held_out": detector.held_out}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(handle, index=keep, value=w[keep].astype(np.float16),
                            header=np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8))
    return path


def load_detector(path: Path) -> LearnedDetector:
    """Read a detector file; a clear error when it is missing, damaged or made for other features."""
    if not path.is_file():
        raise RlmError(f"no computation detector at {path}; train one with `rlm-bot bench compute_detector`")
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode())
            index, value = np.asarray(data["index"], dtype=np.int64), np.asarray(data["value"], dtype=np.float32)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise RlmError(f"{path} is not a computation detector file ({exc})") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_VERSION:
        raise RlmError(f"{path} is not a computation detector of format {FORMAT_VERSION}")
    if header.get("featurizer") != FEATURIZER or header.get("dim") != DIM:
        raise RlmError(f"{path} was trained for features {header.get('featurizer')!r}/{header.get('dim')}, "
                       f"this code reads {FEATURIZER!r}/{DIM}: retrain it with `rlm-bot bench compute_detector`")
    if index.size and (index.min() < 0 or index.max() >= DIM):
        raise RlmError(f"{path} holds feature indexes outside 0..{DIM - 1}")
    weights = np.zeros(DIM, dtype=np.float32)
    weights[index] = value
    return LearnedDetector(weights=weights, bias=float(header["bias"]), threshold=float(header["threshold"]),
                           trained_on=tuple(header.get("trained_on") or ()), held_out=dict(header.get("held_out") or {}))


_loaded: dict[Path, LearnedDetector] = {}
_unreadable: dict[Path, str] = {}
_lock = threading.Lock()


def shipped_detector(path: Path = SHIPPED) -> LearnedDetector:
    """The package's detector (or the one at `path`), read once per process; RlmError when its file is
    missing or damaged."""
    with _lock:
        if path not in _loaded:
            _loaded[path] = load_detector(path)
        return _loaded[path]


def shipped_detector_or_none(path: Path = SHIPPED) -> LearnedDetector | None:
    """The package's detector, or None (with one warning per process) when it cannot be read: a damaged
    install costs the stage its second opinion, never a message."""
    if path in _unreadable:
        return None
    try:
        return shipped_detector(path)
    except RlmError as exc:
        _unreadable[path] = str(exc)
        log.warning("computation detector unavailable, the rules decide alone: %s", exc)
        return None
