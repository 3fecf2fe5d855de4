"""What the routing benchmarks share: RouteLLM's strong/weak outcome tables and the offline router
metrics computed as RouteLLM computes them. Used by `bench routing` and `bench routing_prior`
(and `make route-prior`); the live router never reads them, so they live here, not in
`rlm_bot.pipeline.route`. A package, not a module, so `rlm-bot bench` does not list it.

    table.py     load_table(path, part) -> OutcomeTable (rows in file order, hash split), Replay
    metrics.py   sweep, apgr, cpt, oracle_scores, oracle_quality, share_for_quality
    prior_fit.py train_prior: the fit of the router's offline prior (DEFAULT_C, its L2 strengths)
"""

from benchmarks.routing_eval.metrics import apgr, cpt, oracle_quality, oracle_scores, share_for_quality, sweep
from benchmarks.routing_eval.prior_fit import DEFAULT_C, train_prior
from benchmarks.routing_eval.table import OutcomeTable, Replay, load_table

__all__ = ["DEFAULT_C", "OutcomeTable", "Replay", "apgr", "cpt", "load_table", "oracle_quality", "oracle_scores",
           "share_for_quality", "sweep", "train_prior"]
