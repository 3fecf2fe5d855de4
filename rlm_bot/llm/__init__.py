"""The LLM client: every model call of rlm_bot (sync or async) goes through `LLMClient`.

    from rlm_bot.llm import LLMClient, UsageMeter
    client = shared_client(settings.llm)   # one per process and settings (or LLMClient(settings.llm))
    meter = UsageMeter.for_run(settings.llm, max_cost=0.50)
    reply = client.complete("haiku", "Summarise: ...", system="Be brief.", max_tokens=200, meter=meter)
    reply.text, reply.prompt_tokens, reply.completion_tokens, reply.cost, reply.latency_ms
    reply = await client.acomplete("sonnet", messages, json_mode=True, call_id=cid)   # reply.json()
    client.cancel(cid); client.status(); client.embed(["text"], "text-embedding-3-small")

- Aliases (`haiku`, `sonnet`, `opus`, `gpt-mini`, `gpt`, `gpt-oss`, `llama`, `mixtral`) come from
  `models.toml` (`load_profiles(path)`), with prices from litellm's bundled cost map.
- With `RLM_LLM_API_BASE` every alias goes to that OpenAI-compatible endpoint under its model name
  (profile `endpoint_model`, default the model id unchanged).
- Transports (`RLM_LLM_TRANSPORT`, default `auto`): calls to an endpoint take the lean `http`
  transport (keep-alive HTTP/1.1 on asyncio streams, `h1.py`; litellm never imported);
  provider models reached with provider keys (no api base: Anthropic, OpenAI, Bedrock, ...) take
  litellm. `litellm` forces litellm for an endpoint too, called as
  `<RLM_LLM_ENDPOINT_PROVIDER>/<name>` (default `openai`; `hosted_vllm` is litellm's own handler);
  `http` forces the lean one (needs an api base). Both give the same guarantees below
  (`rlm-bot bench llm` and `bench fanout` measure them side by side); embeddings always use litellm.
- `RLM_LLM_WORKERS` (default 2): once a fan-out has 8 calls in flight, litellm calls move to that
  many worker processes (`rlm_bot/llm/workers.py`), lifting the per-process CPU cap of litellm;
  everything else (budgets, caps, limits, retries, usage, cancellation) stays in this process.
- Retries (429 honouring Retry-After, 5xx, timeouts, connection errors, malformed bodies) with
  exponential backoff and jitter, then the profile's fallback alias; finally `ModelCallError`.
- One deadline per request: inside `with request_deadline(seconds):` (the pipeline opens one per
  request, RLM_REQUEST_DEADLINE) every call, retry and fallback ends by then. A circuit breaker per
  endpoint (per alias without one) fails calls at once for a cool-down after 5 straight failures.
  Refused credentials raise `ModelCredentialsError` (a ConfigError) at once, never retried.
- Streaming: pass `on_delta=callback` to receive text pieces as they arrive.
- `UsageLedger(db).record` as an `on_call` hook writes every call to the `usage` table in batches.
- Budgets are checked *before* a call is sent (estimated prompt + max_tokens) on the meter and its
  parents (`BudgetExceededError`); real usage is charged afterwards. `on_call` hooks get a
  `CallRecord` per call. A global in-flight cap and per-alias `rpm` limits apply to every caller.
Importing this package is cheap: a transport's modules (the http pool; litellm, aiohttp and the worker
machinery) load on its first call.
"""

from __future__ import annotations

from rlm_bot.llm.client import LLMClient, close_shared_clients, shared_client
from rlm_bot.llm.completion import Completion, parse_json_reply
from rlm_bot.llm.deadline import Deadline, current_deadline, request_deadline
from rlm_bot.llm.errors import (
    BudgetExceededError,
    CallCancelledError,
    LLMError,
    ModelCallError,
    ModelCredentialsError,
    ModelsFileError,
    ResponseFormatError,
    UnknownModelError,
)
from rlm_bot.llm.ledger import UsageLedger
from rlm_bot.llm.profiles import ModelProfile, Profiles, load_profiles
from rlm_bot.llm.tokens import estimate_tokens
from rlm_bot.llm.usage import CallRecord, UsageMeter

__all__ = [
    "BudgetExceededError", "CallCancelledError", "CallRecord", "Completion", "Deadline", "LLMClient", "LLMError",
    "ModelCallError", "ModelCredentialsError", "ModelProfile", "ModelsFileError", "Profiles", "ResponseFormatError",
    "UnknownModelError", "UsageLedger", "UsageMeter", "close_shared_clients", "estimate_tokens", "load_profiles",
    "current_deadline", "parse_json_reply", "request_deadline", "shared_client",
]
