"""Control characters out of memory text: a text of NUL bytes is not a memory.

`strip_control` removes C0/C1 control characters (NUL, BEL, ESC, DEL, …) but keeps tab, newline
and carriage return; `is_blank` also treats invisible format characters (zero-width space, BOM)
as nothing, so a text made only of them is refused rather than embedded.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]+")


def strip_control(text: str) -> str:
    """`text` without its control characters (tab, newline and carriage return are kept)."""
    return CONTROL.sub("", text or "")


def is_blank(text: str) -> bool:
    """Whether nothing readable is left once control and invisible characters are removed."""
    return not INVISIBLE.sub("", strip_control(text)).strip()
