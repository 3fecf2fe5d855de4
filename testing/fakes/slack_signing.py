"""Sign Slack requests (events, slash commands, interactivity) and POST them to an app over HTTP.

Slack signs each request with `v0=HMAC-SHA256(signing_secret, "v0:{timestamp}:{body}")`; we build
the signature with slack_sdk's own `SignatureVerifier.generate_signature`, so a Bolt app verifies
it for real. `serve_bolt(app)` runs a Bolt `App` over HTTP on 127.0.0.1 in a thread, the way
Slack reaches it in HTTP mode.

    with serve_bolt(app) as url:
        status, body = post_event(url, SECRET, {"type": "app_mention", "text": "<@U0FAKEBOT> hi",
                                                "user": "U1", "channel": "C1", "ts": "1.000001"})
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

from testing.fakes.slack_server import BOT_USER_ID, TEAM_ID

REQUEST_TIMEOUT_SECONDS = 10.0


def signed_headers(signing_secret: str, body: str, *, timestamp: int | None = None,
                   content_type: str = "application/json") -> dict[str, str]:
    """The headers Slack sends with `body`: timestamp and v0 signature."""
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
            "Content-Type": content_type}


def event_envelope(event: Mapping[str, Any], *, team_id: str = TEAM_ID,
                   event_id: str | None = None, api_app_id: str = "A0FAKEAPP") -> dict[str, Any]:
    """Wrap an event in the Events API `event_callback` envelope."""
    return {"token": "legacy-verification-token", "team_id": team_id, "api_app_id": api_app_id,
            "event": dict(event), "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team_id, "user_id": BOT_USER_ID, "is_bot": True}]}


def post_signed(url: str, signing_secret: str, body: str, *, content_type: str,
                timestamp: int | None = None, headers: Mapping[str, str] | None = None,
                ) -> tuple[int, str]:
    """POST a signed body to `url`; returns (HTTP status, response text)."""
    all_headers = signed_headers(signing_secret, body, timestamp=timestamp,
                                 content_type=content_type)
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=all_headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def post_event(url: str, signing_secret: str, event: Mapping[str, Any], *,
               event_id: str | None = None, retry_num: int | None = None,
               retry_reason: str = "http_timeout", timestamp: int | None = None,
               team_id: str = TEAM_ID) -> tuple[int, str]:
    """Sign and POST one Events API event (with X-Slack-Retry-Num when it is a retry)."""
    body = json.dumps(event_envelope(event, team_id=team_id, event_id=event_id))
    extra = {}
    if retry_num is not None:
        extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
    return post_signed(url, signing_secret, body, content_type="application/json",
                       timestamp=timestamp, headers=extra)


def command_form(command: str = "/rlm", text: str = "", *, user_id: str = "U0HUMAN01",
                 channel_id: str = "C0GENERAL", team_id: str = TEAM_ID,
                 response_url: str = "https://hooks.slack.test/commands/1", **extra: str,
                 ) -> dict[str, str]:
    """The form fields of a slash command request."""
    return {"token": "legacy-verification-token", "team_id": team_id, "team_domain": "fake",
            "channel_id": channel_id, "channel_name": "general", "user_id": user_id,
            "user_name": f"user-{user_id.lower()}", "command": command, "text": text,
            "api_app_id": "A0FAKEAPP", "response_url": response_url,
            "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}", **extra}


def post_command(url: str, signing_secret: str, command: str = "/rlm", text: str = "", *,
                 timestamp: int | None = None, **fields: str) -> tuple[int, str]:
    """Sign and POST a slash command (form-encoded, as Slack sends it)."""
    body = urlencode(command_form(command, text, **fields))
    return post_signed(url, signing_secret, body,
                       content_type="application/x-www-form-urlencoded", timestamp=timestamp)


def post_action(url: str, signing_secret: str, payload: Mapping[str, Any], *,
                timestamp: int | None = None) -> tuple[int, str]:
    """Sign and POST an interactivity payload (block_actions, view_submission, ...)."""
    body = urlencode({"payload": json.dumps(payload)})
    return post_signed(url, signing_secret, body,
                       content_type="application/x-www-form-urlencoded", timestamp=timestamp)


def block_action(action_id: str, value: str, *, user_id: str = "U0HUMAN01",
                 channel_id: str = "C0GENERAL", message_ts: str = "1.000001",
                 block_id: str = "feedback") -> dict[str, Any]:
    """A `block_actions` payload for one button click on a message."""
    return {"type": "block_actions", "team": {"id": TEAM_ID, "domain": "fake"},
            "user": {"id": user_id, "username": f"user-{user_id.lower()}", "team_id": TEAM_ID},
            "api_app_id": "A0FAKEAPP", "token": "legacy-verification-token",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id,
                          "is_ephemeral": False},
            "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}",
            "channel": {"id": channel_id, "name": "general"},
            "message": {"type": "message", "ts": message_ts, "user": BOT_USER_ID, "text": ""},
            "response_url": "https://hooks.slack.test/actions/1",
            "actions": [{"action_id": action_id, "block_id": block_id, "value": value,
                         "type": "button", "action_ts": f"{time.time():.6f}"}]}


@contextlib.contextmanager
def serve_bolt(app: Any, path: str = "/slack/events") -> Iterator[str]:
    """Serve a Bolt `App` over HTTP on 127.0.0.1 in a thread; yields the endpoint URL."""
    from slack_bolt.request import BoltRequest

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            request_path, _, query = self.path.partition("?")
            if request_path != path:
                self._reply(404, {}, b"")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            headers = {k.lower(): [v] for k, v in self.headers.items()}
            response = app.dispatch(BoltRequest(body=body, query=query, headers=headers))
            out_headers = {k: v[0] if isinstance(v, list) else v
                           for k, v in response.headers.items()}
            self._reply(response.status, out_headers, (response.body or "").encode("utf-8"))

        def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                if key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="bolt-http", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}{path}"
    finally:
        server.shutdown()
        server.server_close()
