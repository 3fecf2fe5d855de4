"""Input hygiene: text from a terminal, a file or Slack made valid Unicode once, where it enters.

Python hands undecodable argv/stdin bytes over as lone surrogates ('\\udcff', PEP 383), and JSON
from Slack may carry lone '\\ud800'-style escapes; either fails the first time the text is encoded
(a database write, a reply, a log line). `clean_text` turns every lone surrogate into U+FFFD, the
replacement character a decoder with errors="replace" would have produced.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["REPLACEMENT", "clean_text", "clean_value", "one_line", "replace_stdin_errors"]

REPLACEMENT = "\ufffd"
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` with every lone surrogate (an undecodable byte) replaced by U+FFFD."""
    if text.isascii():
        return text
    return _SURROGATES.sub(REPLACEMENT, text)


def one_line(text: str, limit: int) -> str:
    """`text` with its whitespace runs made single spaces, cut to `limit` characters with "…"."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def clean_value(value: Any) -> Any:
    """`clean_text` applied to a string, or to each string of a list or tuple; others unchanged."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_value(v) for v in value)
    return value


def replace_stdin_errors() -> None:
    """Make standard input decode invalid UTF-8 with U+FFFD instead of raising or escaping."""
    import sys

    stream = sys.stdin
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and getattr(stream, "errors", "replace") != "replace":
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a stream already read from, or closed: leave it be
            pass
