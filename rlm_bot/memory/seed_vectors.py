"""Precomputed vectors of the packaged seed knowledge, so a first run stores it without running
the embedding model (~120 chunks: seconds of CPU on a 2-core machine).

The file (`seed_vectors.npz`, shipped in the package) maps the SHA-256 of each chunk's text to
its vector, under the id of the model that made them. A store uses a vector only when its
embedder has that model id and a chunk's text (as stored: cleaned, secrets redacted) hashes to a
key in the file; any other chunk is embedded as usual, so a stale file costs time, never
correctness. `make seed-vectors` (python -m rlm_bot.memory.seed_vectors) rewrites it.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path
from typing import Any

from rlm_bot.memory.chunking import chunk_markdown, seed_directory
from rlm_bot.memory.embeddings import get_embedder
from rlm_bot.memory.printable import strip_control

__all__ = ["SEED_VECTORS_FILE", "known_vectors", "text_key", "write_seed_vectors"]

SEED_VECTORS_FILE = Path(__file__).resolve().parent / "seed_vectors.npz"


def text_key(text: str) -> str:
    """The file's key of one chunk text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _load(path: Path) -> tuple[str, dict[str, Any]]:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            model = str(data["model"])
            keys = [str(k) for k in data["keys"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return "", {}
    if vectors.ndim != 2 or len(keys) != len(vectors):
        return "", {}
    return model, dict(zip(keys, vectors))


def known_vectors(model_id: str, path: Path = SEED_VECTORS_FILE) -> dict[str, Any]:
    """text key -> vector of the shipped file, when it was made by `model_id` (else empty)."""
    model, vectors = _load(path)
    return vectors if model == model_id else {}


def write_seed_vectors(path: Path = SEED_VECTORS_FILE) -> int:
    """Embed every chunk of the packaged seed with the packaged model and write the file; the
    number of chunks written."""
    import numpy as np

    directory = seed_directory()
    if directory is None:
        raise SystemExit("this installation ships no seed directory")
    texts = sorted({strip_control(chunk).strip()
                    for file in sorted(directory.rglob("*.md")) if file.is_file()
                    for chunk in chunk_markdown(file.read_text(encoding="utf-8", errors="replace"))})
    texts = [t for t in texts if t]
    embedder = get_embedder("all-MiniLM-L6-v2")
    vectors = embedder.embed(texts)
    np.savez(path, model=np.array(embedder.model_id), keys=np.array([text_key(t) for t in texts]),
             vectors=np.asarray(vectors, dtype=np.float32))
    _load.cache_clear()
    return len(texts)


if __name__ == "__main__":
    count = write_seed_vectors(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED_VECTORS_FILE)
    print(f"{count} seed chunk vectors written")
