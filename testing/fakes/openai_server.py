"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 that litellm (and any OpenAI client) calls.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length or chunked request bodies, chunked SSE
responses) on a raw asyncio server running in a background thread, so hundreds of requests can
wait out their latency at the same time without a thread each.

Endpoints: `POST /v1/chat/completions` (plain and `stream: true`), `POST /v1/embeddings`
(deterministic hashed bag-of-words vectors, L2-normalised), `GET /v1/models`.

Scripting (thread-safe, from the test):

    server.script("first reply", Reply("second", completion_tokens=7), Fail.rate_limit(1))
    server.script("only for gpt", model="gpt-4o-mini")   # a queue per model name
    server.rule(lambda req: "yes" if "?" in req.last_user else None)   # None: fall through
    server.latency = 0.2                                   # or set_latency(0.2, model=...)

Each request takes, in order: the next item queued for its model, else the next item of the
shared queue, else the rule's answer, else the default reply `"OK"`. An item is a reply text, a
`Reply`, a `Fail`, or a callable `(ChatRequest) -> str | Reply | Fail | None`. Rules run on the
server's event loop: keep them quick and never sleep in them (use `Reply(..., latency=s)`).
Failures: `Fail.rate_limit(retry_after)`, `Fail.server_error(status)`, `Fail.error(status, msg)`,
`Fail.hang(seconds)`, `Fail.malformed()`, `Fail.drop()`, `Fail.drop_midstream()`. Embedding
requests take only `Fail` items queued for their model name; otherwise they always succeed.

Every request is recorded in `server.calls` (a `Call` each: path, model, messages, params, start
and end times, status, whether the client hung up) and `server.max_concurrency` holds the largest
number of requests in flight at once.

Run it on its own (the benchmarks do, to keep its CPU out of the client's process):
    python -m testing.fakes.openai_server --latency 0.2      # prints the base URL, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_REPLY = "OK"
DEFAULT_MODELS = ("gpt-4o-mini", "gpt-4o", "claude-haiku-4-5", "claude-sonnet-4-5")
EMBEDDING_DIMENSIONS = 256
MAX_BODY_BYTES = 64 * 1024 * 1024
MAX_HEADER_LINES = 200
STREAM_CHUNK_WORDS = 3
_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def count_tokens(text: str) -> int:
    """The fake tokenizer: words and punctuation marks, at least one token for non-empty text."""
    return len(_WORD.findall(text or ""))


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts [{"type": "text", "text": ...}]
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def prompt_token_count(messages: list[dict]) -> int:
    """Prompt tokens as the fake reports them: 4 per message of framing plus the words."""
    return sum(4 + count_tokens(_content_text(m.get("content"))) for m in messages) + 2


# --- what a test scripts ----------------------------------------------------------------------------


@dataclass
class Reply:
    """A successful completion; token counts default to the fake tokenizer's counts."""

    text: str = DEFAULT_REPLY
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str = "stop"
    latency: float | None = None
    tool_calls: list[dict] | None = None
    model: str | None = None  # the model name to echo back (default: the requested one)
    include_usage: bool = True  # False: omit `usage`, as some local servers do
    chunk_delay: float = 0.0  # seconds between two streamed chunks (a model writing slowly)


@dataclass
class Fail:
    """An injected failure: an HTTP error, a hang, a malformed body or a dropped connection."""

    kind: str  # "status" | "hang" | "malformed" | "drop" | "drop_midstream"
    status: int = 500
    message: str = "injected failure"
    retry_after: float | None = None
    seconds: float | None = None  # hang: how long (None: until the client hangs up or shutdown)
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def rate_limit(cls, retry_after: float | None = 1, message: str = "Rate limit reached") -> Fail:
        """429 Too Many Requests with Retry-After (and retry-after-ms for fractions)."""
        return cls("status", 429, message, retry_after=retry_after)

    @classmethod
    def server_error(cls, status: int = 500, message: str = "internal server error") -> Fail:
        """A 5xx (or any status) with an OpenAI-style error body."""
        return cls("status", status, message)

    @classmethod
    def error(cls, status: int, message: str = "injected error") -> Fail:
        """Any HTTP error status with an OpenAI-style error body (400, 401, 404, ...)."""
        return cls("status", status, message)

    @classmethod
    def hang(cls, seconds: float | None = None) -> Fail:
        """Accept the request and never answer (or answer nothing for `seconds`, then close)."""
        return cls("hang", seconds=seconds)

    @classmethod
    def malformed(cls) -> Fail:
        """200 OK whose JSON body is cut off half-way."""
        return cls("malformed", 200)

    @classmethod
    def drop(cls) -> Fail:
        """Close the connection without sending a response."""
        return cls("drop")

    @classmethod
    def drop_midstream(cls) -> Fail:
        """For a streaming request: send a couple of chunks, then close the connection."""
        return cls("drop_midstream")


@dataclass
class ChatRequest:
    """What a rule function sees: the parsed request body."""

    model: str
    messages: list[dict]
    params: dict[str, Any]
    path: str = "/v1/chat/completions"

    @property
    def last_user(self) -> str:
        """Text of the last user message ('' when there is none)."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return _content_text(message.get("content"))
        return ""

    @property
    def system(self) -> str:
        """Text of the system message(s) joined ('' when there is none)."""
        return "\n".join(
            _content_text(m.get("content")) for m in self.messages if m.get("role") == "system"
        )

    @property
    def text(self) -> str:
        """Every message's text joined, for rules that look anywhere in the prompt."""
        return "\n".join(_content_text(m.get("content")) for m in self.messages)

    @property
    def json_mode(self) -> bool:
        """True when the request asked for a JSON object reply."""
        fmt = self.params.get("response_format") or {}
        return isinstance(fmt, dict) and fmt.get("type") in {"json_object", "json_schema"}


@dataclass
class Call:
    """One request as the server saw it."""

    path: str
    method: str
    model: str | None
    messages: list[dict]
    params: dict[str, Any]
    stream: bool
    started: float
    headers: dict[str, str]
    ended: float | None = None
    status: int | None = None
    outcome: str = "pending"  # "reply" | "status" | "hang" | "malformed" | "drop" | "disconnected"
    reply: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    input: list[str] | None = None  # embeddings

    @property
    def api_key(self) -> str:
        """The bearer token the client sent ('' when none)."""
        auth = self.headers.get("authorization", "")
        return auth[7:] if auth.lower().startswith("bearer ") else auth

    @property
    def duration(self) -> float | None:
        """Seconds from the request's arrival to its end (None while pending)."""
        return None if self.ended is None else self.ended - self.started


class _Disconnected(Exception):
    pass


# --- the server -----------------------------------------------------------------------------------


class FakeOpenAIServer:
    """The scripted server; `start()` binds a free port on 127.0.0.1 and serves in a thread."""

    def __init__(self, *, latency: float = 0.0, models: tuple[str, ...] = DEFAULT_MODELS,
                 fast_loop: bool = False) -> None:
        self.latency = latency
        self.fast_loop = fast_loop  # uvloop when it is installed (the benchmarks' own process)
        self.models = list(models)
        self.calls: list[Call] = []
        self.max_concurrency = 0
        self.in_flight = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._queue: deque = deque()
        self._model_queues: dict[str, deque] = {}
        self._model_latency: dict[str, float] = {}
        self._rule: Callable[[ChatRequest], Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._stopping: asyncio.Event | None = None
        self.port = 0

    # -- lifecycle

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL, ending in /v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        """Bind a free port and serve in a daemon thread; returns self."""
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = _new_loop(self.fast_loop)
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                self._stopping = asyncio.Event()
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=2048, limit=2**20)
                )
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:  # pragma: no cover - bind failure
                errors.append(exc)
                ready.set()
                return
            ready.set()
            try:
                loop.run_until_complete(self._stopping.wait())
            finally:
                self._server.close()
                for writer in list(self._writers):
                    writer.transport.abort()
                pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.close()

        self._thread = threading.Thread(target=run, name="fake-openai", daemon=True)
        self._thread.start()
        ready.wait(10)
        if errors:
            raise errors[0]
        return self

    def stop(self) -> None:
        """Stop serving, abort open connections and join the thread."""
        if self._loop is not None and self._stopping is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._stopping.set)
            except RuntimeError:
                pass
        if self._thread is not None:
            self._thread.join(10)
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting

    def script(self, *items: Any, model: str | None = None) -> FakeOpenAIServer:
        """Queue replies/failures (for one model name, or for any request); returns self."""
        with self._lock:
            queue = self._queue if model is None else self._model_queues.setdefault(model, deque())
            queue.extend(items)
        return self

    def rule(self, fn: Callable[[ChatRequest], Any] | None) -> FakeOpenAIServer:
        """Answer unscripted requests with fn(request) (None from fn: the default reply)."""
        with self._lock:
            self._rule = fn
        return self

    def set_latency(self, seconds: float, *, model: str | None = None) -> FakeOpenAIServer:
        """Delay every answer (or those of one model) by `seconds`."""
        with self._lock:
            if model is None:
                self.latency = seconds
            else:
                self._model_latency[model] = seconds
        return self

    def reset(self) -> None:
        """Forget scripts, rules, latency, recorded calls and the concurrency high-water mark."""
        with self._lock:
            self._queue.clear()
            self._model_queues.clear()
            self._model_latency.clear()
            self._rule = None
            self.latency = 0.0
            self.calls = []
            self.max_concurrency = 0

    @property
    def pending_script(self) -> int:
        """How many scripted items have not been consumed yet."""
        with self._lock:
            return len(self._queue) + sum(len(q) for q in self._model_queues.values())

    @property
    def chat_calls(self) -> list[Call]:
        """Recorded chat-completion calls, in arrival order."""
        with self._lock:
            return [c for c in self.calls if c.path.endswith("/chat/completions")]

    @property
    def embedding_calls(self) -> list[Call]:
        """Recorded embedding calls, in arrival order."""
        with self._lock:
            return [c for c in self.calls if c.path.endswith("/embeddings")]

    def wait_for_calls(self, n: int, timeout: float = 5.0) -> list[Call]:
        """Block until at least n requests have arrived (or raise TimeoutError)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.calls) >= n:
                    return list(self.calls)
            time.sleep(0.005)
        raise TimeoutError(f"expected {n} calls, the fake provider saw {len(self.calls)}")

    def _next_item(self, request: ChatRequest) -> Any:
        with self._lock:
            queue = self._model_queues.get(request.model)
            if queue:
                item = queue.popleft()
            elif self._queue:
                item = self._queue.popleft()
            else:
                item = self._rule
        if callable(item) and not isinstance(item, (Reply, Fail)):
            item = item(request)
        return DEFAULT_REPLY if item is None else item

    def _latency_for(self, model: str | None) -> float:
        with self._lock:
            return self._model_latency.get(model or "", self.latency)

    # -- HTTP plumbing

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        self.connections += 1
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    return
                method, path, headers, body = request
                keep = await self._dispatch(method, path, headers, body, reader, writer)
                if not keep or headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, _Disconnected):
            return
        except asyncio.CancelledError:
            return
        finally:
            self._writers.discard(writer)
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - the socket may already be gone
                pass

    async def _read_request(self, reader: asyncio.StreamReader):
        line = await reader.readline()
        if not line:
            return None
        parts = line.decode("latin-1").strip().split()
        if len(parts) < 2:
            return None
        method, path = parts[0].upper(), parts[1].split("?", 1)[0]
        headers: dict[str, str] = {}
        for _ in range(MAX_HEADER_LINES):
            raw = await reader.readline()
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    await reader.readline()
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readline()
            body = b"".join(chunks)
        elif headers.get("content-length"):
            length = int(headers["content-length"])
            if length > MAX_BODY_BYTES:
                return None
            body = await reader.readexactly(length)
        return method, path, headers, body

    async def _dispatch(self, method, path, headers, body, reader, writer) -> bool:
        route = path.rstrip("/")
        if route.startswith("/v1"):
            route = route[3:]
        if method == "GET" and route == "/models":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in self.models]
            await self._send_json(writer, 200, {"object": "list", "data": data})
            return True
        if method != "POST" or route not in {"/chat/completions", "/embeddings"}:
            await self._send_json(writer, 404, _error_body(f"no route {method} {path}", "not_found"))
            return True
        try:
            payload = json.loads(body or b"{}")
            if not isinstance(payload, dict):
                raise ValueError("body must be a JSON object")
        except ValueError as exc:
            await self._send_json(writer, 400, _error_body(f"invalid JSON body: {exc}", "invalid_request_error"))
            return True
        if route == "/embeddings":
            return await self._embeddings(payload, path, headers, reader, writer)
        return await self._chat(payload, path, headers, reader, writer)

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self.in_flight += 1
            self.max_concurrency = max(self.max_concurrency, self.in_flight)

    def _finish(self, call: Call, outcome: str, status: int | None) -> None:
        """Mark a call ended (once). Done *before* its last bytes go out, so a client that sends its
        next request the moment it has an answer never sees this one still counted in flight."""
        with self._lock:
            if call.ended is not None:
                return
            self.in_flight -= 1
            call.ended = time.monotonic()
            call.outcome = outcome
            call.status = status

    async def _wait(self, seconds: float | None, reader: asyncio.StreamReader) -> None:
        """Sleep `seconds` (forever when None) unless the client hangs up first."""
        if seconds is not None and seconds <= 0:
            return
        try:
            data = await asyncio.wait_for(reader.read(1), seconds)
        except asyncio.TimeoutError:
            return
        if not data:
            raise _Disconnected()
        # a pipelining client sent the next request early: not supported, treat as a hang-up
        raise _Disconnected()

    async def _chat(self, payload, path, headers, reader, writer) -> bool:
        model = str(payload.get("model", ""))
        messages = payload.get("messages") or []
        params = {k: v for k, v in payload.items() if k not in {"model", "messages"}}
        stream = bool(payload.get("stream"))
        call = Call(path, "POST", model, messages, params, stream, time.monotonic(), headers)
        self._record(call)
        try:
            request = ChatRequest(model, messages, params, path)
            try:
                item = self._next_item(request)
            except Exception as exc:  # a rule that crashed: report it like a provider would
                item = Fail.server_error(500, f"rule raised {type(exc).__name__}: {exc}")
            if isinstance(item, str):
                item = Reply(item)
            latency = self._latency_for(model)
            if isinstance(item, Reply) and item.latency is not None:
                latency = item.latency
            await self._wait(latency, reader)
            if isinstance(item, Fail):
                return await self._fail(item, stream, reader, writer, call)
            call.reply = item.text
            call.prompt_tokens = item.prompt_tokens if item.prompt_tokens is not None else prompt_token_count(messages)
            call.completion_tokens = (
                item.completion_tokens if item.completion_tokens is not None else count_tokens(item.text)
            )
            response_model = item.model or model
            if stream:
                include_usage = bool((payload.get("stream_options") or {}).get("include_usage"))
                await self._stream(writer, item, response_model, call, include_usage)
            else:
                await self._send_json(writer, 200, _completion_body(item, response_model, call), call=call)
            return True
        except _Disconnected:
            return False
        finally:
            self._finish(call, "disconnected", None)

    async def _fail(self, item: Fail, stream: bool, reader, writer, call: Call) -> bool:
        if item.kind == "status":
            extra = dict(item.headers)
            if item.retry_after is not None:
                extra["retry-after"] = str(max(0, math.ceil(item.retry_after)))
                extra["retry-after-ms"] = str(int(item.retry_after * 1000))
            kind = "rate_limit_error" if item.status == 429 else "server_error" if item.status >= 500 else "invalid_request_error"
            await self._send_json(writer, item.status, _error_body(item.message, kind), extra, call=call,
                                  outcome="status")
            return True
        if item.kind == "hang":
            await self._wait(item.seconds, reader)
            self._finish(call, "hang", None)
            return False
        if item.kind == "malformed":
            body = b'{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"index": 0, "mess'
            await self._send_raw(writer, 200, body, "application/json", call=call, outcome="malformed")
            return True
        if item.kind == "drop_midstream" and stream:
            writer.write(_head(200, "text/event-stream", chunked=True))
            first = {"id": "chatcmpl-drop", "object": "chat.completion.chunk", "created": int(time.time()),
                     "model": "x", "choices": [{"index": 0, "delta": {"role": "assistant", "content": "partial"}}]}
            writer.write(_chunk(f"data: {json.dumps(first)}\n\n".encode()))
            await writer.drain()
        self._finish(call, item.kind, None)
        writer.transport.abort()
        return False

    async def _stream(self, writer, item: Reply, model: str, call: Call, include_usage: bool) -> None:
        ident = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())

        def event(delta: dict, finish: str | None = None, usage: dict | None = None, choices: bool = True) -> bytes:
            obj: dict[str, Any] = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}] if choices else []}
            if usage is not None:
                obj["usage"] = usage
            return _chunk(f"data: {json.dumps(obj)}\n\n".encode())

        writer.write(_head(200, "text/event-stream", chunked=True))
        writer.write(event({"role": "assistant", "content": ""}))
        words = re.findall(r"\S+\s*", item.text)
        for i in range(0, len(words), STREAM_CHUNK_WORDS):
            writer.write(event({"content": "".join(words[i:i + STREAM_CHUNK_WORDS])}))
            await writer.drain()
            if item.chunk_delay:
                await asyncio.sleep(item.chunk_delay)
        if item.tool_calls:
            writer.write(event({"tool_calls": [dict(tc, index=i) for i, tc in enumerate(item.tool_calls)]}))
        writer.write(event({}, item.finish_reason))
        if include_usage:
            writer.write(event({}, usage=_usage(call), choices=False))
        self._finish(call, "reply", 200)
        writer.write(_chunk(b"data: [DONE]\n\n"))
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    async def _embeddings(self, payload, path, headers, reader, writer) -> bool:
        model = str(payload.get("model", ""))
        raw = payload.get("input", [])
        texts = [raw] if isinstance(raw, str) else [str(t) for t in raw]
        dims = int(payload.get("dimensions") or EMBEDDING_DIMENSIONS)
        params = {k: v for k, v in payload.items() if k not in {"model", "input"}}
        call = Call(path, "POST", model, [], params, False, time.monotonic(), headers, input=texts)
        self._record(call)
        try:
            await self._wait(self._latency_for(model), reader)
            with self._lock:
                queued = self._model_queues.get(model)
                item = queued.popleft() if queued else None
            if isinstance(item, Fail):
                return await self._fail(item, False, reader, writer, call)
            call.prompt_tokens = sum(count_tokens(t) for t in texts)
            data = [{"object": "embedding", "index": i, "embedding": embed_text(t, dims)} for i, t in enumerate(texts)]
            body = {"object": "list", "data": data, "model": model,
                    "usage": {"prompt_tokens": call.prompt_tokens, "total_tokens": call.prompt_tokens}}
            await self._send_json(writer, 200, body, call=call)
            return True
        except _Disconnected:
            return False
        finally:
            self._finish(call, "disconnected", None)

    async def _send_json(self, writer, status: int, obj: Any, extra: dict[str, str] | None = None, *,
                         call: Call | None = None, outcome: str = "reply") -> None:
        await self._send_raw(writer, status, json.dumps(obj).encode(), "application/json", extra, call=call,
                             outcome=outcome)

    async def _send_raw(self, writer, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None, *,
                        call: Call | None = None, outcome: str = "reply") -> None:
        if call is not None:
            self._finish(call, outcome, status)
        writer.write(_head(status, ctype, length=len(body), extra=extra) + body)
        await writer.drain()


# --- response bodies --------------------------------------------------------------------------------

_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


def _head(status: int, ctype: str, *, length: int | None = None, chunked: bool = False,
          extra: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", f"content-type: {ctype}",
             "connection: keep-alive", f"x-request-id: req_{uuid.uuid4().hex[:16]}"]
    if chunked:
        lines += ["transfer-encoding: chunked", "cache-control: no-cache"]
    else:
        lines.append(f"content-length: {length or 0}")
    for name, value in (extra or {}).items():
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _new_loop(fast: bool) -> asyncio.AbstractEventLoop:
    """An event loop for the server thread: uvloop's when asked and installed (about half the
    CPU per request of asyncio's own, which matters when the provider shares the benchmark's cores)."""
    if fast:
        try:
            import uvloop
        except ImportError:
            pass
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _error_body(message: str, kind: str) -> dict:
    return {"error": {"message": message, "type": kind, "param": None, "code": kind}}


def _usage(call: Call) -> dict:
    return {"prompt_tokens": call.prompt_tokens, "completion_tokens": call.completion_tokens,
            "total_tokens": call.prompt_tokens + call.completion_tokens}


def _completion_body(item: Reply, model: str, call: Call) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": item.text}
    if item.tool_calls:
        message["tool_calls"] = item.tool_calls
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_fake",
        "choices": [{"index": 0, "message": message, "finish_reason": item.finish_reason, "logprobs": None}],
        **({"usage": _usage(call)} if item.include_usage else {}),
    }


def embed_text(text: str, dims: int = EMBEDDING_DIMENSIONS) -> list[float]:
    """A deterministic hashed bag-of-words vector, L2-normalised: shared words → nearby vectors."""
    vec = [0.0] * dims
    tokens = [t.lower() for t in _WORD.findall(text)] or [""]
    for token in tokens:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        slot = int.from_bytes(digest[:4], "little") % dims
        vec[slot] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return [v / norm for v in vec]


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; print the base URL on the first line of stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every answer")
    args = parser.parse_args(argv)
    server = FakeOpenAIServer(latency=args.latency, fast_loop=True).start()
    print(server.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
