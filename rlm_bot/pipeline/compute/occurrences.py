"""How often something occurs in given material, and how many distinct items a list has, asked in any order:
'how many times is apples in: apples, pears, apples', 'red, green, red — how often does red appear?',
'"the cat sat on the mat" — count occurrences of sat', 'count distinct: a, b, a'.

The question is read first (`occurrence_question`: the target, or 'distinct'); the material is what is left
of the message once the question is taken out: a quoted text, lines, a comma list, or running text.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted, strip_mention

_TARGET = r"['\"‘“]?(?P<target>[\w@#.+-]{1,40}?)['\"’”]?"
_ASKS = [
    re.compile(r"\bhow many times (?:(?:does|do|did|is|are|was)\s+)?(?:the (?:word|name|item|value|entry) )?" + _TARGET +
               r"\s+(?:a?pp?ears?|shows? up|occurs?|comes? up|gets? mentioned|(?:listed |mentioned |written )?in|on)\b", re.I),
    re.compile(r"\bhow often (?:does|do|did|is|are)\s+(?:the (?:word|name|item|value|entry) )?" + _TARGET +
               r"\s+(?:appear|show up|occur|come up|get mentioned|(?:listed |mentioned )?in)\b", re.I),
    re.compile(r"\bcount (?:the )?(?:occurrences|instances|mentions|appearances) of\s+(?:the (?:word|name) )?" + _TARGET +
               r"(?=[\s?.!:]|$)", re.I),
    re.compile(r"\bhow many ['\"‘“](?P<target>[^'\"’”]{1,40})['\"’”]s?(?:\s+(?:answers|responses|votes|replies|entries))?",
               re.I),
]
_DISTINCT = re.compile(r"\bcount (?:the )?(?:distinct|unique)(?: \w+)?\b|\bhow many (?:distinct|unique|different) \w+",
                       re.I)


def occurrence_question(body: str) -> tuple[str, re.Match] | None:
    """(target or '' for distinct items, where the question is) of a request, or None."""
    for pattern in _ASKS:
        m = pattern.search(body)
        if m:
            return m.group("target"), m
    m = _DISTINCT.search(body)
    return ("", m) if m else None


def occurrence_material(body: str, asked: re.Match) -> str | None:
    """The text the question is about: quoted text, else the message without the question's sentence."""
    qs = [s for s in quoted(body[: asked.start()] + body[asked.end():]) if len(s.split()) > 1 or "," in s]
    if len(qs) == 1:
        return qs[0]
    lines = body.strip().split("\n")
    if len(lines) > 1:
        kept = [ln for ln in lines if asked.group(0) not in ln]
        if len(kept) == len(lines) - 1:
            return "\n".join(ln for ln in kept if not ln.rstrip().endswith(":"))
        return None
    rest = body[: asked.start()] + " \u0000 " + body[asked.end():]
    before, _, after = rest.partition("\u0000")
    lead = re.match(r"[^:\n]{0,40}?:\s*", after)  # ' are in this list: red, blue' / ' appear here: …'
    after = after[lead.end():] if lead else re.sub(r"^[\s?]*(?:(?:in|from|on)\b)?\s*", "", after)
    before = re.sub(r"[\s—–:-]+$", "", before)
    label = re.match(r"[^:\n,]{1,60}:\s+(?=[^:]*,)", before)  # 'regions on the sheet: EMEA, NA, …': the list's label
    if label:
        before = before[label.end():]
    after = after.strip(" ?.!")
    before = before.strip()
    def filler(part: str) -> bool:  # 'tally', 'hey quick one', 'pls': a few words, no list, are not material
        return "," not in part and len(part.split()) <= 3
    if before and after and filler(before):
        before = ""
    elif before and after and filler(after):
        after = ""
    if before and after:
        return None  # material on both sides: not clear which is which
    return after or before or None


def _items(material: str) -> list[str] | None:
    if "\n" in material.strip():
        items = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", ln).strip() for ln in material.strip().split("\n")]
    elif "," in material or ";" in material:
        material = re.sub(r"\s[—–-]\s[^,;]*$", "", material)  # 'red, blue, red — for the bracket': a remark, no item
        items = [x.strip() for x in re.split(r"[,;]", material)]
    else:
        return None
    items = [x.strip(" .") for x in items if x.strip(" .")]
    return items if len(items) >= 2 else None


def solve_occurrences(q: Query) -> Plan | None:
    """The number of times a word, name or item occurs in the given material, or its number of distinct items."""
    body = strip_mention(q.body, fillers=False)
    found = occurrence_question(body)
    if found is None:
        return None
    target, asked = found
    material = occurrence_material(body, asked)
    if not material:
        return None
    items = _items(material)
    if target == "":
        if items is None or "\n" in material.strip():
            return None  # a list one a line is the list forms' ('3 unique (of 5)')
        code = (f"items = {lit(items)}\nunique = []\nfor item in items:\n    if item.casefold() not in unique:\n"
                "        unique.append(item.casefold())\nlen(unique)")
        return Plan("counting", code, "Counted the distinct items (ignoring case).", 0.94, "count_distinct")
    whole_words = len(re.findall(r"(?<!\w)" + re.escape(target) + r"(?!\w)", material, re.I))
    if items is not None and sum(x.casefold() == target.casefold() for x in items) == whole_words > 0:
        code = f"items = {lit(items)}\ntarget = {lit(target)}\nsum(1 for item in items if item.casefold() == target.casefold())"
        return Plan("counting", code, f"Counted the items equal to {target!r}.", 0.94, "count_occurrences")
    if not whole_words:
        return None  # not there at all: more likely a misread than a zero
    code = (f"import re\n\ntext = {lit(material)}\ntarget = {lit(target)}\n"
            "len(re.findall(r'(?<!\\w)' + re.escape(target) + r'(?!\\w)', text, re.I))  # whole words, any case")
    return Plan("counting", code, f"Counted {target!r} as a whole word in the text.", 0.94, "count_occurrences")
