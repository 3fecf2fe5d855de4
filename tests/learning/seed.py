"""Seed a store with a week of answers and feedback through the learner's public API."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from rlm_bot.config import LearningSettings
from rlm_bot.learning.feedback import Satisfaction
from rlm_bot.learning.learner import Learner
from rlm_bot.learning.outcomes import attach_message
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.storage import Database
from rlm_bot.storage.models import Feedback, Outcome

# model -> (dollars per 1k tokens in, out, chance a user is happy)
MODELS = {"haiku": (0.001, 0.005, 0.7), "sonnet": (0.003, 0.015, 0.85),
          "opus": (0.015, 0.075, 0.9)}


def seed_week(db: Database, *, days: int = 7, per_day: int = 12, seed: int = 7,
              end: datetime | None = None) -> dict[str, int]:
    """Answers spread over `days` days ending at `end`, with reactions, buttons and failures."""
    rng = random.Random(seed)
    end = end or datetime.now(timezone.utc)
    learner = Learner(db, LearningSettings())
    sat = Satisfaction(db, LearningSettings(), learner)
    counts = {"positive": 0, "negative": 0, "tasks": 0}
    for day in range(days):
        # the cheap model's share grows over the week, as the router learns
        cheap_share = 0.3 + 0.5 * day / max(1, days - 1)
        for i in range(per_day):
            r = rng.random()
            model = "haiku" if r < cheap_share else ("sonnet" if r < cheap_share + 0.3 else "opus")
            pin, pout, happy = MODELS[model]
            tin, tout = rng.randint(300, 1500), rng.randint(50, 400)
            failed = rng.random() < 0.06
            record = OutcomeRecord(
                query_text=f"question {day}-{i} about {rng.choice(['sql', 'python', 'math'])}",
                user_id=f"U{i % 5}", channel="C1", source="slack",
                query_type=rng.choice(["math", "code", "chat"]),
                strategy=rng.choice(["direct", "scheme", "compute"]), models=(model,),
                tokens_in=tin, tokens_out=tout, cost=(tin * pin + tout * pout) / 1000,
                success=not failed, error_class="SandboxTimeout" if failed else None)
            oid = learner.learn(record)
            ts = f"{1_763_000_000 + day * 1000 + i}.000100"
            attach_message(db, oid, channel="C1", message_ts=ts)
            at = end - timedelta(days=days - day - 0.5, minutes=i)
            if not failed and rng.random() < 0.6:
                good = rng.random() < happy
                sat.reaction(channel="C1", message_ts=ts, user_id=f"U{i % 5}",
                             emoji="+1" if good else "-1", event_ts=at.timestamp() + 60)
                counts["positive" if good else "negative"] += 1
            with db.session() as s:
                s.execute(sa.update(Outcome).where(Outcome.id == oid).values(created_at=at))
                s.execute(sa.update(Feedback).where(Feedback.outcome_id == oid)
                          .values(created_at=at + timedelta(minutes=1)))
            counts["tasks"] += 1
    return counts
