"""Where a message asks whether a stated amount is over, under or at a stated limit, budget or target: 'pallet
weighs 4,580 kg, is that over the 4.5 t limit?', 'target 99.9%, uptime 99.87% — did we meet it?'. The verb of the
yes/no question is the operation (a comparison); the threshold noun and two or more numbers are what make it one."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from collections.abc import Iterator

from rlm_bot.pipeline.compute import verdict_reads


_NOUN = re.compile(r"\b(?:limit|cap|budget|max(?:imum)?|ceiling|capacity|allowance|quota|target|goal|min(?:imum)?|"
                   r"slo|sla|threshold|pass(?:ing)? mark|pass(?:ing)? (?:score|grade|rate)|rated (?:at|for))\b", re.I)
_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d")
# the verb of the yes/no question: 'are we over', 'did we hit it', 'goal met?', 'does it fit'
_ASK = re.compile(r"\b(?:is|are|was|were|did|do|does|will|have|has|am)\b[^.?!\n]{0,30}?\b(over|above|exceed(?:s|ed|ing)?|"
                  r"under|below|within|meet|meets|met|hit|hits|reach(?:ed)?|clear(?:ed)?|pass(?:ed)?|fit|fits|beat|"
                  r"breach(?:ed)?|stay(?:ed)? (?:under|within|below))\b[^.!\n]{0,40}\?|"
                  r"(?:^|[.,;:!—–-]\s*)(over|under|within|above|below)\s+(?:the\s+)?(?:limit|cap|budget|max|capacity|"
                  r"target|slo|sla|quota)\b[^.!\n]{0,15}\?|"
                  r"\b(?:limit|cap|budget|target|goal|slo|sla|quota)\s+(met|hit|reached|exceeded|cleared|breached|blown)\s*\?"
                  r"|\b(?:y/n|yes or no)\b", re.I)


def threshold_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, words) of a yes/no question holding a stated amount against a stated threshold."""
    if len(text) > 400 or len(_NUMBER.findall(text)) < 2 or not _NOUN.search(text) or not _ASK.search(text) or \
            not verdict_reads(text, "threshold"):
        return
    for m in _ASK.finditer(text):
        verb = m.group(1) or m.group(2) or m.group(3)
        if verb is None:
            continue
        start = m.start(1) if m.group(1) else m.start(2) if m.group(2) else m.start(3)
        yield start, m.end(), m.group(0)


# a logical rule written out (in backticks, after 'rule is' / 'condition:', a spreadsheet AND/OR/NOT) and values
# given to its names: 'is it enabled?' closing such a message asks for the rule's value
_RULE = re.compile(r"`[^`\n]*\b(?:and|or|not)\b[^`\n]*`|\b(?:rule|condition|logic|expression|formula)\b[^.?\n]{0,12}"
                   r"[^.?\n]*\b(?:and|or|not)\b|=\s*(?:AND|OR|NOT)\(", re.I)
_GIVEN = re.compile(r"\b[A-Za-z_]\w*\s*(?:=|:|\bis\b)\s*(?:true|false|-?\d+(?:\.\d+)?)\b", re.I)
_CLOSING_ASK = re.compile(r"(?:^|(?<=[.!;:]\s))[^.!;:?\n]*\?\s*$|\btrue or false\b[^\n]*$", re.I)


def rule_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, words) of the question closing a message that states a logical rule and its names' values."""
    if len(text) > 400 or not _RULE.search(text) or not _GIVEN.search(text) or not verdict_reads(text, "rule"):
        return
    m = _CLOSING_ASK.search(text)
    if m:
        yield m.start(), m.end(), m.group(0)


_RANGE_ASK = re.compile(r"\b(?:within|inside|in|outside|out of)\s+(?:the\s+)?(?:range|spec|limits|tolerance|band|bounds)\b"
                        r"[^.!\n]{0,20}\?", re.I)
_RANGE = re.compile(r"\bbetween\s+[$€£]?-?\d[\d,.]*\s*\S{0,6}\s*and\s+[$€£]?-?\d|(?<![\w.])\d[\d,.]*\s*(?:-|–|to)\s*\d", re.I)
# a capacity said by its verb, then 'does it fit?': 'the host has 64 GB ... the VMs need 16 + 16 + 24 GB. does that fit?'
_CAPACITY = re.compile(r"\b(?:has|have|holds?|can hold|can take|takes|seats|can seat|can carry)\s+(?:up to\s+|only\s+)?"
                       r"[$€£]?\d", re.I)
_FIT_ASK = re.compile(r"\b(?:does|do|will|would|can)\s+(?:it|that|this|they|these|those|everything|it all|all of (?:it|them))"
                      r"\s+(?:still\s+)?fit\b[^.!\n]{0,30}\?", re.I)


def range_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, words) of 'within range?' / 'does it fit?' asked of amounts the message states."""
    if len(text) > 400 or len(_NUMBER.findall(text)) < 2:
        return
    for ask, needs in ((_RANGE_ASK, _RANGE), (_FIT_ASK, _CAPACITY)):
        m = ask.search(text)
        if m and needs.search(text[:m.start()]) and \
                verdict_reads(text, "range" if ask is _RANGE_ASK else "threshold"):
            yield m.start(), m.end(), m.group(0)
