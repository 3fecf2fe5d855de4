"""UsageLedger: writes every model call to the SQL `usage` table, off the client's loop.

    ledger = UsageLedger(open_database(settings))   # or UsageLedger(open_db=lambda: open_database(settings))
    client = LLMClient(settings.llm, on_call=ledger.record)   # or UsageMeter(on_call=ledger.record)
    ...
    ledger.attach(run_id, outcome_id)   # rows of that run, written or to come, join the outcome
    ledger.flush()   # wait until everything recorded so far is in the table
    ledger.close()

`record` only appends to a queue (it runs on the client's event loop, which must never wait for a
database); a writer thread inserts the rows in batches, waiting up to LINGER_SECONDS after a row
for more (a flush or close writes at once). A database that is down costs log lines,
never a failed model call; rows that cannot be written are counted in `dropped`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rlm_bot.llm.wire import scrub
from rlm_bot.llm.usage import CallRecord

if TYPE_CHECKING:
    from rlm_bot.storage.usage_store import UsageStore

log = logging.getLogger("rlm_bot.llm")

BATCH_ROWS = 200
LINGER_SECONDS = 0.05  # how long the writer waits for more rows before writing a batch
MAX_QUEUED = 100_000
ERROR_CHARS = 256
MAX_ATTACHED_RUNS = 10_000  # run id → outcome id kept for calls that finish after the outcome


@dataclass(frozen=True)
class _Attach:
    run_id: str
    outcome_id: str


class UsageLedger:
    """A CallRecord sink that batches rows into the `usage` table from a writer thread."""

    def __init__(self, db: Any = None, *, outcome_id: str | None = None,
                 open_db: Callable[[], Any] | None = None) -> None:
        """`db` (a Database, or any UsageStore), or `open_db` to open one on the writer thread
        when the first row arrives (e.g. `open_usage_store`: sqlite3 on a migrated SQLite file,
        no SQLAlchemy), so a cold CLI run opens it while its calls are in flight and a run that
        makes no call never opens it."""
        if db is None and open_db is None:
            raise ValueError("UsageLedger needs a database or a way to open one")
        self.db = db
        self._given = db
        self._store: UsageStore | None = _as_store(db) if db is not None else None
        self._open_db = open_db  # a store it opens is the ledger's to close
        self.outcome_id = outcome_id
        self.written = 0
        self.dropped = 0
        self._queue: queue.Queue[CallRecord | _Attach | threading.Event | None] = queue.Queue(MAX_QUEUED)
        self._outcomes: OrderedDict[str, str] = OrderedDict()  # run id → outcome id (writer thread only)
        self._thread = threading.Thread(target=self._write_loop, name="rlm-usage-ledger", daemon=True)
        self._thread.start()

    def record(self, record: CallRecord) -> None:
        """Queue one call for writing (never blocks; a full queue drops and counts the row)."""
        try:
            self._queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1

    __call__ = record

    def attach(self, run_id: str, outcome_id: str) -> None:
        """Give the rows of run `run_id` the outcome id: those written, queued, or still to come."""
        self._queue.put(_Attach(run_id, outcome_id))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every record queued before this call is written (or dropped)."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued and stop the writer thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def _write_loop(self) -> None:
        stop = False
        while not stop:
            batch: list[CallRecord] = []
            waiters: list[threading.Event] = []
            item = self._queue.get()
            linger_until: float | None = None
            while True:
                if item is None:
                    stop = True
                elif isinstance(item, threading.Event):
                    waiters.append(item)
                elif isinstance(item, _Attach):  # in order: rows queued before it are written first
                    if batch:
                        self._write(batch)
                        batch = []
                    self._attach(item)
                else:
                    batch.append(item)
                if stop or len(batch) >= BATCH_ROWS:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    # rows of a fan-out come a few at a time: wait briefly for more, so they go
                    # in one transaction instead of one each (not when someone waits on a flush)
                    if waiters or not batch:
                        break
                    if linger_until is None:
                        linger_until = time.monotonic() + LINGER_SECONDS
                    left = linger_until - time.monotonic()
                    if left <= 0:
                        break
                    try:
                        item = self._queue.get(timeout=left)
                    except queue.Empty:
                        break
            if batch:
                self._write(batch)
            for waiter in waiters:
                waiter.set()
        if self._store is not None and self.db is not self._given:
            self._store.close()  # opened here (open_db): closed on the thread that used it

    def _database(self) -> UsageStore | None:
        """The store, opened on first use (writer thread); None when it cannot be opened."""
        if self._store is None and self._open_db is not None:
            opener, self._open_db = self._open_db, None
            try:
                self.db = opener()
                self._store = _as_store(self.db)
            except Exception as exc:  # noqa: BLE001 - no usage rows is better than no model calls
                log.warning("usage is not recorded: the database cannot be opened (%s: %s)", type(exc).__name__,
                            scrub(str(exc)).splitlines()[0][:200] if str(exc) else "")
        return self._store

    def _write(self, batch: list[CallRecord]) -> None:
        store = self._database()
        if store is None:
            self.dropped += len(batch)
            return
        rows = [{"run_id": r.run_id, "outcome_id": self.outcome_id or self._outcomes.get(r.run_id or ""),
                 "workspace": r.workspace or "local", "model": r.model[:128], "prompt_tokens": r.prompt_tokens,
                 "completion_tokens": r.completion_tokens, "cost": r.cost, "latency_ms": r.latency_ms, "ok": r.ok,
                 "error": scrub(r.error)[:ERROR_CHARS] if r.error else None}
                for r in batch]
        try:
            store.add_usage(rows)
            self.written += len(rows)
        except Exception as exc:  # noqa: BLE001 - a ledger failure must not fail the model calls
            self.dropped += len(rows)
            log.error("usage ledger could not write %d row(s): %s", len(rows), scrub(str(exc)).split(" [SQL", 1)[0])

    def _attach(self, item: _Attach) -> None:
        self._outcomes[item.run_id] = item.outcome_id
        while len(self._outcomes) > MAX_ATTACHED_RUNS:
            self._outcomes.popitem(last=False)
        store = self._database()
        if store is None:
            return
        try:
            store.attach_outcome(item.run_id, item.outcome_id)
        except Exception as exc:  # noqa: BLE001 - a ledger failure must not fail the request
            log.error("usage ledger could not attach run %s to its outcome: %s", item.run_id,
                      scrub(str(exc)).split(" [SQL", 1)[0])


def _as_store(db: Any) -> UsageStore:
    # deferred: the storage module (and sqlite3) load on the ledger's thread, with its first row
    from rlm_bot.storage.usage_store import usage_store

    return usage_store(db)
