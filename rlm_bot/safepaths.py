"""Which directories a sandbox files root must never cover (checked by config and the pool).

It sits below config and the sandbox alike: config refuses a bad RLM_SANDBOX_FILES_ROOT when the
settings load, the sandbox pool refuses one handed to it directly.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SPECIAL_DIRS", "unsafe_root_reason"]

# kernel views of processes and devices: a root covering one serves other processes' secrets
SPECIAL_DIRS = (Path("/proc"), Path("/sys"), Path("/dev"))


def unsafe_root_reason(root: Path | str, protected: dict[str, Path] | None = None) -> str | None:
    """Why `root` must not be a files root (None when it may): it is, holds or lies inside a
    SPECIAL_DIRS entry, or it holds (or lies inside) one of the `protected` {name: path}."""
    resolved = Path(root).expanduser().resolve()
    for special in SPECIAL_DIRS:
        if resolved.is_relative_to(special) or special.is_relative_to(resolved):
            return f"it covers {special}"
    for name, path in (protected or {}).items():
        target = Path(path).expanduser().resolve()
        if target.is_relative_to(resolved) or (target.is_dir() and resolved.is_relative_to(target)):
            return f"it covers {name} ({target})"
    return None
