"""Serving the Bolt app: HTTP (`/slack/events` + `GET /healthz`) or Socket Mode.

HTTP mode is a threading server on the given host and port: each request is verified by Bolt
(signature and a timestamp at most 5 minutes old, else 401) and acknowledged as soon as the
listener has claimed and queued it. `/healthz` answers from the first second, while the engines
warm up behind it.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 2 * 1024 * 1024  # Slack's payloads are far smaller


class HttpServer:
    """The Bolt app over HTTP on (host, port); `serve_forever()` blocks, `start()` runs a thread."""

    def __init__(self, app: Any, bot: Any, *, host: str = "0.0.0.0", port: int = 3000) -> None:
        self.app = app
        self.bot = bot
        self.warm = threading.Event()
        self._server = ThreadingHTTPServer((host, port), _handler(self))
        self._server.daemon_threads = True
        self.host, self.port = self._server.server_address[:2]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The events URL (for logs and tests)."""
        return f"http://{self.host}:{self.port}{EVENTS_PATH}"

    def health(self) -> dict[str, Any]:
        """What /healthz reports."""
        return {"ok": True, "warm": self.warm.is_set(), "pool": self.bot.pool.stats()}

    def serve_forever(self) -> None:
        """Serve until `shutdown()`."""
        self._server.serve_forever(poll_interval=0.2)

    def start(self) -> HttpServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="rlm-http", daemon=True)
        self._thread.start()
        return self

    def shutdown(self) -> None:
        """Stop accepting requests and free the port."""
        self._server.shutdown()
        self._server.server_close()


def _handler(server: HttpServer) -> type[BaseHTTPRequestHandler]:
    from slack_bolt.request import BoltRequest

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "rlm_bot"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("http: " + format, *args)

        def do_GET(self) -> None:
            if self.path.partition("?")[0] == HEALTH_PATH:
                self._reply(200, {"Content-Type": "application/json"},
                            json.dumps(server.health()).encode())
            else:
                self._reply(404, {"Content-Type": "text/plain"}, b"not found")

        def do_POST(self) -> None:
            path, _, query = self.path.partition("?")
            if path != EVENTS_PATH:
                self._reply(404, {"Content-Type": "text/plain"}, b"not found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self._reply(413, {"Content-Type": "text/plain"}, b"too large")
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
            headers = {k.lower(): [v] for k, v in self.headers.items()}
            try:
                response = server.app.dispatch(BoltRequest(body=body, query=query, headers=headers))
            except Exception:  # noqa: BLE001 - Bolt handles its own errors; this is the last guard
                log.exception("dispatching a Slack request failed")
                self._reply(500, {"Content-Type": "text/plain"}, b"")
                return
            out = {k: (v[0] if isinstance(v, list) else v) for k, v in response.headers.items()}
            self._reply(response.status, out, (response.body or "").encode("utf-8"))

        def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                if key.lower() not in ("content-length", "connection"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def socket_mode_handler(app: Any, app_token: str):
    """Bolt's Socket Mode handler for the app (its Web API calls go through the app's client)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    return SocketModeHandler(app, app_token, web_client=app.client)
