"""What the runtime tests share: run a program and insist it succeeds; a provider rule that answers
the pattern examples sensibly."""

from __future__ import annotations

import json

from testing.fakes.openai_server import ChatRequest


def run_ok(rt, source: str, timeout: float = 20.0):
    """Run and assert success; the outcome."""
    out = rt.execute(source, timeout=timeout)
    assert out.ok, out.error
    return out


def smart_rule(request: ChatRequest):
    """A provider that answers the pattern examples sensibly (used by several tests)."""
    system, user = request.system, request.last_user
    if "You write a Scheme program" in system:
        return "```scheme\n(finish (* 6 7))\n```"
    if "Write Python 3 code" in user:
        return "```python\nprint(sum(i * i for i in range(1, 11)))\n```"
    if request.json_mode or "JSON" in user:
        if "Choose how to solve" in user:
            return json.dumps({"strategy": "fan-out", "instruction": "Upper-case the line."})
        if "confidence" in user:
            sure = 0.4 if "fine" in user else 0.95
            return json.dumps({"label": "positive" if "love" in user else "other", "confidence": sure})
        if "next steps" in user:
            return json.dumps(["red", "green", "blue"])
        return json.dumps({"ok": True})
    if "Critique" in user:
        return "APPROVED"
    if "Is 91 a prime" in user or "prime" in user:
        return "no"
    if "boiling point" in user:
        return "100"
    if "capital of France" in user:
        return "Paris"
    if "capital of Japan" in user:
        return "Tokyo"
    if "digits only" in user:
        return "4"
    return "reply: " + " ".join(user.split())[:40]
