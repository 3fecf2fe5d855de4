"""The one Scheme <-> Python codec: the permissive mode of the engine's API beside the strict mode
of what crosses into the Python sandbox, on the same values."""

from __future__ import annotations

from fractions import Fraction

import pytest

from rlm_bot.scheme import codec, run_program, to_write
from rlm_bot.scheme.errors import RuntimeFail
from rlm_bot.scheme.values import HashTable


def _value(source: str):
    result = run_program(source)
    assert result.ok, result.error
    return result.value


@pytest.mark.parametrize(("source", "permissive", "strict"), [
    ("'(1 \"a\" #\\b sym)", [1, "a", "b", "sym"], [1, "a", "b", "sym"]),
    ("1/3", Fraction(1, 3), 1 / 3),
    ("(vector 1 (void))", [1, None], [1, None]),
    ("(hash 'k '(1 2))", {"k": [1, 2]}, {"k": [1, 2]}),
    ("(cons 1 2)", ([1], 2), "improper list"),
    ("(values 1 2)", (1, 2), "only data"),
])
def test_codec_to_python_in_both_modes(source, permissive, strict):
    value = _value(source)
    assert codec.to_python(value) == permissive
    if isinstance(strict, str):
        with pytest.raises(codec.NotData, match=strict):
            codec.to_python(value, strict=True)
    else:
        assert codec.to_python(value, strict=True) == strict


def test_codec_procedures_pass_through_permissively_and_are_refused_strictly():
    proc = _value("(lambda (x) x)")
    assert codec.to_python(proc) is proc
    with pytest.raises(codec.NotData, match="not a procedure"):
        codec.to_python(proc, strict=True)
    assert isinstance(codec.NotData("x"), RuntimeFail)  # a catchable exn:fail inside a run


def test_codec_from_python_in_both_modes():
    assert to_write(codec.from_python((1, 2))) == "#(1 2)"
    assert to_write(codec.from_python((1, 2), strict=True)) == "(1 2)"
    assert to_write(codec.from_python({3, 1, 2}, strict=True)) == "(1 2 3)"
    host = object()
    assert codec.from_python(host) is host
    assert codec.from_python(host, strict=True) == str(host)
    loose, strict = codec.from_python({"a": 1}, symbol_keys=True), codec.from_python({"a": 1}, strict=True)
    assert isinstance(loose, HashTable) and not loose.mutable
    assert isinstance(strict, HashTable) and strict.mutable


def test_codec_depth_limits_differ_by_mode():
    nested: list = []
    for _ in range(150):
        nested = [nested]
    assert to_write(codec.from_python(nested)).startswith("((((")
    with pytest.raises(codec.NotData, match="nested more than 100"):
        codec.from_python(nested, strict=True)
