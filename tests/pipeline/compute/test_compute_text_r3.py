"""Text kinds in the words of people who never saw the code (round 3): closers asked for in other
verbs, brackets inside string literals, a logic expression followed by '-> what does that come out
as', a request on the same line after its text, one-letter order ids, a bare token counted in a log,
url slugs and Slack italics around a case word (real sandbox)."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask, ask_if_detected, bracket_answer


@pytest.mark.parametrize("query,answer", [
    ("close this sequence for me: `[ ( { } (`", ") ) ]"),
    ("what do i need to type to close `((([`", "])))"),
    ("what should I type to close `{{[(`", ")]}}"),
    ("what closing brackets does this need so it parses: `{\"order\": {\"lines\": [{\"sku\": 4411`", "}]}}"),
    # a bracket inside a string literal is text, not structure
    ("which closing brackets does it need so it is valid: `{\"note\": \"(draft\", \"tags\": [\"a\"`", "]}"),
    ("close the open brackets: < [ ( {", "} ) ] >"),
])
def test_closers_in_other_words(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and bracket_answer(result.answer, answer), result


def test_close_this_ticket_is_no_bracket_question(sandbox):
    result = ask("can you close this ticket: `OPS-114 (dup)`", sandbox)
    assert result is None or result.kind != "brackets", result


@pytest.mark.parametrize("query,answer", [
    ("true and false or true  -> what does that come out as", "True"),
    ("not true or false => what would that give", "False"),
    ("(false or true) and not false -- what does it come out as?", "True"),
])
def test_logic_then_what_does_that_give(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


def test_logic_with_a_claim_about_it_declines(sandbox):
    result = ask("true and false -> that should be true right?", sandbox)
    assert result is None or result.kind != "boolean", result


@pytest.mark.parametrize("query,answer", [
    ("hi team, new contacts: anna.weber@kuehne-logistik.de and billing@tradeway.ng, cc j.smith@acme.io — can you "
     "pull out just the email addresses?", "anna.weber@kuehne-logistik.de, billing@tradeway.ng, j.smith@acme.io"),
    ("new reps are li.wang@harbor-freight.cn and o.mensah@accra-trade.gh, the old one was pat@acme.io. could you "
     "list the emails?", "li.wang@harbor-freight.cn, o.mensah@accra-trade.gh, pat@acme.io"),
    ("can u get the order numbers from this customer msg: hi my orders #A-10293 and #A-10311 never arrived, "
     "#A-10293 was a gift", "A-10293, A-10311"),
    ("list the order numbers in this email: Orders B-5512, B-5520 and C-90 were refunded", "B-5512, B-5520, C-90"),
])
def test_extraction_request_after_its_text(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer.endswith(answer), result


@pytest.mark.parametrize("query,answer", [
    ("how many times does ERROR show up in this\n```\n10:02:11 INFO sync ok\n10:02:15 ERROR timeout\n"
     "10:03:01 WARN retry\n10:03:09 ERROR timeout\n10:05:02 ERROR bad payload\n```", "3"),
    ("how many times did timeout appear in the log below?\n```\nGET /a 200\nGET /b timeout\nGET /d timeout\n```", "2"),
    ("how many times does 503 occur in these:\n200\n503\n200\n503\n503\n404", "3"),
])
def test_count_a_bare_token(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


def test_count_it_is_no_token(sandbox):
    result = ask("how many times does it show up in this: foo bar foo", sandbox)
    assert result is None or result.answer != "0", result


@pytest.mark.parametrize("query,answer", [
    ("what's the url slug for \"Q4 Warehouse Safety Checklist (v2)\"", "q4-warehouse-safety-checklist-v2"),
    ("what would be the slug for 'Hiring Plan: Berlin Office 2027'", "hiring-plan-berlin-office-2027"),
    ("what is the snake_case form of \"Monthly Active Users\"", "monthly_active_users"),
    ("can u make this _lowercase_ for the asset name: `Snow_Biome_Boss_PHASE2`", "snow_biome_boss_phase2"),
    ("turn this *uppercase* for the env var: `release_candidate_3`", "RELEASE_CANDIDATE_3"),
])
def test_slugs_and_italic_case_words(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result
