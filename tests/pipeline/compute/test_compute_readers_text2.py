"""General readers for statistics, remainders and cycles, string operations, counting and extraction:
classes of phrasing (not single rows), each with variants the readers were not written from."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask


@pytest.mark.parametrize("text,expected", [
    # the lead-in's numbers are no data
    ("transit days last 6 shipments: 12, 15, 11, 18, 14, 16. what is the mean?", "14.3333"),
    ("response times for the last 5 tickets: 40, 52, 38, 61, 49 — average?", "48"),
    ("cycle lengths in days for the last 8 wins:\n34\n51\n27\n62\n45\n38\n90\n41\nwhat's the median?", "43"),
    # units on each value, the question before or after
    ("avg of these latencies pls 🙏 212ms 198ms 305ms 187ms", "225.5"),
    ("temps this week 18°C, 21°C, 17°C, 23°C, 20°C: average temp?", "19.8"),
    ("median of 4kg, 9kg, 2kg, 7kg please", "5.5"),
    # a correction: read from it on
    ("sum of 2, 3, 4 ... actually no, give me the mean of 10, 20, 60", "30"),
    # several statistics, in the order asked
    ("count, sum and mean of 4, 8, 15, 16, 23, 42", "count 6, sum 108, mean 18"),
    ("min and max of 3, 9, 4.5, 12", "min 3, max 12"),
])
def test_one_statistic_over_the_run_of_values(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text,expected", [
    ("137 inbound leads round-robined evenly across 6 reps — how many are left over after everyone gets the same number?",
     "5"),
    ("we have 50 stickers to share equally between 8 kids, how many are left over?", "2"),
    ("can 84 people be split into teams of 6 with nobody left over?", "Yes — 84 ÷ 6 = 14 exactly"),
    ("we have 156 attendees and tables of 12 — does it divide evenly?", "Yes — 156 ÷ 12 = 13 exactly"),
    ("can 100 chairs be split evenly into rows of 7?", "No — 100 ÷ 7 = 14 remainder 2"),
    ("one supplier delivers every 6 days and another every 14 days. they both came today — in how many days will "
     "they next both turn up on the same day?", "42 days"),
    ("bus A leaves every 12 minutes and bus B every 18 minutes, both just left. when do they leave together again?",
     "36 minutes"),
    ("even or odd: 1,000,002", "even"),
    ("4,097 odd or even?", "odd"),
    ("remainder of 2^20 divided by 13", "9"),
    ("is 1001 a prime number?", "No — 1001 is not prime: 1001 = 7 × 11 × 13."),
    ("2047 prime or not?", "No — 2047 is not prime: 2047 = 23 × 89."),
    ("is 97 prime", "Yes — 97 is prime."),
])
def test_remainders_cycles_and_primes(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text,expected", [
    ("what is lemonade spelled backwards", "edanomel"),
    ("Please could you reverse the letters of my name, Annabelle, it's for a game", "ellebannA"),
    ("hey quick one, whats 'level up' reversed? for a puzzle", "pu level"),
    ("rev: 12345", "54321"),
    ("capitalise each word: jane doe-smith", "Jane Doe-Smith"),
    ("in 'my-cool-project-name' swap dashes for underscores", "my_cool_project_name"),
    ("give me MAX_RETRY_COUNT in lowercase for the config key", "max_retry_count"),
    ("letters of listen in alphabetical order?", "eilnst"),
    ("remove all spaces from container number MSCU 123 456 7", "MSCU1234567"),
    ("remove all the spaces from this for the wifi name lol: fun run 5k team", "funrun5kteam"),
    ("what's the acronym from the first letter of each word of \"Key Stage Three Mock Exam\"?", "KSTME"),
    ("initials of Mary Ann Evans pls", "MAE"),
])
def test_string_operations_read_by_meaning(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text,expected", [
    ("regions on the lead assignments sheet: EMEA, NA, APAC, NA, LATAM, EMEA, NA, APAC — how many distinct regions "
     "are there?", "4"),
    ("how many characters (including spaces) in this text message?\nReminder: Year 8 trip tomorrow, be at school by 7:45am",
     "54 characters"),
    ("who's on my detention list 🙃\nAmira Khan\nBen Lewis\nChloe Davies\nhow many kids is that?", "3 kids"),
    ("packing list for the beach trip 🏝️\n- sunscreen\n- goggles\n- snacks\n- hats\nhow many things is that", "4 things"),
    ("how many words has this message: \"Dear customer your shipment is delayed\"", "6"),
    ("count the words pls 🙏 — Thanks everyone for joining today's retro, notes to follow", "9"),
    ("wc -w of: lorem ipsum dolor sit amet consectetur", "6"),
    ("attendees (some signed up twice):\nPriya\nTom\nPriya\nAlex\nTom\nhow many unique people?", "3 unique (of 5)"),
])
def test_counting_reads_the_material_not_the_question(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text,expected", [
    ("who got mentioned here? 'thanks @alice and @bob_k, cc @carol'", "3 mentions: @alice, @bob_k, @carol"),
    ("handles in: shoutout to @lena and @omar_dev 🎉", "2 mentions: @lena, @omar_dev"),
    ("phone numbers? call 555-0100 or 555-0199 after 6", "2 phone numbers: 555-0100, 555-0199"),
    ("whats the IP in 'server at 10.20.30.40 is down'", "1 IP address: 10.20.30.40"),
    ("what's the email in this sig: Best, Dana | dana.r@shop.example | +1 555 0142", "1 e-mail address: dana.r@shop.example"),
    ("hey, the numbers from 'sprint 14 had 42 points and 7 carryovers'?", "3 numbers: 14, 42, 7"),
    ("what version numbers are in this message? upgrade path: postgres 13.11 -> 15.4, pgbouncer 1.18.0 -> 1.21.0",
     "4 versions: 13.11, 15.4, 1.18.0, 1.21.0"),
    ("need just the student numbers from this: \"S2026114 (late), S2026207, S2025981 absent\"",
     "3 ticket ids: S2026114, S2026207, S2025981"),
])
def test_extraction_asked_tersely(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text,expected", [
    ("Invoice total is 1,180 and the credit limit is 1,200. Is 1,180 >= 1,200? yes or no", "No"),
    ("we shipped 12 pallets today. Is 12 more than 10?", "Yes"),
    ("in python is '10' == 10", "False"),
])
def test_comparisons_after_stated_facts(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text", [
    "numbers: 3, 8, 12, 7, 10 - average?",  # the material's own question is a statistic, not an extraction
    "what's the best url shortener: bitly or tinyurl?",
    "every 6 days I water the plants; how many times in 30 days?",
    "we split 10 pizzas between 4 teams, is that fair?",
    "reverse the order of these steps: build, test, deploy",
])
def test_other_questions_are_not_read_as_these(sandbox, text):
    result = ask(text, sandbox)
    assert result is None or result.answer not in {"No mentions found in the text.", "30 days"}
    if text.startswith("numbers:"):
        assert result is not None and result.answer == "8"
