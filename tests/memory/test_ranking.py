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


LOOK_ALIKE = "Our programming book club meets on Fridays in the library"
POSTMORTEMS = (
    "Postmortem INC-4821: the payments webhook retried forever because idempotency keys expired",
    "Postmortem INC-4812: checkout latency spiked when the Redis cluster failed over",
    "Postmortem INC-4128: a bad feature flag disabled card payments in Brazil for forty minutes",
    "Postmortem INC-3921: the search indexer ran out of disk because snapshots were never pruned",
)


def test_ranking_one_shared_common_word_does_not_outrank_a_paraphrase(store) -> None:
    for text in (FACT, LOOK_ALIKE, *TEAM_FACTS):
        store.add(text, owner=TEAM)
    fused = store.search(QUESTION, HERE, k=3, touch=False)
    assert fused[0].record.text == FACT
    look_alike = store.search(QUESTION, HERE, k=10, touch=False)
    shared = next(h for h in look_alike if h.record.text == LOOK_ALIKE)
    assert shared.coverage is not None and shared.coverage < 0.5  # "programming" alone
    # the former fusion gave the only keyword match the full keyword weight, whatever it matched
    assert store.search(QUESTION, HERE, k=1, mode="rsf", touch=False)[0].record.text == LOOK_ALIKE


def test_ranking_a_rare_identifier_still_wins_among_look_alikes(store) -> None:
    for text in POSTMORTEMS:
        store.add(text, owner=TEAM)
    hits = store.search("what was INC-4128 about?", HERE, k=3, touch=False)
    assert "INC-4128" in hits[0].record.text
    assert hits[0].coverage is not None and hits[0].coverage > 0.5
    assert all(0.0 <= h.score <= 1.0 for h in hits)


def test_ranking_keyword_weights_count_only_what_the_requester_may_see(store) -> None:
    # another workspace full of the query's words must not change this workspace's scores
    store.add(FACT, owner=TEAM)
    before = store.search("payments service language", HERE, k=1, touch=False)[0]
    for n in range(6):
        store.add(f"Elsewhere the payments service {n} speaks language {n}", owner=Owner("W2", "C1", "U1", "workspace"))
    after = store.search("payments service language", HERE, k=1, touch=False)[0]
    assert after.record.id == before.record.id and after.coverage == before.coverage
    assert abs(after.score - before.score) < 1e-6


def test_ranking_other_wordings_are_searched_and_their_best_evidence_kept(store) -> None:
    for text in (FACT, LOOK_ALIKE, *TEAM_FACTS):
        store.add(text, owner=TEAM)
    question = "what do the money people code in?"
    alone = {h.record.text: h for h in store.search(question, HERE, k=10, touch=False)}
    both = store.search(question, HERE, k=10, touch=False,
                        expansions=("The payments service is written in Go", "golang, payments"))
    assert both[0].record.text == FACT
    assert both[0].similarity >= alone.get(FACT, both[0]).similarity
    assert both[0].coverage > (alone[FACT].coverage or 0.0 if FACT in alone else 0.0)
