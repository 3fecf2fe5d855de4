"""Checkpoints in SQL: `(checkpoint! key value)` / `(restore key)`, namespaced per workspace.

Keys are opaque strings compared as they are: never normalised, never joined to a path, always
looked up inside the caller's namespace (which the server derives from the workspace, never from
the key). Values are JSON produced by `codec.encode`, so restoring can only ever build data.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from datetime import datetime, timezone
from typing import Any

from rlm_bot.scheme.runtime.errors import CheckpointError

MAX_KEY_CHARS = 256
MAX_VALUE_BYTES = 1024 * 1024
MAX_KEYS_PER_NAMESPACE = 10_000
MAX_WRITES_PER_RUN = 256
LOCAL_NAMESPACE = "local"


def namespace_for(workspace: str | None) -> str:
    """The namespace of a workspace (`ws:T123`); the CLI's local runs use `local`."""
    if not workspace:
        return LOCAL_NAMESPACE
    if len(workspace) > 120 or any(unicodedata.category(ch) == "Cc" for ch in workspace):
        raise CheckpointError("workspace id is not a valid namespace")
    return f"ws:{workspace}"


def check_key(key: Any) -> str:
    """Validate a key: a non-empty string of at most MAX_KEY_CHARS without control characters."""
    if not isinstance(key, str):
        raise CheckpointError(f"checkpoint key must be a string, got {type(key).__name__}")
    if not key:
        raise CheckpointError("checkpoint key must not be empty")
    if len(key) > MAX_KEY_CHARS:
        raise CheckpointError(f"checkpoint key is {len(key)} characters; the limit is {MAX_KEY_CHARS}")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in key):
        raise CheckpointError("checkpoint key must not contain control characters (such as NUL)")
    return key


class CheckpointStore:
    """One namespace's checkpoints in the SQL store, with per-run write and per-namespace quotas."""

    def __init__(self, database: Any, namespace: str) -> None:
        self._db = database
        self.namespace = namespace
        self._writes = 0
        self._lock = threading.Lock()

    def put(self, key: str, encoded: Any) -> int:
        """Store an encoded value under `key`; returns its size in bytes."""
        from sqlalchemy import func, select

        # deferred: the models load SQLAlchemy; runs that never checkpoint skip it
        from rlm_bot.storage.models import Checkpoint

        key = check_key(key)
        text = json.dumps(encoded, separators=(",", ":"))
        size = len(text.encode("utf-8"))
        if size > MAX_VALUE_BYTES:
            raise CheckpointError(f"checkpoint value is {size} bytes; the limit is {MAX_VALUE_BYTES}")
        with self._lock:
            if self._writes >= MAX_WRITES_PER_RUN:
                raise CheckpointError(f"more than {MAX_WRITES_PER_RUN} checkpoint writes in one run")
            self._writes += 1
        try:
            with self._db.session() as s:
                row = s.get(Checkpoint, (self.namespace, key))
                if row is None:
                    count = s.scalar(select(func.count()).select_from(Checkpoint)
                                     .where(Checkpoint.namespace == self.namespace))
                    if count >= MAX_KEYS_PER_NAMESPACE:
                        raise CheckpointError(
                            f"this workspace already has {MAX_KEYS_PER_NAMESPACE} checkpoints; "
                            "reuse keys or delete old ones")
                    s.add(Checkpoint(namespace=self.namespace, key=key, value=encoded,
                                     updated_at=datetime.now(timezone.utc)))
                else:
                    row.value = encoded
                    row.updated_at = datetime.now(timezone.utc)
        except CheckpointError:
            raise
        except Exception as exc:  # noqa: BLE001 - a store failure is a clear, catchable error
            raise CheckpointError(f"checkpoint store failed: {type(exc).__name__}") from exc
        return size

    def get(self, key: str) -> tuple[bool, Any]:
        """(found, encoded value) of `key` in this namespace."""
        from sqlalchemy import select

        # deferred: the models load SQLAlchemy; runs that never checkpoint skip it
        from rlm_bot.storage.models import Checkpoint

        key = check_key(key)
        try:
            with self._db.session() as s:
                row = s.scalars(select(Checkpoint).where(Checkpoint.namespace == self.namespace,
                                                         Checkpoint.key == key)).first()
                return (False, None) if row is None else (True, row.value)
        except Exception as exc:  # noqa: BLE001
            raise CheckpointError(f"checkpoint store failed: {type(exc).__name__}") from exc
