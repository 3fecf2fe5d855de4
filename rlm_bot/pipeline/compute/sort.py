"""Sorting a list the user gave: what to compare (number, version, date, size, length, last name,
the one number in each item, the text) and which way ("desc", "high to low", "oldest to newest").

`sort_plan(ask, items, joiner) -> Plan | None`; `ask` is the instruction in lower case. The host
picks the comparison from the wording and the items; the sandbox sorts. A key the items do not
show ("by priority" over plain names) is None.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.list_runtime import byte_size, duration, natural_key, quantity, version_key
from rlm_bot.pipeline.compute.table_runtime import as_date, number

__all__ = ["descending", "sort_plan"]

BIG = (r"most expensive|priciest|dearest|largest|biggest|highest|greatest|most|longest|newest|latest|heaviest|tallest|oldest|max(?:imum)?|"
       r"top|best|high|big|large|long|new|recent|most recent")
SMALL = (r"cheapest|least expensive|smallest|lowest|least|fewest|shortest|earliest|lightest|min(?:imum)?|worst|low|small|short|"
         r"old|youngest")
# words after "by" that name the one number written in each item
NUMERIC_BY = (r"price|cost|value|amount|number|score|count|total|points?|votes?|revenue|sales|age|weight|height|"
              r"duration|salary|rating|population|views|stars|downloads|hours|quantity|qty|budget|spend|"
              r"size|number in (?:it|each)|the number|figures?|totals?|scores?|prices?|costs?|values?|amounts?")
DIRECTION_WORDS = re.compile(r"\b(?:desc\w*|asc\w*|reverse\w*|decreasing|increasing|z-a|z to a|a-z|a to z|"
                             r"in|order|from|first|last|to|on top|then|(?:" + BIG + "|" + SMALL + r")(?: one| ones)?)\b")


def descending(how: str) -> bool:
    """Whether a sort instruction asks for the big end first ('desc', 'high to low', 'newest first')."""
    if re.search(r"\b(?:desc\w*|reverse\w*|decreasing|z-a|z to a|z→a)\b", how):
        return True
    if re.search(r"\b(?:asc\w*|increasing|a-z|a to z)\b", how):
        return False
    m = re.search(r"\b(" + BIG + "|" + SMALL + r")(?: one| ones| value| number)?s? (?:to|first|on top|->|→)\b", how) \
        or re.search(r"\b(" + BIG + "|" + SMALL + r")(?: one| ones)?s? first\b", how)
    if m:
        word = m.group(1)
        if word in ("oldest", "old"):  # oldest first: dates and versions, earliest first
            return False
        return bool(re.fullmatch(BIG, word))
    return bool(re.match(r"rank\b", how))  # a ranking puts the top first


def sort_plan(ask: str, items: list[str], joiner: str) -> Plan | None:
    """A plan sorting `items` as `ask` says (joined with `joiner`), or None."""
    ask = re.sub(r"\s*\((?:not |e\.g\.|ie |i\.e\.)[^()]*\)", " ", ask)  # '(not alphabetically, sheets puts 210 after 2100)'
    by_m = re.search(r"\bby ([a-z][a-z ]*?)(?:[,;:.!?(]|$| (?:from|in|with|then|pls|please|high|low|large|small|"
                     r"desc\w*|asc\w*|biggest|smallest|largest|highest|lowest|oldest|newest|longest|shortest)\b)", ask)
    by = re.sub(r"^(?:the|their|its|each)\s+", "", by_m.group(1).strip()) if by_m else ""
    if re.search(r"\bsort(?:ed|ing)? (?:(?:it|this|that|them|these|things)\s+)?out\b", ask):
        return None  # 'sort out the merge conflict': to settle, not to order
    if re.search(r"\b(?:dedupe|de-dupe|dedup\w*|dupes|duplicates?|repeats|blanks)\b", ask):
        return None  # 'dedupe (keep order)', 'remove the dupes, what's left in order': the order is kept, not sorted
    if re.search(r"\b(?:group|bucket|categori[sz]e|cluster)\b", ask):
        return None  # 'group these order numbers by year': 'order' is a noun there
    if re.search(r"\bfor (?:a|an|our|my|your|us|him|her|someone|people|beginners|\w+ing)\b|"
                 r"\b(?:useful|important|relevant|suitab|prefer|recommend|quality|how good|how well)", ask):
        return None  # ordered for a purpose or by merit: a judgement, not a comparison of values
    if re.match(r"(?:please |pls |can you )?rank\b", ask) and not by and \
            not re.search(r"\b(?:desc\w*|asc\w*|to|first|high|low|most|least)\b", ask):
        return None  # 'rank these' alone: by what is not said
    found = _key(by, ask, items)
    if found is None:
        return None
    key, what, helpers = found
    desc = descending(ask)
    if re.fullmatch(r"ages?", by) and re.search(r"\boldest\b", ask):
        desc = not desc  # by age, the oldest has the largest number
    code = (f"import re\n\n\n{shipped(*helpers)}\n\n\n" if helpers else "") + \
        f"items = {lit(items)}\nordered = sorted(items, key=lambda item: {key}, reverse={desc})\n" \
        f"{lit(joiner)}.join(ordered)"
    return Plan("sorting", code, f"Sorted the {len(items)} items {what}{', descending' if desc else ''}.",
                specificity=0.95, template="sort_items")


def _measured(items: list[str]) -> bool:
    """Every item has one number, all in one unit family (bytes, seconds, '$', 'kg', none)."""
    found = [quantity(i) for i in items]
    return all(f is not None for f in found) and len({f[2] for f in found}) == 1


def _all(test, items: list[str]) -> bool:
    return all(test(i) is not None for i in items)


def _key(by: str, ask: str, items: list[str]) -> tuple[str, str, tuple] | None:
    """(key expression on `item`, how it is described, functions the code needs) or None."""
    versions = _all(version_key, items) and (any(i.count(".") >= 2 for i in items) or "version" in ask)
    if items and all(re.fullmatch(r"\s*0x[0-9a-f]+\s*", i, re.I) for i in items) and (not by or re.fullmatch(
            r"value|numerically|number|size", by)):
        return "int(item.strip(), 16)", "by value (hexadecimal)", ()
    numbered = re.fullmatch(r"(?:(?:the\s+)?(?:code|id|number|no|ref|account|cost cent(?:er|re)|sku|ticket)s?\s+)?"
                            r"(?:numerically|numeric(?:al)? order|number)", by)
    if numbered and all(len(re.findall(r"\d+", i)) == 1 for i in items):
        return "int(re.search(r'\\d+', item).group(0))", "by the number in each item (210 before 2100)", ()
    dated = [DATE_IN.findall(i) for i in items]
    if (re.fullmatch(r"(?:[a-z]+ )?dates?|days?|deadlines?|when", by) or not by and re.search(
            r"\b(?:oldest|newest|earliest|latest|chronological)", ask)) and all(len(d) == 1 for d in dated) \
            and not _dated(items):
        day_first = _day_first(ask, [d[0] for d in dated])
        if day_first is None:
            return None
        return (f"as_date(re.search({DATE_IN.pattern!r}, item).group(0), {day_first})",
                "by the date in each item" + (" (day first)" if day_first else ""), (as_date,))
    if re.fullmatch(r"(?:word )?length|(?:number of )?(?:characters|letters|chars)|how long (?:they are|it is)", by):
        return "len(item.strip())", "by length", ()
    if re.fullmatch(r"(?:last|family) ?names?|surnames?", by):
        return "(item.split()[-1].lower(), item.lower())", "by last name", ()
    if re.fullmatch(r"first ?names?", by):
        return "item.strip().lower()", "by first name", ()
    if re.fullmatch(r"(?:file )?sizes?", by) and not _all(byte_size, items) and _measured(items):
        return "quantity(item)[1]", "by size", (quantity,)
    if re.fullmatch(r"(?:release )?versions?(?: numbers?)?|release", by) or (not by and versions):
        return ("version_key(item)", "as versions", (version_key,)) if versions else None
    if re.fullmatch(r"dates?|days?|deadlines?|due dates?|when", by) or (not by and _dated(items)
                                                                      and not _all(number, items)):
        day_first = _day_first(ask, items)
        if day_first is None:
            return None  # '03/02/2026, 04/01/2026': 3 Feb or 2 Mar? the order differs, so it is not guessed
        return f"as_date(item, {day_first})", "by date" + (" (day first)" if day_first else ""), (as_date,)
    if _all(duration, items) and not _all(number, items) and not _all(byte_size, items) and (
            not by or re.fullmatch(r"durations?|times?|length|how long(?: they take)?|time taken", by)):
        return "duration(item)", "by duration", (duration,)
    if _all(byte_size, items) and (not by or re.fullmatch(r"sizes?|file sizes?|space|storage|bytes", by)):
        return "byte_size(item)", "by size (KB = 1000 bytes, KiB = 1024)", (byte_size,)
    if not by or re.fullmatch(r"value|number|numbers|numerically|magnitude", by):
        if _all(number, items) and not re.search(r"\balphabeti", ask):
            return "number(item)", "by value", (number,)
        if not by and _measured(items) and re.search(r"\b(?:" + BIG + "|" + SMALL + r")\b|\brank\b", ask):
            return "quantity(item)[1]", "by the number in each item", (quantity,)
    if by and re.fullmatch(NUMERIC_BY, by):
        return ("quantity(item)[1]", f"by {by}", (quantity,)) if _measured(items) else None
    if by and re.fullmatch(r"[a-z]+(?: [a-z]+){0,2}", by) and _measured(items) and all(re.fullmatch(r"[^\d]+\s[-$€£]?\d[\d,.]*\s?\S{0,4}", i.strip())
                                                                      for i in items):
        return "quantity(item)[1]", f"by {by} (the number in each item)", (quantity,)  # 'rank by wins: Lions 12
    if by and not re.fullmatch(r"name|names|alphabet|letter|alphabetical order|title|word", by):
        return None  # sorted by something the items do not show (priority, importance, owner)
    if any(len(i.split()) > 8 for i in items) or re.search(r"\b(?:rank|prioriti[sz]e)\b", ask):
        return None  # ranking words by merit is a judgement, not an order of letters
    if any(re.search(r"\d", i) for i in items) and not re.search(r"\balphabeti|\ba-z\b|\ba to z\b|\bz to a\b|\bz-a\b", ask):
        shapes = {re.sub(r"\d+", "#", i.strip().casefold()) for i in items}
        if len(shapes) == 1 and (shapes.pop().count("#") == 1 or all(re.fullmatch(r"\d{1,2}:\d\d(?::\d\d)?", i.strip())
                                                                     for i in items)):
            return "natural_key(item)", "by the number in each item (item2 before item10)", (natural_key,)
        return None  # 'Q1 2025, Q3 2024' or 'a1, 10b': letter order would not be the order meant
    return "item.strip().casefold()", "alphabetically", ()


# One date written inside an item ('Rotterdam 17.12.2026', 'kickoff 2027-01-11').
DATE_IN = re.compile(r"(?<![\d.\-/])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4})(?![\d.\-/])")


def _dated(items: list[str]) -> bool:
    return _all(as_date, items) or all(as_date(i, True) is not None for i in items)


def _day_first(ask: str, items: list[str]) -> bool | None:
    """How slashed dates are read: as the ask says (dd/mm, mm/dd), else the one reading every item fits, else
    either when both give the same order; None when the two readings order the items differently."""
    if re.search(r"\b(?:dd|d)[/.-](?:mm|m)\b|\bday first\b|\beuropean\b|\buk\b", ask):
        return True
    if re.search(r"\b(?:mm|m)[/.-](?:dd|d)\b|\bmonth first\b|\bus dates?\b|\bamerican\b", ask):
        return False
    month_first = [as_date(i) for i in items]
    day_first = [as_date(i, True) for i in items]
    if None in day_first:
        return False if None not in month_first else None
    if None in month_first:
        return True
    order = sorted(range(len(items)), key=lambda k: month_first[k])
    return False if order == sorted(range(len(items)), key=lambda k: day_first[k]) else None
