"""Two statistics the list reader does not read: a weighted average of (count, value) pairs, and a statistic of
values written in clock notation ('27:45', '1:02:30').

`solve_weighted(q)`: 'weighted avg price per seat? 120 seats @ 45, 60 seats @ 39', 'team A 120 surveys avg 4.2,
team B 80 surveys avg 3.6 … overall average weighted by surveys'. Each pair is a count of things and the value
each (or on average) has; the answer is sum(count × value) / sum(count). Every number of the message must be in a
pair (or be a label's number, 'team 2'); anything else is declined.

`solve_clock_values(q)`: 'my 5k times: 27:45, 26:58, 28:30, 26:20. average time?': the mean (median, total,
fastest, slowest) of the values, written back in the same notation (minutes:seconds stay minutes:seconds).
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit

__all__ = ["solve_clock_values", "solve_weighted"]

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NOUN = r"[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?"
# count first: '120 seats @ 45', '60 seats at $39', '120 surveys avg 4.2', '30 students averaging 72'
_COUNT_FIRST = re.compile(r"(?<![\w.,])" + _NUM + r"\s+(" + _NOUN + r")\s*(?:@|at|x|×|avg|average|averaging|"
                          r"mean|with an? (?:avg|average|mean)(?: of)?|(?:avg|average|mean)(?: score| rating| of)?)\s*"
                          r"[:=]?\s*[$€£]?" + _NUM + r"(?!\w|[.,]\d)", re.I)
# value first: 'avg 4.2 from 120 surveys', '4.2 avg over 120 responses', '$45 x 120 seats'
_VALUE_FIRST = re.compile(r"(?:(?:avg|average|mean)\s*(?:of\s+)?[$€£]?" + _NUM + r"|[$€£]?" + _NUM +
                          r"\s*(?:avg|average|mean))\s+(?:over|across|from|on|for)\s+" + _NUM + r"\s+(" + _NOUN + r")",
                          re.I)
# a weight written as a percent: 'coursework 40% at 68', 'exam (60%): 74', 'labs 20% -> 90'
_PERCENT_WEIGHT = re.compile(r"(?<![\w.,])" + _NUM + r"\s*%\)?\s*(?:at|@|:|=|->|→|scored|score(?: of)?|mark(?: of)?|"
                             r"grade(?: of)?|got)\s*" + _NUM + r"(?!\w|[.,]\d|\s*%)", re.I)
_ASK = re.compile(r"\bweighted\b|\b(?:overall|combined|blended|total|whole|all)\b[^.?\n]{0,30}\b(?:avg|average|mean)\b|"
                  r"\b(?:avg|average|mean)\s+(?:price|cost|score|rating|grade|mark|value)\s+(?:per|across)\b", re.I)
_LABEL_NUMBER = re.compile(r"\b(?:team|section|class|group|store|site|ward|region|cohort|batch|shift|sprint|week|"
                           r"module|course|unit|line|plant|branch|shop|tier|level|grade|year|room)\s+\d+\b", re.I)
_NOT_ASKED = re.compile(r"\b(?:why|explain|should|better|recommend|which (?:team|one|group)|who)\b", re.I)


def _number(token: str) -> float:
    return float(token.replace(",", ""))


def solve_weighted(q: Query) -> Plan | None:
    text = q.body
    if not _ASK.search(text) or _NOT_ASKED.search(text):
        return None
    pairs: list[tuple[float, float, str]] = []
    used: list[tuple[int, int]] = []
    for m in _COUNT_FIRST.finditer(text):
        pairs.append((_number(m.group(1)), _number(m.group(3)), m.group(2).lower()))
        used.append((m.start(), m.end()))
    for m in _VALUE_FIRST.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in used):
            continue
        pairs.append((_number(m.group(3)), _number(m.group(1) or m.group(2)), m.group(4).lower()))
        used.append((m.start(), m.end()))
    for m in _PERCENT_WEIGHT.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in used):
            continue
        pairs.append((_number(m.group(1)), _number(m.group(2)), "%"))
        used.append((m.start(), m.end()))
    if len(pairs) < 2:
        return None
    nouns = {p[2].split()[0].rstrip("s") for p in pairs}
    if len(nouns) != 1:
        return None  # '120 seats @ 45, 30 licences @ 12': not one kind of thing weighted
    used += [(m.start(), m.end()) for m in _LABEL_NUMBER.finditer(text)]
    for m in re.finditer(r"\d+(?:[.,]\d+)*", text):
        if not any(a <= m.start() and m.end() <= b for a, b in used):
            return None  # a number no pair reads: something else is meant
    weights = [p[0] for p in pairs]
    values = [p[1] for p in pairs]
    if sum(weights) <= 0:
        return None
    labels = [m.group(0) for m in _LABEL_NUMBER.finditer(text)]
    note = f"  # labels, not data: {', '.join(labels)}" if labels else ""
    code = (f"weights = {lit([int(w) if w.is_integer() else w for w in weights])}\n"
            f"values = {lit([int(v) if v.is_integer() else v for v in values])}{note}\n"
            "result = sum(w * v for w, v in zip(weights, values)) / sum(weights)\nround(result, 2)")
    return Plan("statistics", code, f"The average of the {len(pairs)} values, each weighted by its count "
                f"({pairs[0][2]}).", specificity=0.9, template="weighted_mean", data={"stat": "weighted"})


_CLOCK = re.compile(r"(?<![\d:.])(\d{1,3}):([0-5]\d)(?::([0-5]\d))?(?![\d:])")
_CLOCK_STATS = (("mean", r"\b(?:average|avg|mean)\b"), ("median", r"\bmedian\b"),
                ("sum", r"\b(?:total|sum|add(?:ed)? up|combined)\b"),
                ("min", r"\b(?:fastest|quickest|best|shortest|min(?:imum)?)\b"),
                ("max", r"\b(?:slowest|longest|worst|max(?:imum)?)\b"))
_UNIT_WORD = r"(?:hh?|hours?|hrs?|mm?|min(?:ute)?s?|ss?|sec(?:ond)?s?)"
_NOTATION = re.compile(rf"\b{_UNIT_WORD}(?:\s*:\s*{_UNIT_WORD})+\b", re.I)
_CLOCK_TIME_OF_DAY = re.compile(r"\b(?:am|pm|o'?clock|slots?|pickups?|meetings?|appointments?|starts? at|at \d|"
                                r"utc|gmt|est|pst|cet|time ?zones?|sort|order|earliest|latest)\b", re.I)


_CLOCK_RANGE = re.compile(r"\d:[0-5]\d\s*(?:[-–—→]|to|until|till)\s*\d{1,2}(?::[0-5]\d|\s*[ap]m\b)|\b(?:timesheet|clock(?:ed)?\s+"
                          r"(?:in|out)|shifts?|start(?:ed)?|finish(?:ed)?|arriv\w*|left|leave)\b", re.I)


def solve_clock_values(q: Query) -> Plan | None:
    text = q.written or q.body  # ('my 5k times' as written, not 5000)
    if _CLOCK_TIME_OF_DAY.search(text) or _NOT_ASKED.search(text):
        return None
    if _CLOCK_RANGE.search(text):
        return None  # '8:50-17:05', '9:10 to 17:30': spans between times of day, a time interval's question
    if re.search(r"\b(?:which|who|than)\b", text, re.I):
        return None  # 'which days was i faster than 5:30/km': the values passing a test, one of them the threshold
    if re.search(r"\b(?:rank|ranked|ranking|\w+est first|\w+est to \w+est)\b", text, re.I):
        return None  # 'rank us fastest first': an order of the values, not their fastest
    found = list(_CLOCK.finditer(text))
    if len(found) < 3 or len({bool(m.group(3)) for m in found}) != 1:
        return None
    said = _NOTATION.sub(" ", text)  # '(hours:min)', 'mm:ss' name the notation, not the minimum
    asked = [name for name, pattern in _CLOCK_STATS if re.search(pattern, said, re.I)]
    if len(asked) != 1:
        return None
    rest = _CLOCK.sub(" ", text)
    distance = re.compile(r"\b\d+(?:\.\d+)?\s*(?:k|km|mi|miles?|m)\b|\b\d+(?=\s*(?:k|km)\s+(?:times|runs|splits)\b)", re.I)
    labels = [m.group(0) for m in distance.finditer(rest)]  # 'my 5k times': the distance, no data
    if re.search(r"\d", distance.sub(" ", rest)):
        return None
    three = bool(found[0].group(3))
    seconds = [int(m.group(1)) * (3600 if three else 60) + int(m.group(2)) * (60 if three else 1)
               + (int(m.group(3)) if three else 0) for m in found]
    stat = asked[0]
    expr = {"mean": "sum(units) / len(units)", "median": "median(units)", "sum": "sum(units)", "min": "min(units)",
            "max": "max(units)"}[stat]
    fmt = ("f'{v // 3600}:{v % 3600 // 60:02d}:{v % 60:02d}'" if three else "f'{v // 60}:{v % 60:02d}'")
    written = [m.group(0) for m in found]
    shown = re.findall(r"\d+(?:\.\d+)?", _CLOCK.sub(" ", q.body)) if labels else []  # (as the query reads them)
    note = f"  # not data: {', '.join(labels)} ({', '.join(shown)})" if labels else ""
    code = (f"written = {lit(written)}{note}\n"
            f"units = [{'int(h) * 3600 + int(m) * 60 + int(s)' if three else 'int(a) * 60 + int(b)'} "
            f"for {'h, m, s' if three else 'a, b'} in (x.split(':') for x in written)]  # base 60\n"
            + ("from statistics import median\n" if stat == "median" else "")
            + f"v = int(round({expr}))\n{fmt}")
    return Plan("statistics", code, f"The {stat} of the {len(seconds)} values, written back in the same notation.",
                specificity=0.9, template="clock_stats", data={"stat": stat})
