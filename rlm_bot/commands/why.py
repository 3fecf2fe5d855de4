"""`rlm-bot why OUTCOME_ID`: the stage telemetry of one answer (what each stage decided and why)."""

from __future__ import annotations

import argparse
import json

from rlm_bot.config import Settings
from rlm_bot.errors import RlmError

MIN_PREFIX = 6
MAX_ID = 32  # outcome ids are 32 hex digits


def configure(parser: argparse.ArgumentParser) -> None:
    """OUTCOME_ID: the id shown with an answer (a unique prefix of at least 6 characters works)."""
    parser.add_argument("outcome_id", help="id of the answer's outcome (or a unique prefix)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the outcome's summary and one line per stage."""
    report = explain_outcome(settings, args.outcome_id)
    if args.json:
        print(json.dumps({"ok": True, **report}, default=str))
        return 0
    o = report["outcome"]
    print(f"outcome {o['id']} ({o['created_at']}, {o['source']}): {o['query_text'][:120]!r}")
    print(f"  intent={o['intent']} type={o['query_type']} difficulty={_num(o['difficulty'])} "
          f"strategy={o['strategy']} models={','.join(o['models'] or []) or '-'} "
          f"success={o['success']} confidence={_num(o['confidence'])}")
    print(f"  tokens={o['tokens_in']}+{o['tokens_out']} cost=${o['cost']:.6f} "
          f"latency={o['latency_ms']:.0f} ms satisfaction={_num(o['satisfaction'])}")
    if not report["stages"]:
        print("  (no stage telemetry was recorded)")
    for stage in report["stages"]:
        print(f"  {stage['stage']:<8} {stage['duration_ms']:>8.1f} ms  {stage['decision']}"
              + (f" — {stage['reason']}" if stage["reason"] else ""))
    return 0


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _is_id(text: str) -> bool:
    return MIN_PREFIX <= len(text) <= MAX_ID and all(c in "0123456789abcdef" for c in text)


def _shown(outcome_id: str) -> str:
    return repr(outcome_id if len(outcome_id) <= 40 else outcome_id[:37] + "...")


def _check_prefix(outcome_id: str) -> str:
    text = outcome_id.strip().lower()
    if not _is_id(text):
        raise RlmError(f"{_shown(outcome_id)} is not an answer id; give the id shown with the "
                       f"answer ({MIN_PREFIX} to {MAX_ID} hex digits)")
    return text


def explain_outcome(settings: Settings, outcome_id: str) -> dict:
    """The outcome row and its stage events as plain data; an unknown or ambiguous id is an error."""
    from dataclasses import asdict

    import sqlalchemy as sa

    # deferred: SQLAlchemy (~0.5 s) loads when an answer is looked up, not for --help
    from rlm_bot.learning.outcomes import stage_events
    from rlm_bot.storage import open_database
    from rlm_bot.storage.models import Outcome

    prefix = _check_prefix(outcome_id)
    db = open_database(settings)
    with db.session() as s:
        found = s.scalars(sa.select(Outcome).where(Outcome.id.startswith(prefix)).limit(2)).all()
        if not found:
            raise RlmError(f"no answer with id {outcome_id!r} in {db.safe_url}")
        if len(found) > 1:
            raise RlmError(f"{outcome_id!r} matches several answers; give more of the id")
        outcome = {c.name: getattr(found[0], c.name) for c in Outcome.__table__.columns}
    return {"outcome": outcome, "stages": [asdict(e) for e in stage_events(db, outcome["id"])]}
