"""The analysis stage: intent, computation detection, simplicity, difficulty, the QueryFeatures shape."""

from __future__ import annotations

import json

import pytest

from rlm_bot.pipeline.analyze import INTENTS, QueryFeatures, analyze, is_definitely_simple
from rlm_bot.pipeline.types import Task
from tests.helpers.chat_set import chat_rows

# (query, intent, computation, is_simple)
TABLE = [
    ("What's the best way to sort a list in Python?", "question", False, False),
    ("How many people live in France?", "question", False, False),
    ("Explain how averages can mislead", "question", False, False),
    ("what's 17 * 23?", "computation", True, False),
    ("how many days between 2024-01-15 and 2024-03-01?", "computation", True, False),
    ("sort these: pear, apple, fig", "computation", True, False),
    ("hi there!", "chat", False, True),
    ("thanks, that fixed it", "chat", False, True),
    ("<@U123ABC> thank you so much", "chat", False, True),
    ("What is the capital of France?", "question", False, True),
    ("who wrote Hamlet?", "question", False, True),
    ("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nKeyError: 'user'\nwhy?",
     "debug_task", False, False),
    ("our deploy keeps failing with ImportError, can you debug it?", "debug_task", False, False),
    ("write a python function that parses ISO dates and add unit tests", "code_task", False, False),
    ("compare Postgres and MySQL for our analytics workload, pros and cons", "analysis_task", False, False),
    # a change to code names its target in code spelling; money and percentage words are the spec
    ("Add a discount parameter to cart_total and update the tests", "code_task", False, False),
    ("Update calc_total so it applies a 15% discount when the total is over $100", "code_task", False, False),
    ("Rename total_price to subtotal and add a tip argument", "code_task", False, False),
    ("Make parse_date() accept timestamps too", "code_task", False, False),
    ("Add the test scores 90, 85 and 77 and average them", "computation", True, False),
    ("Jo can make 4 small masks with 2 yards of material. How much material would she need to make "
     "20 small masks for her class?", "computation", True, False),
    # a multiple-choice prompt asks to pick an option even when its stem is an imperative
    ("Find a movie similar to Heat, Alien, Fargo:\nOptions:\n(A) Jaws\n(B) Up\n(C) Cars", "question", False, False),
    ("what is our on-call rotation?", "question", False, False),
    ("Janet's ducks lay 16 eggs per day. She eats 3 and bakes with 4. She sells the rest at $2 each. "
     "How much does she make every day?", "computation", True, False),
]


@pytest.mark.parametrize("query,intent,computation,simple", TABLE)
def test_analyze_table(query, intent, computation, simple):
    f = analyze(Task(text=query))
    assert (f.intent, f.computation, f.is_simple) == (intent, computation, simple), f.reasons


@pytest.mark.parametrize("query", [
    "What's the best way to sort a list in Python?",
    "How many people live in France?",
    "Explain how averages can mislead",
    "how do I calculate percentages in excel?",
    "how many moons does jupiter have?",
    "I have 3 meetings today and 2 tomorrow, ugh",
    "can you write a function that reverses a string in javascript?",
    "please sort the backlog by priority",
    "Rank these frameworks for our use case: django, flask, fastapi",
    "the build failed 3 times in a row, 2 on linux and 1 on mac, what's going on?",
])
def test_analyze_does_not_fire_on_computation_words_alone(query):
    f = analyze(Task(text=query))
    assert not f.computation, f.reasons
    assert f.computation_confidence > 0.5  # confident that it is *not* a computation


# What people paste into Slack and ask about (detected), beside questions that mention the same
# kind of data but ask for a judgement, advice or writing (not detected).
PASTED = [
    ("which host has the lowest cpu\nhost,cpu\nweb-1,73\nweb-2,91\ndb-1,45", True),
    ("| dev | prs |\n|---|---|\n| ana | 12 |\n| tom | 15 |\n| raj | 7 |\nwho merged the most prs", True),
    ("svc     errors\napi     12\nweb     3\nworker  27\ntotal errors?", True),
    ("can u pull the emails out of this: ping jane@acme.io or ops@acme.io, cc bob@example.org", True),
    ("group these by team:\nalice - eng\nbob - sales\ncarol - eng", True),
    ("which of these are over 100ms? api 85ms, auth 140ms, search 230ms", True),
    ("if i save $200 a month for 3 years how much do i have", True),
    ("how many weeks ago was 21 Jan 2026", True),
    ("here's the csv of signups, any trends you notice?\nweek,signups\n1,120\n2,135\n3,128", False),
    ("make this table look nicer in slack:\nname,score\nann,10\nbo,12\ncy,9", False),
    ("group these feature requests into themes: dark mode, SSO, export to csv, SAML", False),
    ("is 3 weeks enough notice to quit?", False),
    ("should we pay off the 5% loan first or invest at 7%?", False),
    ("what's the best way to split a 9k bonus pool among 4 people fairly?", False),
    ("remind the team the invoice of €1,200 is due 30/11", False),
    ("is 10.0.0.0/8 a private range?", True),  # a membership test Python's ipaddress settles exactly
    ("could you sort out a room for 6 people on 12 jan?", False),
]


@pytest.mark.parametrize("query,computation", PASTED)
def test_analyze_pasted_data_and_judgement_questions(query, computation):
    f = analyze(Task(text=query))
    assert f.computation is computation, (f.reasons, [t.to_dict() for t in f.triggers],
                                          [t.to_dict() for t in f.counter_cues])


@pytest.mark.parametrize("query", [
    # word problems describe things with the adjectives a judgement uses; they stay computations
    "Annika brought $50 to the town fair. She spent half of it on food and $10 on rides. How much is left?",
    "She wants enough cookies for 30 days and eats 2 a night. How many dozens should she bake?",
    "A normal movie costs $10 and an old one $5. How much do 3 normal and 2 old movies cost?",
])
def test_analyze_judgement_words_in_word_problems_are_description(query):
    assert analyze(Task(text=query)).computation


def test_analyze_confidence_follows_evidence_not_a_constant():
    queries = ["what's 17 * 23?", "hi", "why is the sky blue?", "compare A and B", "fix this bug: TypeError",
               "how many r's in strawberry"]
    confidences = {analyze(Task(text=q)).confidence for q in queries}
    comp = {analyze(Task(text=q)).computation_confidence for q in queries}
    assert len(confidences) >= 4 and len(comp) >= 4
    assert all(0.0 < c <= 1.0 for c in confidences | comp)


def test_analyze_triggers_point_at_the_text():
    text = "how many days between 2024-01-15 and 2024-03-01?"
    f = analyze(Task(text=text))
    assert f.triggers
    for t in f.triggers:
        assert text[t.start:t.end] == t.text
    assert {"counting", "date_math"} & {t.kind for t in f.triggers}


def test_analyze_difficulty_factors_are_bounded_and_ordered():
    easy = analyze(Task(text="what's 2 + 2?")).difficulty
    hard = analyze(Task(text=(
        "Why does our Kubernetes ingress drop gRPC streams after the TLS handshake when the pod autoscaler "
        "scales down? Explain the root cause step by step, then design a fix and compare the trade-offs of "
        "connection draining versus a PreStop hook; also, what if the load balancer is an AWS NLB?"))).difficulty
    for d in (easy, hard):
        for v in (d.reasoning_depth, d.domain_specificity, d.ambiguity, d.context_size, d.score):
            assert 0.0 <= v <= 1.0
    assert hard.score > easy.score + 0.2
    assert hard.reasoning_depth > easy.reasoning_depth
    assert hard.domain_specificity > easy.domain_specificity


def test_analyze_context_size_grows_with_task_context():
    small = analyze(Task(text="summarize this")).difficulty.context_size
    big = analyze(Task(text="summarize this", context={"thread": "x" * 20_000})).difficulty.context_size
    assert big > small


def test_features_to_dict_is_json_with_contract_keys():
    f = analyze(Task(text="average of 3, 5, 9"))
    assert isinstance(f, QueryFeatures)
    d = f.to_dict()
    json.dumps(d)
    for key in ("intent", "computation", "triggers", "confidence", "difficulty", "is_simple", "query_type"):
        assert key in d
    assert d["intent"] in INTENTS
    assert isinstance(d["difficulty"], float) and set(d["difficulty_factors"]) == {
        "reasoning_depth", "domain_specificity", "ambiguity", "context_size"}
    with pytest.raises(Exception):
        f.intent = "chat"  # frozen


@pytest.mark.parametrize("text,simple", [
    ("hello", True), ("good morning team", True), ("thx!", True), ("ok cool", True),
    ("what is the capital of australia?", True), ("when did WW2 end?", True),
    ("what's 2+2?", False), ("what is our deploy process?", False), ("fix the login bug", False),
    ("why is the median more robust than the mean?", False), ("", False),
])
def test_is_definitely_simple_is_the_one_definition(text, simple):
    assert is_definitely_simple(text) is simple
    if text:
        assert analyze(Task(text=text)).is_simple is simple


def test_query_type_is_coarse_and_stable():
    assert analyze(Task(text="hey")).query_type == "greeting"
    assert analyze(Task(text="thanks!")).query_type == "thanks"
    assert analyze(Task(text="what's 15% of 80")).query_type == "computation"
    assert analyze(Task(text="how do I rotate a JWT signing key?")).query_type == "how_to"
    assert analyze(Task(text="what is the capital of France?")).query_type == "factual"


def test_analyze_detection_on_the_chat_set_meets_the_targets():
    tp = fp = fn = 0
    for row in chat_rows():
        got = analyze(Task(text=row["text"])).computation
        tp += got and row["computable"]
        fp += got and not row["computable"]
        fn += (not got) and row["computable"]
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.95


def test_intent_is_computation_exactly_when_the_query_is_computed():
    # an intent of "computation" for a query the compute stage will not run misleads routing and
    # learning (both key on the query type); statements with no cue at all are chat, not computation
    for row in chat_rows():
        f = analyze(Task(text=row["text"]))
        assert (f.intent == "computation") == f.computation, (row["text"], f.intent_scores)
    for text in ("Please update the README with the new install steps", "the meeting moved to thursday"):
        assert analyze(Task(text=text)).intent != "computation", text


def test_analyze_handles_odd_input_without_raising():
    for text in ["", " ", "?" * 5000, "💥" * 100, "((((((((((", "1/0", "\x00\x01", "a" * 200_000]:
        f = analyze(Task(text=text))
        assert f.intent in INTENTS


@pytest.mark.parametrize("text", [
    "9" * 10_000, "1," * 5_000, "1 " * 5_000 + "x", "(" * 3_000 + "1", "a " * 20_000 + "?",
    "compound interest " + "1," * 3_000, "12:3" * 2_000, "sort: " + "b a " * 5_000, "1 x " * 3_000 + "y",
    "false " * 20_000, "remains " * 15_000, "update " + "ab_" * 20_000, "add " + "x." * 30_000 + "()",
])
def test_analyze_stays_linear_on_adversarial_input(text):
    import time

    started = time.process_time()
    f = analyze(Task(text=text))
    # a guard against catastrophic regex backtracking (CPU seconds of this process, so other jobs on a
    # shared machine don't count; about 1 s here for the 120k-character inputs), not a speed target
    assert time.process_time() - started < 5.0
    assert f.intent in INTENTS


def test_debug_words_that_the_pasted_lines_hold_are_what_is_counted():
    # "ERROR" / "FAILED" asked about over a pasted log name what to count; the request has no fault to debug
    text = ("count the lines with FAILED or timeout in them pls\n10:00:01 job a FAILED\n10:00:02 job b ok\n"
            "10:00:05 job c FAILED\n10:00:07 job e timeout\n10:00:09 job d ok")
    f = analyze(Task(text=text))
    assert f.computation and f.intent == "computation", f.intent_scores
