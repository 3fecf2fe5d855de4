"""Satisfaction: reactions, feedback buttons and `/rlm feedback`, aggregated per answer.

Each signal is one row of `feedback` (unique per outcome, user, kind and emoji). Reactions are
matched to the answer through its Slack message ts; they can arrive days later, be removed
(undo) or come from several users. Every change is applied by a conditional UPDATE that compares
event times, so Slack's retries and out-of-order deliveries (a removal before its add) leave the
same state as one in-order delivery. An outcome's satisfaction is the share of its voters who
are happy: per user, their latest explicit vote (button or command) wins, else the sign of
their active reactions; users whose reactions cancel out do not vote.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import sqlalchemy as sa

from rlm_bot.config import LearningSettings
from rlm_bot.learning.learner import Learner
from rlm_bot.learning.outcomes import find_by_message, latest_for_user
from rlm_bot.learning.types import FeedbackResult
from rlm_bot.learning.sql import insert_ignore, inserted
from rlm_bot.storage import Database
from rlm_bot.storage.models import Feedback, Outcome

EXPLICIT_KINDS = ("button", "command")
MAX_COMMENT_CHARS = 2000
MAX_SETTLE_ROUNDS = 5
_SKIN_TONE = re.compile(r"::skin-tone-\d$")
_ALIASES = {"thumbsup": "+1", "thumbsdown": "-1"}
_POSITIVE_WORDS = {"+1", "good", "great", "yes", "up", "thanks", "helpful", "correct", "👍"}
_NEGATIVE_WORDS = {"-1", "bad", "wrong", "no", "down", "unhelpful", "incorrect", "👎"}


NOT_AN_ANSWER = "not an answer of the bot"  # the reason when no outcome is attached to the message


def reaction_name(emoji: str) -> str:
    """The canonical name of a reaction: no colons, no skin tone, `thumbsup` as `+1`."""
    name = _SKIN_TONE.sub("", emoji.strip().strip(":"))
    return _ALIASES.get(name, name)


def reaction_value(emoji: str, settings: LearningSettings) -> int | None:
    """+1 / -1 for a configured positive / negative reaction name, None for any other."""
    name = reaction_name(emoji)
    if name in {reaction_name(e) for e in settings.positive_reactions}:
        return 1
    if name in {reaction_name(e) for e in settings.negative_reactions}:
        return -1
    return None


def parse_feedback_text(text: str) -> tuple[int, str]:
    """Parse `/rlm feedback good|bad|+1|-1 [comment]` (after the word feedback) into (value, comment)."""
    words = text.strip().split(maxsplit=1)
    if words and words[0].lower() == "feedback":
        words = words[1].split(maxsplit=1) if len(words) > 1 else []
    if not words:
        raise ValueError("say how the last answer was: `/rlm feedback good [comment]` or "
                         "`/rlm feedback bad [what was wrong]`")
    head = words[0].lower().strip(":")
    comment = words[1].strip() if len(words) > 1 else ""
    if head in _POSITIVE_WORDS or head in {"thumbsup", "👍"}:
        return 1, comment[:MAX_COMMENT_CHARS]
    if head in _NEGATIVE_WORDS or head in {"thumbsdown", "👎"}:
        return -1, comment[:MAX_COMMENT_CHARS]
    raise ValueError(f"`{words[0]}` is not a verdict; start with good or bad "
                     "(or +1 / -1), then an optional comment")


def slack_time(ts: str | float | None) -> datetime:
    """A Slack event ts ("1700000000.000100") as an aware UTC datetime; now when missing."""
    if ts in (None, ""):
        return datetime.now(timezone.utc)
    return datetime.fromtimestamp(float(ts), tz=timezone.utc)


class Satisfaction:
    """Records satisfaction signals and hands the aggregated satisfaction to the learner."""

    def __init__(self, db: Database, settings: LearningSettings | None = None,
                 learner: Learner | None = None) -> None:
        self.db = db
        self.settings = settings or LearningSettings()
        self.learner = learner or Learner(db, self.settings)

    def reaction(self, *, channel: str, message_ts: str, user_id: str, emoji: str,
                 added: bool = True, event_ts: str | float | None = None) -> FeedbackResult:
        """A reaction added to (or removed from) a message; only the bot's answers count."""
        value = reaction_value(emoji, self.settings)
        if value is None:
            return FeedbackResult(None, None, False, f"`{emoji}` is not a feedback reaction")
        outcome_id = find_by_message(self.db, channel, message_ts)
        if outcome_id is None:
            return FeedbackResult(None, None, False, NOT_AN_ANSWER)
        name = reaction_name(emoji)
        at = slack_time(event_ts)
        if added:
            changed = self._add(outcome_id, user_id, "reaction", name, value, at, None)
        else:
            changed = self._remove(outcome_id, user_id, "reaction", name, value, at)
        return self._settle(outcome_id, changed)

    def button(self, *, outcome_id: str, user_id: str, value: int,
               at: datetime | None = None) -> FeedbackResult:
        """A click on the answer's 👍/👎 button (value +1/-1; 0 clears the vote)."""
        return self._explicit(outcome_id, user_id, "button", value, at, None)

    def command(self, *, user_id: str, text: str, channel: str | None = None,
                thread_ts: str | None = None, outcome_id: str | None = None,
                at: datetime | None = None) -> FeedbackResult:
        """`/rlm feedback good|bad [comment]` on the user's latest answer (or `outcome_id`)."""
        value, comment = parse_feedback_text(text)
        if outcome_id is None:
            outcome_id = (latest_for_user(self.db, user_id=user_id, channel=channel,
                                          thread_ts=thread_ts)
                          or latest_for_user(self.db, user_id=user_id, channel=channel)
                          or latest_for_user(self.db, user_id=user_id))
        if outcome_id is None:
            return FeedbackResult(None, None, False, "no answer of yours to give feedback on yet")
        return self._explicit(outcome_id, user_id, "command", value, at, comment or None)

    def of(self, outcome_id: str) -> float | None:
        """The aggregated satisfaction of one outcome (None: nobody said anything)."""
        with self.db.session() as s:
            rows = s.scalars(sa.select(Feedback).where(Feedback.outcome_id == outcome_id,
                                                       Feedback.removed_at.is_(None))).all()
            return aggregate([(r.user_id, r.kind, r.value, _aware(r.created_at)) for r in rows])

    # --- internals -----------------------------------------------------------------------------

    def _explicit(self, outcome_id: str, user_id: str, kind: str, value: int,
                  at: datetime | None, comment: str | None) -> FeedbackResult:
        at = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
        with self.db.session() as s:
            if s.get(Outcome, outcome_id) is None:
                return FeedbackResult(None, None, False, f"no answer with id {outcome_id}")
        if value == 0:
            changed = self._remove(outcome_id, user_id, kind, "", 0, at)
        else:
            changed = self._add(outcome_id, user_id, kind, "", 1 if value > 0 else -1, at, comment)
        return self._settle(outcome_id, changed)

    def _add(self, outcome_id: str, user_id: str, kind: str, emoji: str, value: int,
             at: datetime, comment: str | None) -> bool:
        table = Feedback.__table__
        key = _vote_key(table, outcome_id, user_id, kind, emoji)
        with self.db.session() as s:
            added = inserted(s, insert_ignore(self.db.dialect, table, {
                "outcome_id": outcome_id, "user_id": user_id, "kind": kind, "emoji": emoji,
                "value": value, "comment": comment, "created_at": at, "removed_at": None}))
            if added:
                return True
            # Newer than what is stored: (re)activate it, with the new value and comment.
            newer = sa.or_(sa.and_(table.c.removed_at.is_(None), table.c.created_at < at),
                           table.c.removed_at < at)
            updated = s.execute(sa.update(table).where(*key, newer).values(
                value=value, comment=comment, created_at=at, removed_at=None))
            return updated.rowcount == 1

    def _remove(self, outcome_id: str, user_id: str, kind: str, emoji: str, value: int,
                at: datetime) -> bool:
        table = Feedback.__table__
        key = _vote_key(table, outcome_id, user_id, kind, emoji)
        with self.db.session() as s:
            # A removal seen before its add leaves a tombstone, so the late add is known stale.
            added = inserted(s, insert_ignore(self.db.dialect, table, {
                "outcome_id": outcome_id, "user_id": user_id, "kind": kind, "emoji": emoji,
                "value": value or 1, "comment": None, "created_at": at, "removed_at": at}))
            if added:
                return False
            updated = s.execute(sa.update(table).where(
                *key, table.c.removed_at.is_(None), table.c.created_at <= at)
                .values(removed_at=at))
            return updated.rowcount == 1

    def _settle(self, outcome_id: str, changed: bool) -> FeedbackResult:
        """Store the aggregate and teach it; re-read until stable, so a concurrent change made
        on another replica between our read and our reward is never overwritten by ours."""
        satisfaction = self.of(outcome_id)
        for _ in range(MAX_SETTLE_ROUNDS):
            with self.db.session() as s:
                s.execute(sa.update(Outcome).where(Outcome.id == outcome_id)
                          .values(satisfaction=satisfaction))
                success = s.scalar(sa.select(Outcome.success).where(Outcome.id == outcome_id))
            # Nobody votes any more: withdraw what feedback taught; a failure stays a failure.
            target = satisfaction if satisfaction is not None else (None if success else 0.0)
            self.learner.reward(outcome_id, target)
            again = self.of(outcome_id)
            if again == satisfaction:
                break
            satisfaction = again
        return FeedbackResult(outcome_id, satisfaction, changed)


def aggregate(signals: list[tuple[str, str, int, datetime]]) -> float | None:
    """Satisfaction from active (user, kind, value, at) signals: the share of happy voters."""
    votes: dict[str, int] = {}
    explicit: dict[str, tuple[datetime, int]] = {}
    reactions: dict[str, int] = {}
    for user, kind, value, at in signals:
        if kind in EXPLICIT_KINDS:
            if user not in explicit or explicit[user][0] <= at:
                explicit[user] = (at, value)
        else:
            reactions[user] = reactions.get(user, 0) + value
    for user, total in reactions.items():
        if total:
            votes[user] = 1 if total > 0 else -1
    for user, (_, value) in explicit.items():
        votes[user] = value
    if not votes:
        return None
    return sum(1 for v in votes.values() if v > 0) / len(votes)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _vote_key(table: sa.Table, outcome_id: str, user_id: str, kind: str, emoji: str) -> tuple:
    """The row of one user's vote of one kind (and emoji) on one answer."""
    return (table.c.outcome_id == outcome_id, table.c.user_id == user_id,
            table.c.kind == kind, table.c.emoji == emoji)
