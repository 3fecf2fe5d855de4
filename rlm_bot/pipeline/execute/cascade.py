"""The cascade: answer with the cheapest viable model; escalate when its answers disagree.

At each tier but the last, k samples (temperature > 0) are requested in parallel through the LLM
client — every one a real, charged call. Their agreement (agree.py: exact for numbers,
letters and code; embedding similarity for free text), lowered when the consensus answer fails an
exact check of its own arithmetic (route/verify.py), is the tier's confidence. At or above the
threshold the consensus answer is returned; below it the query goes to the next model, up to
`max_escalations` times. The last tier answers with one call.

`on_tier(alias, position, escalated_from)` is told as each tier starts (`escalated_from` is the
tier that gave up, None for the first); a tier of one call (the last, or any when samples == 1)
is made through `stream` instead of `client.acomplete` when given, since its text is the answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rlm_bot.errors import RlmError
from rlm_bot.llm.wire import clip
from rlm_bot.pipeline.collaborators import ModelClient
from rlm_bot.pipeline.execute.agree import CodeRunner, EmbedFn, agreement
from rlm_bot.pipeline.route import verify_worked_answer

if TYPE_CHECKING:  # annotations only
    from rlm_bot.llm import UsageMeter

SAMPLE_TEMPERATURE = 0.7
FINAL_TEMPERATURE = 0.2
FAILED_CHECK_FACTOR = 0.5  # confidence kept when the consensus answer's own arithmetic is wrong

# told as each tier starts: (alias, position in the cascade, the alias escalated from or None)
OnTier = Callable[[str, int, str | None], None]
# an `acomplete`-like function (alias, messages, **kwargs) for the one call whose text is the answer
Streamer = Callable[..., Awaitable[Any]]


class CascadeError(RlmError):
    """Every tier of the cascade failed to answer."""


@dataclass(frozen=True)
class TierAttempt:
    """What one tier of the cascade did."""

    alias: str
    samples: int
    answered: int
    confidence: float | None
    kind: str | None
    cost: float
    escalated: bool
    reason: str


@dataclass(frozen=True)
class CascadeResult:
    """The answer used, who gave it, how sure we are, and what the whole cascade cost."""

    answer: str
    model: str
    models: tuple[str, ...]
    confidence: float | None
    attempts: tuple[TierAttempt, ...]
    cost: float
    prompt_tokens: int
    completion_tokens: int
    calls: int
    latency_ms: float
    completions: tuple[Any, ...] = field(default=(), repr=False)


async def arun_cascade(
    client: ModelClient,
    messages: Sequence[dict[str, Any]] | str,
    cascade: Sequence[str],
    *,
    samples: int = 3,
    confidence_threshold: float = 0.8,
    max_escalations: int = 2,
    system: str | None = None,
    max_tokens: int | None = None,
    meter: UsageMeter | None = None,
    embed: EmbedFn | None = None,
    run_code: CodeRunner | None = None,
    kind: str | None = None,
    sample_temperature: float = SAMPLE_TEMPERATURE,
    on_tier: OnTier | None = None,
    stream: Streamer | None = None,
) -> CascadeResult:
    """Run the cascade over `cascade` (model aliases, cheapest first) for one prompt."""
    tiers = [a for a in cascade if a][: max(0, max_escalations) + 1]
    if not tiers:
        raise CascadeError("the cascade is empty; name at least one model alias")
    if samples < 1:
        raise CascadeError("samples must be at least 1")
    if not 0.0 < sample_temperature <= 2.0:
        raise CascadeError("sample_temperature must be above 0 (samples must differ) and at most 2")
    started = time.perf_counter()
    attempts: list[TierAttempt] = []
    used: list[Any] = []
    last_error: Exception | None = None
    for position, alias in enumerate(tiers):
        final = position == len(tiers) - 1
        k = 1 if final else samples
        temperature = FINAL_TEMPERATURE if final else sample_temperature
        if on_tier is not None:
            on_tier(alias, position, tiers[position - 1] if position else None)
        call = stream if stream is not None and k == 1 else client.acomplete
        replies = await asyncio.gather(
            *(
                call(alias, messages, system=system, temperature=temperature,
                     max_tokens=max_tokens, meter=meter)
                for _ in range(k)
            ),
            return_exceptions=True,
        )
        ok = [r for r in replies if not isinstance(r, BaseException)]
        errors = [r for r in replies if isinstance(r, BaseException)]
        for error in errors:
            if not isinstance(error, Exception):
                raise error
        used.extend(ok)
        cost = sum(r.cost for r in ok)
        if not ok:
            last_error = errors[0] if errors else None
            attempts.append(TierAttempt(alias, k, 0, None, None, 0.0, not final,
                                        f"every call failed: {_short(last_error)}"))
            continue
        if final or k == 1:
            confidence, kind_used, index = _single_confidence(ok[0].text, k, kind)
            reason = "last tier answers" if final else "one sample: no self-consistency measured"
            attempts.append(TierAttempt(alias, k, len(ok), confidence, kind_used, cost, False, reason))
            return _result(ok[index], alias, attempts, used, confidence, started)
        texts = [r.text for r in ok]
        found = agreement(texts, kind=kind, embed=embed, run_code=run_code)
        confidence = found.confidence * len(ok) / k  # failed samples count as disagreement
        check = ""
        if found.kind == "number":
            verdict = verify_worked_answer(texts[found.consensus_index])
            if verdict.wrong_equations or verdict.truncated:
                confidence *= FAILED_CHECK_FACTOR
                check = "; its own arithmetic does not hold" if verdict.wrong_equations else "; answer cut off"
        if confidence >= confidence_threshold:
            reason = f"{len(ok)} samples, {found.kind} agreement {confidence:.2f} ≥ {confidence_threshold}{check}"
            attempts.append(TierAttempt(alias, k, len(ok), confidence, found.kind, cost, False, reason))
            return _result(ok[found.consensus_index], alias, attempts, used, confidence, started)
        reason = f"{len(ok)} samples, {found.kind} agreement {confidence:.2f} < {confidence_threshold}{check}: escalate"
        attempts.append(TierAttempt(alias, k, len(ok), confidence, found.kind, cost, True, reason))
    raise CascadeError(
        f"every model of the cascade ({', '.join(tiers)}) failed; last error: {_short(last_error)}"
    )




def _single_confidence(text: str, k: int, kind: str | None) -> tuple[float | None, str | None, int]:
    """One answer: no agreement to measure; a number's exact checks still say something."""
    verdict = verify_worked_answer(text)
    if kind in (None, "number") and verdict.equations:
        return 1.0 - verdict.suspicion, "number", 0
    return None, kind, 0


def _result(reply: Any, alias: str, attempts: list[TierAttempt], used: list[Any],
            confidence: float | None, started: float) -> CascadeResult:
    return CascadeResult(
        answer=reply.text,
        model=alias,
        models=tuple(a.alias for a in attempts),
        confidence=confidence,
        attempts=tuple(attempts),
        cost=sum(r.cost for r in used),
        prompt_tokens=sum(r.prompt_tokens for r in used),
        completion_tokens=sum(r.completion_tokens for r in used),
        calls=len(used),
        latency_ms=(time.perf_counter() - started) * 1000.0,
        completions=tuple(used),
    )


def _short(error: BaseException | None) -> str:
    if error is None:
        return "no reply"

    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return clip(text, 400)  # whole sentences: a message cut mid-sentence tells the user nothing
