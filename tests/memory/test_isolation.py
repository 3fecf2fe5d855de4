"""Isolation: who sees which memory, for vector, keyword and hybrid search alike, on an embedded
Chroma and on a real Chroma server. Expected sets are written out by hand, rule by rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.memory.store import NewMemory
from rlm_bot.pipeline.types import Task
from tests.memory.fixtures import make_store

# label -> (workspace, channel, user, visibility)
MEMORIES = {
    "w1_workspace": ("W1", "C1", "U1", "workspace"),
    "w1_c1": ("W1", "C1", "U1", "channel"),
    "w1_c2": ("W1", "C2", "U2", "channel"),
    "w1_dm_u1": ("W1", "D1", "U1", "dm"),
    "w1_dm_u2": ("W1", "D2", "U2", "dm"),
    "w2_workspace": ("W2", "C1", "U1", "workspace"),
    "w2_c1": ("W2", "C1", "U1", "channel"),  # same channel id, other workspace
    "w2_dm_u1": ("W2", "D9", "U1", "dm"),  # same user id, other workspace
    "global": ("*", "*", "seed", "global"),
}

# (workspace, channel, user, is_dm) -> labels that must come back, and nothing else
CASES = [
    (("W1", "C1", "U1", False), {"w1_workspace", "w1_c1", "global"}),
    (("W1", "C2", "U1", False), {"w1_workspace", "w1_c2", "global"}),  # U1's DM stays private
    (("W1", "C2", "U2", False), {"w1_workspace", "w1_c2", "global"}),
    (("W1", "D1", "U1", True), {"w1_workspace", "w1_dm_u1", "global"}),
    (("W1", "D2", "U2", True), {"w1_workspace", "w1_dm_u2", "global"}),
    (("W1", "D1", "U3", True), {"w1_workspace", "global"}),  # another user never sees U1's DM
    (("W2", "C1", "U1", False), {"w2_workspace", "w2_c1", "global"}),
    (("W2", "D9", "U1", True), {"w2_workspace", "w2_dm_u1", "global"}),
    (("W3", "C1", "U1", True), {"global"}),
]
QUERY = "zebra migration runbook for the payments service"


def _populate(memory: Any) -> dict[str, str]:
    items = [NewMemory(text=f"zebra migration runbook note {label}: payments service step {i}",
                       owner=Owner(*spec), kind="document" if label == "global" else "fact")
             for i, (label, spec) in enumerate(MEMORIES.items())]
    results = memory.add_many(items, merge=False)
    return {r.id: label for r, label in zip(results, MEMORIES)}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Any:
    """An embedded store holding the MEMORIES matrix."""
    root = tmp_path_factory.mktemp("isolation")
    memory = make_store(f"sqlite:///{root / 'm.db'}", root / "chroma", embedder)
    return memory, _populate(memory)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder: Any, chroma_server: str) -> Any:
    """A store whose vectors live on a real `chroma run` server."""
    root = tmp_path_factory.mktemp("isolation-server")
    memory = make_store(f"sqlite:///{root / 'm.db'}", root / "unused", embedder, chroma_url=chroma_server)
    return memory, _populate(memory)


def _seen(memory: Any, labels: dict[str, str], scope: Scope, mode: str) -> set[str]:
    hits = memory.search(QUERY, scope, k=50, mode=mode, touch=False)
    return {labels[h.record.id] for h in hits}


@pytest.mark.parametrize("mode", ["vector", "keyword", "hybrid"])
@pytest.mark.parametrize(("requester", "expected"), CASES)
def test_isolation_embedded_each_rule(embedded, requester, expected, mode) -> None:
    memory, labels = embedded
    assert _seen(memory, labels, Scope(*requester), mode) == expected


@pytest.mark.chroma_server
@pytest.mark.parametrize("mode", ["vector", "hybrid"])
@pytest.mark.parametrize(("requester", "expected"), CASES)
def test_isolation_chroma_server_each_rule(served, requester, expected, mode) -> None:
    memory, labels = served
    assert _seen(memory, labels, Scope(*requester), mode) == expected


def test_isolation_scope_from_task_dm_flag(embedded) -> None:
    memory, labels = embedded
    in_channel = Task(text=QUERY, user="U1", channel="D1", workspace="W1", is_dm=False)
    in_dm = Task(text=QUERY, user="U1", channel="D1", workspace="W1", is_dm=True)
    assert "w1_dm_u1" not in _seen(memory, labels, Scope.from_task(in_channel), "hybrid")
    assert "w1_dm_u1" in _seen(memory, labels, Scope.from_task(in_dm), "hybrid")


def test_isolation_kinds_filter_keeps_scope(embedded) -> None:
    memory, labels = embedded
    hits = memory.search(QUERY, Scope("W1", "C1", "U1"), k=50, kinds=("document",), touch=False)
    assert {labels[h.record.id] for h in hits} == {"global"}


def test_isolation_global_can_be_excluded(embedded) -> None:
    memory, labels = embedded
    scope = Scope("W1", "C1", "U1", include_global=False)
    assert _seen(memory, labels, scope, "hybrid") == {"w1_workspace", "w1_c1"}


@pytest.mark.parametrize(("meta", "allowed"), [
    ({"workspace": "W1", "channel": "C9", "user": "U9", "visibility": "workspace"}, True),
    ({"workspace": "W1", "channel": "C1", "user": "U9", "visibility": "channel"}, True),
    ({"workspace": "W1", "channel": "C2", "user": "U1", "visibility": "channel"}, False),
    ({"workspace": "W1", "channel": "C1", "user": "U1", "visibility": "dm"}, False),
    ({"workspace": "W2", "channel": "C1", "user": "U1", "visibility": "workspace"}, False),
    ({"workspace": "*", "channel": "*", "user": "seed", "visibility": "global"}, True),
    ({"workspace": "W1", "channel": "C1", "user": "U1", "visibility": "global"}, False),
    ({"workspace": "W1", "channel": "C1", "user": "U1", "visibility": "bogus"}, False),
])
def test_scope_allows_rule_table_in_channel(meta, allowed) -> None:
    assert Scope("W1", "C1", "U1").allows(meta) is allowed


def test_scope_refuses_missing_parts_and_reserved_workspace() -> None:
    from rlm_bot.memory.errors import MemoryStoreError

    with pytest.raises(MemoryStoreError, match="workspace"):
        Scope("", "C1", "U1")
    with pytest.raises(MemoryStoreError, match="reserved"):
        Scope("*", "C1", "U1")
    with pytest.raises(MemoryStoreError, match="global"):
        Owner.from_task(Task(text="x"), visibility="global")


def test_search_refuses_unscoped_reads(store) -> None:
    from rlm_bot.memory.errors import MemoryStoreError

    with pytest.raises(MemoryStoreError, match="Scope"):
        store.search("anything", {"workspace": "W1"})  # type: ignore[arg-type]


def _index_level(memory: Any, labels: dict[str, str], scope: Scope) -> tuple[set[str], set[str]]:
    """What each index returns by itself, before the store's final `allows` check."""
    vector = memory.embedder.embed([QUERY])[0]
    by_vector = {labels[i] for i, _ in memory.vectors.query_scope(vector, scope, 50)}
    with memory.db.engine.connect() as conn:
        by_keyword = {labels[i] for i, _ in memory.keyword.search(conn, QUERY, scope, 50)}
    return by_vector, by_keyword


@pytest.mark.parametrize(("requester", "expected"), CASES)
def test_isolation_each_index_filters_by_itself(embedded, requester, expected) -> None:
    memory, labels = embedded
    by_vector, by_keyword = _index_level(memory, labels, Scope(*requester))
    assert by_vector == expected
    assert by_keyword == expected


@pytest.mark.chroma_server
@pytest.mark.parametrize(("requester", "expected"), CASES)
def test_isolation_chroma_server_filter_by_itself(served, requester, expected) -> None:
    memory, labels = served
    by_vector, _ = _index_level(memory, labels, Scope(*requester))
    assert by_vector == expected


def test_scope_buckets_agree_with_allows_on_every_combination() -> None:
    """The Chroma filter (bucket keys) and the Python rule (`allows`) never disagree."""
    import itertools

    values = {"workspace": ["W1", "W2"], "channel": ["C1", "C2", "D1"], "user": ["U1", "U2"]}
    owners = [Owner(w, c, u, v) for w, c, u in itertools.product(*values.values())
              for v in ("dm", "channel", "workspace")] + [Owner("*", "*", "seed", "global")]
    scopes = [Scope(w, c, u, is_dm=dm) for w, c, u in itertools.product(*values.values())
              for dm in (False, True)]
    for owner, scope in itertools.product(owners, scopes):
        meta = {"workspace": owner.workspace, "channel": owner.channel, "user": owner.user,
                "visibility": owner.visibility}
        by_bucket = owner.bucket == "global" or (owner.workspace == scope.workspace
                                                 and owner.bucket in scope.buckets())
        assert by_bucket == scope.allows(meta), (owner, scope)
