"""Read-only access to the repository a deployment names (RLM_REPO_PATH): its files, their lines,
and git history. Paths never leave the repository; git runs without a shell, with a timeout."""

from __future__ import annotations

import subprocess
from functools import cached_property
from pathlib import Path

SOURCE_SUFFIXES = (".py", ".pyi", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".go", ".java",
                   ".kt", ".rb", ".rs", ".c", ".h", ".cpp", ".cs", ".scala", ".php")
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", "dist", "build", ".tox",
             ".mypy_cache", ".pytest_cache", "vendor", "target", ".idea", ".next"}
MAX_FILES = 5000  # files indexed per repository
MAX_FILE_BYTES = 400_000  # larger files are not read
GIT_TIMEOUT_SECONDS = 10
MAX_GIT_OUTPUT_CHARS = 6000


class Repo:
    """A repository on disk: lazily listed source files, bounded reads, git helpers."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    @cached_property
    def files(self) -> list[str]:
        """Source files, relative POSIX paths (git's list when available, else a walk)."""
        listed = self.git("ls-files", "--cached", "--others", "--exclude-standard")
        paths = listed.splitlines() if listed else self._walk()
        keep = [p for p in paths if p.endswith(SOURCE_SUFFIXES)
                and not set(Path(p).parts) & SKIP_DIRS]
        return sorted(keep)[:MAX_FILES]

    def _walk(self) -> list[str]:
        out: list[str] = []
        for path in self.root.rglob("*"):
            if len(out) >= MAX_FILES * 2:
                break
            rel = path.relative_to(self.root)
            if path.is_file() and not set(rel.parts) & SKIP_DIRS:
                out.append(rel.as_posix())
        return out

    @cached_property
    def is_git(self) -> bool:
        """Whether the root is inside a git work tree."""
        return self.git("rev-parse", "--is-inside-work-tree").strip() == "true"

    def inside(self, rel: str) -> Path | None:
        """The absolute path of `rel` if it is a file inside the repository."""
        try:
            path = (self.root / rel).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def read(self, rel: str) -> str | None:
        """Text of a repository file (None when missing, outside, binary or too large)."""
        path = self.inside(rel)
        if path is None or path.stat().st_size > MAX_FILE_BYTES:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if b"\0" in data[:4096]:
            return None
        return data.decode("utf-8", errors="replace")

    def lines(self, rel: str) -> list[str]:
        """Lines of a repository file (empty when unreadable)."""
        text = self.read(rel)
        return text.splitlines() if text is not None else []

    def git(self, *args: str) -> str:
        """Output of `git -C root ARGS` ('' on any failure), capped."""
        try:
            done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True,
                                  text=True, timeout=GIT_TIMEOUT_SECONDS, errors="replace",
                                  env={"GIT_TERMINAL_PROMPT": "0", "PATH": "/usr/bin:/bin:/usr/local/bin",
                                       "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1"})
        except (OSError, subprocess.TimeoutExpired):
            return ""
        if done.returncode != 0:
            return ""
        return done.stdout[:MAX_GIT_OUTPUT_CHARS * 4]

    def find_by_suffix(self, path: str) -> str | None:
        """The repository file that best matches `path` (an absolute or foreign path from a trace):
        exact relative path first, then the longest common tail of path components."""
        clean = path.replace("\\", "/").removeprefix("file://").removeprefix("webpack:///")
        clean = clean.removeprefix("./")
        try:
            absolute = Path(clean)
            if absolute.is_absolute() and absolute.resolve().is_relative_to(self.root):
                rel = absolute.resolve().relative_to(self.root).as_posix()
                return rel if rel in self.files or self.inside(rel) else None
        except (OSError, ValueError):
            pass
        parts = [p for p in clean.split("/") if p not in ("", ".")]
        best, best_len = None, 0
        for candidate in self.files:
            cparts = candidate.split("/")
            common = 0
            while (common < len(cparts) and common < len(parts)
                   and cparts[-1 - common] == parts[-1 - common]):
                common += 1
            if common > best_len or (common == best_len and best and len(candidate) < len(best)):
                best, best_len = candidate, common
        return best if best_len >= 1 else None
