"""The host's handles on sandbox processes: the zygote (forks on request) and one child.

The zygote is started with a scrubbed environment (no keys, tokens or database URLs), an empty
working directory and a single inherited descriptor, its control socket.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from rlm_bot.sandbox.errors import SandboxUnavailable
from rlm_bot.sandbox.worker import FrameError, recv_frame

ZYGOTE_START_TIMEOUT = 30.0     # seconds for the zygote to import everything and say hello
CHILD_HELLO_TIMEOUT = 10.0      # seconds for a forked child to confine itself and say hello
_BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
         "from rlm_bot.sandbox.worker import zygote_main; zygote_main(sys.argv[2])")
# The only variables a sandbox process ever sees: no keys, tokens or database URLs.
CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


class Child:
    """One forked sandbox process and the host's end of its socket."""

    def __init__(self, pid: int, sock: socket.socket, seccomp: bool) -> None:
        self.pid = pid
        self.sock = sock
        self.seccomp = seccomp
        self.pidfd: int | None = None
        try:
            self.pidfd = os.pidfd_open(pid)
        except (OSError, AttributeError):
            self.pidfd = None

    def kill(self) -> None:
        """SIGKILL the process (through its pidfd, so a recycled pid is never hit)."""
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, OSError):
            pass
        self.close()

    def close(self) -> None:
        """Close the socket (the child exits on EOF) and the pidfd."""
        try:
            self.sock.close()
        except OSError:
            pass
        if self.pidfd is not None:
            try:
                os.close(self.pidfd)
            except OSError:
                pass
            self.pidfd = None


class Zygote:
    """The pre-imported parent process that forks children on request."""

    def __init__(self, config: dict[str, Any], workdir: str) -> None:
        host_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        root = str(Path(__file__).resolve().parents[2])
        config = dict(config, ctrl_fd=zygote_end.fileno())
        env = dict(CLEAN_ENV, HOME=workdir, TMPDIR=workdir)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", _BOOT, root, json.dumps(config)],
                env=env, cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, pass_fds=(zygote_end.fileno(),), close_fds=True,
                start_new_session=True)
        finally:
            zygote_end.close()
        self.ctrl = host_end
        self.lock = threading.Lock()
        self.ctrl.settimeout(ZYGOTE_START_TIMEOUT)
        try:
            hello = recv_frame(self.ctrl, 4096)
        except (FrameError, OSError) as exc:
            detail = self._stderr_tail()
            self.close()
            raise SandboxUnavailable(
                f"the sandbox process did not start ({exc}); {detail or 'no diagnostics'}"
            ) from None
        finally:
            if self.proc.stderr is not None:
                self.proc.stderr.close()
        self.pid = int(hello.get("pid", self.proc.pid))

    def _stderr_tail(self) -> str:
        try:
            self.proc.wait(timeout=1)
            data = self.proc.stderr.read(4000) if self.proc.stderr else b""
        except (subprocess.TimeoutExpired, OSError, ValueError):
            return ""
        lines = data.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def alive(self) -> bool:
        """True while the zygote process runs."""
        return self.proc.poll() is None

    def fork(self) -> Child:
        """Fork a confined child and wait for its hello."""
        host_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                self.ctrl.settimeout(CHILD_HELLO_TIMEOUT)
                socket.send_fds(self.ctrl, [b"F"], [child_end.fileno()])
                answer = recv_frame(self.ctrl, 4096)
        except (FrameError, OSError) as exc:
            host_end.close()
            raise SandboxUnavailable(f"the sandbox could not start a worker: {exc}") from None
        finally:
            child_end.close()
        pid = answer.get("pid")
        if not isinstance(pid, int):
            host_end.close()
            raise SandboxUnavailable(f"the sandbox could not fork: {answer.get('error')}")
        host_end.settimeout(CHILD_HELLO_TIMEOUT)
        try:
            hello = recv_frame(host_end, 4096)
        except (FrameError, OSError) as exc:
            host_end.close()
            raise SandboxUnavailable(f"a sandbox worker failed to start: {exc}") from None
        return Child(pid, host_end, bool(hello.get("seccomp")))

    def exit_status(self, pid: int) -> dict[str, Any]:
        """Ask how child `pid` ended ({"signal": n}, {"exit": code} or {"unknown": True})."""
        try:
            with self.lock:
                self.ctrl.settimeout(CHILD_HELLO_TIMEOUT)
                self.ctrl.sendall(b"S" + str(pid).encode("ascii"))
                answer = recv_frame(self.ctrl, 4096)
        except (FrameError, OSError):
            return {"unknown": True}
        return answer if isinstance(answer, dict) else {"unknown": True}

    def close(self) -> None:
        """Stop the zygote (it exits when the control socket closes)."""
        try:
            self.ctrl.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=2)
