"""Pytest fixtures that start the loopback fakes (filled in by the test-harness work)."""

from tests.fakes.slack_fixtures import fake_slack  # noqa: F401  (the fake Slack Web API)
