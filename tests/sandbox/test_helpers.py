"""The computation helpers, called directly and from inside the sandbox."""

from __future__ import annotations

import datetime

import pytest

from rlm_bot.sandbox.context import compile_context, estimate_tokens
from rlm_bot.sandbox.helpers import (add_days, calc, call_graph, count_chars, count_words,
                                     days_between, find_imports, group_by, parse_date, stats,
                                     weekday)


@pytest.mark.parametrize(("expr", "expected"), [
    ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("2^10", 1024), ("2 ** 0.5", 2 ** 0.5),
    ("10 / 4", 2.5), ("7 // 2", 3), ("-3 + +5", 2), ("sqrt(16)", 4.0), ("5!", 120),
    ("15% * 80", 12.0), ("1,000,000 / 1,000", 1000.0), ("3 × 4 ÷ 2", 6.0),
    ("max(3, 9, 2)", 9), ("round(pi, 3)", 3.142), ("log10(1000)", 3.0), ("factorial(10)", 3628800),
])
def test_calc_evaluates_arithmetic(expr, expected):
    assert calc(expr) == pytest.approx(expected)


@pytest.mark.parametrize("expr", [
    "10 ** 10 ** 10", "9^9^9", "factorial(10 ** 7)", "100000000!", "__import__('os')",
    "().__class__", "open('x')", "a + 1", "lambda: 1", "[1, 2]", "'a' * 3", "",
])
def test_calc_refuses_everything_else(expr):
    with pytest.raises((ValueError, OverflowError, TypeError)):
        calc(expr)


def test_calc_refuses_non_strings_and_huge_input():
    with pytest.raises(TypeError):
        calc(12)
    with pytest.raises(ValueError):
        calc("1+" * 5000 + "1")


def test_stats_summarises_numbers():
    s = stats([2, 4, 4, 4, 5, 5, 7, 9])
    assert s["count"] == 8 and s["sum"] == 40 and s["mean"] == 5.0 and s["median"] == 4.5
    assert s["mode"] == 4 and s["pstdev"] == 2.0 and s["min"] == 2 and s["max"] == 9
    assert s["stdev"] == pytest.approx(2.138, abs=1e-3)
    assert s["quantiles"] == [4.0, 4.5, 6.5]
    assert stats([])["mean"] is None
    assert stats([3])["stdev"] is None
    assert stats(["1.5", 2.5])["mean"] == 2.0
    assert stats([1, 2, 3])["mode"] is None  # no value repeats
    with pytest.raises(TypeError):
        stats(["x"])


def test_group_by_keys_functions_and_fields():
    rows = [{"team": "a", "n": 1}, {"team": "b", "n": 2}, {"team": "a", "n": 3}]
    assert group_by(rows, "team") == {"a": [rows[0], rows[2]], "b": [rows[1]]}
    assert group_by([1, 2, 3, 4], lambda x: x % 2) == {1: [1, 3], 0: [2, 4]}
    assert group_by([("x", 1), ("y", 2), ("x", 3)], 0) == {"x": [("x", 1), ("x", 3)],
                                                         "y": [("y", 2)]}


def test_count_words_and_chars():
    assert count_words("Hello, world! It's a well-known fact.") == 6
    assert count_words("") == 0
    assert count_words("naïve café, 42 items") == 4
    assert count_chars("a b c") == 5 and count_chars("a b c", spaces=False) == 3


def test_date_helpers():
    assert parse_date("2024-03-05") == datetime.date(2024, 3, 5)
    assert parse_date("March 5th, 2024") == datetime.date(2024, 3, 5)
    assert parse_date("5 Mar 2024") == datetime.date(2024, 3, 5)
    assert parse_date("tomorrow", today=datetime.date(2024, 12, 31)) == datetime.date(2025, 1, 1)
    assert days_between("2024-01-01", "2024-12-25") == 359
    assert days_between("2024-12-25", "2024-01-01") == -359
    assert add_days("2024-02-28", 1) == datetime.date(2024, 2, 29)
    assert add_days(datetime.date(2024, 1, 10), -10) == datetime.date(2023, 12, 31)
    assert weekday("2024-07-04") == "Thursday"
    with pytest.raises(ValueError):
        parse_date("next blue moon")
    with pytest.raises(TypeError):
        add_days("2024-01-01", 1.5)


def test_find_imports_python_js_ts_go():
    py = "import os, sys as s\nfrom .models import User\nfrom pkg.sub import thing\nimport os\n"
    assert find_imports(py) == ["os", "sys", ".models", "pkg.sub"]
    js = ("import React, { useState } from 'react';\nimport './styles.css';\n"
          "const fs = require(\"fs\");\nexport { a } from './a';\n"
          "const lazy = () => import('./lazy');\nimport type { T } from \"./types\";\n")
    assert find_imports(js, "typescript") == ["react", "./styles.css", "fs", "./a", "./lazy",
                                              "./types"]
    go = ('package main\n\nimport "fmt"\nimport (\n\t"os"\n\tlog "github.com/x/log"\n)\n')
    assert find_imports(go) == ["fmt", "os", "github.com/x/log"]
    assert find_imports("import x from 'y'", path="a.js") == ["y"]
    assert find_imports("def broken(:\nimport json\n") == ["json"]
    with pytest.raises(ValueError):
        find_imports("x", "cobol")


def test_call_graph_python():
    src = ("import os\n\ndef load(p):\n    return parse(read(p))\n\ndef parse(t):\n"
           "    return t.strip().split()\n\nclass Repo:\n    def save(self):\n"
           "        self.write(load('x'))\n        os.path.join('a')\n\nmain = load('y')\n")
    graph = call_graph(src)
    assert graph["load"] == ["parse", "read"]
    assert graph["parse"] == ["t.strip.split", "t.strip"]
    assert graph["Repo.save"] == ["self.write", "load", "os.path.join"]
    assert graph["<module>"] == ["load"]
    with pytest.raises(ValueError):
        call_graph("def (")


def test_compile_context_follows_local_imports_within_budget():
    files = {
        "app/main.py": "from app import db\nfrom .util import helper\nimport requests\n",
        "app/db.py": "import sqlite3\nCONN = 1\n",
        "app/util.py": "def helper():\n    return 1\n",
        "app/__init__.py": "",
        "web/index.ts": "import { x } from './lib';\n",
        "web/lib.ts": "export const x = 1;\n",
    }
    text = compile_context({k: files[k] for k in ("app/main.py",)}, include_deps=True,
                           reader=files.__getitem__)
    assert text.index("### app/main.py") < text.index("### app/db.py")
    assert "### app/util.py" in text and "requests" in text and "### web" not in text
    only = compile_context({"app/main.py": files["app/main.py"]}, include_deps=False)
    assert "### app/db.py" not in only
    ts = compile_context(["web/index.ts"], reader=files.__getitem__)
    assert "### web/lib.ts\n```typescript" in ts
    tight = compile_context({"big.py": "x = 1\n" * 5000}, max_tokens=100)
    assert estimate_tokens(tight) <= 110 and "[truncated]" in tight
    missing = compile_context(["nope.py"], reader=files.__getitem__)
    assert "not found: nope.py" in missing
    with pytest.raises(ValueError):
        compile_context({}, max_tokens=0)


def test_helpers_are_available_inside_the_sandbox(pool):
    code = (
        "r = {'calc': calc('2^8 + 1'), 'mean': stats([1, 2, 3])['mean'],\n"
        "     'groups': group_by(['ant', 'bee', 'ape'], lambda w: w[0]),\n"
        "     'days': days_between('2024-01-01', '2024-03-01'), 'wd': weekday('2024-01-01'),\n"
        "     'next': add_days('2024-01-31', 1), 'words': count_words('one two three'),\n"
        "     'chars': count_chars('abc'), 'imports': find_imports('import json'),\n"
        "     'graph': call_graph('def f():\\n    g()'),\n"
        "     'ctx': compile_context({'a.py': 'x = 1'}, False, 50)}\n"
        "r"
    )
    result = pool.run(code)
    assert result.ok, result.error
    v = result.value
    assert v["calc"] == 257 and v["mean"] == 2.0 and v["groups"] == {"a": ["ant", "ape"],
                                                                      "b": ["bee"]}
    assert v["days"] == 60 and v["wd"] == "Monday" and v["next"] == "2024-02-01"
    assert v["words"] == 3 and v["chars"] == 3 and v["imports"] == ["json"]
    assert v["graph"] == {"f": ["g"]} and v["ctx"].startswith("### a.py")


def test_helpers_group_by_attribute_goes_through_the_guard(pool):
    result = pool.run("group_by([1, 2], '__class__')")
    assert result.ok and result.value == {"null": [1, 2]}
