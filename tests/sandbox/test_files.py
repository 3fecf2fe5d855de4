"""The sandbox's file helpers read inside the confined worker, and the files root is validated.

Before: the bot's process opened files for sandboxed code, so with RLM_SANDBOX_FILES_ROOT=/
`read_file('proc/self/environ')` from `rlm-bot py` returned the provider keys, and a root holding
the data directory gave out `rlm.db` whole.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox import SandboxError, SandboxPool

CANARY = "sk-proj-canaryKEY0123456789abcdefSANDBOXFILES"
ROOT = str(Path(__file__).resolve().parents[2])


def _cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess:
    full = dict(os.environ, PYTHONPATH=ROOT, OPENAI_API_KEY=CANARY, **(env or {}))
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], input=stdin, env=full,
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def _assert_refused(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: "), proc.stderr
    assert "RLM_SANDBOX_FILES_ROOT" in proc.stderr and "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr
    assert CANARY not in proc.stdout + proc.stderr


@pytest.fixture
def files_root(tmp_path) -> Path:
    """A safe files root beside the (hermetic) data dir, with a note and escape attempts."""
    root = tmp_path / "files"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "notes.txt").write_text("alpha beta gamma\n")
    (root / "environ").symlink_to("/proc/self/environ")
    (root / "self").symlink_to("/proc/self")
    (root / "db").symlink_to(Path(os.environ["RLM_DATA_DIR"]))
    return root


@pytest.mark.slow
@pytest.mark.parametrize("root", ["/", "/proc", "/proc/self", "/sys", "/sys/kernel"])
def test_sandbox_files_root_covering_proc_or_sys_is_refused(root):
    proc = _cli("py", "read_file('proc/self/environ')", env={"RLM_SANDBOX_FILES_ROOT": root})
    _assert_refused(proc, repr(root))


@pytest.mark.slow
def test_sandbox_files_root_holding_the_data_dir_or_config_is_refused(tmp_path):
    data_dir = Path(os.environ["RLM_DATA_DIR"])  # tmp_path / "rlm-data"
    (data_dir / "rlm.db").write_bytes(b"SQLite format 3\x00")
    _assert_refused(_cli("py", "list_files()", env={"RLM_SANDBOX_FILES_ROOT": str(tmp_path)}),
                    "RLM_DATA_DIR")
    inside = data_dir / "chroma"
    inside.mkdir()
    _assert_refused(_cli("py", "1", env={"RLM_SANDBOX_FILES_ROOT": str(inside)}),
                    "RLM_DATA_DIR")
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (conf_dir / "rlm.toml").write_text("[sandbox]\ntimeout_seconds = 5\n")
    _assert_refused(_cli("py", "1", env={"RLM_SANDBOX_FILES_ROOT": str(conf_dir),
                                         "RLM_CONFIG": str(conf_dir / "rlm.toml")}),
                    "RLM_CONFIG")
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    _assert_refused(_cli("py", "1", env={"RLM_SANDBOX_FILES_ROOT": str(db_dir),
                                         "RLM_DATABASE_URL": f"sqlite:///{db_dir / 'x.db'}"}),
                    "RLM_DATABASE_URL")
    flag = _cli("py", "--files-root", str(tmp_path), "1")
    assert flag.returncode == 2 and "RLM_DATA_DIR" in flag.stderr


@pytest.mark.slow
def test_sandbox_files_read_a_plain_file_from_py_and_scheme(files_root):
    env = {"RLM_SANDBOX_FILES_ROOT": str(files_root)}
    proc = _cli("py", "print(list_files())\ncount_words(read_file('docs/notes.txt'))", env=env)
    assert proc.returncode == 0, proc.stderr
    listed, words = proc.stdout.splitlines()
    assert words == "3" and "docs/notes.txt" in listed
    program = '(finish (py-exec "print(read_file(\\"docs/notes.txt\\"))"))'
    scheme = _cli("scheme", "--json", "-", env=env, stdin=program)
    assert scheme.returncode == 0, scheme.stderr
    assert json.loads(scheme.stdout)["value"].startswith("alpha beta gamma")


ESCAPES = ["environ", "self/environ", "self/cmdline", "proc/self/environ", "/proc/self/environ",
           "../files/environ", "docs/../environ", "db/rlm.db", "./environ"]


@pytest.mark.slow
@pytest.mark.parametrize("path", ESCAPES)
def test_sandbox_files_escapes_fail_and_leak_nothing_from_py(files_root, path):
    proc = _cli("py", f"read_file({path!r})", env={"RLM_SANDBOX_FILES_ROOT": str(files_root)})
    assert proc.returncode == 1, proc.stdout
    assert "PermissionError" in proc.stderr or "FileNotFoundError" in proc.stderr, proc.stderr
    assert CANARY not in proc.stdout + proc.stderr and "rlm_bot" not in proc.stdout


@pytest.mark.slow
def test_sandbox_files_escapes_leak_nothing_through_scheme(files_root):
    attempts = " ".join(
        f'(with-handlers ([(lambda (e) #t) (lambda (e) "refused")]) '
        f'(py-exec "print(read_file({path!r}))"))' for path in ESCAPES)
    proc = _cli("scheme", "--json", "-", env={"RLM_SANDBOX_FILES_ROOT": str(files_root)},
                stdin=f"(finish (list {attempts}))")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["value"] == ["refused"] * len(ESCAPES)
    assert CANARY not in proc.stdout + proc.stderr


def _rchar(pid: int | str) -> int:
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar line")


def test_sandbox_files_are_read_by_the_worker_not_the_bot(files_root):
    """The worker's read counter grows by what it read; the bot's (this process) does not."""
    (files_root / "big.txt").write_bytes(b"x" * 900_000)
    settings = SandboxSettings(workers=1, timeout_seconds=20, files_root=files_root)
    with SandboxPool(settings) as pool, pool.session() as session:
        worker = session._child.pid
        worker_before, bot_before = _rchar(worker), _rchar("self")
        total = session.eval("sum(len(read_file('big.txt')) for _ in range(10))")
        worker_read, bot_read = _rchar(worker) - worker_before, _rchar("self") - bot_before
        with pytest.raises(SandboxError):
            session.eval("read_file('environ')")
    assert total == 9_000_000
    assert worker_read >= 9_000_000
    assert bot_read < 1_000_000, bot_read


def test_sandbox_pool_refuses_a_root_over_proc():
    for root in ("/", "/proc/self"):
        with pytest.raises(SandboxError, match="covers /proc"):
            SandboxPool(SandboxSettings(workers=1, files_root=Path(root)))
