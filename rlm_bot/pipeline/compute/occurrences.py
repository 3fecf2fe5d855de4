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
# a count told to take in other forms of the word ('counting crashing/crashes too', 'incl. plurals', 'any form')
_OTHER_FORMS = re.compile(r"\b(?:counting|including|incl\.?|plus)\b[^.?!\n)]{0,40}\btoo\b|\b(?:any|all|other) (?:forms?|"
                          r"variants?|variations?|spellings?)\b|\bplurals?\b|\b(?:incl\.?|including) [a-z]+/[a-z]+", re.I)
# 'how many different ways/orders can 7 people sit': arrangements to count, not the distinct items of a list
_DISTINCT = re.compile(r"\bcount (?:the )?(?:distinct|unique)(?: \w+)?\b|\bhow many (?:distinct|unique|different) "
                       r"(?!(?:ways?|orders?(?=\s+(?:can|could|are|is|would|will|do|does|might)\b)|orderings?|"
                       r"arrangements?|combinations?|combos?|permutations?|sequences?|possibilit(?:y|ies)|outcomes?)\b)\w+",
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
    if _OTHER_FORMS.search(body):
        return None  # 'counting crashing/crashes too': other forms of the word counted, not the word as written
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


# One listed value counted: 'ratings: 5,4,5,3,5 — how many 5 stars', 'Y N Y ? Y … how many Y', 'how many gave 1'.
# The list is the longest run of short values (a number, a letter or two, '?', a star rating) joined by commas,
# slashes, bars, spaces or lines; the value asked is the word after 'how many' (past a who and a verb) that is one of
# the listed values. A count with a condition ('5 stars or more', 'do we need') is not one value counted.
_SHORT_VALUE = r"[A-Za-z0-9?+]{1,3}(?:\.\d)?★?"
_VALUE_RUN = re.compile(r"(?<![\w.,'’-])" + _SHORT_VALUE + r"(?:(?:[ \t]*[,;/|][ \t]*\n?[ \t]*|[ \t]+|[ \t]*\n[ \t]*)"
                        + _SHORT_VALUE + r"){3,}(?![\w.'’-])")
_WHO = (r"(?:people|ppl|guests|customers|clients|users|drivers|staff|students|members|reviewers|reviews|votes|"
        r"answers|responses|scores|ratings|of (?:them|those|these|the \w+))")
_VERB = (r"(?:gave|give|got|get|said|say|voted|vote|scored|rated|answered|picked|chose|put|left|received|receive|"
         r"have|had|were|are|is|was)")
_ASK_VALUE = re.compile(r"\bhow many\s+(?:" + _WHO + r"\s+)?(?:" + _VERB + r"\s+)?(?:a |an |the )?['\"‘“]?"
                        r"(?P<value>[A-Za-z0-9?+]{1,3}(?:\.\d)?)(?:['\"’”])?(?P<plural>'?s(?![\w']))?"
                        r"(?P<noun>[ -]?(?:stars?|★|star ratings?|star reviews?|ratings?|scores?|votes?|marks?|grades?|"
                        r"answers?|responses?|replies|entries|results?)(?![\w-]))?", re.I)
_CONDITION_AFTER = re.compile(r"\s*(?:\+|or (?:more|less|above|below|higher|lower|better|worse|over|under|up|down)|"
                              r"and (?:up|above|over|below|under)|(?:and )?(?:above|below|over|under|or better)|"
                              r"at (?:least|most)|(?:do|would|should|will|could|can) (?:we|i|you|they)|"
                              r"(?:are |were )?(?:needed|required|left|more|to (?:get|go|reach|hit)))\b", re.I)


def _short_values(run: str) -> list[str]:
    return [v for v in re.split(r"[\s,;/|]+", run.strip()) if v]


def solve_value_count(q: Query) -> Plan | None:
    """How many times one listed value occurs in a list of short values, the value named after 'how many'."""
    body = strip_mention(q.body, fillers=False)
    asks = list(_ASK_VALUE.finditer(body))
    if len(asks) != 1:
        return None
    ask = asks[0]
    if re.match(r"[\w'’]", body[ask.end():ask.end() + 1]) or _CONDITION_AFTER.match(body, ask.end()):
        return None
    rest = body[: ask.start()] + "\u0000" * (ask.end() - ask.start()) + body[ask.end():]
    runs = sorted((m for m in _VALUE_RUN.finditer(rest)), key=lambda m: -len(_short_values(m.group(0))))
    if not runs or len(runs) > 1 and len(_short_values(runs[1].group(0))) >= 3:
        return None  # no list, or two lists: not clear which one is meant
    items = [v.rstrip("★") for v in _short_values(runs[0].group(0))]
    value = ask.group("value")
    if ask.group("plural") and ask.group("plural").lower() == "s" and value not in items and value[-1:] in "sS":
        return None
    matches = [v for v in set(items) if v.casefold() == value.casefold()]
    if not matches and value[-1:] in "sS" and len(value) > 1:
        value = value[:-1]  # '5s' read as one token: the plural of a listed 5
        matches = [v for v in set(items) if v.casefold() == value.casefold()]
    if len(matches) != 1 or len(set(items)) < 2:
        return None  # not a listed value (or listed in two cases): not this count
    value = matches[0]
    if all(re.fullmatch(r"[A-Za-z]{2,3}", v) for v in items) and not ask.group("noun"):
        return None  # words of two or three letters are text, not listed values
    code = (f"values = {lit(items)}\nasked = {lit(value)}\n"
            "sum(1 for v in values if v == asked)")
    return Plan("counting", code, f"Counted the listed values equal to {value!r}.", 0.94, "count_value")
