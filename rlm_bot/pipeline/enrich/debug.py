"""Gatherers for debugging: stack-trace locations (Python, JavaScript/TypeScript, Java, Go) with
±20 lines around each, `git blame` of those lines, and the error line for memory search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rlm_bot.pipeline.enrich.items import ContextItem, make_item
from rlm_bot.pipeline.enrich.repo import Repo

CONTEXT_LINES = 20
MAX_FRAMES = 4  # project frames shown, innermost first
LIBRARY_MARKERS = ("site-packages/", "dist-packages/", "/lib/python", "node_modules/", "<frozen",
                   "node:internal", "internal/", "/usr/lib/", "/usr/local/go/", "java.base/",
                   "<anonymous>", "/runtime/", "GOROOT")

_PY = re.compile(r'File "(?P<path>[^"]+)", line (?P<line>\d+)(?:, in (?P<func>[^\s]+))?')
_JS = re.compile(r"^\s*at (?:(?P<func>[^\s(][^(]*?) \()?(?P<path>(?:file://)?[^\s()]+?\.(?:js|jsx|ts|tsx|mjs|cjs))"
                 r":(?P<line>\d+)(?::\d+)?\)?\s*$", re.M)
_JAVA = re.compile(r"^\s*at (?P<func>[\w$.<>]+)\((?P<file>[\w$]+\.(?:java|kt|scala)):(?P<line>\d+)\)", re.M)
_GO = re.compile(r"^\s*(?P<path>(?:/|[\w.-]+/)[\w./@-]*\.go):(?P<line>\d+)(?:\s+\+0x[0-9a-f]+)?\s*$", re.M)
_ERROR_LINE = re.compile(
    r"^\s*((?:[\w.$]+(?:Error|Exception|Exit|Interrupt|Warning)|panic|Error|TypeError|fatal error)"
    r"\b[:\s].*)$", re.M)


@dataclass(frozen=True)
class Frame:
    """One location from a stack trace."""

    path: str
    line: int
    func: str
    language: str


def parse_stack_trace(text: str) -> list[Frame]:
    """Frames of every stack trace in `text`, innermost first, per language's ordering."""
    frames: list[Frame] = []
    python = [Frame(m["path"], int(m["line"]), m["func"] or "", "python") for m in _PY.finditer(text)]
    frames.extend(reversed(python))  # Python prints the innermost frame last
    frames.extend(Frame(m["path"], int(m["line"]), (m["func"] or "").strip(), "javascript")
                  for m in _JS.finditer(text))
    for m in _JAVA.finditer(text):
        qualified = m["func"]
        package = qualified.rsplit(".", 2)[0] if qualified.count(".") >= 2 else ""
        path = "/".join([*package.split("."), m["file"]]) if package else m["file"]
        frames.append(Frame(path, int(m["line"]), qualified, "java"))
    go_lines = text.splitlines()
    for m in _GO.finditer(text):
        line_no = text.count("\n", 0, m.start())
        func = go_lines[line_no - 1].strip() if line_no > 0 else ""
        frames.append(Frame(m["path"], int(m["line"]), func, "go"))
    return frames


def error_summary(text: str) -> str:
    """The line that says what went wrong (last exception line, panic message), or ''."""
    matches = _ERROR_LINE.findall(text)
    return matches[-1].strip()[:300] if matches else ""


def memory_query(text: str) -> str:
    """What to look up in past experiences: the error line and the prose around the trace
    (frame lines, code lines and trace boilerplate removed)."""
    frame_lines = {text.count("\n", 0, m.start()) for p in (_PY, _JS, _JAVA, _GO) for m in p.finditer(text)}
    lines = text.splitlines()
    prose = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if (number in frame_lines or (number - 1) in frame_lines and line.startswith((" ", "\t"))
                or stripped.startswith(("Traceback", "goroutine ", "at ", "...", "During handling"))
                or not stripped):
            continue
        prose.append(stripped)
    summary = error_summary(text)
    funcs = [f.func for f in parse_stack_trace(text) if f.func and not is_library(f.path)
             and f.func not in ("<module>", "main")][:2]
    where = f" in {', '.join(funcs)}" if funcs else ""
    rest = " ".join(p for p in prose if p != summary)
    return f"{summary}{where}\n{rest[:400]}".strip() or text[:400]


def is_library(path: str) -> bool:
    """Whether a frame's path belongs to a runtime or a dependency rather than the project."""
    return any(marker in path for marker in LIBRARY_MARKERS)


def snippet(repo: Repo, rel: str, line: int, radius: int = CONTEXT_LINES) -> tuple[str, int, int]:
    """Numbered lines around `line` (the failing one marked '>'); (text, first, last)."""
    lines = repo.lines(rel)
    if not lines:
        return "", 0, 0
    first = max(1, line - radius)
    last = min(len(lines), line + radius)
    body = "\n".join(f"{'>' if n == line else ' '}{n:>5}  {lines[n - 1]}" for n in range(first, last + 1))
    return body, first, last


def blame(repo: Repo, rel: str, first: int, last: int, line: int) -> str:
    """Who last changed lines first..last, summarised per commit; the failing line called out."""
    if not repo.is_git:
        return ""
    raw = repo.git("blame", "--porcelain", "-L", f"{first},{last}", "--", rel)
    if not raw:
        return ""
    commits: dict[str, dict[str, object]] = {}
    current = None
    failing = None
    for entry in raw.splitlines():
        head = re.match(r"^([0-9a-f]{40}) \d+ (\d+)", entry)
        if head:
            current = head.group(1)
            info = commits.setdefault(current, {"lines": []})
            info["lines"].append(int(head.group(2)))  # type: ignore[union-attr]
            if int(head.group(2)) == line:
                failing = current
        elif current and entry.startswith(("author ", "author-time ", "summary ")):
            key, _, value = entry.partition(" ")
            commits[current].setdefault(key, value)
    out = []
    for sha, info in commits.items():
        lines = info["lines"]  # type: ignore[assignment]
        span = f"{min(lines)}-{max(lines)}" if len(lines) > 1 else str(lines[0])
        when = _date(info.get("author-time"))
        mark = "  <- last changed the failing line" if sha == failing else ""
        label = "uncommitted" if sha.startswith("0000000") else sha[:10]
        out.append(f"{label} {when} {info.get('author', '?')}: {info.get('summary', '')} "
                   f"(lines {span}, {len(lines)} lines){mark}")
    return "\n".join(out)


def _date(epoch: object) -> str:
    from datetime import datetime, timezone

    try:
        return datetime.fromtimestamp(int(str(epoch)), tz=timezone.utc).strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        return "?"


def gather_debug(text: str, repo: Repo | None) -> tuple[list[ContextItem], list[Frame]]:
    """Context for a debugging task: trace locations ±20 lines and their blame."""
    frames = parse_stack_trace(text)
    if repo is None:
        return [], frames
    items: list[ContextItem] = []
    seen: set[tuple[str, int]] = set()
    project = [f for f in frames if not is_library(f.path)]
    for rank, frame in enumerate(project):
        if len(seen) >= MAX_FRAMES:
            break
        rel = repo.find_by_suffix(frame.path)
        if rel is None or (rel, frame.line) in seen:
            continue
        seen.add((rel, frame.line))
        body, first, last = snippet(repo, rel, frame.line)
        if not body:
            continue
        where = "innermost project frame" if not items else f"frame {rank + 1} of the trace"
        score = 0.98 - 0.08 * len(seen) + 0.08
        func = f" in {frame.func}" if frame.func else ""
        items.append(make_item("trace", f"{rel}:{first}-{last}",
                               f"{where}: {frame.language} trace line {frame.line}{func}", body, score))
        who = blame(repo, rel, first, last, frame.line)
        if who:
            items.append(make_item("blame", f"git blame {rel}:{first}-{last}",
                                   f"who last changed the code around {rel}:{frame.line}", who,
                                   score - 0.12))
    return items, frames
