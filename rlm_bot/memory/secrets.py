"""Secrets never enter memory: credentials are redacted before anything is embedded or stored."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PLACEHOLDER = "[redacted {}]"
KNOWN_NAME = "configured secret"  # a value of the bot's own configuration

# (name, pattern); the whole match is replaced unless the pattern has a group named "value".
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private key", re.compile(
        r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)", re.S)),
    ("slack token", re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{8,}")),
    ("slack app token", re.compile(r"\bxapp-[0-9]-[A-Za-z0-9-]{8,}")),
    ("slack webhook", re.compile(r"https://hooks\.slack\.com/services/[A-Za-z0-9/]+")),
    ("anthropic key", re.compile(r"\bsk-ant-[A-Za-z0-9_-]{16,}")),
    ("api key", re.compile(r"\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{16,}")),
    ("stripe key", re.compile(r"\b[rsp]k_(?:live|test)_[A-Za-z0-9]{12,}")),
    ("github token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("gitlab token", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("aws access key", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("google api key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("huggingface token", re.compile(r"\bhf_[A-Za-z0-9]{30,}")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    ("bearer token", re.compile(r"(?i)\bbearer\s+(?!\[redacted)(?P<value>[A-Za-z0-9._~+/-]{16,}=*)")),
    ("url password", re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<value>[^\s@/]+)@")),
    ("credential", re.compile(
        r"(?i)\b(?:password|passwd|pwd|passphrase|secret|api[_ -]?key|access[_ -]?key|"
        r"auth[_ -]?token|access[_ -]?token|client[_ -]?secret|signing[_ -]?secret|token)"
        r"\b\s*(?:is|=|:)\s*['\"]?(?!\[redacted)(?P<value>[^\s'\"]{8,})")),
)
# A text is refused outright when, after redaction, fewer than this many word characters remain.
MIN_REMAINING_CHARS = 12


@dataclass(frozen=True)
class Redaction:
    """The cleaned text and the kinds of secret that were removed from it."""

    text: str
    found: tuple[str, ...]

    @property
    def remaining_chars(self) -> int:
        """Word characters left once placeholders are removed."""
        stripped = re.sub(r"\[redacted [a-z ]+\]", "", self.text)
        return len(re.findall(r"\w", stripped))


def redact_secrets(text: str, known: Iterable[str] = ()) -> Redaction:
    """Replace every credential-looking value in `text`, and every `known` value (the configured
    keys and tokens, whatever their shape: `Settings.secret_values()`), with a labelled placeholder."""
    found: list[str] = []
    for value in sorted((v for v in known if v), key=len, reverse=True):
        if value in text:
            text = text.replace(value, PLACEHOLDER.format(KNOWN_NAME))
            found.append(KNOWN_NAME)
    for name, pattern in PATTERNS:
        def _sub(match: re.Match[str], name: str = name) -> str:
            found.append(name)
            if "value" in pattern.groupindex and match.group("value"):
                start, end = match.span("value")
                base = match.start()
                whole = match.group(0)
                return whole[: start - base] + PLACEHOLDER.format(name) + whole[end - base:]
            return PLACEHOLDER.format(name)

        text = pattern.sub(_sub, text)
    return Redaction(text=text, found=tuple(dict.fromkeys(found)))
