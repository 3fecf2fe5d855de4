"""The primitive table: every built-in procedure, by Racket name.

`build_table()` is the one function that assembles it (importing each module registers its
primitives with `@prim`); each session copies it into fresh global cells.
"""

from __future__ import annotations

from typing import Any


def build_table() -> dict[str, Any]:
    """Name -> Primitive (or constant) for every built-in."""
    from rlm_bot.scheme.primitives import (  # noqa: F401 - imported for their registrations
        control, equality, hashes, jsexpr, lists, numeric, output, regexps, sets, strings, vectors,
    )
    from rlm_bot.scheme import forms, forms_data, forms_for, forms_match, macros  # noqa: F401 - special forms, in-range ...
    from rlm_bot.scheme.primitives.base import TABLE

    return dict(TABLE)
