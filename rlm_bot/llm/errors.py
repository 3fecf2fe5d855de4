"""Errors of the LLM client: each names the model and says what to do next, never a secret."""

from __future__ import annotations

from rlm_bot.errors import ConfigError, RlmError


class LLMError(RlmError):
    """Root of the model-call errors; `alias`, `model` and `call_id` say which call failed."""

    def __init__(self, message: str, *, alias: str | None = None, model: str | None = None,
                 call_id: str | None = None) -> None:
        super().__init__(message)
        self.alias = alias
        self.model = model
        self.call_id = call_id


class ModelCallError(LLMError):
    """Every attempt (retries and fallbacks) failed; `cause` is the last provider failure."""

    def __init__(self, message: str, *, cause: str = "", status: int | None = None, attempts: int = 0,
                 **kw: str | None) -> None:
        super().__init__(message, **kw)
        self.cause = cause
        self.status = status
        self.attempts = attempts


class BudgetExceededError(LLMError):
    """A call was refused before it was sent: it would exceed a token, cost or call budget."""


class CallCancelledError(LLMError):
    """The call was cancelled by id (`LLMClient.cancel`) while it waited or ran."""


class ResponseFormatError(LLMError):
    """The reply was not in the requested format (e.g. not JSON in JSON mode); `.text` has it."""

    def __init__(self, message: str, *, text: str = "", **kw: str | None) -> None:
        super().__init__(message, **kw)
        self.text = text


class UnknownModelError(LLMError):
    """A model alias that no profile defines."""


class ModelsFileError(ConfigError):
    """The models file (RLM_MODELS_FILE or the shipped default) is invalid."""


def hint_for(kind: str) -> str:
    """What to do next about a failure of this kind (one sentence)."""
    return {
        "rate_limit": "The provider is rate limiting: lower RLM_LLM_MAX_IN_FLIGHT or set rpm in the models file.",
        "timeout": "The provider did not answer in time: raise RLM_LLM_TIMEOUT or try again later.",
        "connection": "The endpoint could not be reached: check RLM_LLM_API_BASE or the network.",
        "server": "The provider is failing: try again later or set a fallback alias.",
        "malformed": "The endpoint returned an unreadable response: check that RLM_LLM_API_BASE is OpenAI-compatible.",
        "auth": "The provider refused the credentials: check the provider key (or RLM_LLM_API_KEY).",
        "not_found": "The endpoint does not serve this model: check `model`/`endpoint_model` in the models file.",
        "context": "The prompt is too long for this model: shorten it or pick a model with a larger context window.",
        "bad_request": "The provider rejected the request as invalid.",
        "interrupted": "The streamed reply broke off after part of it was delivered; ask again.",
    }.get(kind, "Check the provider settings.")
