"""Where the shared development data sits: the `shared/` folder beside the checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside ../shared (corpus/, data/), wherever the checkout lives."""
    return SHARED.joinpath(*parts)
