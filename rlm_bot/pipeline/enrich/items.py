"""The unit of enrichment: one piece of context with its source, reason, score and token cost."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rlm_bot.memory.secrets import redact_secrets
from rlm_bot.memory.tokens import count_tokens


@dataclass(frozen=True)
class ContextItem:
    """One piece of retrieved context, ready to be ranked, budgeted and rendered."""

    kind: str  # memory | code | imports | types | test | git | trace | blame
    source: str  # where it came from: "memory:<id>", "src/app.py:10-50", "git log src/app.py"
    reason: str  # why it was added, in a few words (goes to telemetry)
    text: str
    score: float  # 0..1, higher first
    tokens: int = 0  # cost of the rendered item, filled by `costed`
    truncated: bool = False

    def as_dict(self) -> dict[str, object]:
        """Telemetry view (no text)."""
        return {"kind": self.kind, "source": self.source, "reason": self.reason,
                "score": round(self.score, 4), "tokens": self.tokens, "truncated": self.truncated}


def make_item(kind: str, source: str, reason: str, text: str, score: float) -> ContextItem:
    """A ContextItem with secrets redacted from its text."""
    return ContextItem(kind=kind, source=source, reason=reason, text=redact_secrets(text).text,
                       score=max(0.0, min(1.0, score)))


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside `text`."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def render_item(index: int, item: ContextItem) -> str:
    """One labelled, fenced block of retrieved data."""
    fence = fence_for(item.text)
    label = f"[{index}] {item.kind} from {item.source} (why: {item.reason})"
    return f"{label}\n{fence}text\n{item.text}\n{fence}"


def costed(item: ContextItem) -> ContextItem:
    """`item` with `tokens` set to the cost of its rendered block."""
    return replace(item, tokens=count_tokens(render_item(99, item)))
