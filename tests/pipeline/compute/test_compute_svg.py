"""SVG path geometry: shapes named from the path's segments, in-process and in the real sandbox."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.svg_geometry import path_segments, shape_names
from tests.helpers.compute import ask


@pytest.mark.parametrize("d,first", [
    ("M 10 10 H 90 V 90 H 10 Z", "square"),
    ("M 0,0 L 80,0 L 80,30 L 0,30 Z", "rectangle"),
    ("M 50 10 L 90 50 L 50 90 L 10 50 Z", "square"),                       # a square on its corner
    ("M 0 0 L 4 0 L 6 3 L 2 3 Z", "parallelogram"),
    ("M 0 0 L 3 2 L 0 8 L -3 2 Z", "kite"),
    ("M 0 0 L 10 0 L 7 4 L 2 4 Z", "trapezoid"),
    ("m 0,0 l 40,0 l -20,30 z", "triangle"),
    ("M 0 0 L 2 0 M 2 0 L 3 2 M 3 2 L 1 3 L -1 2 L 0 0", "pentagon"),     # restated moves, same cycle
    ("M 0 0 L 5 5", "line"),
    ("M 0 0 L 5 5 L 9 1", "polyline"),
    ("M 30 50 A 20 20 0 1 0 70 50 A 20 20 0 1 0 30 50", "circle"),
    ("M 30 50 A 20 10 0 1 0 70 50 A 20 10 0 1 0 30 50", "ellipse"),
    ("M 50 50 L 90 50 A 40 40 0 0 1 50 90 L 50 50", "sector"),
    ("M 0 0 C 10 10 20 10 30 0", "curve"),
])
def test_shape_names(d, first):
    assert shape_names(d)[0] == first


def test_square_is_also_every_broader_quadrilateral():
    assert shape_names("M 0 0 H 4 V 4 H 0 Z") == ["square", "rectangle", "rhombus", "parallelogram", "kite",
                                                  "trapezoid", "quadrilateral"]


def test_path_segments_relative_and_implicit_lines():
    segments = path_segments("m 1 1 2 0 0 2 z")
    assert [s[2] for s in segments] == [(3.0, 1.0), (3.0, 3.0), (1.0, 1.0)]
    with pytest.raises(ValueError):
        path_segments("M 1")


_ask = ask


@pytest.mark.parametrize("text,answer", [
    ('<@U1> what shape does this draw? &lt;path d="M 10 10 H 90 V 90 H 10 Z"/&gt;', "It draws a square."),
    ("how many sides does <path d='m 0,0 l 40,0 l -20,30 z'/> have", "3 sides"),
    ('This SVG path element <path d="M 0,0 L 3,2 L 0,8 L -3,2 L 0,0"/> draws a\nOptions:\n(A) circle\n(B) kite\n'
     '(C) rectangle\n(D) trapezoid', "(B) kite"),
    ('This SVG path element <path d="M 0,0 L 4,0 L 4,3 L 0,3 L 0,0"/> draws a\nOptions:\n(A) kite\n(B) line\n'
     '(C) trapezoid', "(C) trapezoid"),  # a rectangle, offered only as the broader shapes it also is
])
def test_svg_questions_answered_in_the_sandbox(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None and result.answer == answer
    assert "def shape_names(d):" in result.code
