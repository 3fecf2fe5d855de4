"""`rlm-bot ask TEXT [--json]`: answer one query.

This build runs the computation path (analyse → compute in the Python sandbox → answer with the
code and its explanation), which needs no model at all, and answers anything else directly with
the cheapest configured model alias. The full pipeline (enrich, route, plan, cascade, learn)
replaces the direct answer when it lands.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from rlm_bot.config import Settings
from rlm_bot.errors import ConfigError, RlmError, UsageError

NO_MODEL_MESSAGE = ("this question needs a language model and none is configured: set RLM_LLM_API_BASE "
                    "(an OpenAI-compatible endpoint, with RLM_LLM_API_KEY if it needs one) or a provider key "
                    "such as OPENAI_API_KEY or ANTHROPIC_API_KEY")
# Tokens the direct (simple-path) answer may use.
DIRECT_MAX_TOKENS = 1024


def configure(parser: argparse.ArgumentParser) -> None:
    """TEXT, or '-' to read it from standard input."""
    parser.add_argument("text", nargs="+", help="the question ('-' reads standard input)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Analyse, compute when computation beats reasoning, else answer with the cheapest model."""
    from rlm_bot.pipeline.analyze import analyze
    from rlm_bot.pipeline.types import Task

    text = " ".join(args.text)
    if text.strip() == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise UsageError("the question is empty")
    started = time.perf_counter()
    task = Task(text=text.strip(), source="cli")
    features = analyze(task)
    analyze_ms = (time.perf_counter() - started) * 1000
    llm = _llm_client(settings) if model_configured(settings) else None
    alias = settings.routing.cascade_order[0] if settings.routing.cascade_order else None
    result = None
    compute_ms = 0.0
    if features.computation:
        t0 = time.perf_counter()
        result = _compute(task, features, settings, llm, alias)
        compute_ms = (time.perf_counter() - t0) * 1000
    if result is not None:
        timings = {"analyze_ms": round(analyze_ms, 3), "compute_ms": round(compute_ms, 3),
                   "sandbox_ms": result.sandbox_ms, "total_ms": round((time.perf_counter() - started) * 1000, 3)}
        if args.json:
            out = {"ok": True, **result.to_dict(), "timings": timings, "intent": features.intent,
                   "features": features.to_dict()}
            out.pop("telemetry", None)
            print(json.dumps(out, default=str))
        else:
            print(result.render())
        return 0
    if llm is None:
        raise ConfigError(NO_MODEL_MESSAGE)
    return _answer_directly(args, task, features, llm, alias, started, analyze_ms, compute_ms)


def model_configured(settings: Settings) -> bool:
    """True when an OpenAI-compatible endpoint or a provider key is configured."""
    return bool(settings.llm.api_base) or bool(settings.provider_keys)


def _llm_client(settings: Settings):
    try:
        from rlm_bot.llm import LLMClient
    except ImportError as exc:
        raise RlmError(f"the LLM client is not part of this build ({exc}); only computation questions "
                       "can be answered") from None
    return LLMClient(settings.llm)


def _compute(task, features, settings: Settings, llm, alias):
    from rlm_bot.pipeline.compute import compute

    try:
        from rlm_bot.sandbox import get_pool
    except ImportError as exc:
        raise RlmError(f"the Python sandbox is not part of this build ({exc})") from None
    pool = get_pool(settings)
    return compute(task, features, sandbox=pool, llm=llm, model=alias)


def _answer_directly(args, task, features, llm, alias, started, analyze_ms, compute_ms) -> int:
    t0 = time.perf_counter()
    completion = llm.complete(alias, [{"role": "user", "content": task.text}], max_tokens=DIRECT_MAX_TOKENS)
    llm_ms = (time.perf_counter() - t0) * 1000
    answer = getattr(completion, "text", None) or getattr(completion, "content", None) or str(completion)
    if args.json:
        usage = {k: getattr(completion, k, None) for k in ("model", "tokens_in", "tokens_out", "cost")}
        print(json.dumps({"ok": True, "answer": answer, "computed": False, "intent": features.intent,
                          "model_alias": alias, **usage,
                          "timings": {"analyze_ms": round(analyze_ms, 3), "compute_ms": round(compute_ms, 3),
                                      "llm_ms": round(llm_ms, 3),
                                      "total_ms": round((time.perf_counter() - started) * 1000, 3)},
                          "features": features.to_dict()}, default=str))
    else:
        print(answer)
    return 0
