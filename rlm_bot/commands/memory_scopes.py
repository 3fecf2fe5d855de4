"""Whom a memory command writes as and searches as, shared by `rlm-bot memory` (memory.py) and
its batch forms (memory_batch.py: `import FILE`, `search --jsonl`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any


def default_visibility(channel: str, visibility: str | None) -> str:
    """The visibility a write gets when none is given: the channel's, unless it is the CLI's."""
    return visibility or ("channel" if channel != "cli" else "workspace")


def search_scope(query: str, scope: Any, kinds: tuple[str, ...] | None, include_docs: bool) -> Any:
    """`scope` with the packaged guide left out, as enrichment leaves it, unless it is asked for."""
    # deferred: the enrich stage's modules load only for a search, not for add, list or forget
    from rlm_bot.pipeline.enrich import wants_packaged_knowledge

    wanted = include_docs or "document" in (kinds or ()) or wants_packaged_knowledge(query)
    return replace(scope, include_global=wanted)
