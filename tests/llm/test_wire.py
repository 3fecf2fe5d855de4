"""parse_retry_after: the wait a provider asks for, in each of the forms it may use."""

from __future__ import annotations

import time
from email.utils import formatdate

from rlm_bot.llm.wire import parse_retry_after


def test_retry_after_seconds_and_milliseconds():
    assert parse_retry_after({"retry-after": "2.5"}) == 2.5
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5  # ms wins
    assert parse_retry_after({"retry-after": "-3"}) == 0.0
    assert parse_retry_after({}) is None and parse_retry_after(None) is None


def test_retry_after_http_date():
    # the date form (RFC 9110): the email package parses it, loaded only when one comes
    wait = parse_retry_after({"Retry-After": formatdate(time.time() + 30, usegmt=True)})
    assert wait is not None and 25 <= wait <= 31
    assert parse_retry_after({"retry-after": formatdate(time.time() - 60, usegmt=True)}) == 0.0


def test_retry_after_unreadable_is_none():
    assert parse_retry_after({"retry-after": "soon"}) is None
