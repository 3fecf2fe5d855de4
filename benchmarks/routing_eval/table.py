"""Routing outcome tables (strong/weak correctness per prompt) and their hash split."""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rlm_bot.errors import RlmError

REQUIRED_COLUMNS = ("prompt", "strong_correct", "weak_correct")
HOLDOUT_BUCKETS = 3  # of 10: the held-out part is ~30% of the rows
JUDGE_SCALE = 10.0  # judge scores (MT-Bench: 1-10) instead of 0/1 correctness


@dataclass
class Replay:
    """What the router did on each row."""

    scores: list[float] = field(default_factory=list)
    strong: list[bool] = field(default_factory=list)
    weak_calls: int = 0


@dataclass(frozen=True)
class OutcomeTable:
    """A routing outcome table: the rows to replay (uncontaminated, in file order) with the strong
    and weak models' outcomes on each."""

    name: str
    prompts: list[str]
    strong: np.ndarray
    weak: np.ndarray
    weak_responses: list[str] | None

    @property
    def outcome_scale(self) -> float:
        """What brings the outcomes to 0..1: 1 for 0/1 correctness, JUDGE_SCALE for judge scores."""
        return JUDGE_SCALE if max(self.strong.max(), self.weak.max()) > 1.0 else 1.0


def load_table(path: Path, part: str = "all") -> OutcomeTable:
    """Read a routing outcome table; one clear error for a missing file or missing columns."""
    if not path.is_file():
        raise RlmError(f"no routing table at {path}; pass --data with a CSV file")
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise RlmError(
                f"{path.name} lacks column(s) {', '.join(missing)}; "
                f"a routing table needs {', '.join(REQUIRED_COLUMNS)}"
            )
        rows = [r for r in reader if str(r.get("contaminated", "0")).strip() in ("0", "", "False", "false")]
    if part != "all":
        rows = [r for r in rows if _in_holdout(r) == (part == "holdout")]
    if not rows:
        raise RlmError(f"{path.name} has no usable rows (all contaminated, or none in part {part!r})")
    try:
        strong = np.array([float(r["strong_correct"]) for r in rows])
        weak = np.array([float(r["weak_correct"]) for r in rows])
    except ValueError as exc:
        raise RlmError(f"{path.name}: strong_correct/weak_correct must be numbers ({exc})") from None
    has_weak = "weak_response" in columns
    return OutcomeTable(
        name=path.stem,
        prompts=[r["prompt"] for r in rows],
        strong=strong,
        weak=weak,
        weak_responses=[r["weak_response"] or "" for r in rows] if has_weak else None,
    )


def _in_holdout(row: dict) -> bool:
    key = row.get("query_id") or row["prompt"]
    # Salted: the shared files were themselves cut by a hash of query_id.
    digest = hashlib.sha256(f"rlm-routing-holdout:{key}".encode()).hexdigest()
    return int(digest, 16) % 10 < HOLDOUT_BUCKETS


