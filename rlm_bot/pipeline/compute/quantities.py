"""A reader of the quantities a chat message states, wherever they sit, with their roles.

Each number becomes a `Quantity`: its value, whether it is money, the thing it counts ('14 seats' ->
seat), and what it is *per* ('$89/mo per seat' -> per month, per seat; '4.5 hours each' -> per the
thing counted before it; '5 ads at $14 a day' -> per day, per ad). The word-problem solver
(word_problems.py) composes a computation from these roles instead of from one sentence shape.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass, field

# a number as people write it: '$1,200.50', '£11.44', '36000', '4.5', '25 €'
_NUMBER = re.compile(r"(?<![\w.])(?<![a-z]-)([$€£])?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)(?!\.\d)"
                     r"(?:\s?([$€£])|\s+(dollars|bucks|euros?|pounds|usd|eur|gbp)\b)?")
_PERIODS = {"mo": "month", "mos": "month", "mth": "month", "month": "month", "yr": "year", "year": "year",
            "annum": "year", "wk": "week", "week": "week", "hr": "hour", "h": "hour", "hour": "hour", "day": "day",
            "night": "night", "shift": "shift", "min": "minute", "minute": "minute", "sec": "second", "second": "second"}
# words after a number that are not the thing it counts
_NOT_NOUN = frozenset("""a an the and or plus minus less at for per each every to of in on by from with x times so far
    more total is are was were this that these those it we i you they he she if then but what whats how much many
    left over off into between across among split divided shared apiece flat now today altogether all""".split())
# a number that names something rather than counting it: 'year 9', 'room 12', 'sprint 4', 'v2', 'db-prod-03'
_LABEL_BEFORE = re.compile(r"(?<!\bper )(?<!\beach )(?<!\bevery )(?<!\ba )\b(?:year|yr|grade|room|floor|level|gate|platform|"
                           r"building|block|ward|section|chapter|version|v|no\.?|number|#|phase|sprint|step|stage|bay|zone|"
                           r"site|store|wave|cohort|class|set|form|q|fy|cy|line|lane|week|wk|truck|van|lorry|route|dock)\s?$")
_ATTACHED = re.compile(r"(h|hrs?|mins?|kg|km|g|mg|ml|lbs?|u)\b|\s(h|hrs?|mins?|g|kg|mg|ml|km|lbs?)\b(?![\'’])")
_PER = re.compile(r"\s*(?:/\s*|\bper\s+|\ban?\s+|\bevery\s+|\beach\s+(?=(?:day|week|month|year|night|shift|hour)\b))([a-z]+)\b")
_EACH = re.compile(r"\s*,?\s*(?:each|apiece|a piece|a head|per head|per person|a person)\b"
                   r"(?=\s*(?:[,.;:?!)\-—]|$|and\b|plus\b|for\b|paid\b|at\b|in\b|on\b|so\b|then\b|how\b|what\b|this\b|next\b|"
                   r"every\b|over\b|during\b))")


@dataclass
class Quantity:
    """One number of a message and its roles."""

    value: float
    start: int
    end: int  # end of the number together with its noun and 'per' words
    money: bool = False
    noun: str | None = None  # what it counts, singular
    per: list[str] = field(default_factory=list)  # what it is per (singular nouns / periods)
    each: bool = False  # 'each' / 'apiece' after it: per one of the thing counted before it
    text: str = ""

    @property
    def is_rate(self) -> bool:
        return bool(self.per) or self.each


def singular(word: str) -> str:
    """'boxes' -> 'box', 'people' -> 'person', 'nights' -> 'night' (rough, for matching units)."""
    w = word.lower()
    if w in ("people", "ppl", "persons", "folks", "heads"):
        return "person"
    if w in _PERIODS:
        return _PERIODS[w]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2 and not w.endswith("ss"):
            w = w[: -len(suffix)] + repl
            break
    return _PERIODS.get(w, w)


def same_thing(a: str | None, b: str | None) -> bool:
    """Two unit words name the same thing ('seat'/'seats', 'pax'/'person' not)."""
    if not a or not b:
        return False
    a, b = singular(a), singular(b)
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def number_end(t: str, q: Quantity) -> int:
    """Where the written number of `q` ends in `t` (before its noun and 'per' words)."""
    return t.index(q.text, q.start) + len(q.text)


def number_value(text: str) -> float:
    """'1,200.50' -> 1200.5."""
    return float(text.replace(",", ""))


def read_quantities(t: str) -> list[Quantity]:
    """The quantities of a lower-case message, in order, with nouns and 'per' roles read."""
    out: list[Quantity] = []
    code = [c.span() for c in re.finditer(r"`[^`\n]*`", t)]
    for m in _NUMBER.finditer(t):
        if is_label(t, m.start(), m.end()) or any(a < m.start() < b and re.search(r"[a-z]", t[a:b]) for a, b in code):
            continue  # a name with a number in it ('year 9', '`db-prod-03`'), not an amount
        q = Quantity(number_value(m.group(2)), m.start(), m.end(),
                     money=bool(m.group(1) or m.group(3) or m.group(4)), text=m.group(0).strip())
        pos = m.end()
        unit = _ATTACHED.match(t, pos)  # '12.5h', '40kg'
        if unit:
            q.noun, pos = singular(unit.group(1) or unit.group(2)), unit.end()
        # '/mo', ' per seat', ' a day' right after the number
        pos = _read_pers(t, pos, q)
        times = re.match(r"\s+times\b", t[pos:]) if not q.noun and not q.per else None
        if times:  # '3 times a week': how often, per week (a count with no thing of its own)
            probe = Quantity(0, 0, 0)
            after = _read_pers(t, pos + times.end(), probe)
            if probe.per:
                q.noun, q.per, pos = "time", probe.per, after
        if not q.per and not q.noun:
            words = re.match(r"\s+([a-z]+)(?:\s+([a-z]+))?", t[pos:])
            if words and words.group(1) not in _NOT_NOUN and len(words.group(1)) > 1:
                head, end = words.group(1), pos + words.end(1)
                # a two-word name ('working days', 'drink tickets') counts its last word
                if words.group(2) and words.group(2) not in _NOT_NOUN and words.group(2).endswith("s") \
                        and not head.endswith("s"):
                    head, end = words.group(2), pos + words.end(2)
                q.noun, pos = singular(head), end
                pos = _read_pers(t, pos, q)
                # '2.50 tourist tax per night', '8 pipette tip boxes per week': the name's last word before the 'per'
                two = re.match(r"(?:\s+[a-z]+)?\s+([a-z]+)(?=\s*(?:/|\bper\b|\bevery\b))", t[pos:])
                if not q.per and two and two.group(1) not in _NOT_NOUN:
                    q.noun = singular(two.group(1))
                    pos = _read_pers(t, pos + two.end(), q)
        of = re.match(r"\s+of\s+[a-z]+(?=\s*(?:/|\bper\b|\ban?\s|\bevery\b))", t[pos:]) if q.noun and not q.per else None
        if of:  # '300g of food a day', '3 boxes of paper a week': per day, per week
            after = _read_pers(t, pos + of.end(), q)
            pos = after if after > pos + of.end() else pos
        e = _EACH.match(t, pos)
        if e:
            q.each, pos = True, e.end()
        q.end = pos
        out.append(q)
    return out


def read_labels(t: str) -> list[str]:
    """The numbers of a lower-case message that name things ('year 9', 'db-prod-03'), with the word they name."""
    code = [c.span() for c in re.finditer(r"`[^`\n]*`", t)]
    out = []
    for m in re.finditer(r"(?<![\w.,])\d+(?![\d,]\d)(?!\.\d)|(?<=[a-z]-)\d+\b", t):
        if is_label(t, m.start(), m.end()) or m.start() and t[m.start() - 1] == "-" or \
                any(a < m.start() < b and re.search(r"[a-z]", t[a:b]) for a, b in code):
            word = re.search(r"[\w/#.-]*\s?$", t[max(0, m.start() - 20): m.start()])
            out.append((word.group(0) if word else "") + m.group(0))
    return out


def is_label(t: str, start: int, end: int) -> bool:
    """Whether the number at t[start:end] names something ('year 9 is', 'room 12', '03' of 'db-03')."""
    if _LABEL_BEFORE.search(t[max(0, start - 12): start]) and not re.match(r"\s*(?:[a-z]+\s+)?(?:each|per|a|an)\b", t[end:]):
        return not re.match(r"[\s,]*(?:%|[$€£]|[a-z]+s\b)", t[end:]) or re.match(r"\s*(?:is|was|are|has|had|'s|runs|does|makes|takes|gets|needs|uses|holds)\b", t[end:]) is not None
    return bool(re.match(r"0\d", t[start:end]))


def _read_pers(t: str, pos: int, q: Quantity) -> int:
    while True:
        p = _PER.match(t, pos)
        if not p or p.group(1) in _NOT_NOUN or (p.group(0).strip().startswith(("a ", "an ")) and
                                                 singular(p.group(1)) not in _PERIODS.values()
                                                 and singular(p.group(1)) not in ("person", "seat", "head", "unit", "item")):
            return pos
        if "/" in p.group(0) and re.match(r"\s*[$€£]?\d", t[p.end():]):
            return pos  # 'A 4,812 / B 5,090': a list separated by slashes, not a rate
        q.per.append(singular(p.group(1)))
        pos = p.end()


# ----- periods -------------------------------------------------------------------------------------

_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800}
_IN_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}


def period_ratio(big: str, small: str) -> float | None:
    """How many `small` periods make one `big` one ('year', 'week' -> 52); None when it is not fixed
    ('month' in days)."""
    if big == "fortnight":
        return None if small == "fortnight" else (2 * _SECONDS["week"] / _SECONDS[small] if small in _SECONDS else None)
    if small == "fortnight":
        r = period_ratio(big, "week")
        return r / 2 if r else None
    if big in _SECONDS and small in _SECONDS:
        return _SECONDS[big] / _SECONDS[small]
    if big in _IN_YEAR and small in _IN_YEAR:
        if "day" in (big, small) and "year" not in (big, small) or "week" in (big, small) and "year" not in (big, small):
            return None  # a month is not a whole number of days or weeks
        return _IN_YEAR[small] / _IN_YEAR[big]
    return None
