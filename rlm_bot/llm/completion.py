"""The result of a model call, and JSON parsing of replies."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from rlm_bot.llm.errors import ResponseFormatError

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


@dataclass(frozen=True)
class Completion:
    """A model's reply and what it cost."""

    text: str
    model: str
    alias: str
    prompt_tokens: int
    completion_tokens: int
    cost: float
    latency_ms: float
    call_id: str
    attempts: int = 1
    requested_alias: str = ""
    finish_reason: str | None = None
    usage_estimated: bool = False
    tool_calls: list[dict[str, Any]] | None = None

    @property
    def tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def json(self) -> Any:
        """The reply parsed as JSON (a ```json fence is tolerated); ResponseFormatError if it is not."""
        return parse_json_reply(self.text, alias=self.alias, model=self.model, call_id=self.call_id)


def parse_json_reply(text: str, *, alias: str | None = None, model: str | None = None,
                     call_id: str | None = None) -> Any:
    """Parse a JSON reply, tolerating a Markdown code fence around it."""
    body = text.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced.group(1)
    try:
        return json.loads(body)
    except ValueError:
        preview = " ".join(text.split())[:80]
        raise ResponseFormatError(
            f"model {alias!r} was asked for JSON but replied with text that is not JSON: {preview!r}",
            text=text, alias=alias, model=model, call_id=call_id,
        ) from None
