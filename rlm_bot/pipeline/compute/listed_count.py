"""A number that counts the values a message lists ('velocity last 2 sprints was 46 and 53', 'lcm of 12, 18 and
30 (3 report cycles)', 'total for the 3 days') is read, not dropped: a plan whose list holds exactly that many
values checks the count (`assert len(values) == 3`), so the operand check sees every number used.

Only a small whole number written as a count of something ('3 cron jobs', 'the 3 days', 'the last 2 sprints') is
taken, and only when one list of the plan's code has exactly that many numbers; anything else stays unused and
the plan declines.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

# 'N nouns' / 'the N nouns' / 'all N' / 'these N': the number counts things named after it (or by 'the')
_COUNT_WORDS = r"(?:[a-z]+\s+){0,2}[a-z]+s\b"


def names_count(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is written as a count of things ('3 invoices', 'the 3 days',
    'all 4', 'last 2 sprints'), not as an amount ('3 kg', '$3') or a name ('sprint 3')."""
    before, after = text[max(0, start - 12): start].lower(), text[end:].lower()
    if re.search(r"[$€£#]\s*$|\b(?:sprint|room|year|version|v|no|number|q|week|day|line)\s*$", before):
        return False
    if re.match(r"\s*(?:%|[$€£]|(?:k|m|bn|kg|g|mg|km|m|ml|l|h|hrs?|mins?|gb|mb|tb)\b)", after):
        return False
    return bool(re.match(r"\s+" + _COUNT_WORDS, after) or re.search(r"\b(?:the|all|these|those|last|past|first|of)\s+$", before)
                and re.match(r"\s*(?:[a-z]+s\b|[?.!,)]|$)", after))


_LIST = re.compile(r"^(\s*)(\w+)\s*=\s*\[([^\[\]\n]*)\]", re.M)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def acknowledge_counts(text: str, code: str, missing: list[tuple[float, int, int]]) -> str | None:
    """`code` with a check that each missing number counts the values of one list in it, or None when a missing
    number is not such a count. `missing` holds (value, start, end) of the numbers of `text` the code does not use."""
    lists = []
    for m in _LIST.finditer(code):
        items = [x for x in m.group(3).split(",") if x.strip()]
        if items and all(_NUMBER.fullmatch(x.strip()) for x in items):
            lists.append((m, len(items)))
    lines = []
    for value, start, end in missing:
        if not float(value).is_integer() or not 2 <= value <= 12 or not names_count(text, start, end):
            return None
        hits = [m for m, n in lists if n == int(value)]
        if len(hits) != 1:
            return None
        named = re.match(r"\s*([a-z]*)", text[end:end + 24].lower()).group(1)
        lines.append((hits[0], f"assert len({hits[0].group(2)}) == {int(value)}  # {int(value)} {named}: one per value listed"))
    out = code
    for m, line in sorted(lines, key=lambda x: -x[0].end()):
        end = code.index("\n", m.end()) if "\n" in code[m.end():] else len(code)
        out = out[:end] + "\n" + m.group(1) + line + out[end:]
    return out
