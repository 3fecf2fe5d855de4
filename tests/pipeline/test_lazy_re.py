"""lazy_re: `re` with compiling deferred to first use and a cache that holds the readers' patterns.

Guards what deferring could hide or change: a module-level pattern that no longer compiles (it used
to fail at import, now only at its first use), a module comparing a match's `.re` with a
LazyPattern by identity (never true), and the module functions answering as `re`'s own.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

from rlm_bot.pipeline import lazy_re
from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.compute import compute

ROOT = Path(__file__).resolve().parents[2]
STAGES = (analyze, compute)  # importing the two stages loads every reader module


def test_every_pattern_the_readers_hold_compiles():
    held = [o for o in gc.get_objects() if isinstance(o, lazy_re.LazyPattern)]
    assert held, "the reader modules hold LazyPatterns"
    broken = []
    for p in held:
        try:
            p.compiled()
        except re.error as e:
            broken.append(f"{p.pattern[:80]!r}: {e}")
    assert not broken, broken


def test_no_module_reading_with_lazy_re_compares_a_match_re_by_identity():
    identity = re.compile(r"\.re\s+is\b")
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "rlm_bot").rglob("*.py"))
                 if "\nfrom rlm_bot.pipeline import lazy_re as re\n" in (text := path.read_text(encoding="utf-8"))
                 for n, line in enumerate(text.splitlines(), 1) if identity.search(line)]
    assert not offenders, f"m.re is the compiled pattern, never the LazyPattern: compare with == ({offenders})"


def test_a_lazy_pattern_compiles_at_first_use_and_then_is_the_compiled_pattern():
    broken = lazy_re.compile(r"(unclosed")  # no error until used
    assert broken.pattern == "(unclosed"
    with pytest.raises(re.error):
        broken.search("x")
    p = lazy_re.compile(r"(?P<n>\d+) (apples|pears)", re.I)
    m = p.search("we have 12 Pears")
    assert m.group("n") == "12" and m.re == p and p == re.compile(r"(?P<n>\d+) (apples|pears)", re.I)
    assert (p.flags, p.groups, p.groupindex) == (m.re.flags, 2, {"n": 1})
    assert p.compiled() is m.re and repr(p) == repr(m.re)


TEXT = "a1 b22, c333; D4444"
CASES = [  # (function, args after the pattern, pattern, flags)
    ("search", (TEXT,), r"[a-z](\d+)", 0),
    ("match", (TEXT,), r"[a-z]\d", 0),
    ("fullmatch", (TEXT,), r".*", 0),
    ("findall", (TEXT,), r"([a-z])(\d+)", re.I),
    ("finditer", (TEXT,), r"\d+", 0),
    ("split", (TEXT, 2), r"[,;]\s*", 0),
    ("sub", (r"<\1>", TEXT, 2), r"([a-z])\d+", re.I),
    ("subn", (lambda m: m.group(0).upper(), TEXT), r"[a-z]", 0),
]


def _plain(result):
    if hasattr(result, "__next__"):
        return [m.span() for m in result]
    return result.span() if isinstance(result, re.Match) else result


@pytest.mark.parametrize(("name", "args", "pattern", "flags"), CASES, ids=[c[0] for c in CASES])
def test_the_module_functions_answer_as_re_does(name, args, pattern, flags):
    want = _plain(getattr(re, name)(pattern, *args, flags=flags))
    assert _plain(getattr(lazy_re, name)(pattern, *args, flags=flags)) == want
    for compiled in (re.compile(pattern, flags), lazy_re.compile(pattern, flags)):
        assert _plain(getattr(lazy_re, name)(compiled, *args)) == want
