"""A general reader for unit conversions, independent of word order.

It reads (1) the material: the one quantity with a unit anywhere in the message ('box is 45 cm wide',
'I weigh 11 stone 4', "5'11\"", '3/4 inch'), and any conversion the user states ('1 GB = 1024 MB',
'assume 1024'); (2) the question: the unit asked for, wherever it sits ('..., in inches?', 'how many
minutes?', "whats that in miels", 'in feet and inches'); and (3) composes the Python that converts.
It declines when a number is left unexplained, when two quantities or two target units compete, or
when the units do not measure the same thing.
"""

from __future__ import annotations

import difflib
from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.durations import DURATION_CODE
from rlm_bot.pipeline.compute.plan import Plan
from rlm_bot.pipeline.compute.units import TEMPS, UNIT_ALT, UNIT_TYPO_RE, UNIT_TYPOS, UNITS, writes_byte_rate

_NUM = r"(?<![\w.])(-?\d[\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?)"
_AFTER_UNIT = r"(?![a-z0-9²³/µ])"
_QUANTITY = re.compile(_NUM + r"(?:\s*|-)(" + UNIT_ALT + r")" + _AFTER_UNIT)  # '45 cm', '45cm', 'a 6-foot fence'
_NAME = re.compile(r"(?<![a-z0-9µ°])(" + UNIT_ALT + r")" + _AFTER_UNIT)
# a unit named as a definition: '1 GB = 1024 MB', '(1 kg = 2.20462 lb)'
_DEFINITION = re.compile(r"\b1\s*(" + UNIT_ALT + r")\s*(?:=|is|equals|==)\s*" + _NUM + r"\s*(" + UNIT_ALT + r")"
                         + _AFTER_UNIT)
_BINARY = re.compile(r"\b(?:assum\w*|using|use|with|at|base|treat\w*)\s+(?:it\s+as\s+|a\s+)?1024\b|\(\s*1024\s*\)|"
                     r"\bbinary\b|\b1024[- ]based\b|\bbase[- ]?2\b")
# the words before a unit that ask for it
_ASKS = re.compile(r"(?:\bin|\bto|\binto|\bas|\bin terms of|how many|how much|->|→|=>|=|"
                   # the unit someone or something wants ('customs form wants grams', 'the app needs it in kg')
                   r"\b(?:wants?|needs?|expects?|requires?|asks? for|only takes|only accepts|accepts)(?:\s+(?:it|them|that|this)\s+in)?)"
                   r"\s*(?:the\s+|us\s+|uk\s+)?$")
_DATA_BINARY = {"kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "tb": 1024 ** 4}
_SHORT_OK = {"c", "f", "k"}  # one-letter names a target may be, right after 'in'/'to': '... in F'
_NOT_TARGETS = {"in", "m", "s", "h", "d", "g", "l", "b", "min", "ms"}
_ASK_WORDS = {"how", "many", "much", "what", "whats", "what's", "is", "are", "there", "the", "number", "of", "exactly",
              "quick", "q", "pls", "please", "hey", "so"}
_FUZZY_NAMES = sorted({n for n in UNITS if len(n) >= 4 and n.isalpha()} | {n for n in TEMPS if len(n) >= 4})
_COMMON = {"total", "time", "there", "these", "those", "that", "this", "them", "words", "order", "place", "stock", "hand",
           "mind", "case", "fact", "short", "general", "advance", "person", "cash", "full", "sales", "metric"}


def _normalise(lower: str) -> str:
    """Unit spellings as the table knows them."""
    t = UNIT_TYPO_RE.sub(lambda m: UNIT_TYPOS[m.group(1)], lower)
    t = re.sub(r"\bdegrees?\s+(?=c\b|f\b|celsius|fahrenheit|kelvin)", "", t)
    t = re.sub(r"(\d)\s*°\s*(c|f)\b", r"\1 \2", t)
    t = re.sub(r"\bsq\.?\s*(?:feet|foot)\b", "sq ft", t)
    t = re.sub(r"\bsq\.?\s*(?:metres?|meters?)\b", "sq m", t)
    t = re.sub(r"\bsq\.\s*", "sq ", t)
    t = re.sub(r"\b(gallons?|gal|pints?|fl\.? ?oz|fluid ounces?|cups?)\s*\(\s*(us|uk|imperial|imp)\s*\)",
               lambda m: ("us " if m.group(2) == "us" else "uk ") + m.group(1), t)
    t = re.sub(r"\b(?:british|english)\s+(gallons?|pints?)\b", r"uk \1", t)
    t = re.sub(r"\bfl\.\s*oz\b", "fl oz", t)
    # heights and weights as people write them: 5'11", 5' 11, 11 stone 4, 5 ft 4
    t = re.sub(r"(?<![\d.])(\d)\s*['′’]\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''|”)?", r"\1 ft \2 in ", t)
    t = re.sub(r"(?<![\d.])(\d)\s*['′’](?![\w'])", r"\1 ft ", t)
    t = re.sub(r"(\d\s*(?:stone|stones|st))\s+(\d{1,2}(?:\.\d+)?)(?!\s*(?:" + UNIT_ALT + r")" + _AFTER_UNIT + r")(?!\s*[\d.])",
               r"\1 \2 lb", t)
    t = re.sub(r"(\d\s*(?:ft|feet|foot))\s+(\d{1,2}(?:\.\d+)?)(?!\s*(?:" + UNIT_ALT + r")" + _AFTER_UNIT + r")(?!\s*[\d.])",
               r"\1 \2 in", t)
    t = re.sub(r"(\d)\s*st\b", r"\1 stone", t)
    t = re.sub(r"(?<![\d.'\"])(\d+(?:\.\d+)?)\s*(?:\"|″|”)(?=[\s,.?!)-]|$)", r"\1 inch ", t)  # 'a 27" monitor'
    t = re.sub(r"=\s*\?+\s*(?=[a-z])", "in ", t)  # '7200 seconds = ? hours'
    t = re.sub(r"\b([kmg])b per (?:second|sec|s)\b", r"\1b/s", t)
    return t


def _value(token: str) -> tuple[float, str]:
    """A number as written ('7,680', '3/4') and the expression that computes it."""
    token = token.replace(",", "").replace(" ", "")
    if "/" in token:
        a, b = token.split("/")
        return float(a) / float(b), f"{a} / {b}"
    return float(token), token


def _dim(unit: str) -> str | None:
    return "temperature" if unit in TEMPS and unit not in UNITS else UNITS[unit][0] if unit in UNITS else None


def _inch_ok(t: str, m: re.Match, prev: re.Match | None) -> bool:
    """'4 in' is inches only after feet, or where the sentence turns ('2 in?', '3 in to cm')."""
    if m.group(2) != "in":
        return True
    if prev is not None and prev.group(2) in {"ft", "feet", "foot"} and re.fullmatch(r"[\s,]*(?:and\s+)?", t[prev.end():m.start()]):
        return True
    return bool(re.match(r"\s*(?:$|[?.,;:)!]|(?:in|to|into|is|=|equals|wide|long|tall|high|deep)\b)", t[m.end():]))


def _quantities(t: str, skip: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple[float, str, str]]]]:
    """The quantities written in `t`: (start, end, [(value, expression, unit)]) with compounds ('5 ft 4 in',
    '14 stone 6 lb') joined into one."""
    found: list[re.Match] = []
    for m in _QUANTITY.finditer(t):
        if any(a <= m.start() < b for a, b in skip) or not _inch_ok(t, m, found[-1] if found else None):
            continue
        if m.group(2) in TEMPS and m.group(2) not in UNITS and len(m.group(2)) == 1 and re.match(r"[a-z]", t[m.end():m.end() + 1] or " "):
            continue
        found.append(m)
    joined: list[tuple[int, int, list[tuple[float, str, str]]]] = []
    for m in found:
        value, expr = _value(m.group(1))
        unit = m.group(2)
        if joined:
            start, end, parts = joined[-1]
            last = parts[-1][2]
            if re.fullmatch(r"[\s,]*(?:and\s+|&\s*|\+\s*)?", t[end:m.start()]) and unit in UNITS and last in UNITS and \
                    UNITS[unit][0] == UNITS[last][0] and UNITS[unit][1] < UNITS[last][1] and UNITS[unit][0] != "data":
                joined[-1] = (start, m.end(), parts + [(value, expr, unit)])
                continue
        joined.append((m.start(), m.end(), [(value, expr, unit)]))
    return joined


def _fuzzy_target(t: str, skip: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """A misspelt unit asked for: 'whats that in miels'."""
    out = []
    for m in re.finditer(r"\b(?:in|into|to)\s+([a-z]{4,})\b", t):
        word = m.group(1)
        if word in _COMMON or any(a <= m.start(1) < b for a, b in skip):
            continue
        close = difflib.get_close_matches(word, _FUZZY_NAMES, n=1, cutoff=0.8)
        if close and not re.fullmatch(UNIT_ALT, word):
            out.append((m.start(1), close[0]))
    return out


def solve_unit_conversion(q: Query) -> Plan | None:
    """'box is 45 cm wide, in inches?', 'the workshop is 2.75 hours, how many minutes?', 'upload limit is 2.5 GB.
    how many MB is that (1 GB = 1024 MB)', "I'm 5'11\" in cm", 'how tall is 182 cm in feet and inches'."""
    if writes_byte_rate(q.body):
        return None
    t = _normalise(q.lower)
    definitions = list(_DEFINITION.finditer(t))
    if len(definitions) > 1:
        return None
    skip = [(d.start(), d.end()) for d in definitions]
    quantities = _quantities(t, skip)
    per_one = None
    if not quantities:  # 'ounces in a pound?', 'how many feet in a mile'
        per_one = re.search(r"(?<![a-z0-9µ°])(" + UNIT_ALT + r")\s+(?:are\s+|is\s+)?(?:there\s+)?(?:in|per|to)\s+(?:a|an|one)\s+("
                            + UNIT_ALT + r")" + _AFTER_UNIT, t)
        if not per_one or re.search(r"\d", t) or min(len(per_one.group(1)), len(per_one.group(2))) < 2 or \
                not set(re.findall(r"[a-z']+", t[:per_one.start()] + " " + t[per_one.end():])) <= _ASK_WORDS:
            return None
        quantities = [(per_one.start(2), per_one.end(), [(1.0, "1", per_one.group(2))])]
    if len(quantities) != 1:
        return None
    start, end, parts = quantities[0]
    # every number is the quantity's or the definition's
    taken = skip + [(start, end)] + [(m.start(), m.end()) for m in _BINARY.finditer(t)]
    if any(not any(a <= m.start() < b for a, b in taken) for m in re.finditer(r"(?<![a-z\d.,/²³])\d", t)):
        return None
    targets = []
    for m in _NAME.finditer(t):
        name = m.group(1)
        if any(a <= m.start() < b for a, b in taken) or name in _NOT_TARGETS and name not in _SHORT_OK:
            continue
        asked = _ASKS.search(t[max(0, m.start() - 30):m.start()]) or \
            (re.search(r"[,;:—–-]\s*$", t[:m.start()]) and re.match(r"\s*(?:pls|please|plz)?\s*\?", t[m.end():]))  # '350 F, celsius?'
        if len(name) == 1 and not (asked and re.search(r"\b(?:in|to|into)\s*$", asked.group(0))):
            continue
        if not asked and not (name == "inches" and re.search(r"\b(?:feet|ft)\s+(?:and|&|\+)\s+$", t[:m.start()])):
            continue
        targets.append((m.start(), name))
    if per_one is not None:
        targets = [(per_one.start(1), per_one.group(1))]
    if not targets:
        targets = _fuzzy_target(t, taken)
    src_units = [u for _, _, u in parts]
    feet_inches = {n for _, n in targets} == {"feet", "inches"} or {n for _, n in targets} == {"ft", "in"} or \
        bool(re.search(r"\bin\s+(?:feet|ft)\s+(?:and|&|\+)\s+(?:inches|in)\b", t))
    names = {n for _, n in targets}
    if feet_inches:
        names = {"feet"}
    # '95 mins, in hours and mins': whole hours and the minutes left
    hours_minutes = bool(re.search(r"\b(?:in|to|into|as)\s+(?:hours?|hrs?|h)\s+(?:and|&|\+)\s+(?:minutes?|mins?|m)\b", t))
    if hours_minutes:
        names = {"hours"}
    if len(names) != 1 or (len(parts) == 1 and _dim(src_units[0]) is None):
        return None
    if not (feet_inches or hours_minutes) and any(
            re.match(r"\s*(?:and|&|\+)\s*(?:" + UNIT_ALT + r")\b", t[pos + len(n):]) for pos, n in targets):
        return None  # 'in minutes and seconds': a compound unit asked that no branch here writes
    dst = names.pop()
    dims = {_dim(u) for u in src_units}
    if len(dims) != 1 or dims != {_dim(dst)} or dst in src_units and len(parts) == 1:
        return None
    if not re.search(r"\?|\b(?:convert|conversion|how many|how much|what(?:'s|s| is| are)?|in|into|to|as|pls|please|"
                     r"plz|needs?|wants?|expects?|requires?|accepts?)\b|->|→|=", t[:start] + " " + t[end:]):
        return None
    dim = dims.pop()
    if dim == "temperature":
        if re.search(r"\b(?:rose|rise[sn]?|dropp?\w*|fell|falls?|up|down|by|difference|change[sd]?|warmer|colder|"
                     r"hotter|cooler|increase\w*|decrease\w*|swing|range|delta)\b", t):
            return None  # a change of temperature converts without the offset: not sure which is meant
        return _temperature(parts, dst)
    if hours_minutes:
        return _hours_minutes(parts, src_units)
    return _plan(t, parts, dst, definitions[0] if definitions else None, feet_inches)


def _hours_minutes(parts: list[tuple[float, str, str]], src_units: list[str]) -> Plan | None:
    """A time in whole hours and the minutes left ('3 h 35 min'), the decimal hours after it in brackets;
    None when the time is not a whole number of minutes."""
    seconds = sum(value * UNITS[u][1] for value, _, u in parts)
    if UNITS[src_units[0]][0] != "time" or seconds % 60:
        return None
    code = (DURATION_CODE + "parts = [" + ", ".join(f"({expr}, {UNITS[u][1]!r})" for _, expr, u in parts) +
            "]  # (amount, seconds each)\nminutes = round(sum(n * size for n, size in parts) / 60)\n"
            "hm(minutes) + (' (' + str(round(minutes / 60, 4)) + ' hours)' if minutes >= 60 and minutes % 60 else '')")
    return Plan("conversion", code, "Converted the time to whole hours and the minutes left.", specificity=0.93,
                template="unit_reader")


def _temperature(parts: list[tuple[float, str, str]], dst: str) -> Plan | None:
    if len(parts) != 1:
        return None
    _, expr, src = parts[0]
    a, b = TEMPS[src], TEMPS[dst]
    if a == b:
        return None
    to_c = {"C": "value", "F": "(value - 32) * 5 / 9", "K": "value - 273.15"}[a]
    from_c = {"C": "celsius", "F": "celsius * 9 / 5 + 32", "K": "celsius + 273.15"}[b]
    shown = "°" + b if b != "K" else " K"
    code = (f"value = {expr}  # °{a}\ncelsius = {to_c}\nresult = round({from_c}, 2)\n"
            f"str(int(result) if result == int(result) else result) + '{shown}'")
    return Plan("conversion", code, f"Converted {expr} °{a} to °{b}.", specificity=0.93, template="unit_reader")


def _shown_name(unit: str) -> str:
    """A unit as it is written in an answer: data sizes in capitals ('GB'), others as asked."""
    return unit.upper() if UNITS.get(unit, ("",))[0] == "data" and len(unit) <= 3 else unit


def _data_step(units: list[str], base: int) -> str:
    """The step between the data units converted: '1 TB = 1000 GB'."""
    sized = sorted((u for u in units if u in _DATA_BINARY), key=lambda u: _DATA_BINARY[u])
    if len(sized) < 2:
        return f"1 GB = {base} MB"
    small, big = sized[0], sized[-1]
    ratio = round(_DATA_BINARY[big] / _DATA_BINARY[small]) if base == 1024 else round(UNITS[big][1] / UNITS[small][1])
    return f"1 {big.upper()} = {ratio} {small.upper()}"


def _plan(t: str, parts: list[tuple[float, str, str]], dst: str, definition: re.Match | None, feet_inches: bool) -> Plan | None:
    dim = UNITS[dst][0]
    factors = {u: repr(UNITS[u][1]) for _, _, u in parts}
    factors[dst] = repr(UNITS[dst][1])
    note = ""
    if definition is not None:
        one, (_, many), other = definition.group(1), _value(definition.group(2)), definition.group(3)
        if one not in UNITS or other not in UNITS or UNITS[one][0] != dim or UNITS[other][0] != dim:
            return None
        if dim == "data" and one in _DATA_BINARY and other in _DATA_BINARY:
            ratio = _DATA_BINARY[one] // _DATA_BINARY[other]
            base = "1024" if float(many) == ratio else "1000" if float(many) == UNITS[one][1] / UNITS[other][1] else None
            if base is None:
                return None
            note = f"1 {one.upper()} = {many} {other.upper()}"
            if base == "1024":
                factors = {u: repr(_DATA_BINARY.get(u, UNITS[u][1])) for u in factors}
            factors[one] = f"{many} * {factors[other]}"  # the definition as stated
        else:
            # the stated size of `one` in `other`: the units converted through it, whichever way `one` is
            # written in the quantity ('1 cup = 240 ml … 2.5 cups')
            size = f"{many} * {factors.get(other, repr(UNITS[other][1]))}"
            for u in [u for u in factors if u == one or u != other and UNITS[u] == UNITS[one]]:
                factors[u] = size
            factors[one] = size
            note = f"1 {one} = {many} {other}"
    elif dim == "data" and any(u in _DATA_BINARY for u in factors):
        if _BINARY.search(t):
            factors = {u: repr(_DATA_BINARY.get(u, UNITS[u][1])) for u in factors}
            note = "binary: " + _data_step(list(factors), 1024)
        else:
            note = "decimal: " + _data_step(list(factors), 1000)
    lines = ["parts = [" + ", ".join(f"({expr}, {factors[u]})" for _, expr, u in parts) + "]  # (amount, size) of "
             + " + ".join(f"{expr} {u}" for _, expr, u in parts)]
    lines.append(f"to_factor = {factors[dst]}  # one {dst}")
    lines.append("result = sum(n * size for n, size in parts) / to_factor")
    if feet_inches:
        if dim != "length":
            return None
        lines += ["inches = result * to_factor / 0.0254", "feet, rest = divmod(inches, 12)", "rest = round(rest, 2)",
                  "if rest == 12:\n    feet, rest = feet + 1, 0",
                  "str(int(feet)) + ' ft ' + str(rest).removesuffix('.0') + ' in'"]
    else:
        lines += ["shown = round(result, 4)", "shown = int(shown) if shown == int(shown) else shown",
                  f"str(shown) + ' {_shown_name(dst)}'" + (f" + ' ({note})'" if note else "")]
    source = " ".join(f"{expr} {u}" for _, expr, u in parts)
    return Plan("conversion", "\n".join(lines), f"Converted {source} to {dst}" + (f" ({note})." if note else "."),
                specificity=0.93, template="unit_reader")
