"""`rlm-bot db upgrade|current`: run or inspect the schema migrations."""

from __future__ import annotations

import argparse
import json

from rlm_bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    """ACTION: upgrade (migrate to the newest schema) or current (show revisions)."""
    parser.add_argument("action", choices=["upgrade", "current"], help="what to do")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate the configured database, or print where it stands."""
    from rlm_bot.storage import Database, ensure_data_dir  # deferred: loads SQLAlchemy, not for --help

    if not settings.database_url:
        ensure_data_dir(settings)
    db = Database(settings.sql_url)
    try:
        current = db.upgrade() if args.action == "upgrade" else db.current_revisions()
        heads = db.head_revisions()
    finally:
        db.dispose()
    up_to_date = current == heads
    if args.json:
        print(json.dumps({"ok": True, "database": db.safe_url, "dialect": db.dialect,
                          "revisions": sorted(current), "heads": sorted(heads),
                          "up_to_date": up_to_date}))
    else:
        state = "up to date" if up_to_date else f"behind (newest: {', '.join(sorted(heads))})"
        revs = ", ".join(sorted(current)) or "no schema yet"
        print(f"{db.dialect} database {db.safe_url}: {revs} — {state}")
    return 0
