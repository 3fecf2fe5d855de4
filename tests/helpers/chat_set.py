"""The labelled everyday chat queries the analysis and computation tests read."""

from __future__ import annotations

import json
from pathlib import Path

CHAT_SET = Path(__file__).resolve().parents[2] / "testing" / "data" / "chat_compute_queries.jsonl"


def chat_rows() -> list[dict]:
    """The labelled everyday chat queries (testing/data/chat_compute_queries.jsonl)."""
    return [json.loads(line) for line in CHAT_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
