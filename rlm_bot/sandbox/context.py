"""compile_context: gather source files (and the local files they import) within a token budget.

Files come either as a {path: text} mapping or as paths read through `reader` — inside the
sandbox that reader is read_file, which reads beneath the granted root from inside the confined
worker (settings.sandbox.files_root, see files.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from rlm_bot.sandbox.codeinfo import detect_language, find_imports, python_import_candidates

CHARS_PER_TOKEN = 4
MAX_FILES = 200
_JS_EXTS = ("", ".ts", ".tsx", ".js", ".jsx", ".mjs", "/index.ts", "/index.js")


def estimate_tokens(text: str) -> int:
    """A cheap token estimate (about four characters per token)."""
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def _candidates(importer: str, module: str, lang: str) -> list[str]:
    folder = posixpath.dirname(importer)
    if lang == "python":
        level = len(module) - len(module.lstrip("."))
        name = module.lstrip(".").replace(".", "/")
        if level:
            base = folder
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            stem = posixpath.join(base, name) if name else base
            roots = [stem]
        else:
            roots = [name, posixpath.join(folder, name)]
        return [p for r in roots for p in (f"{r}.py", f"{r}/__init__.py")]
    if lang in {"javascript", "typescript"} and module.startswith("."):
        stem = posixpath.normpath(posixpath.join(folder, module))
        return [stem + ext for ext in _JS_EXTS]
    return []


def _norm(path: str) -> str:
    return posixpath.normpath(str(path).replace("\\", "/")).lstrip("/")


def compile_context(files: Any, include_deps: bool = True, max_tokens: int = 4000, *,
                    reader: Callable[[str], str] | None = None) -> str:
    """Concatenate files as fenced sections, local imports after them, within max_tokens."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens <= 0:
        raise ValueError("max_tokens must be a positive integer")
    known: dict[str, str] = {}
    if isinstance(files, dict):
        order = [_norm(p) for p in files]
        known = {_norm(p): str(t) for p, t in files.items()}
    elif isinstance(files, (list, tuple)):
        order = [_norm(p) for p in files]
    elif isinstance(files, str):
        order = [_norm(files)]
    else:
        raise TypeError("files must be a {path: text} dict or a list of paths")

    def load(path: str) -> str | None:
        """Text of a file, given or read; None when unavailable."""
        if path in known:
            return known[path]
        if reader is None:
            return None
        try:
            text = reader(path)
        except (OSError, ValueError, LookupError):
            return None
        known[path] = text
        return text

    queue = list(dict.fromkeys(order))
    seen: set[str] = set()
    sections: list[tuple[str, str]] = []
    missing: list[str] = []
    while queue and len(seen) < MAX_FILES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        text = load(path)
        if text is None:
            if path in order:
                missing.append(path)
            continue
        sections.append((path, text))
        if include_deps:
            lang = detect_language(text, path)
            try:
                imports = (python_import_candidates(text) if lang == "python"
                           else find_imports(text, lang))
            except ValueError:
                imports = []
            for module in imports:
                for cand in _candidates(path, module, lang):
                    cand = _norm(cand)
                    if cand in seen or cand in queue:
                        break
                    if cand in known or (reader is not None and load(cand) is not None):
                        queue.append(cand)
                        break
    return _render(sections, missing, max_tokens)


def _render(sections: list[tuple[str, str]], missing: list[str], max_tokens: int) -> str:
    budget = max_tokens * CHARS_PER_TOKEN
    parts: list[str] = []
    omitted: list[str] = []
    for path, text in sections:
        lang = detect_language(text, path)
        head = f"### {path}\n```{lang}\n"
        tail = "\n```\n"
        room = budget - len(head) - len(tail)
        if room <= 80:
            omitted.append(path)
            continue
        body = text if len(text) <= room else text[: room - 40] + "\n... [truncated]"
        chunk = head + body + tail
        parts.append(chunk)
        budget -= len(chunk)
    notes = []
    if omitted:
        notes.append("omitted (token budget): " + ", ".join(omitted))
    if missing:
        notes.append("not found: " + ", ".join(missing))
    if notes:
        parts.append("\n".join(f"<!-- {n} -->" for n in notes) + "\n")
    return "".join(parts)
