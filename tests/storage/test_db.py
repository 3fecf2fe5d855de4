"""The SQL store on SQLite and (when RLM_TEST_DATABASE_URL is set) PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from rlm_bot.config import load_settings
from rlm_bot.errors import StorageError
from rlm_bot.storage import Database, close_all, open_database
from rlm_bot.storage.models import Adjustment, Checkpoint, Feedback, Outcome, StageEvent

TABLES = {"outcomes", "stage_events", "feedback", "slack_events", "checkpoints", "usage",
          "adjustments", "learning_rates", "learning_trajectory", "report_posts", "budgets",
          "request_log"}


def test_db_upgrade_builds_schema_and_is_idempotent(database_url):
    db = Database(database_url)
    try:
        first = db.upgrade()
        assert first == db.head_revisions()
        assert db.upgrade() == first
        names = set(sa.inspect(db.engine).get_table_names())
        assert TABLES <= names
    finally:
        db.dispose()


def test_db_shipped_heads_read_without_alembic_equal_alembics_own(database_url):
    from rlm_bot.storage.db import shipped_heads

    db = Database(database_url)
    try:
        assert shipped_heads() == db.head_revisions() != set()
    finally:
        db.dispose()


def test_db_shipped_heads_match_alembic_and_an_older_stamp_still_migrates(tmp_path):
    from rlm_bot.storage.db import shipped_heads

    db = Database(f"sqlite:///{tmp_path / 'rlm.db'}")
    try:
        assert shipped_heads() == db.head_revisions()
        assert db.upgrade() == shipped_heads() == db.current_revisions()
        # a database stamped at an older revision is not taken for current: alembic migrates it
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE route_observations"))
            conn.execute(sa.text("DROP TABLE route_clusters"))
            conn.execute(sa.text("DROP INDEX IF EXISTS ix_outcome_learning_updated_at"))
            conn.execute(sa.text("DROP TABLE answer_parts"))
            conn.execute(sa.text("UPDATE alembic_version SET version_num = 'learning_0001' "
                                 "WHERE version_num = 'learning_0002'"))
        assert db.upgrade() == shipped_heads()
        assert {"route_observations", "answer_parts"} <= set(sa.inspect(db.engine).get_table_names())
    finally:
        db.dispose()


def test_db_up_to_date_database_opens_without_importing_alembic(database_url, tmp_path):
    import os

    db = Database(database_url)
    db.upgrade()
    db.dispose()
    code = ("import sys; from rlm_bot.storage import Database; db = Database(sys.argv[1]); "
            "print(sorted(db.upgrade()), 'alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, database_url], capture_output=True, text=True,
                          env={**os.environ, "RLM_DATA_DIR": str(tmp_path)}, timeout=120)
    assert done.returncode == 0, done.stderr
    revisions, imported = done.stdout.strip().rsplit(" ", 1)
    assert imported == "False" and revisions == str(sorted(db.head_revisions()))


def test_db_round_trip_with_json_and_cascade(database_url):
    db = Database(database_url)
    db.upgrade()
    try:
        with db.session() as s:
            outcome = Outcome(query_text="what is 2+2", features={"intent": "computation"},
                              models=["haiku"], success=True, cost=0.001)
            s.add(outcome)
            s.flush()
            s.add(StageEvent(outcome_id=outcome.id, stage="analyze", decision="computation",
                             reason="arithmetic trigger", data={"ms": 0.4}))
            s.add(Feedback(outcome_id=outcome.id, user_id="U1", kind="reaction", emoji="+1", value=1))
            s.add(Checkpoint(namespace="T1", key="step-1", value={"done": [1, 2, 3]}))
            oid = outcome.id
        with db.session() as s:
            got = s.get(Outcome, oid)
            assert got.features == {"intent": "computation"} and got.models == ["haiku"]
            assert s.get(Checkpoint, ("T1", "step-1")).value == {"done": [1, 2, 3]}
            s.delete(got)
        with db.session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(StageEvent)) == 0
            assert s.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
    finally:
        db.dispose()


def test_db_session_rolls_back_on_error(database_url):
    db = Database(database_url)
    db.upgrade()
    try:
        with pytest.raises(RuntimeError):
            with db.session() as s:
                s.add(Adjustment(kind="routing", scope="math", item="haiku", value=0.5, count=1))
                s.flush()
                raise RuntimeError("boom")
        with db.session() as s:
            assert s.get(Adjustment, ("routing", "math", "haiku")) is None
    finally:
        db.dispose()


def test_db_concurrent_first_use_migrates_once(database_url):
    errors: list[BaseException] = []

    def migrate() -> None:
        db = Database(database_url)
        try:
            db.upgrade()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=migrate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_db_open_database_embedded_default_migrates_itself(tmp_path):
    settings = load_settings({"RLM_DATA_DIR": str(tmp_path)})
    try:
        db = open_database(settings)
        assert db.dialect == "sqlite"
        assert (tmp_path / "rlm.db").exists()
        assert db.current_revisions() == db.head_revisions()
        assert open_database(settings) is db
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        close_all()


def test_db_unreachable_database_is_one_clear_error():
    db = Database("postgresql+psycopg://nobody:secretpw@127.0.0.1:1/nothing?connect_timeout=2")
    with pytest.raises(StorageError) as info:
        db.check()
    message = str(info.value)
    assert "cannot reach the database" in message and "RLM_DATABASE_URL" in message
    assert "secretpw" not in message and "\n" not in message


def test_db_missing_data_dir_is_one_clear_error(tmp_path):
    settings = load_settings({"RLM_DATA_DIR": str(tmp_path / "does-not-exist")})
    with pytest.raises(StorageError, match="RLM_DATA_DIR"):
        open_database(settings)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.slow
def test_db_cli_upgrade_json(database_url, tmp_path):
    import os

    env = {**os.environ, "RLM_DATABASE_URL": database_url, "RLM_DATA_DIR": str(tmp_path)}
    done = _cli("db", "upgrade", "--json", env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ok"] and out["up_to_date"] and out["revisions"] == out["heads"] != []


@pytest.mark.slow
def test_db_cli_bad_url_exits_1_with_one_line(tmp_path):
    import os

    env = {**os.environ, "RLM_DATABASE_URL": "postgresql+psycopg://u:pw@127.0.0.1:1/x?connect_timeout=2"}
    done = _cli("db", "upgrade", env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot reach the database")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
