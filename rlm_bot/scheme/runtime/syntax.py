"""Syntax objects: what `llm-query` returns, so model text is unwrapped (and logged) explicitly."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.values import Opaque


class Syntax(Opaque):
    """A model reply (text or jsexpr) wrapped until `syntax-e` unwraps it."""

    scheme_name = "syntax"
    __slots__ = ("value", "call_id", "model")

    def __init__(self, value: Any, call_id: str | None = None, model: str | None = None) -> None:
        self.value = value
        self.call_id = call_id
        self.model = model

    @property
    def scheme_name(self) -> str:  # type: ignore[override]
        """How Scheme prints it: #<syntax "first words…">."""
        text = self.value if isinstance(self.value, str) else repr(self.value)
        text = " ".join(text.split())
        return f"syntax {text[:40]!r}{'…' if len(text) > 40 else ''}"

    def __repr__(self) -> str:
        return f"#<{self.scheme_name}>"


def unwrap(v: Any) -> Any:
    """The value inside a syntax object; anything else unchanged."""
    return v.value if type(v) is Syntax else v
