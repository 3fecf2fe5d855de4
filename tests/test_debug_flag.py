"""RLM_DEBUG is read by config.py alone: any non-empty value asks for tracebacks."""

from __future__ import annotations

import pytest

from rlm_bot.config import debug_tracebacks


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, False), ({"RLM_DEBUG": ""}, False), ({"RLM_DEBUG": "1"}, True), ({"RLM_DEBUG": "yes"}, True),
])
def test_debug_flag_any_non_empty_value_turns_it_on(environ, expected):
    assert debug_tracebacks(environ) is expected


def test_debug_flag_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.delenv("RLM_DEBUG", raising=False)
    assert debug_tracebacks() is False
    monkeypatch.setenv("RLM_DEBUG", "1")
    assert debug_tracebacks() is True
