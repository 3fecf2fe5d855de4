"""`rlm-bot serve` as a person runs it: a real process on a loopback port (HTTP mode), and the
Socket Mode path through a loopback Socket Mode server; feedback read back by `rlm-bot report`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from testing.fakes.openai_server import Reply
from testing.fakes.slack_server import BOT_USER_ID, TEAM_ID
from testing.fakes.slack_signing import post_event
from tests.scenarios.slack_harness import CHANNEL, SECRET, USER, next_ts, wait_until

pytestmark = pytest.mark.slow  # runs `rlm-bot serve` and the CLI in subprocesses

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(fake_llm, fake_slack, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "RLM_LLM_API"))}
    env.update({"SLACK_BOT_TOKEN": fake_slack.token, "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake_slack.url, "RLM_LLM_API_BASE": fake_llm.base_url,
                "RLM_LLM_API_KEY": "sk-loopback-serve-test", "RLM_SLACK_THREAD_MEMORY": "false",
                "RLM_ROUTER": "profiles", "PYTHONPATH": str(ROOT)}, **extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_serve_http_answers_a_signed_mention_and_report_reads_the_feedback(fake_llm, fake_slack):
    fake_llm.rule(lambda req: "Paris.")
    port = _free_port()
    # the scheduled report runs inside serve: a period that fired a moment ago is posted at start
    env = _env(fake_llm, fake_slack, RLM_REPORT_CHANNEL="C0REPORTS", RLM_REPORT_CRON="* * * * *")
    proc = subprocess.Popen([sys.executable, "-m", "rlm_bot", "serve", "--http", "--port", str(port),
                             "--host", "127.0.0.1"], env=env, cwd=ROOT, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    try:
        def healthy():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return json.loads(r.read())["ok"]
            except OSError:
                return False
        wait_until(healthy, timeout=60, what="/healthz")
        url = f"http://127.0.0.1:{port}/slack/events"
        ts = next_ts()
        started = time.monotonic()
        status, _ = post_event(url, SECRET, {"type": "app_mention", "user": USER, "ts": ts,
                                             "channel": CHANNEL, "text": f"<@{BOT_USER_ID}> What is the capital of France?"})
        assert status == 200 and time.monotonic() - started < 3.0
        answer = wait_until(lambda: [m for m in fake_slack.messages.get(CHANNEL, [])
                                     if m.get("thread_ts") == ts and "Paris." in (m.get("text") or "")
                                     and any(b.get("block_id") == "rlm_context" for b in m.get("blocks") or [])],
                            timeout=60, what="the answer")[0]
        assert post_event(url, SECRET, {"type": "reaction_added", "user": USER, "reaction": "+1",
                                        "item": {"type": "message", "channel": CHANNEL, "ts": answer["ts"]},
                                        "event_ts": f"{time.time():.6f}"})[0] == 200

        def rated():
            out = _run(["report", "--json"], env)
            return json.loads(out.stdout) if out.returncode == 0 and json.loads(out.stdout)["rated"] else None
        report = wait_until(rated, timeout=60, what="the rating in the report")
        assert report["tasks"] >= 1 and report["satisfaction_rate"] == 1.0
        wait_until(lambda: fake_slack.messages.get("C0REPORTS"), timeout=60,
                   what="the scheduled learning report")
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "Traceback" not in err and fake_slack.token not in err, err[-3000:]


def test_serve_without_credentials_says_what_to_set(fake_llm, fake_slack):
    env = _env(fake_llm, fake_slack)
    env.pop("SLACK_SIGNING_SECRET")
    out = _run(["serve", "--http", "--port", str(_free_port())], env)
    assert out.returncode == 1 and "SLACK_SIGNING_SECRET" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    env["SLACK_SIGNING_SECRET"] = SECRET
    env["SLACK_BOT_TOKEN"] = "xoxb-not-a-token-slack-knows"
    out = _run(["serve", "--http", "--port", str(_free_port())], env)
    assert out.returncode == 1 and "invalid_auth" in out.stderr and "xoxb-not" not in out.stderr
    env.pop("SLACK_BOT_TOKEN")
    out = _run(["serve", "--http", "--port", str(_free_port())], env)
    assert out.returncode == 1 and "SLACK_BOT_TOKEN" in out.stderr


def test_serve_socket_mode_answers_a_mention(fake_llm, fake_slack, fake_socket_mode, monkeypatch):
    from rlm_bot.config import load_settings
    from rlm_bot.llm import close_shared_clients
    from rlm_bot.slack import build_app, socket_mode_handler
    from rlm_bot.storage import close_all

    for key, value in {"RLM_SLACK_THREAD_MEMORY": "false", "RLM_ROUTER": "profiles"}.items():
        monkeypatch.setenv(key, value)
    fake_llm.rule(lambda req: Reply("Paris.", latency=0.3))
    settings = load_settings()
    app, bot = build_app(settings, socket_mode=True)
    handler = socket_mode_handler(app, settings.slack.app_token.reveal())
    handler.connect()
    try:
        fake_socket_mode.wait_connected()
        ts = next_ts()
        envelope = fake_socket_mode.send_event({"type": "app_mention", "user": USER, "ts": ts,
                                                "channel": CHANNEL, "team": TEAM_ID,
                                                "text": f"<@{BOT_USER_ID}> What is the capital of France?"})
        fake_socket_mode.wait_for_ack(envelope)
        # Slack retries the envelope: acked, not answered again
        again = fake_socket_mode.send_event({"type": "app_mention", "user": USER, "ts": ts,
                                             "channel": CHANNEL, "team": TEAM_ID,
                                             "text": f"<@{BOT_USER_ID}> What is the capital of France?"},
                                            retry_attempt=1)
        fake_socket_mode.wait_for_ack(again)
        wait_until(lambda: [m for m in fake_slack.messages.get(CHANNEL, [])
                            if m.get("thread_ts") == ts and "Paris." in (m.get("text") or "")
                            and any(b.get("block_id") == "rlm_context" for b in m.get("blocks") or [])],
                   timeout=30, what="the answer")
        time.sleep(0.5)
        assert len(fake_llm.chat_calls) == 1
    finally:
        handler.close()
        bot.close()
        close_shared_clients()
        close_all()
