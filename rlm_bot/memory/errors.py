"""Errors of the memory store; each message says what to do next."""

from __future__ import annotations

from rlm_bot.errors import RlmError


class MemoryStoreError(RlmError):
    """The vector store or the keyword index cannot be used as asked."""


class SecretRefusedError(MemoryStoreError):
    """The text to remember is (almost) only a credential; memory never stores secrets."""


class EmbeddingError(MemoryStoreError):
    """The embedding model cannot be loaded or called."""
