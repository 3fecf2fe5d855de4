"""The runtime's Gateway over `rlm_bot.llm.LLMClient` (retries, fallbacks, caps, transports)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.scheme.runtime.errors import LLMQueryFailed, RuntimeFail
from rlm_bot.scheme.runtime.gateway import GatewayReply
from rlm_bot.scheme.runtime.loop import shared_loop

if TYPE_CHECKING:  # annotations only: rlm_bot.llm loads httpx and SQLAlchemy (see LazyGateway)
    from rlm_bot.llm import CallRecord, Completion, Profiles, UsageMeter

NO_MODEL_MESSAGE = ("no model is configured: set RLM_LLM_API_BASE (an OpenAI-compatible endpoint, with "
                    "RLM_LLM_API_KEY if it needs one) or a provider key such as OPENAI_API_KEY or "
                    "ANTHROPIC_API_KEY")


class GatewayClient(Protocol):
    """What the gateway uses of the model client: rlm_bot.llm's LLMClient, or a wrapper of it that
    passes the rest through (the long-input run's reporting client), hence not LLMClient itself.
    `event_loop()`, when the client has one, is read with getattr."""

    profiles: Profiles

    async def acomplete(self, alias: str, messages: list[dict], *, temperature: float | None = None,
                        max_tokens: int | None = None, json_mode: bool = False,
                        call_id: str | None = None, meter: UsageMeter | None = None) -> Completion:
        """One model call, metered by `meter` under `call_id`."""
        ...

    def cancel(self, call_id: str) -> bool:
        """Cancel an in-flight call."""
        ...

    def status(self) -> dict[str, Any]:
        """In flight, totals, rate limits."""
        ...

    def transport_name(self) -> str:
        """Which transport sends the calls ("litellm", "httpx", ...)."""
        ...

    def close(self) -> None:
        """Close connections and the loop thread."""
        ...


class CallLedger(Protocol):
    """Where the gateway writes each call's usage record: rlm_bot.llm's UsageLedger (SQL rows) or
    the long-input run's per-run tally."""

    def record(self, record: CallRecord) -> None:
        """Keep one call's usage record."""
        ...

    def close(self) -> None:
        """Write what is pending and let go."""
        ...


class LLMGateway:
    """Adapts an LLMClient to what the runtime needs; never exposes the client's API key."""

    def __init__(self, client: GatewayClient, default_model: str | None = None, *,
                 workspace: str | None = None, ledger: CallLedger | None = None,
                 owns_client: bool = True) -> None:
        self.client = client
        self.owns_client = owns_client  # a shared client is closed at exit, not by us
        self.profiles = client.profiles
        self.workspace = workspace
        self.ledger = ledger  # writes each call to the SQL usage table (None: not recorded)
        self._records: dict[str, Any] = {}  # call id -> CallRecord, until the caller reads it
        self._lock = threading.Lock()
        # deferred: rlm_bot.llm is loaded with the client this wraps (see LazyGateway); bound here
        # once rather than imported again on every call
        from rlm_bot.llm import LLMError, UnknownModelError, UsageMeter, estimate_tokens

        self._llm_error, self._unknown_model, self._meter_class = LLMError, UnknownModelError, UsageMeter
        self._estimate = estimate_tokens
        self._meter: Any = None  # the label-only meter of the latest run id
        aliases = list(self.profiles)
        if default_model and default_model in aliases:
            self.default_model = default_model
        else:
            self.default_model = aliases[0] if aliases else "default"

    def resolve(self, alias: str | None) -> str:
        """The profile alias for `alias` (the default model when None)."""
        try:
            return self.profiles.resolve(alias or self.default_model).alias
        except self._unknown_model as exc:
            raise RuntimeFail(str(exc)) from None

    def aliases(self) -> list[str]:
        """Every alias of the model profiles."""
        return list(self.profiles)

    def estimate_tokens(self, text: str, alias: str) -> int:
        """The client's pre-send estimate."""
        return self._estimate(text)

    def prices(self, alias: str) -> tuple[float, float]:
        """Dollars per 1k input and output tokens."""
        p = self.profiles.resolve(alias)
        return float(p.input_cost_per_1k or 0.0), float(p.output_cost_per_1k or 0.0)

    async def complete(self, *, call_id: str, alias: str, messages: list[dict], max_tokens: int,
                       temperature: float | None, json_mode: bool) -> GatewayReply:
        """One completion through the client; its errors become LLMQueryFailed."""
        # a label-only meter (no caps): the usage rows carry the run id and workspace; the calls
        # of one run share it (this runs on the client's one loop thread)
        run_id = call_id.rsplit("-", 1)[0]
        meter = self._meter
        if meter is None or meter.run_id != run_id:
            meter = self._meter = self._meter_class(run_id=run_id, workspace=self.workspace,
                                                    on_call=self._on_call)
        try:
            done = await self.client.acomplete(alias, messages, temperature=temperature,
                                               max_tokens=max_tokens, json_mode=json_mode,
                                               call_id=call_id, meter=meter)
        except self._llm_error as exc:
            record = self._take(call_id)  # e.g. a reply that was not JSON: its tokens were used
            raise LLMQueryFailed(str(exc), tokens=record.tokens if record else 0,
                                 cost=record.cost if record else 0.0) from None
        self._take(call_id)
        return GatewayReply(text=done.text, model=done.alias or alias, tokens_in=done.prompt_tokens,
                          tokens_out=done.completion_tokens, cost=done.cost,
                          latency_ms=done.latency_ms)

    def _on_call(self, record: Any) -> None:
        with self._lock:
            self._records[record.call_id] = record
        if self.ledger is not None:
            self.ledger.record(record)

    def _take(self, call_id: str) -> Any:
        with self._lock:
            return self._records.pop(call_id, None)

    def event_loop(self):
        """The client's own event loop (coroutines run there await the client without a thread
        hop); the process-wide loop when the client does not expose one."""
        event_loop = getattr(self.client, "event_loop", None)  # LLMClient's public accessor
        loop = event_loop() if event_loop is not None else None
        return loop if loop is not None else shared_loop()

    def cancel(self, call_id: str) -> bool:
        """Cancel an in-flight call."""
        return self.client.cancel(call_id)

    def status(self) -> dict[str, Any]:
        """The client's status (in flight, totals, rate limits)."""
        return self.client.status()

    def close(self) -> None:
        """Close the client if it is ours (connections, loop thread); write the last usage rows."""
        if self.owns_client:
            self.client.close()
        if self.ledger is not None:
            self.ledger.close()


class LazyGateway:
    """Builds the real gateway on first use: loading the model profiles prices them from
    litellm's cost map, which takes seconds, and programs without model calls never need it."""

    def __init__(self, build: Any, *, configured: bool = True) -> None:
        self._build = build
        self.configured = configured  # False: no endpoint and no provider key, every call would fail
        self._gateway: LLMGateway | None = None
        self._lock = threading.Lock()

    def resolve(self, alias: str | None) -> str:
        """The profile alias for `alias`; with no model configured, fails at once saying what to set."""
        if not self.configured:
            raise LLMQueryFailed(NO_MODEL_MESSAGE)
        return self._get().resolve(alias)

    def _get(self) -> LLMGateway:
        with self._lock:
            if self._gateway is None:
                self._gateway = self._build()
            return self._gateway

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._get(), name)
        if callable(value) and hasattr(value, "__self__"):
            # a bound method of the one gateway this builds: later lookups skip __getattr__ and
            # the lock (several per model call)
            object.__setattr__(self, name, value)
        return value

    @property
    def built(self) -> bool:
        """Whether the client exists yet."""
        return self._gateway is not None

    def warm(self) -> None:
        """Build the client now (outside any run's clock); nothing to build with no model configured."""
        if self.configured:
            self._get()

    def status(self) -> dict[str, Any]:
        """The client's status ({} before the first call)."""
        return self._gateway.status() if self._gateway is not None else {}

    def cancel(self, call_id: str) -> bool:
        """Cancel an in-flight call (False before the first call)."""
        return self._gateway.cancel(call_id) if self._gateway is not None else False

    def close(self) -> None:
        """Close the client if it was built."""
        if self._gateway is not None:
            self._gateway.close()


def open_gateway(settings: Any, *, workspace: str | None = None,
                 record_usage: bool = True) -> LazyGateway:
    """A gateway over LLMClient(settings.llm) that records every call in the usage table;
    default model: the first of the cascade order."""

    def build() -> LLMGateway:
        # deferred: built on the first model call (see LazyGateway)
        from rlm_bot.llm.client import shared_client

        ledger = _usage_ledger(settings) if record_usage else None
        # the process-wide client: Scheme runs, the pipeline and the cascade share one
        # in-flight cap, one set of rate limits and one connection pool
        client = shared_client(settings.llm)
        warm_transport(client)
        order = getattr(settings.routing, "cascade_order", ()) or ()
        return LLMGateway(client, default_model=order[0] if order else None,
                          workspace=workspace or "local", ledger=ledger, owns_client=False)

    return LazyGateway(build, configured=bool(settings.llm.api_base or getattr(settings, "provider_keys", ())))


def warm_transport(client: GatewayClient) -> None:
    """Import the client's transport now: importing litellm takes seconds, so do it outside any
    run's clock, not in the first llm-query of a program."""
    if client.transport_name() != "litellm":
        return
    # deferred: imports litellm, which takes seconds
    from rlm_bot.llm import litellm_transport

    # the client's own set-up of litellm (its name has changed once; any will do)
    setup = getattr(litellm_transport, "tune_litellm", None) or getattr(
        litellm_transport, "quiet_litellm", None)
    if setup is not None:
        setup()


def _usage_ledger(settings: Any) -> Any:
    from rlm_bot.llm.ledger import UsageLedger  # deferred: a run without model calls never needs it

    def open_store() -> Any:
        from rlm_bot.storage import open_usage_store  # deferred: with the ledger, on its first row

        return open_usage_store(settings)

    # the store opens on the ledger's thread when the first row comes, while the calls are in
    # flight: sqlite3 on the migrated SQLite file (SQLAlchemy's import would hold the GIL the
    # calls' event loop needs), the Database otherwise; a failure there costs the rows, never the calls
    return UsageLedger(open_db=open_store)
