"""Where the development attack corpus sits: `corpus/` of the shared folder beside the checkout
(or beside the main checkout of a git worktree). It is not part of the repository; the tests that
read it skip their entries when it is absent."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _main_checkout(root: Path) -> Path:
    """The main checkout of a git worktree (its `.git` is a file naming the common git dir)."""
    dot_git = root / ".git"
    try:
        line = dot_git.read_text(encoding="utf-8").strip() if dot_git.is_file() else ""
    except OSError:
        return root
    if not line.startswith("gitdir:"):
        return root
    gitdir = (root / line.removeprefix("gitdir:").strip()).resolve()
    try:
        common = (gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()).resolve()
    except OSError:
        return root
    return common.parent if common.name == ".git" else root


# the shared folder next to the checkout; a worktree elsewhere finds it next to its main checkout
_SHARED = next((c for c in (ROOT.parent / "shared", _main_checkout(ROOT).parent / "shared") if c.is_dir()),
               ROOT.parent / "shared")


def corpus_path(name: str) -> Path:
    """The corpus file `name` (e.g. "scheme_abuse.jsonl"); it may not exist."""
    return _SHARED / "corpus" / name
