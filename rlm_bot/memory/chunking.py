"""Where the packaged seed knowledge lives, and how Markdown is cut into chunks that read on their
own (the seed's documents and any long text remembered with `add_document`)."""

from __future__ import annotations

import re
from pathlib import Path

from rlm_bot.errors import RlmError
from rlm_bot.memory.tokens import count_tokens
from rlm_bot.resources import resource_dir

__all__ = ["CHUNK_TOKENS", "chunk_markdown", "seed_directory"]

CHUNK_TOKENS = 350  # a chunk is a heading's section, split further when longer than this


def seed_directory() -> Path | None:
    """The shipped seed directory, or None when this installation has none."""
    try:
        return resource_dir("seed")
    except RlmError:
        return None


def chunk_markdown(text: str, max_tokens: int = CHUNK_TOKENS) -> list[str]:
    """Split markdown into sections at headings; long sections split at blank lines, each chunk
    keeping its heading so it reads on its own."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        if re.match(r"^#{1,6}\s", line):
            sections.append((line.strip(), []))
        else:
            sections[-1][1].append(line)
    chunks: list[str] = []
    for heading, lines in sections:
        body = "\n".join(lines).strip()
        if not body and not heading:
            continue
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()] or [""]
        current: list[str] = []
        for paragraph in paragraphs:
            candidate = "\n\n".join([heading, *current, paragraph]).strip()
            if current and count_tokens(candidate) > max_tokens:
                chunks.append("\n\n".join([heading, *current]).strip())
                current = [paragraph]
            else:
                current.append(paragraph)
        final = "\n\n".join([heading, *current]).strip()
        if final:
            chunks.append(final)
    return chunks
