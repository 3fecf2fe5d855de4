"""One statistic over a run of values found anywhere in a message, whatever the word order.

The material is the longest run of values written as a list (commas, 'and', spaces or newlines
between them), each value with at most a currency sign, a short unit ('212ms', '18°C', '12%') or a
one-to-three-letter key ('B=3'). The question is the one statistic named ('avg', 'median', 'the
mean', with chat misspellings), before or after the run. Numbers in the lead-in ('the last 6
shipments: 12, 15, ...') are no data; a self-correction ('... actually just give me the mean of
...') is read from the correction on. Anything less clear is declined.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import ADD_UP as _ADD_UP
from rlm_bot.pipeline.compute.arith import CHECKED_TOTAL, DIVISIBILITY
from rlm_bot.pipeline.compute.arith import STAT_CODE as _STAT_CODE
from rlm_bot.pipeline.compute.arith import STAT_TYPO_RE as _STAT_TYPO_RE
from rlm_bot.pipeline.compute.arith import STAT_TYPOS, STATS as _STATS, Query
from rlm_bot.pipeline.compute.arith import ranges as _ranges, shown_result as _shown, stat_words as _stat_words
from rlm_bot.pipeline.compute.plan import Plan, lit, to_number

_VALUE = re.compile(r"(?<![\w.,])(?:([a-z]{1,3})\s*=\s*)?([-−]?[$€£]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    r"(°[cf]|%|[a-z]{1,3})?(?!\w|[.,]\d)", re.I)
_BETWEEN = re.compile(r"^(?:\s*[,;]\s*|\s+)(?:and\s+|&\s+)?$|^\s*,?\s*and\s+$")
# a correction: what follows replaces what came before
_CORRECTION = re.compile(r"\b(?:actually|scratch that|i mean|no wait|sorry,? (?:i meant|make that))\b", re.I)
_MIN_VALUES = 3
_READ = frozenset({"mean", "median", "mode", "max", "min", "range", "stdev", "variance", "sum", "midrange", "count"})


def _runs(text: str) -> list[list[re.Match]]:
    """Runs of adjacent values with only list separators between them."""
    runs: list[list[re.Match]] = []
    for m in _VALUE.finditer(text):
        if runs and _BETWEEN.match(text[runs[-1][-1].end(): m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _clean(run: list[re.Match]) -> list[float | int] | None:
    """The run's values when they are written alike (one unit or none, keys on all or none)."""
    units = {(m.group(4) or "").lower() for m in run}
    keys = [bool(m.group(1)) for m in run]
    if len(units) > 1 or len(set(keys)) > 1:
        return None
    if units and next(iter(units)) in {"x", "am", "pm", "th", "st", "nd", "rd"}:
        return None
    values = [to_number(m.group(2).replace("−", "-").lstrip("$€£") + m.group(3)) for m in run]
    if any(v is None for v in values):
        return None
    return values


_MOST_OFTEN = re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:occurs|appears|shows up|comes up|turns up|is repeated)\s+"
                         r"(?:the\s+)?most(?:\s+(?:often|frequently|times))?\b|\bmost\s+(?:frequent|often repeated)\b")
_SPACED_UNIT = re.compile(r"(\d)\s(km|kg|ms|mi|lb|lbs|cm|mm|ml|gb|mb|kb|hrs|min|sec|g|m|s|h|l)\b")
_SLASHES = re.compile(r"(?<=\d)\s+[/|]\s+(?=[$€£]?\d)")
_PERCENTILE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+percentile\b|\bp(\d{1,2})\b(?!\s*=)|"
                         r"\b(first|lower|1st|q1|third|upper|3rd|q3)\s+quartile\b|\b(q1|q3)\b")


def _percentile(t: str, rank: re.Match) -> Plan | None:
    """'the 90th percentile of …', 'p95 of …', 'first quartile of …': the value at that rank, interpolated between
    the two nearest sorted values (the inclusive method of Excel's PERCENTILE.INC and numpy's default)."""
    word = (rank.group(3) or rank.group(4) or "").lower()
    p = int(rank.group(1) or rank.group(2)) if not word else 25 if word in ("first", "lower", "1st", "q1") else 75
    if not 0 < p < 100:
        return None
    rest = t[:rank.start()] + " " * len(rank.group(0)) + t[rank.end():]
    runs = [r for r in _runs(rest) if len(r) >= _MIN_VALUES]
    if len(runs) != 1 or len(_runs(rest)) != 1 or re.search(r"\b(?:which|who|per|each|weighted|above|below)\b", rest):
        return None
    values = _clean(runs[0])
    if values is None:
        return None
    code = (f"values = sorted({lit(values)})\np = {p}\nk = (len(values) - 1) * p / 100\nlow = int(k)\n"
            "high = min(low + 1, len(values) - 1)\nresult = values[low] + (values[high] - values[low]) * (k - low)\n"
            "round(result, 4)")
    return Plan("statistics", code, f"The {p}th percentile of the {len(values)} values, interpolated between neighbours "
                "(inclusive method).", specificity=0.9, template="stats", data={"stat": "percentile"})


def solve_stat_anywhere(q: Query) -> Plan | None:
    """'avg of these latencies pls 🙏 212ms 198ms 305ms 187ms', 'temps 18°C, 21°C, 17°C: average temp?',
    'transit days last 6 shipments: 12, 15, 11, 18, 14, 16. what is the mean?', a median of values one a line."""
    text = q.body
    corrections = list(_CORRECTION.finditer(text))
    asked = None
    if corrections:
        tail = text[corrections[-1].end():]
        if any(len(r) >= _MIN_VALUES for r in _runs(tail)):
            text = tail
        else:  # 'mean and median? actually just the median is fine': the values before, the statistic corrected
            asked = _ranges(_STAT_TYPO_RE.sub(lambda m: STAT_TYPOS[m.group(1)], tail.lower()))
            text = text[: corrections[-1].start()]
    t = _ranges(_ADD_UP.sub("add up", _STAT_TYPO_RE.sub(lambda m: STAT_TYPOS[m.group(1)], text.lower())))
    t = _MOST_OFTEN.sub(" mode ", t)  # 'which value occurs most often': the mode
    t = re.sub(r"\bpeak\b(?=[^\d\n]{0,40}(?:readings?|values|numbers|samples|these|this list)\b)", "max", t)
    # ('peak cpu% from these readings': the largest of the values)
    t = _SPACED_UNIT.sub(r"\1\2", t)  # '5.2 km, 6.1 km': one value with its unit
    t = _SLASHES.sub(", ", t)  # '8,200 / 10,450 / 7,900': a list written with slashes or bars
    rank = _PERCENTILE.search(t)
    if rank and not _stat_words(t[:rank.start()] + " " + t[rank.end():]):  # ('p95 latencies …, the mean': a label)
        return _percentile(t, rank)
    if re.search(r"\b(?:order|sort|sorted|rank|arrange|(?:lowest|highest|smallest|biggest|largest) (?:to|first))\b", t):
        return None  # an order asked ('from lowest to highest'), not a statistic
    named = list(dict.fromkeys(_STATS[m.group(1)] for m in _stat_words(t if asked is None else asked)))  # in the order asked
    if not named or any(fn not in _READ for fn in named) or len(named) == 1 and named[0] == "count":
        return None
    fn = named[0]
    if re.search(r"\b(?:per|each|every|weighted|weights?|rate|by|grouped|which|who)\b|\d\s*times\b|(?<!\bload )(?<!\blap )"
                 r"(?<!\bresponse )(?<!\bthese )(?<!\bmy )(?<!\bour )(?<!\brun )(?<!\bbuild )(?<!\bwait )\btimes\s+\d", t):
        # ('load times 212ms 198ms …' names the values; '… times 3' multiplies)
        return None  # a rate, a grouping or a 'which one': not one statistic of a list
    if CHECKED_TOTAL.search(t):
        return None  # 'do these add up to the statement total of 3,412.60?': a yes/no check, not the sum
    if DIVISIBILITY.search(t):
        return None  # 'least count that splits evenly into rows of 5, 6 and 8': a common multiple, not a minimum
    runs = _runs(t)
    sized = sorted(((len(r), i) for i, r in enumerate(runs)), reverse=True)
    if not sized or sized[0][0] < _MIN_VALUES or (len(sized) > 1 and sized[1][0] == sized[0][0]):
        return None
    run = runs[sized[0][1]]
    values = _clean(run)
    if values is None:
        return None
    # other numbers may only sit in a lead-in that ends before the run at a colon, a line break or 'were'
    lead_in = []
    for other in runs:
        if other is run:
            continue
        between = t[other[-1].end(): run[0].start()]
        if other[0].start() > run[0].start() or not re.search(r"[:\n]|\b(?:were|was|are|is)\s*$", between):
            return None
        lead_in += [m.group(0) for m in other]
    note = f"  # not data: {', '.join(lead_in)} (the lead-in)" if lead_in else ""
    if corrections:
        note += f"  # read from '{corrections[-1].group(0)}' on: {' '.join(q.body[:corrections[-1].start()].split())[:120]}"
    def code_of(name: str) -> str:
        code = _STAT_CODE[name]
        return code.replace("(len(values) - 1)", "len(values)") if name in {"stdev", "variance"} and "population" in t else code
    if len(named) > 1:  # 'count, sum and mean of …': each one asked, in the order asked
        parts = "\n".join(f"result = {code_of(name)}\nresult = {_shown(name)}\n"
                          f"shown.append({name!r} + ' ' + str(int(result) if result == int(result) else result))"
                          for name in named)
        return Plan("statistics", f"values = {lit(values)}{note}\nshown = []\n{parts}\n', '.join(shown)",
                    f"Computed the {', '.join(named)} of the {len(values)} values listed.", specificity=0.9,
                    template="stats_several")
    return Plan("statistics", f"values = {lit(values)}{note}\nresult = {code_of(fn)}\n{_shown(fn)}",
                f"Computed the {fn} of the {len(values)} values listed.", specificity=0.9,
                template="stats", data={"stat": fn})
