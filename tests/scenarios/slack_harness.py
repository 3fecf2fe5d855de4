"""A running Slack bot for scenario tests: `rlm-bot serve`'s app over HTTP on 127.0.0.1, fed
signed requests, its WebClient calling the fake Slack Web API, its pipeline calling the scripted
OpenAI-compatible provider. Nothing of the project is mocked.

    def test_x(slack_bot):
        slack_bot.mention("What is the capital of France?", ts="1.000100")
        answer = slack_bot.answer("C0GENERAL", "1.000100")     # the final message, with its footer
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from testing.fakes.openai_server import FakeOpenAIServer
from testing.fakes.slack_server import BOT_USER_ID, TEAM_ID, FakeSlack
from testing.fakes.slack_signing import post_action, post_command, post_event

SECRET = "scenario-signing-secret-0123456789"
CHANNEL = "C0GENERAL"
USER = "U0HUMAN01"
_TS = itertools.count(1)


def next_ts() -> str:
    """A fresh Slack message ts."""
    return f"{int(time.time())}.{500000 + next(_TS):06d}"


def wait_until(check: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll `check` until it returns something truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


@dataclass
class SlackBotHarness:
    """The served bot and the two fakes it talks to."""

    url: str
    slack: FakeSlack
    llm: FakeOpenAIServer
    bot: Any
    settings: Any

    # --- sending ---------------------------------------------------------------------------------

    def event(self, event: dict, **kwargs: Any) -> tuple[int, str]:
        """POST one signed Events API event."""
        return post_event(self.url, SECRET, event, **kwargs)

    def mention(self, text: str, *, channel: str = CHANNEL, user: str = USER, ts: str | None = None,
                thread_ts: str | None = None, files: list[dict] | None = None,
                **kwargs: Any) -> str:
        """A signed `app_mention` (the message is also put in the channel's history); returns ts."""
        ts = ts or next_ts()
        self.slack.add_message(channel, f"<@{BOT_USER_ID}> {text}", user=user, ts=ts,
                               thread_ts=thread_ts)
        event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}",
                 "ts": ts, "channel": channel, "team": TEAM_ID, "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        if files:
            event["files"] = files
        status, _ = self.event(event, **kwargs)
        assert status == 200
        return ts

    def message(self, text: str, *, channel: str = CHANNEL, user: str = USER,
                ts: str | None = None, thread_ts: str | None = None, channel_type: str = "channel",
                files: list[dict] | None = None, **fields: Any) -> str:
        """A signed `message` event (put in the history too); returns its ts."""
        ts = ts or next_ts()
        self.slack.add_message(channel, text, user=user, ts=ts, thread_ts=thread_ts)
        event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel,
                 "channel_type": channel_type, "team": TEAM_ID, "event_ts": ts, **fields}
        if thread_ts:
            event["thread_ts"] = thread_ts
        if files:
            event["files"] = files
        status, _ = self.event(event)
        assert status == 200
        return ts

    def command(self, text: str, **fields: str) -> tuple[int, str]:
        """A signed `/rlm` slash command."""
        fields.setdefault("response_url", self.slack.response_url(f"r{next(_TS)}"))
        return post_command(self.url, SECRET, "/rlm", text, **fields)

    def action(self, payload: dict) -> tuple[int, str]:
        """A signed interactivity payload."""
        return post_action(self.url, SECRET, payload)

    # --- reading ---------------------------------------------------------------------------------

    def thread(self, channel: str, thread_ts: str) -> list[dict]:
        """The bot's messages in one thread (or at the top of a DM when thread_ts is None)."""
        with self.slack._lock:
            return [dict(m) for m in self.slack.messages.get(channel, [])
                    if m.get("user") == BOT_USER_ID and m.get("thread_ts") == thread_ts]

    def answer(self, channel: str, thread_ts: str | None, timeout: float = 30.0) -> dict:
        """The bot's final answer message (the one carrying the context line)."""
        def done() -> dict | None:
            for message in self.thread(channel, thread_ts):
                if _has_block(message, "rlm_context") and not _streaming(self.slack, channel, message):
                    return message
            return None
        return wait_until(done, timeout, f"an answer in {channel}/{thread_ts}")

    def outcome_of(self, message: dict) -> str:
        """The outcome id carried by an answer's feedback buttons."""
        for block in message.get("blocks") or []:
            if block.get("block_id") == "rlm_feedback":
                return block["elements"][0]["positive_button"]["value"].split(":")[0]
        raise AssertionError("the answer has no feedback buttons")


def _has_block(message: dict, block_id: str) -> bool:
    return any(b.get("block_id") == block_id for b in message.get("blocks") or [])


def _streaming(slack: FakeSlack, channel: str, message: dict) -> bool:
    stream = getattr(slack, "streams", {}).get((channel, message.get("ts")))
    return bool(stream) and stream.get("state") == "streaming"


def prompt_of(call: Any) -> str:
    """Every message text of one provider call, joined."""
    return "\n".join(str(m.get("content") or "") for m in call.messages)


def visible_text(message: dict) -> str:
    """Everything a person sees of a message: its text and its section blocks."""
    parts = [message.get("text") or ""]
    for block in message.get("blocks") or []:
        if block.get("type") == "section":
            parts.append((block.get("text") or {}).get("text", ""))
    return "\n".join(parts)


@pytest.fixture
def slack_env(fake_llm, fake_slack, monkeypatch) -> dict[str, str]:
    """The environment `rlm-bot serve` runs with in these tests (callers may add to it)."""
    values = {"SLACK_SIGNING_SECRET": SECRET, "RLM_SLACK_THREAD_MEMORY": "false",
              "RLM_SLACK_UPDATE_INTERVAL": "0.2", "RLM_LLM_RETRY_BACKOFF": "0.01",
              "RLM_ROUTER": "profiles"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def slack_bot(slack_env, fake_llm, fake_slack) -> Iterator[SlackBotHarness]:
    """The bot served over HTTP on 127.0.0.1 (see the module docstring)."""
    with serve_bot(fake_llm, fake_slack) as bot:
        yield bot


@contextlib.contextmanager
def serve_bot(fake_llm: FakeOpenAIServer, fake_slack: FakeSlack) -> Iterator[SlackBotHarness]:
    """Build the app from the current environment and serve it for the `with` block."""
    from rlm_bot.config import load_settings
    from rlm_bot.llm import close_shared_clients
    from rlm_bot.slack import HttpServer, build_app
    from rlm_bot.storage import close_all

    settings = load_settings()
    app, bot = build_app(settings)
    server = HttpServer(app, bot, host="127.0.0.1", port=0).start()
    try:
        yield SlackBotHarness(server.url, fake_slack, fake_llm, bot, settings)
    finally:
        server.shutdown()
        bot.close()
        close_shared_clients()
        close_all()
