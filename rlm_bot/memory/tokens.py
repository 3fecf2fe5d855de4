"""Token counts of retrieved text (cl100k from the copy litellm ships; offline), and truncation."""

from __future__ import annotations

import base64
import importlib.util
import threading
from pathlib import Path
from typing import Any

# litellm ships tiktoken's cl100k_base file under this name (sha1 of its download URL).
_CL100K_FILE = "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"
_CL100K_PAT = (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++"""
               r"""[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""")
CHARS_PER_TOKEN = 4  # estimate used only when the tokenizer file is absent

_lock = threading.Lock()
_encoding: Any = None
_loaded = False


def _load() -> Any:
    global _encoding, _loaded
    with _lock:
        if _loaded:
            return _encoding
        _loaded = True
        try:
            import tiktoken

            spec = importlib.util.find_spec("litellm")
            if spec is None or not spec.submodule_search_locations:
                return None
            path = (Path(list(spec.submodule_search_locations)[0]) / "litellm_core_utils"
                    / "tokenizers" / _CL100K_FILE)
            ranks = {}
            for line in path.read_text(encoding="ascii").splitlines():
                if line:
                    token, rank = line.split()
                    ranks[base64.b64decode(token)] = int(rank)
            _encoding = tiktoken.Encoding(name="cl100k_base", pat_str=_CL100K_PAT,
                                          mergeable_ranks=ranks, special_tokens={})
        except (ImportError, OSError, ValueError):
            _encoding = None
        return _encoding


def count_tokens(text: str) -> int:
    """Number of cl100k tokens in `text` (an estimate of 4 characters per token as fallback)."""
    if not text:
        return 0
    encoding = _load()
    if encoding is None:
        return max(1, -(-len(text) // CHARS_PER_TOKEN))
    return len(encoding.encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, max_tokens: int, marker: str = "\n… [truncated]") -> str:
    """`text` cut to at most `max_tokens` tokens (marker included), on a line break when possible."""
    if max_tokens <= 0:
        return ""
    if count_tokens(text) <= max_tokens:
        return text
    budget = max(0, max_tokens - count_tokens(marker))
    encoding = _load()
    if encoding is None:
        cut = text[: budget * CHARS_PER_TOKEN]
    else:
        cut = encoding.decode(encoding.encode(text, disallowed_special=())[:budget])
    line_break = cut.rfind("\n")
    if line_break > len(cut) * 0.6:
        cut = cut[:line_break]
    return cut + marker if budget else ""
