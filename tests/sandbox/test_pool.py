"""The pool: results, values, inputs, sessions, concurrency, file grants, process hygiene."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox import SandboxError, SandboxPool, get_pool

from tests.sandbox.conftest import CANARIES


def test_pool_run_returns_output_and_last_value(pool):
    result = pool.run("x = [3, 1, 2]\nprint('sorted', sorted(x))\n{'total': sum(x)}")
    assert result.ok and result.error is None
    assert result.output == "sorted [1, 2, 3]\n"
    assert result.value == {"total": 6} and result.value_json == '{"total": 6}'
    assert result.duration_ms > 0
    assert result.to_dict()["value"] == {"total": 6}


def test_pool_value_falls_back_to_result_variable(pool):
    assert pool.run("result = 6 * 7").value == 42
    no_value = pool.run("x = 1")
    assert no_value.ok and not no_value.has_value and no_value.value is None


def test_pool_values_cross_as_json(pool):
    result = pool.run("[{1, 2}, (3, 4), datetime.date(2024, 2, 29), decimal.Decimal('1.10'), "
                      "fractions.Fraction(1, 3), collections.Counter('aab'), 2 + 3j, b'hi']")
    assert result.value == [[1, 2], [3, 4], "2024-02-29", "1.10", "1/3", {"a": 2, "b": 1},
                            "(2+3j)", "hi"]


def test_pool_inputs_are_bound_as_variables(pool):
    result = pool.run("sum(data) * k", inputs={"data": [1, 2, 3], "k": 2})
    assert result.value == 12
    with pytest.raises(SandboxError):
        pool.run("1", inputs={"_getattr_": 1})
    with pytest.raises(SandboxError):
        pool.run("1", inputs={"x": object()})


def test_pool_errors_name_the_line(pool):
    result = pool.run("x = 1\ny = x / 0")
    assert not result.ok and result.error_type == "ZeroDivisionError"
    assert "line 2" in result.error


def test_pool_syntax_errors_are_clear(pool):
    result = pool.run("def f(:\n")
    assert not result.ok and result.error_type == "SyntaxError" and "Line 1" in result.error


def test_pool_session_keeps_its_namespace(pool):
    with pool.session() as s:
        s.set("data", [4, 5, 6])
        assert s.exec("total = sum(data)\nprint(total)") == "15\n"
        assert s.eval("total * 2") == 30
        s.exec("def double(v):\n    return v * 2")
        assert s.eval("double(total)") == 30
        with pytest.raises(SandboxError) as info:
            s.eval("x = 1")
        assert "expression" in str(info.value)
        with pytest.raises(SandboxError):
            s.exec("1 / 0")
        assert s.eval("total") == 15  # an error does not end the session
        assert not s.run("import os").ok
    assert not s.alive
    with pytest.raises(SandboxError):
        s.eval("1")


def test_pool_sessions_are_isolated_from_each_other(pool):
    with pool.session() as a, pool.session() as b:
        a.exec("secret = 'only-in-a'\ndecimal.getcontext().prec = 2")
        with pytest.raises(SandboxError):
            b.eval("secret")
        assert b.eval("str(decimal.Decimal(1) / 3)") == "0.3333333333333333333333333333"


def test_pool_session_timeout_ends_the_session(pool):
    s = pool.session(timeout=0.4)
    result = s.run("while True:\n    pass")
    assert result.error_type == "TimeoutError"
    assert not s.alive
    with pytest.raises(SandboxError, match="ended"):
        s.exec("1")


def test_pool_concurrent_runs_get_their_own_results(pool):
    results: dict[int, object] = {}

    def work(i: int) -> None:
        for j in range(4):
            r = pool.run(f"n = {i} * 100 + {j}\nprint(n)\nn * 2")
            results[(i, j)] = (r.output, r.value)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 24
    for (i, j), (output, value) in results.items():
        assert output == f"{i * 100 + j}\n" and value == 2 * (i * 100 + j)


def test_pool_get_pool_is_shared_per_settings():
    settings = SandboxSettings(workers=1, timeout_seconds=2.5)
    first = get_pool(settings)
    try:
        assert get_pool(settings) is first
        assert first.run("1 + 1").value == 2
    finally:
        first.close()
    assert first.closed
    second = get_pool(settings)
    assert second is not first
    second.close()


def test_pool_file_grant_reads_only_under_the_root(tmp_path):
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "util.py").write_text("def helper():\n    return 1\n")
    (root / "main.py").write_text("from pkg import util\nprint(util.helper())\n")
    (root / ".env").write_text(f"OPENAI_API_KEY={CANARIES['OPENAI_API_KEY']}\n")
    (tmp_path / "outside.txt").write_text("root:x:0:0\n")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    settings = SandboxSettings(workers=1, timeout_seconds=3, files_root=root)
    with SandboxPool(settings) as pool:
        listed = pool.run("list_files()")
        assert listed.value == ["link.txt", "main.py", "pkg/__init__.py", "pkg/util.py"]
        ctx = pool.run("compile_context(['main.py'], True, 2000)")
        assert ctx.ok, ctx.error
        assert "### main.py" in ctx.value and "### pkg/util.py" in ctx.value
        for path in ("../outside.txt", "link.txt", ".env", "/etc/passwd", "pkg/../../outside.txt"):
            r = pool.run(f"read_file({path!r})")
            assert not r.ok and r.error_type in {"PermissionError", "FileNotFoundError"}, path
            assert "root:" not in (r.error or "") and CANARIES["OPENAI_API_KEY"] not in r.error
        assert pool.run("read_file('main.py')").value.startswith("from pkg import util")


def test_pool_zygote_environment_is_scrubbed(pool):
    zygote = pool._zygote
    assert zygote is not None and zygote.alive()
    environ = Path(f"/proc/{zygote.pid}/environ").read_bytes().decode("utf-8", "replace")
    for secret in CANARIES.values():
        assert secret not in environ
    names = {item.split("=", 1)[0] for item in environ.split("\0") if item}
    assert names <= {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR"}
    assert os.environ.get("RLM_DATA_DIR", "") not in Path(f"/proc/{zygote.pid}/cmdline").read_text()


def test_pool_worker_is_confined(pool):
    with pool.session() as s:
        child = s._child
        fds = os.listdir(f"/proc/{child.pid}/fd")
        assert len(fds) == 4  # stdin/stdout/stderr on /dev/null and its socket
        cwd = os.readlink(f"/proc/{child.pid}/cwd")
        assert cwd == pool._workdir and os.listdir(cwd) == []
        status = Path(f"/proc/{child.pid}/status").read_text()
        if pool.stats.seccomp:
            assert "Seccomp:\t2" in status
        limits = Path(f"/proc/{child.pid}/limits").read_text()
        assert "Max core file size        0" in limits
        assert "Max processes             0" in limits
    assert pool.stats.seccomp in (True, False)


def test_pool_closed_pool_refuses_work():
    pool = SandboxPool(SandboxSettings(workers=1))
    pool.close()
    with pytest.raises(SandboxError):
        pool.run("1")
