"""One request's model calls: every call the pipeline makes is labelled, counted and written.

    calls = RequestCalls(workspace=task.workspace, ledger=usage_ledger)   # ledger None: not written
    llm = calls.client(shared_llm)     # hand this view to every stage instead of the shared client
    ...
    calls.cost, calls.prompt_tokens, calls.completion_tokens, calls.calls   # the request's totals
    calls.attach(outcome_id)           # its usage rows (written or still queued) join the outcome

The view adds a label-only UsageMeter (the request's run id and workspace, no caps) to each call;
a stage that passes its own meter keeps it — the label meter becomes its child, so the stage's
budgets still apply and its own hooks still run.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from rlm_bot.pipeline.collaborators import ModelClient, UsageRows


class RequestCalls:
    """The model calls of one request: their run id, their totals and their usage rows."""

    def __init__(self, *, workspace: str | None = None, ledger: UsageRows | None = None) -> None:
        self.run_id = uuid.uuid4().hex
        self.workspace = workspace
        self.ledger = ledger  # a UsageLedger (rlm_bot.llm.ledger), or None: rows are not written
        self.calls = 0
        self.failed = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cost = 0.0
        self._lock = threading.Lock()

    def hook(self, record: Any) -> None:
        """Count one finished call and queue its usage row (the meters' on_call)."""
        with self._lock:
            self.calls += 1
            self.failed += 0 if record.ok else 1
            self.prompt_tokens += int(record.prompt_tokens or 0)
            self.completion_tokens += int(record.completion_tokens or 0)
            self.cost += float(record.cost or 0.0)
        if self.ledger is not None:
            self.ledger.record(record)

    def meter(self, given: Any = None) -> Any:
        """The meter a call goes out with: a label-only one, or a child of the stage's own."""
        # deferred: the model client package, as in pipeline.py (module doc)
        from rlm_bot.llm import UsageMeter

        if given is None:
            return UsageMeter(run_id=self.run_id, workspace=self.workspace, on_call=self.hook)
        return given.child(run_id=self.run_id, on_call=self.hook)

    def client(self, client: ModelClient | None) -> MeteredClient | None:
        """`client` as this request's stages see it (None stays None: no model configured)."""
        return None if client is None else MeteredClient(client, self)

    def attach(self, outcome_id: str, *, timeout: float = 10.0) -> None:
        """Attach the request's usage rows to its outcome and wait until they are written."""
        if self.ledger is None or not self.calls:
            return
        self.ledger.attach(self.run_id, outcome_id)
        self.ledger.flush(timeout)


class MeteredClient:
    """The shared LLMClient seen through one request: each call carries the request's meter;
    everything else is the client's own."""

    def __init__(self, client: ModelClient, calls: RequestCalls) -> None:
        self._client = client
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def complete(self, alias: str, messages: Any, **kwargs: Any) -> Any:
        """The client's complete, labelled and counted as one of the request's calls."""
        kwargs["meter"] = self._calls.meter(kwargs.get("meter"))
        return self._client.complete(alias, messages, **kwargs)

    async def acomplete(self, alias: str, messages: Any, **kwargs: Any) -> Any:
        """The client's acomplete, labelled and counted as one of the request's calls."""
        kwargs["meter"] = self._calls.meter(kwargs.get("meter"))
        return await self._client.acomplete(alias, messages, **kwargs)
