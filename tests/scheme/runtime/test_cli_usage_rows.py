"""A cold `rlm-bot scheme` process records every model call in the usage table before it exits,
also when the program fails part-way, and without importing SQLAlchemy on a migrated data dir."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from rlm_bot.config import load_settings
from rlm_bot.storage import open_database
from rlm_bot.storage.models import Usage
from tests.fakes.fixtures import Fail

ROOT = Path(__file__).resolve().parents[3]
IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$")


def _scheme(program: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    env = {**os.environ, "RLM_LLM_MAX_RETRIES": "0"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "rlm_bot", "scheme", "-"], input=program,
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    modules = {m.group(1) for line in proc.stderr.splitlines() if (m := IMPORT_LINE.match(line))}
    return proc, modules


def _rows() -> list[Usage]:
    db = open_database(load_settings())
    with db.session() as s:
        return s.execute(sa.select(Usage).order_by(Usage.id)).scalars().all()


@pytest.mark.slow
def test_cli_usage_rows_of_a_program_that_fails_part_way_are_written_before_exit(fake_llm):
    open_database(load_settings())  # the data dir migrated, as after `rlm-bot db upgrade`
    fake_llm.rule(lambda req: Fail.server_error(503) if "bad" in req.last_user else None)
    program = ('(define ok (map-async (lambda (i) (llm-query-async #:instruction "ping" #:max-tokens 8))'
               ' (range 7) #:max-concurrent 3))\n'
               '(displayln (length ok))\n'
               '(syntax-e (llm-query #:instruction "bad one" #:max-tokens 8))\n'
               '(displayln "not reached")\n')
    proc, modules = _scheme(program)
    assert proc.returncode == 1 and proc.stdout.strip() == "7", proc.stderr[-2000:]
    assert "not reached" not in proc.stdout and "503" in proc.stderr
    rows = _rows()
    assert len(rows) == 8  # one per call, the failed one too (its fallback attempt is the same call)
    assert len(fake_llm.chat_calls) >= 8
    assert sum(r.ok for r in rows) == 7 and not rows[-1].ok and "503" in rows[-1].error
    assert len({r.run_id for r in rows}) == 1 and all(r.prompt_tokens > 0 for r in rows[:7])
    assert not any(m == "sqlalchemy" or m.startswith("sqlalchemy.") for m in modules)  # sqlite3 wrote them


@pytest.mark.slow
def test_cli_usage_rows_go_through_the_database_on_a_fresh_data_dir(fake_llm):
    # no `db upgrade` yet: the ledger's store migrates the data dir first, then writes
    proc, modules = _scheme('(syntax-e (llm-query #:instruction "ping" #:max-tokens 8))')
    assert proc.returncode == 0 and proc.stdout.strip() == '"OK"', proc.stderr[-2000:]
    assert "sqlalchemy" in modules
    rows = _rows()
    assert len(rows) == 1 and rows[0].ok and rows[0].workspace == "local"
