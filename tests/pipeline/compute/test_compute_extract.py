"""Extraction from pasted text, asked the way people ask in Slack, answered in the real sandbox."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.types import Task
from tests.helpers.compute import ask_if_detected

LOG = """2026-12-01 10:00:01 GET /health from 10.0.0.12 port 443
2026-12-01 10:00:02 GET /login from 192.168.1.300 (not an ip) and 2001:db8::1
2026-12-01 10:00:03 POST /api from 10.0.0.12:8080
2026-12-01 10:00:04 GET /admin from 172.16.4.2 at 10:00:04"""


_ask = ask_if_detected


@pytest.mark.parametrize("query,answer", [
    ("pull out all the emails from this: hi jane@acme.io and bob.smith@example.co.uk, cc jane@acme.io",
     "2 e-mail addresses: jane@acme.io, bob.smith@example.co.uk"),
    ("<@U024BE7LH> what IPs are in this log\n" + LOG,
     "3 IP addresses: 10.0.0.12, 2001:db8::1, 172.16.4.2"),
    ("can u list the urls in here ```see https://example.com/docs (and http://foo.bar/x?y=1). Also www.test.org.```",
     "3 URLs: https://example.com/docs, http://foo.bar/x?y=1, www.test.org"),
    ("extract the amounts and total them:\ncoffee $4.50\nlunch $12.00\ntaxi $23.75\nlunch $12.00",
     "total $52.25 (4 amounts: $4.50, $12.00, $23.75, $12.00)"),
    ("sum up the amounts here: 4,50 € for coffee, 12 EUR lunch, 1.200,00€ rent",
     "total €1,216.50 (3 amounts: 4,50 €, 12 EUR, 1.200,00€)"),
    ("total the amounts: $5 and £3", "2 amounts: $5, £3; no single total: the amounts are in $, £"),
    ("what versions are mentioned here: we upgraded from v1.2.3 to 2.0.0-rc.1 on node 18.17.1, v1.2.3 again",
     "3 versions: v1.2.3, 2.0.0-rc.1, 18.17.1"),
    ("get the dates from this: kickoff 2026-01-05, review on 21 Nov 2026, ship Nov 30th",
     "3 dates: 2026-01-05, 21 Nov 2026, Nov 30th"),
    ('extract numbers from "order 1234 shipped 3 items for 45.50" and sum them', "total 1282.5 (3 numbers: 1234, 3, 45.50)"),
    ("grab the hashtags from: loving the #launch today #Slack #launch", "2 hashtags: #launch, #Slack"),
    ("pull the emails out of this pls\nnothing to see here", "No e-mail addresses found in the text."),
    ("how many unique ips hit us?\n```\n1.2.3.4 - - GET /\n5.6.7.8 - - GET /a\n1.2.3.4 - - GET /b\n```",
     "2 IP addresses: 1.2.3.4, 5.6.7.8"),
    ("list the links in this: see <https://x.io/a?b=1&amp;c=2|the report> and <mailto:kim@z.dev|kim@z.dev>",
     "1 URL: https://x.io/a?b=1&c=2"),
    ("extrct emials from this: a@b.co, c@d.org", "2 e-mail addresses: a@b.co, c@d.org"),
    ("pls list all teh urls: https://a.com https://b.com/x", "2 URLs: https://a.com, https://b.com/x"),
    ("dedupe these emails: a@x.io, b@y.io, A@x.io, a@x.io", "2 e-mail addresses: a@x.io, b@y.io"),
    ('pull the ip addresses from this nginx line: 203.0.113.7 - - [07/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200',
     "1 IP address: 203.0.113.7"),
    ("what's the sum of the amounts below\n- rent: €1,200\n- internet: €45.99\n- phone: €20",
     "total €1,265.99 (3 amounts: €1,200, €45.99, €20)"),
    ("<@U123> emails in here? ana@x.io, bo@y.io", "2 e-mail addresses: ana@x.io, bo@y.io"),
    ("extract IPs:\nfe80::1ff:fe23:4567:890a and 2001:0db8:85a3:0000:0000:8a2e:0370:7334, 127.0.0.1, 999.1.1.1",
     "3 IP addresses: fe80::1ff:fe23:4567:890a, 2001:0db8:85a3:0000:0000:8a2e:0370:7334, 127.0.0.1"),
    ("pull the numbers out of this and add them up: 12 apples, 7 pears, 3.5kg flour", "total 22.5 (3 numbers: 12, 7, 3.5)"),
])
def test_extract_lists_what_the_pasted_text_holds(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result
    assert result.kind == "extraction" and "import re" in result.code


def test_extract_asked_on_the_last_line_after_the_pasted_text(sandbox):
    result = _ask(LOG + "\n\n@rlm what ips are in there?", sandbox)
    assert result is not None and result.answer == "3 IP addresses: 10.0.0.12, 2001:db8::1, 172.16.4.2"


def test_extract_is_not_a_filter_a_range_sum_or_a_word_in_a_story():
    for text, not_template in [
        ("which numbers are less than 50 in: 12, 75, 49, 50, 3", "extract_number"),
        ("sum of the numbers from 1 to 100", "extract_number"),
        ("which emails appear more than once in this list: a@x.io b@y.io a@x.io", "extract_email"),
        ("Twenty dozen cups cost $1200 less than the total cost of half a dozen plates sold at $6000 each. "
         "Calculate the total cost of buying each cup.", "extract_amount"),
        ("A budget deficit exists when\nA. the total amount that the government owes is positive\n"
         "B. government spending exceeds tax collections", "extract_amount"),
    ]:
        assert analyze(Task(text=text)).computation_template != not_template, text


def test_extract_reads_the_message_above_in_a_thread(sandbox):
    conversation = ("user: ping ann@x.org or bo@y.io about it\n\nassistant: will do\n\n"
                    "user: also cc ann@x.org and kim@z.dev please")
    result = _ask("<@U1> any emails in the message above?", sandbox, conversation=conversation)
    assert result is not None and result.answer == "2 e-mail addresses: ann@x.org, kim@z.dev"


def test_extract_code_shown_reruns_to_the_same_answer(sandbox):
    result = _ask("what IPs are in this log\n" + LOG, sandbox)
    rerun = sandbox.run(result.code)
    assert rerun.ok and rerun.value == result.answer


def test_extract_keeps_the_at_sign_of_addresses_but_drops_mentions():
    features = analyze(Task(text="<@U024BE7LH> @bot extract emails: a@b.io"))
    assert features.computation and features.computation_template == "extract_email"


@pytest.mark.parametrize("query", [
    "extract the emails from salesforce and send them to marketing",
    "list the urls for our staging envs",
    "how do I extract emails from a string in python?",
    "what's the ip of the staging box?",
    "any dates for the offsite yet?",
    "what's a good savings account?",
    "list the links we should add to the onboarding doc",
    "which dates work for you: tuesday or thursday?",
    "what numbers should we hit this quarter?",
    "do we still have the 10.0.0.5 box?",
    "can you list the urls we use for monitoring?",
])
def test_extract_is_not_a_request_about_systems_or_plans(sandbox, query):
    assert _ask(query, sandbox) is None
