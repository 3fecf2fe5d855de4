"""The stages' collaborator Protocols (rlm_bot/pipeline/collaborators.py) against the engines'
classes: every argument a stage may pass, the class accepts (same name, same kind), and it asks
for nothing the Protocol does not pass."""

from __future__ import annotations

import inspect

import pytest

from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.llm import LLMClient
from rlm_bot.memory.store import MemoryStore
from rlm_bot.pipeline.collaborators import AdjustmentReader, CodeSandbox, MemorySearch, ModelClient
from rlm_bot.sandbox import SandboxPool

PAIRS = [(ModelClient, LLMClient, ("complete", "acomplete")),
         (MemorySearch, MemoryStore, ("search", "count_visible")),
         (CodeSandbox, SandboxPool, ("run",)),
         (AdjustmentReader, AdjustmentStore, ("scores",))]


def mismatches(protocol_method, method) -> list[str]:
    """What a call made as `protocol_method` allows and `method` would refuse."""
    wanted = list(inspect.signature(protocol_method).parameters.values())[1:]
    given = inspect.signature(method).parameters
    takes_any_keyword = any(p.kind is p.VAR_KEYWORD for p in given.values())
    found = []
    for p in wanted:
        q = given.get(p.name)
        if q is None:
            if not (takes_any_keyword and p.kind is p.KEYWORD_ONLY):
                found.append(f"no parameter {p.name}")
        elif q.kind is not p.kind and not (q.kind is q.POSITIONAL_OR_KEYWORD
                                           and p.kind is p.POSITIONAL_OR_KEYWORD):
            found.append(f"{p.name} is {q.kind.description}, not {p.kind.description}")
        elif (p.default is not p.empty) and q.default is q.empty:
            found.append(f"{p.name} has no default")
    names = {p.name for p in wanted}
    found += [f"{q.name} is required but never passed" for q in list(given.values())[1:]
              if q.default is q.empty and q.kind not in (q.VAR_POSITIONAL, q.VAR_KEYWORD)
              and q.name not in names]
    if inspect.iscoroutinefunction(protocol_method) != inspect.iscoroutinefunction(method):
        found.append("sync/async differs")
    return found


@pytest.mark.parametrize("protocol, cls, methods", PAIRS, ids=[c.__name__ for _, c, _ in PAIRS])
def test_collaborators_the_engines_classes_accept_what_the_stages_pass(protocol, cls, methods):
    for name in methods:
        assert not mismatches(getattr(protocol, name), getattr(cls, name)), (cls.__name__, name)


def test_collaborators_a_mismatch_is_found():
    class Narrow:
        def run(self, code, *, timeout=None):
            ...

    class Strict:
        def run(self, code, *, inputs, timeout=None, limit):
            ...

    async def run(self, code, *, inputs=None, timeout=None):
        ...

    assert mismatches(CodeSandbox.run, Narrow.run) == ["no parameter inputs"]
    assert mismatches(CodeSandbox.run, Strict.run) == ["inputs has no default",
                                                       "limit is required but never passed"]
    assert mismatches(CodeSandbox.run, run) == ["sync/async differs"]
