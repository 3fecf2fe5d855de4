"""Conversation memories kept from answered Slack threads (slack/exchanges.py writes them) are
searched with the same fused ranking and the same scopes as the team's facts."""

from __future__ import annotations

from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.pipeline.enrich import enrich
from rlm_bot.pipeline.types import Task
from rlm_bot.slack.exchanges import ExchangeWriter

QUESTION = "what's the hostname of the staging postgres?"
ANSWER = "Staging PostgreSQL runs on pg-stage-2.internal, port 5433; ask #ops for access."
LATER = "which machine hosts the pre-production database?"


def _keep(store, **where) -> None:
    writer = ExchangeWriter(lambda: store)
    try:
        assert writer.keep(question=QUESTION, answer=ANSWER, source="slack:T1/C1/1.0", **where)
        assert writer.flush(60)
    finally:
        writer.close()


def test_conversation_recall_a_kept_exchange_ranks_like_a_fact(store) -> None:
    for text in ("Production deploys happen every Tuesday after the standup",
                 "The design team reviews mockups in Figma every Thursday",
                 "Staging web servers are rebuilt every night at 02:00"):
        store.add(text, owner=Owner("T1", "C1", "U9", "channel"))
    _keep(store, workspace="T1", channel="C1", user="U1", is_dm=False)
    hits = store.search(LATER, Scope("T1", "C1", "U2"), k=3, touch=False)
    assert hits[0].record.kind == "conversation" and "pg-stage-2" in hits[0].record.text
    assert hits[0].coverage is not None  # scored by the same fusion as every memory
    by_id = store.search("pg-stage-2", Scope("T1", "C1", "U2"), k=1, touch=False)
    assert by_id[0].record.kind == "conversation" and by_id[0].coverage > 0.5
    task = Task(text=LATER, workspace="T1", channel="C1", user="U3")
    items = enrich(task, "question", memory=store).items
    assert items and "pg-stage-2" in items[0].text and "conversation" in items[0].source


def test_conversation_recall_keeps_channel_and_dm_walls(store) -> None:
    _keep(store, workspace="T1", channel="C1", user="U1", is_dm=False)
    _keep(store, workspace="T1", channel="D1", user="U7", is_dm=True)
    def texts(scope: Scope) -> list[str]:
        return [h.record.visibility for h in store.search(LATER, scope, k=10, touch=False)
                if h.record.kind == "conversation"]
    assert texts(Scope("T1", "C1", "U2")) == ["channel"]
    assert texts(Scope("T1", "C2", "U1")) == []
    assert texts(Scope("T2", "C1", "U1")) == []
    assert sorted(texts(Scope("T1", "D1", "U7", is_dm=True))) == ["dm"]
    assert texts(Scope("T1", "D2", "U8", is_dm=True)) == []


def test_conversation_recall_forgotten_exchanges_never_return(store) -> None:
    _keep(store, workspace="T1", channel="C1", user="U1", is_dm=False)
    scope = Scope("T1", "C1", "U2")
    kept = [h.record.id for h in store.search(LATER, scope, k=5, touch=False)]
    assert kept and store.forget(kept) == kept
    assert store.search(LATER, scope, k=5, touch=False) == []
    assert store.search("pg-stage-2", scope, k=5, mode="keyword", touch=False) == []
