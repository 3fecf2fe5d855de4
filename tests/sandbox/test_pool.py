"""The pool: results, values, inputs, sessions, concurrency, file grants, process hygiene."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox import SandboxError, SandboxPool, get_pool

from tests.helpers.sandbox import CANARIES


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
    import time as _time

    s = pool.session(timeout=0.4)
    pid = s._child.pid
    result = s.run("while True:\n    pass")
    assert result.error_type == "TimeoutError"
    assert not s.alive
    deadline = _time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and _time.monotonic() < deadline:
        _time.sleep(0.02)
    assert not Path(f"/proc/{pid}").exists(), "the overrunning worker must be killed and reaped"
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


def test_pool_guarded_builtin_types_behave_like_the_real_ones(pool):
    code = ("class D(dict):\n    pass\nd = D(a=1)\nd['b'] = 2\n"
            "[isinstance([1], list), isinstance(d, dict), isinstance((1,), (list, tuple)),\n"
            " isinstance('a', list), d, dict.fromkeys('ab', 0), tuple('ab'), sorted(set('cab')),\n"
            " isinstance(range(2), range), list(reversed(range(3))),\n"
            " collections.defaultdict(list)['k'], str.join('-', ['a', 'b'])]")
    result = pool.run(code)
    assert result.ok, result.error
    assert result.value == [True, True, True, False, {"a": 1, "b": 2}, {"a": 0, "b": 0},
                            ["a", "b"], ["a", "b", "c"], True, [2, 1, 0], [], "a-b"]
    assert not pool.run("getattr(list, 'build')").ok
    assert not pool.run("getattr(list, 'real')").ok


def test_pool_survives_the_zygote_dying():
    import signal as _signal

    with SandboxPool(SandboxSettings(workers=1, timeout_seconds=3)) as p:
        p.warm()
        os.kill(p._zygote.pid, _signal.SIGKILL)
        p._zygote.proc.wait(timeout=5)
        values = [p.run(f"{i} * 2").value for i in range(4)]
        assert values == [0, 2, 4, 6]
        assert p.stats.zygote_starts >= 2


def test_pool_plain_str_format_fields_work(pool):
    result = pool.run("['{:.2f}'.format(3.14159), '{name}: {0:>4}'.format(7, name='n'),\n"
                      " str.format('{}-{}', 1, 2), '{a}'.format_map({'a': 'b'}),\n"
                      " '{:{w}}|'.format(1, w=3)]")
    assert result.value == ["3.14", "n:    7", "1-2", "b", "  1|"]


def test_pool_extra_namespaces(pool):
    result = pool.run("import random, string, heapq, bisect, textwrap, calendar\n"
                      "from functools import reduce\nrandom.seed(7)\nh = [5, 1, 3]\n"
                      "heapq.heapify(h)\n[string.digits, heapq.heappop(h),\n"
                      " bisect.bisect_left([1, 3, 5], 4), textwrap.fill('a b c', 3),\n"
                      " calendar.isleap(2024), calendar.month_name[3],\n"
                      " reduce(lambda a, b: a * b, [1, 2, 3, 4]), 1 <= random.randint(1, 6) <= 6]")
    assert result.value == ["0123456789", 1, 2, "a b\nc", True, "March", 24, True]


def test_pool_refuses_oversized_requests_without_losing_a_worker(pool):
    with pytest.raises(SandboxError, match="too large"):
        pool.run("len(blob)", inputs={"blob": "x" * (40 * 1024 * 1024)})
    assert pool.run("3").value == 3


def test_pool_arun_for_asyncio_callers(pool):
    import asyncio

    async def main():
        return await asyncio.gather(*(pool.arun(f"{i} + 1") for i in range(3)))

    assert [r.value for r in asyncio.run(main())] == [1, 2, 3]


def test_pool_common_codecs_and_strptime_work_without_file_access(pool):
    result = pool.run("['é'.encode('utf-16').decode('utf-16'), 'ü'.encode('cp1252').decode('cp1252'),\n"
                      " 'x'.encode('utf-8-sig').decode('utf-8-sig'),\n"
                      " datetime.datetime.strptime('05 Mar 2024', '%d %b %Y').year,\n"
                      " statistics.NormalDist(0, 1).cdf(0)]")
    assert result.ok, result.error
    assert result.value == ["é", "ü", "x", 2024, 0.5]


def test_pool_date_formatting_works_while_time_stays_unimportable(pool):
    # strftime, timetuple and date.today import `time` from C through the sandbox's __import__
    code = ("d = datetime.datetime(2024, 3, 5, 14, 7)\n"
            "result = [d.strftime('%A %d %B %Y %H:%M'), datetime.date(2024, 3, 5).strftime('%j'),\n"
            "          datetime.time(9, 30).strftime('%I:%M %p'), f'{d:%b %d}',\n"
            "          d.replace(tzinfo=datetime.timezone.utc).strftime('%Z %z'),\n"
            "          d.timetuple().tm_yday, datetime.date(2024, 3, 5).isocalendar().week,\n"
            "          datetime.date.today().year > 2000, d.isoformat(),\n"
            "          datetime.date.fromisoformat('2024-03-05').ctime(),\n"
            "          datetime.datetime.strptime('Tue 05 Mar 2024', '%a %d %b %Y').day,\n"
            "          calendar.monthrange(2024, 2)[1]]")
    result = pool.run(code)
    assert result.ok, result.error
    assert result.value == ["Tuesday 05 March 2024 14:07", "065", "09:30 AM", "Mar 05",
                            "UTC +0000", 65, 10, True, "2024-03-05T14:07:00",
                            "Tue Mar  5 00:00:00 2024", 5, 29]
    for code in ("import time", "from time import strftime", "result = time.time()",
                 "import _strptime"):
        result = pool.run(code)
        assert not result.ok, code
        assert result.error_type in {"ImportError", "NameError", "SyntaxError"}, result.error


def test_pool_augmented_assignment_on_items_and_attributes(pool):
    code = ("counts = {}\nfor w in 'a b a c a'.split():\n    counts[w] = counts.get(w, 0)\n"
            "    counts[w] += 1\nc = collections.Counter()\nfor ch in 'hello':\n    c[ch] += 1\n"
            "class Acc:\n    def __init__(self):\n        self.total = 0\nacc = Acc()\n"
            "for v in [1, 2, 3]:\n    acc.total += v\nm = [[0, 0], [0, 0]]\nm[1][0] += 7\n"
            "[counts, c['l'], acc.total, m]")
    result = pool.run(code)
    assert result.ok, result.error
    assert result.value == [{"a": 3, "b": 1, "c": 1}, 2, 6, [[0, 0], [7, 0]]]
    for refused in ("math.pi += 1", "x = datetime.date(2024, 1, 1)\nx.year += 1",
                    "t = (1,)\nt[0] += 1", "a = [2]\na[0] **= 10 ** 9"):
        assert not pool.run(refused).ok, refused
    assert pool.run("a = [{}]\na[0]._x += 1").error_type == "SyntaxError"


def test_pool_sandbox_classes_may_use_gadget_names_for_their_own_members(pool):
    code = ("class Parser:\n    def __init__(self):\n        self.obj = 'mine'\n"
            "        self.f_count = 2\n    def parse(self, s):\n        return s.split(',')\n"
            "    def format(self):\n        return 'fmt'\n    def register(self):\n        return 'reg'\n"
            "class E(Exception):\n    def __init__(self, obj):\n        self.obj = obj\n"
            "p = Parser()\ntry:\n    raise E(3)\nexcept E as e:\n    caught = e.obj\n"
            "[p.parse('a,b'), p.format(), p.register(), p.obj, p.f_count, caught]")
    result = pool.run(code)
    assert result.ok, result.error
    assert result.value == [["a", "b"], "fmt", "reg", "mine", 2, 3]
    inherited = pool.run("class S(str):\n    pass\nS('{0.real}').format(1)")
    assert inherited.error_type == "AttributeError"
    host = pool.run("try:\n    statistics.nope\nexcept AttributeError as e:\n    e.obj")
    assert host.error_type == "AttributeError"


def test_pool_rejects_nonsense_timeouts(pool):
    for bad in (0, -1, float("nan"), float("inf"), "soon"):
        with pytest.raises(SandboxError, match="timeout"):
            pool.run("1", timeout=bad)
    assert pool.run("1", timeout=2).value == 1
