"""Warming the engines where nobody waits: a chat before its first line, a server behind its open
port, a one-shot `ask` while it analyses the question.

`warm(pipeline)` opens what a request would open on first need — the database, the model client
(and its transport's import), memory with its embedding model run once and a search of the
workspace's collections (Chroma loads an index on first query), the learner, the learned router
with the workspace's observations, the stage modules — and finally the sandbox pool. It answers
nothing, records nothing and spends no exploration draw, so the answers that follow are the ones
a cold pipeline would give, only sooner. A failure is logged: the request that meets it reports it.

`start_warm(...)` does it in a daemon thread; join it before the process ends (a process that
exits while the thread is inside Chroma's or numpy's native code can crash). numpy's first import
is not thread-safe: it is imported by the caller's thread before the thread starts.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.errors import RlmError
from rlm_bot.memory.embeddings import embedder_from_settings
from rlm_bot.memory.scope import Scope
from rlm_bot.pipeline.types import Task

if TYPE_CHECKING:  # annotations only
    from rlm_bot.memory.embeddings import LocalEmbedder

log = logging.getLogger(__name__)

__all__ = ["Warmable", "preload_embedder", "start_warm", "warm", "warm_memory"]


class Warmable(Protocol):
    """What warming reads of a pipeline (pipeline.Pipeline; a Protocol: pipeline.py imports this module)."""

    settings: Any
    llm: Any
    db: Any
    sandbox: Any

    def memory(self) -> Any: ...

    def learner(self) -> Any: ...

    def adjustments(self) -> Any: ...

    def live_router(self) -> Any: ...

STAGE_MODULES = ("rlm_bot.pipeline.analyze", "rlm_bot.pipeline.compute", "rlm_bot.pipeline.enrich",
                 "rlm_bot.pipeline.route", "rlm_bot.pipeline.plan", "rlm_bot.pipeline.execute",
                 "rlm_bot.pipeline.execute.cascade", "rlm_bot.pipeline.execute.tools", "rlm_bot.learning.learner",
                 "rlm_bot.learning.adjustments")
WARM_TEXT = "warm up"


def warm(pipeline: Warmable, *, workspace: str | None = "local", channel: str = "cli",
         sandbox: bool = True) -> None:
    """Open every engine of `pipeline` now; `workspace` (and `channel`, for its cost
    sensitivity): whose router and memories to load (None: none in particular); `sandbox`:
    start the sandbox pool too."""
    import importlib

    steps: list[tuple[str, Any]] = [
        ("database", lambda: pipeline.db),
        ("memory", lambda: warm_memory(pipeline, workspace, channel)),
        ("model client", lambda: _client(pipeline)),
        ("stages", lambda: [importlib.import_module(m) for m in STAGE_MODULES]),
        ("analysis", lambda: _analyze(workspace)),
        ("learner", lambda: (pipeline.learner(), pipeline.adjustments())),
        ("router", lambda: _router(pipeline, workspace, channel)),
    ]
    if sandbox:
        steps.append(("sandbox", lambda: pipeline.sandbox))
    for name, step in steps:
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - a request meeting the same failure reports it
            log.warning("warming the %s failed: %s: %s", name, type(exc).__name__, exc)


def warm_memory(pipeline: Warmable, workspace: str | None, channel: str = "cli") -> None:
    """Open memory, run the embedding model once and search the workspace's collections."""
    embedder = embedder_from_settings(pipeline.settings)
    loader = getattr(embedder, "warm", None)
    if loader is not None:
        loader()
    memory = pipeline.memory()
    if memory is not None and workspace is not None:
        memory.search(WARM_TEXT, Scope(workspace=workspace, channel=channel, user="warm-up"), k=1, touch=False)


def start_warm(pipeline: Warmable, **kwargs: Any) -> threading.Thread:
    """`warm(pipeline, **kwargs)` in a daemon thread (already started)."""
    import numpy  # noqa: F401 - here, on the caller's thread: its first import is not thread-safe

    thread = threading.Thread(target=warm, args=(pipeline,), kwargs=kwargs, name="rlm-warm", daemon=True)
    thread.start()
    return thread


def preload_embedder(settings: Any) -> None:
    """Start loading the local embedding model in a thread, when it is not loaded yet: a
    request about to open memory (Chroma's import and open, ~1 s cold) then finds it loaded."""
    embedder = embedder_from_settings(settings)
    if getattr(embedder, "loaded", True):
        return
    import numpy  # noqa: F401 - on the caller's thread (see the module doc)

    # not a daemon: a process ending while numpy or the tokenizer is mid-load can crash at exit
    threading.Thread(target=_load_quietly, args=(embedder,), name="rlm-embedder-load").start()


def _load_quietly(embedder: LocalEmbedder) -> None:
    try:
        embedder.load()
    except RlmError:
        pass  # the request's first embedding meets the same error and reports it


def _client(pipeline: Warmable) -> None:
    llm = pipeline.llm
    if llm is None:
        return
    llm.profiles  # noqa: B018 - loads the model profiles
    # deferred: imported here, on the warm thread (module doc)
    from rlm_bot.scheme.runtime.client_gateway import warm_transport

    warm_transport(llm)


def _analyze(workspace: str | None) -> None:
    from rlm_bot.pipeline.analyze import analyze  # deferred: imported here, on the warm thread (module doc)

    analyze(Task(text=WARM_TEXT, workspace=workspace or "local"))


def _router(pipeline: Warmable, workspace: str | None, channel: str) -> None:
    settings = pipeline.settings
    if workspace is None or pipeline.llm is None or settings.routing.router != "learned":
        return
    # deferred: imported here, on the warm thread (module doc)
    from rlm_bot.pipeline.route import check_cascade, request_cost_sensitivity

    order = check_cascade(settings.routing.cascade_order, pipeline.llm.profiles)
    if len(order) < 2:
        return

    pipeline.live_router().warm(workspace=workspace, weak=order[0], strong=order[1],
                                cost_sensitivity=request_cost_sensitivity(
                                    Task(text=WARM_TEXT, workspace=workspace, channel=channel), settings))
