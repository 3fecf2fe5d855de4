"""Locate files shipped with the package (prompt templates, seed knowledge)."""

from __future__ import annotations

from pathlib import Path

from rlm_bot.errors import RlmError

_PACKAGE = Path(__file__).resolve().parent
# In a wheel they are force-included under rlm_bot/_resources; in a checkout they sit at the root.
_CANDIDATES = {
    "prompts": (_PACKAGE / "_resources" / "prompts", _PACKAGE.parent / "prompts"),
    "seed": (_PACKAGE / "_resources" / "seed", _PACKAGE.parent / "memory" / "seed"),
}


def resource_dir(kind: str) -> Path:
    """Return the directory of shipped resources of `kind` ("prompts" or "seed")."""
    for candidate in _CANDIDATES[kind]:
        if candidate.is_dir():
            return candidate
    raise RlmError(f"the package's {kind} directory is missing; reinstall rlm-bot")


def load_prompt(name: str, **values: object) -> str:
    """Read prompts/NAME.txt and fill its {placeholders} with `values`."""
    path = resource_dir("prompts") / f"{name}.txt"
    if not path.is_file():
        raise RlmError(f"no prompt template named {name!r} in {path.parent}")
    text = path.read_text(encoding="utf-8")
    return text.format(**values) if values else text
