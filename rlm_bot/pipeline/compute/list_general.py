"""Filtering, grouping and sorting of a pasted list of labelled items, whatever the word order.

`solve_items(q) -> Plan | None` is tried after the list templates decline. `items.read_items` reads the
material (the items, each a name with a value or fields); this module reads the question — a test
(comparator and threshold with its unit, a category named in the question, parity, a date before/after
today, a word the items mention), a grouping key (the items' attribute, a prefix, parity), or a sort
order (by value, date, version, size with units, or alphabet; which end first) — and writes the code
that the sandbox runs over the items. A question it cannot read exactly is None (the model answers).
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import replace
from datetime import date

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.items import UNITS, Item, Material, clean, date_of, number_of, read_items
from rlm_bot.pipeline.compute.filter import IN_THE_NAME
from rlm_bot.pipeline.compute.list_runtime import duration
from rlm_bot.pipeline.compute.plan import Plan, lit

__all__ = ["solve_items", "solve_items_sort", "read_test", "read_order"]

NOT_COMPUTED = re.compile(r"\b(think|opinion|should|best (?:one|option|choice)|better|recommend|summari[sz]e|explain|"
                          r"why|prioriti[sz]e|important|relevant|likely|theme|themes|fair|fairly|promote|strongest|"
                          r"potential|exciting|readable|write|discuss|changelog|format|story)\b")
OTHER_OPERATION = re.compile(r"\b(?:median|average|avg|mean|sum|total|totals|add up|range|std|deviation|replace|"
                             r"dedupe|de-dupe|dupes?|duplicates?|unique|distinct|mentioned|extract|pull out|"
                             r"percent(?:age)?|ratio|difference|diff|anagrams?|palindromes?|max|maximum|min|minimum|"
                             r"most (?:common|frequent|popular|often)|mode)\b")
COUNT_ASK = re.compile(r"\b(?:how many|count|number of|tally|how often|occurrences?|appears?)\b")
FILTER_ASK = re.compile(r"\b(?:which|who|whom|whose|anyone|any|anything|only|just|keep|filter|list|show|need|"
                        r"find|pick|those|ones)\b")
GROUP_ASK = re.compile(r"\b(?:group(?:ed|s|ing)?|grup|bucket(?:ed|s)?|split|separate|categori[sz]e|organi[sz]e|"
                       r"sort (?:\w+ )?into|by|per)\b")
SORT_ASK = re.compile(r"\b(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?|arrange|alphabeti[sz]e|alphabetic(?:al)?(?:ly)?|"
                      r"chronologic(?:al)?(?:ly)?|ascending|descending|asc|desc|a-z|z-a|first(?! (?:word|part|bit|letters?|column))|"
                      r"\w+est\s*(?:→|->)\s*(?:the )?\w+est|to (?:the )?(?:\w+est|most \w+|high|low|"
                      r"shortest)|(?:high|low)\s*(?:→|->|to)\s*(?:high|low))\b")
_NUM = r"([-−]?\d[\d,]*(?:\.\d+)?)"
_THRESHOLD = r"(?:the (?:limit|threshold|cap|max(?:imum)?|min(?:imum)?) of\s+)?([$€£])?\s?" + _NUM + \
             r"\s?(°[cf]|m²|[a-z%]{1,9})?"
# comparators in words and symbols, most specific first; each maps to an operator
_COMPARATORS = [
    (r"\bbetween\s+[$€£]?" + _NUM + r"\s?(?:[a-z%]{1,9}\s+)?(?:and|to|-)\s+" + _THRESHOLD, "between"),
    (r"(?:\bat or (?:above|over)|\bno (?:less|fewer) than|\bnot (?:less|under|below)|≥|>=|\bat least|\bminimum(?: of)?)\s*"
     + _THRESHOLD, ">="),
    (r"(?:\bat or (?:below|under)|\bno (?:more|greater|higher) than|\bnot (?:more|over|above)(?: than)?|≤|<=|\bat most|"
     r"\bup to|\bmaximum(?: of)?)\s*" + _THRESHOLD, "<="),
    (_THRESHOLD + r"\s*(?:or (?:more|above|over|higher|greater|better|up)|\+(?!\d)|and (?:up|above|over))", ">="),
    (_THRESHOLD + r"\s*(?:or (?:less|below|under|fewer|lower)|and (?:under|below))", "<="),
    (r"(?:\bover|\babove|\bmore than|\bgreater than|\bhigher than|\bexceed(?:s|ing)?|\bbigger than|\blarger than|"
     r"\bheavier than|\blonger than|\bwider than|\blater than|\bwarmer than|\bhotter than|\bpricier than|\bolder than|\btaller than|\bslower than|"
     r"\bafter|>)\s*" + _THRESHOLD, ">"),
    (r"(?:\bunder|\bbelow|\bless than|\bfewer than|\blower than|\bsmaller than|\blighter than|\bcolder than|"
     r"\bcheaper than|\bearlier than|\bnarrower than|\byounger than|\bshorter than|\bfaster than|\bbefore|<)\s*" + _THRESHOLD, "<"),
]
_LENGTH_UNITS = ("letters", "letter", "characters", "character", "chars", "char")
_DATE = r"(\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4}|\d{1,2} [a-z]{3,9} \d{4})"


def _word_unit(unit: str | None) -> tuple[float, str]:
    """A threshold's unit as (scale, family): 'kg' -> (1000, 'mass'); words that are no unit -> (1, '')."""
    unit = (unit or "").lower()
    if unit in ("k",):
        return 1e3, ""
    if unit in UNITS:
        scale, family = UNITS[unit]
        return scale, "" if family == "count" else family
    return 1, ""


def read_test(ask: str, items: tuple[Item, ...], today: date) -> tuple[str, str] | None:
    """(Python test over `value`/`num`/`written`/`when`/`text`/`name`, what it means) the question asks of
    each item, or None when it asks none that can be read exactly."""
    ask = " " + ask.lower().replace("−", "-") + " "
    values = {i.value.lower() for i in items}
    # a category the question names ('go to DE', 'on tuesday', 'from webinar', 'VAT reg: Y', 'unpaid')
    named = sorted({v for v in values if re.search(r"[a-z]", v) and date_of(v) is None and number_of(v) is None and
                    re.search(r"(?<![\w-])" + re.escape(v) + r"(?![\w-])", ask)}, key=len, reverse=True)
    named = [v for v in named if not any(v != w and v in w for w in named)]
    days = [_weekday(v) for v in values]
    asked_days = {d for d in (_weekday(w) for w in re.findall(r"[a-z]+", ask)) if d}
    if all(days) and len(asked_days) == 1 and len(set(days)) > 1:  # 'Mon' items, 'on Tuesday?'
        day = asked_days.pop()
        spelled = sorted(v for v in values if _weekday(v) == day)
        if not spelled:
            return "False", f"on {day}"
        neg = _negated(ask, re.search(r"\b" + day + r"\w*", ask).group(0))
        return f"value.lower() {'not in' if neg else 'in'} {lit(tuple(spelled))}", f"on {day}"
    if len(named) == 1 and len(values) > 1:
        if _negated(ask, named[0]):  # "who hasn't done it yet? alex: done, beth: pending": the others
            return f"value.lower() != {lit(named[0])}", f"items whose value is not {named[0]}"
        return f"value.lower() == {lit(named[0])}", f"items whose value is {named[0]}"
    prefixes = {p.lower() for p in (_prefix(i.name) for i in items) if p}
    said = [p for p in prefixes if re.search(r"(?<![\w-])" + re.escape(p) + r"(?:s|es)?(?![\w-])", ask)]
    if len(said) == 1 and len(prefixes) > 1 and all(_prefix(i.name) for i in items):
        return f"name.lower().startswith({lit(said[0])})", f"named {said[0]}…"
    if (m := re.search(r"\b(start(?:s|ing)?|begin(?:s|ning)?|end(?:s|ing)?)\s+with\s+(?:the\s+letter\s+|an?\s+)?['\"‘“]?([a-z0-9][\w.-]*?)['\"’”]?"
                       r"(?=\s*(?:[?,.!:;]|$)|\s+(?:from|in|of|on|and|or|please|pls|only|here|there)\b)", ask)) and not re.fullmatch(r"(?:vowels?|consonants?|digits?|numbers?|capitals?|letters?|"
                                                                   r"uppercase|lowercase|upper|lower|symbols?|spaces?)", m.group(2)):
        where = "endswith" if m.group(1).startswith("end") else "startswith"
        neg = bool(re.search(r"\b(?:not|don'?t|doesn'?t)\s+(?:\w+\s+)?$", ask[: m.start()]))
        return f"{'not ' if neg else ''}name.lower().{where}({lit(m.group(2))})", f"named {m.group(2)}…"
    if m := re.search(r"\bleap years?\b", ask):
        return "num is not None and num == int(num) and int(num) % 4 == 0 and (int(num) % 100 != 0 or int(num) % 400 == 0)", \
            "leap years"
    if m := re.search(r"\b(?:divisible by|multiples? of)\s+(\d+)\b", ask):
        n = int(m.group(1))
        return f"num is not None and num == int(num) and int(num) % {n} == 0", f"divisible by {n}"
    if re.search(r"\b(?:even|odd)\b", ask) and not re.search(r"\beven\b.*\bodd\b|\bodd\b.*\beven\b", ask):
        word = "even" if re.search(r"\beven\b", ask) else "odd"
        if _negated(ask, word):  # 'which are not even' asks for the odd ones
            word = "odd" if word == "even" else "even"
        return f"num is not None and num == int(num) and int(num) % 2 == {int(word == 'odd')}", word
    if re.search(r"\b(?:out of stock|none left|sold out|zero stock)\b", ask):
        return "num == 0", "none in stock"
    if re.search(r"\b(?:owes?|owing|outstanding|in debt|still due|(?:still )?to pay)\b", ask) and \
            not re.search(r"\d", re.sub(r"\bowes? us\b", "", ask)):
        return "num is not None and num > 0", "owing money"
    if re.search(r"\bnegatives?\b", ask) and not re.search(r"\d", ask):
        return ("num is not None and num >= 0", "not negative") if _negated(ask, "negative") else \
            ("num is not None and num < 0", "negative")
    if re.search(r"\bpositives?\b", ask) and not re.search(r"\d", ask):
        return ("num is not None and num <= 0", "not positive") if _negated(ask, "positive") else \
            ("num is not None and num > 0", "positive")
    if re.search(r"\b(?:overdue|expired|past due|late|lapsed|out of date)\b", ask) and all(i.when for i in _typed(items)):
        return f"when < {lit(today.isoformat())}", f"before today ({today.isoformat()})"
    typed_items = _typed(items)
    dated = bool(items) and all(t.when for t in typed_items)
    if dated and (m := re.search(r"\b(?:in|during|for|within|fall in|falls in)\s+(?:the\s+)?(?:calendar\s+)?q([1-4])\s*(?:of\s+)?"
                                 r"((?:19|20)\d\d)\b", ask)):
        first = f"{m.group(2)}-{3 * int(m.group(1)) - 2:02d}-01"
        last = f"{m.group(2)}-{3 * int(m.group(1)):02d}-{31 if m.group(1) in '14' else 30}"
        return f"when is not None and {lit(first)} <= when <= {lit(last)}", f"dated in Q{m.group(1)} {m.group(2)}"
    if dated and (m := re.search(r"\b(older than|more than|over)\s+(\d+)\s*(days?|weeks?)(?:\s+old|\s+ago)?\b", ask)) and \
            (m.group(1) == "older than" or re.search(r"\b(?:old|ago)\b", ask[m.end() - 5: m.end() + 5])):
        days = int(m.group(2)) * (7 if m.group(3).startswith("week") else 1)
        cutoff = date.fromordinal(today.toordinal() - days).isoformat()
        return f"when is not None and when < {lit(cutoff)}", f"older than {days} days (before {cutoff})"
    if dated and (m := re.search(r"\b((?:on or )?before|(?:on or )?after|since|until|by)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+"
                                 r"(?:of\s+)?([a-z]{3,9})\b(?!\s+\d{4})", ask)) and m.group(3)[:3] in _MONTH_NUMBERS:
        years = {t.when[:4] for t in typed_items}
        if len(years) != 1 or not m.group(3).startswith(m.group(3)[:3]):
            return None  # 'before the 2nd of december' over dates of two years: which december is not said
        try:
            when = date(int(years.pop()), _MONTH_NUMBERS[m.group(3)[:3]], int(m.group(2)))
        except ValueError:
            return None
        op = {"before": "<", "after": ">", "since": ">=", "until": "<=", "by": "<=", "on or before": "<=",
              "on or after": ">="}[m.group(1)]
        return f"when is not None and when {op} {lit(when.isoformat())}", f"dated {m.group(1)} {when.isoformat()}"
    mark = re.search(r"\b(?:pass(?:ing)? mark|pass(?:ing)? score|passing grade|cut-?off|threshold)\s*(?:is|of|=|:|at)?\s*(\d+(?:\.\d+)?)\s*(%)?",
                     ask)
    if mark and re.search(r"\b(?:failed|fail|fails|failing|passed|pass|passes|passing)\b(?!\s*(?:mark|score|grade))", ask[mark.end():] + " " + ask[: mark.start()]):
        asked_fail = re.search(r"\bfail(?:ed|s|ing)?\b", ask[: mark.start()] + " " + ask[mark.end():])
        op = "<" if asked_fail else ">="
        return _threshold(None, mark.group(1), mark.group(2), op, items)
    versions = [_version(i.value) for i in items]
    if all(versions) and not all(number_of(i.value) for i in items) and (m := re.search(r"(?<![\w.])v?(\d+(?:\.\d+){1,3})(?![\w.]*\d)", ask)):
        wanted = _version(m.group(1))
        if sum(v == wanted for v in versions) == 0 or re.search(r"\b(?:before|after|older|newer|above|below|over|under|"
                                                                r"later|earlier|at least|exceed\w*|than|or (?:later|newer|above))\b", ask):
            return None  # a version compared, or one no item has: not read here
        return f"value.strip().lstrip('vV') == {lit(m.group(1))}", f"on version {m.group(1)}"
    if m := re.search(r"\b((?:on or )?before|(?:on or )?after|since|until|by)\s+" + _DATE, ask):
        when = date_of(m.group(2))
        if when is None:
            return None
        op = {"before": "<", "after": ">", "since": ">=", "until": "<=", "by": "<=", "on or before": "<=",
              "on or after": ">="}[m.group(1)]
        return f"when is not None and when {op} {lit(when.isoformat())}", f"dated {m.group(1)} {when.isoformat()}"
    if (m := re.search(r"\b(?:in|during|for)\s+((?:19|20)\d\d)\b", ask)) and all(i.when for i in _typed(items)):
        return f"when is not None and when[:4] == {lit(m.group(1))}", f"dated in {m.group(1)}"
    ask = IN_THE_NAME.sub(r"contain \1", ask)  # 'which dishes have mushroom in the name'
    if m := re.search(r"\b(?:mention(?:s|ing)?|contain(?:s|ing)?|includ(?:e|es|ing)|with|ha(?:ve|s))\s+(?:an?\s+|the\s+(?:word\s+)?)?"
                      r"['\"‘“]([^'\"’”]+)['\"’”]|\b(?:mention(?:s|ing)?|contain(?:s|ing)?)\s+([a-z][\w-]{2,})\b", ask):
        word = (m.group(1) or m.group(2)).lower()
        if m.group(2) and word in ("the", "any", "and", "for", "with", "from", "this", "that", "these", "some", "digit", "digits", "number", "numbers", "letter", "letters",
                                   "vowel", "vowels", "capital", "capitals", "uppercase", "space", "spaces", "symbol"):
            return None  # a class of characters, not a word: the list templates read those
        return f"{lit(word)} in text.lower()", f"mentioning '{word}'"
    ask = _named_threshold(ask)
    for pattern, op in _COMPARATORS:
        m = re.search(pattern, ask)
        if not m:
            continue
        if op == "between":
            low = float(m.group(1).replace(",", ""))
            high_test = _threshold(m.group(2), m.group(3), m.group(4), "<=", items)
            low_test = _threshold(m.group(2), m.group(1), m.group(4), ">=", items)
            if high_test is None or low_test is None:
                return None
            return f"({low_test[0]}) and ({high_test[0]})", f"between {low:g} and {m.group(3)}"
        return _threshold(m.group(1), m.group(2), m.group(3), op, items)
    return None


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday(word: str) -> str | None:
    """'Tuesday', 'tues', 'Tue' -> 'tue'; None for a word that is no day of the week."""
    m = re.fullmatch(r"(mon|tue|wed|thu|fri|sat|sun)(?:s|sday|nesday|rsday|urday|day|r|rs)?\.?", word.strip().lower())
    return m.group(1) if m else None


_LIMIT = r"(?:limit|threshold|cap|cut-?off|pass mark|ceiling)"


def _named_threshold(ask: str) -> str:
    """The threshold written where the question names it: 'carrier limit 25 kg, which are over the limit?'
    -> '... over 25 kg', 'over our 50% approval limit' -> 'over 50%'."""
    ask = re.sub(r"\b(?:our|the|your|my|their)\s+(?=[$€£]?\d[\d,.]*\s?(?:%|[a-z°²]{1,5})?\s+(?:[\w-]+\s+)?" + _LIMIT + r"\b)",
                 "", ask)
    ref = re.search(r"\b" + _LIMIT + r"\s*(?:is|of|=|:|at|set at|is set at)?\s*([$€£]?\d[\d,.]*(?:\s?(?:%|[a-z°²]{1,5}))?)"
                    r"(?![\w.])", ask)
    if ref is None:
        return ask
    return re.sub(r"\b(?:the|our|that|this|your|my)\s+(?:[\w-]+\s+)?" + _LIMIT + r"\b(?!\s*(?:is|of|=|:|at)?\s*[$€£]?\d)",
                  lambda m: ref.group(1), ask)


_NEGATION = re.compile(r"\b(?:not|no|never|hasn'?t|haven'?t|isn'?t|aren'?t|didn'?t|doesn'?t|don'?t|wasn'?t|weren'?t|"
                       r"without|yet to|still to)\b|n't\b")


def _negated(ask: str, word: str) -> bool:
    """Whether the question asks for the items that are NOT `word` ("who hasn't done it", "which aren't paid")."""
    m = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", ask)
    return bool(m and _NEGATION.search(ask[:m.start()]))


def _threshold(currency: str | None, number: str, unit: str | None, op: str,
               items: tuple[Item, ...]) -> tuple[str, str] | None:
    """The comparison of each item's number with a threshold written with or without a unit."""
    written = float(number.replace(",", "").replace("−", "-"))
    unit = (unit or "").lower()
    if unit in _LENGTH_UNITS:
        return f"len(name) {op} {written:g}", f"names with length {op} {written:g}"
    scale, family = _word_unit(unit)
    if unit == "k":
        written *= 1000
        scale = 1
    base = written * scale
    typed = _typed(items)
    if any(t.num is None for t in typed):
        return None
    families = {t.family for t in typed} - {""}
    if len(families) > 1 or (family and families and families != {family}):
        return None  # kilograms against metres, or items in several kinds of unit
    if family and families:
        return f"num {op} {base!r}", f"{op} {number}{unit}"
    return f"written {op} {written!r}", f"{op} {number}{unit}"


_TOGETHER = re.compile(r"\b(?:together|combined|altogether|in total|all told|total|sum|summed|added up|add up|"
                       r"put together|between them)\b")


class _Typed:
    """An item's number (base units), unit family, number as written and date, read once."""

    def __init__(self, item: Item, field_name: str | None = None):
        value = item.fields.get(field_name, item.value) if field_name else item.value
        found = number_of(value)
        if found is None and value == item.value and number_of(item.raw) is not None and item.name == item.raw:
            found = number_of(item.raw)
        self.num, self.family, self.written = found if found else (None, "", None)
        when = date_of(value) or date_of(item.raw)
        self.when = when.isoformat() if when else None


def _typed(items: tuple[Item, ...], field_name: str | None = None) -> list[_Typed]:
    return [_Typed(i, field_name) for i in items]


def _field(ask: str, items: tuple[Item, ...]) -> str | None:
    """The field the question names when the items carry several ('score above 70')."""
    names = {k for i in items for k in i.fields}
    named = [k for k in names if re.search(r"\b" + re.escape(k) + r"\b", ask)]
    return named[0] if len(named) == 1 else None


def _records(items: tuple[Item, ...], field_name: str | None, question: str = "") -> str:
    rows = []
    for item, t in zip(items, _typed(items, field_name)):
        value = item.fields.get(field_name, item.value) if field_name else item.value
        rows.append((item.name, value, t.num, t.written, t.when, item.raw))
    return "# " + lit(question) + "\nrecords = [\n" + "".join(f"    {lit(r)},\n" for r in rows) + "]\n"


def _filter(ask: str, mat: Material, today: date) -> Plan | None:
    if _TOGETHER.search(ask):
        return None  # 'are these together over 10k?' tests the sum, not each item
    if any(len(i.fields) > 1 for i in mat.items):
        field_name = _field(ask, mat.items)
        if field_name is None and not any(v in ask for i in mat.items for v in (i.value.lower(),)):
            named = [i.fields for i in mat.items]
            values = {v.lower() for f in named for v in f.values() if re.search(r"[a-z]", v.lower())}
            hits = [v for v in values if re.search(r"(?<![\w-])" + re.escape(v) + r"(?![\w-])", ask)]
            if len(hits) != 1:
                return None
            keep = [k for k in named[0] if any(f.get(k, "").lower() == hits[0] for f in named)]
            field_name = keep[0] if keep else None
        if field_name is None:
            return None
        items = tuple(Item(i.raw, i.name, i.fields.get(field_name, ""), i.fields) for i in mat.items)
    else:
        items = mat.items
        cells = _cells_test(ask, items, today)
        if cells is not None:
            return cells or None
    test = read_test(ask, items, today)
    if test is None:
        return None
    drop = re.search(r"\b(?:filter out|drop|remove|exclude|excluding|get rid of|without|except|delete|strip out|"
                     r"take out|lose|cut)\b", ask)
    # items named alike ('apples 12, apples 4') or a test over the whole text ('wip' in the title): the
    # item as written tells them apart; otherwise its name
    whole = len({i.name.lower() for i in items}) < len(items) or "text" in test[0]
    quantifier = _quantifier(ask)
    if quantifier is not None:
        if drop:
            return None
        return _quantified(quantifier, ask, items, test, whole)
    code = (_records(items, None, ask) + "\n\ndef passes(name, value, num, written, when, text):\n"
            f"    return {'not (' + test[0] + ')' if drop else test[0]}\n\n\n"
            f"kept = [r[{5 if whole else 0}] for r in records if passes(*r)]\n"
            "', '.join(kept) if kept else 'None of them.'")
    return Plan("filtering", code, f"Kept the items {test[1]}, in the list's order.", specificity=0.9,
                template="items_filter")


# 'group' as a noun of people ('from our group', 'my running group'): no grouping asked
_GROUP_NOUN = re.compile(r"\b(?:our|my|your|their|his|her|this|that)\s+(?:[a-z]+\s+)?groups?\b(?!\s+(?:by|into|them|these|those|it)\b)")


# a yes/no over the list: 'are all of these even?', 'any negative numbers in this?', 'is there one over 100?'
_ALL = re.compile(r"^\W*(?:(?:so|ok|quick q|q)\W+)?(?:are|were|do|did|is|does)\s+(?:all|every|each)\b|"
                  r"^\W*(?:all|every one) of (?:these|them|those|the \w+)\s+(?:\w+\s+){0,2}\?|\bevery one of\b")
_ANY = re.compile(r"^\W*(?:(?:so|ok|quick q|q)\W+)?(?:(?:are|were|is|was|do|does|did)\s+(?:any|there any|there an?|"
                  r"anything|anyone|any one)|any)\b")


def _quantifier(ask: str) -> str | None:
    if not re.search(r"\?\s*$|\by/n\b|\byes or no\b", ask) or re.search(r"\b(?:which|what|list|show|how many)\b", ask):
        return None
    if _ALL.search(ask) or _ALL_INSIDE.search(ask):
        return "all"
    if _ANY.search(ask) or _ANY_INSIDE.search(ask):
        return "any"
    return None


# the same yes/no after a lead-in ('working time check - did anyone go over 48?', 'party sizes: are all under 8?')
_ALL_INSIDE = re.compile(r"\b(?:are|were|do|did|is|does)\s+(?:all|every|each)\b")
_ANY_INSIDE = re.compile(r"\b(?:are|were|is|was|do|does|did)\s+(?:any|there any|anyone|anybody|any one)\b")


def _quantified(quantifier: str, ask: str, items: tuple[Item, ...], test: tuple[str, str], whole: bool) -> Plan:
    """All or any of the items pass the test: Yes or No, with the items that decide it."""
    col = 5 if whole else 0
    if quantifier == "all":
        tail = ("failing = [r[%d] for r in records if not passes(*r)]\n"
                "result = not failing\n"
                "f'Yes, all {len(records)} of them.' if result else 'No: ' + ', '.join(failing) + ' fail' + "
                "('s' if len(failing) == 1 else '') + ' the test.'") % col
    else:
        tail = ("hits = [r[%d] for r in records if passes(*r)]\n"
                "result = bool(hits)\n"
                "'Yes: ' + ', '.join(hits) + '.' if result else f'No, none of the {len(records)}.'") % col
    code = (_records(items, None, ask) + "\n\ndef passes(name, value, num, written, when, text):\n"
            f"    return {test[0]}\n\n\n" + tail)
    return Plan("boolean", code, f"Tested each item ({test[1]}) and asked whether {quantifier} of them pass.",
                specificity=0.9, template="items_quantified")


# 'how many … <test>' counts the items a filter keeps ('how many are under 18', 'how many got an A')
_COUNT_OF_TEST = re.compile(r"^(?:[^,.?!:]{0,40}[,:—–]\s*)?(?:\W*(?:and|so|ok|okay|hey|also|now|then|pls|please)\b)*\W*(?:how many|number of)\b")


_WHOLE_LIST = re.compile(r"\b(?:how many|number of)\s+(?:[a-z-]+\s+){0,2}?(?:is that|does that make|that makes|"
                         r"(?:are |is )?(?:in|on) (?:this|the|that|my|our) (?:[a-z-]+ )?list|(?:are )?(?:there )?in total|"
                         r"altogether|total)\W*$")


# counts that are not of the list's items: occurrences ('how many times'), distinct values, amounts of time or
# measure ('how many working days is that'), what is left of a whole ('how many are left unassigned')
_NOT_A_LIST_COUNT = re.compile(r"\bhow many times\b|\b(?:distinct|unique|different)\b|\bhow many (?:\w+ )?(?:days?|weeks?|"
                               r"months?|years?|hours?|hrs?|minutes?|mins?|seconds?|nights?|points?|kg|km|miles?|"
                               r"dollars?|euros?|pounds?|litres?|liters?|bytes|[kmg]b)\b|\b(?:left|remain\w*|leftover|"
                               r"unassigned|spare|short|per|each)\b")


def _asks_extraction(q: Query) -> bool:
    """Whether the message asks for the items of a kind written in a text ('what's the phone number in here: …',
    'which IPs are in this'), which the extractor lists, with no test on each item's value."""
    from rlm_bot.pipeline.compute import extract  # (extract reads lists of its own; imported where it is needed)
    if re.search(r"\b(?:how many|count|number of|each|per|by|group\w*|sort\w*|order)\b", q.body.split("\n")[0].lower()):
        return False  # 'how many tickets in each status?': a count or a grouping of the items, not a list of ids
    found = extract.extraction_instruction(q.body)
    if found is None or found[1] in ("number", "amount", "percent", "date", "time", "year"):
        return False  # quantities and dates: a test on them ('over 50', 'after the 10th') is this reader's
    return extract.solve_extract(q) is not None


def _bare_lines(body: str) -> Material | None:
    """A list of bare lines ('Hill Dental', 'Closed Lost', 'TS-BLK-M', one each a line) with its one question
    line before or after it (a line that only heads the list, 'jan renewals:', goes with the question), or
    None. Each line is an item whole: a name, no value."""
    lines = [ln.strip() for ln in clean(body).splitlines() if ln.strip() and not re.fullmatch(r"`{3}\w*", ln.strip())]
    asking = [k for k, ln in enumerate(lines) if COUNT_ASK.search(ln.lower())]
    if len(asking) != 1 or asking[0] not in (0, len(lines) - 1):
        return None
    k = asking[0]
    question, rest = lines[k], (lines[1:] if k == 0 else lines[:-1])
    if rest and (rest[0].endswith(":") or (k > 0 and len(rest) > 3 and
                                            len(rest[0].split()) > max(len(ln.split()) for ln in rest[1:]))):
        question, rest = question + " " + rest[0], rest[1:]  # a heading ('volunteers for saturday'), not an item
    rest = [re.sub(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+", "", ln) for ln in rest]
    if len(rest) < 3 or any(len(ln.split()) > MAX_BARE_WORDS or re.search(r"[:=|\t]|,.*,|[.!?]$", ln) for ln in rest):
        return None  # sentences, records with fields, a table: not a bare list
    return Material(question, tuple(Item(ln, ln, ln) for ln in rest))


MAX_BARE_WORDS = 4


def _count(ask: str, mat: Material, today: date) -> Plan | None:
    """How many items pass the test the question asks, or None when no test can be read (a count of the
    whole list, of a word, of distinct values is other readers')."""
    if re.search(r"\b(?:drop|remove|exclude|excluding|without|except|not counting|ignoring)\b", ask):
        return None
    items = mat.items
    if all(i.name == i.raw for i in items) and not re.search(r"\d", ask):
        # bare lines ('Closed Won', 'Closed Lost', …): the one line the question names, counted
        lines = {i.raw.lower() for i in items}
        named = [v for v in lines if re.search(r"(?<![\w-])" + re.escape(v) + r"(?:s|es)?(?![\w-])", ask)]
        named = [v for v in named if not any(v != w and v in w for w in named)]
        if len(named) == 1 and len(lines) >= 2 and not _negated(ask, named[0]):
            code = (f"# {lit(ask)}\nitems = [\n" + "".join(f"    {lit(i.raw)},\n" for i in items) + "]\n"
                    f"str(sum(1 for item in items if item.strip().lower() == {lit(named[0])}))")
            return Plan("counting", code, f"Counted the lines that read {named[0]!r}.", specificity=0.9,
                        template="items_count_value")
        if named:
            return None
    if _WHOLE_LIST.search(ask) and not re.search(r"\d", ask) and not any(date_of(i.raw) for i in items):
        # 'how many clinics is that', 'how many SKUs in this list': every item, each line once counted
        code = (f"# {lit(ask)}\nitems = [\n" + "".join(f"    {lit(i.raw)},\n" for i in items) + "]\nstr(len(items)) + ' items'")
        return Plan("counting", code, "Counted the items of the list.", specificity=0.9, template="items_count_all")
    if all(i.name == i.raw and number_of(i.raw) is None for i in items):
        return None  # bare words with no test the question names
    plan = _filter(ask, mat, today)
    if plan is None:
        return None
    code = plan.code.rsplit("\n", 1)[0] + "\nstr(len(kept)) + (' (' + ', '.join(kept) + ')' if kept else '')"
    return Plan("counting", code, plan.explanation.replace("Kept", "Counted"), specificity=0.9,
                template="items_count")


_CELL_FILLER = frozenset("""which who what whose any anything anyone are is were was the a an of these those them ones one
items still yet so far currently right now please pls only just and show list give me need find that have has been with
eur usd gbp dollars euros pounds status state thanks thank you much thx cheers ty lot advance appreciated""".split())


def _cells_test(ask: str, items: tuple[Item, ...], today: date) -> Plan | bool | None:
    """Items whose value holds several cells ('A-101 DE shipped', 'INV-71 1200.00 unpaid') tested on the
    cells the question names: a word of a column ('not shipped', 'unpaid'), and a threshold on the one
    numeric column, every test at once ('unpaid and over 1000'). None when the values are not such cells or
    no cell word is named (other tests read them); False when the question says more than these tests."""
    if any(date_of(i.value) for i in items):
        return None  # '10 May 2026', '18.5 kg': one value written in several words
    rows = [i.value.split() for i in items]
    width = len(rows[0])
    if width < 2 or any(len(r) != width for r in rows):
        return None
    columns = list(zip(*rows))
    numeric = [k for k, col in enumerate(columns) if all(number_of(c) is not None for c in col)]
    words = [k for k, col in enumerate(columns) if k not in numeric and all(re.fullmatch(r"[A-Za-z][\w-]*", c) for c in col)
             and len({c.lower() for c in col}) > 1]
    if any(c.lower() in UNITS or c.lower() in _CELL_FILLER for k in words for c in columns[k]):
        return None  # '1.2 kg', '800 g': a number and its unit, one value (the thresholds read it)
    if len(numeric) + len(words) != width:
        return None
    start = re.search(r"\b(?:which|who|whose|what|any|anything|anyone|only|just|show|list|give)\b", ask)
    asked = ask[start.start():] if start else ask
    tests, spans = [], []
    for k in words:
        for v in sorted({c.lower() for c in columns[k]}, key=len, reverse=True):
            m = re.search(r"(?<![\w-])" + re.escape(v) + r"(?![\w-])", asked)
            if m and not any(a <= m.start() < b for a, b in spans):
                neg = _negated(asked, v)
                tests.append(f"cells[{k}].lower() {'!=' if neg else '=='} {lit(v)}")
                neg_word = re.search(r"(?:\b(?:not|never)\s+|n't\s+)(?:(?:been|yet|be)\s+)?$", asked[: m.start()])
                spans.append((neg_word.start() if neg and neg_word else m.start(), m.end()))
    if not tests:
        return None
    if re.search(r"\bor\b", asked):
        return False  # 'shipped or pending': either test; not read here
    for pattern, op in _COMPARATORS:
        m = re.search(pattern, asked)
        if m is None:
            continue
        if len(numeric) != 1 or op == "between":
            return False
        number = float(m.group(2).replace(",", ""))
        tests.append(f"number_of(cells[{numeric[0]}]) {op} {number!r}")
        spans.append(m.span())
        break
    rest = asked
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    left = [w for w in re.findall(r"[a-z][\w'-]*", rest) if w not in _CELL_FILLER]
    if len(left) > 1:
        return False  # words that are no test read here ('late', 'this week'): a list kept on part of the question is wrong
    code = ("import re\n\n\ndef number_of(cell):\n    return float(re.sub(r'[^\\d.-]', '', cell))\n\n\n"
            f"# {lit(ask)}\nrows = [\n" + "".join(f"    ({lit(i.name)}, {lit(r)}),\n" for i, r in zip(items, rows)) + "]\n"
            "kept = [name for name, cells in rows if " + " and ".join(f"({t})" for t in tests) + "]\n"
            "', '.join(kept) if kept else 'None of them.'")
    return Plan("filtering", code, "Kept the items whose cells pass every test the question names, in the list's order.",
                specificity=0.9, template="items_filter_cells")


def _prefix(name: str) -> str | None:
    m = re.match(r"([A-Za-z]+)[-_ #]?\d", name)
    return m.group(1) if m else None


def _group(ask: str, mat: Material) -> Plan | None:
    items = mat.items
    if re.search(r"\bprefix(?:es)?\b", ask):
        # the part before the first separator when every item has one ('Q1-renewal-Acme' -> 'Q1',
        # 'use1-web-01' -> 'use1'); else the letters before the first digit ('INV2041' -> 'INV')
        leads = [re.match(r"([A-Za-z0-9]+)[-_./:]\S", i.raw) for i in items]
        keys = [m.group(1) for m in leads] if all(leads) else [_prefix(i.raw) for i in items]
        what = "prefix"
    elif re.search(r"\b(?:odd|even)\b", ask):
        typed = _typed(items)
        if any(t.num is None or t.num != int(t.num) for t in typed):
            return None
        keys = ["even" if int(t.num) % 2 == 0 else "odd" for t in typed]
        what = "parity"
    elif (period_of := re.search(r"\b(?:by|per|into|each)\s+(?:the\s+)?(?:calendar\s+)?(quarter|month|year)s?\b", ask)) \
            and all(date_of(i.value) and i.name and i.name != i.value for i in items) and not any(i.fields for i in items):
        # 'group these 2027 renewals by calendar quarter': each item under the period its date falls in
        dated = [date_of(i.value) for i in items]
        several = len({d.year for d in dated}) > 1
        unit = period_of.group(1)
        keys = [(f"Q{(d.month - 1) // 3 + 1}" if unit == "quarter" else d.strftime("%B") if unit == "month" else
                 str(d.year)) + (f" {d.year}" if several and unit != "year" else "") for d in dated]
        what = unit
    elif (parts := _part_keys(ask, items)) is not None:
        keys, what = parts, "prefix"  # 'Berlin-04', 'kim-ops', 'li@zenco.io', 'red onion' (first word): a part is the key
        if re.search(r"\b(?:how many|count|counts|number of|tally)\b", ask):
            return _group_count(ask, items, keys)
    else:
        field_name = _field(ask, items) if any(i.fields for i in items) else None
        keys = [i.fields.get(field_name) if field_name else i.value for i in items]
        what = field_name or "value"
        if any(i.name == i.value for i in items) or any(k is None for k in keys):
            return None
        if any(re.search(r"\s[-–—]\s|:\s|=", i.name) or re.search(r"^[\[{\"']|[\]}\"']$", i.raw) for i in items):
            return None  # 'Mon - spin 6:30am' beside 'Tue - yoga 7pm', '{"evt_1":"ios"': items not split alike
        names = [i.name for i in items]
        side = _named_side(ask, names, keys)  # (read on the items as written, before dates become their months)
        period = re.search(r"\b(?:per|by|each|every|a) (month|year)\b|\b(monthly|yearly)\b", ask)
        dated = [date_of(n) for n in names]
        if period and all(dated):  # 'spending per month: 2026-10-03  $120': the dates' months are the names
            yearly = (period.group(1) or period.group(2)).startswith("year")
            names = [str(d.year) if yearly else d.strftime("%B") + ("" if len({x.year for x in dated}) == 1 else f" {d.year}")
                     for d in dated]
            items = tuple(Item(i.raw, n, i.value, i.fields) for i, n in zip(items, names))
        total = re.search(r"\b(?:sum|sums|total|totals|spend|spending|spent|add up|how much|how many|per|each)\b", ask)
        if total and all(number_of(k) is not None for k in keys) and len({n.lower() for n in names}) < len(names):
            return _group_sum(ask, items)
        if side == "name":  # 'group by day: dana - mon, luis - tue …': the ask names what the left side holds
            keys, items = names, tuple(Item(i.raw, i.value, i.name, {}) for i in items)
            names = [i.name for i in items]
        distinct_keys, distinct_names = len({k.lower() for k in keys}), len({n.lower() for n in names})
        if side is not None:
            distinct_names = len(keys) + 1  # the key side is settled: the other side's repeats do not matter
        if distinct_keys == 1 < distinct_names < len(names):  # 'mon deploy, tue deploy': one value is no key
            distinct_keys = len(keys) + 1
        if distinct_names < distinct_keys and distinct_keys < len(keys) and distinct_names > 1 and \
                not (re.search(r"\b(?:group|grup|bucket|split|separate|organi[sz]e)\w*\b", ask) and
                     all(re.search(r"\s[-–—]\s|:", i.raw) for i in items) and distinct_keys - distinct_names >= 1 and
                     distinct_names < len(keys)):
            return None  # both sides repeat: which one the question means is not written down (unless one side
            # is clearly the coarser: 'group these by store: Leeds - mugs, York - plates, Leeds - bowls, Hull - mugs')
        if distinct_names < distinct_keys:  # 'Leeds - mugs', 'starter: soup', 'CS101 Alice': the left side repeats
            keys, items = names, tuple(Item(i.raw, i.value, i.name, {}) for i in items)
            what = "the first column"
        elif distinct_names == distinct_keys and distinct_keys < len(keys):
            return None  # either side could be the key
        if any(not re.search(r"[A-Za-z0-9]", k) for k in keys):
            return None
        if len({k.lower() for k in keys}) == len(keys) and not any(re.search(r"[:=(\t—–|]|\s-\s|\s{2,}", i.raw) for i in items):
            return None  # 'group these by priority: fix login, write docs': no item carries the key
        if _TOP_GROUP.search(ask):
            return _group_top(ask, items, keys)
        if re.search(r"\b(?:how many|count|counts|number of|tally)\b", ask):
            return _group_count(ask, items, keys)
        if len({k.lower() for k in keys}) == len(keys) and not re.search(r"\b(?:group|bucket|split)\b", ask):
            return None
    keys = [_bare_key(k) if k else k for k in keys]
    if any(not k for k in keys):
        return None
    if re.search(r"\b(?:sum|sums|total|totals|add up|average|avg|mean|how much|how long)\b", ask) and \
            not re.search(r"\b(?:group(?:ed|s|ing)?|grup|bucket(?:ed|s)?|split|separate|categori[sz]e)\b", ask):
        return None  # 'total class time per week?' asks for an amount, not for the members of each key
    if what == "parity":  # in the order the question names them ('separate the even and odd ones')
        named = sorted({"even", "odd"}, key=lambda w: ask.find(w))
        order = sorted(range(len(keys)), key=lambda n: named.index(keys[n]))
        items, keys = tuple(items[n] for n in order), [keys[n] for n in order]
    code = (f"# {lit(ask)}\npairs = [\n" + "".join(f"    ({lit(i.name if what != 'prefix' and what != 'parity' else i.raw)}, {lit(k)}),  # {lit(i.raw)}\n"
                                     for i, k in zip(items, keys)) + "]\n"
            "groups = {}\nlabels = {}\nfor name, key in pairs:\n"
            "    labels.setdefault(key.lower(), key)\n"
            # 'gold: acme, initech' under a key written first names two members
            + ("    groups.setdefault(key.lower(), []).extend(name.split(', '))\n" if what == "the first column" else
               "    groups.setdefault(key.lower(), []).append(name)\n")
            + ("'\\n'.join('• ' + labels[k] + ': ' + ', '.join(v) for k, v in groups.items())" if what == "parity" else
               "'\\n'.join('• ' + labels[k] + ' (' + str(len(v)) + '): ' + ', '.join(v) for k, v in groups.items())"))
    return Plan("grouping", code, f"Grouped the items by {what}, groups in first-seen order.", specificity=0.9,
                template="items_group")


# what a key word names, to tell which side of 'dana - mon' the ask groups by ('by day' -> the weekdays)
_KEY_CLASSES = (
    (r"days?|weekdays?", r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?"),
    (r"months?", r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
                 r"august|september|october|november|december"),
    (r"sizes?", r"xxs|xs|s|m|l|xl|xxl|xxxl|small|medium|large"),
    (r"colou?rs?", r"red|blue|green|yellow|black|white|grey|gray|pink|purple|orange|brown"),
    (r"shifts?", r"morning|afternoon|evening|night|early|late|lunch|dinner|breakfast|brunch|day|am|pm"),
    (r"status(?:es)?|states?", r"open|closed|done|todo|to do|in progress|pending|blocked|shipped|cancell?ed|new|"
                               r"resolved|paid|unpaid|active|inactive"),
)


def _named_side(ask: str, names: list[str], keys: list[str]) -> str | None:
    """'name' or 'value' when the key the ask names ('by day', 'which shift', 'each size') is what exactly one side
    of the items holds (weekdays, sizes, colours, shifts, statuses); None when not told."""
    for word, values in _KEY_CLASSES:
        if not re.search(r"\b(?:by|per|which|each|every|under)\s+(?:the\s+)?(?:" + word + r")\b", ask):
            continue
        fits = [all(re.fullmatch(values, x.strip().lower()) for x in side) for side in (names, keys)]
        if fits == [True, False]:
            return "name"
        if fits == [False, True]:
            return "value"
    return None


def _part_keys(ask: str, items: tuple[Item, ...]) -> list[str] | None:
    """Keys that are a part of each item, when no item carries a key of its own: the part the ask names ('first
    word', 'last word', 'domain'), else the one side of a separator ('@', '-', '_', a space) whose values repeat
    while the other side's do not ('Berlin-04, Munich-11, Berlin-07' -> Berlin, Munich). None when unsure."""
    raws = [i.raw.strip() for i in items]
    if re.search(r"\bfirst word\b", ask) and all(len(r.split()) > 1 for r in raws):
        return [r.split()[0] for r in raws]
    if re.search(r"\blast word\b", ask) and all(len(r.split()) > 1 for r in raws):
        return [r.split()[-1] for r in raws]
    if any(i.name != i.value for i in items) and not re.search(r"\bdomains?\b", ask):
        return None
    if re.search(r"\bdomains?\b", ask) and all(re.fullmatch(r"[^@\s]+@[\w.-]+\.[a-z]{2,}", r, re.I) for r in raws):
        return [r.split("@")[1].lower() for r in raws]
    for sep in ("@", "-", "_", " "):
        split = [r.split(sep) for r in raws]
        if not all(len(p) == 2 and p[0] and p[1] for p in split):
            continue
        sides = [[p[k] for p in split] for k in (0, 1)]
        repeats = [1 < len({x.lower() for x in side}) < len(side) for side in sides]
        if repeats.count(True) != 1:
            return None
        keys = sides[repeats.index(True)]
        return keys if all(re.search(r"[A-Za-z]", k) for k in keys) else None
    return None


# 'which region has the most drivers?', 'which category has the most items': the key with the most items
_TOP_GROUP = re.compile(r"\bwhich \w+ (?:has|had|have|got|gets|is|was) (?:the )?(most|fewest|least)\b(?! (?:expensive|recent)\b)")


def _group_top(ask: str, items: tuple[Item, ...], keys: list[str]) -> Plan | None:
    """The key with the most (or fewest) items; None on a tie."""
    counts: dict[str, int] = {}
    for k in keys:
        counts[k.lower()] = counts.get(k.lower(), 0) + 1
    most = _TOP_GROUP.search(ask).group(1) == "most"
    best = (max if most else min)(counts.values())
    if list(counts.values()).count(best) != 1 or len(counts) < 2:
        return None
    code = (f"# {lit(ask)}\nkeys = [\n" + "".join(f"    {lit(k)},  # {lit(i.raw)}\n" for i, k in zip(items, keys)) + "]\n"
            "counts = {}\nlabels = {}\nfor key in keys:\n    labels.setdefault(key.lower(), key)\n"
            "    counts[key.lower()] = counts.get(key.lower(), 0) + 1\n"
            f"top = {'max' if most else 'min'}(counts, key=counts.get)\n"
            "labels[top] + ' (' + str(counts[top]) + ')'")
    return Plan("grouping", code, f"Counted the items of each key; the one with the {'most' if most else 'fewest'}.",
                specificity=0.9, template="items_group_top")


# a grouping asked by the key each item carries ('who's on which day?', 'which shift is everyone on?', 'who sits at
# which table', 'list names under each size', 'list by storage temp')
_KEY_ASK = re.compile(r"\b(?:who|what)(?:'s|s|'re| is| are)?\b[^?.!\n]{0,30}\bwhich ([a-z]+)\b(?!\s+(?:has|have|had|is|was|"
                      r"gets?|got)\b)|\bwhich ([a-z]+) (?:is|are) (?:everyone|everybody|each \w+|they|people|folks)\b|"
                      r"\bunder each ([a-z]+)\b|\blist (?:\w+ )?(?:by|per) ([a-z]+)\b")


def _bare_key(key: str) -> str:
    """A group key without the marks around it or the field name before it: '[prod]' -> 'prod',
    'team: eng' / 'team=design' -> 'eng' / 'design'."""
    key = key.strip()
    key = re.sub(r"^[\[(<{](.+)[\])>}]$", r"\1", key).strip()
    m = re.fullmatch(r"[A-Za-z][\w ]{0,20}?\s*[:=]\s*(\S.*)", key)
    return m.group(1).strip() if m else key


def _group_count(ask: str, items: tuple[Item, ...], keys: list[str]) -> Plan:
    """'how many tickets per status? #118 open, #119 closed …': how many items each key has."""
    code = (f"# {lit(ask)}\nkeys = [\n" + "".join(f"    {lit(k)},  # {lit(i.raw)}\n" for i, k in zip(items, keys)) + "]\n"
            "counts = {}\nlabels = {}\nfor key in keys:\n    labels.setdefault(key.lower(), key)\n"
            "    counts[key.lower()] = counts.get(key.lower(), 0) + 1\n"
            "'\\n'.join('• ' + labels[k] + ': ' + str(n) for k, n in counts.items())")
    return Plan("grouping", code, "Counted the items of each key, keys in first-seen order.", specificity=0.9,
                template="items_group_count")


def _group_sum(ask: str, items: tuple[Item, ...]) -> Plan | None:
    """'sum the deliveries by site: Site A 12 tonnes, Site B 8 tonnes, Site A 5 tonnes': a total per name."""
    found = [number_of(i.value) for i in items]
    mean = re.search(r"\b(?:average|avg|mean)\b", ask)
    if len({f[1] for f in found}) > 1 or re.search(r"\b(?:median|max(?:imum)?|min(?:imum)?|highest|lowest|range)\b", ask):
        return None
    unit = re.sub(r"[\d.,\s$€£-]", "", items[0].value) if found[0][1] or "%" in items[0].value else ""
    money = re.match(r"\s*([$€£])", items[0].value)
    code = (f"# {lit(ask)}\nrows = [\n" + "".join(f"    ({lit(i.name)}, {f[2]!r}),  # {lit(i.raw)}\n"
                                                  for i, f in zip(items, found)) + "]\n"
            "totals = {}\nseen = {}\nfor name, amount in rows:\n    totals[name] = totals.get(name, 0) + amount\n"
            "    seen[name] = seen.get(name, 0) + 1\n"
            + ("totals = {name: t / seen[name] for name, t in totals.items()}\n" if mean else "") + "\n\n"
            "def show(x):\n" + (f"    return {lit(money.group(1))} + f'{{x:,.2f}}'\n" if money else
                                 f"    return f'{{round(x, 6):g}}' + {lit(' ' + unit if unit else '')}\n")
            + "\n\n'\\n'.join('• ' + name + ': ' + show(t) for name, t in totals.items())")
    done = "Averaged" if mean else "Added up"
    return Plan("grouping", code, f"{done} the amounts of each name, names in first-seen order.", specificity=0.9,
                template="items_group_sum")


_DESC = ("highest", "largest", "biggest", "heaviest", "most", "newest", "latest", "recent", "top", "best",
         "tallest", "longest", "slowest", "warmest", "hottest", "priciest", "expensive", "furthest", "farthest",
         "descending", "desc", "z-a", "reverse", "high to low", "high→low", "high -> low", "largest first")
_ASC = ("lowest", "smallest", "least", "lightest", "earliest", "cheapest", "coldest", "youngest", "shortest",
        "closest", "nearest", "fastest", "worst", "bottom", "ascending", "asc", "a-z", "low to high", "low→high",
        "low -> high", "oldest", "alphabetic", "alphabetical", "alphabetically", "alphabetize", "alphabetise")


def read_order(ask: str, kind: str) -> bool | None:
    """Whether the question asks for the largest first (True), smallest first (False), or None (no end named:
    ascending is meant only when it says sort/order)."""
    hits = []
    for words, desc in ((_DESC, True), (_ASC, False)):
        for w in words:
            for m in re.finditer(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", ask):
                hits.append((m.start(), w, desc))
    hits.sort()
    if not hits:
        if re.search(r"\brank", ask):
            return True  # 'rank these teams by wins': the first place is the most
        return False if re.search(r"\b(?:sort|order|arrange)", ask) and kind != "rank" else None
    first = hits[0]
    if first[1] == "oldest":
        return kind == "number"  # oldest date first, but the oldest age is the largest number
    if first[1] == "youngest":
        return kind == "date"
    if first[1] == "reverse" and "alphabet" not in ask:
        return None
    return first[2]


def _sort(ask: str, mat: Material) -> Plan | None:
    items = mat.items
    labelled = all(i.name != i.raw for i in items)
    field_name = _field(ask, items) if any(len(i.fields) > 1 for i in items) else None
    typed = _typed(items, field_name)
    alphabet = re.search(r"\b(?:alphabeti[sz]e|alphabetic(?:al)?(?:ly)?|a-z|z-a|by name|names? order)\b", ask)
    if alphabet and _negated(ask, alphabet.group(0)):
        return None  # 'by code numerically (not alphabetically)': the order meant is another one
    if (re.search(r"\b(?:length|how long the)\b", ask) or _BY_LENGTH.search(ask)) and not labelled and \
            not any(t.num is not None or t.when or duration(i.raw) is not None for t, i in zip(typed, items)):
        key_kind, keys = "length", [len(i.raw) for i in items]  # 'codes shortest to longest: VIP, BFCM, …'
    elif alphabet:
        key_kind, keys = "alphabet", [i.name.casefold() for i in items]
    elif labelled and all(_dotted_date(i.value) for i in items):
        key_kind, keys = "date", [_dotted_date(i.value) for i in items]  # '17.12.2026' is a day, not 17.12
    elif any(_dotted_date(i.value if labelled else i.raw) for i in items):
        return None  # some dates written day.month.year among other values: no one order reads them all
    elif all(_version(i.value if labelled else i.raw) for i in items) and not all(t.num is not None for t in typed):
        key_kind, keys = "version", [_version(i.value if labelled else i.raw) for i in items]
    elif all(_clock(i.value) is not None for i in items) and labelled:
        key_kind, keys = "date", [_clock(i.value) for i in items]  # times of day: earliest is smallest
    elif all(t.when for t in typed):
        key_kind, keys = "date", [t.when for t in typed]
    elif all(_clock_in(i.raw) is not None for i in items) and _TIME_ORDER.search(ask):
        key_kind, keys = "date", [_clock_in(i.raw) for i in items]  # '14:22 out for delivery': the time in each line
    elif labelled and _durations(items):
        key_kind, keys = "number", _durations(items)  # 's_a=14m 05s', 'route_b=45m': lengths of time
    elif labelled and all(_month_day(i.value) for i in items):
        key_kind, keys = "date", [_month_day(i.value) for i in items]  # 'Mar 3', '27 Feb': the year is the same
    elif all(_fraction(i.raw) is not None for i in items):
        key_kind, keys = "number", [_fraction(i.raw) for i in items]
    elif all(t.num is not None for t in typed):
        if len({t.family for t in typed}) > 1:
            return None
        key_kind, keys = "number", [t.num for t in typed]
    else:
        return None
    desc = read_order(ask, key_kind)
    if desc is None or (re.search(r"\brank", ask) and _merit(ask)):
        return None
    if len(set(keys)) < len(keys) and any(re.search(r"\d", i.name) for i in items if i.name != i.raw):
        return None  # 'Q1 2025, Q3 2024, Q2 2025': the values tie and the names carry an order of their own
    if re.search(r"\b(?:slowest|fastest)\b", ask) and typed[0].family not in ("time", ""):
        return None
    # the name alone when the value is what the order reads ('Ana 112%' -> 'Ana'); a sort by the name itself
    # ('Zesty Foods, Bloom Co' A-Z) shows the item whole
    # ('Dock 12, Dock 3' or 'Bio 3.12, Bio 1.04' show the whole item: a name shared by items tells them not apart)
    named = labelled and len({i.name.casefold() for i in items}) == len(items) and key_kind != "alphabet" and \
        not any(date_of(i.name) for i in items)  # ('28 Jan 2027 - swim gala': a date names nothing, the line is shown)
    shown = [i.name if named and number_of(i.name) is None and _clock_in(i.name) is None else i.raw for i in items]
    if re.search(r"\b(?:dedupe|de-dupe|dedup|remove (?:the )?(?:dups|dupes|duplicates)|unique|distinct|no (?:dups|dupes|duplicates))\b", ask):
        firsts = {}
        for k, sh, i in zip(keys, shown, items):
            firsts.setdefault(sh.lower(), (k, sh, i))  # 'sort ascending and remove dups': each item once
        keys, shown, items = [f[0] for f in firsts.values()], [f[1] for f in firsts.values()], tuple(f[2] for f in firsts.values())
    code = (f"# {lit(ask)}\nrows = [\n" + "".join(f"    ({lit(k)}, {lit(s)}, {lit(i.raw)}),\n"
                                                  for k, s, i in zip(keys, shown, items)) + "]\n"
            f"rows.sort(key=lambda r: r[0], reverse={desc})\n"
            f"{lit('; ' if any(',' in sh for sh in shown) else ', ')}.join(r[1] for r in rows)")
    order = "largest first" if desc else "smallest first"
    return Plan("sorting", code, f"Sorted by {key_kind}, {order}.", specificity=0.9, template="items_sort")


# an order by length of the items themselves ('shortest to longest', 'longest first')
_BY_LENGTH = re.compile(r"\b(?:shortest|longest)\s*(?:to|->|→|-)\s*(?:shortest|longest)\b|\b(?:shortest|longest) (?:first|on top)\b")
# an order in time ('chronologically', 'in time order', 'by time', 'earliest first')
_TIME_ORDER = re.compile(r"\bchrono\w*|\btime order\b|\bby (?:the )?(?:time|clock|start)\b|\bearliest\b|\blatest\b|"
                         r"\b(?:sort|order|arrange|put)\b")


def _clock_in(text: str) -> int | None:
    """The one time of day written in an item ('14:22 out for delivery', 'truck 4 departs 9:20 pm') in minutes
    after midnight; None when it holds none or several, or other numbers besides ('Bay 3 at 9:00')."""
    found = list(re.finditer(r"(?<![\d:.])(\d{1,2}):(\d\d)(?:\s?([ap])\.?m\.?)?(?![\d:])", text, re.I))
    if len(found) != 1:
        return None
    rest = text[: found[0].start()] + " " + text[found[0].end():]
    if re.search(r"\d", rest) and not re.fullmatch(r"[^\d]*\b[A-Za-z]+ \d{1,3}\b[^\d]*", rest):
        return None
    return _clock(found[0].group(0))


def _durations(items: tuple[Item, ...]) -> list[float] | None:
    """Each item's value as a length of time ('14m 05s', '1h 20m', '45m') when every value is one and at least one
    is written in two units (so that '45m' reads as minutes, not metres); None otherwise."""
    found = [duration(i.value) for i in items]
    if any(f is None for f in found) or not any(len(re.findall(r"\d+\s*[a-z]+", i.value.lower())) >= 2 for i in items):
        return None
    return found


def _dotted_date(text: str) -> tuple[int, int, int] | None:
    """'17.12.2026' -> (2026, 12, 17): a date written day.month.year; None for anything else."""
    m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(1)) <= 31:
        return None
    return int(m.group(3)), int(m.group(2)), int(m.group(1))


def _month_day(text: str) -> tuple[int, int] | None:
    """'Mar 3', '3 March', 'Feb 27th' -> (month, day); None for anything else."""
    m = re.fullmatch(r"\s*([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*|\s*(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?\s*", text)
    if not m:
        return None
    month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    number = _MONTH_NUMBERS.get(month[:3].lower())
    if number is None or not month.lower().startswith(month[:3].lower()) or not 1 <= int(day) <= 31:
        return None
    return number, int(day)


_MONTH_NUMBERS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


def _clock(text: str) -> int | None:
    """'12:40' -> 760, '7:05 pm' -> 1145 (minutes after midnight); None for anything else."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d\d)(?:\s?([ap])\.?m\.?)?\s*", text, re.I)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    hour = int(m.group(1)) % 12 + (12 if (m.group(3) or "").lower() == "p" else 0) if m.group(3) else int(m.group(1))
    return hour * 60 + int(m.group(2))


def _version(text: str) -> tuple | None:
    m = re.fullmatch(r"\s*v?(\d+(?:\.\d+){1,3})(?:-([0-9A-Za-z.]+))?\s*", text)
    if not m:
        return None
    return tuple(int(p) for p in m.group(1).split(".")) + ((0, m.group(2)) if m.group(2) else (1, ""))


def _fraction(text: str) -> float | None:
    m = re.fullmatch(r"\s*(\d+)/(\d+)\s*", text)
    return int(m.group(1)) / int(m.group(2)) if m and int(m.group(2)) else None


def solve_items_sort(q: Query) -> Plan | None:
    """Only a sort of pasted items whose question names an end first ('Ana 112% … lowest first pls'), tried
    before the statistics templates would read 'lowest' as the minimum."""
    text = q.body.lower()
    if not re.search(r"\b\w+ first\b", text) or re.search(r"\b(?:average|avg|mean|median|max|min|sum|total)\b", text):
        return None
    plan = solve_items(q)
    return plan if plan is not None and plan.kind == "sorting" else None


def _several_columns(body: str) -> bool:
    """Whether the message holds a table of three or more columns ('Store<TAB>Mon<TAB>Tue', 'NAME   READY   AGE'):
    which column the question means is the table templates' reading, not this one's."""
    rows = [line for line in body.splitlines() if len([c for c in re.split(r"\t|\s{2,}", line.strip()) if c]) >= 3]
    return len(rows) >= 2


def _merit(ask: str) -> bool:
    """An order by merit, not by a value the items carry ('rank these phones for a photographer', 'which is
    best value'): no end of the order is named and the question names a purpose or a quality."""
    return read_order(ask, "number") is None or bool(
        re.search(r"\b(?:for (?:a|an|my|our|the|someone|people)\s+\w+|suit(?:s|ed|able)?|quality|worth|value for money|"
                  r"overall|usefulness|useful|popular|impact)\b", ask) and
        not re.search(r"\bby\s+\w+|\b\w+est\b|\bmost\b|\bleast\b|\bfirst\b", ask))


# 'order' naming a thing ('order amount', 'order numbers', 'order #12', 'Order 5521'), not asking for an order
_ORDER_NOUN = re.compile(r"\border(?=s?\s+(?:amounts?|numbers?|nos?\b|ids?|values?|totals?|sizes?|lines?|items?|#|[a-z]*-?\d))|"
                         # 'in order' / 'in the same order' keeps the list's order ('just the codes, in order')
                         r"\bin (?:the )?(?:same |original |given |this |their )?order\b(?!\s+(?:of|by|from|to)\b)|"
                         # an order as a thing counted ('shipping days per order', 'each order', 'an order')
                         r"\b(?:per|each|every|an?)\s+orders?\b")


# after a question, a sentence of why it is asked ('how many ppl on this list? trying to book the minibus')
_REASON_AFTER = re.compile(r"^(?:(?:i'?m|we'?re|am|are)\s+)?(?:trying|need|needed|needing|want|wanted|planning|booking|"
                           r"going|asking|for|so|because|cause|cos|as|since|just|thx|thanks|ty|cheers|pls|please)\b")


def asked_part(ask: str) -> str:
    """The question of `ask` without a sentence after it that only says why it is asked."""
    head, mark, tail = ask.partition("?")
    tail = tail.strip()
    if mark and tail and "?" not in tail and _REASON_AFTER.match(tail) and not (
            FILTER_ASK.search(tail) or COUNT_ASK.search(tail) or SORT_ASK.search(tail) or OTHER_OPERATION.search(tail)):
        return head + "?"
    return ask


def solve_items(q: Query) -> Plan | None:
    """A plan filtering, grouping or sorting a pasted list of labelled items, or None."""
    stated = re.search(r"\btoday(?:'s date)?\s*(?:is|=|:)\s*" + _DATE, q.body, re.I)
    if stated and date_of(stated.group(1)):  # 'today is 2026-12-07. which tickets are older than 7 days?'
        q = replace(q, today=date_of(stated.group(1)))
    mat = read_items(q.body)
    if mat is None:
        mat = _bare_lines(q.body)
        if mat is None:
            return None
        ask = asked_part(" ".join(mat.question.lower().split()))
        return _count(ask, mat, q.today) if _COUNT_OF_TEST.search(ask) and not OTHER_OPERATION.search(ask) and \
            not NOT_COMPUTED.search(ask) and not _NOT_A_LIST_COUNT.search(ask) else None
    if _several_columns(q.body) and len(mat.question) <= 200 and not any(re.search(r"\|.*\||\t.*\t|,.*,", i.raw) for i in mat.items):
        ask = asked_part(" ".join(mat.question.lower().split()))
        if FILTER_ASK.search(ask) and not (OTHER_OPERATION.search(ask) or COUNT_ASK.search(ask) or NOT_COMPUTED.search(ask)
                                           or SORT_ASK.search(_ORDER_NOUN.sub(" ", ask))):
            cells = _cells_test(ask, mat.items, q.today)  # 'INV-71  1200.00  unpaid' … 'unpaid and over 1000'
            return cells or None
    if mat is None or _several_columns(q.body) or any("://" in i.raw for i in mat.items) or any(re.search(r"\|.*\||\t.*\t|,.*,", i.raw) for i in mat.items) or \
            sum(len(i.raw.split()) for i in mat.items) > 8 * len(mat.items) or len(mat.question) > 200:
        return None  # sentences or a passage, or a table of several columns (the table templates')
    ask = asked_part(" ".join(mat.question.lower().split()))
    if _asks_extraction(q):
        return None  # "what's the phone number in here: '… between 8 and 16 …'": the extractor's request
    if _COUNT_OF_TEST.search(ask) and not OTHER_OPERATION.search(ask) and not NOT_COMPUTED.search(ask) and \
            not re.search(r"\b(?:per|by|each|every)\b", ask) and not _NOT_A_LIST_COUNT.search(ask):
        return _count(ask, mat, q.today)  # 'how many are under 18?': the items that pass the test, counted
    if (OTHER_OPERATION.search(ask) or COUNT_ASK.search(ask)) and not re.search(r"\b(?:per|by|each)\b", ask):
        return None  # a statistic, a count, a dedupe, a replacement or an extraction: other templates' reading
    judged = NOT_COMPUTED.search(ask)
    if judged and not (judged.group(0) == "should" and re.search(r"\border\b", ask) and read_order(ask, "rank") is not None):
        return None  # ('which order should these go in, top first?' asks for the order, no judgement)
    aggregate = re.search(r"\b(?:add up|sum|sums|total|totals|how many|count|counts)\b.*\b(?:per|by|for each|each)\b", ask)
    said = _GROUP_NOUN.sub(" ", ask)  # ('results from our group': people, no grouping asked)
    grouping = re.search(r"\b(?:group(?:ed|s|ing)?|grup|bucket(?:ed|s)?|categori[sz]e)\b", said) or aggregate or \
        _KEY_ASK.search(ask) or _TOP_GROUP.search(ask)
    ordering = re.search(r"\b(?:sort|order|rank)\b", _ORDER_NOUN.sub(" ", ask))
    if grouping and not ordering:
        return _group(ask, mat)
    # 'which sorting algorithm is fastest …' asks about the items, not for an order
    asks_which = re.search(r"\bwhich\b", ask) and not re.search(r"\b(?:first|last)\b|\bto (?:the )?\w+est\b", ask) \
        and not ordering
    if SORT_ASK.search(_ORDER_NOUN.sub(" ", ask)) and not asks_which and not grouping and not re.search(r"\binto\b", ask) and not (
            re.search(r"\b(?:which|who)\b", ask) and read_test(ask, mat.items, q.today) is not None):
        return _sort(ask, mat)
    if re.search(r"\b(?:group(?:ed|s|ing)?|bucket|split|separate|categori[sz]e|organi[sz]e|into)\b", said) or \
            re.search(r"\bwith which\b", ask) or (re.search(r"(?<!divisible )\b(?:by|per|for each)\s+\w+", ask) and
                                              not FILTER_ASK.search(ask)):
        return _group(ask, mat)
    if FILTER_ASK.search(ask) or read_test(ask, mat.items, q.today) is not None:
        return _filter(ask, mat, q.today)
    return None
