"""The primitive table: every built-in procedure, by Racket name.

`build_table()` is the one function that assembles it (importing each module registers its
primitives with `@prim`); each session copies it into fresh global cells.
"""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.primitives.base import TABLE


def build_table() -> dict[str, Any]:
    """Name -> Primitive (or constant) for every built-in."""
    # Imported here, not at the top: each of these modules imports primitives.base (and the forms
    # the compiler) through this package, so importing them while it initialises would be circular.
    from rlm_bot.scheme.primitives import (  # noqa: F401 - imported for their registrations
        control, equality, hashes, jsexpr, lists, numeric, output, regexps, sets, strings, vectors,
    )
    from rlm_bot.scheme import (  # noqa: F401 - special forms, in-range ...
        forms, forms_data, forms_for, forms_match, forms_syntax,
    )
    return dict(TABLE)
