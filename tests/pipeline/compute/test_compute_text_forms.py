"""Text kinds as people who never saw the code ask them: logic with comparisons and named inputs,
closing brackets, counts against a limit or over answer lines, initials, replacements, lengths, case
styles, commit SHAs and phone numbers (real sandbox)."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask, ask_if_detected, bracket_answer


@pytest.mark.parametrize("query,answer", [
    # comparisons and arithmetic inside the logic, Python's precedence
    ("what does `not (1 > 2) and 3 == 3` evaluate to", "True"),
    ("true or false: 12 >= 12 and 7 != 7", "False"),
    ("10 % 3 == 1 and 2**3 == 8 -- true or false?", "True"),
    ("is `5 > 3 and 2 > 4 or not 0` true or false", "True"),
    ("what's the result of 15 // 4 == 3 and not 2 > 5", "True"),
    # inputs named, then given values
    ("(A or B) and not C, where A=false B=true C=true", "False"),
    ("x and (y or not z) with x=true, y=false, z=false - what's the result?", "True"),
    ("evaluate a or b and c given a = false, b = true, c = false", "False"),
    # Slack escapes its &, < and >
    ("quick sanity check: !(true &amp;&amp; false) || false", "True"),
    ("does (3 &gt; 1) &amp;&amp; (2 &gt; 2) come out true or false?", "False"),
    # bits as truth values; decimals as written (exact, not binary floating point)
    ("1 and 0 or 1 -- true or false?", "True"),
    ("is 0.1 + 0.2 == 0.3", "True"),
    # many words that only ask for the value
    ("Quick sanity check, what does this come out as: not False and not (False or True)", "False"),
])
def test_logic_expressions(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("query", [
    "is 5 > 3 and the deploy done?",  # the logic goes on in words
    "quick one: (4500 - 1250) / 13",  # arithmetic, no logic
    "(A or B) and not C, where A=false B=true",  # C has no value
])
def test_logic_declines_what_is_no_expression(sandbox, query):
    result = ask(query, sandbox)
    assert result is None or result.kind != "boolean", result


@pytest.mark.parametrize("query,answer", [
    # code gets its closers back to back, as typed; a spaced sequence gets them spaced
    ("missing closers for `f(a[i], {k: (v` ?", ")})"),
    ("what do I need to add to close this off: [ { ( (", ") ) } ]"),
    ("complete the sequence so everything is closed: ( [ ] { (", ") } )"),
    ("which closing brackets are needed for `print(len(items[0]`", "))"),
    ("what should I append so it is balanced: { [ ( ) (", ") ] }"),
])
def test_closing_brackets(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and bracket_answer(result.answer, answer), result


def test_closing_brackets_decline_a_stray_closer(sandbox):
    result = ask("close this off for me: ( ] (", sandbox)
    assert result is None or result.template != "dyck", result


@pytest.mark.parametrize("query,answer", [
    # a stated limit is compared too, the count comes first
    ("How many words is this blurb? I have a 25 word limit for the newsletter:\n\"Join us on Friday for a relaxed "
     "afternoon of coffee, cake and conversation with the new leadership team in the main atrium.\"",
     "22 words (within the 25-word limit)"),
    ('how many characters is this tweet, max 40 characters: "Shipping v2.3 today with faster search and dark mode"',
     "52 characters — 12 over the 40 limit"),
    # lines of 'who - what they said'
    ("For the summer party RSVPs, how many people said yes?\nAmy - yes\nBen - no\nCarla - yes\nDev - maybe\n"
     "Emma - yes\nFinn - yes\nGus - no", "4 (Amy, Carla, Emma, Finn)"),
    ("poll results, how many voted for Tuesday?\nkim: Tuesday\nraj: Monday\nlee: tuesday\nbo: Wednesday", "2 (kim, lee)"),
    # characters with the spaces left out when asked
    ("how many characters is 'the quick deploy failed again' (not counting spaces)", "25 characters"),
    ("count the characters in this tagline (no spaces): Fresh bread, baked daily", "21 characters"),
    ("how many characters is 'ab cd' (incl spaces)", "5 characters"),
    # words that start / end with or contain something: not all the words
    ("how many words start with s in: she sells sea shells by the sea shore", "6"),
    ('how many words end with "ing" in this: running late, joining soon, sing along', "3 (running, joining, sing)"),
    ("how many words in this sentence contain the letter e: the quick green bee", "3"),
    # a checklist: the ticked boxes, or the open ones
    ("how many of the tasks are done?\n- [x] write spec\n- [ ] build\n- [x] review\n- [ ] ship", "2"),
    ("how many are still open?\n[ ] a\n[x] b\n[ ] c\n[ ] d", "3"),
    # 'count the yes votes' over answer lines
    ("count the yes votes:\nann - yes\nbob - no\ncat - yes", "2"),
    # a word named without quotes, counted as a word in any case
    ("how many times does the word refund come up in this: customer asked for a refund, we said the refund would "
     "take 5 days, then they emailed again asking about the Refund status", "3"),
    ("how often is the word invoice mentioned in this text: Invoice 12 is paid. invoice 13 is late. The invoices "
     "for May are pending.", "2"),
    # the list named with a qualifier ('this order list')
    ("how many items are on this order list?\n- laptops\n- monitors\n- keyboards\n- mice\n- headsets\n"
     "- docking stations\n- webcams", "7 items"),
])
def test_counting_forms(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


def test_answer_lines_decline_an_answer_nobody_gave(sandbox):
    result = ask("how many people said maybe?\nAmy - yes\nBen - no\nCarla - yes", sandbox)
    assert result is None or result.template != "count_answered", result


@pytest.mark.parametrize("query,answer", [
    ("initials for Maria Elena Gonzalez?", "MEG"),
    ("what are Ada King Lovelace's initials", "AKL"),
    ("initials of 'grace brewster hopper'?", "GBH"),
    ("replace all spaces with underscores: monthly active users by region", "monthly_active_users_by_region"),
    ("replace colour with color in this sentence: Our colour palette uses a warm colour for headings.",
     "Our color palette uses a warm color for headings."),
    ("swap the commas for semicolons: a, b, c", "a; b; c"),
    ('change "http" to "https" in: http://a.io and http://b.io', "https://a.io and https://b.io"),
    ('how long is this string: "Thank you for your patience"', "27"),
    ("how long is this password: hunter2!xyz", "11"),
    ("snake_case -> camelCase: user_account_created_at", "userAccountCreatedAt"),
    ("convert kebab-case to PascalCase: order-line-item", "OrderLineItem"),
    # removing a symbol or the punctuation; digits stay as written (no thousands separators put back)
    ("remove the dashes from 555-867-5309", "5558675309"),
    ("delete the commas in this number: 1,234,567", "1234567"),
    ("strip punctuation from: Hello, world! How's it going?", "Hello world Hows it going"),
    ("the bank portal won't accept spaces, can you give me this IBAN without them? GB29 NWBK 6016 1331 9268 19",
     "GB29NWBK60161331926819"),
])
def test_string_forms(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("query", [
    "initials for Ludwig van Beethoven?",  # a particle: a matter of taste
    "replace the router with a new one: it keeps dropping",  # nothing of the old in the text
    "turn km into miles: 5 km",  # a quantity to convert, no word swap
])
def test_string_forms_decline(sandbox, query):
    result = ask(query, sandbox)
    assert result is None or result.kind != "string", result


@pytest.mark.parametrize("query,answer", [
    ("which commit shas are in here? reverted a1b2c3d and 9f8e7d6c5b, cherry-picked 0badc0ffee1 onto release/2.4",
     "3 commit SHAs: a1b2c3d, 9f8e7d6c5b, 0badc0ffee1"),
    ("list the shas mentioned here: rolled back 4e5f6a7b, kept c0ffee1 and 1234567", "2 commit SHAs: 4e5f6a7b, c0ffee1"),
    # '<qualifier> numbers' written as ids keep their letters
    ("grab the invoice numbers from this: paid INV-2041 and INV-2077, INV-2090 pending",
     "3 ticket ids: INV-2041, INV-2077, INV-2090"),
    # dotted phone numbers, but not IP addresses or versions
    ("just the phone numbers from this pls: call the vendor at (415) 555-0132 or their after-hours line "
     "415-555-0199, fax (lol) is 415.555.0100", "3 phone numbers: (415) 555-0132, 415-555-0199, 415.555.0100"),
    ("grab the phone numbers: ring 020 7946 0958 or 617.555.0123 (server is 10.20.30.40, build 2.14.1)",
     "2 phone numbers: 020 7946 0958, 617.555.0123"),
])
def test_extraction_forms(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("query,answer", [
    # primes of a range: listed, or counted; 'below' leaves the bound out
    ("which numbers between 1 and 30 are prime", "2, 3, 5, 7, 11, 13, 17, 19, 23, 29"),
    ("how many primes are there below 100", "25 primes (2 to 99)"),
    ("what are the prime numbers from 10 to 40", "11, 13, 17, 19, 23, 29, 31, 37"),
    ("how many divisors does 360 have", "24 (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 18, 20, 24, 30, 36, 40, 45, 60, 72, "
                                        "90, 120, 180, 360)"),
    ("is 144 a perfect square", "Yes: 144 = 12²"),
    ("is 200 a perfect square or not", "No: 200 is not a perfect square"),
    ("is 1000 a perfect cube", "Yes: 1000 = 10³"),
    # multiples up to a bound ('below' leaves it out) or the first n
    ("what are the multiples of 7 below 49", "7, 14, 21, 28, 35, 42"),
    ("first 5 multiples of 12", "12, 24, 36, 48, 60"),
])
def test_number_theory_forms(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("query,answer", [
    ("close the open brackets: < [ ( {", "} ) ] >"),  # angle brackets in a bare sequence
    ("missing closers for `if (a < b && (c > d`", "))"),  # ... but compare in code
    ("(T and F) or (not F), T=true F=false", "True"),  # values after a comma
    ("acronym for Portable Network Graphics", "PNG"),
    ('how long is "supercalifragilisticexpialidocious"', "34"),
])
def test_more_text_forms(sandbox, query, answer):
    result = ask(query, sandbox)
    assert result is not None and (result.answer == answer or
                                   result.kind == "brackets" and bracket_answer(result.answer, answer)), result
