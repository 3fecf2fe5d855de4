"""The sandbox's processes: a zygote that forks one confined child per run or session.

The host (pool.py) starts the zygote with a scrubbed environment, an empty working directory and
one inherited descriptor: a Unix control socket. The zygote imports everything once (startup cost
paid once), then for each request receives a fresh socket descriptor (SCM_RIGHTS), forks, and
reports the child's pid. The child closes everything else, applies rlimits and the seccomp
filter, says hello, and serves exactly one run (or one session) on its socket, then exits — so no
state, poisoned or not, survives into the next run.

Frames on every socket are a 4-byte big-endian length and a UTF-8 JSON object; each side refuses
frames larger than its cap. Nothing is ever unpickled.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import struct
import sys
import time
from typing import Any

_HEADER = struct.Struct(">I")


class FrameError(Exception):
    """A frame was malformed, too large, or the peer went away."""


class FrameTooLarge(FrameError):
    """A frame this side was about to send exceeds the peer's cap (nothing was sent)."""


def send_frame(sock: socket.socket, obj: Any, max_bytes: int | None = None) -> None:
    """Send one JSON frame (refusing, before sending, one larger than max_bytes)."""
    data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
    if max_bytes is not None and len(data) > max_bytes:
        raise FrameTooLarge(f"request of {len(data):,} bytes exceeds the {max_bytes:,}-byte cap")
    sock.sendall(_HEADER.pack(len(data)) + data)


def recv_exact(sock: socket.socket, n: int) -> bytes:
    """Read exactly n bytes (socket timeouts propagate)."""
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(min(n - len(chunks), 1 << 20))
        if not chunk:
            raise FrameError("peer closed the connection")
        chunks += chunk
    return bytes(chunks)


def recv_frame(sock: socket.socket, max_bytes: int) -> Any:
    """Read one JSON frame of at most max_bytes."""
    (length,) = _HEADER.unpack(recv_exact(sock, _HEADER.size))
    if length > max_bytes:
        raise FrameError(f"frame of {length:,} bytes exceeds the {max_bytes:,}-byte cap")
    try:
        return json.loads(recv_exact(sock, length).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FrameError(f"malformed frame: {type(exc).__name__}") from None


# --- child -------------------------------------------------------------------------------------


def _fit_reply(reply: dict, cap: int) -> dict:
    """Shrink output/value until the encoded reply fits the host's frame cap."""
    for _ in range(8):
        size = len(json.dumps(reply, ensure_ascii=False).encode("utf-8", "replace"))
        if size <= cap:
            return reply
        reply["truncated"] = True
        for key in ("output", "value", "error"):
            if isinstance(reply.get(key), str) and len(reply[key]) > 64:
                reply[key] = reply[key][: len(reply[key]) // 2]
        if isinstance(reply.get("value"), str):
            try:
                json.loads(reply["value"])
            except ValueError:
                reply["value"] = json.dumps("<value truncated>")
    return {"ok": False, "output": "", "value": None, "error": "reply too large",
            "error_type": "OutputLimitExceeded", "truncated": True, "duration_ms": 0}


def _child_main(sock: socket.socket, config: dict) -> None:
    # deferred: only the zygote and its children load these (the host reads frames)
    from rlm_bot.sandbox import audit, confine
    from rlm_bot.sandbox.runtime import Runner

    fd = sock.fileno()
    confine.close_fds_except({fd})
    files, refusal = _files_root(config)
    confine.set_limits(cpu_seconds=config["cpu_seconds"],
                       memory_bytes=config["memory_bytes"],
                       lifetime_cpu_seconds=config["session_cpu_seconds"])
    seccomp = (confine.install_seccomp(read_open=files is not None)
               if config.get("seccomp", True) else False)
    audit.install()
    reply_cap = config["reply_cap"]
    request_cap = config["request_cap"]

    def on_xcpu(signum: int, frame: Any) -> None:
        """CPU soft limit reached: report it and exit (sandboxed code cannot catch this)."""
        try:
            send_frame(sock, {"ok": False, "output": "", "value": None, "truncated": False,
                              "error": "CPU time limit exceeded; the run was stopped",
                              "error_type": "CPULimitExceeded", "duration_ms": 0,
                              "final": True})
        finally:
            os._exit(3)

    signal.signal(signal.SIGXCPU, on_xcpu)

    def abort(reply: dict) -> None:
        """End the run at once (output flood): reply, then exit without unwinding."""
        try:
            reply["final"] = True
            send_frame(sock, _fit_reply(reply, reply_cap))
        finally:
            os._exit(4)

    # Touch the pages a run needs (copy-on-write after fork) before saying hello, and build the
    # namespace now: both stay off the critical path of the first request.
    Runner(max_output=1000).execute("sorted([2, 1])")
    runner = Runner(max_output=config["max_output"], files=files, files_refusal=refusal,
                    abort=abort)
    send_frame(sock, {"hello": True, "pid": os.getpid(), "seccomp": seccomp,
                      "files": files is not None})
    first = True
    while True:
        try:
            request = recv_frame(sock, request_cap)
        except (FrameError, OSError):
            return
        op = request.get("op")
        if op == "close":
            return
        if first and op not in {"run", "set"} and op in {"exec", "eval"}:
            runner.keep_namespace = True
        first = False
        if op == "set":
            try:
                runner.set(request["name"], request.get("value"))
                reply = {"ok": True, "output": "", "value": None, "error": None,
                         "error_type": None, "truncated": False, "duration_ms": 0}
            except (ValueError, KeyError) as exc:
                reply = {"ok": False, "output": "", "value": None, "error": str(exc),
                         "error_type": "ValueError", "truncated": False, "duration_ms": 0}
        elif op in {"run", "exec", "eval"}:
            if op != "run":
                resource.setrlimit(resource.RLIMIT_CPU, (
                    min(_cpu_used() + config["cpu_seconds"], config["session_cpu_seconds"]),
                    config["session_cpu_seconds"]))
            reply = runner.execute(request.get("code", ""), inputs=request.get("inputs"),
                                   result_fallback=op == "run",
                                   require_expression=op == "eval")
        else:
            reply = {"ok": False, "output": "", "value": None, "error": f"unknown op {op!r}",
                     "error_type": "ProtocolError", "truncated": False, "duration_ms": 0}
        reply["final"] = True
        try:
            send_frame(sock, _fit_reply(reply, reply_cap))
        except OSError:
            return
        if op == "run":
            return


def _files_root(config: dict) -> tuple[Any, str]:
    """Open the files root and confine this child to reading beneath it (before seccomp).

    Returns the FileRoot the helpers read through, or None and the reason file helpers refuse.
    Where the seccomp filter will hold but Landlock is missing, the child gets no files: letting
    it call `openat` without Landlock would let escaped code open anything the bot can read.
    """
    # deferred: only the zygote and its children confine themselves
    from rlm_bot.sandbox import confine, landlock
    from rlm_bot.sandbox.files import FileRoot, open_root

    root = config.get("files_root")
    if not root:
        return None, "no files root is granted to the sandbox (set RLM_SANDBOX_FILES_ROOT)"
    try:
        dir_fd = open_root(root)
    except OSError as exc:
        return None, f"the sandbox files root {root} cannot be opened ({exc.strerror})"
    if landlock.restrict_to_read_beneath(dir_fd):
        return FileRoot(dir_fd), ""
    if config.get("seccomp", True) and confine.seccomp_supported():
        os.close(dir_fd)
        return None, ("the sandbox's file helpers need Landlock (Linux 5.13 or later), which "
                      "this kernel does not offer; no files can be read here")
    return FileRoot(dir_fd), ""  # no OS confinement at all here: the path checks still hold


def _cpu_used() -> int:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return int(usage.ru_utime + usage.ru_stime) + 1


# --- zygote ------------------------------------------------------------------------------------


def _preload() -> None:
    """Import and exercise everything a run may touch, so children never need to open a file."""
    import _strptime  # noqa: F401 - datetime.strptime imports it lazily
    import time  # noqa: F401 - date.strftime, timetuple and today import it from C
    import unicodedata  # noqa: F401 - the tokenizer imports it for non-ASCII identifiers

    for codec in ("idna", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_8_sig", "latin_1",
                  "ascii", "cp1252", "cp437", "mac_roman", "punycode", "unicode_escape",
                  "raw_unicode_escape"):
        "x".encode(codec)  # encodings are imported on first use; children cannot open files

    # imported here on purpose: the zygote preloads the runtime before it forks children
    from rlm_bot.sandbox.runtime import Runner

    warm = (
        "import math, statistics, re, json, datetime, collections, itertools, decimal, fractions\n"
        "x = sorted([3, 1, 2]); print(x, statistics.mean(x), statistics.stdev(x))\n"
        "d = datetime.datetime.strptime('2024-01-02', '%Y-%m-%d')\n"
        "d.strftime('%A %d %B %Y'); d.timetuple(); datetime.date.today()\n"
        "re.findall(r'\\w+', 'a b'); json.loads(json.dumps({'a': [1.5]}))\n"
        "decimal.Decimal('1.1') + 1; fractions.Fraction(1, 3) * 3; stats([1, 2, 3])\n"
        "parse_date('March 5, 2024'); call_graph('def f():\\n    g()'); calc('2^8')\n"
        "find_imports('import os'); compile_context({'a.py': 'import b'}, True, 100)\n"
        "ñame = 1\n"
        "[k for k, g in itertools.groupby('aab')]"
    )
    reply = Runner(max_output=1000).execute(warm)
    if not reply["ok"]:  # a broken warm-up means a broken sandbox: fail loudly at startup
        raise RuntimeError(f"sandbox warm-up failed: {reply['error']}")
    import gc

    gc.collect()
    gc.freeze()  # keep the collector from touching (and copying) the zygote's objects in children


MAX_REMEMBERED_STATUSES = 512
STATUS_WAIT_SECONDS = 0.5


def _status_reply(msg: bytes, statuses: dict[int, int], reap: Any) -> dict[str, Any]:
    """How child `pid` ended: {"signal": n} or {"exit": code}, or {"unknown": true}."""
    try:
        pid = int(msg[1:].decode("ascii"))
    except ValueError:
        return {"unknown": True}
    deadline = time.monotonic() + STATUS_WAIT_SECONDS
    while pid not in statuses and time.monotonic() < deadline:
        reap()
        if pid not in statuses:
            time.sleep(0.005)
    status = statuses.pop(pid, None)
    if status is None:
        return {"unknown": True}
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit": os.WEXITSTATUS(status)}


def zygote_main(config_json: str) -> None:
    """Entry of the zygote process (started by pool.py with a scrubbed environment)."""
    # deferred: only the zygote and its children confine themselves
    from rlm_bot.sandbox import confine

    config = json.loads(config_json)
    ctrl_fd = int(config["ctrl_fd"])
    sys.setrecursionlimit(int(config.get("recursion_limit", 3000)))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _preload()
    ctrl = socket.socket(fileno=ctrl_fd)
    confine.close_fds_except({ctrl_fd})
    statuses: dict[int, int] = {}

    def reap(signum: int = 0, frame: Any = None) -> None:
        """Collect exit statuses so the host can learn how a child ended."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            statuses[pid] = status
            while len(statuses) > MAX_REMEMBERED_STATUSES:
                statuses.pop(next(iter(statuses)))

    signal.signal(signal.SIGCHLD, reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    send_frame(ctrl, {"hello": True, "pid": os.getpid()})
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(ctrl, 64, 1)
        except OSError:
            return
        if not msg:
            return  # the host went away
        if msg.startswith(b"S") and not fds:
            send_frame(ctrl, _status_reply(msg, statuses, reap))
            continue
        if not fds:
            continue
        child_fd = fds[0]
        try:
            pid = os.fork()
        except OSError as exc:
            os.close(child_fd)
            send_frame(ctrl, {"pid": None, "error": str(exc)})
            continue
        if pid == 0:
            code = 0
            try:
                ctrl.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _child_main(socket.socket(fileno=child_fd), config)
            except BaseException:  # noqa: BLE001 - a child must never return into the zygote
                code = 1
            finally:
                os._exit(code)
        os.close(child_fd)
        send_frame(ctrl, {"pid": pid})
