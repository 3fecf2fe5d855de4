"""Files shared with a mention become the task's context, read the RLM way (in parts) when long."""

from __future__ import annotations

import pytest

from tests.helpers.long_input import long_log, note_taker
from tests.scenarios.slack_harness import (
    CHANNEL, prompt_of, slack_bot, slack_env, visible_text, wait_until,
)

pytestmark = pytest.mark.slow  # large shared files downloaded and read in parts

__all__ = ["slack_bot", "slack_env"]


def test_slack_needle_in_a_shared_1mb_log_is_found_without_pasting_it_whole(slack_bot):
    slack_bot.llm.rule(note_taker)
    log = long_log(1_000_000, question="(end of log)").encode()
    shared = slack_bot.slack.add_file("billing-night.log", log)
    ts = slack_bot.mention("Which operator rotated the rollback password, and when?", files=[shared])
    answer = slack_bot.answer(CHANNEL, ts, timeout=180)
    assert "Zephyrine" in visible_text(answer)
    assert slack_bot.slack.calls_to("file.download"), "the file was downloaded with the bot token"
    largest = max(len(prompt_of(c)) for c in slack_bot.llm.chat_calls)
    assert len(slack_bot.llm.chat_calls) > 10 and largest < len(log) // 10, \
        "read in parts, never pasted whole"


def test_slack_files_of_the_wrong_type_or_too_big_get_a_clear_note(slack_bot, monkeypatch):
    slack_bot.llm.rule(lambda req: "Nothing to read, but hello.")
    exe = slack_bot.slack.add_file("tool.exe", b"MZ\x90\x00binary")
    big = slack_bot.slack.add_file("huge.txt", b"x" * 100, size=50 * 1024 * 1024)
    ts = slack_bot.mention("What is in these files?", files=[exe, big])
    def notes() -> str:
        shown = " ".join(m.get("text", "") for m in slack_bot.thread(CHANNEL, ts))
        return shown if "tool.exe" in shown and "huge.txt" in shown else ""
    wait_until(notes, what="notes about both skipped files")
    slack_bot.answer(CHANNEL, ts)
    assert not slack_bot.slack.calls_to("file.download")
