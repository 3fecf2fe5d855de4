"""Seed knowledge: memory/seed/**/*.md (pattern docs, usage guide) loaded as global document chunks.

Loaded on first run (with the vectors shipped in rlm_bot/memory/seed_vectors.npz, so the model
does not run for them) and refreshed by content hash: an unchanged file costs one hash, a changed
file has its chunks replaced, a deleted file has its chunks removed. Several processes starting on
a fresh data dir load it once: a load that has work to do takes the database's "memory-write" lock
and decides again under it from what is stored by then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from rlm_bot.memory.chunking import CHUNK_TOKENS, chunk_markdown, seed_directory
from rlm_bot.memory.keyword import ITEMS
from rlm_bot.memory.scope import Owner
from rlm_bot.memory.seed_vectors import known_vectors
from rlm_bot.memory.writes import NewMemory

SEED_PREFIX = "seed:"
__all__ = ["CHUNK_TOKENS", "SEED_OWNER", "SEED_PREFIX", "SeedReport", "chunk_markdown", "load_seed",
           "seed_directory"]

SEED_OWNER = Owner(workspace="*", channel="*", user="seed", visibility="global")


@dataclass
class SeedReport:
    """What a seed load did, per file name."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks: int = 0


def load_seed(store: Any, directory: Path) -> SeedReport:
    """Load or refresh every *.md file under `directory` into `store` as global documents."""
    files = _read_files(directory)
    if _up_to_date(_known(store), files):  # the common case: no lock, one query
        return SeedReport(unchanged=sorted(files))
    # another process may be loading the same seed right now: decide under the lock what is left
    with store.db.lock("memory-write"):
        return _load(store, files, _known(store))


def _read_files(directory: Path) -> dict[str, tuple[str, str]]:
    """name -> (text, content hash) of every *.md file under `directory`."""
    files: dict[str, tuple[str, str]] = {}
    for path in sorted(p for p in directory.rglob("*.md") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        files[path.relative_to(directory).as_posix()] = (
            text, hashlib.sha256(text.encode("utf-8")).hexdigest())
    return files


def _up_to_date(known: dict[str, tuple[str, list[str]]], files: dict[str, tuple[str, str]]) -> bool:
    wanted = {name: file_hash for name, (text, file_hash) in files.items() if text.strip()}
    return known.keys() == wanted.keys() and all(known[n][0] == h for n, h in wanted.items())


def _known(store: Any) -> dict[str, tuple[str, list[str]]]:
    """name -> (file hash, chunk ids) of the seed files already stored."""
    with store.db.engine.connect() as conn:
        rows = conn.execute(sa.select(ITEMS.c.id, ITEMS.c.seed_key, ITEMS.c.meta)
                            .where(ITEMS.c.seed_key.like(f"{SEED_PREFIX}%"))).all()
    known: dict[str, tuple[str, list[str]]] = {}
    for row in rows:
        name = row.seed_key[len(SEED_PREFIX):].split("#", 1)[0]
        file_hash = (row.meta or {}).get("file_hash", "")
        known.setdefault(name, (file_hash, []))[1].append(row.id)
    return known


def _load(store: Any, files: dict[str, tuple[str, str]],
          known: dict[str, tuple[str, list[str]]]) -> SeedReport:
    report = SeedReport()
    shipped = known_vectors(store.embedder.model_id)  # shipped vectors: no model run for them
    for name, (text, file_hash) in files.items():
        old_hash, old_ids = known.get(name, ("", []))
        if old_ids and old_hash == file_hash:
            report.unchanged.append(name)
            continue
        items = [NewMemory(text=chunk, owner=SEED_OWNER, kind="document",
                           source=f"seed/{name}",
                           meta={"file_hash": file_hash, "chunk": i, "doc": name},
                           seed_key=f"{SEED_PREFIX}{name}#{i}")
                 for i, chunk in enumerate(chunk_markdown(text))]
        if old_ids:
            store.forget(old_ids)
        if items:
            store.add_many(items, merge=False, known=shipped)
        report.chunks += len(items)
        (report.updated if old_ids else report.added).append(name)
    for name, (_hash, ids) in known.items():
        if name not in files:
            store.forget(ids)
            report.removed.append(name)
    return report
