"""Several processes opening one new embedded Chroma store at the same moment (two first CLI runs,
a replica starting beside the CLI) all get a working store."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path


def _open(path: str, barrier, results) -> None:
    import chromadb  # noqa: F401 - imported before the barrier so the opens really overlap

    from rlm_bot.memory.vectors import open_client

    barrier.wait()
    try:
        client = open_client(Path(path), None)
        client.get_or_create_collection("probe")
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the parent asserts on what each child saw
        results.put(repr(exc)[:200])


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path) -> None:
    ctx = mp.get_context("spawn")
    outcomes: list[str] = []
    for trial in range(4):
        barrier, results = ctx.Barrier(4), ctx.Queue()
        path = str(tmp_path / f"chroma{trial}")
        procs = [ctx.Process(target=_open, args=(path, barrier, results)) for _ in range(4)]
        for proc in procs:
            proc.start()
        outcomes += [results.get(timeout=120) for _ in procs]
        for proc in procs:
            proc.join(timeout=60)
    assert outcomes == ["ok"] * 16, [o for o in outcomes if o != "ok"]
