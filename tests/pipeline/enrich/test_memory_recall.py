"""Model-expanded recall against the scripted OpenAI-compatible provider on 127.0.0.1 (litellm
really calls it): the rewrite is searched too, its call is a usage row, a failing model falls back
to the offline search without an error, and no model means the offline search."""

from __future__ import annotations

import sqlalchemy as sa

from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.pipeline.enrich import enrich
from rlm_bot.pipeline.enrich.memory_recall import EXPAND_BELOW, parse_expansions, recall
from rlm_bot.pipeline.types import Task
from rlm_bot.pipeline.usage import RequestCalls
from testing.fakes.openai_server import Fail
from tests.memory.fixtures import embedder, store  # noqa: F401 - fixtures used by name

TEAM = Owner("W1", "C1", "U1", "workspace")
HERE = Scope("W1", "C1", "U1", include_global=False)
FACT = "The payments service is written in Go and owned by the Billing squad"
OTHERS = (
    "Production deploys happen every Tuesday after the standup",
    "The office coffee machine is on the third floor",
    "On-call engineers hand over the pager on Monday mornings",
    "The design team reviews mockups in Figma every Thursday",
    "Our programming book club meets on Fridays in the library",
)
QUESTION = "what do the money folks code in?"
REWRITE = "The payments service is written in Go.\ngolang, payments, billing, language"


def _team(store) -> None:
    for text in (FACT, *OTHERS):
        store.add(text, owner=TEAM)


def _usage_rows(db) -> list:
    with db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT model, prompt_tokens, completion_tokens, ok, workspace "
                                    "FROM usage")).all()


def test_recall_searches_the_rewrite_and_records_its_call(store, llm_client, fake_llm) -> None:
    from rlm_bot.llm.ledger import UsageLedger

    _team(store)
    offline = recall(store, QUESTION, HERE, k=3)
    assert not offline.expanded and max(h.score for h in offline.hits) < EXPAND_BELOW
    fake_llm.rule(lambda request: REWRITE if QUESTION in request.last_user else None)
    calls = RequestCalls(workspace="W1", ledger=UsageLedger(store.db))
    found = recall(store, QUESTION, HERE, k=3, llm=calls.client(llm_client), alias="haiku")
    assert found.expanded and found.expansion.texts == tuple(REWRITE.splitlines())
    assert found.hits[0].record.text == FACT
    assert "rewritten by haiku" in found.note
    assert len(fake_llm.chat_calls) == 1 and calls.calls == 1
    calls.ledger.flush()
    rows = _usage_rows(store.db)
    assert len(rows) == 1 and rows[0].ok and rows[0].workspace == "W1"
    assert rows[0].prompt_tokens > 0 and rows[0].completion_tokens > 0
    calls.ledger.close()


def test_recall_falls_back_to_the_offline_search_when_the_model_fails(store, llm_client,
                                                                      fake_llm) -> None:
    _team(store)
    offline = recall(store, QUESTION, HERE, k=3)
    fake_llm.script(*[Fail.error(400, "model is not available")] * 4)
    found = recall(store, QUESTION, HERE, k=3, llm=llm_client, alias="haiku")
    assert not found.expanded and "failed" in found.note
    assert [h.record.id for h in found.hits] == [h.record.id for h in offline.hits]
    assert fake_llm.chat_calls


def test_recall_asks_no_model_when_sure_or_when_nothing_is_in_scope(store, llm_client,
                                                                    fake_llm) -> None:
    _team(store)
    sure = recall(store, "when do production deploys happen?", HERE, k=3, llm=llm_client,
                  alias="haiku")
    assert "confident" in sure.note and not sure.expanded
    empty = recall(store, QUESTION, Scope("W9", "C1", "U1", include_global=False), k=3,
                   llm=llm_client, alias="haiku")
    assert empty.hits == [] and "no memory to recall" in empty.note
    assert not fake_llm.chat_calls
    assert "offline" in recall(store, QUESTION, HERE, k=3).note


def test_recall_enrichment_uses_the_rewrite_and_says_so(store, llm_client, fake_llm) -> None:
    _team(store)
    fake_llm.rule(lambda request: REWRITE)
    task = Task(text=QUESTION, workspace="W1", channel="C1", user="U1")
    result = enrich(task, "question", memory=store, llm=llm_client, expand_alias="haiku")
    assert result.items and result.items[0].text == FACT
    assert "rewrite searched" in result.items[0].reason
    assert "rewritten by haiku" in result.telemetry.data["gatherers"]["memory_rewrite"]
    chat = enrich(Task(text="hi there", workspace="W1", channel="C1", user="U1"), "chat",
                  memory=store, llm=llm_client, expand_alias="haiku")
    assert "memory_rewrite" not in chat.telemetry.data["gatherers"]
    assert len(fake_llm.chat_calls) == 1  # chat never pays for a rewrite


def test_recall_parse_expansions_takes_two_clean_lines() -> None:
    assert parse_expansions('1. "The API is in Go."\n\n2. golang, api\n3. extra') == (
        "The API is in Go.", "golang, api")
    assert parse_expansions("Statement: Deploys are on Tuesdays\nSynonyms: release, ship") == (
        "Deploys are on Tuesdays", "release, ship")
    assert parse_expansions("   \n") == ()
