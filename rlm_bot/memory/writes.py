"""What a caller hands the memory store to write in a batch: NewMemory.

Below both the store (store.py, `add_many`) and the seed loader (seed.py), which builds a batch of
seed chunks and is called by the store's `open_memory`; `rlm_bot.memory.store.NewMemory` names
the same class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rlm_bot.memory.scope import Owner


@dataclass(frozen=True)
class NewMemory:
    """One memory to write in a batch (`add_many`)."""

    text: str
    owner: Owner
    kind: str = "fact"
    source: str = ""
    confidence: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)
    seed_key: str | None = None
    embed_text: str | None = None  # what the vector is computed from, when not `text`
