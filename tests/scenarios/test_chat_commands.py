"""`rlm-bot chat` runs the Slack app's `/rlm` subcommands (rlm_bot.slack.subcommands) in the
console, as a subprocess fed stdin lines, with no model configured: memory, budgets, status, why,
feedback, report, scheme and plan need none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs `rlm-bot chat` in subprocesses
ROOT = Path(__file__).resolve().parents[2]
FACT = "the release train leaves on Thursdays"
KEY = "sk-proj-" + "Z9y8X7w6V5u4T3s2R1q0P9o8"


def _chat(lines: list[str], *, user: str = "U9", as_json: bool = True) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "rlm_bot", "chat", "--user", user] + (["--json"] if as_json else [])
    return subprocess.run(args, input="\n".join(lines) + "\n", capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=300)


def _replies(done: subprocess.CompletedProcess) -> list[dict]:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_chat_rlm_commands_work_without_a_model():
    done = _chat([
        f"/rlm remember {FACT}",                        # 0
        "/rlm memories",                                # 1
        f"/rlm remember {KEY}",                         # 2 refused: a credential
        "/rlm help",                                    # 3
        "/rlm frobnicate",                              # 4
        "what is 3 * 7?",                               # 5 computed, no model
        "/rlm why",                                     # 6
        "/rlm feedback -1 wrong format",                # 7
        "+1",                                           # 8 the console's own rating still works
        "why",                                          # 9
        "/rlm scheme (finish (+ 1 2))",                 # 10
        "/rlm scheme (car '())",                        # 11
        "/rlm plan summarise each of 40 support tickets",  # 12
        "/rlm budget channel 5",                        # 13 the console's user is the operator
        "/rlm budget",                                  # 14
        "/rlm status",                                  # 15
        "/rlm report",                                  # 16
        "/rlm forget release train leaves on Thursdays",  # 17
        "/rlm memories",                                # 18
        "/rlm what is the capital of France?",          # 19 an ask: needs a model
        "quit",
    ])
    r = _replies(done)
    assert len(r) == 20, done.stdout
    assert r[0]["ok"] and "Remembered privately" in r[0]["text"] and r[0]["id"]
    assert FACT in r[1]["text"] and r[1]["memories"][0]["id"] == r[0]["id"]
    assert r[2]["ok"] is False and "refused" in r[2]["error"] and KEY not in done.stdout
    assert "/rlm remember" in r[3]["help"]
    assert r[4]["ok"] is False and "frobnicate" in r[4]["error"] and "/rlm budget" in r[4]["help"]
    assert r[5]["answer"] == "21" and r[5]["computed"] is True
    assert r[6]["outcome_id"] == r[5]["outcome_id"] and r[6]["stages"] == ["analyze", "compute"]
    assert r[7]["ok"] and r[7]["outcome_id"] == r[5]["outcome_id"] and r[7]["satisfaction"] == 0.0
    assert r[8]["feedback"] == 1 and r[8]["outcome_id"] == r[5]["outcome_id"]
    assert [s["stage"] for s in r[9]["stages"]] == ["analyze", "compute"]
    assert r[10]["ok"] and r[10]["value"] == "3" and "```3```" in r[10]["text"]
    assert r[11]["ok"] is False and "car: contract violation" in r[11]["error"]
    assert "fan-out" in r[12]["text"] and r[12]["plan"]["primary"]["program"]
    assert r[13]["ok"] and r[13]["dollars"] == 5.0 and "$5.00" in r[13]["text"]
    assert "This channel: $5.00 a day" in r[14]["text"]
    assert "Status" in r[15]["text"] and "no model configured" in r[15]["text"]
    assert "tasks" in r[16]["text"].lower() and len(r[16]["charts"]) == 3
    assert all(Path(p).read_bytes()[:4] == b"\x89PNG" for p in r[16]["charts"])
    assert r[17]["ok"] and r[17]["forgotten"] == [r[0]["id"]]
    assert "nothing here yet" in r[18]["text"]
    assert r[19]["ok"] is False and "RLM_LLM_API_BASE" in r[19]["error"]


def test_chat_memories_are_private_to_the_console_user_and_text_mode_shows_them():
    done = _chat([f"/rlm remember {FACT}", "/rlm memories Thursdays", "quit"], as_json=False)
    assert done.returncode == 0, done.stderr
    assert "Remembered privately" in done.stdout and FACT in done.stdout
    assert "needs a language model" not in done.stdout + done.stderr
    other = _replies(_chat(["/rlm memories", "/rlm budget channel none"], user="U8"))
    assert "nothing here yet" in other[0]["text"]
    assert other[1]["ok"] and "Removed" in other[1]["text"]
