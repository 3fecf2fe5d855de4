"""Readers of what a message asks of the material it carries, independent of word order.

Each reader pairs *material* written anywhere in the message with an *ask* that an operation answers,
and yields a trigger only when both are there:

- `conversion_asks`: a quantity with a unit ('12 kg', '1.2 m', '350 µL') and a question naming another
  unit of the same dimension ('how many lb', 'in feet?', 'how many m²') — 'box weighs 12 kg, how many
  lb for the shipping form?' asks for a conversion however the sentence runs;
- `date_shift_asks`: a date, a period ('90 days', '3 months', 'net 45') and a question for a date
  ('last day to return?', 'one month later is?', 'what date does it end?');
- `period_asks`: an amount stated for one period ('36k/yr', 'monthly retainer 4,500') and a question for
  another ('billed quarterly, how much per invoice?', 'annual cost?').
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# unit spelling -> dimension (lower case; the spellings people write in chat)
_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "length": ("mm", "cm", "m", "km", "kms", "ft", "feet", "foot", "inch", "inches", "yd", "yds", "yard", "yards",
               "mi", "mile", "miles", "meter", "meters", "metre", "metres", "millimetres", "millimeters",
               "centimetres", "centimeters", "kilometres", "kilometers", "nautical miles", "nm"),
    "mass": ("mg", "g", "gram", "grams", "kg", "kgs", "kilo", "kilos", "kilograms", "lb", "lbs", "pound", "pounds",
             "oz", "ounce", "ounces", "stone", "ton", "tons", "tonne", "tonnes", "milligrams"),
    "volume": ("ml", "µl", "μl", "ul", "l", "cl", "dl", "litre", "litres", "liter", "liters", "millilitres",
               "milliliters", "gallon", "gallons", "gal", "pint", "pints", "quart", "quarts", "qt", "cup", "cups",
               "fl oz", "tbsp", "tsp", "tablespoons", "teaspoons", "m³", "m3", "cubic feet", "cubic metres",
               "cubic meters", "cu ft"),
    "area": ("m²", "m2", "sq m", "sqm", "sq ft", "sqft", "ft²", "square feet", "square foot", "square metres",
             "square meters", "acre", "acres", "hectare", "hectares", "ha", "km²", "km2", "sq km", "sq mi",
             "square miles", "cm²", "sq in", "square inches"),
    "time": ("sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours",
             "day", "days", "week", "weeks", "ms", "milliseconds"),
    "data": ("b", "kb", "mb", "gb", "tb", "pb", "kib", "mib", "gib", "tib", "byte", "bytes", "kilobytes",
             "megabytes", "gigabytes", "terabytes", "bits", "kbps", "mbps", "gbps"),
    "speed": ("km/h", "kmh", "kph", "mph", "m/s", "knots", "kn", "ft/s"),
    "temperature": ("°c", "°f", "celsius", "fahrenheit", "kelvin", "c", "f", "degrees c", "degrees f"),
    "energy": ("kwh", "wh", "mwh", "kcal", "cal", "calories", "kj", "joules", "btu"),
}
_UNIT_DIM = {u: d for d, units in _DIMENSIONS.items() for u in units}
# spellings too short or too common to name a unit on their own after 'in'/'to' ('in m' yes, 'in in' no)
_NOT_TARGET = frozenset({"in", "b", "c", "f", "l", "g", "ha", "nm", "kn", "cal", "day", "days", "min"})
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _UNIT_DIM), key=len, reverse=True))
# a number and its unit: '12 kg', '1.2m', '350 µL', '45cm', '120 sq ft', '5'11"'
_QUANTITY = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s*(?:-\s*)?(" + _UNIT_ALT + r")(?![\w/²³])", re.I)
# a unit asked for: 'how many lb', 'in feet?', 'to km', 'into m²', 'as ounces'; what follows the unit ends
# the ask or only adds context ('for the shipping form', 'please', 'pls', '(rounded)')
_TARGET = re.compile(r"\bhow many\s+(" + _UNIT_ALT + r")(?![\w/²³])|"
                     r"(?:\b(?:in|to|into|as)|->|→)\s+(?:the\s+)?(" + _UNIT_ALT + r")(?![\w/²³])"
                     r"(?=\s*(?:[^\w\s]|$|\b(?:is|are|does|do|would|will|that|this|it|for|on|please|pls|plz|"
                     r"then|again|roughly|approx\w*|exactly|rounded|total|each|per|and|so|to|we|i)\b))", re.I)


def _dim(unit: str) -> str | None:
    return _UNIT_DIM.get(unit.lower().replace("μ", "µ"))


def conversion_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Spans of a unit asked for when the message also gives a quantity of another unit of its dimension."""
    quantities = [(m.start(), _dim(m.group(1)), m.group(1).lower()) for m in _QUANTITY.finditer(text)]
    if not quantities:
        return
    for m in _TARGET.finditer(text):
        unit = (m.group(1) or m.group(2)).lower()
        dim = _dim(unit)
        if unit in _NOT_TARGET or dim is None:
            continue
        # a quantity of the same dimension in another unit, not the asked unit itself ('in 12 kg')
        if any(d == dim and u != unit and not (m.start() <= s < m.end()) for s, d, u in quantities):
            yield m.start(), m.end(), m.group(0)


_NUMBER_WORDS = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|ninety)"
# a period: '90 days', '3 months', '30 day return window', '15 business days', 'net 45', 'net-30'
_PERIOD = re.compile(r"\b" + _NUMBER_WORDS + r"[\s-]*(?:business |working |calendar |week)?(?:days?|weeks?|months?|"
                     r"years?|wks?|mos?)\b|\bnet[\s-]?\d+\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a calendar date: ISO, day-first or month-first with a year, '21 Nov 2026', 'Nov 21', '03.11.2026'
_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                   + _MONTH + r"(?!\w)|\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b", re.I)
# a question for a date: the day something ends or is due, a date before/after, a deadline
_DATE_ASK = re.compile(r"\b(?:what|which) (?:date|day)\b|\b(?:last|final|first|latest|earliest) (?:day|date)\b|"
                       r"\bdeadline\b|\b(?:end|due|expiry|arrival|delivery|return|review|start|renewal|cutoff|cut-off)"
                       r" date\b|\bwhen\b|\b(?:later|earlier|after that|before that|from then)\s*(?:is|was|=|would be|"
                       r"will be|lands?)?\s*\??\s*$|\bdate\s*\??\s*(?:pls|please)?\s*$|\bdue\s*\??\s*$|"
                       r"^\s*(?:add|subtract|take|minus|plus)\b|[,.;]\s*(?:add|subtract|take away)\b", re.I | re.M)


def date_shift_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of a question for a date, when the message gives both a date and a period to move it by."""
    if not (_DATE.search(text) and _PERIOD.search(text)):
        return
    m = _DATE_ASK.search(text)
    if m is not None:
        yield m.start(), m.end(), m.group(0)


# the periods an amount is stated for or asked in
_PERIODS = {
    "year": r"yearly|annual|annually|/\s?(?:yr|year|y)\b|per (?:year|annum)|a year|p\.?a\.?|each year|every year",
    "quarter": r"quarterly|per quarter|a quarter|/\s?(?:q|qtr|quarter)\b|each quarter|every quarter",
    "month": r"monthly|per month|a month|/\s?(?:mo|mth|month)\b|each month|every month",
    "week": r"weekly|per week|a week|/\s?(?:wk|week)\b|each week|every week",
    "day": r"daily|per day|a day|/\s?day\b|each day|every day",
}
_PERIOD_RES = {k: re.compile(r"(?:(?<![\w])|(?=/))(?:" + p + r")(?![\w])", re.I) for k, p in _PERIODS.items()}


def paired_asks(text: str) -> bool:
    """Whether any reader here pairs material of the message with an ask (strong evidence of a computation)."""
    return any(True for reader in (conversion_asks, date_shift_asks, period_asks) for _ in reader(text))
_AMOUNT = re.compile(r"[$€£]\s?\d|\d[\d,]*(?:\.\d+)?\s?[kKmM]?\b")
_AMOUNT_ASK = re.compile(r"\bhow much\b|\bwhat(?:'s|s| is| would be| will be)?\b[^?\n]{0,30}\b(?:cost|price|amount|"
                         r"total|bill|fee|spend|invoice|payment|rate|come to|work out)\b|\b(?:cost|price|amount|spend|"
                         r"bill|fee|total|payment|rate)\s*\?|\bper (?:invoice|payment|bill|instal(?:l)?ment|cycle)\b",
                         re.I)


def period_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of an amount question when the message names two different periods and gives an amount."""
    periods = {k for k, rx in _PERIOD_RES.items() if rx.search(text)}
    if len(periods) < 2 or not _AMOUNT.search(text):
        return
    m = _AMOUNT_ASK.search(text)
    if m is not None:
        yield m.start(), m.end(), m.group(0)
