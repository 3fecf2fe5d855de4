"""A long service log with one planted line, and the scripted provider that reads it in parts:
what the long-input (Scheme map-reduce) tests of the execute stage, the pipeline and Slack share."""

from __future__ import annotations

from testing.fakes.openai_server import Fail

PLANTED = "2026-11-20T03:14:15Z WARN vault: the rollback password was rotated by operator Zephyrine"
QUESTION = "Question: which operator rotated the rollback password, and when?"
NOTES_PROMPT = "You are reading one part of a long message"
MERGE_PROMPT = "The data below holds notes taken from consecutive parts"


def long_log(chars: int = 20_000, planted: str = PLANTED, question: str = QUESTION) -> str:
    """About `chars` characters of service log lines, `planted` near the middle, `question` last."""
    lines, i = [], 0
    while sum(len(line) + 1 for line in lines) < chars:
        lines.append(f"2026-11-20T0{i // 3600 % 10}:{i // 60 % 60:02d}:{i % 60:02d}Z INFO "
                     f"worker-{i % 7} processed batch {i} in {(i * 37) % 900} ms")
        i += 1
    lines.insert(len(lines) // 2, planted)
    return "Here is last night's log of the billing service.\n" + "\n".join(lines) + f"\n\n{question}"


def note_taker(req):
    """The provider's side: notes per part, merged notes, and an answer from the notes it got."""
    text = req.last_user
    if text.startswith(NOTES_PROMPT):
        data = text.split("<data>", 1)[1]
        if "Zephyrine" in data:
            return "03:14:15 operator Zephyrine rotated the rollback password"
        return f"{data.count('INFO')} routine INFO lines"
    if text.startswith(MERGE_PROMPT):
        return " | ".join(part.strip() for part in text.split("<data>", 1)[1].split("---"))
    if "Zephyrine" in text:
        return "Operator Zephyrine rotated it, at 03:14:15."
    return "The notes do not say."


def failing_on_planted(status: int, message: str):
    """The provider as note_taker, except that the part holding the planted line fails."""

    def rule(req):
        text = req.last_user
        if text.startswith(NOTES_PROMPT) and "Zephyrine" in text.split("<data>", 1)[1]:
            return Fail.server_error(status, message)
        return note_taker(req)

    return rule


def part_calls(fake_llm):
    return [c for c in fake_llm.chat_calls if c.messages[-1]["content"].startswith(NOTES_PROMPT)]


def merge_calls_seen(fake_llm):
    return [c for c in fake_llm.chat_calls if c.messages[-1]["content"].startswith(MERGE_PROMPT)]
