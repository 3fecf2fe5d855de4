"""Static facts about source code: imports (Python, JavaScript/TypeScript, Go), call graphs."""

from __future__ import annotations

import ast
import re

MAX_SOURCE_CHARS = 2_000_000

_JS_PATTERNS = (
    re.compile(r"""^\s*import\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"'\n]+)["']""",
               re.M),
    re.compile(r"""^\s*export\s+(?:type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+["']([^"'\n]+)["']""",
               re.M),
    re.compile(r"""\brequire\s*\(\s*["']([^"'\n]+)["']\s*\)"""),
    re.compile(r"""\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)"""),
)
_GO_SINGLE = re.compile(r'^\s*import\s+(?:[\w.]+\s+)?"([^"\n]+)"', re.M)
_GO_BLOCK = re.compile(r"^\s*import\s*\((.*?)\)", re.M | re.S)
_GO_SPEC = re.compile(r'^\s*(?:[\w.]+\s+)?"([^"\n]+)"', re.M)


def detect_language(content: str, path: str | None = None) -> str:
    """Guess 'python', 'javascript', 'typescript' or 'go' from a file name or the text."""
    if path:
        lowered = path.lower()
        for suffix, lang in ((".py", "python"), (".pyi", "python"), (".go", "go"),
                             (".ts", "typescript"), (".tsx", "typescript"), (".mts", "typescript"),
                             (".js", "javascript"), (".jsx", "javascript"), (".mjs", "javascript"),
                             (".cjs", "javascript")):
            if lowered.endswith(suffix):
                return lang
    if re.search(r"^\s*package\s+\w+\s*$", content, re.M):
        return "go"
    if re.search(r"""^\s*import\s+.*\bfrom\s+["']|\brequire\s*\(""", content, re.M):
        return "javascript"
    return "python"


def _python_imports(content: str) -> list[str]:
    try:
        tree = ast.parse(content)
    except (SyntaxError, ValueError, RecursionError):
        found = []
        for m in re.finditer(r"^\s*(?:from\s+(\.*[\w.]*)\s+import|import\s+([\w.,\s]+))",
                             content, re.M):
            if m.group(1):
                found.append(m.group(1))
            else:
                found.extend(p.split(" as ")[0].strip() for p in m.group(2).split(","))
        return [f for f in found if f]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


def python_import_candidates(content: str) -> list[str]:
    """Modules a Python file may load: imports plus `pkg.name` for each `from pkg import name`."""
    try:
        tree = ast.parse(content)
    except (SyntaxError, ValueError, RecursionError):
        return _python_imports(content)
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            out.append(base)
            sep = "" if base.endswith(".") or not base else "."
            out.extend(f"{base}{sep}{alias.name}" for alias in node.names if alias.name != "*")
    return list(dict.fromkeys(out))


def find_imports(content: str, language: str | None = None, *, path: str | None = None) -> list[str]:
    """Modules a source file imports, in order of first appearance, without duplicates."""
    if not isinstance(content, str):
        raise TypeError("find_imports takes the source text as a string")
    if len(content) > MAX_SOURCE_CHARS:
        raise ValueError(f"source longer than {MAX_SOURCE_CHARS:,} characters")
    lang = (language or detect_language(content, path)).lower()
    if lang in {"python", "py"}:
        found = _python_imports(content)
    elif lang in {"javascript", "typescript", "js", "ts"}:
        found = []
        positions = []
        for pattern in _JS_PATTERNS:
            positions.extend((m.start(), m.group(1)) for m in pattern.finditer(content))
        found = [name for _, name in sorted(positions)]
    elif lang in {"go", "golang"}:
        positions = [(m.start(), m.group(1)) for m in _GO_SINGLE.finditer(content)]
        for block in _GO_BLOCK.finditer(content):
            positions.extend((block.start(1) + m.start(), m.group(1))
                             for m in _GO_SPEC.finditer(block.group(1)))
        found = [name for _, name in sorted(positions)]
    else:
        raise ValueError(f"unsupported language {language!r}: use python, javascript, "
                         "typescript or go")
    return list(dict.fromkeys(found))


def _call_name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        base = _call_name(func.value)
        return f"{base}.{func.attr}" if base else func.attr
    if isinstance(func, ast.Call):
        return _call_name(func.func)
    return None


class _CallGraph(ast.NodeVisitor):
    def __init__(self) -> None:
        self.scope: list[str] = []
        self.graph: dict[str, list[str]] = {}

    def _current(self) -> str:
        return ".".join(self.scope) if self.scope else "<module>"

    def _enter(self, node: ast.AST, name: str) -> None:
        self.scope.append(name)
        self.graph.setdefault(self._current(), [])
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """A function scope (decorators are called from the enclosing scope)."""
        for deco in node.decorator_list:
            self.visit(deco)
        self._enter(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """A class prefixes its methods' names."""
        self.scope.append(node.name)
        for stmt in node.body:
            self.visit(stmt)
        self.scope.pop()

    def visit_Call(self, node: ast.Call) -> None:
        """Record the dotted name of a call in the current scope."""
        name = _call_name(node.func)
        if name:
            calls = self.graph.setdefault(self._current(), [])
            if name not in calls:
                calls.append(name)
        self.generic_visit(node)


def call_graph(source: str) -> dict[str, list[str]]:
    """Python call graph: each function (Class.method, outer.inner) -> names it calls."""
    if not isinstance(source, str):
        raise TypeError("call_graph takes Python source as a string")
    if len(source) > MAX_SOURCE_CHARS:
        raise ValueError(f"source longer than {MAX_SOURCE_CHARS:,} characters")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"cannot parse Python source: line {exc.lineno}: {exc.msg}") from None
    visitor = _CallGraph()
    visitor.visit(tree)
    return {k: v for k, v in visitor.graph.items() if v or k != "<module>"}
