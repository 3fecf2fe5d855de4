"""Input files named on the command line (`-` for standard input), opened the way the CLI reads
text everywhere: invalid UTF-8 becomes U+FFFD where the text enters (as stdin does, see cli), and
a missing, directory or unreadable file is one line naming it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rlm_bot.errors import RlmError

__all__ = ["open_input", "read_input"]


@contextmanager
def _one_line(name: str, expected: str, error: type[RlmError]) -> Iterator[None]:
    try:
        yield
    except FileNotFoundError:
        raise error(f"no such file: {name}") from None
    except IsADirectoryError:
        raise error(f"{name} is a directory; give {expected}") from None
    except OSError as exc:
        raise error(f"cannot read {name}: {exc.strerror}") from None


def open_input(name: str, expected: str, error: type[RlmError] = RlmError) -> TextIO:
    """The open file `name` (standard input for `-`); `expected` says what to give instead of a
    directory ("a JSON-lines file")."""
    if name == "-":
        return sys.stdin
    with _one_line(name, expected, error):
        return open(name, encoding="utf-8", errors="replace")


def read_input(name: str, expected: str, error: type[RlmError] = RlmError) -> str:
    """The whole text of `name` (standard input for `-`)."""
    if name == "-":
        return sys.stdin.read()
    with _one_line(name, expected, error), open(name, encoding="utf-8", errors="replace") as fh:
        return fh.read()
