"""`rlm-bot analyze [TEXT] [--json | --jsonl]`: the analysis stage's features of a query, as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from rlm_bot.config import Settings
from rlm_bot.errors import UsageError
from rlm_bot.pipeline.types import Task

# Longest input line --jsonl accepts; longer lines get an error object, the stream goes on.
MAX_LINE_CHARS = 200_000


def configure(parser: argparse.ArgumentParser) -> None:
    """TEXT (or - / nothing for stdin), and --jsonl for one query per input line."""
    parser.add_argument("text", nargs="?", help="the query; '-' or omitted reads standard input")
    parser.add_argument("--jsonl", action="store_true",
                        help="read one query per line of standard input, write one JSON object per line")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Analyse TEXT (or each stdin line with --jsonl) and print the features as JSON."""
    # deferred: the analyze stage (~50 modules) loads when this runs, not for --help
    from rlm_bot.pipeline.analyze import analyze

    if args.jsonl:
        if args.text not in (None, "-"):
            raise UsageError("--jsonl reads queries from standard input; do not pass TEXT as well")
        failures = 0
        for number, line in enumerate(sys.stdin, start=1):
            query = line.rstrip("\n")
            if not query.strip():
                continue
            if len(query) > MAX_LINE_CHARS:
                failures += 1
                print(json.dumps({"ok": False, "line": number,
                                  "error": f"line {number} is longer than {MAX_LINE_CHARS} characters"}))
                continue
            print(json.dumps(_contract(analyze(Task(text=query, source="cli")).to_dict(), query)), flush=True)
        return 1 if failures else 0
    text = args.text
    if text in (None, "-"):
        if sys.stdin.isatty() and text is None:
            raise UsageError("give the query as TEXT, or pipe it on standard input (or use --jsonl)")
        text = sys.stdin.read()
    if not text.strip():
        raise UsageError("the query is empty")
    text = text.strip()
    data = _contract(analyze(Task(text=text, source="cli")).to_dict(), text)
    print(json.dumps(data) if args.json else json.dumps(data, indent=2))
    return 0


def _contract(features: dict, text: str) -> dict:
    """The CLI contract keys first (intent, computation, triggers, confidence, difficulty, is_simple)."""
    head = {"text": text, "intent": features["intent"], "computation": features["computation"],
            "triggers": features["triggers"], "confidence": features["confidence"],
            "difficulty": features["difficulty"], "is_simple": features["is_simple"]}
    return {**head, **{k: v for k, v in features.items() if k not in head}}
