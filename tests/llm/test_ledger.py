"""UsageLedger: every call of a client lands in the `usage` table (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from rlm_bot.llm import ModelCallError, UsageLedger, UsageMeter
from rlm_bot.storage import Database
from rlm_bot.storage.models import Usage
from tests.fakes.fixtures import Fail, Reply


def test_ledger_writes_every_call_with_its_labels(make_client, fake_llm, db, transport):
    ledger = UsageLedger(db, outcome_id="out-1")
    client = make_client(on_call=ledger.record, RLM_LLM_TRANSPORT=transport)
    fake_llm.script(Reply("a", prompt_tokens=11, completion_tokens=4))
    meter = UsageMeter(run_id="run-42", workspace="T123")
    client.complete("haiku", "one", meter=meter)

    async def many():
        await asyncio.gather(*(client.acomplete("gpt-mini", f"q{i}", meter=meter) for i in range(30)))

    asyncio.run(many())
    fake_llm.rule(lambda req: Fail.error(400, "bad request body"))
    with pytest.raises(ModelCallError):
        client.complete("haiku", "boom", meter=meter)
    assert ledger.flush()
    ledger.close()
    with db.session() as s:
        rows = s.execute(sa.select(Usage).order_by(Usage.id)).scalars().all()
        assert len(rows) == 32 and ledger.written == 32 and ledger.dropped == 0
        first = rows[0]
        assert (first.run_id, first.workspace, first.outcome_id, first.model) == ("run-42", "T123", "out-1",
                                                                                 "claude-haiku-4-5")
        assert (first.prompt_tokens, first.completion_tokens, first.ok) == (11, 4, True)
        assert first.cost == pytest.approx(11e-6 + 4 * 5e-6) and first.latency_ms > 0
        assert sum(r.model == "gpt-5.4-mini" for r in rows) == 30
        assert not rows[-1].ok and "bad request body" in rows[-1].error


def test_ledger_survives_a_broken_database(make_client, fake_llm, tmp_path, caplog, transport):
    broken = Database(f"sqlite:///{tmp_path / 'never-migrated.db'}")  # no usage table
    ledger = UsageLedger(broken)
    client = make_client(on_call=ledger.record, RLM_LLM_TRANSPORT=transport)
    assert client.complete("haiku", "hi").text == "OK"  # the call itself is unaffected
    assert ledger.flush()
    ledger.close()
    assert ledger.written == 0 and ledger.dropped == 1
    assert "usage ledger could not write" in caplog.text
    broken.dispose()


def test_ledger_opens_its_database_with_the_first_row(make_client, fake_llm, db, caplog):
    opened = []

    def open_db():
        opened.append(1)
        return db

    idle = UsageLedger(open_db=open_db)
    assert idle.flush()
    idle.close()
    assert opened == []  # nothing recorded: the database is never opened
    ledger = UsageLedger(open_db=open_db, outcome_id="out-9")
    client = make_client(on_call=ledger.record)
    client.complete("haiku", "hi")
    client.complete("haiku", "again")
    assert ledger.flush()
    ledger.close()
    assert opened == [1] and ledger.written == 2
    with db.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Usage).where(Usage.outcome_id == "out-9")) == 2

    def unreachable():
        raise OSError("disk on fire")

    failing = UsageLedger(open_db=unreachable)
    client = make_client(on_call=failing.record)
    assert client.complete("haiku", "hi").text == "OK"  # the call itself is unaffected
    assert failing.flush()
    failing.close()
    assert failing.written == 0 and failing.dropped == 1
    assert "usage is not recorded" in caplog.text and "disk on fire" in caplog.text
