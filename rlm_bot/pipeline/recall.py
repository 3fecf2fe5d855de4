"""Model-expanded recall: the question rewritten by the cheapest model for the memory search.

    expansion = expand_question(task.text, llm, alias="haiku")
    hits = store.search(task.text, scope, expansions=expansion.texts)

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
from typing import Any

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


def expand_question(question: str, llm: Any, alias: str | None) -> Expansion:
    """The cheapest model's rewrite of `question` (statement, synonyms); empty on any failure."""
    if llm is None or not alias:
        return Expansion(note="no model configured: offline search only")
    from rlm_bot.resources import load_prompt
    from rlm_bot.text import one_line

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


__all__ = ["Expansion", "expand_question", "parse_expansions"]
