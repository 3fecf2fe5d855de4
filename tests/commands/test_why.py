"""`rlm-bot why`: stage telemetry of a stored outcome, and clear errors for bad ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rlm_bot.config import load_settings
from rlm_bot.storage import close_all, open_database
from rlm_bot.storage.models import Outcome, StageEvent

pytestmark = pytest.mark.slow  # runs the CLI in subprocesses


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def _store_outcome() -> str:
    db = open_database(load_settings())
    with db.session() as s:
        outcome = Outcome(query_text="what is 17% of 2300?", intent="computation",
                          query_type="arithmetic", models=[], success=True, answer="391")
        s.add(outcome)
        s.flush()
        for i, (stage, decision) in enumerate([("analyze", "computation"), ("compute", "ran template")]):
            s.add(StageEvent(outcome_id=outcome.id, stage=stage, position=i, duration_ms=1.5,
                             decision=decision, reason=f"because {stage}"))
        oid = outcome.id
    close_all()
    return oid


def test_why_prints_stages_in_order():
    oid = _store_outcome()
    done = _cli("why", oid[:8])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert oid in lines[0]
    assert [line.split()[0] for line in lines[3:]] == ["analyze", "compute"]


def test_why_json_has_outcome_and_stages():
    oid = _store_outcome()
    done = _cli("why", oid, "--json")
    data = json.loads(done.stdout)
    assert data["outcome"]["answer"] == "391"
    assert [s["decision"] for s in data["stages"]] == ["computation", "ran template"]


def test_why_unknown_or_malformed_id_is_one_line_error():
    _store_outcome()
    for bad in ("ffffffffffff", "../etc", "abc"):
        done = _cli("why", bad)
        assert done.returncode == 1
        assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
