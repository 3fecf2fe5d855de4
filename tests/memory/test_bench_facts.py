"""The team-facts development set of `rlm-bot bench memory` and a small run of its facts section."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.memory_facts import (FACTS, MODES, FactsError, allowed_scope, bench_facts, forbidden_scopes,
                                     load_facts)
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
    assert report["model_expanded"].startswith("n/a")
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
