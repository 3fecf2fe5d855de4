"""Every entry of the Scheme attack corpus ends in a clean result within its limits.

Canary secrets are planted in the environment; no canary, `uid=`, `root:`, `<class '` or
`POISONED` may appear in the output, the value or the error. Entries that need the LLM runtime's
primitives (llm-query, py-exec, checkpoint! ...) end here in a clean "undefined" error; the
runtime helper re-checks them with its primitives installed (RUNTIME_ENTRIES).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from rlm_bot.config import SchemeLimits
from rlm_bot.scheme import Session
from tests.helpers.corpus import corpus_path

pytestmark = pytest.mark.slow  # the whole attack corpus through the interpreter

CORPUS = corpus_path("scheme_abuse.jsonl")
ENTRIES = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()] if CORPUS.exists() else []

LIMITS = SchemeLimits(max_steps=300_000, timeout_seconds=5.0, max_memory_bytes=64 * 1024 * 1024,
                      max_output_bytes=64 * 1024, max_depth=20_000)
CANARIES = {
    "OPENAI_API_KEY": "sk-canary-openai-3f9d",
    "ANTHROPIC_API_KEY": "sk-ant-canary-77aa",
    "SLACK_BOT_TOKEN": "xoxb-canary-5511",
    "SLACK_SIGNING_SECRET": "canary-signing-9c0e",
}
FORBIDDEN = [*CANARIES.values(), "uid=", "root:", "<class '", "POISONED", "Traceback", "File \""]
RUNTIME_PRIMITIVES = ("llm-query", "py-exec", "py-eval", "checkpoint!", "restore", "map-async",
                      "token-budget", "await", "load-context")
# The runtime helper must re-run these with its primitives installed.
RUNTIME_ENTRIES = sorted(e["id"] for e in ENTRIES if any(p in e["code"] for p in RUNTIME_PRIMITIVES))

# Entries that only need the engine, and the limit (or error kind) that must end them.
EXPECTED_KIND = {
    "cpu_loop": {"max_steps", "timeout_seconds", "max_depth"},
    "deep_recursion": {"max_steps", "timeout_seconds", "max_depth", "fail:contract:variable"},
    "parser_bomb": {"fail:read", None},
    "memory_bomb": {"max_memory_bytes", "max_output_bytes", "max_steps", "timeout_seconds"},
    "bignum": {"max_integer_bits", None},
}


@pytest.mark.skipif(not ENTRIES, reason="shared corpus not present")
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_abuse_corpus_entry_ends_cleanly_within_its_limits(entry: dict, monkeypatch) -> None:
    for name, value in CANARIES.items():
        monkeypatch.setenv(name, value)
    session = Session(limits=LIMITS)
    started = time.monotonic()
    result = session.run(entry["code"])
    elapsed = time.monotonic() - started
    assert elapsed < LIMITS.timeout_seconds + 10, f"{entry['id']} ran {elapsed:.1f}s"
    text = " ".join([result.output, result.error or "", result.value_text() if result.ok else ""])
    for bad in FORBIDDEN:
        assert bad not in text, f"{entry['id']} leaked {bad!r}"
    if not result.ok:
        assert result.error and "\n" not in result.error
        assert result.error_kind != "internal", result.error
    expected = EXPECTED_KIND.get(entry["category"])
    if expected is not None and entry["id"] not in RUNTIME_ENTRIES:
        kind = None if result.ok else result.error_kind
        assert kind in expected, f"{entry['id']}: {result.error}"
    # the host lives on and the session still works after the attack
    session.reset()
    after = session.run("(+ 1 2)")
    assert after.ok and after.value_text() == "3"


def test_abuse_corpus_redefinitions_do_not_leak_between_sessions() -> None:
    poisoned = Session(limits=LIMITS)
    poisoned.run("(define + -) (define car cdr) (set! map (lambda args \"POISONED\"))")
    fresh = Session(limits=LIMITS)
    result = fresh.run("(list (+ 2 1) (car '(1 2)) (map add1 '(1)))")
    assert result.value_text() == "'(3 1 (2))"
