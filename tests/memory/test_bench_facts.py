"""The team-facts development set of `rlm-bot bench memory` and a small run of its facts section."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from benchmarks.memory_facts import (FACTS, HELDOUT, MODES, FactsError, allowed_scope, bench_facts,
                                     forbidden_scopes, load_facts)
from rlm_bot.config import load_settings
from rlm_bot.memory.scope import Owner

pytestmark = pytest.mark.slow  # a benchmark run (embeds every fact)


def _meta(fact) -> dict:
    owner = Owner(fact.workspace, fact.channel, fact.user, fact.visibility)
    return {"workspace": owner.workspace, "channel": owner.channel, "user": owner.user,
            "visibility": owner.visibility}


def test_the_shipped_set_parses_and_is_large_enough() -> None:
    facts = load_facts(FACTS)
    assert len(facts) >= 200
    assert len({f.id for f in facts}) == len(facts)
    assert len({f.text for f in facts}) == len(facts)
    assert all(f.questions and all(q and q != f.text for q in f.questions) for f in facts)
    assert {f.visibility for f in facts} == {"channel", "workspace", "dm"}
    assert len({f.workspace for f in facts}) >= 2


def test_probe_scopes_agree_with_the_isolation_rule() -> None:
    facts = load_facts(FACTS)
    workspaces = sorted({f.workspace for f in facts})
    for fact in facts:
        assert allowed_scope(fact).allows(_meta(fact)), fact.id
        probes = forbidden_scopes(fact, workspaces)
        assert probes, fact.id
        assert not any(scope.allows(_meta(fact)) for scope in probes), fact.id


def test_a_bad_line_is_refused_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text('{"id": "a", "text": "x", "questions": ["y"], "workspace": "W1", "channel": "c", '
                    '"user": "U1", "visibility": "everyone"}\n')
    with pytest.raises(FactsError, match=r"facts.jsonl:1: visibility"):
        load_facts(path)


def test_a_small_run_reports_every_mode_without_leaks(tmp_path: Path) -> None:
    report = bench_facts(load_settings({"RLM_DATA_DIR": str(tmp_path)}), FACTS, limit=20)
    assert report["facts"] == 20 and report["questions"] >= 20
    assert report["seed_memories"] > 0
    assert report["skipped"]["expanded"].startswith("skipped: no model configured")
    assert set(report["modes"]) == set(MODES)
    for mode, figures in report["modes"].items():
        assert figures["probes"] > 0, mode
        assert figures["leaks"] == 0, (mode, figures["leak_examples"])
        assert 0 <= figures["recall@1"] <= figures["recall@3"] <= 1, mode
        assert 0 <= figures["mrr"] <= 1 and figures["query_p50_ms"] > 0, mode
    # paraphrases are findable at all: meaning-based search gets some of them into the top 3
    assert report["modes"]["vector"]["recall@3"] > 0.3


def test_a_missing_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match="pass --facts"):
        load_facts(tmp_path / "absent.jsonl")


def test_the_held_apart_set_asks_in_other_words() -> None:
    from rlm_bot.memory.keyword import STOPWORDS

    def words(text: str) -> set[str]:
        return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower())
                if w not in STOPWORDS and len(w) > 1}

    held = load_facts(HELDOUT)
    assert len(held) >= 60
    assert not {f.text for f in held} & {f.text for f in load_facts(FACTS)}
    assert {f.visibility for f in held} == {"channel", "workspace", "dm"}
    shared = {(f.id, q): words(f.text) & words(q) for f in held for q in f.questions}
    assert not {key: found for key, found in shared.items() if found}


def test_the_expanded_row_asks_the_configured_model_and_leaks_nothing(tmp_path: Path,
                                                                       fake_llm) -> None:
    asked: list[str] = []

    def rewrite(request) -> str:
        asked.append(request.last_user)
        return "The team noted the answer to this in Slack.\nteam, note, answer"

    fake_llm.rule(rewrite)
    settings = load_settings({**os.environ, "RLM_DATA_DIR": str(tmp_path),
                              "RLM_LLM_RETRY_BACKOFF": "0.01"})
    report = bench_facts(settings, HELDOUT, limit=8)
    expanded = report["modes"]["expanded"]
    assert "expanded" not in report["skipped"]
    assert expanded["model_calls"] == len(asked) > 0 and expanded["rewritten"] == len(asked)
    assert all("<question>" in prompt for prompt in asked)
    assert expanded["leaks"] == 0 and expanded["probes"] > 0
    assert 0 <= expanded["recall@1"] <= expanded["recall@3"] <= 1
