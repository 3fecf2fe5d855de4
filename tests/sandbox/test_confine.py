"""The second layer alone: code that escaped RestrictedPython still cannot reach secrets,
files, the network, processes or the host. Plain (unrestricted) Python is run under exactly the
confinement a sandbox child applies to itself."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from rlm_bot.sandbox.pool import _CLEAN_ENV

ROOT = Path(__file__).resolve().parents[2]

ESCAPED = r"""
import json, os, socket, sys, resource
sys.path.insert(0, sys.argv[1])
from rlm_bot.sandbox import confine
host_pid = int(sys.argv[2])
confine.close_fds_except(set())
confine.set_limits(cpu_seconds=5, memory_bytes=512 * 1024 * 1024, lifetime_cpu_seconds=10)
seccomp = confine.install_seccomp()
out = {"seccomp": seccomp, "env": dict(os.environ)}
def attempt(name, fn):
    try:
        fn()
        out[name] = "ALLOWED"
    except OSError as exc:
        out[name] = f"denied: {exc.errno}"
attempt("read_passwd", lambda: open("/etc/passwd").read())
attempt("read_environ", lambda: open("/proc/self/environ").read())
attempt("write_file", lambda: open("escape.txt", "w").write("x"))
attempt("socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
attempt("unix_socket", lambda: socket.socket(socket.AF_UNIX))
attempt("fork", os.fork)
attempt("exec", lambda: os.execv("/bin/sh", ["sh", "-c", "id"]))
attempt("kill_host", lambda: os.kill(host_pid, 0))
attempt("prlimit_host", lambda: resource.prlimit(host_pid, resource.RLIMIT_NOFILE, (10, 10)))
attempt("mkdir", lambda: os.mkdir("evil"))
attempt("unlink", lambda: os.unlink("/tmp/anything"))
attempt("chdir", lambda: os.chdir("/"))
resource.setrlimit(resource.RLIMIT_CPU, (3, 10))  # re-arming its own soft limit is allowed
out["self_limit"] = "ok"
fd = int(sys.argv[3])
os.write(fd, json.dumps(out).encode())
"""


@pytest.mark.skipif(platform.machine() != "x86_64" or not sys.platform.startswith("linux"),
                    reason="the seccomp filter is x86_64 Linux only")
def test_confine_blocks_an_escaped_payload(tmp_path, canaries):
    read_fd, write_fd = os.pipe()
    env = dict(_CLEAN_ENV, HOME=str(tmp_path), TMPDIR=str(tmp_path))
    payload = ESCAPED.replace("confine.close_fds_except(set())",
                              f"confine.close_fds_except({{{write_fd}}})")
    proc = subprocess.run(
        [sys.executable, "-I", "-B", "-c", payload, str(ROOT), str(os.getpid()), str(write_fd)],
        env=env, cwd=tmp_path, pass_fds=(write_fd,), capture_output=True, timeout=60)
    os.close(write_fd)
    data = os.read(read_fd, 1 << 20)
    os.close(read_fd)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    out = json.loads(data)
    assert out["seccomp"] is True
    for secret in canaries.values():
        assert secret not in json.dumps(out["env"])
    for name in ("read_passwd", "read_environ", "write_file", "socket", "unix_socket", "fork",
                 "exec", "kill_host", "prlimit_host", "mkdir", "unlink", "chdir"):
        assert out[name].startswith("denied"), f"{name}: {out[name]}"
    assert out["self_limit"] == "ok"
    assert not (tmp_path / "escape.txt").exists()
