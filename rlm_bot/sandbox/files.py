"""Host-side file access for the sandbox: read and list files under one granted root only.

The sandbox process cannot open files (seccomp); `read_file`, `list_files` and
`compile_context` inside it ask the host, which answers through a FileGrant. Paths are resolved
(symlinks included) and must stay under the root; hidden entries and oversized files are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 16_000_000
MAX_LIST_ENTRIES = 2_000
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


class FileGrant:
    """Read-only access to the text files under `root` for one run or session."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.bytes_served = 0

    def _resolve(self, path: str) -> Path:
        if not isinstance(path, str) or not path or "\x00" in path:
            raise PermissionError("a relative file path is required")
        candidate = (self.root / path.lstrip("/")).resolve()
        if candidate != self.root and not candidate.is_relative_to(self.root):
            raise PermissionError(f"{path!r} is outside the granted files root")
        rel = candidate.relative_to(self.root)
        if any(part.startswith(".") for part in rel.parts):
            raise PermissionError(f"{path!r} is a hidden path")
        return candidate

    def read(self, path: str) -> str:
        """The text of one file (UTF-8, undecodable bytes replaced)."""
        target = self._resolve(path)
        if not target.is_file():
            raise FileNotFoundError(f"no file {path!r} under the granted root")
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValueError(f"{path!r} is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        if self.bytes_served + size > MAX_TOTAL_BYTES:
            raise ValueError("this run has read its whole file budget")
        self.bytes_served += size
        return target.read_bytes().decode("utf-8", "replace")

    def list(self, path: str = "") -> list[str]:
        """Relative paths of the files under `path` (recursive, hidden and vendored skipped)."""
        base = self._resolve(path) if path else self.root
        if not base.is_dir():
            raise FileNotFoundError(f"no directory {path!r} under the granted root")
        out: list[str] = []
        for folder, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
            for name in sorted(files):
                if name.startswith("."):
                    continue
                out.append(str((Path(folder) / name).relative_to(self.root)))
                if len(out) >= MAX_LIST_ENTRIES:
                    return out
        return out
