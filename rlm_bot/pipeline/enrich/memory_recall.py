"""Recall from memory the way enrichment does it, with the question rewritten by a model when
that can help.

    found = recall(store, task.text, scope, k=6, llm=llm, alias="haiku")   # llm None: offline
    found.hits, found.note, found.expansion

Enrichment and `rlm-bot memory search` both call `recall`, so both rank alike.

People ask in other words than the note they want used ("Which language is the billing backend
built with?" for "The payments service is written in Go"), and some paraphrases sit far from their
fact in embedding space. With a model configured, the question is rewritten into the statement it
expects to find plus synonyms of its key terms (prompts/memory_rewrite.txt), and the store searches
every wording and fuses them. The call goes through the caller's client, so it is counted and
written to the `usage` table like every other model call. Without a model, or when the call fails
in any way, there is no expansion and the offline search runs alone; the user never sees an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rlm_bot.pipeline.collaborators import MemorySearch, ModelClient
from rlm_bot.resources import load_prompt
from rlm_bot.text import one_line

if TYPE_CHECKING:  # annotations only
    from rlm_bot.memory.scope import Scope

# A best offline hit scoring this much on the fused scale (a cosine of ~0.7, or a strong keyword
# match) needs no rewrite.
EXPAND_BELOW = 0.5
REWRITE_MAX_TOKENS = 160
REWRITE_TIMEOUT_SECONDS = 15.0
MAX_EXPANSIONS = 2
MAX_EXPANSION_CHARS = 400
QUESTION_CHARS = 2000  # a longer request is cut for the rewrite (the search itself sees it whole)
_NUMBERING = re.compile(r"^\s*(?:[-*•]|\d+[.)]|(?:statement|synonyms|terms)\s*:)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Expansion:
    """Other wordings of a question for the memory search, and how they were obtained."""

    texts: tuple[str, ...] = ()
    model: str | None = None
    note: str = "not expanded"
    cost: float = 0.0
    tokens: int = 0


@dataclass(frozen=True)
class Recall:
    """The hits of one recall and whether (and why) a rewrite was used."""

    hits: list[Any]
    note: str
    expansion: Expansion | None = None

    @property
    def expanded(self) -> bool:
        """Whether the rewrite's wordings were searched."""
        return bool(self.expansion and self.expansion.texts)


def recall(memory: MemorySearch, query: str, scope: Scope, *, k: int, kinds: tuple[str, ...] | None = None,
           mode: str = "hybrid", min_similarity: float | None = None, llm: ModelClient | None = None,
           alias: str | None = None, touch: bool = True) -> Recall:
    """Search `memory`; with a model, also search its rewrite when the offline search is unsure
    and there is something to find."""

    def search(expansions: tuple[str, ...] = ()) -> list[Any]:
        return memory.search(query, scope, k=k, mode=mode, kinds=kinds, touch=touch,
                             min_similarity=min_similarity, expansions=expansions)

    hits = search()
    if llm is None or not alias:
        return Recall(hits, "offline search (no model configured for rewrites)")
    best = max((hit.score for hit in hits), default=0.0)
    if best >= EXPAND_BELOW:
        return Recall(hits, f"not rewritten: the offline match is confident ({best:.2f})")
    if not hits and not memory.count_visible(scope, kinds):
        return Recall(hits, "not rewritten: no memory to recall in this scope")
    expansion = expand_question(query, llm, alias)
    if not expansion.texts:
        return Recall(hits, expansion.note, expansion)
    return Recall(search(expansion.texts), expansion.note, expansion)


def expand_question(question: str, llm: ModelClient, alias: str | None) -> Expansion:
    """The cheapest model's rewrite of `question` (statement, synonyms); empty on any failure."""
    if llm is None or not alias:
        return Expansion(note="no model configured: offline search only")

    prompt = load_prompt("memory_rewrite", question=one_line(question, QUESTION_CHARS))
    try:
        reply = llm.complete(alias, [{"role": "user", "content": prompt}], temperature=0.0,
                             max_tokens=REWRITE_MAX_TOKENS, timeout=REWRITE_TIMEOUT_SECONDS)
    except Exception as exc:  # noqa: BLE001 - a failed rewrite only means the offline search
        return Expansion(model=alias, note=f"rewrite by {alias} failed ({type(exc).__name__}): "
                                           "offline search only")
    texts = parse_expansions(reply.text)
    note = (f"rewritten by {alias} into {len(texts)} wording{'s' if len(texts) != 1 else ''}"
            if texts else f"{alias} gave no usable rewrite: offline search only")
    return Expansion(texts=texts, model=reply.model, note=note, cost=float(reply.cost or 0.0),
                     tokens=int(reply.prompt_tokens or 0) + int(reply.completion_tokens or 0))


def parse_expansions(text: str) -> tuple[str, ...]:
    """The first two non-empty lines of a rewrite, list markers and labels removed."""
    out: list[str] = []
    for line in (text or "").splitlines():
        cleaned = _NUMBERING.sub("", line).strip().strip('"').strip()
        if cleaned and cleaned not in out:
            out.append(cleaned[:MAX_EXPANSION_CHARS])
        if len(out) == MAX_EXPANSIONS:
            break
    return tuple(out)


__all__ = ["Expansion", "Recall", "expand_question", "parse_expansions", "recall"]
