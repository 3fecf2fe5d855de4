"""A fake Slack Web API: a real HTTP server on 127.0.0.1 that records every call and answers like Slack.

Point a `slack_sdk.WebClient(token=..., base_url=server.url)` at it (or set `SLACK_API_URL`).
It checks the bearer token, accepts query, form and JSON bodies, keeps channel histories (so
`conversations.replies` returns what `chat.postMessage` posted), implements the files upload v2
flow (`files.getUploadURLExternal` → POST to the returned URL on this server →
`files.completeUploadExternal`), and can inject errors per method (`ratelimited` with a
Retry-After header, `invalid_auth`, `channel_not_found`, ...), optionally only for calls whose
parameters match.

It enforces Slack's length limits (`msg_too_long` over 4,000 characters of text, `invalid_blocks`
over 50 blocks or 12,000 characters of markdown blocks), streams like Slack's native streaming
(`chat.startStream` → `chat.appendStream` → `chat.stopStream`; `expire_streams()` makes the next
append fail as an idle stream does), pages `conversations.history` (newest first) and
`conversations.replies` (oldest first) with cursors, serves the files users share
(`add_file(...)` → `url_private_download` on this server, bytes only with a valid bearer token,
otherwise a redirect to an HTML sign-in page as Slack does), and takes `response_url` POSTs
(`response_url(name)` → `responses`).

    with FakeSlack() as slack:
        client = WebClient(token=slack.token, base_url=slack.url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls_to("chat.postMessage")[0].params["text"] == "hi"
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

DEFAULT_TOKEN = "xoxb-fake-bot-token"
TEAM_ID = "T0FAKE001"
BOT_USER_ID = "U0FAKEBOT"
BOT_ID = "B0FAKEBOT"
MAX_BODY_BYTES = 50 * 1024 * 1024
WAIT_POLL_SECONDS = 0.01

# Slack's limits (docs.slack.dev: chat.postMessage, block kit, chat.appendStream, response_url).
MAX_TEXT_CHARS = 4_000
MAX_BLOCKS = 50
MAX_MARKDOWN_CHARS = 12_000
MAX_RESPONSES_PER_URL = 5
DEFAULT_HISTORY_LIMIT = 100
WORKSPACE_URL = "https://fake-workspace.slack.test"
# Slack's filetype for an extension, where it differs from the extension itself.
_FILETYPES = {"txt": "text", "log": "text", "md": "markdown", "py": "python", "js": "javascript",
              "ts": "typescript", "sh": "shell", "rb": "ruby", "rs": "rust", "yml": "yaml",
              "exe": "binary", "bin": "binary", "": "text"}

# Errors that Slack reports with HTTP 200 and {"ok": false}; `ratelimited` is the one HTTP 429.
_HTTP_STATUS = {"ratelimited": 429}


@dataclass(frozen=True)
class SlackCall:
    """One request the fake received: the API method, its merged parameters, and how it came."""

    method: str
    params: dict[str, Any]
    token: str | None
    http_method: str
    content_type: str
    at: float
    response: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Fault:
    method: str
    error: str
    times: int | None
    retry_after: int
    when: dict[str, Any]
    status: int

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.method not in (method, "*") or self.times == 0:
            return False
        return all(str(params.get(k)) == str(v) for k, v in self.when.items())


class FakeSlack:
    """The fake Web API server; start with `start()` or `with FakeSlack() as slack:`."""

    def __init__(self, *, token: str = DEFAULT_TOKEN, extra_tokens: tuple[str, ...] = ()) -> None:
        self.token = token
        self.tokens = {token, *extra_tokens}
        self.calls: list[SlackCall] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, oldest first
        self.users: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}  # file_id -> {filename, length, data, ...}
        self.views: dict[str, dict[str, Any]] = {}  # user_id -> published home view
        self.statuses: list[dict[str, Any]] = []
        self.reactions: dict[tuple[str, str], list[str]] = {}  # (channel, ts) -> reaction names
        self.suggested_prompts: list[dict[str, Any]] = []
        self.titles: list[dict[str, Any]] = []
        self.ephemerals: list[dict[str, Any]] = []
        # (channel, ts) -> {"state": "streaming" | "stopped" | "expired", "chunks": [...], ...}
        self.streams: dict[tuple[str, str], dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}  # conversations.info overrides
        self.files: dict[str, dict[str, Any]] = {}  # file_id -> {"file": object, "data": bytes}
        self.responses: list[dict[str, Any]] = []  # response_url POSTs: {"name": ..., **body}
        self._response_urls: dict[str, int] = {}  # name -> POSTs so far
        self._faults: list[_Fault] = []
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._ts_counter = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.root = ""

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.root = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-slack",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The Web API base URL, as WebClient(base_url=...) and SLACK_API_URL expect it."""
        return f"{self.root}/api/"

    # --- scripting -----------------------------------------------------------------------------

    def fail(self, method: str, error: str, *, times: int | None = 1, retry_after: int = 1,
             when: Mapping[str, Any] | None = None, status: int | None = None) -> None:
        """Make the next `times` calls of `method` ("*" = any) fail with Slack error `error`.

        `times=None` fails forever; `when` restricts the fault to calls whose parameters match
        (e.g. `when={"channel": "C404"}`); `ratelimited` answers HTTP 429 with Retry-After.
        """
        with self._lock:
            self._faults.append(_Fault(method, error, times, retry_after, dict(when or {}),
                                       status or _HTTP_STATUS.get(error, 200)))

    def clear_faults(self) -> None:
        """Forget every injected error."""
        with self._lock:
            self._faults.clear()

    def add_user(self, user_id: str, **fields: Any) -> dict[str, Any]:
        """Register a user that users.info returns (unknown U/W ids get a generated profile)."""
        user = _user(user_id) | fields
        with self._lock:
            self.users[user_id] = user
        return user

    def add_message(self, channel: str, text: str, *, user: str = "U0HUMAN01",
                    thread_ts: str | None = None, ts: str | None = None,
                    files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Put a (human) message into a channel history, e.g. as the parent of a thread."""
        with self._lock:
            message = {"type": "message", "user": user, "text": text, "ts": ts or self._next_ts()}
            if thread_ts:
                message["thread_ts"] = thread_ts
            if files:
                message["files"] = files
            self.messages.setdefault(channel, []).append(message)
            return message

    def add_channel(self, channel: str, **fields: Any) -> dict[str, Any]:
        """Register a conversation that conversations.info returns (e.g. `is_private=True`)."""
        info = _conversation(channel) | fields
        with self._lock:
            self.channels[channel] = info
        return info

    def add_file(self, name: str, content: bytes, *, mimetype: str | None = None,
                 filetype: str | None = None, size: int | None = None, title: str | None = None,
                 user: str = "U0HUMAN01", chunked: bool = False) -> dict[str, Any]:
        """Share a file; returns its Slack file object.

        `size` may lie about the bytes served, and `chunked=True` serves them without a
        Content-Length, so a reader's own byte cap is what stops an oversized download.
        """
        file_id = f"F{uuid.uuid4().hex[:10].upper()}"
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        base = f"{self.root}/files-pri/{TEAM_ID}-{file_id}"
        now = int(time.time())
        obj = {"id": file_id, "created": now, "timestamp": now, "name": name,
               "title": title or name, "mimetype": mimetype or _mimetype(name),
               "filetype": filetype or _FILETYPES.get(extension, extension),
               "pretty_type": (filetype or extension or "text").title(), "user": user,
               "user_team": TEAM_ID, "mode": "hosted", "editable": False, "is_external": False,
               "is_public": False, "size": len(content) if size is None else size,
               "url_private": f"{base}/{name}", "url_private_download": f"{base}/download/{name}",
               "permalink": f"{WORKSPACE_URL}/files/{user}/{file_id}/{name}"}
        with self._lock:
            self.files[file_id] = {"file": obj, "data": bytes(content), "chunked": chunked}
        return dict(obj)

    def response_url(self, name: str = "1") -> str:
        """A response_url on this server (as in a slash command or an interaction payload)."""
        with self._lock:
            self._response_urls.setdefault(name, 0)
        return f"{self.root}/response/{name}"

    def expire_streams(self) -> int:
        """End the streaming state of every open stream, as Slack does to an idle one; returns how many."""
        with self._lock:
            open_streams = [s for s in self.streams.values() if s["state"] == "streaming"]
            for stream in open_streams:
                stream["state"] = "expired"
            return len(open_streams)

    # --- inspection ----------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[SlackCall]:
        """Every recorded call of one API method, oldest first."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[SlackCall]:
        """Block until `count` calls of `method` arrived (listeners run in background threads)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                calls = [c for c in self.calls if c.method == method]
                if len(calls) >= count:
                    return calls
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise TimeoutError(f"expected {count} call(s) of {method} within {timeout}s, "
                                       f"got {len(calls)}; methods seen: {seen}")
                self._changed.wait(min(remaining, 0.1))

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted (chat.postMessage), optionally in one channel."""
        return [c.params for c in self.calls_to("chat.postMessage")
                if channel is None or c.params.get("channel") == channel]

    def reset(self) -> None:
        """Forget calls, histories, uploads, files, streams, responses and faults (the server keeps running)."""
        with self._lock:
            for store in (self.calls, self.messages, self.uploads, self.views, self.statuses,
                          self.reactions, self.suggested_prompts, self.titles, self.ephemerals,
                          self.streams, self.channels, self.files, self.responses,
                          self._response_urls, self._faults):
                store.clear()

    # --- request handling ----------------------------------------------------------------------

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts_counter):06d}"

    def handle_api(self, method: str, params: dict[str, Any], token: str | None,
                   http_method: str, content_type: str) -> tuple[int, dict[str, str], dict]:
        """Answer one Web API call; returns (status, headers, body)."""
        with self._lock:
            status, headers, body = self._answer(method, params, token)
            self.calls.append(SlackCall(method, params, token, http_method, content_type,
                                        time.time(), body))
            self._changed.notify_all()
            return status, headers, body

    def _answer(self, method: str, params: dict[str, Any], token: str | None):
        fault = next((f for f in self._faults if f.matches(method, params)), None)
        if fault is not None:
            if fault.times is not None:
                fault.times -= 1
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            return fault.status, headers, {"ok": False, "error": fault.error}
        if token is None:
            return 200, {}, {"ok": False, "error": "not_authed"}
        if token not in self.tokens:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        handler = _METHODS.get(method)
        if handler is None:
            return 200, {}, {"ok": False, "error": "unknown_method", "req_method": method}
        try:
            body = handler(self, params)
        except _SlackError as exc:
            body = {"ok": False, "error": exc.error}
        return 200, {}, body

    def handle_upload(self, file_id: str, data: bytes) -> tuple[int, str]:
        """Receive the bytes of step 2 of the files upload v2 flow."""
        with self._lock:
            entry = self.uploads.get(file_id)
            self.calls.append(SlackCall("upload", {"file_id": file_id, "bytes": len(data)}, None,
                                        "POST", "application/octet-stream", time.time()))
            self._changed.notify_all()
            if entry is None:
                return 404, "file not found"
            entry["data"] = data
            return 200, f"OK - {len(data)}"

    def handle_file(self, path: str, token: str | None) -> tuple[int, dict[str, str], bytes, str]:
        """Serve a shared file's bytes to a valid bearer token; others get the sign-in redirect."""
        with self._lock:
            file_id = path.split("/")[2].rsplit("-", 1)[-1] if path.count("/") >= 3 else ""
            entry = self.files.get(file_id)
            authorized = token in self.tokens
            status = 404 if entry is None else 200 if authorized else 302
            self.calls.append(SlackCall("file.download", {"file": file_id, "path": path}, token,
                                        "GET", "", time.time(), {"status": status}))
            self._changed.notify_all()
            if status == 302:
                return 302, {"Location": f"{self.root}/signin?redir={path}"}, b"", "text/html"
            if entry is None:
                return 404, {}, b"file not found", "text/plain"
            headers = {"Transfer-Encoding": "chunked"} if entry["chunked"] else {}
            return 200, headers, entry["data"], entry["file"]["mimetype"]

    def handle_response(self, name: str, raw: bytes, content_type: str) -> tuple[int, str]:
        """Take one POST to a response_url: record it and answer as Slack does (`ok`, or an error)."""
        with self._lock:
            try:
                body = json.loads(raw.decode("utf-8")) if raw else {}
            except (ValueError, UnicodeDecodeError):
                body = None
            self.calls.append(SlackCall("response_url", {"name": name, "body": body}, None, "POST",
                                        content_type, time.time()))
            self._changed.notify_all()
            used = self._response_urls.get(name)
            if used is None:
                return 404, "expired_url"
            if used >= MAX_RESPONSES_PER_URL:
                return 404, "used_url"
            if not isinstance(body, dict):
                return 400, "invalid_payload"
            if not any(body.get(k) for k in ("text", "blocks", "attachments", "delete_original")):
                return 400, "no_text"
            self._response_urls[name] = used + 1
            self.responses.append({"name": name, **body})
            return 200, "ok"


class _SlackError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _require(params: Mapping[str, Any], *names: str) -> list[Any]:
    values = []
    for name in names:
        value = params.get(name)
        if value in (None, ""):
            raise _SlackError("invalid_arguments" if name != "channel" else "channel_not_found")
        values.append(value)
    return values


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            raise _SlackError("invalid_json") from None
    return value


def _user(user_id: str) -> dict[str, Any]:
    name = f"user-{user_id.lower()}"
    return {"id": user_id, "team_id": TEAM_ID, "name": name, "real_name": name.title(),
            "deleted": False, "is_bot": False, "is_admin": False, "is_owner": False,
            "is_primary_owner": False, "tz": "Europe/Paris", "tz_offset": 3600,
            "profile": {"real_name": name.title(), "display_name": name,
                        "email": f"{name}@example.test"}}


def _conversation(channel: str) -> dict[str, Any]:
    kind = channel[:1]
    if kind not in ("C", "D", "G"):
        raise _SlackError("channel_not_found")
    if kind == "D":
        return {"id": channel, "created": 1_700_000_000, "is_im": True, "is_mpim": False,
                "is_channel": False, "is_group": False, "is_private": False, "is_archived": False,
                "is_org_shared": False, "user": "U0HUMAN01", "is_user_deleted": False,
                "priority": 0}
    return {"id": channel, "name": f"channel-{channel.lower()}", "created": 1_700_000_000,
            "is_im": False, "is_mpim": False, "is_channel": kind == "C", "is_group": kind == "G",
            "is_private": kind == "G", "is_archived": False, "is_general": False,
            "is_shared": False, "is_ext_shared": False, "is_org_shared": False, "is_member": True,
            "context_team_id": TEAM_ID, "topic": {"value": ""}, "purpose": {"value": ""}}


def _ts_key(ts: Any) -> tuple[int, int]:
    seconds, _, micros = str(ts).partition(".")
    try:
        return int(seconds or 0), int((micros or "0")[:6].ljust(6, "0"))
    except ValueError:
        raise _SlackError("invalid_ts_latest") from None


def _page(items: list[dict], params: Mapping[str, Any]) -> tuple[list[dict], dict[str, Any]]:
    """One page of `items` per `limit`/`cursor` (an opaque offset, as Slack's cursors are to us)."""
    try:
        limit = max(1, min(int(params.get("limit") or DEFAULT_HISTORY_LIMIT), 999))
    except ValueError:
        raise _SlackError("invalid_limit") from None
    start = 0
    if params.get("cursor"):
        try:
            kind, _, offset = base64.b64decode(str(params["cursor"])).decode().partition(":")
            start = int(offset)
        except (ValueError, UnicodeDecodeError):
            raise _SlackError("invalid_cursor") from None
        if kind != "next_ts" or not 0 <= start <= len(items):
            raise _SlackError("invalid_cursor")
    page = items[start:start + limit]
    more = start + limit < len(items)
    cursor = base64.b64encode(f"next_ts:{start + limit}".encode()).decode() if more else ""
    return page, {"has_more": more, "response_metadata": {"next_cursor": cursor}}


def _in_window(messages: list[dict], params: Mapping[str, Any]) -> list[dict]:
    inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
    oldest = _ts_key(params["oldest"]) if params.get("oldest") else None
    latest = _ts_key(params["latest"]) if params.get("latest") else None
    out = []
    for message in messages:
        key = _ts_key(message["ts"])
        if oldest is not None and (key < oldest or (key == oldest and not inclusive)):
            continue
        if latest is not None and (key > latest or (key == latest and not inclusive)):
            continue
        out.append(message)
    return out


def _check_text(text: Any) -> None:
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise _SlackError("msg_too_long")


def _check_blocks(blocks: Any) -> None:
    """Slack's block limits: at most 50 blocks, at most 12,000 characters of markdown blocks."""
    if blocks in (None, ""):
        return
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        raise _SlackError("invalid_blocks")
    markdown = [b.get("text", "") for b in blocks if isinstance(b, dict) and b.get("type") == "markdown"]
    if any(not isinstance(t, str) for t in markdown) or sum(map(len, markdown)) > MAX_MARKDOWN_CHARS:
        raise _SlackError("invalid_blocks")


# --- the methods ---------------------------------------------------------------------------------


def _auth_test(fake: FakeSlack, params: dict) -> dict:
    return {"ok": True, "url": "https://fake-workspace.slack.test/", "team": "Fake Workspace",
            "user": "rlm_bot", "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID,
            "is_enterprise_install": False}


def _post_message(fake: FakeSlack, params: dict) -> dict:
    (channel,) = _require(params, "channel")
    if not any(params.get(k) for k in ("text", "blocks", "attachments")):
        raise _SlackError("no_text")
    _check_text(params.get("text"))
    _check_blocks(_maybe_json(params.get("blocks")))
    message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": fake._next_ts(),
               "text": params.get("text", "")}
    for key in ("blocks", "attachments", "metadata"):
        if params.get(key):
            message[key] = _maybe_json(params[key])
    if params.get("thread_ts"):
        message["thread_ts"] = str(params["thread_ts"])
    fake.messages.setdefault(channel, []).append(message)
    return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}


def _find(fake: FakeSlack, channel: str, ts: str) -> dict:
    for message in fake.messages.get(channel, []):
        if message["ts"] == ts:
            return message
    raise _SlackError("message_not_found")


def _update(fake: FakeSlack, params: dict) -> dict:
    channel, ts = _require(params, "channel", "ts")
    message = _find(fake, channel, str(ts))
    if fake.streams.get((channel, str(ts)), {}).get("state") == "streaming":
        raise _SlackError("streaming_state_conflict")
    _check_text(params.get("text"))
    _check_blocks(_maybe_json(params.get("blocks")))
    for key in ("text", "blocks", "attachments", "metadata"):
        if key in params:
            message[key] = _maybe_json(params[key])
    message["edited"] = {"user": BOT_USER_ID, "ts": fake._next_ts()}
    return {"ok": True, "channel": channel, "ts": ts, "text": message.get("text", ""),
            "message": message}


def _delete(fake: FakeSlack, params: dict) -> dict:
    channel, ts = _require(params, "channel", "ts")
    message = _find(fake, channel, str(ts))
    fake.messages[channel].remove(message)
    fake.streams.pop((channel, str(ts)), None)
    return {"ok": True, "channel": channel, "ts": str(ts)}


def _permalink(fake: FakeSlack, params: dict) -> dict:
    channel, ts = _require(params, "channel", "message_ts")
    message = _find(fake, channel, str(ts))
    link = f"{WORKSPACE_URL}/archives/{channel}/p{str(ts).replace('.', '')}"
    if message.get("thread_ts") and message["thread_ts"] != message["ts"]:
        link += f"?thread_ts={message['thread_ts']}&cid={channel}"
    return {"ok": True, "channel": channel, "permalink": link}


def _post_ephemeral(fake: FakeSlack, params: dict) -> dict:
    channel, user = _require(params, "channel", "user")
    if not any(params.get(k) for k in ("text", "blocks", "attachments")):
        raise _SlackError("no_text")
    _check_text(params.get("text"))
    blocks = _maybe_json(params.get("blocks"))
    _check_blocks(blocks)
    ts = fake._next_ts()
    fake.ephemerals.append({"channel": channel, "user": user, "text": params.get("text", ""),
                            "blocks": blocks or None, "thread_ts": params.get("thread_ts"),
                            "message_ts": ts})
    return {"ok": True, "message_ts": ts}


def _history(fake: FakeSlack, params: dict) -> dict:
    (channel,) = _require(params, "channel")
    if channel not in fake.messages and channel not in fake.channels:
        _conversation(channel)  # raises channel_not_found for an id no conversation can have
    top = [m for m in fake.messages.get(channel, [])
           if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"]
    newest_first = sorted(_in_window(top, params), key=lambda m: _ts_key(m["ts"]), reverse=True)
    page, paging = _page(newest_first, params)
    return {"ok": True, "messages": page, "pin_count": 0, **paging}


def _replies(fake: FakeSlack, params: dict) -> dict:
    channel, ts = _require(params, "channel", "ts")
    history = fake.messages.get(channel, [])
    thread = [m for m in history if m["ts"] == ts or m.get("thread_ts") == ts]
    if not thread:
        raise _SlackError("thread_not_found")
    parent = [m for m in thread if m["ts"] == ts]
    replies = sorted((m for m in thread if m["ts"] != ts), key=lambda m: _ts_key(m["ts"]))
    page, paging = _page(parent + _in_window(replies, params), params)
    return {"ok": True, "messages": page, **paging}


def _conversations_info(fake: FakeSlack, params: dict) -> dict:
    (channel,) = _require(params, "channel")
    return {"ok": True, "channel": fake.channels.get(channel) or _conversation(channel)}


def _conversations_open(fake: FakeSlack, params: dict) -> dict:
    (users,) = _require(params, "users")
    user = str(users).split(",")[0].strip()
    if user[:1] not in ("U", "W"):
        raise _SlackError("user_not_found")
    channel = f"D{user[1:]}"[:11]  # one stable DM per user
    return {"ok": True, "channel": _conversation(channel) | {"user": user}}


def _users_info(fake: FakeSlack, params: dict) -> dict:
    (user_id,) = _require(params, "user")
    user = fake.users.get(user_id)
    if user is None:
        if not str(user_id)[:1] in ("U", "W"):
            raise _SlackError("user_not_found")
        user = _user(user_id)
    return {"ok": True, "user": user}


def _reactions_add(fake: FakeSlack, params: dict) -> dict:
    channel, ts, name = _require(params, "channel", "timestamp", "name")
    names = fake.reactions.setdefault((channel, str(ts)), [])
    if name in names:
        raise _SlackError("already_reacted")
    names.append(name)
    return {"ok": True}


def _reactions_remove(fake: FakeSlack, params: dict) -> dict:
    channel, ts, name = _require(params, "channel", "timestamp", "name")
    names = fake.reactions.get((channel, str(ts)), [])
    if name not in names:
        raise _SlackError("no_reaction")
    names.remove(name)
    return {"ok": True}


def _set_status(fake: FakeSlack, params: dict) -> dict:
    channel, thread_ts = _require(params, "channel_id", "thread_ts")
    fake.statuses.append({"channel_id": channel, "thread_ts": thread_ts,
                          "status": params.get("status", "")})
    return {"ok": True}


def _set_suggested_prompts(fake: FakeSlack, params: dict) -> dict:
    channel, prompts = _require(params, "channel_id", "prompts")
    prompts = _maybe_json(prompts)
    if (not isinstance(prompts, list) or not 1 <= len(prompts) <= 4
            or not all(isinstance(p, dict) and p.get("title") and p.get("message") for p in prompts)):
        raise _SlackError("invalid_arguments")
    fake.suggested_prompts.append({"channel_id": channel, "thread_ts": params.get("thread_ts"),
                                   "title": params.get("title"), "prompts": prompts})
    return {"ok": True}


def _set_title(fake: FakeSlack, params: dict) -> dict:
    channel, thread_ts, title = _require(params, "channel_id", "thread_ts", "title")
    fake.titles.append({"channel_id": channel, "thread_ts": thread_ts, "title": title})
    return {"ok": True}


def _stream_text(params: Mapping[str, Any]) -> tuple[str, list[dict]]:
    """The markdown a stream call appends (its markdown_text, then markdown_text chunks) and its other chunks."""
    chunks = _maybe_json(params.get("chunks")) or []
    if not isinstance(chunks, list) or not all(isinstance(c, dict) for c in chunks):
        raise _SlackError("invalid_chunks")
    text = str(params.get("markdown_text") or "")
    text += "".join(str(c.get("text", "")) for c in chunks if c.get("type") == "markdown_text")
    if len(text) > MAX_MARKDOWN_CHARS:
        raise _SlackError("msg_too_long")
    return text, [c for c in chunks if c.get("type") != "markdown_text"]


def _start_stream(fake: FakeSlack, params: dict) -> dict:
    channel, thread_ts = _require(params, "channel", "thread_ts")
    if not str(channel).startswith("D"):
        _require(params, "recipient_user_id", "recipient_team_id")
    text, chunks = _stream_text(params)
    message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": fake._next_ts(),
               "text": text, "thread_ts": str(thread_ts)}
    fake.messages.setdefault(channel, []).append(message)
    fake.streams[(channel, message["ts"])] = {
        "state": "streaming", "chunks": chunks, "thread_ts": str(thread_ts),
        "recipient_user_id": params.get("recipient_user_id"),
        "recipient_team_id": params.get("recipient_team_id")}
    return {"ok": True, "channel": channel, "ts": message["ts"]}


def _streaming(fake: FakeSlack, params: dict) -> tuple[dict, dict]:
    channel, ts = _require(params, "channel", "ts")
    message = _find(fake, channel, str(ts))
    stream = fake.streams.get((channel, str(ts)))
    if stream is None or stream["state"] != "streaming":
        raise _SlackError("message_not_in_streaming_state")
    return message, stream


def _append_stream(fake: FakeSlack, params: dict) -> dict:
    message, stream = _streaming(fake, params)
    if not params.get("markdown_text") and not params.get("chunks"):
        raise _SlackError("invalid_arguments")
    text, chunks = _stream_text(params)
    message["text"] += text
    stream["chunks"].extend(chunks)
    return {"ok": True, "channel": params["channel"], "ts": message["ts"]}


def _stop_stream(fake: FakeSlack, params: dict) -> dict:
    message, stream = _streaming(fake, params)
    text, chunks = _stream_text(params)
    blocks = _maybe_json(params.get("blocks"))
    _check_blocks(blocks)
    message["text"] += text
    stream["chunks"].extend(chunks)
    if blocks:
        message["blocks"] = blocks
    if params.get("metadata"):
        message["metadata"] = _maybe_json(params["metadata"])
    stream["state"] = "stopped"
    return {"ok": True, "channel": params["channel"], "ts": message["ts"], "message": message}


def _files_info(fake: FakeSlack, params: dict) -> dict:
    (file_id,) = _require(params, "file")
    entry = fake.files.get(str(file_id))
    if entry is None:
        raise _SlackError("file_not_found")
    return {"ok": True, "file": dict(entry["file"]), "comments": [],
            "response_metadata": {"next_cursor": ""}}


def _views_publish(fake: FakeSlack, params: dict) -> dict:
    user_id, view = _require(params, "user_id", "view")
    view = _maybe_json(view)
    if not isinstance(view, dict) or view.get("type") != "home":
        raise _SlackError("invalid_arguments")
    published = {"id": f"V{uuid.uuid4().hex[:10].upper()}", "team_id": TEAM_ID, **view}
    fake.views[user_id] = published
    return {"ok": True, "view": published}


def _get_upload_url(fake: FakeSlack, params: dict) -> dict:
    filename, length = _require(params, "filename", "length")
    try:
        size = int(length)
    except (TypeError, ValueError):
        raise _SlackError("invalid_arguments") from None
    file_id = f"F{uuid.uuid4().hex[:10].upper()}"
    fake.uploads[file_id] = {"id": file_id, "filename": filename, "length": size, "data": None,
                             "alt_txt": params.get("alt_txt")}
    return {"ok": True, "upload_url": f"{fake.root}/upload/v1/{file_id}", "file_id": file_id}


def _complete_upload(fake: FakeSlack, params: dict) -> dict:
    (files,) = _require(params, "files")
    files = _maybe_json(files)
    if not isinstance(files, list) or not files:
        raise _SlackError("invalid_arguments")
    done = []
    for item in files:
        entry = fake.uploads.get(str(item.get("id")))
        if entry is None or entry["data"] is None:
            raise _SlackError("file_not_found")
        entry["title"] = item.get("title") or entry["filename"]
        done.append({"id": entry["id"], "name": entry["filename"], "title": entry["title"],
                     "size": len(entry["data"]), "mimetype": _mimetype(entry["filename"]),
                     "permalink": f"https://fake-workspace.slack.test/files/{entry['id']}"})
    channel = params.get("channel_id") or params.get("channels")
    if channel:
        for one in str(channel).split(","):
            message = {"type": "message", "subtype": "file_share", "user": BOT_USER_ID,
                       "ts": fake._next_ts(), "text": params.get("initial_comment") or "",
                       "files": done}
            if params.get("thread_ts"):
                message["thread_ts"] = str(params["thread_ts"])
            fake.messages.setdefault(one, []).append(message)
    return {"ok": True, "files": done}


def _mimetype(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


_METHODS: dict[str, Callable[[FakeSlack, dict], dict]] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post_message,
    "chat.update": _update,
    "chat.postEphemeral": _post_ephemeral,
    "chat.delete": _delete,
    "chat.getPermalink": _permalink,
    "chat.startStream": _start_stream,
    "chat.appendStream": _append_stream,
    "chat.stopStream": _stop_stream,
    "conversations.history": _history,
    "conversations.replies": _replies,
    "conversations.info": _conversations_info,
    "conversations.open": _conversations_open,
    "users.info": _users_info,
    "reactions.add": _reactions_add,
    "reactions.remove": _reactions_remove,
    "assistant.threads.setStatus": _set_status,
    "assistant.threads.setSuggestedPrompts": _set_suggested_prompts,
    "assistant.threads.setTitle": _set_title,
    "files.info": _files_info,
    "views.publish": _views_publish,
    "files.getUploadURLExternal": _get_upload_url,
    "files.completeUploadExternal": _complete_upload,
}


# --- HTTP plumbing -------------------------------------------------------------------------------


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        data = json.loads(raw.decode("utf-8"))
        return data if isinstance(data, dict) else {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    if content_type.startswith("multipart/form-data"):
        return _parse_multipart(raw, content_type)
    return {}


def _parse_multipart(raw: bytes, content_type: str) -> dict[str, Any]:
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    out: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True) or b""
            out[name] = payload if part.get_filename() else payload.decode("utf-8")
    return out


def _make_handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            return

        def do_GET(self) -> None:
            self._dispatch(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self._send(413, {}, b"too large", "text/plain")
                return
            self._dispatch(self.rfile.read(length) if length else b"")

        def _dispatch(self, raw: bytes) -> None:
            parts = urlsplit(self.path)
            if parts.path.startswith("/upload/v1/"):
                status, text = fake.handle_upload(parts.path.rsplit("/", 1)[-1], raw)
                self._send(status, {}, text.encode(), "text/plain; charset=utf-8")
                return
            if parts.path.startswith("/files-pri/") and self.command == "GET":
                token = _bearer(self.headers.get("Authorization"))
                status, headers, data, ctype = fake.handle_file(parts.path, token)
                self._send(status, headers, data, ctype)
                return
            if parts.path == "/signin" and self.command == "GET":
                self._send(200, {}, _SIGNIN_PAGE, "text/html; charset=utf-8")
                return
            if parts.path.startswith("/response/") and self.command == "POST":
                name = parts.path[len("/response/"):]
                status, text = fake.handle_response(name, raw, self.headers.get("Content-Type", ""))
                self._send(status, {}, text.encode(), "text/html")
                return
            if not parts.path.startswith("/api/"):
                self._send(404, {}, b"not found", "text/plain")
                return
            method = parts.path[len("/api/"):]
            content_type = self.headers.get("Content-Type", "")
            try:
                params: dict[str, Any] = dict(parse_qsl(parts.query, keep_blank_values=True))
                params.update(_parse_body(raw, content_type))
            except (ValueError, UnicodeDecodeError):
                self._send(200, {}, json.dumps({"ok": False, "error": "invalid_form_data"}).encode(),
                           "application/json; charset=utf-8")
                return
            token = _bearer(self.headers.get("Authorization")) or params.pop("token", None)
            params.pop("token", None)
            status, headers, body = fake.handle_api(method, params, token, self.command,
                                                    content_type)
            self._send(status, headers, json.dumps(body).encode(), "application/json; charset=utf-8")

        def _send(self, status: int, headers: dict[str, str], body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            chunked = headers.get("Transfer-Encoding") == "chunked"
            if not chunked:
                self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                if not chunked:
                    self.wfile.write(body)
                    return
                for start in range(0, len(body), 64 * 1024):
                    piece = body[start:start + 64 * 1024]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):  # a reader that stopped at its cap
                self.close_connection = True

    return Handler


# What Slack answers a file URL fetched without a valid token: a redirect to its sign-in page.
_SIGNIN_PAGE = (b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                b"<title>Slack</title></head><body><h1>Sign in to Fake Workspace</h1>"
                b"<form action=\"/signin\" method=\"post\"><input name=\"email\"></form>"
                b"</body></html>")


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None
