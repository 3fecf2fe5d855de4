"""Fixtures of the Scheme engine tests: `run` with small limits (tests/helpers/scheme.py has the
limits and `render`)."""

from __future__ import annotations

import pytest

from rlm_bot.config import SchemeLimits
from tests.helpers.scheme import FAST


@pytest.fixture
def run():
    """Run a program with the test limits and return its RunResult."""
    from rlm_bot.scheme import run_program

    def _run(source: str, limits: SchemeLimits = FAST, **kw):
        return run_program(source, limits=limits, **kw)

    return _run
