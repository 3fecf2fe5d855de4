"""Extraction, counting, string, bracket, boolean and number-theory questions written in other voices than
the forms were first built on (polite and framed, terse, with the data after the question, in a code block
or on the lines below), answered in the real sandbox with no model; unclear or off-topic requests get None."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected, bracket_answer

_ask = ask_if_detected


@pytest.mark.parametrize("text,answer", [
    # a request after a context clause, and one describing word before the kind
    ("Morning all. I pasted the vendor list below; could you list the e-mail addresses in it?\n"
     "Acme: sales@acme.test, Initech: help@initech.test",
     "2 e-mail addresses: sales@acme.test, help@initech.test"),
    ("I copied this from the proxy log and need the client IPs listed:\n9.9.9.1 GET /\n9.9.9.2 GET /x",
     "2 IP addresses: 9.9.9.1, 9.9.9.2"),
    ("hey, could I get the monetary amounts from this note: rent £900, deposit £1,800",
     "2 amounts: £900, £1,800"),
    ("would you be able to list the links contained in this message? docs at https://d.test/a and https://d.test/b",
     "2 URLs: https://d.test/a, https://d.test/b"),
    ("links pls\n> staging https://stg.test and prod https://prod.test", "2 URLs: https://stg.test, https://prod.test"),
    ("pull the percentages out of this: uptime 99.9%, errors 0.5 %", "2 percentages: 99.9%, 0.5%"),
    ("which ticket ids are mentioned here? fixed by OPS-12 after INFRA-7 failed", "2 ticket ids: OPS-12, INFRA-7"),
    ("please list all the amounts in this note: 120 for paint, 45 for brushes", "2 numbers: 120, 45"),
    ('emails? "write to kai@x.test or lea@y.test"', "2 e-mail addresses: kai@x.test, lea@y.test"),
    ("can you tell me which IP addresses appear in this: 8.8.4.4 then 1.0.0.1", "2 IP addresses: 8.8.4.4, 1.0.0.1"),
    ("just the urls from this pls -> https://a.test/1 and https://b.test/2", "2 URLs: https://a.test/1, https://b.test/2"),
])
def test_extraction_in_other_voices(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.kind == "extraction", result
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "the urls in the wiki are stale: https://w.test/a and https://w.test/b - who maintains them?",
    "As of 2019, what percentage of adults had a bank account?\nA. 49%\nB. 69%\nC. 89%",
    "A firm has revenues of $9,000 and costs of $4,000. What amount is its profit?",
    "Which of these is a fixed cost?\nA. Rent\nB. Wages\nC. Total variable cost",
    "why does my script pull the emails from this twice: a@b.test",
])
def test_extraction_declines_what_is_no_extraction(sandbox, text):
    result = _ask(text, sandbox)
    assert result is None or result.kind != "extraction", result


@pytest.mark.parametrize("text,answer", [
    ("how many letters 'o' in 'balloon'", "2"),
    ("could you count how many items are on this list?\n- oats\n- rice\n- beans", "3 items"),
    ("count the occurrences of 'ok' in 'ok not ok, OK then; okay'", "3"),
    ("how often does 'abab' appear in 'abababab'", "2"),
    ("how many times does 'retry' show up in this log\n```\nretry 1\nfail\nRETRY 2\n```", "2"),
    ("how many numbers in 3, 1, 4, 1, 5", "5 numbers"),
    ("how many people replied? ana, bo, cy", "3 people"),
    ("how many things are here:\n* tea\n* jam", "2 things"),
    ("how many different fruits are in this list: fig, kiwi, Fig, lime", "3"),
    ("how many WARN lines are in this?\n```\nWARN a\nINFO b\nWARN c\nERROR d\n```", "2"),
    ("count the names please: ivo, jan, kai", "3 names"),
    ("how many digits are in 2.71828", "6"),
])
def test_counting_in_other_voices(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.kind == "counting", result
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "how many apples does she have left? 3 in the morning, 4 at night",    # a word problem, not a list
    "how many blank lines are in this?\n```\na\n\nb\n```",                   # 'blank' is no term in the text
])
def test_counting_declines_what_is_no_list_count(sandbox, text):
    result = _ask(text, sandbox)
    assert result is None or result.answer not in {"2", "3"}, result


@pytest.mark.parametrize("text,answer", [
    ("Could you tell me if 1,013 is prime? Thanks!", "Yes — 1,013 is prime."),
    ("for my homework: is 221 a prime? thank you so much", "No — 221 is not prime: 221 = 13 × 17."),
    ("is 143 prime or not", "No — 143 is not prime: 143 = 11 × 13."),
    ("89 - prime or not?", "Yes — 89 is prime."),
    ("is 1 prime", "No — 1 is not prime (primes start at 2)."),
    ("is 4,096 even", "Yes: 4,096 is even"),
    ("is 77 even or odd?", "77 is odd"),
    ("does 9 divide 729 evenly?", "Yes: 729 = 9 × 81"),
    ("can 100 be divided evenly by 7", "No: 100 ÷ 7 leaves remainder 2"),
    ("GCD(84, 36)?", "12 (the greatest common divisor of 84 and 36)"),
    ("lcm(4, 6, 10)", "60 (the least common multiple of 4, 6 and 10)"),
    ("greatest common factor of 36 and 60 please", "12 (the greatest common divisor of 36 and 60)"),
    ("Is the number 10,007 prime?", "Yes — 10,007 is prime."),
    ("btw is 91 prime?", "No — 91 is not prime: 91 = 7 × 13."),
])
def test_number_theory_in_other_voices(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.kind == "number_theory", result
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "I think 97 is prime, right? my teacher disagrees",
    "TIL 8191 is a Mersenne prime",
])
def test_number_theory_declines_statements(sandbox, text):
    result = _ask(text, sandbox)
    assert result is None or result.kind != "number_theory", result


@pytest.mark.parametrize("text,kind,answer", [
    ("Hi! Could you check whether 'Clint Eastwood' and 'old west action' are anagrams? Thank you", "string", "Yes"),
    ("is 'cat' an anagram of 'act'?", "string", "Yes"),
    ("are 'stone' and 'notes!' anagrams", "string", "Yes"),
    ("what's 'Order Line Item' in kebab-case", "string", "order-line-item"),
    ("fyi: are the brackets balanced in `[a, (b]`", "brackets", "No"),
    ("check the parens pls: (a (b) c)", "brackets", "Yes"),
    ("([]{}) balanced?", "brackets", "Yes"),
    ("Is the following expression true or false: not true or (true and true)", "boolean", "True"),
])
def test_string_brackets_boolean_in_other_voices(sandbox, text, kind, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.kind == kind, result
    # a bracket check says what it found: 'No — not balanced: a `]` closes an open `(` ...'
    assert result.answer == answer or (kind == "brackets" and bracket_answer(result.answer, answer)), result.answer


@pytest.mark.parametrize("text", [
    "what is kebab-case?",
    "find anagrams of 'listen'",
    "can you check the parens in my function? it fails on deploy",
])
def test_string_and_brackets_decline_questions_about_them(sandbox, text):
    result = _ask(text, sandbox)
    assert result is None or result.kind not in {"string", "brackets"}, result


@pytest.mark.parametrize("text,kind,answer", [
    ("revrse this pls: lemon", "string", "nomel"),
    ("is 999 divisble by 9", "number_theory", "Yes: 999 = 9 × 111"),
    ("what r the prime factors of 30", "number_theory", "30 = 2 × 3 × 5"),
    ("count the occurences of 'go' in 'go team, go go'", "counting", "3"),
    ("wht are the amounts in 'lunch €12.50, taxi €7'", "extraction", "2 amounts: €12.50, €7"),
    ("all versions mentioned: v1.0.0 shipped, v1.0.1 planned", "extraction", "2 versions: v1.0.0, v1.0.1"),
    ("Could you please write the following in capital letters: see you soon", "string", "SEE YOU SOON"),
    ("number of unique values in 4, 4, 5, 6", "counting", "3"),
])
def test_typos_and_terse_or_polite_wordings(sandbox, text, kind, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.kind == kind, result
    assert result.answer == answer


@pytest.mark.parametrize("text,kind,answer", [
    ("my lead sent this and I'd like just the prices, please:\n> Basic £5/mo, Pro £15/mo", "extraction",
     "2 amounts: £5, £15"),
    ("'No lemon, no melon' - palindrome?", "string", "Yes"),
    ("anagram check: 'dusty' vs 'study'", "string", "Yes"),
    ("how many Os in 'foo boo'", "counting", "4"),
    ("groceries:\n- [x] milk\n- [ ] tea\n- [ ] rice\nhow many items are there?", "counting", "3 items"),
    ("Does ((x)) have matching parentheses?", "brackets", "Yes"),
    ("prime? 4099", "number_theory", "Yes — 4099 is prime."),
    ("is 7 a factor of 343", "number_theory", "Yes: 343 = 7 × 49"),
    ("is 1,000 a multiple of 30?", "number_theory", "No: 1,000 ÷ 30 leaves remainder 10"),
    ("Hiya, can you fish out the IPs from this: ok 192.0.2.1, fail 192.0.2.9", "extraction",
     "2 IP addresses: 192.0.2.1, 192.0.2.9"),
    ("Make it lowercase -> LOUD NOISES", "string", "loud noises"),
    ("Quick sanity check - is 2,003 prime?", "number_theory", "Yes — 2,003 is prime."),
    ("Is 51 a prime number or a composite number?", "number_theory", "No — 51 is not prime: 51 = 3 × 17."),
    ("Hi! Would you mind listing the dollar amounts in this? lunch $12 and taxi $30", "extraction",
     "2 amounts: $12, $30"),
])
def test_data_first_and_question_last_wordings(sandbox, text, kind, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.kind == kind, result
    assert result.answer == answer or (kind == "brackets" and bracket_answer(result.answer, answer)), result.answer


@pytest.mark.parametrize("text", [
    "the words 'listen' and 'silent' are my favourite anagram lol",
    "what is a palindrome? like 'abba'",
    "I like the prices: £5 and £15",
])
def test_remarks_about_quoted_words_get_no_answer(sandbox, text):
    result = _ask(text, sandbox)
    assert result is None or result.kind not in {"string", "extraction"}, result
