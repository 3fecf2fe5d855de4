"""HTTP/1.1 POSTs over asyncio streams with a keep-alive pool: what the http transport sends on.

The client side of HTTP/1.1 that a JSON API needs, read and framed here (RFC 9112): a request
head built once per pool and path; a response head (status line, headers, obsolete line folding
joined), skipped 1xx heads, and a body framed by Content-Length, chunked transfer coding or the
connection's end; keep-alive unless the server says `Connection: close`, answers HTTP/1.0 or
leaves stray bytes. Bytes that are not such a response raise ProtocolFailed; a connection that
ends first raises ConnectionFailed. It replaces h11 (the sans-IO state machine httpx is built
on), whose per-event objects and header validation cost more CPU per call than the rest of the
transport together, and whose import a cold CLI run paid for. asyncio's streams carry the bytes.
One pool per endpoint, bound to the event loop that uses it.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

READ_BYTES = 64 * 1024
MAX_HEAD_BYTES = 64 * 1024  # a response head larger than this is not an API's answer
KEEPALIVE_SECONDS = 30.0  # an idle connection older than this is closed, not reused
CLOSE_TIMEOUT_SECONDS = 1.0
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_STATUS_LINE = re.compile(r"HTTP/1\.([01]) ([0-9]{3})(?: [^\r\n]*)?")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# header lines joined by \n: `name:value`, or a folded continuation of the previous one (not first)
_HEADER_LINES = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[^\r\n]*(?:\n(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+:|[ \t])[^\r\n]*)*")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?")
_LENGTH = re.compile(r"[0-9]{1,18}")
_BLANKS = " \t"
CLOSED_EARLY = "the server closed the connection before the response ended"

# How a response body is framed (RFC 9112 section 6.3)
_LENGTH_FRAMED, _CHUNKED, _UNTIL_CLOSE, _NO_BODY = range(4)
# Where a chunked body's reader is
_SIZE, _DATA, _DATA_END, _TRAILERS, _ENDED = range(5)


class ConnectionFailed(Exception):
    """The connection failed or closed before the response ended (nothing to parse)."""


class ProtocolFailed(Exception):
    """The endpoint's bytes were not valid HTTP/1.1."""


@dataclass
class Response:
    """Status and headers (lower-cased names) of a response whose body is still to be read."""

    status: int
    headers: dict[str, str]


class _Conn:
    """One connection and the framing state of the response being read on it."""

    __slots__ = ("reader", "writer", "buf", "idle_since", "eof", "framing", "left", "chunk_state",
                 "keep_alive", "ended")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.buf = bytearray()  # bytes received and not yet parsed
        self.idle_since = time.monotonic()
        self.eof = False
        self.framing = _NO_BODY
        self.left = 0  # bytes of the body (Content-Length) or of the current chunk still to come
        self.chunk_state = _SIZE
        self.keep_alive = False
        self.ended = True  # no response in progress

    def usable(self) -> bool:
        return (not self.writer.is_closing() and not self.reader.at_eof()
                and time.monotonic() - self.idle_since < KEEPALIVE_SECONDS)

    def close(self) -> None:
        self.writer.close()


class Pool:
    """Keep-alive HTTP/1.1 connections to one origin (`http://host:port` or `https://...`)."""

    def __init__(self, base_url: str, *, max_idle: int, headers: dict[str, str]) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url}")
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.path = parts.path.rstrip("/")
        default_port = self.port == (443 if self.https else 80)
        self.host_header = self.host if default_port else f"{self.host}:{self.port}"
        if ":" in self.host and not self.host.startswith("["):  # an IPv6 literal
            self.host_header = f"[{self.host}]" + ("" if default_port else f":{self.port}")
        self.max_idle = max_idle
        self.headers = [(k, v) for k, v in headers.items()]
        for name, value in [("Host", self.host_header), *self.headers]:
            _check_header(name, value)
        self._heads: dict[str, bytes] = {}  # path -> the request head up to the Content-Length value
        self._idle: list[_Conn] = []
        self._ssl: Any = None  # an ssl.SSLContext, made by the first https connection

    async def post(self, path: str, body: bytes, *, connect_timeout: float | None) -> tuple[Response, _Conn]:
        """Send POST `path` with a JSON body; the response head and the connection to read the body
        from (then `release` it). Idle connections the server closed (or older than the keep-alive
        time) are dropped, not used."""
        conn = None
        while self._idle and conn is None:
            conn = self._idle.pop()
            if not conn.usable():
                conn.close()
                conn = None
        if conn is None:
            conn = await self._connect(connect_timeout)
        try:
            return await self._send(conn, path, body), conn
        except BaseException:
            conn.close()
            raise

    async def body(self, conn: _Conn, read_timeout: float | None = None) -> AsyncIterator[bytes]:
        """The response body, piece by piece as it arrives."""
        while True:
            piece = _take_body(conn)
            if piece:
                yield piece
            elif conn.ended:
                return
            else:
                await self._receive(conn, read_timeout)

    async def read_body(self, conn: _Conn, read_timeout: float | None = None) -> bytes:
        """The whole response body."""
        if conn.framing == _LENGTH_FRAMED:  # the common case: wait until it is all here, slice once
            while len(conn.buf) < conn.left:
                await self._receive(conn, read_timeout)
        pieces = []
        while True:
            piece = _take_body(conn)
            if piece:
                pieces.append(piece)
            elif conn.ended:
                return pieces[0] if len(pieces) == 1 else b"".join(pieces)
            else:
                await self._receive(conn, read_timeout)

    def release(self, conn: _Conn, *, complete: bool) -> None:
        """Return a connection whose response was read whole to the pool; close any other."""
        if (complete and conn.ended and conn.keep_alive and not conn.buf and not conn.eof
                and len(self._idle) < self.max_idle and not conn.writer.is_closing()):
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
            return
        conn.close()

    async def close(self) -> None:
        """Close every idle connection."""
        idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        for conn in idle:
            try:
                await asyncio.wait_for(conn.writer.wait_closed(), CLOSE_TIMEOUT_SECONDS)
            except (OSError, asyncio.TimeoutError):
                pass

    async def _connect(self, timeout: float | None) -> _Conn:
        ssl_context = None
        if self.https:
            if self._ssl is None:
                import ssl  # deferred: an http:// endpoint never needs it from this module

                self._ssl = ssl.create_default_context()
            ssl_context = self._ssl
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port, ssl=ssl_context, limit=READ_BYTES), timeout)
        except asyncio.TimeoutError:
            raise ConnectionFailed(f"could not connect to {self.host_header} within {timeout:g} s") from None
        except OSError as exc:
            raise ConnectionFailed(f"could not connect to {self.host_header} ({type(exc).__name__}: {exc})") from None
        return _Conn(reader, writer)

    def _head(self, path: str) -> bytes:
        head = self._heads.get(path)
        if head is None:
            target = self.path + path
            if not target.startswith("/") or any(c in target for c in " \r\n\0"):
                raise ValueError(f"not a request path: {target!r}")
            lines = [f"POST {target} HTTP/1.1", f"Host: {self.host_header}",
                     *(f"{name}: {value}" for name, value in self.headers)]
            head = self._heads[path] = ("\r\n".join(lines) + "\r\nContent-Length: ").encode("latin-1")
        return head

    async def _send(self, conn: _Conn, path: str, body: bytes) -> Response:
        conn.buf.clear()
        conn.ended = False
        try:
            conn.writer.write(b"%s%d\r\n\r\n%s" % (self._head(path), len(body), body))
            await conn.writer.drain()
        except OSError as exc:
            raise ConnectionFailed(f"connection lost while sending ({type(exc).__name__})") from None
        while True:
            status, headers, version = await self._read_head(conn)
            if status >= 200:
                break
            if status == 101:
                raise ProtocolFailed("bad HTTP response: a protocol switch (101) that was not asked for")
        _frame(conn, status, headers, version)
        return Response(status, headers)

    async def _read_head(self, conn: _Conn) -> tuple[int, dict[str, str], int]:
        """Status, headers (lower-cased names; a repeated header keeps its last value) and minor
        HTTP version of the next response head."""
        buf = conn.buf
        while True:
            if buf:
                end = buf.find(b"\r\n\r\n")
                if end >= 0 and buf.find(b"\n\n", 0, end) < 0:
                    start, stop = end, end + 4
                    break
                bare = _HEAD_END.search(buf)  # lines ended by a bare LF
                if bare is not None:
                    start, stop = bare.start(), bare.end()
                    break
                if len(buf) > MAX_HEAD_BYTES:
                    raise ProtocolFailed(f"bad HTTP response: a head longer than {MAX_HEAD_BYTES} bytes")
            await self._receive(conn, None)
        text = buf[:start].decode("latin-1")
        del buf[:stop]
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        first, _, rest = text.partition("\n")
        status_line = _STATUS_LINE.fullmatch(first)
        if status_line is None:
            raise ProtocolFailed(f"bad HTTP response: status line {first[:60]!r}")
        headers: dict[str, str] = {}
        if rest:
            if _HEADER_LINES.fullmatch(rest) is None:
                lines = rest.split("\n")
                bad = next((line for line in lines if _HEADER_LINES.fullmatch(line) is None), lines[0])
                raise ProtocolFailed(f"bad HTTP response: header line {bad[:60]!r}")
            name = ""
            for line in rest.split("\n"):
                if line[0] in " \t":  # obsolete line folding: continues the previous value
                    headers[name] = (headers[name] + " " + line.strip(_BLANKS)).strip(" ")
                    continue
                name, _, value = line.partition(":")
                name = name.lower()
                headers[name] = value.strip(_BLANKS)
        return int(status_line.group(2)), headers, int(status_line.group(1))

    async def _receive(self, conn: _Conn, read_timeout: float | None) -> None:
        """Read what has arrived into the connection's buffer (ConnectionFailed at its end)."""
        if conn.eof:
            raise ConnectionFailed(CLOSED_EARLY)
        try:
            if read_timeout is None:
                data = await conn.reader.read(READ_BYTES)
            else:
                data = await asyncio.wait_for(conn.reader.read(READ_BYTES), read_timeout)
        except OSError as exc:
            raise ConnectionFailed(f"connection lost ({type(exc).__name__}: {exc})") from None
        if data:
            conn.buf += data
            return
        conn.eof = True
        if conn.framing == _UNTIL_CLOSE and not conn.ended:
            conn.ended = True  # the connection's end is the body's end
            conn.keep_alive = False
        else:
            raise ConnectionFailed(CLOSED_EARLY)


def _check_header(name: str, value: str) -> None:
    """A request header must be a token name and a one-line latin-1 value (a key with a line
    break in it would split the request): refuse it, without quoting the value (a secret)."""
    if not _TOKEN.fullmatch(name):
        raise ValueError(f"invalid HTTP header name {name!r}")
    if any(c in value for c in "\r\n\0") or value != value.strip(" \t"):
        raise ValueError(f"the value of HTTP header {name} has a line break, NUL or surrounding spaces")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(f"the value of HTTP header {name} is not latin-1 text") from None


def _frame(conn: _Conn, status: int, headers: dict[str, str], version: int) -> None:
    """Set how the body of a response to a POST is framed, and whether the connection stays."""
    connection = headers.get("connection")
    conn.keep_alive = version == 1 and (
        not connection or "close" not in {t.strip(_BLANKS) for t in connection.lower().split(",")})
    encoding = headers.get("transfer-encoding")
    length = headers.get("content-length")
    if status in (204, 304):
        conn.framing, conn.ended = _NO_BODY, True
    elif encoding is not None:
        if encoding.strip(_BLANKS).lower() != "chunked":
            raise ProtocolFailed(f"bad HTTP response: unsupported Transfer-Encoding {encoding[:40]!r}")
        conn.framing, conn.chunk_state = _CHUNKED, _SIZE
    elif length is not None:
        if not (length.isascii() and length.isdigit() and len(length) <= 18):  # else: "n, n" repeated
            values = {v.strip(_BLANKS) for v in length.split(",")}
            if len(values) != 1 or not _LENGTH.fullmatch(next(iter(values))):
                raise ProtocolFailed(f"bad HTTP response: Content-Length {length[:40]!r}")
            length = values.pop()
        conn.framing, conn.left = _LENGTH_FRAMED, int(length)
        conn.ended = conn.left == 0
    else:
        conn.framing, conn.keep_alive = _UNTIL_CLOSE, False


def _take_body(conn: _Conn) -> bytes:
    """The body bytes now in the buffer (b"" when none: the body ended, or more must arrive)."""
    if conn.ended:
        return b""
    buf = conn.buf
    if conn.framing == _LENGTH_FRAMED:
        n = min(conn.left, len(buf))
        piece = bytes(buf[:n])
        del buf[:n]
        conn.left -= n
        conn.ended = conn.left == 0
        return piece
    if conn.framing == _UNTIL_CLOSE:
        piece = bytes(buf)
        buf.clear()
        return piece
    return _take_chunked(conn)


def _take_chunked(conn: _Conn) -> bytes:
    buf = conn.buf
    pieces = []
    while True:
        state = conn.chunk_state
        if state == _DATA:
            n = min(conn.left, len(buf))
            if not n:
                break
            pieces.append(bytes(buf[:n]))
            del buf[:n]
            conn.left -= n
            if conn.left:
                break
            conn.chunk_state = _DATA_END
            continue
        at = buf.find(b"\n")
        if at < 0:
            if len(buf) > MAX_HEAD_BYTES:
                raise ProtocolFailed("bad HTTP response: a chunk line that does not end")
            break
        line = bytes(buf[:at]).rstrip(b"\r")
        del buf[:at + 1]
        if state == _SIZE:
            size = _CHUNK_SIZE.fullmatch(line)
            if size is None:
                raise ProtocolFailed(f"bad HTTP response: chunk size line {line[:40]!r}")
            conn.left = int(size.group(1), 16)
            conn.chunk_state = _DATA if conn.left else _TRAILERS
        elif state == _DATA_END:
            if line:
                raise ProtocolFailed("bad HTTP response: a chunk longer than its size")
            conn.chunk_state = _SIZE
        elif not line:  # _TRAILERS: the blank line after them ends the body
            conn.chunk_state, conn.ended = _ENDED, True
            break
    return b"".join(pieces)
