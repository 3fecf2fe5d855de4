"""Logs never carry secrets: a filter on the handlers that scrubs the configured values and URL
credentials from every record, whichever logger wrote it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rlm_bot.config import MASK, mask_url

class SecretFilter(logging.Filter):
    """Replaces configured secret values (and URL credentials) in a record's message, arguments
    and traceback text with `****`; never drops a record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))

    def scrub(self, text: str) -> str:
        """`text` with every configured value and URL credential masked."""
        for value in self.secrets:
            if value in text:
                text = text.replace(value, MASK)
        return mask_url(text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub the record in place; always keep it."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report, not ours
            return True
        clean = self.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


def install_secret_filter(secrets: Iterable[str], logger: logging.Logger | None = None) -> SecretFilter:
    """Attach one SecretFilter to every handler of `logger` (default: the root logger)."""
    target = logger or logging.getLogger()
    secret_filter = SecretFilter(secrets)
    for handler in target.handlers:
        for old in [f for f in handler.filters if isinstance(f, SecretFilter)]:
            handler.removeFilter(old)
        handler.addFilter(secret_filter)
    return secret_filter
