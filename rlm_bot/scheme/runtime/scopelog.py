"""The scope log: one entry per model call, unwrap, py-* call, checkpoint and restore."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import asdict, dataclass

MAX_ENTRIES = 2000
PREVIEW_CHARS = 160

# Shapes of credentials that must never be echoed into a log entry, whatever their source.
_SECRET_SHAPES = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|sk-ant-[A-Za-z0-9_\-]{8,}|xox[abpres]-[A-Za-z0-9\-]{8,}"
    r"|xapp-[A-Za-z0-9\-]{8,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,})"
)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with credential-shaped substrings and the given secret values masked."""
    for value in secrets:
        if value and len(value) >= 6:
            text = text.replace(value, "****")
    return _SECRET_SHAPES.sub("****", text)


def preview(value: object, secrets: tuple[str, ...] = ()) -> str:
    """A short, single-line, redacted rendering of `value` for the log."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text[: PREVIEW_CHARS * 4].split())
    text = redact(text, secrets)
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


@dataclass
class ScopeEntry:
    """One logged operation."""

    seq: int
    kind: str
    at_ms: float
    ms: float
    ok: bool
    preview: str
    model: str | None = None
    tokens: int = 0
    cost: float = 0.0
    call_id: str | None = None
    error: str | None = None
    depth: int = 0

    def to_dict(self) -> dict:
        """Plain data, for JSON and for Scheme."""
        return {k: v for k, v in asdict(self).items() if v is not None}


class ScopeLog:
    """Thread-safe, bounded; keeps the newest MAX_ENTRIES and counts what it dropped."""

    def __init__(self, secrets: tuple[str, ...] = (), max_entries: int = MAX_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._entries: list[ScopeEntry] = []
        self._seq = 0
        self._t0 = time.monotonic()
        self._secrets = secrets
        self._max = max_entries
        self.dropped = 0

    def add(self, kind: str, data: object, *, started: float, ok: bool = True,
            model: str | None = None, tokens: int = 0, cost: float = 0.0,
            call_id: str | None = None, error: str | None = None, depth: int = 0) -> ScopeEntry:
        """Record one operation that began at monotonic time `started`."""
        now = time.monotonic()
        with self._lock:
            self._seq += 1
            entry = ScopeEntry(
                seq=self._seq, kind=kind, at_ms=round((started - self._t0) * 1000, 1),
                ms=round((now - started) * 1000, 1), ok=ok, preview=preview(data, self._secrets),
                model=model, tokens=int(tokens), cost=round(float(cost), 8), call_id=call_id,
                error=redact(error, self._secrets) if error else None, depth=depth)
            self._entries.append(entry)
            if len(self._entries) > self._max:
                del self._entries[0]
                self.dropped += 1
            return entry

    def entries(self, last: int | None = None) -> list[ScopeEntry]:
        """A copy of the entries, oldest first (only the `last` ones when given)."""
        with self._lock:
            items = list(self._entries)
        return items[-last:] if last else items

    def clear(self) -> None:
        """Forget every entry (MCP `reset`)."""
        with self._lock:
            self._entries.clear()
            self.dropped = 0
