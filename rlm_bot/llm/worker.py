"""One litellm worker process (`python -m rlm_bot.llm.worker`), started by `workers.WorkerPool`.

litellm spends a few ms of CPU per call under the GIL, so one process tops out at a few hundred
calls per second. With `RLM_LLM_WORKERS=n` the client keeps everything that decides *whether and
how* a call is made (budgets, in-flight cap, rate limits, retries, fallbacks, usage, cancellation)
in its own process and hands only the litellm call itself to n of these processes.

Protocol: one JSON object per line. The parent's first line is
`{"op": "init", "api_base", "api_key", "timeout", "models_file", "endpoint_provider"}` (the key
travels over the pipe, never through argv, the environment or a log); this process answers
`{"op": "ready"}` once litellm is imported and set up. Then:
  parent → `{"op": "chat", "id", "model", "messages", "params"}` → `{"id", "reply": {...}}` or
           `{"id", "failure": {"kind", "message", "status", "retry_after"}}`
  parent → `{"op": "cancel", "id"}` (no answer)        parent → `{"op": "exit"}` or EOF: exit.
Anything litellm prints goes to stderr (fd 1 is pointed there); stdout carries only the protocol.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from typing import Any

from rlm_bot.llm.litellm_transport import LitellmTransport
from rlm_bot.llm.profiles import load_profiles
from rlm_bot.llm.wire import ProviderFailure

STREAM_LIMIT = 64 * 1024 * 1024  # one line holds a whole request or reply


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    first = await reader.readline()
    init = json.loads(first) if first else {}
    if init.get("op") != "init":
        return

    transport = LitellmTransport(api_base=init.get("api_base"), api_key=init.get("api_key") or None,
                                 timeout=float(init.get("timeout") or 60.0))
    try:
        load_profiles(init.get("models_file")).register_with_litellm(
            init.get("endpoint_provider") if init.get("api_base") else None)
    except Exception as exc:  # noqa: BLE001 - prices only speed up litellm's cost lookup
        logging.getLogger("rlm_bot.llm").warning("llm worker: model profiles not registered: %s", type(exc).__name__)
    tasks: dict[Any, asyncio.Task] = {}

    def send(obj: dict) -> None:
        writer.write(json.dumps(obj, separators=(",", ":")).encode() + b"\n")

    async def chat(msg: dict) -> None:
        call_id = msg["id"]
        try:
            reply = await transport.chat(msg["model"], msg["messages"], msg.get("params") or {})
            send({"id": call_id, "reply": {
                "text": reply.text, "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens, "model": reply.model,
                "finish_reason": reply.finish_reason, "tool_calls": reply.tool_calls}})
        except ProviderFailure as failure:
            send({"id": call_id, "failure": {"kind": failure.kind, "message": failure.message,
                                             "status": failure.status, "retry_after": failure.retry_after}})
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # noqa: BLE001 - a surprise is a failed attempt, not a dead worker
            send({"id": call_id, "failure": {"kind": "error", "message": f"{type(exc).__name__}: {exc}",
                                             "status": None, "retry_after": None}})
        finally:
            tasks.pop(call_id, None)

    send({"op": "ready", "pid": os.getpid()})
    while True:
        line = await reader.readline()
        if not line:
            break
        msg = json.loads(line)
        op = msg.get("op")
        if op == "chat":
            tasks[msg["id"]] = asyncio.get_running_loop().create_task(chat(msg))
        elif op == "cancel":
            task = tasks.get(msg["id"])
            if task is not None:
                task.cancel()
        elif op == "exit":
            break
    for task in list(tasks.values()):
        task.cancel()
    if tasks:
        await asyncio.wait(list(tasks.values()), timeout=5)
    await transport.close()


async def _main() -> None:
    loop = asyncio.get_running_loop()
    protocol_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # a stray print (litellm's or anyone's) must not corrupt the protocol
    sys.stdout = sys.stderr
    reader = asyncio.StreamReader(limit=STREAM_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(0, "rb", buffering=0))
    w_transport, w_protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, protocol_out)
    writer = asyncio.StreamWriter(w_transport, w_protocol, None, loop)
    try:
        await _serve(reader, writer)
        await writer.drain()
    finally:
        writer.close()


def main() -> None:
    """Serve the parent until it says exit or its end of the pipe closes."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_main())
    except (KeyboardInterrupt, BrokenPipeError):
        pass


if __name__ == "__main__":
    main()
