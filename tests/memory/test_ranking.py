"""Team facts beside the packaged knowledge: the guide is consulted for orchestration requests only."""

from __future__ import annotations

from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.memory.seed import load_seed, seed_directory
from rlm_bot.pipeline.enrich import enrich, wants_packaged_knowledge
from rlm_bot.pipeline.types import Task

TEAM = Owner("W1", "C1", "U1", "workspace")
HERE = Scope("W1", "C1", "U1")
FACT = "The payments service is written in Go and deployed to the eu-west cluster"
QUESTION = "Which programming language is the billing backend built with?"
TEAM_FACTS = (
    "Production deploys happen every Tuesday after the standup",
    "The office coffee machine is on the third floor",
    "On-call engineers hand over the pager on Monday mornings",
    "The design team reviews mockups in Figma every Thursday",
)


def _team_beside_seed(store) -> None:
    directory = seed_directory()
    assert directory is not None, "the packaged seed knowledge is missing from this checkout"
    assert load_seed(store, directory).chunks > 20
    store.add(FACT, owner=TEAM)
    for text in TEAM_FACTS:
        store.add(text, owner=TEAM)


def test_ranking_team_fact_in_top_three_beside_packaged_seed(store) -> None:
    _team_beside_seed(store)
    hits = store.search(QUESTION, HERE, k=3, touch=False)
    assert FACT in [h.record.text for h in hits]


def test_ranking_enrichment_leaves_packaged_seed_out_of_a_team_question(store) -> None:
    _team_beside_seed(store)
    task = Task(text=QUESTION, workspace="W1", channel="C1", user="U1")
    items = enrich(task, "question", memory=store).items
    assert items and items[0].text == FACT
    assert not any("seed knowledge" in item.source for item in items)


def test_ranking_enrichment_consults_packaged_seed_for_orchestration(store) -> None:
    _team_beside_seed(store)
    question = "How do I write a Scheme program that fans out llm-query calls over chunks?"
    assert wants_packaged_knowledge(question) and not wants_packaged_knowledge(QUESTION)
    task = Task(text=question, workspace="W1", channel="C1", user="U1")
    items = enrich(task, "question", memory=store).items
    assert any("seed knowledge" in item.source for item in items)
