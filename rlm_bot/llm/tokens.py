"""Token estimates made before a call is sent (budgets are checked against them)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

# Per-message framing tokens (role markers, separators) and the reply primer, as OpenAI counts them.
MESSAGE_OVERHEAD_TOKENS = 4
REPLY_PRIMER_TOKENS = 2
CHARS_PER_TOKEN = 4.0
CACHED_TEXT_CHARS = 2048  # texts up to this length have their estimate remembered
CACHED_TEXTS = 512
_PIECE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _text_tokens(text: str) -> int:
    if not text:
        return 0
    if len(text) <= CACHED_TEXT_CHARS:
        return _short_text_tokens(text)
    return _count(text)


def _count(text: str) -> int:
    # BPE tokenizers average ~4 characters of English per token and never fewer tokens than
    # punctuation marks + words; take the larger so the estimate errs on the side of the budget.
    return max(math.ceil(len(text) / CHARS_PER_TOKEN), len(_PIECE.findall(text)))


# Short texts recur call after call (the system prompt of every llm-query, an instruction mapped
# over many items) and each call estimates them twice (the runtime's budget, the client's):
# remembered, they are counted once. Long texts (data) are not kept.
_short_text_tokens = functools.lru_cache(maxsize=CACHED_TEXTS)(_count)


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    return "" if content is None else str(content)


def estimate_tokens(value: str | Iterable[Mapping[str, Any]]) -> int:
    """Estimate the prompt tokens of a text or of a chat message list (no tokenizer download)."""
    if isinstance(value, str):
        return _text_tokens(value)
    total = REPLY_PRIMER_TOKENS
    for message in value:
        total += MESSAGE_OVERHEAD_TOKENS + _text_tokens(_content_text(message.get("content")))
    return total
