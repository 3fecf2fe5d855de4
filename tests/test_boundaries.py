"""The checkout's parts keep to their side: benchmarks import nothing from tests, tests take shared
helpers from tests/helpers (never from a conftest) and nothing private from benchmarks, and the
package imports neither tests nor the loopback fakes of `testing/`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(folder: str) -> list[tuple[str, str]]:
    """(file, imported module) for every import statement under `folder`, at any depth."""
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found += [(str(path.relative_to(ROOT)), node.module)]
    return found


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("benchmarks", ("tests",)),
    ("testing", ("tests", "benchmarks", "rlm_bot")),
    ("rlm_bot", ("tests", "benchmarks", "testing")),
])
def test_boundaries_folder_imports_nothing_forbidden(folder, forbidden):
    bad = [f"{path}: {module}" for path, module in _imports(folder)
           if any(_under(module, package) for package in forbidden)]
    assert not bad, f"{folder}/ imports {', '.join(forbidden)}:\n" + "\n".join(bad)


def test_boundaries_tests_import_no_conftest_and_no_benchmark_internals():
    bad = [f"{path}: {module}" for path, module in _imports("tests")
           if module.rsplit(".", 1)[-1] == "conftest"
           or (_under(module, "benchmarks") and module.split(".")[1].startswith("_"))]
    assert not bad, "move shared helpers to tests/helpers/ (or testing/):\n" + "\n".join(bad)
