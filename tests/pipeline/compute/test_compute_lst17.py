"""Counting, filtering, extraction and yes/no questions read by general means (round lst17): one listed value
counted by its membership of the list ('how many 5 stars'), a file type or a word in the name as the filter, a
sum of labelled amounts held against a goal or a cap, a comparison with a remark after it, two quoted strings
compared with case left out, a heading that asks with no question word; and the wrong answers of s–u turned
right or into declines ('no dupes' is no ask for duplicates, '(the 07s)' selects, 'how many times' counts
occurrences, a word count leaves emoji out)."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected


@pytest.mark.parametrize("query,answer", [
    # one listed value counted: the value after 'how many' (past a who and a verb) is one of the listed values
    ("mystery shopper marks: 3 2 3 1 3 3 2 - how many 3s", "4"),
    ("survey answers\nA\nC\nA\nB\nA\nhow many A's", "3"),
    ("feedback 1-5 from the depot: 4, 4, 2, 5, 4, 1\nhow many people gave 4", "3"),
    ("how many 2 star did the cafe get? 2,5,3,2,4,2", "3"),
    # with a condition it is the list filter's count
    ("how many 4 or more: 5, 3, 4, 2, 4", "3 (5, 4, 4)"),
    # a file type named before 'files' is the ending asked (the filter's test), not a word written before each file
    ("only the png files:\nhero.png\nbrief.docx\nicon_small.png\ndata.csv", "hero.png, icon_small.png"),
    # a word in the name: what each item contains
    ("which rooms have suite in the name\n- Garden Suite\n- Twin Room\n- Sea Suite\n- Single", "Garden Suite, Sea Suite"),
    # a sum of labelled amounts against a goal or a cap, the amounts one a line or after a qualifier ('Q3 goal')
    ("did we hit our 9k Q3 goal? jul 2,950 / aug 3,020 / sep 3,100", "Yes: 9,070 is above the goal of 9,000."),
    ("Loaders cannot exceed 40 hours per week. This week: 8, 9, 8.5, 9, 7. Over the limit?",
     "Yes: 41.5 hours is above the limit of 40 hours."),
    ("budget for the stand is €1,500\nprint 420\nfurniture 610\ntravel 380\nare we under budget?",
     "Yes: €1,410.00 is below the budget of €1,500.00."),
    # a comparison with a remark after it, or a tag question
    ("is 0.2 bigger than 0.19 lol sorry", "Yes"),
    ("0.5 equals 2/4 right?", "Yes"),
    # two quoted strings the same with case left out
    ("ignoring case, is 'HUB-7' the same as 'hub-7'?", "Yes: 'HUB-7' and 'hub-7' are the same with case ignored."),
    ("case-insensitive match? 'Lisbon' vs 'Lisboa'", "No: 'Lisbon' and 'Lisboa' are different with case ignored."),
    # a heading that asks with no question word ('… 2 or less:', 'w/ score <= 2') over the records below it
    ("stalls with a score of 3 or less:\nS-1\t4\nS-2\t3\nS-3\t5\nS-4\t1", "S-2, S-4"),
    # '(the 07s)' after the kind selects the numbers that start so
    ("get the mobile numbers only (the 07s) from: desk 0113 496 0001, Ana 07700 900111", "1 phone number: 07700 900111"),
    # 'any dupes?' is answered yes or no, with the repeats
    ("any dupes? K1 / K2 / K1 / K3", "Yes: K1 (×2)"),
    # the kind asked alone after its text, on a line or a clause of its own
    ("picked up at 06:40, dropped at 09:15 - times?", "2 times: 06:40, 09:15"),
    ("claims: CLM-5521 (water), CLM-5530, CLM-5502 -- claim ids only pls", "3 ticket ids: CLM-5521, CLM-5530, CLM-5502"),
    ("shout out to @ana_b and @kofi.m for covering\nhandles?", "2 mentions: @ana_b, @kofi.m"),
    # a sentence after the question that says why it is asked
    ("how many on this list? booking the van\nIda Berg\nTom Roy\nLi Wei", "3 items"),
    # initials ('D. Frost', 'A. Yusuf') are names, not the options of a multiple-choice question
    ("which leases end before 2027-03-01:\nD. Frost\t2027-06-30\nA. Yusuf\t2027-02-14\nK. Lee\t2027-01-02",
     "A. Yusuf, K. Lee"),
    # 'only the @x ones' over addresses
    ("only the @hotmail.com ones\nli@hotmail.com\nbo@web.de\nkim@hotmail.com", "li@hotmail.com, kim@hotmail.com"),
    # a cap said by what is refused over it; a comparison sign after 'target is'
    ("the courier won't take anything over 30 kg. parcel is 62 lb - are we under the limit?",
     "Yes: 28.12 kg is below the limit of 30 kg."),
    ("cpc came in at $1.80, target is <= $2. within target y/n", "Yes: $1.80 is below the target of $2.00."),
    # file types: named as the kind ('the pdfs'), as the test ('which are .csv?'), before 'files', in any case
    ("just the pngs: hero.png, brief.docx, ICON.PNG", "hero.png, ICON.PNG"),
    ("which of these are .csv?\nm_01.csv\nmap.png\nm_02.csv", "m_01.csv, m_02.csv"),
    # a line that is wholly a run of look-alike ids, the question on the next line
    ("NL-RTM-4 DE-HAM-7 NL-AMS-2 BE-ANR-9\nonly the ones starting with NL-", "NL-RTM-4, NL-AMS-2"),
    # a limit said 'max is 30' beside a character count
    ('how many chars is "Fresh daily" — the sign max is 20', "11 chars (within the 20-character limit)"),
    # one value worked out from the text, asked by its noun at the end, is no list of the kind (its reader answers)
    ("order placed 2026-11-27, delivery takes 10 business days - expected date?", "2026-12-11 (Friday)"),
    ("annual licence 54,000 billed monthly. monthly amount?", "4,500"),
    # a word count leaves out what holds no letter or digit
    ("word count: \"Fresh bread 🥖 daily - from 7am\"", "5"),
])
def test_answers_right(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, (result.answer if result else None)


@pytest.mark.parametrize("query", [
    # a count with a condition, or two lists: no one value counted
    "ratings: 5,4,5,3,5 - how many 5 stars do we need for a 4.8 average?",
    # a goal for each period is no goal for their sum
    "goal is 50k for each of jan and feb. jan 48,200, feb 51,900. did we hit it?",
    # 'no dupes' asks the items once each, not the duplicates
    "what ticket numbers are mentioned here (no dupes): #12 and #15, then #12 again",
    # other forms of the word counted: not a whole-word count
    "how many times does 'ship' show up (counting shipped/shipping too) in: ship it, shipped, shipping soon, ship",
    # the items picked by a belief
    "list the order ids you think are fraudulent: ORD-1, ORD-2, ORD-3",
])
def test_declined_or_not_read_wrongly(sandbox, query):
    result = ask_if_detected(query, sandbox)
    assert result is None, result.answer


@pytest.mark.parametrize("query", [
    "how many Y's are in 'Yellowstone' in Spanish?",
    "is it case sensitive when i type 'Rotterdam' in the TMS search?",
    "ratings this month: 5,4,5,3,5 - how do we get more 5 stars?",
    "weekly covers target is 1,500 and we did 1,420. any tips to close the gap next week?",
])
def test_not_a_computation(sandbox, query):
    assert ask_if_detected(query, sandbox) is None
