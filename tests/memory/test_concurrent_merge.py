"""Merge-on-write holds across processes: two stores (two engines, as two bot replicas would have)
on one database and one Chroma index, writing the same memories at the same moment, never both
insert — on SQLite, and on PostgreSQL when RLM_TEST_DATABASE_URL is set."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from rlm_bot.memory.keyword import ITEMS
from rlm_bot.memory.scope import Owner
from rlm_bot.memory.store import MemoryStore, NewMemory
from rlm_bot.memory.vectors import VectorIndex, open_client
from rlm_bot.storage import Database

TEAM = Owner("W1", "C1", "U1", "channel")
# unrelated facts (none merges into another), each written by both replicas at the same moment
FACTS = (
    "Production deploys happen every Tuesday after the standup",
    "The office coffee machine is on the third floor",
    "Priya owns the payments service and its on-call rotation",
    "Error ERR_QUOTA_7731 means the tenant exceeded its nightly export quota",
    "The staging database host is pg-stage-2 in eu-west-1",
    "Design reviews are booked through the architecture guild calendar",
    "Holiday requests need two weeks notice in the HR portal",
    "The Android app is built with Gradle on the mac mini in the lab",
    "Customer refunds above 500 euros need a finance lead's approval",
    "Lunch on Fridays is pizza, ordered by whoever broke the build",
)


def _replica(url: str, chroma_dir: Path, embedder: Any) -> MemoryStore:
    db = Database(url)
    db.upgrade()
    return MemoryStore(db, VectorIndex(open_client(chroma_dir, None), embedder), embedder)


def test_two_replicas_writing_the_same_memory_at_once_store_it_once(database_url, tmp_path, embedder) -> None:
    replicas = [_replica(database_url, tmp_path / "chroma", embedder) for _ in range(2)]
    texts = list(FACTS)
    vectors = embedder.embed(texts)
    barrier = threading.Barrier(len(replicas))
    errors: list[BaseException] = []

    def write(store: MemoryStore) -> None:
        try:
            for text, vector in zip(texts, vectors):
                barrier.wait()
                store.add_many([NewMemory(text=text, owner=TEAM)], vectors=[vector])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=write, args=(store,)) for store in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert not errors, errors
        with replicas[0].db.engine.connect() as conn:
            counts = dict(conn.execute(sa.select(ITEMS.c.text, sa.func.count()).group_by(ITEMS.c.text)).all())
        assert counts == {text: 1 for text in texts}


    finally:
        for store in replicas:
            store.db.dispose()


def _replica_process(url: str, chroma_url: str, vectors_file: str, workspace: str, barrier: Any,
                     out: Any) -> None:
    """One bot replica in its own process: its own engine and Chroma client, the shared server."""
    import numpy as np

    from rlm_bot.memory.embeddings import get_embedder

    store = MemoryStore(Database(url), VectorIndex(open_client(Path("unused"), chroma_url),
                                                   get_embedder("all-MiniLM-L6-v2")),
                        get_embedder("all-MiniLM-L6-v2"))  # vectors are given: the model never loads
    vectors = np.load(vectors_file)
    merged = 0
    try:
        for text, vector in zip(FACTS, vectors):
            barrier.wait(timeout=60)
            owner = Owner(workspace, "C1", "U1", "channel")
            merged += store.add_many([NewMemory(text=text, owner=owner)], vectors=[vector])[0].merged
        out.put(("ok", merged))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        out.put(("error", repr(exc)))
    finally:
        store.db.dispose()


@pytest.mark.chroma_server
def test_two_replica_processes_on_one_database_and_chroma_server_store_each_memory_once(
        database_url, chroma_server, tmp_path, embedder) -> None:
    import multiprocessing
    import uuid

    import numpy as np

    Database(database_url).upgrade()
    vectors_file = tmp_path / "vectors.npy"
    np.save(vectors_file, embedder.embed(list(FACTS)))
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    workspace = f"W-{uuid.uuid4().hex[:8]}"  # the Chroma server outlives one test
    procs = [ctx.Process(target=_replica_process, args=(database_url, chroma_server, str(vectors_file),
                                                              workspace, barrier, out))
             for _ in range(2)]
    for p in procs:
        p.start()
    try:
        results = [out.get(timeout=180) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    assert all(status == "ok" for status, _ in results), results
    db = Database(database_url)
    try:
        with db.engine.connect() as conn:
            counts = dict(conn.execute(sa.select(ITEMS.c.text, sa.func.count()).group_by(ITEMS.c.text)).all())
    finally:
        db.dispose()
    assert counts == {text: 1 for text in FACTS}
    assert sum(merged for _, merged in results) == len(FACTS)  # the second writer of each merged
