"""Enrichment scenarios for `rlm-bot bench memory`: a small git repository with a bug (built in a
tmp dir), stack traces, code requests and questions answered by earlier memories, over a memory
holding the labelled retrieval set and its look-alike haystack as background.

For each case: is every relevant item included, and how many of the tokens spent went to items
that are neither relevant nor useful supporting context."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testing.shop_repo import TRACE, build_shop_repo

BUDGET_TOKENS = 4000

JS_TRACE = """TypeError: Cannot read properties of undefined (reading 'price')
    at /app/web/src/cart.ts:4:52
    at Array.reduce (<anonymous>)
    at total (/app/web/src/cart.ts:4:16)
    at checkout (/app/web/src/index.ts:12:3)
"""


@dataclass(frozen=True)
class Case:
    """One scenario: the request, its labelled intent, what must be included, what may be."""

    name: str
    text: str
    intent: str
    relevant: tuple[str, ...]  # each: "source-substring" or "source-substring|text-substring"
    useful: tuple[str, ...] = ()
    dm: bool = False
    channel: str = "C1"
    extra_memories: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)  # (text, kind, visibility)


CODE_PREFERENCES = ("memory:|type hints", "memory:|squash merges", "memory:|Code review comments",
                    "memory:|new dependencies")

CASES = (
    Case("debug-python-trace", f"checkout crashes for new users\n{TRACE}", "debug_task",
         relevant=("shop/pricing.py:|return cart_total(cart) / units",),
         useful=("git blame shop/pricing.py", "shop/api.py:", "app.py:", "memory:|ZeroDivisionError"),
         extra_memories=(("Task: ZeroDivisionError: division by zero in average_price\nApproach: guard "
                          "empty carts before dividing\nOutcome: worked", "experience", "channel"),)),
    Case("debug-python-past-fix", f"this again?\n{TRACE}", "debug_task",
         relevant=("memory:|guard empty carts",),
         useful=("shop/pricing.py:", "git blame shop/pricing.py", "shop/api.py:", "app.py:",
                 "git blame"),
         extra_memories=(("Task: ZeroDivisionError: division by zero in average_price\nApproach: guard "
                          "empty carts before dividing\nOutcome: worked", "experience", "channel"),)),
    Case("debug-js-trace", f"the web checkout throws\n{JS_TRACE}", "debug_task",
         relevant=("web/src/cart.ts:|reduce",), useful=("git blame web/src/cart.ts",)),
    Case("debug-from-memory", "Celery workers stopped consuming again and the queue keeps growing",
         "debug_task", relevant=("memory:|Celery workers stopped consuming",)),
    Case("code-python", "Implement a discount parameter for cart_total in shop/pricing.py", "code_task",
         relevant=("shop/pricing.py",),
         useful=("import graph of shop/pricing.py", "shop/models.py:", "tests/test_pricing.py",
                 "git log shop/pricing.py", *CODE_PREFERENCES)),
    Case("code-typescript", "Make total() in web/src/cart.ts convert the Currency before summing",
         "code_task", relevant=("web/src/cart.ts",),
         useful=("web/src/types.ts:", "import graph of web/src/cart.ts", "git log web/src/cart.ts",
                 *CODE_PREFERENCES)),
    Case("code-tests", "Write a test for average_price with an empty cart in tests/test_pricing.py",
         "code_task", relevant=("tests/test_pricing.py",),
         useful=("shop/pricing.py", "shop/models.py", "import graph of", "git log",
                 *CODE_PREFERENCES)),
    Case("question-deploy-day", "When is deploy day?", "question",
         relevant=("memory:|every Tuesday",), useful=("memory:|release train", "memory:|Hotfixes")),
    Case("question-error-code", "what does ERR_QUOTA_7731 mean?", "question",
         relevant=("memory:|ERR_QUOTA_7731",)),
    Case("question-owner", "who owns the payments service?", "question",
         relevant=("memory:|Priya owns the payments",)),
    Case("question-dashboard", "where can I see how checkout is doing?", "question",
         relevant=("memory:|Checkout Golden Signals",)),
    Case("question-dm-preference", "how did I say I like my answers formatted?", "question",
         relevant=("memory:|numbered steps",), dm=True, channel="D1",
         extra_memories=(("I like answers as numbered steps with the command first", "preference", "dm"),)),
    Case("analysis-runbooks", "Summarise our runbooks for database operations and what they have in common",
         "analysis_task", relevant=("memory:|Runbook: restoring a PostgreSQL backup",),
         useful=("memory:|Runbook", "memory:|PostgreSQL")),
    Case("question-other-workspace", "what is the wifi password of the Lisbon office?", "question",
         relevant=(), extra_memories=()),
)


def _matches(pattern: str, item: Any) -> bool:
    source, _, text = pattern.partition("|")
    return source in item.source and (not text or text in item.text)


def run_scenarios(embedder: Any, make_store: Any) -> dict[str, Any]:
    """Run every case; return inclusion and irrelevant-token figures."""
    from benchmarks.memory import DATA, distractors, embed_cached
    from rlm_bot.memory.scope import Owner
    from rlm_bot.memory.store import NewMemory
    from rlm_bot.pipeline.analyze import analyze
    from rlm_bot.pipeline.enrich import enrich
    from rlm_bot.pipeline.types import Task

    data = json.loads(DATA.read_text())
    results = []
    with tempfile.TemporaryDirectory(prefix="rlm-bench-enrich-") as tmp:
        root = Path(tmp)
        repo = build_shop_repo(root / "shop")
        background = [(m["text"], m["kind"]) for m in data["memories"]]
        background += [(text, "fact") for text in distractors(data["distractors"])]
        (root / "memory").mkdir()
        store = make_store(root / "memory", embedder)
        team = Owner("T1", "C1", "U1", "workspace")
        store.add_many([NewMemory(text=t, owner=team, kind=k) for t, k in background],
                       vectors=embed_cached(embedder, [t for t, _ in background]), merge=False)
        # another workspace holds the answer to the leak-check question
        store.add("The Lisbon office wifi password is on the card by the coffee machine",
                  owner=Owner("T2", "C1", "U1", "workspace"))
        extras = {extra for case in CASES for extra in case.extra_memories}
        for text, kind, visibility in sorted(extras):
            channel = "D1" if visibility == "dm" else "C1"
            store.add(text, owner=Owner("T1", channel, "U1", visibility), kind=kind)
        for case in CASES:
            task = Task(text=case.text, workspace="T1", channel=case.channel, user="U1", is_dm=case.dm)
            enrichment = enrich(task, case.intent, memory=store, repo=repo, budget_tokens=BUDGET_TOKENS)
            included = all(any(_matches(p, i) for i in enrichment.items) for p in case.relevant)
            if case.name == "question-other-workspace":
                included = not any("wifi" in i.text for i in enrichment.items)
            wanted = case.relevant + case.useful
            irrelevant = sum(i.tokens for i in enrichment.items
                             if not any(_matches(p, i) for p in wanted))
            results.append({"name": case.name, "included": included, "tokens": enrichment.used_tokens,
                            "irrelevant_tokens": irrelevant,
                            "analyze_agrees": analyze(task).intent == case.intent,
                            "items": [f"{i.kind}:{i.source}:{i.score:.2f}:{i.text[:50]!r}"
                                      for i in enrichment.items]})
        store.db.dispose()
    total = sum(r["tokens"] for r in results)
    return {
        "cases": results,
        "inclusion_rate": round(sum(r["included"] for r in results) / len(results), 4),
        "irrelevant_token_share": round(sum(r["irrelevant_tokens"] for r in results) / max(1, total), 4),
        "mean_tokens": round(total / len(results)),
        "budget_tokens": BUDGET_TOKENS,
        "analyze_agreement": round(sum(r["analyze_agrees"] for r in results) / len(results), 4),
        "goal_inclusion": 0.8,
    }
