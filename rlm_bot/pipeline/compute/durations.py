"""The one way computed durations are written: '3 h 35 min', '15 min 51 s', '2 days, 4 h'.

Templates put `DURATION_CODE` in front of their code and call `hm(minutes)`, `hms(seconds)` or
`in_days(minutes)` on the value they computed, so every reader shows a span the same way.
"""

from __future__ import annotations

__all__ = ["DURATION_CODE"]

DURATION_CODE = (
    "def hm(minutes):\n"
    "    h, m = divmod(minutes, 60)\n"
    "    return ' '.join(([str(h) + ' h'] if h else []) + ([str(m) + ' min'] if m or not h else []))\n"
    "def hms(seconds):\n"
    "    h, rest = divmod(seconds, 3600)\n"
    "    m, s = divmod(rest, 60)\n"
    "    return ' '.join(([str(h) + ' h'] if h else []) + ([str(m) + ' min'] if m else []) + "
    "([str(s) + ' s'] if s or not (h or m) else []))\n"
    "def in_days(minutes):\n"
    "    d, rest = divmod(minutes, 1440)\n"
    "    return str(d) + (' day' if d == 1 else ' days') + (', ' + hm(rest) if rest else '')\n"
)
