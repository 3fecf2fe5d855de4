"""litellm calls in a small pool of worker processes (`RLM_LLM_WORKERS=n`), one transport to the client.

litellm costs ~2.5-3 ms of CPU per call under the GIL, which caps one process at a few hundred
calls per second however many are in flight. `WorkerPool` has the interface of
`LitellmTransport` (`chat`, `close`) and sends each call to the least busy of n processes
(`python -m rlm_bot.llm.worker`), each with its own event loop and its own litellm. Everything
else stays in the client's process: budgets are checked before a call is handed over, usage is
accounted from the reply, the in-flight cap and per-alias rate limits hold across all workers,
retries and fallbacks run here, and cancelling a call (by id, or a timeout) cancels it in its
worker. Streamed calls (`on_delta`) run in-process through litellm and do not count towards
starting the workers (a Slack bot whose answers all stream never pays for them).

A worker that dies fails the calls it held with a "connection" failure naming the worker (the
client's retries may send them again) and is started anew for the next call. The API key goes to
a worker over its stdin pipe, never through argv or the environment (a worker inherits our
environment minus rlm_bot's secrets; provider keys only when there is no endpoint); what a worker
writes to stderr is logged here at DEBUG with secrets scrubbed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from rlm_bot.config import PROVIDER_KEY_VARS, SECRET_VARS
from rlm_bot.llm.wire import OnDelta, ProviderFailure, RawReply, scrub

log = logging.getLogger("rlm_bot.llm")

STREAM_LIMIT = 64 * 1024 * 1024
START_AT_IN_FLIGHT = 8  # a lone call (a CLI question) never pays for starting processes
START_TIMEOUT_SECONDS = 120.0
RESTART_PAUSE_SECONDS = 30.0  # importing litellm takes seconds, more on a loaded machine
EXIT_TIMEOUT_SECONDS = 5.0


class WorkerDied(Exception):
    """Internal: the worker process is gone."""


class _Worker:
    """One worker process and the calls it holds."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.proc: asyncio.subprocess.Process | None = None
        self.pending: dict[int, asyncio.Future] = {}
        self.ready: asyncio.Future | None = None
        self.alive = False
        self._reader: asyncio.Task | None = None
        self._stderr: asyncio.Task | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    async def start(self, init: dict[str, Any], secrets: tuple[str, ...]) -> None:
        loop = asyncio.get_running_loop()
        env = _worker_environment(bool(init.get("api_base")))
        package_root = str(Path(__file__).resolve().parents[2])  # the same rlm_bot as ours
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "rlm_bot.llm.worker", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, limit=STREAM_LIMIT)
        self.alive = True
        self.ready = loop.create_future()
        self._reader = loop.create_task(self._read())
        self._stderr = loop.create_task(self._drain_stderr(secrets))
        self.send(init)
        try:
            await asyncio.wait_for(asyncio.shield(self.ready), START_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:  # stuck while starting: never leave it running unwatched
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
            raise

    def send(self, obj: dict[str, Any]) -> None:
        if not self.alive or self.proc is None or self.proc.stdin is None:
            raise WorkerDied()
        self.proc.stdin.write(json.dumps(obj, separators=(",", ":")).encode() + b"\n")

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        stdout = self.proc.stdout
        try:
            while True:
                line = await stdout.readline()
                if not line:
                    break
                msg = json.loads(line)
                fut = self.pending.pop(msg.get("id"), None) if "id" in msg else None
                if fut is not None:
                    if not fut.done():
                        fut.set_result(msg)
                elif msg.get("op") == "ready" and self.ready is not None and not self.ready.done():
                    self.ready.set_result(True)
        except (ValueError, asyncio.LimitOverrunError, ConnectionError) as exc:
            log.error("llm worker %d (pid %s) sent an unreadable line (%s): stopping it", self.index, self.pid,
                      type(exc).__name__)
        finally:
            await self._died()

    async def _drain_stderr(self, secrets: tuple[str, ...]) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while True:
            line = await self.proc.stderr.readline()
            if not line:
                return
            log.debug("llm worker %d: %s", self.index, scrub(line.decode(errors="replace"), secrets))

    async def _died(self) -> None:
        self.alive = False
        proc = self.proc
        if proc is not None and proc.returncode is None:
            try:
                proc.kill()
            except ProcessLookupError:
                pass
        code = await proc.wait() if proc is not None else None
        failure = ProviderFailure("connection", f"the llm worker process {self.index} (pid {self.pid}) "
                                                f"exited (code {code}) with the call in flight")
        if self.ready is not None and not self.ready.done():
            self.ready.set_exception(WorkerDied(f"llm worker {self.index} exited (code {code}) while starting"))
        for fut in list(self.pending.values()):
            if not fut.done():
                fut.set_exception(failure)
        self.pending.clear()

    async def stop(self) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.returncode is None:
            try:
                self.send({"op": "exit"})
                proc.stdin.close()
                await asyncio.wait_for(proc.wait(), EXIT_TIMEOUT_SECONDS)
            except (WorkerDied, ConnectionError, asyncio.TimeoutError, RuntimeError):
                try:
                    proc.kill()
                except ProcessLookupError:
                    pass
                await proc.wait()
        for task in (self._reader, self._stderr):
            if task is not None:
                try:
                    await asyncio.wait_for(task, EXIT_TIMEOUT_SECONDS)
                except (asyncio.TimeoutError, asyncio.CancelledError):
                    task.cancel()


def _worker_environment(endpoint: bool) -> dict[str, str]:
    """Our environment minus its secrets: the endpoint key comes over the pipe; provider keys
    (OPENAI_API_KEY, ...) stay only when litellm needs them (no RLM_LLM_API_BASE)."""
    drop = SECRET_VARS if endpoint else SECRET_VARS - set(PROVIDER_KEY_VARS)
    return {k: v for k, v in os.environ.items() if k not in drop}


class WorkerPool:
    """The litellm transport spread over `size` worker processes (see the module docstring)."""

    def __init__(self, size: int, *, api_base: str | None, api_key: str | None, timeout: float,
                 models_file: Path | str | None, endpoint_provider: str, in_process: Any) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.size = size
        self.timeout = timeout
        self._init = {"op": "init", "api_base": api_base, "api_key": api_key or None, "timeout": timeout,
                      "models_file": str(models_file) if models_file else None,
                      "endpoint_provider": endpoint_provider}
        self._secrets = tuple(s for s in (api_key,) if s)
        self._in_process = in_process  # streamed calls: a LitellmTransport in this process
        self._workers = [_Worker(i) for i in range(size)]
        self._starting: dict[int, asyncio.Task] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._background: asyncio.Task | None = None
        self._failed_at = float("-inf")
        self._active = 0  # calls in this transport now (in a worker or in this process)

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.pid for w in self._workers if w.alive and w.pid is not None]

    async def start(self) -> None:
        """Start every worker now and wait until they are ready (a server's warm-up; otherwise
        they start in the background when calls fan out)."""
        results = await asyncio.gather(*(self._ensure(w) for w in self._workers), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures and len(failures) == len(results):
            raise failures[0]

    async def _ensure(self, worker: _Worker) -> None:
        if self._closed:
            raise ProviderFailure("error", "the llm worker pool is closed")
        if worker in self._ready():
            return
        task = self._starting.get(worker.index)
        if task is None or task.done():
            if worker.proc is not None and not worker.alive:
                log.warning("llm worker %d (pid %s) exited (code %s); starting a new one", worker.index,
                            worker.pid, worker.proc.returncode)
            task = self._starting[worker.index] = asyncio.get_running_loop().create_task(
                worker.start(self._init, self._secrets))
        try:
            await asyncio.shield(task)
        except (WorkerDied, OSError, asyncio.TimeoutError) as exc:
            raise ProviderFailure("connection", f"the llm worker process {worker.index} could not start "
                                                f"({type(exc).__name__}: {exc})") from None

    def _ready(self) -> list[_Worker]:
        return [w for w in self._workers if w.alive and w.ready is not None and w.ready.done()
                and not w.ready.cancelled() and w.ready.exception() is None]

    def _start_in_background(self) -> None:
        """Start (or restart) the workers without making any call wait for them."""
        if self._closed or (self._background is not None and not self._background.done()):
            return
        loop = asyncio.get_running_loop()
        if loop.time() - self._failed_at < RESTART_PAUSE_SECONDS:
            return  # the last start failed a moment ago: no process storm

        async def start() -> None:
            try:
                await self.start()
            except ProviderFailure as failure:
                self._failed_at = loop.time()
                log.warning("llm workers: %s; calls run in this process meanwhile", failure.message)

        self._background = asyncio.get_running_loop().create_task(start())

    async def chat(self, model: str, messages: list[dict], params: dict[str, Any],
                   on_delta: OnDelta | None = None) -> RawReply:
        """Run one litellm call in the least busy ready worker; in this process while none is
        ready (workers start in the background once START_AT_IN_FLIGHT calls are in flight, so
        a lone call never waits for them) and for streamed calls."""
        if on_delta is not None:  # streamed: always here, so it never calls for the workers
            return await self._in_process.chat(model, messages, params, on_delta)
        self._active += 1
        try:
            ready = self._ready()
            if len(ready) < self.size and (ready or self._active >= START_AT_IN_FLIGHT):
                self._start_in_background()  # first start, or a dead worker's replacement
            if not ready:
                return await self._in_process.chat(model, messages, params, on_delta)
            return await self._chat_in(min(ready, key=lambda w: len(w.pending)), model, messages, params)
        finally:
            self._active -= 1

    async def _chat_in(self, worker: _Worker, model: str, messages: list[dict], params: dict[str, Any]) -> RawReply:
        call_id = next(self._ids)
        fut = asyncio.get_running_loop().create_future()
        worker.pending[call_id] = fut
        try:
            worker.send({"op": "chat", "id": call_id, "model": model, "messages": messages, "params": params})
            msg = await fut
        except WorkerDied:
            raise ProviderFailure("connection", f"the llm worker process {worker.index} (pid {worker.pid}) "
                                                "is gone") from None
        except asyncio.CancelledError:
            if worker.pending.pop(call_id, None) is not None and worker.alive:
                try:
                    worker.send({"op": "cancel", "id": call_id})
                except WorkerDied:
                    pass
            raise
        finally:
            worker.pending.pop(call_id, None)
        if "reply" in msg:
            r = msg["reply"]
            return RawReply(text=r.get("text") or "", prompt_tokens=r.get("prompt_tokens"),
                            completion_tokens=r.get("completion_tokens"), model=r.get("model") or model,
                            finish_reason=r.get("finish_reason"), tool_calls=r.get("tool_calls"))
        f = msg.get("failure") or {}
        raise ProviderFailure(str(f.get("kind") or "error"), str(f.get("message") or "the llm worker failed"),
                              status=f.get("status"), retry_after=f.get("retry_after"))

    async def close(self) -> None:
        """Stop every worker (asked to exit, killed after a few seconds) and the in-process transport."""
        self._closed = True
        for task in [*self._starting.values(), self._background]:
            if task is not None and not task.done():
                task.cancel()
        await asyncio.gather(*(w.stop() for w in self._workers), return_exceptions=True)
        await self._in_process.close()
