"""The live router's tables: created by the migrations on SQLite and PostgreSQL, rows cascade."""

from __future__ import annotations

import sqlalchemy as sa

from rlm_bot.storage import Database
from rlm_bot.storage.models import Outcome
from rlm_bot.storage.route_tables import RouteCluster, RouteObservation


def test_route_tables_are_migrated_and_follow_their_outcome(database_url):
    db = Database(database_url)
    try:
        db.upgrade()
        inspector = sa.inspect(db.engine)
        assert {"route_observations", "route_clusters"} <= set(inspector.get_table_names())
        assert "ix_outcome_learning_updated_at" in {i["name"] for i in inspector.get_indexes("outcome_learning")}
        with db.session() as s:
            outcome = Outcome(query_text="how are dividends taxed?")
            s.add(outcome)
            s.flush()
            s.add(RouteObservation(outcome_id=outcome.id, workspace="T1", embedder="m", dim=2,
                                   vector=b"\0" * 8, side=[0.5], weak_model="a", strong_model="b",
                                   tier="weak", first_hop="weak", explored=False, cost_sensitivity=0.5))
            s.add(RouteCluster(workspace="T1", embedder="m", id=0, centroid=b"\0" * 8, count=1))
            oid = outcome.id
        with db.session() as s:
            assert s.get(RouteObservation, oid).side == [0.5]
            s.delete(s.get(Outcome, oid))
        with db.session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(RouteObservation)) == 0
    finally:
        db.dispose()
