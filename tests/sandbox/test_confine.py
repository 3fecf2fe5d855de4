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

from rlm_bot.sandbox.process import CLEAN_ENV as _CLEAN_ENV

pytestmark = pytest.mark.slow  # runs confined interpreters in subprocesses

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
attempt("renice_host", lambda: os.setpriority(os.PRIO_PROCESS, host_pid, 19))
attempt("pin_host", lambda: os.sched_setaffinity(host_pid, {0}))
attempt("touch_file", lambda: os.utime(sys.argv[1]))
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
                 "exec", "kill_host", "prlimit_host", "mkdir", "unlink", "chdir", "renice_host",
                 "pin_host", "touch_file"):
        assert out[name].startswith("denied"), f"{name}: {out[name]}"
    assert out["self_limit"] == "ok"
    assert not (tmp_path / "escape.txt").exists()


AUDITED = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from rlm_bot.sandbox import audit
audit.install()
out = {}
def attempt(name, fn):
    try:
        fn()
        out[name] = "ALLOWED"
    except (PermissionError, ImportError) as exc:
        out[name] = f"denied: {type(exc).__name__}"
def gen():
    yield 1
class C:
    n = 0
with audit.guarding():
    attempt("open", lambda: open("/etc/hostname").read())
    attempt("gi_frame", lambda: gen().gi_frame)
    attempt("code", lambda: (lambda: 0).__code__)
    attempt("getframe", lambda: sys._getframe())
    attempt("import", lambda: __import__("email.mime.text"))
    attempt("socket", lambda: __import__("socket").socket())
    C.n += 1  # class attributes stay writable
    out["class_attr"] = C.n
out["open_outside"] = bool(open("/etc/hostname").read() or True)
print(json.dumps(out))
"""


def test_audit_hook_refuses_introspection_and_io_while_code_runs(tmp_path):
    proc = subprocess.run([sys.executable, "-I", "-B", "-c", AUDITED, str(ROOT)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env=dict(_CLEAN_ENV))
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    for name in ("open", "gi_frame", "code", "getframe", "import", "socket"):
        assert out[name].startswith("denied"), f"{name}: {out[name]}"
    assert out["class_attr"] == 1 and out["open_outside"] is True
