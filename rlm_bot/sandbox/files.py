"""File access of the sandbox: read and list files beneath one root, inside the confined worker.

Why in the worker and not in the host: a host that opens files on the sandbox's behalf opens them
as the bot, so `/proc/self/...` is the bot's own environment (provider keys, tokens) and anything
the bot can read is one resolved path away. Instead the worker opens the root as an O_PATH
descriptor before it confines itself, Landlock then limits the whole process to reading beneath
that descriptor, and only then does the seccomp filter let it call `openat` read-only (see
confine.py, landlock.py). The bot's process never reads a file for sandboxed code.

Inside that kernel boundary this module walks a path one component at a time with
O_NOFOLLOW relative to the root descriptor (no absolute paths, no `.`/`..`, no hidden names, no
symlinks followed), serves only regular files, and caps the size of one file and of a run.
"""

from __future__ import annotations

import os
import stat

MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 16_000_000
MAX_LIST_ENTRIES = 2_000
MAX_PATH_CHARS = 4_096
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
_DIR_FLAGS = os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def open_root(root: str) -> int:
    """An O_PATH descriptor of the files root (opened before the worker confines itself)."""
    return os.open(root, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)


def _parts(path: str) -> list[str]:
    if not path or len(path) > MAX_PATH_CHARS or "\x00" in path:
        raise PermissionError("a relative file path under the files root is required")
    if path.startswith("/"):
        raise PermissionError(f"{path!r} is absolute; give a path relative to the files root")
    parts = [p for p in path.split("/") if p]
    for part in parts:
        if part in {".", ".."}:
            raise PermissionError(f"{path!r} leaves the files root ('..' and '.' are refused)")
        if part.startswith("."):
            raise PermissionError(f"{path!r} is a hidden path")
    return parts


class FileRoot:
    """Read-only access to the files beneath one directory descriptor, for one worker."""

    def __init__(self, dir_fd: int) -> None:
        self.dir_fd = dir_fd
        self.bytes_served = 0

    def _open_dir(self, parts: list[str], path: str) -> int:
        """A new O_PATH descriptor of the directory `parts` (no symlink followed on the way)."""
        fd = os.dup(self.dir_fd)
        try:
            for part in parts:
                try:
                    nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    raise FileNotFoundError(f"no directory {path!r} under the files root") \
                        from None
                except (NotADirectoryError, OSError):
                    raise PermissionError(f"{path!r} is not a plain directory under the files "
                                          "root (symlinks are not followed)") from None
                os.close(fd)
                fd = nxt
        except BaseException:
            os.close(fd)
            raise
        return fd

    def read(self, path: str) -> str:
        """The text of one regular file (UTF-8, undecodable bytes replaced)."""
        parts = _parts(path)
        parent = self._open_dir(parts[:-1], path)
        try:
            fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            raise FileNotFoundError(f"no file {path!r} under the files root") from None
        except OSError:
            raise PermissionError(f"{path!r} cannot be read (symlinks are not followed, only "
                                  "files beneath the files root are readable)") from None
        finally:
            os.close(parent)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise PermissionError(f"{path!r} is not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                raise ValueError(f"{path!r} is {info.st_size:,} bytes; the limit is "
                                 f"{MAX_FILE_BYTES:,}")
            if self.bytes_served + info.st_size > MAX_TOTAL_BYTES:
                raise ValueError("this run has read its whole file budget "
                                 f"({MAX_TOTAL_BYTES:,} bytes)")
            data = bytearray()
            while len(data) <= MAX_FILE_BYTES:
                chunk = os.read(fd, MAX_FILE_BYTES + 1 - len(data))
                if not chunk:
                    break
                data += chunk
        finally:
            os.close(fd)
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"{path!r} grew past the {MAX_FILE_BYTES:,}-byte limit")
        self.bytes_served += len(data)
        return data.decode("utf-8", "replace")

    def list(self, path: str = "") -> list[str]:
        """Relative paths of the files under `path` (recursive, hidden and vendored skipped)."""
        start = _parts(path) if path else []
        pending = [start]
        out: list[str] = []
        while pending:
            parts = pending.pop()
            opath = self._open_dir(parts, path)
            try:
                fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=opath)
            except OSError:
                raise PermissionError(f"{'/'.join(parts) or '.'!r} cannot be listed") from None
            finally:
                os.close(opath)
            try:
                with os.scandir(fd) as it:
                    entries = sorted(it, key=lambda e: e.name, reverse=True)
            except OSError:
                raise PermissionError(f"{'/'.join(parts) or '.'!r} cannot be listed") from None
            finally:
                os.close(fd)
            files, dirs = [], []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in _SKIP_DIRS:
                        dirs.append(parts + [entry.name])
                else:
                    files.append("/".join(parts + [entry.name]))
            out.extend(reversed(files))
            if len(out) >= MAX_LIST_ENTRIES:
                return out[:MAX_LIST_ENTRIES]
            pending.extend(dirs)  # reversed names: popped in sorted order
        return out
