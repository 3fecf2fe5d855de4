"""Stage 3, enrich: gather the context a request needs, rank it, fit it to a token budget.

The package's face: other packages import these names from `rlm_bot.pipeline.enrich`, never from
its modules. Inside:

    stage.py          enrich(task, features, ...) -> Enrichment; render_context fences it as data
    items.py          ContextItem: one piece of context with its source, reason, score and tokens
    memory_recall.py  recall(): memory search, with a model's rewrite of the question when it helps
                      (the same ranking `rlm-bot memory search` uses)
    code.py           gatherers for code tasks (touched files, imports, types, tests, git changes)
    debug.py          gatherers for debugging (stack-trace locations, git blame, the error line)
    repo.py           read-only access to the deployment's repository (RLM_REPO_PATH)
"""

from rlm_bot.pipeline.enrich.items import render_item
from rlm_bot.pipeline.enrich.memory_recall import Expansion, Recall, recall
from rlm_bot.pipeline.enrich.stage import (ContextItem, Enrichment, enrich, enrich_from_settings, fit_budget,
                                           make_item, relevant_hits, render_context, wants_packaged_knowledge)

__all__ = ["ContextItem", "Enrichment", "Expansion", "Recall", "enrich", "enrich_from_settings", "fit_budget",
           "make_item", "recall", "relevant_hits", "render_context", "render_item", "wants_packaged_knowledge"]
