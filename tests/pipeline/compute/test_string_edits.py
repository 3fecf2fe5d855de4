"""Everyday edits of given strings (string_edits) and the bracket questions added with them: readers directly, and
end to end in the real sandbox, with what each must decline."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.compute.brackets import bracket_question
from rlm_bot.pipeline.compute.string_edits import solve_string_edit
from rlm_bot.pipeline.compute.templates import make_query
from rlm_bot.pipeline.types import Task
from tests.helpers.compute import ask_if_detected, bracket_answer


@pytest.mark.parametrize("query,answer", [
    ("strip the leading zeros off these account numbers: 000482, 0091, 00007710", "482, 91, 7710"),
    ("drop the leading 0s:\n0012\n0340\n05", "12\n340\n5"),
    ("remove leading zeros from 000512", "512"),
    ("flip this to last, first: Maria Gonzalez", "Gonzalez, Maria"),
    ("put these in last, first order:\n- Kim Nguyen\n- Ana Souza", "Nguyen, Kim\nSouza, Ana"),
    ("can you flip this to first last: Nakamura, Hiro", "Hiro Nakamura"),
    ("make these slugs: Spring Sale 2026!, Black Friday Deals", "spring-sale-2026, black-friday-deals"),
    ("trim this to 12 chars for the label: Handmade Ceramic Mug", "Handmade Cer"),
    ("pad the order numbers to 6 digits: 42, 317", "000042, 000317"),
    ("hex to rgb for the banner: #FF8800", "rgb(255, 136, 0)"),
    ("what's rgb(34, 139, 34) in hex? for the website theme", "#228B22"),
    ("rgb(255,255,255) to hex", "#FFFFFF"),
    ("what's the base64 of hello:world", "aGVsbG86d29ybGQ="),
    ("decode this base64 pls: c3RhZ2luZy1vbmx5", "staging-only"),
    ("remove the duplicate words: the the quiz is on on friday", "the quiz is on friday"),
    ("initials for the roster: Marta Kowalczyk, Jens Olufsen", "MK, JO"),
    ("snake_case these item names:\nIron Sword\nPotion of Healing", "iron_sword\npotion_of_healing"),
    ("convert getUserProfileData to snake_case", "get_user_profile_data"),
    ("replace the dashes with dots in these dates please 2026-12-09, 2026-12-14", "2026.12.09, 2026.12.14"),
    ("can you uppercase this for the territory code: emea-north-2", "EMEA-NORTH-2"),
    ("can you make these all caps? ward a, ward b", "WARD A, WARD B"),
    ("need rgb values for these hex codes: #FF0000, #00FF00", "rgb(255, 0, 0)\nrgb(0, 255, 0)"),
    ("first 3 characters of each: London, Paris, Berlin", "Lon, Par, Ber"),
    ("what are the last 6 characters of order id ORD-2026-11-00784512? the portal only wants those", "784512"),
    ("how many chars is each of these?\nhello there\nhi", "hello there: 11\nhi: 2"),
])
def test_string_edits_end_to_end(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer


def test_character_count_says_whether_the_text_fits_the_stated_limit(sandbox):
    result = ask_if_detected("subject line length? our ticket system cuts at 60 chars: URGENT: Delayed container "
                             "MSKU7781230 – customs hold at Rotterdam", sandbox)
    assert result is not None and result.answer == "65 characters — 5 over the 60 limit"
    result = ask_if_detected("how many characters is this sms incl spaces? has to fit in 160\nHi! Your parcel is late.",
                             sandbox)
    assert result is not None and result.answer == "24 characters — fits in 160 (136 to spare)"


@pytest.mark.parametrize("query", [
    "flip this to last, first: Madonna",                 # one name, no surname to put first
    "pad these to 4 digits: 12, ab",                     # not a number
    "strip leading zeros: 0012 and also tell me why",    # more asked than the edit
    "snake_case -> camelCase: user_account_created_at",  # from one style to another: the case-style template's form
    "how many characters is this, with 3 spaces: hello",  # a number in the request that is no limit
    "decode this base64: not-base64!!",                  # not base64
    "rgb to hex: 300, 0, 0",                             # no colour value
    "how do I strip leading zeros in excel?",            # asks for a method
    "make a catchy slug for our spring sale",            # asks for writing
    "remove duplicate words: every word here is different",
    "what's the hex for 12, 200, 7 and rgb of the logo",  # numbers that are no one colour
    "slugify: Café Menu",                              # accented letters: tools differ
])
def test_string_edits_decline_what_they_read_only_in_part(query):
    assert solve_string_edit(make_query(query)) is None


@pytest.mark.parametrize("text", [
    "can you write a catchy slug idea for our spring sale page?",
    "what's a good naming convention for json keys, camelCase or snake_case?",
    "how do I strip leading zeros in excel?",
    "why does base64 make files bigger?",
    "which hex colour would look better on a cream background, navy or forest green?",
    "our ticket titles get cut at 60 chars, any tips for writing shorter ones?",
    "which of these slugs is more SEO friendly: 'q3-report' or 'quarterly-report-q3-2026'?",
])
def test_advice_about_string_edits_is_no_computation(text):
    assert not analyze(Task(text=text)).computation


@pytest.mark.parametrize("request_words,kind", [
    ("closers for this js:", "closers"),
    ("what's the closing sequence for", "closers"),
    ("what's the max nesting depth of", "depth"),
    ("does this formula close?", "balanced"),
    ("is that bracketed right?", "balanced"),
    ("are the closing brackets balanced?", "balanced"),
])
def test_bracket_question_reads_new_wordings(request_words, kind):
    assert bracket_question(request_words) == kind


@pytest.mark.parametrize("query,answer", [
    ("what's the max nesting depth of (()(()))", "3"),
    ("nesting depth of {[()()]}?", "3"),
    ("closers for this js: fetch(url).then(d => { console.log(d.items[0", "])})"),
    ("what's the closing sequence for `foo(bar[baz(1, 2`", ")])"),
    ("how many ) do I need at the end of =IF(A1>0,IF(B1>0,\"both\",\"a\"", "2"),
    ("does this formula close? =IFERROR(INDEX(B:B,MATCH(E2,A:A,0)),\"\")", "Yes"),
    ("teacher here, a student wrote 2*(3+(4-1)) - is that bracketed right?", "Yes"),
    ("ticket #4471 the config parser chokes on this, are the brackets even balanced: `{ [ ( ] ) }`", "No"),
])
def test_brackets_new_wordings_end_to_end(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and (bracket_answer(result.answer, answer) or result.answer.startswith(answer))


@pytest.mark.parametrize("query", [
    "what's the nesting depth of (()",         # does not balance: no one depth
    "how many ) do I need at the end of f(a[1",  # a ']' is needed too
])
def test_brackets_decline_what_has_no_one_answer(sandbox, query):
    result = ask_if_detected(query, sandbox)
    assert result is None or result.answer is None


def test_a_depth_that_is_no_nesting_is_not_a_bracket_question():
    assert bracket_question("sample std dev of queue depth readings: 3 7 7 2") is None
