"""A fake Slack Socket Mode server: a real WebSocket server on 127.0.0.1 that sends envelopes and
records the client's acks.

Socket Mode, as Slack runs it: the app calls the Web API method `apps.connections.open` with its
app-level token (`xapp-…`) and gets `{"ok": true, "url": "wss://…/link/?ticket=…"}`; it opens a
WebSocket there; the server says `{"type": "hello", …}` and then pushes envelopes
`{"envelope_id", "type": "events_api" | "slash_commands" | "interactive", "payload",
"accepts_response_payload", "retry_attempt", "retry_reason"}`; the app acks each one with
`{"envelope_id": …, "payload": {…}?}` on the same socket. `{"type": "disconnect"}` asks the app to
open a fresh connection (Slack does this every few hours); pings and pongs keep the link alive
(the `websockets` library answers them).

`attach(fake_slack, socket_mode)` makes a `FakeSlack` (testing/fakes/slack_server.py) answer
`apps.connections.open` with this server's URL, so slack_sdk's own `SocketModeClient` and Bolt's
`SocketModeHandler` connect through the same path they take against Slack:

    with FakeSlack() as slack, FakeSocketMode() as socket_mode:
        attach(slack, socket_mode)
        app = App(client=WebClient(token=slack.token, base_url=slack.url))
        with connect_bolt(app, socket_mode):
            envelope_id = socket_mode.send_event({"type": "app_mention", …})
            socket_mode.wait_for_ack(envelope_id)
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from testing.fakes import slack_server
from testing.fakes.slack_signing import event_envelope

if TYPE_CHECKING:
    from testing.fakes.slack_server import FakeSlack

__all__ = ["APP_ID", "DEFAULT_APP_TOKEN", "Ack", "FakeSocketMode", "attach", "connect_bolt"]

DEFAULT_APP_TOKEN = "xapp-1-A0FAKEAPP-1-fakeloopbackappsecret"
APP_ID = "A0FAKEAPP"
LINK_PATH = "/link/"
DEFAULT_TIMEOUT_SECONDS = 10.0
CLOSE_TIMEOUT_SECONDS = 2.0
# Interactive payload types whose ack may carry a response (errors, options, a new view).
_RESPONSE_PAYLOAD_INTERACTIONS = frozenset({"view_submission", "block_suggestion",
                                            "dialog_suggestion"})


@dataclass(frozen=True)
class Ack:
    """One acknowledgement the client sent: the envelope it answers and its optional payload."""

    envelope_id: str
    payload: dict[str, Any] | None
    connection: int
    at: float


@dataclass
class _Link:
    """One accepted WebSocket connection."""

    number: int
    ticket: str
    socket: Any  # websockets.sync.server.ServerConnection
    open: bool = True
    draining: bool = False  # told to reconnect; no more envelopes go here
    received: list[dict[str, Any]] = field(default_factory=list)


class FakeSocketMode:
    """The fake Socket Mode endpoint; start with `start()` or `with FakeSocketMode() as server:`."""

    def __init__(self, *, app_token: str = DEFAULT_APP_TOKEN, app_id: str = APP_ID) -> None:
        self.app_token = app_token
        self.app_id = app_id
        self.envelopes: list[dict[str, Any]] = []  # every envelope sent, oldest first
        self.received: list[dict[str, Any]] = []  # every JSON message the clients sent
        self.tickets: set[str] = set()
        self._acks: dict[str, Ack] = {}
        self._links: list[_Link] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server: Any = None  # websockets.sync.server.Server
        self._thread: threading.Thread | None = None
        self.root = ""

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeSocketMode:
        """Bind a free port on 127.0.0.1 and accept WebSocket connections in a thread."""
        from websockets.sync.server import serve

        self._server = serve(self._serve_link, "127.0.0.1", 0, compression=None,
                             process_request=self._check_ticket,
                             close_timeout=CLOSE_TIMEOUT_SECONDS)
        host, port = self._server.socket.getsockname()[:2]
        self.root = f"ws://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name="fake-socket-mode", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection (code 1001), stop listening and wait for the handler threads."""
        if self._server is not None:
            self._server.shutdown()
            if self._thread is not None:
                self._thread.join(DEFAULT_TIMEOUT_SECONDS)
            self._server = None
            self._thread = None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server accepts connections."""
        return self._server is not None

    @property
    def url(self) -> str:
        """A fresh connection URL with its own ticket, as `apps.connections.open` returns it."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self.tickets.add(ticket)
        return f"{self.root}{LINK_PATH}?ticket={ticket}&app_id={self.app_id}"

    # --- connections ---------------------------------------------------------------------------

    @property
    def connection_count(self) -> int:
        """How many connections were accepted since start (open or not)."""
        with self._lock:
            return len(self._links)

    @property
    def open_connections(self) -> int:
        """How many connections are open, including those told to reconnect but not closed yet."""
        with self._lock:
            return sum(1 for link in self._links if link.open)

    def wait_connected(self, timeout: float = DEFAULT_TIMEOUT_SECONDS, *, count: int = 1) -> None:
        """Block until `count` connections were accepted and one of them is ready for envelopes."""
        self._wait_until(
            lambda: len(self._links) >= count and self._ready_link() is not None,
            time.monotonic() + timeout,
            lambda: (f"no Socket Mode client connected within {timeout}s ({len(self._links)} "
                     f"accepted, {count} expected); did the app call apps.connections.open on "
                     f"a FakeSlack that attach() wired to this server?"))

    def disconnect_all(self, reason: str = "refresh_requested") -> int:
        """Send `{"type": "disconnect"}` on every open connection; returns how many were told."""
        with self._lock:
            links = [link for link in self._links if link.open and not link.draining]
            for link in links:
                link.draining = True
        message = json.dumps({"type": "disconnect", "reason": reason,
                              "debug_info": {"host": "applink-fake-loopback"}})
        told = 0
        for link in links:
            with contextlib.suppress(Exception):  # a link closing by itself needs no notice
                link.socket.send(message)
                told += 1
        return told

    def ping_all(self) -> None:
        """Send a WebSocket ping on every open connection (the client answers with a pong)."""
        with self._lock:
            links = [link for link in self._links if link.open]
        for link in links:
            with contextlib.suppress(Exception):  # closed meanwhile: nothing to wake up
                link.socket.ping()

    # --- envelopes -----------------------------------------------------------------------------

    def send_event(self, event: Mapping[str, Any], *, retry_attempt: int = 0,
                   retry_reason: str | None = None, envelope_id: str | None = None,
                   event_id: str | None = None, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str:
        """Push one Events API event (in an `event_callback` body); returns the envelope id.

        A retry (`retry_attempt` ≥ 1, reason `timeout` unless given) re-sends an event under a
        new envelope id; pass the first delivery's `event_id` to make it the same event.
        """
        payload = event_envelope(event, event_id=event_id, api_app_id=self.app_id)
        reason = retry_reason if retry_reason is not None else ("timeout" if retry_attempt else "")
        return self.send_envelope("events_api", payload, envelope_id=envelope_id, timeout=timeout,
                                  retry_attempt=retry_attempt, retry_reason=reason)

    def send_command(self, form: Mapping[str, Any], *, envelope_id: str | None = None,
                     timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str:
        """Push one slash command (its form fields, e.g. slack_signing.command_form(...))."""
        return self.send_envelope("slash_commands", dict(form), envelope_id=envelope_id,
                                  accepts_response_payload=True, timeout=timeout)

    def send_action(self, payload: Mapping[str, Any], *, envelope_id: str | None = None,
                    timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str:
        """Push one interactivity payload (block_actions, view_submission, shortcut, ...)."""
        accepts = payload.get("type") in _RESPONSE_PAYLOAD_INTERACTIONS
        return self.send_envelope("interactive", dict(payload), envelope_id=envelope_id,
                                  accepts_response_payload=accepts, timeout=timeout)

    def send_envelope(self, envelope_type: str, payload: Mapping[str, Any], *,
                      envelope_id: str | None = None, accepts_response_payload: bool = False,
                      timeout: float = DEFAULT_TIMEOUT_SECONDS, **extra: Any) -> str:
        """Send one envelope on the newest ready connection (waiting up to `timeout` for one)."""
        envelope = {"envelope_id": envelope_id or str(uuid.uuid4()), "type": envelope_type,
                    "payload": dict(payload), "accepts_response_payload": accepts_response_payload,
                    **extra}
        text = json.dumps(envelope)
        deadline = time.monotonic() + timeout
        while True:
            link = self._wait_ready_link(deadline, timeout)
            try:
                link.socket.send(text)
            except Exception:  # closed under us: mark it and try the next connection
                with self._changed:
                    link.open = False
                    self._changed.notify_all()
                continue
            with self._lock:
                self.envelopes.append(envelope)
            return envelope["envelope_id"]

    # --- acks ----------------------------------------------------------------------------------

    @property
    def acks(self) -> dict[str, Ack]:
        """Every ack received so far, by envelope id."""
        with self._lock:
            return dict(self._acks)

    def wait_for_ack(self, envelope_id: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> Ack:
        """Block until the client acked `envelope_id`; returns the ack."""
        return self._wait_until(
            lambda: self._acks.get(envelope_id),
            time.monotonic() + timeout,
            lambda: (f"envelope {envelope_id} was not acked within {timeout}s "
                     f"({len(self._acks)} other ack(s)); does the app have a listener that "
                     f"calls ack() for it?"))

    # --- the server side of one connection -----------------------------------------------------

    def _check_ticket(self, connection: Any, request: Any) -> Any:
        parts = urlsplit(request.path)
        ticket = (parse_qs(parts.query).get("ticket") or [""])[0]
        if parts.path != LINK_PATH or ticket not in self.tickets:
            return connection.respond(403, "unknown ticket; get a URL from apps.connections.open\n")
        return None

    def _serve_link(self, connection: Any) -> None:
        from websockets.exceptions import ConnectionClosed

        ticket = (parse_qs(urlsplit(connection.request.path).query).get("ticket") or [""])[0]
        with self._lock:
            link = _Link(len(self._links) + 1, ticket, connection)
            hello = {"type": "hello", "num_connections": 1 + sum(1 for x in self._links if x.open),
                     "debug_info": {"host": "applink-fake-loopback", "build_number": 1,
                                    "approximate_connection_time": 18060},
                     "connection_info": {"app_id": self.app_id}}
        try:
            connection.send(json.dumps(hello))  # Slack's first message, before any envelope
            with self._changed:
                self._links.append(link)
                self._changed.notify_all()
            for raw in connection:
                self._receive(link, raw)
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                link.open = False
                self._changed.notify_all()

    def _receive(self, link: _Link, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            message = {"unparsed": raw if isinstance(raw, str) else raw.decode("utf-8", "replace")}
        with self._changed:
            self.received.append(message)
            link.received.append(message)
            envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
            if envelope_id:
                self._acks[envelope_id] = Ack(envelope_id, message.get("payload"), link.number,
                                              time.time())
            self._changed.notify_all()

    def _ready_link(self) -> _Link | None:
        ready = [link for link in self._links if link.open and not link.draining]
        return ready[-1] if ready else None

    def _wait_ready_link(self, deadline: float, timeout: float) -> _Link:
        return self._wait_until(self._ready_link, deadline,
                                lambda: (f"no open Socket Mode connection to send on within "
                                         f"{timeout}s; connect the app first (wait_connected)"))

    def _wait_until(self, check: Any, deadline: float, why: Any) -> Any:
        """`check()`'s first truthy value, re-checked on every change and at least every 0.1 s;
        TimeoutError(`why()`) once `deadline` (time.monotonic) has passed."""
        with self._changed:
            while True:
                value = check()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(why())
                self._changed.wait(min(remaining, 0.1))


# --- the Web API side: apps.connections.open on a FakeSlack ---------------------------------------

# FakeSlack dispatches every method through the module-level `slack_server._METHODS` table and
# hands a handler only (fake, params), so `attach` registers one shared `apps.connections.open`
# handler there and keeps which FakeSocketMode each FakeSlack serves in this weak table.
_ATTACHED: weakref.WeakKeyDictionary[FakeSlack, FakeSocketMode] = weakref.WeakKeyDictionary()


def attach(fake_slack: FakeSlack, socket_mode: FakeSocketMode,
           app_token: str | None = None) -> None:
    """Make `fake_slack` accept the app token and answer apps.connections.open with our URL."""
    token = app_token or socket_mode.app_token
    socket_mode.app_token = token
    fake_slack.tokens.add(token)
    _ATTACHED[fake_slack] = socket_mode
    slack_server._METHODS.setdefault("apps.connections.open", _apps_connections_open)


def _apps_connections_open(fake: FakeSlack, params: dict[str, Any]) -> dict[str, Any]:
    socket_mode = _ATTACHED.get(fake)
    if socket_mode is None or not socket_mode.running:
        # Not a Slack error: the test forgot attach(), or stopped the Socket Mode fake.
        return {"ok": False, "error": "fake_socket_mode_not_attached"}
    return {"ok": True, "url": socket_mode.url}


@contextlib.contextmanager
def connect_bolt(app: Any, socket_mode: FakeSocketMode, *,
                 timeout: float = DEFAULT_TIMEOUT_SECONDS, **handler_options: Any) -> Iterator[Any]:
    """Connect a Bolt `App` to `socket_mode` through Bolt's SocketModeHandler; close it after.

    The handler asks `app.client` (whose base_url must be an attached FakeSlack) for the URL,
    exactly as against Slack; yields the handler once the fake accepted its connection.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, socket_mode.app_token, **handler_options)
    try:
        before = socket_mode.connection_count
        handler.connect()
        socket_mode.wait_connected(timeout, count=before + 1)
        yield handler
    finally:
        # The built-in client closes its socket only once its reader's recv() returns, which
        # takes up to its 3 s receive timeout on a quiet link; pinging wakes the reader up.
        closing = threading.Thread(target=handler.close, name="socket-mode-close", daemon=True)
        closing.start()
        deadline = time.monotonic() + timeout
        while closing.is_alive() and time.monotonic() < deadline:
            socket_mode.ping_all()
            closing.join(0.05)
        if closing.is_alive():
            raise TimeoutError(f"SocketModeHandler.close() did not finish within {timeout}s")
