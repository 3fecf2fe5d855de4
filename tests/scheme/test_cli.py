"""`rlm-bot scheme FILE|- [--json]`: output, exit codes, the one-line JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # runs the CLI in subprocesses


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", "scheme", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_scheme_prints_output_then_value_in_racket_style(tmp_path) -> None:
    src = tmp_path / "prog.scm"
    src.write_text('#lang racket\n(displayln "hello")\n(list 1 "two" \'three)\n')
    proc = _cli(str(src))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "hello\n'(1 \"two\" three)\n"


def test_cli_scheme_json_is_exactly_one_line_with_the_contract_keys() -> None:
    proc = _cli("-", "--json", stdin='(display "out") (hash \'a (list 1 1/2))')
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data == {"ok": True, "value": {"a": [1, 0.5]}, "error": None, "output": "out",
                    "steps": data["steps"], "tokens": 0, "cost": 0.0}


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_cli_scheme_failed_program_exits_one(flag) -> None:
    proc = _cli("-", *flag, stdin="(car '())")
    assert proc.returncode == 1
    if flag:
        data = json.loads(proc.stdout)
        assert data["ok"] is False and "car: contract violation" in data["error"]
    else:
        assert proc.stderr.startswith("error: car: contract violation")
        assert len(proc.stderr.strip().splitlines()) == 1


def test_cli_scheme_missing_file_is_a_one_line_error() -> None:
    proc = _cli("/nonexistent/prog.scm")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: no such file: /nonexistent/prog.scm"


def test_cli_scheme_syntax_error_names_the_position() -> None:
    proc = _cli("-", stdin="(define x\n  (+ 1 2)")
    assert proc.returncode == 1
    assert "never closed" in proc.stderr and "line 1, column 1" in proc.stderr


def test_cli_scheme_void_value_prints_nothing() -> None:
    proc = _cli("-", stdin="(define x 1)")
    assert proc.returncode == 0 and proc.stdout == ""
