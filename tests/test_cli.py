"""The `rlm-bot` command: contract commands listed, light --help, exit codes 0/1/2, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rlm_bot.cli import COMMANDS

pytestmark = pytest.mark.slow  # runs the CLI in subprocesses

HEAVY = ("torch", "chromadb", "litellm", "slack_sdk", "slack_bolt", "sentence_transformers",
         "transformers", "matplotlib", "mcp", "RestrictedPython", "sqlalchemy", "alembic")
CONTRACT = {"ask", "chat", "serve", "scheme", "py", "analyze", "why", "memory", "config", "mcp",
            "report", "bench", "db"}


def _cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, input=stdin, timeout=120)


def test_cli_lists_every_contract_command():
    assert set(COMMANDS) == CONTRACT
    done = _cli("--help")
    assert done.returncode == 0
    for name in CONTRACT:
        assert name in done.stdout


def test_cli_help_imports_nothing_heavy():
    code = ("import sys; from rlm_bot.cli import build_parser; build_parser().format_help(); "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"--help imported heavy modules: {done.stdout.strip()}"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_cli_each_command_has_help(name):
    done = _cli(name, "--help")
    assert done.returncode == 0, done.stderr
    assert "--json" in done.stdout


def test_cli_bad_usage_exits_2_with_one_line():
    done = _cli("no-such-command")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_cli_bad_setting_exits_1_naming_the_variable():
    done = _cli("config", env={"RLM_CASCADE_SAMPLES": "many"})
    assert done.returncode == 1
    assert done.stderr.startswith("error: RLM_CASCADE_SAMPLES=")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_cli_config_json_masks_secrets():
    done = _cli("config", "--json", env={"SLACK_BOT_TOKEN": "xoxb-canary-777",
                                         "OPENAI_API_KEY": "sk-canary-778",
                                         "RLM_DATABASE_URL": "postgresql+psycopg://u:pw-canary@h/db"})
    assert done.returncode == 0, done.stderr
    assert "canary" not in done.stdout
    data = json.loads(done.stdout)
    assert data["slack"]["bot_token"] == "set"
    assert data["provider_keys"] == ["OPENAI_API_KEY"]
