"""What the sandbox tests share: the canary secrets planted in the host environment, the text that
must never come back from a sandbox, and the check for it."""

from __future__ import annotations

from rlm_bot.config import SandboxSettings

CANARIES = {
    "OPENAI_API_KEY": "sk-canary-openai-9d41c7",
    "ANTHROPIC_API_KEY": "sk-ant-canary-52be0f",
    "SLACK_BOT_TOKEN": "xoxb-canary-slack-1a2b3c",
    "SLACK_SIGNING_SECRET": "canary-signing-secret-77aa",
}
# Text that must never appear in what a sandbox returns.
LEAK_MARKERS = ("uid=", "root:", "<class '", "POISONED", *CANARIES.values())

TEST_SETTINGS = SandboxSettings(workers=2, timeout_seconds=1.5, cpu_seconds=3, memory_mb=512,
                                max_output_bytes=64 * 1024)


def assert_no_leak(result) -> None:
    """Fail when output, value or error carries a canary or a leak marker."""
    blob = "\n".join([result.output or "", result.value_json or "", result.error or ""])
    for marker in LEAK_MARKERS:
        assert marker not in blob, f"leak marker {marker!r} in sandbox result: {blob[:500]!r}"
