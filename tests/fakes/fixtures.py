"""Pytest fixtures that start the loopback fakes (filled in by the test-harness work)."""
