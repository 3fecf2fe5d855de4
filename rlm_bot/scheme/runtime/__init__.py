"""The RLM runtime: model primitives with real concurrency, budgets, checkpoints, the Python
bridge and the scope log, bound to a Scheme session.

    from rlm_bot.scheme.runtime import open_session
    rt = open_session(settings, workspace="T123")      # one per conversation / MCP client
    outcome = rt.execute('(finish (syntax-e (llm-query #:instruction "hi")))', timeout=30)
    outcome.ok, outcome.value, outcome.error, outcome.tokens, outcome.cost

    from rlm_bot.scheme.runtime import plan_strategy
    plan = plan_strategy("Summarise each of 40 tickets", {"items": 40}, {"max_cost": 0.5}, "cost")
    plan.primary.program   # ready to run with rt.execute(...); plan.to_dict() for JSON
"""

from __future__ import annotations

from typing import Any


def open_session(settings: Any, *, workspace: str | None = None, gateway: Any = None,
                 prelude: bool = True):
    """A RuntimeSession wired to the LLM client, the SQL store and the Python sandbox."""
    # deferred: every runtime module is imported through this package, so its face stays light
    from rlm_bot.scheme.runtime.client_gateway import open_gateway
    from rlm_bot.scheme.runtime.session import RuntimeSession
    from rlm_bot.scheme.runtime.state import RuntimeLimits

    def database():
        # deferred: storage loads SQLAlchemy, needed only once a run checkpoints
        from rlm_bot.storage import open_database

        return open_database(settings)

    return RuntimeSession(
        gateway=gateway or open_gateway(settings, workspace=workspace),
        limits=RuntimeLimits.from_settings(settings),
        engine_limits=settings.scheme,
        database=database,
        workspace=workspace,
        python_factory=_python_factory(settings),
        secrets=_secret_values(settings),
        prelude=prelude,
    )


def _python_factory(settings: Any):
    def factory():
        # deferred: the Python sandbox starts on the first py-* call
        from rlm_bot.scheme.runtime.pybridge import open_python

        return open_python(settings)

    return factory


def _secret_values(settings: Any) -> tuple[str, ...]:
    values = [settings.llm.api_key.reveal(), settings.slack.bot_token.reveal(),
              settings.slack.app_token.reveal(), settings.slack.signing_secret.reveal()]
    return tuple(v for v in values if v)


def run_cli(source: str, settings: Any, *, workspace: str | None = None):
    """Run one program with every RLM primitive (the `rlm-bot scheme` command); returns the
    engine's RunResult with `tokens` and `cost` of the whole run (child runs included)."""
    rt = open_session(settings, workspace=workspace)
    try:
        outcome = rt.execute(source, timeout=settings.scheme.timeout_seconds)
    finally:
        rt.close()
        rt.gateway.close()
        close_model_clients()  # the command is done: close connections before interpreter exit
    result = outcome.extra["engine"]
    result.tokens, result.cost = outcome.tokens, round(outcome.cost, 8)
    return result


def close_model_clients() -> None:
    """Close the process-wide model clients (at the end of a command, not in atexit, where
    their loop can no longer run a clean shutdown)."""
    import sys

    if "rlm_bot.llm.client" not in sys.modules:
        return  # no client was ever built: nothing to close, and no reason to import the package
    from rlm_bot.llm.client import close_shared_clients

    close_shared_clients()


def plan_strategy(task: Any, data_characteristics: Any = None, constraints: Any = None,
                  priority: str = "balanced", **kw: Any):
    """Plan how to run a task with the 16 patterns (see planner.plan_strategy)."""
    # deferred: every runtime module is imported through this package, so its face stays light
    from rlm_bot.scheme.runtime.planner import plan_strategy as plan

    return plan(task, data_characteristics, constraints, priority, **kw)
