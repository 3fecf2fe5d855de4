"""`rlm-bot ask TEXT [--json]`: run the pipeline once and print the answer.

Computation questions are answered from the Python sandbox with no model at all (the code is
shown); anything else needs a model (RLM_LLM_API_BASE or a provider key). With --json the whole
Result is printed as one object (answer, models, tokens, cost, latency, confidence, stage
telemetry, outcome id).
"""

from __future__ import annotations

import argparse
import json
import sys

from rlm_bot.commands.argtypes import fraction
from rlm_bot.config import Settings
from rlm_bot.errors import UsageError
from rlm_bot.pipeline.types import Task


def configure(parser: argparse.ArgumentParser) -> None:
    """TEXT, or '-' to read it from standard input."""
    parser.add_argument("text", nargs="+", help="the question ('-' reads standard input)")
    parser.add_argument("--cost-sensitivity", type=fraction, default=None,
                        help="0 = quality only … 1 = cost only (default: RLM_COST_SENSITIVITY)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question through the pipeline."""
    # deferred: the pipeline loads when `ask` runs, not for --help
    from rlm_bot.pipeline.pipeline import Pipeline

    text = " ".join(args.text)
    if text.strip() == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise UsageError("the question is empty")
    context = {} if args.cost_sensitivity is None else {"cost_sensitivity": args.cost_sensitivity}
    result = Pipeline(settings).run(Task(text=text.strip(), source="cli", context=context))
    if args.json:
        print(json.dumps(to_json(result), default=str))
    else:
        print(result.render())
    return 0


def to_json(result) -> dict:
    """The CLI's JSON object for one Result (the Result plus contract conveniences)."""
    out = {"ok": True, **result.to_dict()}
    out.update(result.detail)
    out.pop("detail", None)
    out["model_alias"] = result.model
    out["intent"] = result.features.get("intent")
    out["timings"] = result.timings()
    return out
