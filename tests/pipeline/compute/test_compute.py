"""The computation stage: templates answer right with no model, model-written code runs in the real
sandbox, and every failure falls back (None) instead of answering wrongly."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.compute.stage import ComputationResult, compute, extract_code, format_answer
from rlm_bot.pipeline.compute.templates import find_plan
from rlm_bot.pipeline.types import Task
from tests.fakes.fixtures import Fail, Reply
from tests.helpers.chat_set import CHAT_SET, chat_rows
from tests.helpers.compute import ask


def _bench_compute():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "benchmarks" / "compute.py"
    spec = importlib.util.spec_from_file_location("bench_compute", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chat_correct(answer: str, expected: list[str], match: str | None = None) -> bool:
    return _bench_compute().chat_correct(answer, expected, match)


_ask = ask


# Share of each kind of the chat set (dev and held-out rows) answered right with no model. A ratchet: raise
# a floor when a reader improves; a floor is lowered only when harder rows are appended, and then to what the
# grown set measures with no older row regressing (the history, row counts and reasons are in the commits that
# move a floor). Each round's helpers append 40+ rows per kind in new voices, written before they read the
# readers, so the chat set is mostly design data: the honest measure of generalization is a set no one has
# studied (benchmarks/compute reports the unseen sets beside it).
# Set 2026-12-07 after the sixth round's merge, 0.005 under what the merged code measures on 4,208 computable
# rows (arithmetic 0.955, counting 0.988, date_math 0.983, extraction 0.948, filtering 0.946, grouping 0.959,
# number_theory 0.991, string 0.996, table 0.939, time_interval 0.966), or the old floor where that is higher.
# Extraction is under its old 0.98 because of 30 harder rows (ext16-: ids told apart only by shape, postcodes,
# tracking numbers, room codes), declined rather than guessed; the older rows measure as before (0.995).
# Raised 2026-12-07 (tbl17: keys read by role, clock-keyed and prefixed-code sorts): grouping 0.980 and sorting
# 0.986 measured on 4,249 computable rows (41 tbl17 design rows appended), less 0.005. lst17: filtering 0.943.
# Boolean 0.975: 'is 10.0.0.0/8 a private range?' (neg5-030) relabelled computable (Python's ipaddress settles
# it); no reader answers it yet, so it declines (212 of 217, 0.977).
NO_MODEL_FLOOR = {
    "arithmetic": 0.963, "boolean": 0.975, "brackets": 1, "conversion": 1, "counting": 0.985, "date_math": 0.978,
    "extraction": 0.943, "filtering": 0.943, "grouping": 0.975, "money_over_time": 0.95, "number_theory": 0.986, "percentage": 0.972,
    "sorting": 0.981, "statistics": 0.994, "string": 0.991, "table": 0.934, "time_interval": 0.963,
}


def test_every_labelled_chat_row_has_its_own_id():
    # rows are compared by id across runs and sets (merge diffs, the bench's misses): two rows sharing one
    # make a regression in one look like the other
    ids = [r["id"] for r in chat_rows()]
    for path in sorted(CHAT_SET.parent.glob("chat_compute_unseen_*.jsonl")):
        ids += [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sorted(i for i, n in Counter(ids).items() if n > 1) == []


@pytest.mark.slow
def test_compute_answers_the_chat_set_without_a_model(sandbox):
    rows = [r for r in chat_rows() if r["computable"]]
    assert {r["kind"] for r in rows} == set(NO_MODEL_FLOOR)
    right: Counter = Counter()
    total: Counter = Counter()
    wrong = []
    for row in rows:
        result = _ask(row["text"], sandbox, **({"today": row["today"]} if row.get("today") else {}))
        good = result is not None and _chat_correct(result.answer, row["expected"], row.get("match"))
        total[row["kind"]] += 1
        right[row["kind"]] += good
        if not good:
            wrong.append((row["kind"], row["text"][:60], result.answer[:60] if result else None))
    below = {k: round(right[k] / total[k], 3) for k in total if right[k] / total[k] < NO_MODEL_FLOOR[k]}
    assert not below, (below, wrong)


@pytest.mark.parametrize("answer,expected,match,ok", [
    ("jane@acme.io\nbob@example.org", ["jane@acme.io, bob@example.org"], None, True),
    ("Found 2 e-mail addresses:\n- jane@acme.io\n- bob@example.org", ["jane@acme.io, bob@example.org"], None, True),
    ("jane@acme.io, bob@example.org, ops@acme.io", ["jane@acme.io, bob@example.org"], None, False),
    ("bob@example.org, jane@acme.io", ["jane@acme.io, bob@example.org"], None, False),
    ("eng: alice, carol\nsales: bob", ["eng: alice, carol | sales: bob"], None, True),
    ("eng: alice\nsales: bob, carol", ["eng: alice, carol | sales: bob"], None, False),
    ("Eng: 100,000.00\nOps: 70,000", ["Eng: 100000 | Ops: 70000"], None, True),
    ("| player | score |\n| leo | 57 |\n| kai | 51 |\n| mia | 42 |", ["leo, kai, mia"], "in_order", True),
    ("| player | score |\n| kai | 51 |\n| leo | 57 |\n| mia | 42 |", ["leo, kai, mia"], "in_order", False),
    ("45 weeks and 5 days ago (320 days)", ["45 weeks and 5 days"], None, True),
    ("45.71428571", ["45 weeks and 5 days"], None, False),
    ("$1,157.63", ["1157.63"], None, True),
    ("Total q2: 440 (3 rows)", ["440"], None, True),
    ("tom has the highest prs: 15.", ["tom"], None, True),
    ("tomas has the highest prs: 15.", ["tom"], None, False),
    ("3h 20m", ["20"], None, False),
    ("8 h 25 min", ["8 hours 25 minutes"], None, True),
    ("8 h 25 min", ["8h 25m"], None, True),
    ("15 min 51 s", ["15 minutes and 51 seconds"], None, True),
    ("8 h 30 min", ["8 hours"], None, False),
    ("18 h 25 min", ["8h 25m"], None, False),
    ("about 2 days, 8 h 25 min", ["8h 25m"], None, False),
    ("191.25ms", ["191.25"], None, True),
    ("- Brightside AV: £1,150\n- Elm: £2,300", ["Brightside AV: £1,150, Elm: £2,300"], None, True),
    ("- Brightside AV: £1,150", ["Brightside AV: £1,150, Elm: £2,300"], None, False),
    ("Ops: 1,500\nEng: 250", ["Ops: 1,500 | Eng: 250"], None, True),
    ("21.082406 km", ["21.08"], None, True),
    ("19.31 km", ["19.312128"], None, True),
    ("19.3 km", ["19.312128"], None, False),
    ("21 km", ["21.08"], None, False),
    ("18:00", ["8:00"], None, False),
    ("9 h 25 min", ["9 hours 25 minutes"], None, True),
    ("It took 9h25m.", ["9 hours and 25 minutes"], None, True),
    ("9 h 35 min", ["9 hours 25 minutes"], None, False),
    ("105 minutes (1 h 45 min)", ["1h 45m"], None, True),
    ("True", ["True"], None, True),
    ("true or false: 12 >= 12", ["True"], None, False),
    ("4,817 is odd.", ["odd"], None, True),
    ("It could be odd or even.", ["odd"], None, False),
    ("You need `))` at the end.", ["))"], None, True),
    ("Close it with } ] )", ["})]", "} ] )"], None, True),
    ("You need `)))` at the end.", ["))"], None, False),
    ("Missing: `)`", ["))"], None, False),
    ("9:30 am", ["09:30", "9:30am"], None, True),
    ("Back at 9:30 PM.", ["21:30"], None, True),
    ("11:30 am", ["12:00", "12pm"], None, False),
    ("9:30 pm", ["09:30"], None, False),
    ("1 h 45 min", ["1:45"], None, False),
    ("4 h 5 min 40 s", ["4:05:40"], None, True),
    ("4 h 5 min", ["4:05:40"], None, False),
])
def test_chat_correct_reads_lists_groups_and_orders(answer, expected, match, ok):
    assert _chat_correct(answer, expected, match) is ok


@pytest.mark.parametrize("query,answer", [
    ("((-1 + 2 + 9 * 5) - (-2 + -4 + -4 * -7)) =", "24"),
    ("not ( True ) and ( True ) is", "False"),
    ("Sort the following words alphabetically: List: syndrome therefrom apple", "apple syndrome therefrom"),
    ("Complete the rest of the sequence, making sure that the parentheses are closed properly. Input: < [ [", "] ] >"),
    ("I have a flute, a piano, two lamps, and a trumpet. How many musical instruments do I have?", "3"),
    ("Question: Sam lies. Ada says Sam lies. Bo says Ada tells the truth. Does Bo tell the truth?", "Yes"),
    ("If you follow these instructions, do you return to the starting point? Always face forward. Take 3 steps "
     "left. Take 2 steps forward. Take 3 steps right. Take 2 steps backward.\nOptions:\n- Yes\n- No", "Yes"),
    ("Alice, Bob, and Claire are playing a game. At the start of the game, they are each holding a ball: Alice has "
     "a red ball, Bob has a green ball, and Claire has a blue ball.\nAs the game progresses, pairs of players trade "
     "balls. First, Alice and Bob swap balls. Then, Bob and Claire swap balls. At the end of the game, Bob has the"
     "\nOptions:\n(A) red ball\n(B) green ball\n(C) blue ball", "(C) blue ball"),
    ("The following paragraphs each describe a set of three objects arranged in a fixed order. On a shelf, there "
     "are three books: a red book, a blue book, and a green book. The blue book is the leftmost. The red book is "
     "to the right of the green book.\nOptions:\n(A) The red book is the rightmost\n(B) The blue book is the "
     "rightmost\n(C) The green book is the rightmost", "(A) The red book is the rightmost"),
    ("Yesterday was 12/31/1929. What is the date tomorrow in MM/DD/YYYY?\nOptions:\n(A) 01/02/1930\n"
     "(B) 01/01/1930\n(C) 12/30/1929", "(A) 01/02/1930"),
])
def test_compute_bbh_like_forms(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("query,answer", [
    ("Add 15% tip to 48.50", "55.78"),  # a tip, a discount, a tax: money, in cents (half up)
    ("Apply a 20% discount to $120", "$96.00"),
    ("take 10% off 80", "72"),
    ("apply 8% sales tax to 250", "270.00"),
    ("subtract 12 from 90", "78"),
])
def test_compute_imperative_rates_and_operations(sandbox, query, answer):
    """An order to apply a rate or an operation to stated numbers is a computation, answered exactly."""
    assert analyze(Task(text=query)).computation
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result


def test_code_change_with_numbers_is_not_an_imperative_computation():
    features = analyze(Task(text="Add a discount parameter to cart_total and update the tests"))
    assert not features.computation and features.intent == "code_task"


def test_compute_result_carries_code_explanation_and_telemetry(sandbox):
    result = _ask("what's the median of 4, 8, 15, 16, 23, 42", sandbox)
    assert result.answer == "15.5"
    assert result.source == "template" and result.kind == "statistics"
    assert "values = [4, 8, 15, 16, 23, 42]" in result.code
    assert result.explanation and "\n" not in result.explanation
    assert result.telemetry.stage == "compute" and result.telemetry.decision == "computed:template"
    assert result.to_dict()["computed"] is True
    assert "```python" in result.render()


def test_compute_code_shown_is_the_code_that_ran(sandbox):
    result = _ask("how many days between 2024-01-15 and 2024-03-01?", sandbox)
    rerun = sandbox.run(result.code)
    assert rerun.ok and rerun.value == 46 and result.answer == "46"


def test_compute_uses_today_from_the_task_context(sandbox):
    result = _ask("what's the date 10 days from today", sandbox, today="2025-12-25")
    assert result is not None and result.answer.startswith("2026-01-04")


@pytest.mark.parametrize("query", [
    "What's the best way to sort a list in Python?",
    "How many people live in France?",
    "Explain how averages can mislead",
])
def test_compute_declines_non_computations(sandbox, query):
    assert _ask(query, sandbox) is None


def test_compute_without_template_or_model_falls_back(sandbox):
    text = "Gretchen has 110 coins. There are 30 more gold coins than silver coins. How many gold coins does she have?"
    task = Task(text=text)
    features = analyze(task)
    assert features.computation and features.computation_template is None
    assert compute(task, features, sandbox=sandbox, llm=None) is None


def _llm():
    from rlm_bot.config import load_settings
    from rlm_bot.llm import LLMClient

    return LLMClient(load_settings().llm)


def _ask_gretchen(sandbox) -> ComputationResult | None:
    """A word problem no template fits, so a model (the scripted provider) must write the code."""
    llm = _llm()
    try:
        return _ask("Gretchen has 110 coins. There are 30 more gold coins than silver coins. "
                    "How many gold coins does she have?", sandbox, llm=llm)
    finally:
        llm.close()


GOLD_CODE = ("```python\n# explanation: gold = silver + 30 and gold + silver = 110, so silver = (110 - 30) / 2.\n"
             "total = 110\ndifference = 30\nsilver = (total - difference) // 2\ngold = silver + difference\ngold\n```")


def test_compute_model_written_code_runs_in_the_sandbox(sandbox, fake_llm):
    fake_llm.script(Reply(GOLD_CODE))
    result = _ask_gretchen(sandbox)
    assert result is not None and result.answer == "70"
    assert result.source == "model" and "silver = (total - difference) // 2" in result.code
    assert result.explanation.startswith("gold = silver + 30")
    prompt = fake_llm.chat_calls[0].messages[-1]["content"]
    assert "Gretchen has 110 coins" in prompt and "LAST line" in prompt


@pytest.mark.parametrize("reply", [
    "```python\n# explanation: broken\nimport os\nos.listdir('/')\n```",   # refused by the sandbox
    "```python\n# explanation: crashes\n1 / 0\n```",                       # raises
    "```python\n# explanation: forever\nwhile True:\n    pass\n```",      # killed by the watchdog
    "NOT_COMPUTABLE",                                                      # the model declines
    "Sure! The answer is 70.",                                             # no code at all
])
def test_compute_failing_model_code_falls_back(sandbox, fake_llm, reply):
    fake_llm.script(Reply(reply))
    result = _ask_gretchen(sandbox)
    assert result is None


def test_compute_model_error_falls_back(sandbox, fake_llm, monkeypatch):
    monkeypatch.setenv("RLM_LLM_MAX_RETRIES", "0")
    fake_llm.script(*[Fail.server_error() for _ in range(10)])
    result = _ask_gretchen(sandbox)
    assert result is None


def test_compute_template_path_makes_no_model_call(sandbox, fake_llm):
    llm = _llm()
    try:
        result = _ask("what's 17 * 23?", sandbox, llm=llm)
    finally:
        llm.close()
    assert result.answer == "391" and result.source == "template"
    assert fake_llm.chat_calls == []


@pytest.mark.parametrize("reply,code", [
    ("```python\nx = 1\nx\n```", "x = 1\nx"),
    ("Here:\n```py\n1 + 1\n```\nDone", "1 + 1"),
    ("NOT_COMPUTABLE", None),
    ("", None),
])
def test_extract_code(reply, code):
    assert extract_code(reply) == code


@pytest.mark.parametrize("value,kind,text", [
    (12.0, "arithmetic", "12"), (2.5, "", "2.5"), (True, "boolean", "True"), (False, "string", "No"),
    ([3, 1.5], "", "3, 1.5"), ("x", "", "x"), (1 / 3, "", "0.3333333333"),
])
def test_format_answer(value, kind, text):
    assert format_answer(value, kind) == text


@pytest.mark.parametrize("query", [
    "what's 9**9**9**9", "what's 10 ^ 100000", "what's 100000!", "sort these: " + ", ".join(["x"] * 5000),
])
def test_templates_refuse_or_bound_runaway_inputs(sandbox, query):
    plan = find_plan(query)
    if plan is not None:
        result = sandbox.run(plan.code)
        assert result.ok or result.error  # ends, one way or the other, without hanging the host


def test_advisor_advice_routes(sandbox, fake_llm):
    from rlm_bot.pipeline.compute.stage import ProactiveComputationAdvisor

    word_problem = Task(text="Gretchen has 110 coins. There are 30 more gold coins than silver coins. "
                             "How many gold coins does she have?")
    no_model = ProactiveComputationAdvisor(sandbox)
    assert no_model.advise(Task(text="what's 17 * 23?"), analyze(Task(text="what's 17 * 23?"))).route == "template"
    advice = no_model.advise(word_problem, analyze(word_problem))
    assert (advice.suitable, advice.route) == (False, "none") and "no model" in advice.reason
    llm = _llm()
    try:
        advice = ProactiveComputationAdvisor(sandbox, llm).advise(word_problem, analyze(word_problem))
    finally:
        llm.close()
    assert (advice.suitable, advice.route) == (True, "model") and advice.confidence > 0.5
    france = Task(text="How many people live in France?")
    assert no_model.advise(france, analyze(france)).route == "none"
