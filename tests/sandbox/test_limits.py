"""Resource limits end runs cleanly: time, CPU, memory, output, recursion, bignums."""

from __future__ import annotations

import time

import pytest

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox import SandboxPool

from tests.helpers.sandbox import assert_no_leak


@pytest.mark.parametrize(("code", "error_type"), [
    ("result = 10 ** 10 ** 10", "OverflowError"),
    ("result = pow(10, 10 ** 10)", "OverflowError"),
    ("x = 7\nx **= 10 ** 9", "OverflowError"),
    ("result = 1 << 10 ** 10", "OverflowError"),
    ("result = fractions.Fraction(3, 2) ** 10 ** 8", "OverflowError"),
    ("result = math.factorial(10 ** 7)", "OverflowError"),
    ("from math import factorial\nresult = factorial(10 ** 6)", "OverflowError"),
    ("result = math.comb(10 ** 9, 10 ** 8)", "OverflowError"),
    ("result = 'A' * (10 ** 10)", "MemoryError"),
    ("result = [0] * (10 ** 10)", "MemoryError"),
    ("result = bytes(10 ** 10)", "MemoryError"),
    ("result = f\"{'':>{10 ** 9}}\"", "MemoryError"),
    ("result = list(range(10 ** 9))", "ValueError"),
    ("def f(n):\n    return f(n + 1)\nresult = f(0)", "RecursionError"),
    ("result = str(10 ** 5000)", "ValueError"),
])
def test_limits_refuse_bombs_with_a_clear_error(pool, code, error_type):
    started = time.monotonic()
    result = pool.run(code)
    assert not result.ok
    assert result.error_type == error_type, result.error
    assert time.monotonic() - started < 1.4  # refused or failed fast, not by the watchdog


def test_limits_big_but_reasonable_numbers_still_work(pool):
    result = pool.run("len(str(2 ** 10000)) + math.factorial(1000) % 7 + 1 << 3")
    assert result.ok, result.error


@pytest.mark.parametrize("code", [
    "while True:\n    pass",
    "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass",
    "result = re.match(r'(a+)+$', 'a' * 64 + '!')",
])
def test_limits_watchdog_stops_runaway_code(pool, code):
    kills = pool.stats.killed
    started = time.monotonic()
    result = pool.run(code, timeout=0.5)
    elapsed = time.monotonic() - started
    assert not result.ok and result.error_type == "TimeoutError"
    assert "0.5 s" in result.error
    assert elapsed < 3.0
    assert pool.stats.killed == kills + 1
    assert pool.run("1 + 1").value == 2  # a fresh worker took over


def test_limits_cpu_rlimit_stops_code_the_watchdog_has_not_yet(tmp_path):
    settings = SandboxSettings(workers=1, timeout_seconds=20, cpu_seconds=1, memory_mb=512)
    with SandboxPool(settings) as pool:
        started = time.monotonic()
        result = pool.run("while True:\n    pass")
        assert not result.ok
        assert result.error_type in {"CPULimitExceeded", "ResourceLimitExceeded"}, result.error
        assert time.monotonic() - started < 10
        assert pool.run("2 * 21").value == 42


def test_limits_print_flood_is_cut_and_stopped(pool):
    started = time.monotonic()
    result = pool.run("while True:\n    print('x' * 1000)")
    assert time.monotonic() - started < 1.4
    assert not result.ok and result.error_type == "OutputLimitExceeded"
    limit = pool.settings.max_output_bytes
    assert limit <= len(result.output) <= limit + 100
    assert result.truncated


def test_limits_output_under_the_cap_is_kept_whole(pool):
    result = pool.run("for i in range(100):\n    print(i)")
    assert result.ok and result.output.splitlines()[-1] == "99"
    assert not result.truncated


def test_limits_large_value_is_truncated_before_it_reaches_the_host(pool):
    result = pool.run("'y' * 10 ** 6")
    assert result.ok and result.truncated
    assert isinstance(result.value, str)
    assert len(result.value_json) <= pool.settings.max_output_bytes + 16


def test_limits_deep_value_is_reported_not_decoded(pool):
    result = pool.run("x = []\nfor i in range(5000):\n    x = [x]\nx")
    assert result.ok and result.truncated
    assert "nested deeper" in result.value


def test_limits_huge_error_message_is_cut(pool):
    result = pool.run("raise ValueError('e' * 10 ** 6)")
    assert not result.ok and len(result.error) <= 2000
    assert_no_leak(result)


@pytest.mark.parametrize("code", [
    "g = iter([])\nfor i in range(100000):\n    g = (x for x in g)\nresult = next(g, None)",
    "it = iter([1])\nfor i in range(100000):\n    it = map(abs, it)\nresult = list(it)",
])
def test_limits_interpreter_crash_is_contained_and_explained(pool, code):
    result = pool.run(code, timeout=5)
    assert not result.ok
    assert result.error_type == "SandboxCrashed" and "SIGSEGV" in result.error
    assert pool.run("sum([1, 2])").value == 3


def test_limits_one_big_print_is_truncated_but_the_run_goes_on(pool):
    result = pool.run("print('z' * 10 ** 6)\n6 * 7")
    assert result.ok and result.truncated and result.value == 42
    assert "[output truncated at" in result.output


def test_limits_perm_and_comb_bombs_are_refused(pool):
    for code in ("math.perm(10 ** 6)", "math.perm(10 ** 7, 10 ** 6)", "math.comb(10 ** 7, 10 ** 6)"):
        result = pool.run(code)
        assert result.error_type == "OverflowError", code
    assert pool.run("math.perm(10, 3) + math.comb(52, 5)").value == 720 + 2598960
