"""Reader: literals, comments, positions, and bombs that must be clean syntax errors."""

from __future__ import annotations

from fractions import Fraction

import pytest

from rlm_bot.scheme.errors import SchemeSyntaxError
from rlm_bot.scheme.printer import to_write
from rlm_bot.scheme.reader import read_program
from rlm_bot.scheme.values import Char, Keyword, Regexp, Symbol

READS = [
    ("42", "42"), ("-7", "-7"), ("123456789012345678901234567890", "123456789012345678901234567890"),
    ("3.5", "3.5"), (".5", "0.5"), ("1e3", "1000.0"), ("1/3", "1/3"), ("4/2", "2"), ("-1/2", "-1/2"),
    ("+inf.0", "+inf.0"), ("#t", "#t"), ("#true", "#t"), ("#f", "#f"), ("#false", "#f"),
    ('"a\\nb\\t\\"q\\"\\\\"', '"a\\nb\\t\\"q\\"\\\\"'), ('"\\x41;\\u03bb"', '"Aλ"'),
    ("#\\a", "#\\a"), ("#\\space", "#\\space"), ("#\\newline", "#\\newline"), ("#\\(", "#\\("),
    ("#\\x41", "#\\A"), ("sym", "sym"), ("hello-world?", "hello-world?"), ("#:kw", "#:kw"),
    ("'x", "'x"), ("`(a ,b ,@c)", "`(a ,b ,@c)"), ("[1 2]", "(1 2)"), ("{1 2}", "(1 2)"),
    ("(a . b)", "(a . b)"), ("(a b . c)", "(a b . c)"), ("#(1 2)", "#(1 2)"), ("()", "()"),
    ("(1 ; comment\n 2)", "(1 2)"), ("(1 #| block #| nested |# |# 2)", "(1 2)"), ("(1 #;(ignored) 2)", "(1 2)"),
    ("#;1 2", "2"), ("#rx\"a+\"", "#rx\"a+\""), ("#px\"\\\\d\"", "#px\"\\\\d\""), ("#xff", "255"),
]


@pytest.mark.parametrize("source,written", READS)
def test_reader_reads_racket_literals(source: str, written: str) -> None:
    forms = read_program(source).forms
    assert to_write(forms[-1]) == written


def test_reader_value_types() -> None:
    forms = read_program("1 1/2 2.0 \"s\" #\\c sym #:k #rx\"x\"").forms
    assert [type(f) for f in forms] == [int, Fraction, float, str, Char, Symbol, Keyword, Regexp]


def test_reader_skips_a_lang_line() -> None:
    assert to_write(read_program("#lang racket\n(+ 1 2)").forms[0]) == "(+ 1 2)"


def test_reader_records_line_and_column_of_lists() -> None:
    prog = read_program("(a)\n  (b (c))")
    second = prog.forms[1]
    assert prog.positions[id(second)] == (2, 3)
    assert prog.positions[id(second.cdr.car)] == (2, 6)


ERRORS = [
    ("(1 2", "never closed", (1, 1)), ("(1 2))", "unexpected ')'", (1, 6)), ("(1 2]", "is closed by", (1, 5)),
    ('"abc', "unterminated string", (1, 1)), ("#| open", "unterminated #| comment", (1, 1)),
    ("(. 1)", "illegal use of `.`", (1, 2)), ("(1 . 2 3)", "exactly one datum must follow", (1, 9)),
    ("#\\nosuchchar", "unknown character name", (1, 1)), ("'", "no datum", (1, 2)),
    ("\n  (1 2", "never closed", (2, 3)), ('"\\q"', "unknown escape", (1, 1)),
]


@pytest.mark.parametrize("source,fragment,pos", ERRORS)
def test_reader_errors_name_the_position(source: str, fragment: str, pos) -> None:
    with pytest.raises(SchemeSyntaxError) as info:
        read_program(source)
    assert fragment in info.value.message
    assert info.value.pos == pos


@pytest.mark.parametrize("bomb", ["(" * 100_000 + ")" * 100_000, "'" * 50_000 + "x", "#(" * 20_000,
                                  "[" * 5000 + "]" * 5000])
def test_reader_parser_bombs_are_syntax_errors(bomb: str) -> None:
    with pytest.raises(SchemeSyntaxError) as info:
        read_program(bomb)
    assert "nesting deeper than" in info.value.message


def test_reader_long_escape_heavy_string_reads_in_linear_time() -> None:
    text = '"' + "\\\\" * 200_000 + "x" * 200_000 + '"'
    assert len(read_program(text).forms[0]) == 400_000


def test_reader_refuses_oversized_sources() -> None:
    with pytest.raises(SchemeSyntaxError):
        read_program("1 " * 1_500_000)
