"""Readers of what a message asks of the material it carries, independent of word order.

Each reader pairs *material* written anywhere in the message with an *ask* that an operation answers,
and yields a trigger only when both are there:

- `conversion_asks`: a quantity with a unit ('12 kg', '1.2 m', '350 µL') and a question naming another
  unit of the same dimension ('how many lb', 'in feet?', 'how many m²') — 'box weighs 12 kg, how many
  lb for the shipping form?' asks for a conversion however the sentence runs;
- `date_shift_asks`: a date, a period ('90 days', '3 months', 'net 45') and a question for a date
  ('last day to return?', 'one month later is?', 'what date does it end?');
- `period_asks`: an amount stated for one period ('36k/yr', 'monthly retainer 4,500') and a question for
  another ('billed quarterly, how much per invoice?', 'annual cost?');
- `value_asks`: the closing ask names a value ('total at the end?', '— new salary', 'how many more do we
  need') and the message states the numbers it is computed from;
- `verdict_asks`: the closing ask is a yes/no question for a verdict, a decision or a prediction ('does that
  mix look balanced to u?', 'should we accept?'): the numbers before it are context, not operands.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from collections.abc import Iterator

from rlm_bot.pipeline.analyze.settled import settled_asks

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
    "time": ("sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "months", "years",
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
                     r"(?:\b(?:in|to|into|as)|->|→|"
                     # the unit someone or something wants ('customs form wants grams', 'the freight form needs litres')
                     r"\b(?:wants|needs|expects|requires|only (?:takes|accepts)))\s+(?:the\s+)?(" + _UNIT_ALT + r")(?![\w/²³])"
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
    "year": r"yearly|annual|annually|/\s?(?:yr|year|y)\b|per (?:year|annum)|a year|p\.?a\.?|each year|every year|"
            r"arr|annual run rate|annual recurring revenue",
    "quarter": r"quarterly|per quarter|a quarter|/\s?(?:q|qtr|quarter)\b|each quarter|every quarter",
    "month": r"monthly|per month|a month|/\s?(?:mo|mth|month)\b|each month|every month|mrr|monthly recurring revenue",
    "week": r"weekly|per week|a week|/\s?(?:wk|week)\b|each week|every week",
    "day": r"daily|per day|a day|/\s?day\b|each day|every day",
    "hour": r"hourly|per hour|an hour|/\s?(?:hr|hour|h)\b",
}
_PERIOD_RES = {k: re.compile(r"(?:(?<![\w])|(?=/))(?:" + p + r")(?![\w])", re.I) for k, p in _PERIODS.items()}


def paired_asks(text: str) -> bool:
    """Whether any reader here pairs material of the message with an ask (strong evidence of a computation)."""
    return any(True for reader in (conversion_asks, date_shift_asks, period_asks, value_asks, settled_asks)
               for _ in reader(text))
_AMOUNT = re.compile(r"[$€£]\s?\d|\d[\d,]*(?:\.\d+)?\s?[kKmM]?\b")
_AMOUNT_ASK = re.compile(r"\bhow much\b|\bwhat(?:'s|s| is| would be| will be)?\b[^?\n]{0,30}\b(?:cost|price|amount|"
                         r"total|bill|fee|spend|invoice|payment|rate|come to|work out)\b|\b(?:cost|price|amount|spend|"
                         r"bill|fee|total|payment|rate)\s*\?|\bper (?:invoice|payment|bill|instal(?:l)?ment|cycle)\b|"
                         # the amount restated for the other period: 'what's that as mrr', 'mrr 87,300 → arr'
                         r"\bequivalent\b|(?:\b(?:as|in|into|to)|->|→)\s*(?:an?\s+)?(?:mrr|arr|monthly|annual|yearly|weekly|"
                         r"daily|hourly|per (?:month|year|week|day|hour))\s*\??\s*$",
                         re.I)


def period_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of an amount question when the message names two different periods and gives an amount."""
    periods = {k for k, rx in _PERIOD_RES.items() if rx.search(text)}
    if len(periods) < 2 or not _AMOUNT.search(text):
        return
    m = _AMOUNT_ASK.search(text)
    if m is not None:
        yield m.start(), m.end(), m.group(0)


# --- what the closing ask of a message wants: a value of its material, or a verdict on it ---------------

# where an ask's clause begins: after a sentence, a line, a colon, a dash, or a comma before a question word
_CUT = re.compile(r"[.!?](?=\s)\s*|\n|:\s+|\s[-–—]\s|[—–]|,\s*(?=(?:so\s+|and\s+)?(?:what|whats|how|which|who|when|is|are|"
                  r"does|do|did|can|could|should|would|will|shall)\b)", re.I)
# a number as material: '1,260', '$64.50', '82k', '2.4M', '7.5%' (not a digit inside a name: 'v2', 'W45')
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
# a fragment opening on the value it wants: 'per head: $1,260 bill, 9 people', 'total pls - 12, 19, 40'
_LABEL = re.compile(r"^\W*([a-z][\w ]{0,24}?)\s*(?::|\s[-–—])\s", re.I)
_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d[\d,]*(?:\.\d+)?(?:[kKmMbB]\b|%)?")


def closing_ask(text: str) -> tuple[int, int] | None:
    """The span of the clause a message closes on: the clause ending at its last '?', or, with no question
    mark, its last clause ('a 5% raise on 82k — new salary' closes on 'new salary'). None for an empty text."""
    body = text.rstrip()
    if not body:
        return None
    q = body.rfind("?")
    end = q + 1 if q >= 0 else len(body)
    # a question mark closes the ask; what follows it ('? need it for the form') is context
    start = max((m.end() for m in _CUT.finditer(body, 0, max(end - 1, 0)) if m.end() < end), default=0)
    return start, end


# a value named as what is wanted: a result noun ('total', 'net', 'new salary', 'ending ARR', 'per head'),
# a share ('what percent', '% increase') or an amount question ('how many more', 'how much')
_VALUE_HEAD = re.compile(
    r"\b(?:total|totals|sum|net|gross|balance|difference|diff|remainder|average|avg|mean|median|eta|subtotal|"
    r"(?:new|final|ending|closing|resulting|remaining|combined|overall|updated|monthly|weekly|daily|yearly|annual|"
    r"hourly) (?:total|amount|balance|salary|price|cost|figure|number|count|rate|pay|bill|arr|mrr|revenue|"
    r"headcount|budget|spend|value)|per (?!cent\b|se\b|annum\b|capita\b)[a-z]{2,}|(?:each|apiece)(?=\W*$)|in total|altogether|combined|at the end|left over|(?:how many|how much)(?: more| less)?|"
    r"what (?:percent(?:age)?|%|share|fraction|proportion)|(?:percent(?:age)?|%) (?:increase|decrease|change|"
    r"growth|drop|of)|(?:increase|decrease|change|growth|drop) in %|"
    # a result named by a noun of its own: 'takings?', 'runtime?', '% lift?', 'top day?', 'number pls'
    r"(?:takings|turnover|run ?time|duration|elapsed|gap|lift|uplift)(?=\s*(?:[?:.!,]|$|\b(?:pls|please|plz|for|of|"
    r"on|from|between|in|then|then|total)\b))|(?<=^)(?:peak|top|busiest|quietest)(?: (?!of\b|up\b|\w+s\b)\w+)?(?!\s+\w+s\b)(?!\s+\d)|"
    r"length|(?<!phone )(?<!account )(?<!order )(?<!ticket )(?<!tracking )number|result)(?![\w%])(?!\s+sheets?\b)", re.I)
# where a question's own words begin ('... $44000 In Pipp's balance sheet what amount ...?' asks from 'what')
_WH = re.compile(r"\b(?:what|whats|how|which|who|when)\b", re.I)
# a stated amount, not an asked one: the value word right after a number ('€12 each', '5 total')
_AFTER_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?\s*(?:[kKmM%]|[a-z]+)?\s*$")
# a fragment's value opening it: 'new salary', 'total pls', 'and the total'
_FRAGMENT_OPEN = re.compile(r"^\W*(?:(?:and|so|then|ok|okay|now)\W+)?(?:the\s+|my\s+|our\s+)?", re.I)
# a clause that names no value even with a value word in it ('is the total right?', 'should the mean be ...')
_VERDICT_OPEN = re.compile(r"^\W*(?:(?:and|but|so|also|ok|okay|hmm|honestly|tbh)\W+)?(?:looks?|seems?|sounds?|feels?|"
                           r"should|shall|would|will|"
                           r"could|might|is|are|was|were|does|do|did|has|have|am)\b(?!\s+(?:you|u|ya|someone|anyone)\b)"
                           r"(?!\s+it be possible\b)", re.I)


def value_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of a value the closing ask names ('total at the end?', '— new salary', 'what's ending ARR?',
    'how many more do we need') when the message states the numbers it is computed from: at least two
    numbers, at least one of them outside the ask. A yes/no question ('is the total right?') names no value."""
    span = closing_ask(text)
    if span is None:
        return
    a, b = span
    clause = text[a:b]
    if _VERDICT_OPEN.match(clause) or list(verdict_asks(text)):
        return
    # a year is a label, not an operand ('in 2019 the total ...')
    numbers = [m.start() for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group(0))]
    if len(numbers) < 2:
        return
    asked = clause.rstrip().endswith("?")
    wh = _WH.search(clause) if asked else None
    for m in _VALUE_HEAD.finditer(clause, wh.start() if wh else 0):
        if _AFTER_NUMBER.search(clause, 0, m.start()) and not m.group(0).lower().startswith(("how", "what")):
            continue  # '€12 each', 'budget ~€40 each?': a stated rate
        if not asked and m.start() != _FRAGMENT_OPEN.match(clause).end() and \
                not m.group(0).lower().startswith(("how", "what")):
            continue  # without a question mark only a fragment naming the value asks ('— new salary')
        yield a + m.start(), a + m.end(), m.group(0)
        return
    label = _LABEL.match(text)
    if "?" not in text and label is not None and not re.search(r"[.!]\s+\S", text) and \
            (m := _VALUE_HEAD.search(label.group(1))) is not None:
        yield m.start() + label.start(1), m.end() + label.start(1), m.group(0)  # 'per head: $1,260 bill, 9 people'


# what a verdict is asked about: a judgement word closing a yes/no question ('look balanced to u?', 'the
# right ones?', 'fair?'), a decision ('should we accept?') or a prediction ('would 30 days convert better?')
_EVALUATIVE = re.compile(r"\b(?:right|correct|accurate|fair|normal|typical|standard|reasonable|sensible|realistic|"
                         r"good|bad|ok|okay|fine|balanced|healthy|generous|competitive|enough|sufficient|"
                         r"too (?:\w+)|better|worse|worth it|legit|safe|risky|high|low|off|weird|wrong|plausible|"
                         r"likely|unlikely|normal-ish|alright|acceptable)\b", re.I)
_PREDICTS = re.compile(r"^\W*(?:(?:and|but|so|also)\W+)?(?:should|shall|would|will|might|"
                       r"do (?:we|i|you|they) (?:still |really |even |actually )?need)\b"
                       r"(?!\s+(?:you|u|ya|someone|anyone)\b)(?!\s+it be possible\b)", re.I)
# a measured comparison asked as yes/no is a value ('would it be cheaper to pay yearly?')
_MEASURED = re.compile(r"\b(?:cheaper|dearer|more expensive|less expensive|faster|slower|longer|shorter|heavier|"
                       r"lighter|bigger|smaller|larger|more than|less than|fewer than|greater than|over|under|"
                       r"divisible|prime|even|odd|true|false|enabled|disabled|sorted|palindrome|anagrams?|valid|"
                       r"brackets?|parens?|parenthes[ie]s|braces|"
                       r"leap)\b", re.I)
_BRACKET = re.compile(r"[\[\](){}<>]")


# a yes/no on a claim just stated ('is he right?', 'is it?', 'true?'), the claim a measured property of a number
_CLAIM_CHECK = re.compile(r"^\W*(?:(?:is|are) (?:he|she|they|it|that|this|the \w+) (?:right|correct|true)|is it|are they|true|"
                          r"(?:am i|is she|is he) (?:right|wrong)|(?:right|correct))\W*$", re.I)
_CLAIMED = re.compile(r"\b(?:insists?|says?|said|claims?|swears?|thinks?|reckons?|told me|asks? (?:if|whether)|bet me)\b"
                      r"[^.?!]{0,40}?\b\d[\d,]*\s+(?:is|isn'?t|is not)\s+(?:a\s+)?(?:prime|even|odd|divisible|a multiple|"
                      r"a factor|a perfect square|a square|a power)\b", re.I)


def claim_check(text: str) -> tuple[int, int] | None:
    """Span of a closing 'is he right?' / 'is it?' about a claim just stated that a number is prime, even,
    divisible…: a yes/no the number settles, no judgement."""
    span = closing_ask(text)
    if span is None or not _CLAIM_CHECK.match(text[span[0]:span[1]]) or not _CLAIMED.search(text[:span[0]]):
        return None
    return span


def verdict_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of a closing yes/no question that asks for a verdict, a decision or a prediction about the
    material rather than a value of it: 'does that mix look balanced to u?', 'are these KPIs the right
    ones?', 'should we accept?', 'would brands pay me for sponsored posts?'. A yes/no question about a
    measured property ('is it cheaper?', 'is 221 prime?', 'is it enabled?') asks for a value."""
    span = closing_ask(text)
    if span is None or not text[span[0]:span[1]].rstrip().endswith("?"):
        return
    a, b = span
    clause = text[a:b]
    if claim_check(text) is not None:
        return  # 'my nephew insists 221 is a prime number. is he right?': the claim's truth is a measured value
    if _MEASURED.search(clause) or (re.search(r"\b(?:balanced|bracketed|brackets|parens|parenthes[ie]s|braces|nest(?:ed|ing)|"
                                                      r"close[sd]?(?: properly| correctly)?)\b", clause, re.I) and len(_BRACKET.findall(text)) >= 2):
        return  # 'is this balanced? {"a": [1, 2}': the brackets are written out, their balance is measured
    if _PREDICTS.match(clause):
        yield a, b, clause
        return
    if _VERDICT_OPEN.match(clause):
        m = _EVALUATIVE.search(clause)
        if m is not None:
            yield a + m.start(), a + m.end(), m.group(0)


# items of pasted material that carry a number: lines ('UA 221 09:40', 'nina 7') or list items
# ('mon 8200, tue 11050', 'Maja=9; Olu=6')
_ITEM_SPLIT = re.compile(r"\n|[,;](?=\s*\S)")
# a selection asked of such items: 'which flights leave after noon?', 'who are the detractors (score 0–6)?',
# 'which days did i hit 10k steps?', or a threshold heading them: 'employees with 5+ years tenure:'
_SELECT = re.compile(r"(?:^|[.!?:\n—–]\s*)(?:which|who)\b(?!\s+(?:should|would|will|could|might|do you|is (?:the )?"
                     r"(?:best|better|worst))\b)[^?\n]{0,60}\?|"
                     r"^[^:\n]{0,60}?(?:\d+\s*\+|\b(?:at least|more than|less than|over|under|above|below)\s+\d)"
                     r"[^:\n]{0,40}:\s*\n", re.I)


# a choice asked ('which would you pick', 'which should we fix first and why', 'most urgent'): a judgement
_CHOICE = re.compile(r"\b(?:would|should|could|might|recommend|pick|choose|go with|prefer|prioriti[sz]e|urgent\w*|"
                     r"important|best|better|worst|worse|why|needs?|reckon|think)\b", re.I)


def selection_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of a selection ('which ... ?', 'who ... ?', 'employees with 5+ years:') asked of three or more
    items of the message that each carry a number: the items that pass are computed, not judged."""
    m = _SELECT.search(text)
    if m is None or list(verdict_asks(text)) or _CHOICE.search(m.group(0)):
        return
    rest = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    items = [i for i in _ITEM_SPLIT.split(rest) if i.strip() and re.search(r"\d", i) and len(i.split()) <= 6]
    if len(items) >= 3:
        yield m.start(), m.end(), m.group(0)


# --- asks for no value at all -------------------------------------------------------------------------
# Whatever numbers a message carries, some asks are answered by no computation: a reason ('..., why?',
# 'any idea why?', 'what caused the W5 spike?'), an action by a person or a tool ('add them to the
# onboarding channel'), the meaning of a term ('what does title case mean?'), knowledge about methods
# ('which sorting algorithm is fastest for ...') or a verdict on an opinion ('true or false: remote work
# improves productivity').

# the closing clause opens with an explanation ask
_EXPLAIN_OPEN = re.compile(
    r"^\W*(?:(?:so|and|but|hmm|ok|okay|any)\W+)?(?:why\b|how come\b|"
    r"any (?:idea|ideas|clue|clues|thoughts?|theories|theory|reasons?|explanation)\s+(?:on\s+|as to\s+)?why\b|"
    r"any (?:reasons?|explanation|cause)\b(?!\s+(?:what|how|which)\b)|"
    r"(?:do|does) (?:you|anyone|any1|somebody|someone) know why\b|"
    r"what(?:'s| is| was)? (?:behind|causing|caused|driving|drove)\b|"
    r"what (?:could|might|would|may) (?:have )?(?:caused|cause|explain|be causing|be behind)\b)", re.I)
_CLAUSE_START = re.compile(r"[.!?;:]\s+|\n|\s[-–—]\s|,\s*", re.I)
# a request that still names a value besides the reason ('what's the % change and why?')
_VALUE_TOO = re.compile(r"\b(?:how (?:many|much|long)|calculate|calc|compute|work out|figure out|total|sum|"
                        r"percent(?:age)?(?: change)?|difference|ratio|convert|count)\b|%", re.I)
# an action addressed to a person or a tool: the object goes to a place of people, not into a sum
_ACTION = re.compile(
    r"\b(?:add|invite|send|forward|move|ping|cc|bcc|loop|dm|message|email|notify|tag|mention|share)\b"
    r"(?:\s+(?:them|him|her|these|those|this|it|everyone|all|each)(?:\s+(?:people|folks|users|emails?|addresses))?"
    r"|\s+in)\s+(?:(?:in)?to|on|in)\s+(?:the\s+|our\s+|my\s+|#)?(?:[\w-]+\s+){0,2}"
    r"(?:channel|group|team|thread|meeting|call|calendar|invite|org|organi[sz]ation|workspace|slack|distro|"
    r"mailing list|dl|project|board|repo|space|chat|loop|cc)s?\b", re.I)
# the meaning of a term ('what does title case mean in APA style?'); a coded value ('0x1F') is read instead
_DEFINITION = re.compile(r"\bwhat (?:does|do) ([^?\n\d]{1,60}?) (?:mean|stand for|refer to)\b|"
                         r"\bwhat(?:'s| is) (?:meant by|the (?:meaning|definition) of)\b[^?\n\d]*\?|"
                         r"^\W*(?:define|definition of)\b[^\d\n]*$", re.I)
# knowledge about a method: which algorithm/data structure fits, not a value of the data
_METHOD_ASK = re.compile(r"\b(?:which|what)(?:'s| is)?\s+(?:the\s+)?(?:best\s+|fastest\s+)?(?:[\w-]+\s+){0,2}"
                         r"(?:algorithms?|algos?|data structures?|sort(?:ing)? methods?|approach(?:es)?|"
                         r"techniques?|libraries|library|frameworks?)\b", re.I)
# 'true or false: <claim>' where the claim holds nothing to compute or read
_TRUE_FALSE = re.compile(r"\btrue\s+or\s+false\b", re.I)
_CHECKABLE = re.compile(r"\d|[\"'“”‘’`()=!<>&|^~→]|\b(?:true|false|xor|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                        r"hundred|thousand|million|billion|half|double|twice|prime|even|odd|divisible|sum|equals?|"
                        r"greater|less|more than|fewer|palindrome|anagram|letters?|characters?|vowels?|words?|"
                        r"leap|weekday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                        r"january|february|march|april|june|july|august|september|october|november|december)\b",
                        re.I)


def _closing_clause(text: str) -> str:
    """The clause that holds the last question (or the whole last line without a question mark)."""
    end = text.rfind("?")
    head = text[:end + 1] if end >= 0 else text.rstrip()
    cuts = [m.end() for m in _CLAUSE_START.finditer(head, 0, max(len(head) - 1, 0))]
    return head[max(cuts) if cuts else 0:]


def no_value_asked(text: str) -> str | None:
    """Why `text` asks for no computed value (a reason, an action, a meaning, method knowledge or an opinion
    verdict), or None when it may ask for one."""
    clause = _closing_clause(text)
    if _EXPLAIN_OPEN.match(clause) and text.count("?") <= 1 and not _VALUE_TOO.search(clause):
        before = text[:text.find(clause)] if clause else text
        if not re.search(r"\b(?:calculate|calc|compute|work out|figure out|how (?:many|much))\b", before, re.I):
            return "it asks for a reason"
    if _ACTION.search(text):
        return "it asks a person or a tool for an action"
    if _DEFINITION.search(text):
        return "it asks what a term means"
    if _METHOD_ASK.search(text):
        return "it asks which method fits, not a value"
    m = _TRUE_FALSE.search(text)
    claim = text[:m.start()] + " " + text[m.end():] if m else ""
    if m and len(re.findall(r"[a-z]{3,}", claim, re.I)) >= 2 and not _CHECKABLE.search(claim):
        return "it asks for a verdict on a claim with nothing to compute"
    return None
