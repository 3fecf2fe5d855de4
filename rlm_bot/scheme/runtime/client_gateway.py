"""The runtime's Gateway over `rlm_bot.llm.LLMClient` (retries, fallbacks, caps, transports)."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.runtime.errors import ModelCallError, RuntimeFail
from rlm_bot.scheme.runtime.gateway import Completion


class LLMGateway:
    """Adapts an LLMClient to what the runtime needs; never exposes the client's API key."""

    def __init__(self, client: Any, default_model: str | None = None) -> None:
        self.client = client
        self.profiles = client.profiles
        aliases = list(self.profiles)
        if default_model and default_model in aliases:
            self.default_model = default_model
        else:
            self.default_model = aliases[0] if aliases else "default"

    def resolve(self, alias: str | None) -> str:
        """The profile alias for `alias` (the default model when None)."""
        from rlm_bot.llm import UnknownModelError

        try:
            return self.profiles.resolve(alias or self.default_model).alias
        except UnknownModelError as exc:
            raise RuntimeFail(str(exc)) from None

    def aliases(self) -> list[str]:
        """Every alias of the model profiles."""
        return list(self.profiles)

    def estimate_tokens(self, text: str, alias: str) -> int:
        """The client's pre-send estimate."""
        from rlm_bot.llm import estimate_tokens

        return estimate_tokens(text)

    def prices(self, alias: str) -> tuple[float, float]:
        """Dollars per 1k input and output tokens."""
        p = self.profiles.resolve(alias)
        return float(p.input_cost_per_1k or 0.0), float(p.output_cost_per_1k or 0.0)

    async def complete(self, *, call_id: str, alias: str, messages: list[dict], max_tokens: int,
                       temperature: float | None, json_mode: bool) -> Completion:
        """One completion through the client; its errors become ModelCallError."""
        from rlm_bot.llm import LLMError

        try:
            done = await self.client.acomplete(alias, messages, temperature=temperature,
                                               max_tokens=max_tokens, json_mode=json_mode,
                                               call_id=call_id)
        except LLMError as exc:
            raise ModelCallError(str(exc)) from None
        return Completion(text=done.text, model=done.alias or alias, tokens_in=done.prompt_tokens,
                          tokens_out=done.completion_tokens, cost=done.cost,
                          latency_ms=done.latency_ms)

    def cancel(self, call_id: str) -> bool:
        """Cancel an in-flight call."""
        return self.client.cancel(call_id)

    def status(self) -> dict[str, Any]:
        """The client's status (in flight, totals, rate limits)."""
        return self.client.status()

    def close(self) -> None:
        """Close the client (connections, loop thread)."""
        self.client.close()


def open_gateway(settings: Any) -> LLMGateway:
    """An LLMGateway built from the settings (default model: the first of the cascade order)."""
    from rlm_bot.llm import LLMClient

    client = LLMClient(settings.llm)
    order = getattr(settings.routing, "cascade_order", ()) or ()
    return LLMGateway(client, default_model=order[0] if order else None)


def planner_models(settings: Any = None):
    """The model profiles as the planner's ModelInfo rows."""
    from rlm_bot.llm import load_profiles
    from rlm_bot.scheme.runtime.planner import ModelInfo

    path = settings.llm.models_file if settings is not None else None
    return {p.alias: ModelInfo(p.alias, float(p.input_cost_per_1k or 0.0),
                               float(p.output_cost_per_1k or 0.0), float(p.quality),
                               int(p.context_window or 128_000))
            for p in load_profiles(path).values()}
