"""The live pipeline's first hop comes from the learned router the routing benchmark measures.

Real SQL store (SQLite, and PostgreSQL through `database_url`), real MiniLM embeddings, a scripted
OpenAI-compatible provider on 127.0.0.1 that the client really calls. Memory enrichment is switched
off (an unreachable RLM_CHROMA_URL) so each test is about routing and stays fast. Satisfaction is
given the way users give it (the answer's feedback button, through the learning package).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rlm_bot.config import load_settings
from rlm_bot.errors import ConfigError
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.route import RoutingError
from rlm_bot.pipeline.types import Task
from rlm_bot.storage import close_all

ANSWER = "Here is a careful answer that covers the main points."

# Users are unhappy with the cheap model's answers on tax law, happy with its cooking answers.
TAX = [
    "How are capital gains on shares taxed for a German resident who sold them after two years?",
    "What deductions can a freelance designer in Germany claim for a home office on the tax return?",
    "How does the withholding tax on dividends from US stocks work for an investor living in France?",
    "When does a self-employed consultant in Austria have to register for value added tax?",
    "How is rental income from an apartment abroad declared on a Spanish income tax return?",
    "What are the tax consequences of gifting real estate to a child in Germany?",
    "How do double taxation treaties decide where a remote worker's salary is taxed?",
]
COOKING = [
    "How do I keep a sourdough starter alive while I travel for two weeks?",
    "What is the best way to get crispy skin when roasting a whole chicken in the oven?",
    "Why does my homemade pasta dough tear when I roll it thin, and how can I fix it?",
    "How long should I rest a steak after grilling it, and why does resting matter?",
    "What can I use instead of eggs when baking banana bread for a vegan friend?",
    "How do I stop rice from sticking to the bottom of the pot when cooking it on the stove?",
    "What makes a risotto creamy without adding cream, and how often should I stir it?",
]


@pytest.fixture
def env(fake_llm, monkeypatch):
    """A provider that always answers the same (the cheap tier's samples agree, no escalation)."""
    fake_llm.rule(lambda req: ANSWER)
    monkeypatch.setenv("RLM_CHROMA_URL", "http://127.0.0.1:9")  # memory off: routing only
    monkeypatch.setenv("RLM_ROUTE_EXPLORE", "false")  # deterministic first hops
    monkeypatch.setenv("RLM_CASCADE_SAMPLES", "2")
    yield monkeypatch
    close_all()


def _route(result):
    return next(s for s in result.stages if s.stage == "route")


def _ask(pipe: Pipeline, text: str, **task):
    result = pipe.run(Task(text, user="U1", **task))
    assert _route(result).data["router"] == "learned", _route(result).reason
    return result


def _teach(pipe: Pipeline, rounds: int = 4) -> None:
    """Tax answers by the cheap model get 👎, every other answer 👍."""
    for tax, cooking in zip(TAX[:rounds], COOKING[:rounds]):
        result = _ask(pipe, tax)
        pipe.feedback(result.outcome_id, user="U1", value=-1 if result.model == "haiku" else 1)
        result = _ask(pipe, cooking)
        pipe.feedback(result.outcome_id, user="U1", value=1)


def _first_hops(pipe: Pipeline, texts: list[str], **task) -> list[str]:
    return [_ask(pipe, text, **task).model for text in texts]


def test_live_route_learns_from_satisfaction_and_survives_a_restart(env, database_url):
    """Learning from scratch (no offline prior): a topic's votes move its first hops."""
    env.setenv("RLM_ROUTE_PRIOR", "none")
    env.setenv("RLM_DATABASE_URL", database_url)
    env.setenv("RLM_COST_SENSITIVITY", "0.8")
    pipe = Pipeline(load_settings())
    # before any feedback, both topics start at the cheap model
    assert _first_hops(pipe, [TAX[6], COOKING[6]]) == ["haiku", "haiku"]
    _teach(pipe)
    assert pipe.live_router().sync("local", "haiku", "sonnet") == 1  # the last 👍, not yet seen
    assert pipe.live_router().observations("local", "haiku", "sonnet") == 8
    tax_hops = _first_hops(pipe, TAX[4:6])
    cooking_hops = _first_hops(pipe, COOKING[4:6])
    assert tax_hops == ["sonnet", "sonnet"] and cooking_hops == ["haiku", "haiku"]
    reason = _route(_ask(pipe, TAX[6])).reason
    assert "sonnet first (learned router)" in reason and "rated answers learned from" in reason

    close_all()  # restart: a new process would build its router from SQL
    again = Pipeline(load_settings())
    assert _first_hops(again, TAX[4:6]) == ["sonnet", "sonnet"]
    assert _first_hops(again, COOKING[4:6]) == ["haiku", "haiku"]
    assert again.live_router().observations("local", "haiku", "sonnet") == 8


def test_live_route_replicas_converge_and_an_undo_is_unlearned(env, database_url):
    env.setenv("RLM_ROUTE_PRIOR", "none")
    env.setenv("RLM_DATABASE_URL", database_url)
    env.setenv("RLM_COST_SENSITIVITY", "0.8")
    one, two = Pipeline(load_settings()), Pipeline(load_settings())
    assert _first_hops(two, [TAX[6]]) == ["haiku"]  # replica two has built its router already
    unhappy = []
    for text in TAX[:4]:  # replica one answers and users rate there
        result = _ask(one, text)
        if result.model == "haiku":
            unhappy.append(result.outcome_id)
        one.feedback(result.outcome_id, user="U1", value=-1 if result.model == "haiku" else 1)
    assert unhappy
    assert _first_hops(two, TAX[4:6]) == ["sonnet", "sonnet"]  # learned through SQL
    # every vote is seen by the other replica: none lost
    two.live_router().sync("local", "haiku", "sonnet")
    one.live_router().sync("local", "haiku", "sonnet")
    assert two.live_router().observations("local", "haiku", "sonnet") == 4
    assert one.live_router().observations("local", "haiku", "sonnet") == 4

    for outcome_id in unhappy:  # the 👎 are withdrawn (a removed reaction, a cleared vote)
        one.feedback(outcome_id, user="U1", value=0)
    assert _first_hops(two, [TAX[6]]) == ["haiku"]
    assert two.live_router().observations("local", "haiku", "sonnet") == 4 - len(unhappy)


def test_live_route_starts_from_the_shipped_prior_and_votes_correct_it(env):
    """A new workspace's first hops come from the shipped prior; its own 👎 then outweigh it."""
    from rlm_bot.memory.embeddings import embedder_from_settings
    from rlm_bot.pipeline.route.features import prompt_features
    from rlm_bot.pipeline.route.prior import resolve_prior

    env.setenv("RLM_COST_SENSITIVITY", "0.8")  # the cheap model first unless clearly worse
    settings = load_settings()
    assert settings.routing.route_prior == "shipped"
    pipe = Pipeline(settings)
    text = TAX[0]
    first = _route(_ask(pipe, text)).data["learned"]
    assert first["prior"] is True and first["observations"] == 0 and first["first"] == "haiku"
    vector = embedder_from_settings(settings).embed([text])[0]
    expected = resolve_prior("shipped").get("prompt").predict(vector, prompt_features(text))
    assert (first["p_weak"], first["p_strong"]) == pytest.approx(expected, abs=2e-3)
    hops = []
    for _ in range(4):  # users keep rating the cheap model's answer to this question 👎
        result = _ask(pipe, text)
        hops.append(result.model)
        pipe.feedback(result.outcome_id, user="U1", value=-1 if result.model == "haiku" else 1)
    route = _route(_ask(pipe, text))
    later = route.data["learned"]
    assert "rated answers learned from on top of the offline prior" in route.reason
    assert later["p_weak"] < first["p_weak"] - 0.2
    assert later["first"] == "sonnet" and hops[-1] == "sonnet"


def test_unrated_answers_teach_nothing(env):
    pipe = Pipeline(load_settings())
    hops = _first_hops(pipe, TAX[:3])
    assert pipe.live_router().observations("local", "haiku", "sonnet") == 0
    import sqlalchemy as sa

    from rlm_bot.storage.route_tables import RouteObservation

    with pipe.db.session() as s:
        rows = s.scalars(sa.select(RouteObservation)).all()
    assert len(rows) == 3 and [r.model for r in rows] == hops and {r.tier for r in rows} <= {"weak", "strong"}
    assert all(r.dim == 384 and len(r.vector) == 384 * 4 and r.embedder == "all-MiniLM-L6-v2" for r in rows)


def test_cost_sensitivity_per_channel_workspace_and_request_moves_the_first_hop(env):
    env.setenv("RLM_COST_SENSITIVITY_CHANNELS", "C1=0,C2=1")
    env.setenv("RLM_COST_SENSITIVITY_WORKSPACES", "T1=1")
    pipe = Pipeline(load_settings())
    question = TAX[0]
    assert _ask(pipe, question, channel="C1").model == "sonnet"  # quality only
    assert _ask(pipe, question, channel="C2").model == "haiku"  # cost only
    in_t1 = _ask(pipe, question, channel="C3", workspace="T1")
    assert in_t1.model == "haiku" and _route(in_t1).data["cost_sensitivity"] == 1.0
    override = _ask(pipe, question, channel="C2", context={"cost_sensitivity": 0.0})
    assert override.model == "sonnet" and "cost sensitivity 0.00" in _route(override).reason


def test_bad_cost_sensitivity_settings_are_one_clear_line(env):
    env.setenv("RLM_COST_SENSITIVITY_CHANNELS", "C1=0.8,C2=lots")
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert "RLM_COST_SENSITIVITY_CHANNELS" in message and "C2" in message and "\n" not in message
    env.setenv("RLM_COST_SENSITIVITY_CHANNELS", "C1")
    with pytest.raises(ConfigError, match="NAME=VALUE"):
        load_settings()
    env.delenv("RLM_COST_SENSITIVITY_CHANNELS")
    env.setenv("RLM_COST_SENSITIVITY_WORKSPACES", "T1=1.5")
    with pytest.raises(ConfigError, match="between 0 and 1"):
        load_settings()


def test_live_route_explores_the_other_tier(env):
    env.setenv("RLM_ROUTE_EXPLORE", "true")
    settings = load_settings()
    pipe = Pipeline(settings)
    router = pipe.live_router()
    texts = [f"{q} Please answer for case number {i}." for i, q in enumerate((TAX + COOKING) * 3)]
    choices = [router.choose(t, workspace="W-explore", weak="haiku", strong="sonnet",
                             cost_sensitivity=0.5) for t in texts]
    explored = [c for c in choices if c.explored]
    assert 0 < len(explored) < len(choices) // 2
    from rlm_bot.llm import load_profiles
    from rlm_bot.pipeline.analyze import analyze
    from rlm_bot.pipeline.route import route

    decision = route(analyze(Task(texts[0])), profiles=load_profiles(),
                     cascade_order=("haiku", "sonnet", "opus"), cost_sensitivity=0.5, learned=explored[0])
    assert decision.model == explored[0].first and "explored" in decision.reason
    assert decision.learned["explored"] is True


@pytest.mark.parametrize("order, message", [("haiku,nope", "'nope' has no profile")])
def test_live_route_bad_cascade_is_the_clear_routing_error(env, order, message):
    env.setenv("RLM_CASCADE_ORDER", order)
    pipe = Pipeline(load_settings())
    with pytest.raises(RoutingError, match=message):
        pipe.run(Task(TAX[0]))


@pytest.mark.slow
def test_why_shows_the_learned_routing(env):
    pipe = Pipeline(load_settings())
    result = _ask(pipe, COOKING[0])
    done = subprocess.run([sys.executable, "-m", "rlm_bot", "why", result.outcome_id],
                          capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.strip().startswith("route"))
    assert "haiku (cascade haiku→sonnet→opus)" in line or "sonnet (cascade" in line
    assert "learned router" in line and "estimated success" in line


def test_query_types_come_from_embedding_clusters_shared_by_replicas(env, database_url):
    env.setenv("RLM_DATABASE_URL", database_url)
    one, two = Pipeline(load_settings()), Pipeline(load_settings())
    tax = [_ask(one if i % 2 else two, text) for i, text in enumerate(TAX[:4])]
    cooking = [_ask(two if i % 2 else one, text) for i, text in enumerate(COOKING[:4])]
    tax_types = {r.query_type for r in tax}
    cooking_types = {r.query_type for r in cooking}
    # tax questions share one cluster whichever replica saw them; cooking questions (MiniLM
    # finds sourdough and steak less alike than two tax questions) never join it
    assert len(tax_types) == 1 and "/c" in next(iter(tax_types))
    assert not tax_types & cooking_types
    # the learner's routing values and the report are keyed by it
    one.feedback(tax[0].outcome_id, user="U1", value=-1)
    from rlm_bot.learning.adjustments import AdjustmentStore

    assert tax[0].model in AdjustmentStore(one.db).scores("routing", tax[0].query_type)
    from rlm_bot.commands.why import explain_outcome

    assert explain_outcome(one.settings, tax[0].outcome_id)["outcome"]["query_type"] == tax[0].query_type


def test_concurrent_votes_on_one_replica_all_reach_the_other(env, database_url):
    import threading

    env.setenv("RLM_DATABASE_URL", database_url)
    one, two = Pipeline(load_settings()), Pipeline(load_settings())
    results = [_ask(one, text) for text in TAX[:3] + COOKING[:3]]
    _ask(two, TAX[6])  # replica two's router is built before any vote
    router = two.live_router()
    stop = threading.Event()
    errors: list[BaseException] = []

    def keep_syncing():
        while not stop.is_set():
            try:
                router.sync("local", "haiku", "sonnet")
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
                return

    def vote(result, user):
        one.feedback(result.outcome_id, user=user, value=1 if user == "U1" else -1)

    syncer = threading.Thread(target=keep_syncing)
    syncer.start()
    voters = [threading.Thread(target=vote, args=(r, u)) for r in results for u in ("U1", "U2")]
    for t in voters:
        t.start()
    for t in voters:
        t.join()
    stop.set()
    syncer.join()
    assert not errors
    router.sync("local", "haiku", "sonnet")
    # every answer got two votes (one 👍, one 👎): six observations of satisfaction 0.5, none lost
    assert router.observations("local", "haiku", "sonnet") == 6
    observed = router.observed("local", "haiku", "sonnet")
    assert set(observed) == {r.outcome_id for r in results}
    assert [target for _, target in observed.values()] == [0.5] * 6


def _choice(strong_first: bool):
    import numpy as np

    from rlm_bot.pipeline.route.state import LearnedChoice

    return LearnedChoice(weak="small", strong="big", strong_first=strong_first, explored=False,
                         p_weak=0.4, p_strong=0.9, gain=0.5, evidence_weak=2.0, evidence_strong=1.0,
                         observations=12, cost_sensitivity=0.5, embedder="test",
                         vector=np.zeros(3, dtype=np.float32), cluster=4)


def test_route_follows_the_learned_choice_within_context_windows():
    from types import SimpleNamespace

    from rlm_bot.pipeline.route import route

    profiles = {"small": {"input_cost_per_1k": 0.1, "output_cost_per_1k": 0.1, "context_window": 1000},
                "big": {"input_cost_per_1k": 1.0, "output_cost_per_1k": 1.0, "context_window": 100_000},
                "huge": {"input_cost_per_1k": 5.0, "output_cost_per_1k": 5.0, "context_window": 200_000}}
    short = SimpleNamespace(query_type="tax", intent="question", is_simple=False, difficulty=0.5, chars=400)
    order = ("small", "big", "huge")
    weak = route(short, profiles=profiles, cascade_order=order, cost_sensitivity=0.5, learned=_choice(False))
    assert weak.model == "small" and weak.cascade == order
    assert "small 0.40 (evidence 2.00)" in weak.reason and "12 rated answers" in weak.reason
    assert weak.learned["cluster"] == 4 and weak.score == pytest.approx(0.5)
    strong = route(short, profiles=profiles, cascade_order=order, cost_sensitivity=0.5,
                   max_escalations=0, learned=_choice(True))
    assert strong.model == "big" and strong.cascade == ("big",)
    assert strong.estimated_cost > weak.estimated_cost
    long = SimpleNamespace(**{**short.__dict__, "chars": 20_000})  # ~5,000 tokens: too long for small
    skipped = route(long, profiles=profiles, cascade_order=order, cost_sensitivity=0.5,
                    learned=_choice(False))
    assert skipped.model == "big" and "small skipped" in skipped.reason
    with pytest.raises(RoutingError, match="'nope' has no profile"):
        route(short, profiles=profiles, cascade_order=("small", "nope"), cost_sensitivity=0.5,
              learned=_choice(False))


def test_rebuild_keeps_the_most_recent_history(env):
    env.setenv("RLM_ROUTE_HISTORY", "3")
    pipe = Pipeline(load_settings())
    rated = []
    for text in COOKING[:5]:
        result = _ask(pipe, text)
        pipe.feedback(result.outcome_id, user="U1", value=1)
        rated.append(result.outcome_id)
    _ask(pipe, TAX[0])  # unrated: not an observation, and no obstacle to finding older ones
    close_all()
    again = Pipeline(load_settings())
    _ask(again, TAX[1])
    assert list(again.live_router().observed("local", "haiku", "sonnet")) == rated[-3:]


def test_a_restarted_router_does_not_start_exploring_from_scratch(env):
    import re

    env.setenv("RLM_ROUTE_EXPLORE", "true")
    pipe = Pipeline(load_settings())
    _teach(pipe, rounds=6)  # 12 rated answers

    def exploring(p: Pipeline) -> float:
        reason = _route(_ask(p, COOKING[6])).reason
        return float(re.search(r"explores ([\d.]+)% of decisions", reason).group(1))

    before = exploring(pipe)
    close_all()
    after = exploring(Pipeline(load_settings()))
    assert before < 20.0 and after < 20.0  # a fresh router explores 20% of its decisions
    assert after >= before - 0.5  # the rebuilt router counts one decision per observation, not more
