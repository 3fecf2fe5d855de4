"""Fixtures of the memory and enrichment tests (imported by tests/memory/conftest.py and by
tests/pipeline/test_enrich.py): the real embedding model (loaded once per session), a store on a
fresh SQL database and a fresh embedded Chroma directory per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rlm_bot.memory.embeddings import get_embedder


@pytest.fixture(scope="session")
def embedder() -> Any:
    """The packaged all-MiniLM-L6-v2, loaded once per test session (~4 s, ~570 MB)."""
    model = get_embedder("all-MiniLM-L6-v2")
    model.embed(["warm up"])
    return model


def make_store(url: str, chroma_dir: Path, embedder: Any, chroma_url: str | None = None) -> Any:
    """A MemoryStore over `url` (migrated) and an embedded Chroma dir (or a Chroma server)."""
    from rlm_bot.memory.store import MemoryStore
    from rlm_bot.memory.vectors import VectorIndex, open_client
    from rlm_bot.storage import Database

    db = Database(url)
    db.upgrade()
    client = open_client(chroma_dir, chroma_url)
    return MemoryStore(db, VectorIndex(client, embedder), embedder)


@pytest.fixture
def store(tmp_path: Path, embedder: Any) -> Iterator[Any]:
    """A MemoryStore on SQLite and an embedded Chroma, both in tmp."""
    memory = make_store(f"sqlite:///{tmp_path / 'memory.db'}", tmp_path / "chroma", embedder)
    yield memory
    memory.db.dispose()


@pytest.fixture
def any_store(database_url: str, tmp_path: Path, embedder: Any) -> Iterator[Any]:
    """A MemoryStore on SQLite and, when RLM_TEST_DATABASE_URL is set, on PostgreSQL."""
    memory = make_store(database_url, tmp_path / "chroma", embedder)
    yield memory
    memory.db.dispose()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run`) on 127.0.0.1 with its data in tmp; yields its URL."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    binary = Path(sys.executable).with_name("chroma")
    if not binary.exists():
        binary = Path(shutil.which("chroma") or "chroma")
    if not binary.exists():
        pytest.skip("the chroma CLI is not installed next to this Python")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen([str(binary), "run", "--path", str(data / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start: {(data / 'server.log').read_text()[-500:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
