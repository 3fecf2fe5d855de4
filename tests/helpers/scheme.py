"""What the Scheme engine tests share: small limits, and a helper that runs and renders."""

from __future__ import annotations

from rlm_bot.config import SchemeLimits

FAST = SchemeLimits(max_steps=3_000_000, timeout_seconds=20.0, max_memory_bytes=64 * 1024 * 1024,
                    max_output_bytes=64 * 1024, max_depth=20_000)


def render(source: str, limits: SchemeLimits = FAST) -> str:
    """The value in print style, or 'ERROR: <message>'."""
    from rlm_bot.scheme import run_program

    result = run_program(source, limits=limits, seed=7)
    if result.ok:
        return result.value_text()
    return "ERROR: " + (result.error or "")
