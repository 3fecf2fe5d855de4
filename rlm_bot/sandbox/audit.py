"""A third layer inside each sandbox child: a PEP 578 audit hook active while user code runs.

RestrictedPython (first layer) and the OS confinement (second layer) already stand between
sandboxed code and the host; this hook turns the interpreter's own audit events into refusals
while the code runs: frame and code introspection (`object.__getattr__` fires for gi_frame,
tb_frame, __code__), sys._getframe, new imports, open, sockets, processes, ctypes, marshal and
pickle. It is installed only in forked children (audit hooks cannot be removed), never in the host.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterator

# Event names (or prefixes ending in ".") refused while sandboxed code runs.
DENIED_EVENTS = (
    "open", "os.", "subprocess.", "socket.", "ctypes.", "import", "marshal.", "pickle.",
    "object.__getattr__", "sys._getframe", "sys._current_frames", "sys.settrace",
    "sys.setprofile", "sys.addaudithook", "code.__new__", "function.__new__", "gc.get_",
    "builtins.input", "builtins.breakpoint", "cpython.", "mmap.", "shutil.", "tempfile.",
    "urllib.", "http.", "ftplib.", "smtplib.", "poplib.", "imaplib.", "telnetlib.",
    "webbrowser.", "sqlite3.", "glob.", "fcntl.", "resource.", "signal.", "syslog.",
    "time.sleep", "sys.unraisablehook",
)

_state = {"active": False, "installed": False}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _state["active"]:
        return
    for denied in DENIED_EVENTS:
        if event == denied or (denied.endswith(".") and event.startswith(denied)):
            _state["active"] = False  # raising must not re-enter the hook
            try:
                if event == "import":
                    raise ImportError(f"importing {args[0]!r} is not allowed in the sandbox")
                raise PermissionError(f"{event} is not allowed in the sandbox")
            finally:
                _state["active"] = True


def install() -> None:
    """Add the hook to this process (irreversible; call only in a sandbox child)."""
    if not _state["installed"]:
        sys.addaudithook(_hook)
        _state["installed"] = True


@contextmanager
def guarding() -> Iterator[None]:
    """Refuse the denied events for the duration of the block (no-op until installed)."""
    previous = _state["active"]
    _state["active"] = _state["installed"]
    try:
        yield
    finally:
        _state["active"] = previous


@contextmanager
def trusted() -> Iterator[None]:
    """Let the sandbox's own file helpers open files beneath the root (Landlock still binds)."""
    previous = _state["active"]
    _state["active"] = False
    try:
        yield
    finally:
        _state["active"] = previous
