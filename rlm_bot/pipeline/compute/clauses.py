"""The one computable question inside chatter: 'random one but is 2027 a prime number? want it for a ref scheme lol',
'list the factors of 36 pls (all positive divisors)', 'quick one — 0x1F in decimal? thx'.

The message is cut into clauses (at '?', brackets, dashes, sentence ends, 'but'/'so'), and each clause, from each
of its question words on, is offered to the given fact readers, which read whole questions only. The first that
reads one answers, provided the message asks for no judgement anywhere; the caller's operand check still needs
every number of the whole message in the code, so a clause that leaves a number out does not answer.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan

__all__ = ["solve_in_clauses"]

MAX_CHARS = 260
MAX_CANDIDATES = 24
# a remark that follows the question with no stop before it ('… 0.0305 lol my brain is fried', '… 7.5 haha long night')
_REMARK = (r"lol|lmao|rofl|haha\w*|hehe\w*|sorry|asking (?:for|because|cuz|since)|just (?:curious|checking|wondering)|"
           r"(?:my|our) (?:brain|head|kid|kid's|son|daughter|boss|teacher|team|maths?|math)\b|long (?:day|night|week)|no rush|"
           r"for a (?:bet|quiz|test|friend|game)|tia|thx|thanks|ty")
_CUT = re.compile(r"\?+|[()\[\]]|\s[—–-]+\s|(?<=[a-z0-9])[.;!]+(?:\s|$)|\n|,\s*(?=(?:but|so|because|since|as|want|need|"
                  r"asking|trying|thanks|thx|ty|lol|haha)\b)|\b(?:but|so)\s+(?=(?:is|are|what|whats|how|which|does|do|can)\b)|"
                  r"(?<=[\d%])\s+(?=(?:" + _REMARK + r")\b)",
                  re.I)
_CHATTER_TAIL = re.compile(r"\s*(?:,\s*)?\b(?:pls|plz|please|thx|thanks|ty|lol|haha|cheers|asap|real quick|quickly|"
                           r"right|correct|yeah|innit)\b\W*$", re.I)
_STARTS = re.compile(r"\b(?:is|are|does|do|was|what|whats|how|which|list|find|calculate|compute|get|give me|lcm|gcd|"
                     r"hcf|gcf|prime|factori[sz]e|factors?|divisors?|sum|convert|\d)", re.I)
_JUDGEMENT = re.compile(r"\b(?:should|better|worse|best|good|bad|recommend\w*|worth|why|explain|opinion|think|"
                        r"advice|advise|fair|ok|okay|enough|reasonable)\b", re.I)


def solve_in_clauses(q: Query, readers: Sequence[Callable[[Query], Plan | None]]) -> Plan | None:
    """The plan of the first reader that reads one clause of the message as a whole question."""
    body = q.body.strip()
    if len(body) > MAX_CHARS or _JUDGEMENT.search(body):
        return None
    parts = [p.strip(" ,:;") for p in _CUT.split(body)]
    parts = [p for p in parts if p and re.search(r"\d", p)]
    if not parts or len(parts) == 1 and parts[0] == body:
        return None  # no chatter to cut away: the readers have read the whole already
    candidates: list[str] = []
    for part in parts:
        part = _CHATTER_TAIL.sub("", part)
        for m in _STARTS.finditer(part):
            text = part[m.start():].strip()
            if text and text not in candidates:
                candidates.append(text)
    for text in candidates[:MAX_CANDIDATES]:
        sub = replace(q, text=text, lower=text.lower(), body=text, options={}, written=text)
        for reader in readers:
            try:
                plan = reader(sub)
            except (ValueError, KeyError, IndexError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
                plan = None
            if plan is not None:
                return plan
    return None
