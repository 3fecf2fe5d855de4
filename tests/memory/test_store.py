"""MemoryStore behaviour: writes, merging, redaction, search modes, forgetting, decay,
consolidation — on SQLite, and on PostgreSQL when RLM_TEST_DATABASE_URL is set."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from rlm_bot.memory.errors import MemoryStoreError, SecretRefusedError
from rlm_bot.memory.keyword import ITEMS
from rlm_bot.memory.lifecycle import HALF_LIFE_DAYS
from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.storage.models import utcnow

TEAM = Owner("W1", "C1", "U1", "channel")
HERE = Scope("W1", "C1", "U1")


def test_store_add_and_search_finds_paraphrase(any_store) -> None:
    any_store.add("Production deploys happen every Tuesday after the standup", owner=TEAM)
    any_store.add("The office coffee machine is on the third floor", owner=TEAM)
    hits = any_store.search("which day do we ship releases to prod?", HERE, k=1)
    assert hits and "Tuesday" in hits[0].record.text
    assert hits[0].record.use_count == 0  # the returned record predates this use
    assert any_store.get(hits[0].record.id).use_count == 1


def test_store_keyword_mode_matches_exact_identifier(any_store) -> None:
    any_store.add("Error ERR_QUOTA_7731 means the tenant exceeded its nightly export quota", owner=TEAM)
    any_store.add("Quota questions go to the billing team", owner=TEAM)
    hits = any_store.search("ERR_QUOTA_7731", HERE, k=1, mode="keyword")
    assert hits and "ERR_QUOTA_7731" in hits[0].record.text
    assert hits[0].keyword_rank == 1


def test_store_near_duplicate_merges_newer_wording(store) -> None:
    first = store.add("The staging DB host is pg-stage-2", owner=TEAM)
    second = store.add("The staging DB host is pg-stage-3", owner=TEAM)
    assert second.merged and second.id == first.id and second.similarity >= 0.93
    record = store.get(first.id)
    assert record.text == "The staging DB host is pg-stage-3" and record.merged_count == 1
    assert store.count() == 1
    # the keyword index follows the new text
    assert store.search("pg-stage-3", HERE, mode="keyword")
    assert not store.search("pg-stage-2", HERE, mode="keyword")
    assert store.add("Alice prefers code reviews in the morning", owner=TEAM).merged is False
    assert store.add("Alice likes morning code reviews", owner=TEAM).merged is True


def test_store_no_merge_across_buckets_or_kinds(store) -> None:
    store.add("Deploy day is Tuesday", owner=TEAM)
    other = store.add("Deploy day is Tuesday", owner=Owner("W1", "C2", "U1", "channel"))
    kind = store.add("Deploy day is Tuesday", owner=TEAM, kind="preference")
    assert not other.merged and not kind.merged and store.count() == 3


def test_store_unrelated_texts_do_not_merge(store) -> None:
    store.add("Deploy day is Tuesday", owner=TEAM)
    assert not store.add("Our on-call rotation changes on Mondays", owner=TEAM).merged


@pytest.mark.parametrize("secret", [
    "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
    "sk-proj-AbCdEf0123456789AbCdEf0123456789",
    "sk-ant-api03-AbCdEf0123456789AbCdEf0123",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "AKIAABCDEFGHIJKLMNOP",
])
def test_store_redacts_secret_values(store, secret) -> None:
    result = store.add(f"The staging deploy pipeline uses the credential {secret} for uploads", owner=TEAM)
    assert result.redacted
    record = store.get(result.id)
    assert secret not in record.text and "[redacted" in record.text
    with store.db.engine.connect() as conn:
        stored = conn.execute(sa.select(ITEMS.c.text)).scalars().all()
    assert all(secret not in text for text in stored)
    got = store.vectors.collection("W1", create=False).get(ids=[result.id], include=["documents", "metadatas"])
    assert secret not in str(got["documents"]) + str(got["metadatas"])


def test_store_refuses_text_that_is_only_a_secret(store) -> None:
    with pytest.raises(SecretRefusedError, match="never stores secrets"):
        store.add("token: xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", owner=TEAM)
    assert store.count() == 0


def test_store_rejects_bad_input_with_clear_errors(store) -> None:
    with pytest.raises(MemoryStoreError, match="empty"):
        store.add("   ", owner=TEAM)
    with pytest.raises(MemoryStoreError, match="kind"):
        store.add("x y z", owner=TEAM, kind="gossip")
    with pytest.raises(MemoryStoreError, match="visibility"):
        Owner("W1", "C1", "U1", "everyone")
    with pytest.raises(MemoryStoreError, match="mode"):
        store.search("q", HERE, mode="magic")


def test_store_forget_by_id_respects_workspace(store) -> None:
    kept = store.add("The VPN gateway is vpn2.internal", owner=TEAM)
    assert store.forget([kept.id], workspace="W2") == []
    assert store.forget([kept.id], workspace="W1") == [kept.id]
    assert store.get(kept.id) is None
    assert store.vectors.count() == 0
    assert not store.search("vpn gateway", HERE, mode="keyword")


def test_store_forget_by_query_only_close_matches_in_scope(store) -> None:
    store.add("Alice prefers code reviews in the morning", owner=TEAM)
    store.add("The build cache lives in an S3 bucket", owner=TEAM)
    other = store.add("Alice prefers code reviews in the morning", owner=Owner("W2", "C1", "U1", "channel"))
    gone = store.forget_matching("Alice likes morning code reviews", HERE, min_similarity=0.7)
    assert len(gone) == 1
    assert store.count() == 2 and store.get(other.id) is not None


def test_store_forget_user_removes_all_of_theirs_in_one_workspace(store) -> None:
    store.add("U1 fact one about kubernetes upgrades", owner=TEAM)
    store.add("U1 private note about salary review", owner=Owner("W1", "D1", "U1", "dm"))
    store.add("U2 fact about the release train", owner=Owner("W1", "C1", "U2", "channel"))
    elsewhere = store.add("U1 fact in another workspace", owner=Owner("W2", "C1", "U1", "channel"))
    assert len(store.forget_user("W1", "U1")) == 2
    assert {r.user for r in store.list(workspace="W1")} == {"U2"}
    assert store.get(elsewhere.id) is not None


def test_store_decay_is_computed_from_timestamps_and_idempotent(store) -> None:
    result = store.add("The legacy cron host is cron-old-3", owner=TEAM, confidence=0.8)
    old = utcnow() - timedelta(days=HALF_LIFE_DAYS)
    with store.db.session() as session:
        session.execute(sa.update(ITEMS).values(last_used_at=old))
    now = utcnow()
    first = store.decay(now)
    value = store.get(result.id).confidence
    second = store.decay(now)
    assert first["updated"] == 1 and second["updated"] == 0
    assert value == pytest.approx(0.4, rel=0.01)
    assert store.get(result.id).confidence == pytest.approx(value)
    # using it resets the clock
    store.search("legacy cron host", HERE, k=1)
    assert store.get(result.id).confidence == pytest.approx(0.8, rel=0.01)
    # pruning removes what fell below the floor, never seed knowledge
    with store.db.session() as session:
        session.execute(sa.update(ITEMS).values(last_used_at=utcnow() - timedelta(days=400)))
    assert store.decay(prune_below=0.05)["pruned"] == 1 and store.count() == 0


def test_store_decayed_memory_ranks_below_fresh_equal(store) -> None:
    stale = store.add("Rollbacks use the blue-green switch in the deploy console", owner=TEAM)
    fresh = store.add("Rollbacks use the blue-green switch on the load balancer",
                      owner=Owner("W1", "C1", "U1", "workspace"))
    with store.db.session() as session:
        session.execute(sa.update(ITEMS).where(ITEMS.c.id == stale.id)
                        .values(last_used_at=utcnow() - timedelta(days=120)))
    hits = store.search("how do rollbacks work with blue-green", HERE, k=2, touch=False)
    assert [h.record.id for h in hits][0] == fresh.id


def test_store_experiences_merge_tally_and_consolidate(store) -> None:
    runs = [
        ("flaky test in CI", "rerun with -p no:randomly", "success"),
        ("flaky tests in the CI job", "rerun with -p no:randomly", "success"),
        ("the CI test is flaky", "rerun with -p no:randomly", "failure"),
        ("slow docker build", "enable BuildKit cache mounts", "success"),
    ]
    for task, approach, outcome in runs:
        store.add_experience(task, approach, outcome, owner=TEAM, merge=False)
    report = store.consolidate(workspace="W1")
    assert report == {"experiences": 4, "groups": 1, "removed": 2}
    rows = store.list(workspace="W1", kind="experience")
    flaky = next(r for r in rows if "flak" in r.text)
    assert flaky.meta["occurrences"] == 3
    assert flaky.meta["successes"] == 2 and flaky.meta["failures"] == 1
    assert store.vectors.count() == 2
    assert store.consolidate(workspace="W1")["removed"] == 0


def test_store_experience_merge_on_write_counts(store) -> None:
    first = store.add_experience("deploy failed with OOMKilled", "raise the memory limit to 2Gi",
                                 "success", owner=TEAM)
    second = store.add_experience("deploy failed with OOMKilled", "raise the memory limit to 2Gi",
                                  "failure", owner=TEAM, detail="the leak came back after an hour")
    assert second.merged and second.id == first.id
    meta = store.get(first.id).meta
    assert (meta["occurrences"], meta["successes"], meta["failures"]) == (2, 1, 1)
    hits = store.search("pod OOMKilled during deploy", HERE, k=1, kinds=("experience",))
    assert hits and hits[0].record.id == first.id


def test_store_list_filters_and_orders(store) -> None:
    store.add("first workspace fact about releases", owner=Owner("W1", "C1", "U1", "workspace"))
    store.add("a channel fact about the incident bridge", owner=TEAM)
    store.add("a private preference for short answers", owner=Owner("W1", "D1", "U1", "dm"),
              kind="preference")
    assert len(store.list(workspace="W1")) == 3
    assert [r.kind for r in store.list(workspace="W1", visibility="dm")] == ["preference"]
    assert store.list(workspace="W1", channel="C1", visibility="channel")[0].text.startswith("a channel")
    assert store.list(workspace="W2") == []


def test_store_reopen_keeps_memories(tmp_path, embedder) -> None:
    from tests.memory.fixtures import make_store

    url = f"sqlite:///{tmp_path / 'm.db'}"
    first = make_store(url, tmp_path / "chroma", embedder)
    added = first.add("The release manager this quarter is Dana", owner=TEAM)
    first.db.dispose()
    second = make_store(url, tmp_path / "chroma", embedder)
    hits = second.search("who manages releases?", HERE, k=1)
    assert hits and hits[0].record.id == added.id


def test_store_add_document_chunks_and_replaces(store) -> None:
    body = "# Runbook\n\n" + "\n\n".join(
        f"## Step {i}\n\nRun the migration script number {i} and check the dashboard." for i in range(12))
    first = store.add_document(body, owner=TEAM, source="runbooks/migrate.md", chunk_tokens=60)
    assert len(first) > 2 and store.count() == len(first)
    hits = store.search("migration script number 7", HERE, k=1, kinds=("document",))
    assert "Step 7" in hits[0].record.text and hits[0].record.meta["doc"] == "runbooks/migrate.md"
    second = store.add_document("# Runbook\n\nRetired.", owner=TEAM, source="runbooks/migrate.md")
    assert len(second) == 1 and store.count() == 1
