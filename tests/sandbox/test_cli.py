"""`rlm-bot py CODE|- [--json]`, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # runs the CLI in subprocesses

def _py(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", "py", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli_py_prints_output_and_value():
    proc = _py("print('hello')\nx = [3, 1, 2]\nsorted(x)")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "hello\n[1, 2, 3]\n"


def test_cli_py_json_and_errors():
    proc = _py("--json", "1 / 0")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["ok"] is False and data["value"] is None
    assert data["error"].startswith("ZeroDivisionError") and data["output"] == ""
    ok = json.loads(_py("--json", "print(1)\n{'a': 2}").stdout)
    assert ok == {**ok, "ok": True, "output": "1\n", "value": {"a": 2}, "error": None}


def test_cli_py_reads_stdin_and_inputs():
    proc = _py("-", "--input", "n=5", "--input", "name=world", stdin="print(name)\nn * 2\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "world\n10\n"


def test_cli_py_failure_is_one_line_on_stderr():
    proc = _py("import os")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: ImportError") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
    assert _py("1", "--timeout", "0").returncode == 2


def test_cli_py_files_root_grants_reads(tmp_path):
    root = tmp_path / "files"  # beside the data dir: a root holding it is refused
    root.mkdir()
    (root / "notes.txt").write_text("alpha beta gamma\n")
    proc = _py("--files-root", str(root), "count_words(read_file('notes.txt'))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "3\n"
    denied = _py("read_file('notes.txt')")
    assert denied.returncode == 1 and "PermissionError" in denied.stderr
    assert _py("--files-root", str(root / "missing"), "1").returncode == 2
