"""What the runtime needs from a model client, and the request/reply types it passes.

`LLMGateway` (in `client_gateway.py`) implements it over `rlm_bot.llm.LLMClient`; the runtime
never talks to litellm itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class GatewayReply:
    """One model reply with its real usage, as the runtime sees it (the client's fuller
    `rlm_bot.llm.Completion` is narrowed to this by client_gateway.py)."""

    text: str
    model: str
    tokens_in: int
    tokens_out: int
    cost: float
    latency_ms: float = 0.0

    @property
    def tokens(self) -> int:
        """Input plus output tokens."""
        return self.tokens_in + self.tokens_out


@dataclass(frozen=True)
class QueryRequest:
    """The keywords of one `llm-query` call, validated."""

    instruction: str
    data: str = ""
    model: str | None = None
    system: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    json: bool = False
    recursive: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Gateway(Protocol):
    """A model client as the runtime sees it."""

    default_model: str

    def resolve(self, alias: str | None) -> str:
        """The canonical alias for `alias` (the default when None); raises RuntimeFail if unknown."""

    def aliases(self) -> list[str]:
        """Every model alias a program may name."""

    def estimate_tokens(self, text: str, alias: str) -> int:
        """Tokens `text` will count as for `alias` (an estimate, before sending)."""

    def prices(self, alias: str) -> tuple[float, float]:
        """Dollars per 1k input tokens and per 1k output tokens of `alias`."""

    async def complete(self, *, call_id: str, alias: str, messages: list[dict], max_tokens: int,
                       temperature: float | None, json_mode: bool) -> GatewayReply:
        """Send one chat completion; raises on failure after the client's retries/fallbacks."""

    def cancel(self, call_id: str) -> bool:
        """Cancel an in-flight call by id; False when it is not in flight."""

    def status(self) -> dict[str, Any]:
        """Calls in flight, totals and rate-limit state of the client."""
