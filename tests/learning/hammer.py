"""Worker of the multi-process hammering tests (a small module, so spawned processes start fast)."""

from __future__ import annotations


def hammer_adjustment(url: str, start, updates: int) -> None:
    """Open the database like a separate replica and apply `updates` observations to one row."""
    from rlm_bot.learning.adjustments import AdjustmentStore
    from rlm_bot.storage import Database

    db = Database(url)
    store = AdjustmentStore(db)
    start.wait()
    for _ in range(updates):
        store.observe("tool", "debug", "grep", 1.0, 0.05)
    db.dispose()
