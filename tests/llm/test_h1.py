"""The http transport's keep-alive pool (rlm_bot/llm/h1.py) against the scripted provider."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes.fixtures import Fail


def test_h1_calls_share_kept_alive_connections(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http")
    for i in range(8):
        assert client.complete("haiku", f"q{i}").text == "OK"
    pieces: list[str] = []
    fake_llm.script("one two three four five six seven")
    assert client.complete("haiku", "stream", on_delta=pieces.append).text == "one two three four five six seven"
    assert client.complete("haiku", "after the stream").text == "OK"
    assert fake_llm.connections == 1  # ten calls, streamed or not, on one connection


def test_h1_a_fan_out_opens_at_most_one_connection_per_call_in_flight(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http", RLM_LLM_MAX_IN_FLIGHT="6")
    fake_llm.latency = 0.05

    async def fan_out() -> list[str]:
        replies = await asyncio.gather(*(client.acomplete("haiku", f"q{i}") for i in range(30)))
        return [r.text for r in replies]

    assert asyncio.run(fan_out()) == ["OK"] * 30
    assert fake_llm.max_concurrency <= 6 and fake_llm.connections <= 6


def test_h1_a_dropped_connection_is_replaced(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http", RLM_LLM_MAX_RETRIES="0")
    assert client.complete("haiku", "warm").text == "OK"
    fake_llm.script(Fail.drop())
    reply = client.complete("haiku", "dropped")  # the drop fails haiku; its fallback answers
    assert reply.alias == "gpt-mini" and [c.outcome for c in fake_llm.chat_calls][1:] == ["drop", "reply"]
    assert client.complete("haiku", "again").text == "OK"
    assert fake_llm.connections == 2


# -- the HTTP/1.1 reader against raw responses from a loopback server ---------------------------

class _RawServer:
    """A loopback server that answers each request with the next scripted byte strings (written
    with a pause between them, so a response arrives in pieces); None closes the connection."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.connections = 0
        self.requests: list[bytes] = []

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/v1"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while self.answers:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
                             .split(b":")[1])
                self.requests.append(head + await reader.readexactly(length))
                for piece in self.answers.pop(0):
                    if piece is None:
                        writer.close()
                        return
                    writer.write(piece)
                    await writer.drain()
                    await asyncio.sleep(0.01)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def _exchange(*answers, calls: int = 1, stream: bool = False):
    """Run `calls` POSTs on one pool against the scripted answers: (results, server)."""
    from rlm_bot.llm.h1 import ConnectionFailed, Pool, ProtocolFailed

    server = _RawServer(*answers)

    async def run():
        pool = Pool(await server.start(), max_idle=4, headers={"Authorization": "Bearer k"})
        out = []
        try:
            for _ in range(calls):
                try:
                    response, conn = await pool.post("/chat/completions", b'{"a": 1}', connect_timeout=5)
                    complete = False
                    try:
                        if stream:
                            body = b"|".join([piece async for piece in pool.body(conn, 5)])
                        else:
                            body = await pool.read_body(conn, 5)
                        complete = True
                    finally:
                        pool.release(conn, complete=complete)
                    out.append((response.status, response.headers, body))
                except (ConnectionFailed, ProtocolFailed) as exc:
                    out.append(exc)
        finally:
            await pool.close()
            server.server.close()
        return out

    return asyncio.run(run()), server


def test_h1_reads_length_framed_bodies_in_pieces_and_keeps_the_connection():
    answer = [b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Len", b"gth: 9\r\n\r\n{\"ok\"", b": 1}"]
    results, server = _exchange(answer, list(answer), calls=2)
    assert results == [(200, {"content-type": "application/json", "content-length": "9"}, b'{"ok": 1}')] * 2
    assert server.connections == 1
    request = server.requests[0]
    assert request.startswith(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:")
    assert b"\r\nAuthorization: Bearer k\r\nContent-Length: 8\r\n\r\n{\"a\": 1}" in request


def test_h1_reads_chunked_bodies_with_extensions_and_trailers_after_a_100_continue():
    answer = [b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
              b"5;ext=1\r\nhel", b"lo\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"]
    results, server = _exchange(answer, list(answer), calls=2)
    assert [r[2] for r in results] == [b"hello world", b"hello world"] and server.connections == 1
    streamed, _ = _exchange(answer, stream=True)
    assert b"".join(streamed[0][2].split(b"|")) == b"hello world"


def test_h1_folded_headers_join_and_a_connection_close_answer_is_not_reused():
    answer = [b"HTTP/1.1 429 Too Many Requests\r\nRetry-After:\r\n  3\r\nConnection: close\r\n"
              b"Content-Length: 2\r\n\r\n{}"]
    results, server = _exchange(answer, list(answer), calls=2)
    assert results[0] == (429, {"retry-after": "3", "connection": "close", "content-length": "2"}, b"{}")
    assert results[1] == results[0] and server.connections == 2


def test_h1_a_body_without_framing_ends_with_the_connection():
    results, server = _exchange([b"HTTP/1.0 200 OK\r\n\r\nall of ", b"it", None], [b"HTTP/1.1 204 No Content\r\n\r\n"],
                                calls=2)
    assert results[0] == (200, {}, b"all of it")
    assert results[1] == (204, {}, b"") and server.connections == 2


def test_h1_bytes_that_are_not_http_fail_as_protocol_errors():
    from rlm_bot.llm.h1 import ProtocolFailed

    for answer in ([b"SMTP ready\r\n\r\n"], [b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n"],
                   [b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"],
                   [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"],
                   [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"],
                   [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"]):
        results, _ = _exchange(answer)
        assert isinstance(results[0], ProtocolFailed), (answer, results)


def test_h1_a_connection_that_ends_early_fails_as_a_connection_error():
    from rlm_bot.llm.h1 import ConnectionFailed

    for answer in ([None], [b"HTTP/1.1 200 OK\r\nContent-Le", None],
                   [b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", None],
                   [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", None]):
        results, _ = _exchange(answer)
        assert isinstance(results[0], ConnectionFailed), (answer, results)


def test_h1_refuses_a_header_value_that_would_split_the_request_without_quoting_it():
    from rlm_bot.llm.h1 import Pool

    with pytest.raises(ValueError) as info:
        Pool("http://127.0.0.1:1", max_idle=1, headers={"Authorization": "Bearer sk-secret\r\nX: y"})
    assert "Authorization" in str(info.value) and "sk-secret" not in str(info.value)
