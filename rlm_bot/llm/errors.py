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


class ModelCredentialsError(ModelCallError, ConfigError):
    """The provider refused the call for missing or wrong credentials: a setting to fix, not a
    fault to retry; the message names what to set."""


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
        "deadline": "Try again later, or raise RLM_REQUEST_DEADLINE (the whole request) or RLM_LLM_TIMEOUT "
                    "(one call).",
        "circuit_open": "Check RLM_LLM_API_BASE and the provider, then try again once the pause is over.",
    }.get(kind, "Check the provider settings.")


# litellm provider names whose key variable is not simply <PROVIDER>_API_KEY
_KEY_VARS = {"gemini": "GEMINI_API_KEY", "vertex_ai": "GOOGLE_APPLICATION_CREDENTIALS",
             "together_ai": "TOGETHERAI_API_KEY", "azure": "AZURE_API_KEY"}
_PROVIDER_BY_PREFIX = (("claude", "anthropic"), ("gpt", "openai"), ("o1", "openai"), ("o3", "openai"),
                       ("o4", "openai"), ("gemini", "gemini"), ("mistral", "mistral"), ("mixtral", "groq"),
                       ("llama", "groq"), ("deepseek", "deepseek"), ("command", "cohere"))


def provider_key_var(model: str) -> str | None:
    """The environment variable of the provider key a litellm model name needs (None: unknown)."""
    if "/" in model:
        provider = model.split("/", 1)[0]
    else:
        provider = next((p for prefix, p in _PROVIDER_BY_PREFIX if model.startswith(prefix)), "")
    if not provider:
        return None
    return _KEY_VARS.get(provider, f"{provider.upper()}_API_KEY")


def credentials_hint(api_base: str | None, models: list[str]) -> str:
    """What to set when the provider refused the credentials (one sentence)."""
    if api_base:
        return "Set RLM_LLM_API_KEY to a key the endpoint in RLM_LLM_API_BASE accepts."
    keys = sorted({v for v in (provider_key_var(m) for m in models) if v})
    key = " or ".join(keys) if keys else "the provider's key (e.g. OPENAI_API_KEY)"
    return (f"Set {key}, or RLM_LLM_API_BASE (with RLM_LLM_API_KEY if it needs one) for an "
            "OpenAI-compatible endpoint.")
