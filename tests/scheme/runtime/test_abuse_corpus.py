"""The Scheme abuse corpus entries that reach runtime primitives (budget bypasses, async floods,
checkpoint traversal, cross-tenant context, bridge escapes), run against the real runtime."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.corpus import corpus_path

pytestmark = pytest.mark.slow  # the attack corpus through the runtime

CORPUS = corpus_path("scheme_abuse.jsonl")
RUNTIME_NAMES = ("llm-query", "map-async", "await", "checkpoint!", "restore", "py-exec", "py-eval",
                 "py-set!", "token-budget", "cost-budget", "load-context", "get-context", "context")
CANARIES = {"OPENAI_API_KEY": "sk-canary-openai-77aa", "ANTHROPIC_API_KEY": "sk-ant-canary-88bb",
            "SLACK_BOT_TOKEN": "xoxb-canary-99cc", "SLACK_SIGNING_SECRET": "canary-signing-secret-00dd"}
MARKERS = ("uid=", "root:", "<class '", "POISONED", "Traceback") + tuple(CANARIES.values())
MAX_CALLS = 25


def _entries() -> list[dict]:
    if not CORPUS.is_file():
        return []
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if any(name in r["code"] for name in RUNTIME_NAMES)]


ENTRIES = _entries()


@pytest.mark.skipif(not ENTRIES, reason="shared corpus not present")
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_abuse_entry_ends_cleanly(make_runtime, fake_llm, monkeypatch, tmp_path, entry):
    for name, value in CANARIES.items():
        monkeypatch.setenv(name, value)
    fake_llm.rule(lambda req: "import os\nprint(os.environ)" if "Python" in req.last_user
                  else "(py-exec \"import os\")" if "Scheme" in req.last_user else "ok")
    rt = make_runtime(workspace="T-attacker", RLM_RUN_MAX_CALLS=str(MAX_CALLS),
                      RLM_SCHEME_MAX_STEPS="2000000")
    threads_before = threading.active_count()
    files_before = set(os.listdir(tmp_path))
    started = time.monotonic()
    out = rt.execute(entry["code"], timeout=2.0)
    assert time.monotonic() - started < 15, "run did not stop near its time limit"
    text = json.dumps(out.to_dict(), default=str)
    for marker in MARKERS:
        assert marker not in text, (entry["id"], marker)
    log = repr([e.to_dict() for e in rt.log.entries()])  # previews of the program's own inputs
    for secret in CANARIES.values():
        assert secret not in log, (entry["id"], "secret in the scope log")
    if not out.ok:
        assert out.error and "\n" not in out.error
    calls = fake_llm.chat_calls
    assert len(calls) <= MAX_CALLS
    assert fake_llm.max_concurrency <= 100
    if entry["category"] == "budget_bypass":
        # nothing larger than the budget in force was ever sent
        assert all(c.params.get("max_tokens", 0) <= 32_768 for c in calls)
        assert len(calls) <= 2
    if entry["category"] in ("checkpoint_path_traversal", "cross_tenant", "checkpoint_deserialization"):
        assert set(os.listdir(tmp_path)) == files_before
    deadline = time.monotonic() + 10  # workers notice the end of the run at their next check
    while time.monotonic() < deadline and threading.active_count() > threads_before + 8:
        time.sleep(0.05)
    assert threading.active_count() <= threads_before + 8  # workers cleaned up


def test_a_tenant_cannot_read_another_tenants_checkpoints_through_keys(make_runtime):
    victim = make_runtime(workspace="U0OTHERUSER")
    out = victim.execute('(checkpoint! "memory" "victim data") (checkpoint! "slots" "victim slots")', timeout=10)
    assert out.ok, out.error
    attacker = make_runtime(workspace="T-attacker")
    probe = attacker.execute('(list (restore "../U0OTHERUSER/memory") (restore "U0OTHERUSER:memory")'
                             ' (restore "ws:U0OTHERUSER/memory") (restore "T0OTHERTEAM/C0PRIVATE/slots"))',
                             timeout=10)
    assert probe.ok and probe.to_dict()["value"] == [False, False, False, False]
