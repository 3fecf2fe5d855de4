"""Seed knowledge: *.md files loaded once, refreshed by content hash, visible everywhere."""

from __future__ import annotations

from rlm_bot.memory.scope import Scope
from rlm_bot.memory.seed import chunk_markdown, load_seed

GUIDE = """# Usage guide

Mention the bot in a channel or DM it.

## Feedback

React with :+1: or :-1: to an answer; the learner uses it to route better next time.

## Scheme patterns

The map-reduce pattern splits a long document into chunks and summarises each in parallel.
"""
PATTERNS = """# Pattern: critique-revise

Draft an answer with a cheap model, critique it with a stronger one, revise until the critic agrees.
"""


def test_seed_loads_once_then_skips_unchanged(store, tmp_path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "guide.md").write_text(GUIDE)
    (seed / "patterns").mkdir()
    (seed / "patterns" / "critique.md").write_text(PATTERNS)
    (seed / "notes.txt").write_text("not markdown, not loaded")
    first = load_seed(store, seed)
    assert sorted(first.added) == ["guide.md", "patterns/critique.md"] and first.chunks == store.count()
    second = load_seed(store, seed)
    assert sorted(second.unchanged) == ["guide.md", "patterns/critique.md"] and second.chunks == 0
    assert store.count() == first.chunks


def test_seed_is_visible_in_every_workspace_and_dm(store, tmp_path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "guide.md").write_text(GUIDE)
    load_seed(store, seed)
    for scope in (Scope("W1", "C1", "U1"), Scope("W9", "D4", "U7", is_dm=True)):
        hits = store.search("how do I give feedback on an answer?", scope, k=1, touch=False)
        assert hits and "React with" in hits[0].record.text
        assert hits[0].record.visibility == "global" and hits[0].record.kind == "document"


def test_seed_changed_file_replaces_its_chunks_and_deleted_file_is_removed(store, tmp_path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "guide.md").write_text(GUIDE)
    (seed / "patterns.md").write_text(PATTERNS)
    load_seed(store, seed)
    (seed / "guide.md").write_text(GUIDE.replace(":+1: or :-1:", ":white_check_mark: or :x:"))
    (seed / "patterns.md").unlink()
    report = load_seed(store, seed)
    assert report.updated == ["guide.md"] and report.removed == ["patterns.md"]
    texts = [r.text for r in store.list(limit=100)]
    assert any(":white_check_mark:" in t for t in texts)
    assert not any(":+1:" in t for t in texts)
    assert not any("critique" in t for t in texts)


def test_seed_chunks_keep_their_heading_and_fit() -> None:
    long_section = "## Long\n\n" + "\n\n".join(f"Paragraph {i} " + "word " * 120 for i in range(6))
    chunks = chunk_markdown(GUIDE + "\n" + long_section, max_tokens=200)
    assert chunks[0].startswith("# Usage guide")
    assert any(c.startswith("## Feedback") for c in chunks)
    long_chunks = [c for c in chunks if c.startswith("## Long")]
    assert len(long_chunks) >= 3


def _packaged_seed_texts() -> list[str]:
    from rlm_bot.memory.printable import strip_control
    from rlm_bot.memory.seed import seed_directory

    directory = seed_directory()
    assert directory is not None
    return sorted({strip_control(c).strip() for p in sorted(directory.rglob("*.md"))
                   for c in chunk_markdown(p.read_text(encoding="utf-8"))} - {""})


def test_seed_shipped_vectors_cover_the_packaged_seed_and_equal_the_model(embedder) -> None:
    import numpy as np

    from rlm_bot.memory.seed_vectors import known_vectors, text_key

    known = known_vectors(embedder.model_id)
    texts = _packaged_seed_texts()
    missing = [t[:60] for t in texts if text_key(t) not in known]
    assert not missing, f"seed_vectors.npz is stale: run `make seed-vectors` ({len(missing)} new chunks)"
    shipped = np.stack([known[text_key(t)] for t in texts])
    assert np.abs(shipped - embedder.embed(texts)).max() < 1e-5
    assert known_vectors("litellm:text-embedding-3-small") == {}  # another model's store embeds


def test_seed_with_shipped_vectors_stores_what_the_model_would(store, tmp_path) -> None:
    import numpy as np

    from rlm_bot.memory.seed import seed_directory

    directory = seed_directory()
    report = load_seed(store, directory)
    assert report.chunks == store.count() > 50
    rows = store.list(limit=1000)
    stored = store.vectors.vectors({"*": [r.id for r in rows]})
    texts = [r.text for r in rows]
    assert np.abs(np.stack([stored[r.id] for r in rows]) - store.embedder.embed(texts)).max() < 1e-5


def test_seed_known_vectors_are_used_by_key_and_the_rest_embedded(store) -> None:
    import numpy as np

    from rlm_bot.memory.seed_vectors import text_key
    from rlm_bot.memory.store import NewMemory

    marker = np.zeros(384, dtype=np.float32)
    marker[7] = 1.0
    from rlm_bot.memory.scope import Owner

    owner = Owner("W1", "C1", "U1", "channel")
    items = [NewMemory(text="deploys happen on tuesdays", owner=owner, kind="fact"),
             NewMemory(text="lunch is at noon", owner=owner, kind="fact")]
    done = store.add_many(items, merge=False, known={text_key("deploys happen on tuesdays"): marker})
    stored = store.vectors.vectors({"W1": [d.id for d in done]})
    assert np.allclose(stored[done[0].id], marker)
    assert np.abs(stored[done[1].id] - store.embedder.embed(["lunch is at noon"])[0]).max() < 1e-5
