"""What the stages need from the engines they are handed, as Protocols (instead of `Any`).

A stage takes its collaborators as arguments: the model client, the memory store, the Python
sandbox, the learned adjustments. Each Protocol below names only what the stages call on it, so a stage's signature says
what it uses, and anything that provides that will do: the engine's own class (rlm_bot.llm's
LLMClient, rlm_bot.memory's MemoryStore, rlm_bot.sandbox's SandboxPool, rlm_bot.learning's
AdjustmentStore) or a wrapper of it (the
pipeline's MeteredClient, the long-input run's reporting client). tests/pipeline/test_collaborators.py
checks that the engines' classes accept every argument named here. The embedder is the memory
package's own Protocol (rlm_bot.memory.embeddings.Embedder).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # types of annotations only: the engines' modules load when the engines are used
    from rlm_bot.llm import CallRecord, Completion, Profiles, UsageMeter
    from rlm_bot.memory.scope import Scope
    from rlm_bot.memory.types import Hit
    from rlm_bot.sandbox import SandboxResult

Messages = Sequence[Mapping[str, Any]]


class ModelClient(Protocol):
    """The LLM client as the stages use it: model profiles, and one call (sync or async)."""

    profiles: Profiles

    def complete(self, alias: str, messages: Messages | str, *, system: str | None = None,
                 temperature: float | None = None, max_tokens: int | None = None, json_mode: bool = False,
                 meter: UsageMeter | None = None, timeout: float | None = None,
                 on_delta: Callable[[str], Any] | None = None) -> Completion:
        """Call model `alias` and wait for its reply."""
        ...

    async def acomplete(self, alias: str, messages: Messages | str, *, system: str | None = None,
                        temperature: float | None = None, max_tokens: int | None = None,
                        json_mode: bool = False, meter: UsageMeter | None = None,
                        timeout: float | None = None,
                        on_delta: Callable[[str], Any] | None = None) -> Completion:
        """The async form of `complete`."""
        ...


class MemorySearch(Protocol):
    """The memory store as enrichment and the LATS memory tool use it: a scoped search."""

    def search(self, query: str, scope: Scope, *, k: int = 5, mode: str = "hybrid",
               kinds: tuple[str, ...] | None = None, min_similarity: float | None = None,
               expansions: tuple[str, ...] = ()) -> list[Hit]:
        """The `k` memories visible to `scope` that best match `query`."""
        ...

    def count_visible(self, scope: Scope, kinds: tuple[str, ...] | None = None) -> int:
        """How many memories (of `kinds`) `scope` may see."""
        ...


class CodeSandbox(Protocol):
    """The Python sandbox as the LATS python tool uses it."""

    def run(self, code: str, *, inputs: dict[str, Any] | None = None,
            timeout: float | None = None) -> SandboxResult:
        """Run `code` in a confined worker; errors of the code come back in the result."""
        ...


class UsageRows(Protocol):
    """Where a request's model calls are written (rlm_bot.llm's UsageLedger): a row per call, then
    the request's rows joined to its outcome."""

    def record(self, record: CallRecord) -> None:
        """Queue one call's usage row."""
        ...

    def attach(self, run_id: str, outcome_id: str) -> None:
        """Join the rows of run `run_id` to outcome `outcome_id`."""
        ...

    def flush(self, timeout: float = 10.0) -> bool:
        """Write what is queued; False if `timeout` passed first."""
        ...


class AdjustmentReader(Protocol):
    """The learned adjustments as the pipeline reads them: the router its `routing` values, the
    planner its `strategy` values, LATS its `tool` values (each a value in [0, 1] per item of one
    scope). The router also reads observation counts through a `stats(kind, scope)` method when
    the reader has one (rlm_bot.learning's AdjustmentStore does), to ignore thin evidence."""

    def scores(self, kind: str, scope: str) -> dict[str, float]:
        """Every learned value of one scope (`kind` routing, strategy or tool), by item."""
        ...


__all__ = ["AdjustmentReader", "CodeSandbox", "Messages", "MemorySearch", "ModelClient"]
