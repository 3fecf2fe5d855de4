"""Gatherers for code tasks: the local files a request touches, their import graph (local
imports only), the type definitions they use (Python, TypeScript), related tests, and recent
git changes of those files."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from rlm_bot.pipeline.enrich.items import ContextItem, make_item
from rlm_bot.pipeline.enrich.repo import Repo

MAX_TOUCHED = 4  # files treated as "touched" by one request
MAX_IDENTIFIERS = 8
FILE_WINDOW_LINES = 60  # a long touched file is shown around the mentioned identifier
MAX_TYPES = 8
MAX_TYPE_LINES = 40
MAX_TESTS = 2
MAX_TEST_LINES = 80
GIT_LOG_COMMITS = 3
JS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")

_PATH = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.(?:py|pyi|ts|tsx|js|jsx|mjs|cjs|go|java|kt|rb|rs))\b")
_DOTTED = re.compile(r"\b([a-z_][\w]*(?:\.[a-z_][\w]*){1,5})\b")
_IDENT_PATTERNS = (
    re.compile(r"\b([A-Za-z_]\w*)\(\)"),  # name()
    re.compile(r"`([A-Za-z_]\w*)`"),  # `name`
    re.compile(r"\b([a-z_][a-z0-9]*_[a-z0-9_]+)\b"),  # snake_case
    re.compile(r"\b([a-z]+[A-Z]\w*)\b"),  # camelCase
    re.compile(r"\b([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)\b"),  # CamelCase
)
_JS_IMPORT = re.compile(r"""(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"](\.{1,2}/[^'"]+)['"]""")


def _definition_pattern(name: str) -> re.Pattern[str]:
    n = re.escape(name)
    return re.compile(
        rf"^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:def|class|function|interface|type|enum|"
        rf"struct|trait)\s+{n}\b|^\s*func\s+(?:\([^)]*\)\s*)?{n}\b|"
        rf"^\s*(?:export\s+)?(?:const|let|var)\s+{n}\s*=|"
        rf"^\s*(?:public|private|protected|static|final|\s)*[\w<>\[\]]+\s+{n}\s*\(", re.M)


def mentioned_identifiers(text: str) -> list[str]:
    """Code identifiers named in a request (snake_case, camelCase, Name(), `name`, CamelCase)."""
    found: list[tuple[int, str]] = []
    for pattern in _IDENT_PATTERNS:
        found.extend((m.start(), m.group(1)) for m in pattern.finditer(text))
    seen: dict[str, None] = {}
    for _pos, name in sorted(found):
        if len(name) >= 3 and "." not in name:
            seen.setdefault(name, None)
    return list(seen)[:MAX_IDENTIFIERS]


def touched_files(text: str, repo: Repo) -> list[tuple[str, str | None, str]]:
    """(file, identifier or None, why) for the files a request names or whose definitions it names."""
    files = repo.files
    out: dict[str, tuple[str | None, str]] = {}
    for raw in _PATH.findall(text):
        hit = raw if raw in files else repo.find_by_suffix(raw)
        if hit and PurePosixPath(hit).name == PurePosixPath(raw).name:
            out.setdefault(hit, (None, f"named in the request ({raw})"))
    for dotted in _DOTTED.findall(text):
        base = dotted.replace(".", "/")
        for candidate in (f"{base}.py", f"{base}/__init__.py", f"src/{base}.py"):
            if candidate in files:
                out.setdefault(candidate, (None, f"module {dotted} named in the request"))
    for name in mentioned_identifiers(text):
        if len(out) >= MAX_TOUCHED:
            break
        pattern = _definition_pattern(name)
        for rel in files:
            content = repo.read(rel)
            if content and name in content and pattern.search(content):
                if rel not in out or out[rel][0] is None:
                    out[rel] = (name, f"defines {name}, named in the request")
                break
    return [(rel, ident, why) for rel, (ident, why) in list(out.items())[:MAX_TOUCHED]]


def file_excerpt(repo: Repo, rel: str, identifier: str | None) -> str:
    """The whole file when short, else a window around `identifier`'s definition, numbered."""
    lines = repo.lines(rel)
    start, end = 0, len(lines)
    if len(lines) > FILE_WINDOW_LINES:
        center = 0
        if identifier:
            pattern = _definition_pattern(identifier)
            for i, line in enumerate(lines):
                if pattern.search(line):
                    center = i
                    break
        start = max(0, center - 10)
        end = min(len(lines), start + FILE_WINDOW_LINES)
    return "\n".join(f"{n + 1:>5}  {lines[n]}" for n in range(start, end))


def _parse_python(repo: Repo, rel: str) -> tuple[str, ast.Module] | None:
    """A repository Python file's text and syntax tree (None: unreadable or not valid Python)."""
    text = repo.read(rel)
    if text is None:
        return None
    try:
        return text, ast.parse(text)
    except SyntaxError:
        return None


def python_imports(repo: Repo, rel: str) -> list[tuple[str, list[str]]]:
    """Local modules `rel` imports: (repository file, names imported from it)."""
    parsed = _parse_python(repo, rel)
    if parsed is None:
        return []
    _, tree = parsed
    package = PurePosixPath(rel).parent
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        targets: list[tuple[str, list[str]]] = []
        if isinstance(node, ast.Import):
            targets = [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.parent
                module = ".".join([*(p for p in base.parts if p), *(node.module or "").split(".")])
                module = module.strip(".")
                targets = [(module, names)] + [(f"{module}.{n}", []) for n in names]
            else:
                targets = [(node.module or "", names)] + [(f"{node.module}.{n}", []) for n in names]
        for module, names in targets:
            resolved = _resolve_python(repo, module)
            if resolved and resolved != rel:
                found.setdefault(resolved, []).extend(names)
    return list(found.items())


def _resolve_python(repo: Repo, module: str) -> str | None:
    if not module:
        return None
    base = module.replace(".", "/")
    for candidate in (f"{base}.py", f"{base}/__init__.py", f"src/{base}.py", f"src/{base}/__init__.py"):
        if candidate in repo.files:
            return candidate
    return None


def js_imports(repo: Repo, rel: str) -> list[tuple[str, list[str]]]:
    """Local modules a JS/TS file imports (relative specifiers only)."""
    text = repo.read(rel)
    if text is None:
        return []
    base = PurePosixPath(rel).parent
    out: dict[str, list[str]] = {}
    for spec in _JS_IMPORT.findall(text):
        joined = _normalise(base / spec)
        for candidate in (joined, *(joined + s for s in JS_SUFFIXES),
                          *(f"{joined}/index{s}" for s in JS_SUFFIXES)):
            if candidate in repo.files:
                out.setdefault(candidate, [])
                break
    return list(out.items())


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)


def local_imports(repo: Repo, rel: str) -> list[tuple[str, list[str]]]:
    """Local imports of a Python or JS/TS file."""
    if rel.endswith((".py", ".pyi")):
        return python_imports(repo, rel)
    if rel.endswith(JS_SUFFIXES):
        return js_imports(repo, rel)
    return []


def importers(repo: Repo, rel: str, limit: int = 10) -> list[str]:
    """Files of the repository that import `rel` (reverse edges of the import graph)."""
    stem = PurePosixPath(rel).stem if PurePosixPath(rel).stem != "__init__" else PurePosixPath(rel).parent.name
    out = []
    for other in repo.files:
        if other == rel or not other.endswith((".py", *JS_SUFFIXES)):
            continue
        text = repo.read(other)
        if text and stem in text and any(dep == rel for dep, _ in local_imports(repo, other)):
            out.append(other)
            if len(out) >= limit:
                break
    return out


def python_types(repo: Repo, rel: str, wanted: set[str] | None) -> list[tuple[str, str]]:
    """(name, source) of classes in a Python file (only `wanted` names when given)."""
    parsed = _parse_python(repo, rel)
    if parsed is None:
        return []
    text, tree = parsed
    out = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and (wanted is None or node.name in wanted):
            segment = ast.get_source_segment(text, node) or ""
            decorators = "".join(f"@{ast.unparse(d)}\n" for d in node.decorator_list)
            lines = (decorators + segment).splitlines()
            out.append((node.name, "\n".join(lines[:MAX_TYPE_LINES])))
    return out


_TS_TYPE = re.compile(r"^(?:export\s+)?(?:declare\s+)?(interface|type|enum|class)\s+([A-Za-z_$][\w$]*)", re.M)


def ts_types(repo: Repo, rel: str, wanted: set[str] | None) -> list[tuple[str, str]]:
    """(name, source) of interfaces, type aliases, enums and classes in a TS/JS file."""
    text = repo.read(rel)
    if text is None:
        return []
    out = []
    for match in _TS_TYPE.finditer(text):
        name = match.group(2)
        if wanted is not None and name not in wanted:
            continue
        out.append((name, _balanced(text, match.start())))
    return out


def _balanced(text: str, start: int) -> str:
    """From `start` to the end of the declaration: the matching brace, or the ending semicolon."""
    depth = 0
    opened = False
    for i in range(start, min(len(text), start + 8000)):
        char = text[i]
        if char == "{":
            depth += 1
            opened = True
        elif char == "}":
            depth -= 1
            if opened and depth == 0:
                return "\n".join(text[start:i + 1].splitlines()[:MAX_TYPE_LINES])
        elif char == ";" and not opened and depth == 0:
            return text[start:i + 1]
    return "\n".join(text[start:].splitlines()[:MAX_TYPE_LINES])


def type_definitions(repo: Repo, rel: str, imports: list[tuple[str, list[str]]]) -> list[tuple[str, str, str]]:
    """(file, name, source) of the types a touched file defines or imports from local modules."""
    out: list[tuple[str, str, str]] = []
    reader = python_types if rel.endswith((".py", ".pyi")) else ts_types if rel.endswith(JS_SUFFIXES) else None
    if reader is None:
        return out
    for name, source in reader(repo, rel, None):
        out.append((rel, name, source))
    for dep, names in imports:
        dep_reader = python_types if dep.endswith((".py", ".pyi")) else ts_types
        wanted = set(names) if names else _used_names(repo.read(rel) or "")
        for name, source in dep_reader(repo, dep, wanted):
            out.append((dep, name, source))
    return out[:MAX_TYPES]


def _used_names(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z][A-Za-z0-9_]+\b", text))


def related_tests(repo: Repo, rel: str) -> list[str]:
    """Test files for `rel`, by naming convention, then by importing it."""
    path = PurePosixPath(rel)
    stem, suffix = path.stem, path.suffix
    names = {f"test_{stem}.py", f"{stem}_test.py", f"{stem}_test.go", f"{stem}.test{suffix}",
             f"{stem}.spec{suffix}", f"{stem[:1].upper()}{stem[1:]}Test.java", f"test_{stem}s.py"}
    found = [f for f in repo.files if PurePosixPath(f).name in names]
    if len(found) < MAX_TESTS:
        for candidate in importers(repo, rel, limit=20):
            name = PurePosixPath(candidate).name
            if ("test" in name.lower() or "/tests/" in f"/{candidate}") and candidate not in found:
                found.append(candidate)
    return found[:MAX_TESTS]


def git_changes(repo: Repo, rel: str) -> str:
    """The last few commits that touched `rel`, with their diffs (empty outside git)."""
    if not repo.is_git:
        return ""
    return repo.git("log", f"-n{GIT_LOG_COMMITS}", "--date=short",
                    "--format=commit %h %ad %an%n    %s", "-p", "--unified=2", "--no-color",
                    "--", rel)[:6000]


def gather_code(text: str, repo: Repo) -> list[ContextItem]:
    """Context for a code task: touched files, imports, types, tests, recent changes."""
    items: list[ContextItem] = []
    touched = touched_files(text, repo)
    for rank, (rel, identifier, why) in enumerate(touched):
        top = 0.95 - 0.05 * rank
        items.append(make_item("code", rel, why, file_excerpt(repo, rel, identifier), top))
        imports = local_imports(repo, rel)
        users = importers(repo, rel)
        if imports or users:
            graph = [f"{rel} imports (local): " + (", ".join(
                f"{dep}" + (f" ({', '.join(names)})" if names else "") for dep, names in imports) or "none"),
                f"{rel} is imported by: " + (", ".join(users) or "none")]
            items.append(make_item("imports", f"import graph of {rel}", "local import graph of a touched file",
                                   "\n".join(graph), top - 0.2))
        for owner, name, source in type_definitions(repo, rel, imports):
            items.append(make_item("types", f"{owner}:{name}", f"type {name} used by {rel}",
                                   source, top - 0.15))
        for test in related_tests(repo, rel):
            lines = repo.lines(test)[:MAX_TEST_LINES]
            body = "\n".join(f"{n + 1:>5}  {line}" for n, line in enumerate(lines))
            items.append(make_item("test", test, f"tests of {rel}", body, top - 0.25))
        log = git_changes(repo, rel)
        if log.strip():
            items.append(make_item("git", f"git log {rel}", f"recent changes to {rel}", log, top - 0.3))
    return items
