"""Secrets masked everywhere: URL credentials in `config`, in error messages and logs; the values of
the configured keys never stored in memory, logged or replied, whatever their shape."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from rlm_bot.config import Secret, SlackSettings, Settings, load_settings, mask_url
from tests.scenarios.slack_harness import slack_bot, slack_env, wait_until

__all__ = ["slack_bot", "slack_env"]  # fixtures used by name below

ROOT = Path(__file__).resolve().parents[1]
# A provider key of no known format: only the configured value can say it is a secret.
ODD_KEY = "abc123-not-a-known-format-9f8e7d"
URL_ENV = {
    "RLM_CHROMA_URL": "http://chromauser:chroma-pw-4411@chroma.internal:8000",
    "RLM_LLM_API_BASE": "http://llmuser:llm-pw-5522@llm.internal/v1?token=tok-6633-qq&model=x",
    "SLACK_API_URL": "http://bare-token-7744-zz@slack.internal/api?api_key=k-8855-yy",
    "RLM_DATABASE_URL": "postgresql+psycopg://dbuser:db-pw-9966@db.internal:5432/rlm",
}
LEAKS = ("chroma-pw-4411", "llm-pw-5522", "tok-6633-qq", "bare-token-7744-zz", "k-8855-yy",
         "db-pw-9966")


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180):
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], capture_output=True, text=True,
                          env=full, timeout=timeout)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("url, expected", [
    ("postgresql+psycopg://bob:hunter2@db:5432/x", "postgresql+psycopg://bob:****@db:5432/x"),
    ("http://user:pw@host/v1?token=abc&model=m", "http://user:****@host/v1?token=****&model=m"),
    ("http://TOKEN123@host:8000", "http://****@host:8000"),
    ("https://h/p?X-Amz-Signature=abc&Access_Token=d&apikey=e&sig=f&password=g&auth=h",
     "https://h/p?X-Amz-Signature=****&Access_Token=****&apikey=****&sig=****&password=****&auth=****"),
    ("https://h/cb#access_token=abc&state=1", "https://h/cb#access_token=****&state=1"),
    ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
    ("http://host:8000/v1?model=gpt", "http://host:8000/v1?model=gpt"),
    ("failed at http://u:p@h/x: refused.", "failed at http://u:****@h/x: refused."),
])
def test_mask_url_hides_userinfo_and_token_parameters(url: str, expected: str) -> None:
    assert mask_url(url) == expected


@pytest.mark.slow
def test_config_text_masks_every_url_setting() -> None:
    done = _cli("config", env=URL_ENV)
    assert done.returncode == 0, done.stderr
    for leak in LEAKS:
        assert leak not in done.stdout + done.stderr
    shown = dict(line.split(" = ", 1) for line in done.stdout.splitlines() if " = " in line)
    assert shown["memory.chroma_url"] == "http://chromauser:****@chroma.internal:8000"
    assert shown["llm.api_base"] == "http://llmuser:****@llm.internal/v1?token=****&model=x"
    assert shown["slack.api_url"] == "http://****@slack.internal/api?api_key=****"


@pytest.mark.slow
def test_config_json_masks_every_url_setting() -> None:
    done = _cli("config", "--json", env={**URL_ENV, "OPENAI_API_KEY": ODD_KEY})
    assert done.returncode == 0, done.stderr
    for leak in (*LEAKS, ODD_KEY):
        assert leak not in done.stdout
    data = json.loads(done.stdout)
    assert data["database_url"] == "postgresql+psycopg://dbuser:****@db.internal:5432/rlm"
    assert data["sql_url"] == data["database_url"]
    assert data["memory"]["chroma_url"] == "http://chromauser:****@chroma.internal:8000"
    assert data["llm"]["api_base"] == "http://llmuser:****@llm.internal/v1?token=****&model=x"
    assert data["slack"]["api_url"] == "http://****@slack.internal/api?api_key=****"
    assert data["provider_keys"] == ["OPENAI_API_KEY"] and "env_secrets" not in data


@pytest.mark.slow
def test_chroma_error_message_masks_the_url() -> None:
    url = f"http://chromauser:chroma-pw-4411@127.0.0.1:{_closed_port()}/?token=tok-6633-qq"
    done = _cli("memory", "add", "The on-call handbook lives at go/oncall", "--json",
                env={"RLM_CHROMA_URL": url})
    assert done.returncode == 1
    body = json.loads(done.stdout.strip().splitlines()[-1])
    assert "cannot open the Chroma store at http://chromauser:****@127.0.0.1:" in body["error"]
    assert "?token=****:" in body["error"]
    for leak in ("chroma-pw-4411", "tok-6633-qq"):
        assert leak not in done.stdout + done.stderr


@pytest.mark.slow
def test_a_bad_url_setting_is_refused_without_its_credentials() -> None:
    done = _cli("config", env={"RLM_CHROMA_URL": "chromauser:chroma-pw-4411@host"})
    assert done.returncode == 1 and "RLM_CHROMA_URL='chromauser:****@host' is invalid" in done.stderr
    done = _cli("config", env={"RLM_LLM_API_BASE": "llm.internal/v1?token=tok-6633-qq"})
    assert done.returncode == 1 and "RLM_LLM_API_BASE='llm.internal/v1?token=****'" in done.stderr
    assert "tok-6633-qq" not in done.stderr


def test_secret_values_cover_configured_keys_and_url_credentials() -> None:
    settings = load_settings({**URL_ENV, "OPENAI_API_KEY": ODD_KEY, "SLACK_BOT_TOKEN": "xoxb-odd-0001",
                              "RLM_LLM_API_KEY": "plain-llm-key-42", "RLM_DATA_DIR": "/tmp"})
    values = settings.secret_values()
    for value in (ODD_KEY, "xoxb-odd-0001", "plain-llm-key-42", *LEAKS):
        assert value in values
    assert ODD_KEY not in repr(settings) and ODD_KEY not in json.dumps(settings.to_dict())
    # a key of a few letters would blank ordinary words everywhere: not scrubbed as free text
    assert "test" not in load_settings({"RLM_LLM_API_KEY": "test"}).secret_values()
    built = Settings(slack=SlackSettings(signing_secret=Secret("signing-odd-0002")))
    assert built.secret_values() == ("signing-odd-0002",)


@pytest.mark.slow
def test_memory_add_redacts_the_configured_provider_key() -> None:
    env = {"OPENAI_API_KEY": ODD_KEY}
    done = _cli("memory", "add", f"the staging key is {ODD_KEY} and it rotates monthly",
                "--workspace", "T1", "--json", env=env)
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout.strip().splitlines()[-1])
    assert added["redacted"] == ["configured secret"]
    listed = _cli("memory", "list", "--workspace", "T1", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert ODD_KEY not in listed.stdout
    texts = [m["text"] for m in json.loads(listed.stdout.strip().splitlines()[-1])["memories"]]
    assert texts == ["the staging key is [redacted configured secret] and it rotates monthly"]


_PROBE = """
import logging, os, sys
from rlm_bot.cli import main
main(["config"])
log = logging.getLogger("rlm_bot.probe")
log.info("calling the provider with key %s", os.environ["OPENAI_API_KEY"])
log.info("posting to %s", os.environ["SLACK_API_URL"])
try:
    raise RuntimeError("bad token " + os.environ["SLACK_BOT_TOKEN"])
except RuntimeError:
    log.exception("while posting")
"""


@pytest.mark.slow
def test_info_log_lines_mask_configured_keys_and_url_credentials() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RLM_LOG_LEVEL": "INFO", "OPENAI_API_KEY": ODD_KEY,
           "SLACK_BOT_TOKEN": "odd-slack-token-31337", "SLACK_API_URL": URL_ENV["SLACK_API_URL"]}
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "INFO rlm_bot.probe: calling the provider with key ****" in done.stderr
    assert "posting to http://****@slack.internal/api?api_key=****\n" in done.stderr
    assert "RuntimeError: bad token ****" in done.stderr
    for leak in (ODD_KEY, "odd-slack-token-31337", "bare-token-7744-zz", "k-8855-yy"):
        assert leak not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("transport", ["litellm", "auto"])
def test_provider_debug_log_masks_the_endpoint_credentials(transport: str) -> None:
    base = f"http://llmuser:llm-pw-5522@127.0.0.1:{_closed_port()}/v1?token=tok-6633-qq"
    done = _cli("ask", "Write a haiku about autumn", env={
        "RLM_LLM_API_BASE": base, "RLM_LLM_API_KEY": "odd-endpoint-key-2718", "RLM_LOG_LEVEL": "DEBUG",
        "RLM_LLM_MAX_RETRIES": "0", "RLM_CASCADE_ORDER": "haiku", "RLM_LLM_TRANSPORT": transport},
        timeout=300)
    assert done.returncode == 1
    if transport == "litellm":  # litellm's client logs the URL it calls; the lean transport does not
        assert "http://llmuser:****@127.0.0.1:" in done.stderr
    for leak in ("llm-pw-5522", "tok-6633-qq", "odd-endpoint-key-2718"):
        assert leak not in done.stdout + done.stderr


@pytest.fixture
def odd_provider_key(monkeypatch) -> str:
    """OPENAI_API_KEY set to a value of no known format before the Slack app loads its settings."""
    monkeypatch.setenv("OPENAI_API_KEY", ODD_KEY)
    return ODD_KEY


def test_slash_reply_redacts_the_configured_provider_key(odd_provider_key, slack_bot) -> None:
    name = "why-odd-key"
    status, _ = slack_bot.command(f"why {odd_provider_key}", response_url=slack_bot.slack.response_url(name))
    assert status == 200
    found = wait_until(lambda: [r for r in slack_bot.slack.responses if r["name"] == name], 30.0,
                       "the answer to /rlm why")
    text = found[0]["text"]
    assert odd_provider_key not in text and "[redacted configured secret]" in text
