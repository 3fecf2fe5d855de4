"""Stage 4, route: pick the cheapest model that will do and the cascade to escalate through.

The package's face: other packages import these names from `rlm_bot.pipeline.route`, never from
its modules. Inside:

    stage.py     route(): the profile formula, or the learned router's choice; RouteDecision
    state.py     LiveRouter: the learned first hop, its experience in SQL (the live router)
    policy.py    BinaryRouter: score, decide strong or weak, learn from the used answer
    learner.py   OnlineRouteLearner: per-tier success estimates from similar past queries
    prior.py     the offline prior (shipped in priors/route_prior.npz) and its file format (the fit is
                 benchmarks/routing_eval/prior_fit.py)
    features.py  prompt shape features; verify.py exact checks of a worked answer
    clusters.py  query types from embedding clusters; embed.py the MiniLM and hashed-word vectors
"""

from rlm_bot.pipeline.route.embed import embed_texts, lexical_vectors
from rlm_bot.pipeline.route.features import prompt_features
from rlm_bot.pipeline.route.policy import BinaryRouter
from rlm_bot.pipeline.route.prior import EMBEDDER as PRIOR_EMBEDDER
from rlm_bot.pipeline.route.prior import (KINDS, PriorSet, RoutePrior, TierModel, resolve_prior, save_priors,
                                          side_names)
from rlm_bot.pipeline.route.stage import (CHARS_PER_TOKEN, DEFAULT_OUTPUT_TOKENS, ContextWindowError,
                                          RouteDecision, RoutingError, check_cascade, context_window,
                                          request_cost_sensitivity, resolve_cost_sensitivity, route)
from rlm_bot.pipeline.route.state import LiveRouter
from rlm_bot.pipeline.route.verify import verify_worked_answer

__all__ = [
    # the stage
    "CHARS_PER_TOKEN", "DEFAULT_OUTPUT_TOKENS", "ContextWindowError", "RouteDecision", "RoutingError",
    "check_cascade", "context_window", "request_cost_sensitivity", "resolve_cost_sensitivity", "route",
    # the learned router (live) and its parts
    "BinaryRouter", "LiveRouter", "embed_texts", "lexical_vectors", "prompt_features",
    "verify_worked_answer",
    # the offline prior and its file format (its fit, `bench routing_prior` and `make route-prior`,
    # the outcome tables and router metrics the benchmarks read are benchmarks/routing_eval/)
    "KINDS", "PRIOR_EMBEDDER", "PriorSet", "RoutePrior", "TierModel", "resolve_prior", "save_priors",
    "side_names",
]
