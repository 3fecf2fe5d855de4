"""Grouping a pasted list: by a key each item shows, by a label written beside each item, into two
named classes ("into even and odd", "into pass (>=50) and fail"), with counts or totals per group.

`solve_group(ask, items, head) -> Plan | None` is called by `lists.solve_list` with the
instruction (lower case) and the items. The host splits each item into its fields; the sandbox
groups, counts and adds. A key it cannot find in the items, or a layout where it cannot tell the
label from the item, is None.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.table_runtime import as_date, number

__all__ = ["solve_group"]

GROUP_VERB = (r"(?:(?:make |create |form )?(?:group(?:ed|ing|s)?|grup)|put|split|breakdown|break(?: it| them| these| this)? down"
              r"|bucket|organi[sz]e|categori[sz]e|cluster|separate|divide|sort|break|arrange)")
THESE = r"(?: (?:up )?(?:these|them|this|the following|the list|this list|the items|everything|all|my|the|our|your))?" \
        r"(?: [a-z]+'?){0,2}?"
# group key -> code computing `key` from `item` (each reads only the item)
GROUP_KEYS = (
    (r"tlds?|top[- ]level domains?|domain (?:endings?|suffix(?:es)?)",
     "key = item.strip().lower().split('@')[-1].split('/')[0].rstrip('.').rsplit('.', 1)[-1]"),
    (r"(?:e-?mail |email )?domains?|hosts?|sites?|websites?",
     "text = item.lower()\n"
     "    key = text.split('@')[-1] if '@' in text else re.sub(r'^[a-z][a-z0-9+.-]*://', '', text).split('/')[0]\n"
     "    key = key.split(':')[0].removeprefix('www.')"),
    (r"(?:the )?first (?:letter|character|char)|initials?|(?:starting |first )?letters?",
     "key = item.strip()[:1].upper()"),
    (r"(?:the )?last (?:letter|character|char)", "key = item.strip()[-1:].lower()"),
    (r"(?:word )?length|(?:number of )?(?:characters|letters)|how long they are",
     "key = str(len(item)) + ' characters'"),
    (r"years?", "found = as_date(item) or re.match(r'(?:19|20)\\d\\d(?![\\d:])', item.strip())\n"
               "    key = (found if isinstance(found, str) else found.group(0))[:4] if found else '(no date)'"),
    (r"months?", "found = as_date(item)\n    key = found[:7] if found else '(no date)'"),
    (r"(?:week)?days?(?: of (?:the )?week)?|weekdays?",
     "found = as_date(item)\n    key = date.fromisoformat(found[:10]).strftime('%A') if found else '(no date)'"),
    (r"(?:file )?extensions?|file ?types?|suffix(?:es)?",
     "name = item.strip().split('/')[-1]\n    key = name.rsplit('.', 1)[-1].lower() if '.' in name else '(none)'"),
    (r"prefix(?:es)?", "key = re.split(r'[-_/.:]', item.strip(), 1)[0]"),
    (r"(?:the )?(?:number of )?words?|word count", "key = str(len(item.split())) + ' words'"),
)
# two named classes: (pattern of one class name, test on `value` or `item` saying it belongs there, numeric)
CLASSES = (
    (r"evens?", "value % 2 == 0", True), (r"odds?", "value % 2 == 1", True),
    (r"positives?", "value > 0", True), (r"negatives?", "value < 0", True),
    (r"vowels?", "item.strip().lower() in ('a', 'e', 'i', 'o', 'u')", False),
    (r"consonants?", "item.strip().isalpha() and len(item.strip()) == 1 and item.strip().lower() not in "
                     "('a', 'e', 'i', 'o', 'u')", False),
)
SUMMED = re.compile(r"\b(?:totals?|sums?|add up|spen[dt]|paid|pay|costs?|amounts?|worth|average|avg|mean)\b")
COMPARE_OPS = ((r">=|≥|at least|(?<=\d)\+|or more", ">="), (r"<=|≤|at most|or less", "<="),
               (r">|over|above|more than", ">"), (r"<|under|below|less than", "<"))
SEPARATORS = (r"\s+(?:is|are|was|were|sits|works|belongs)\s+(?:on|in|at|from|with|to|part of)\s+(?:the\s+)?",
              r"\s*(?:->|→|=>)\s*", r"\s+[-–—]\s+", r":\s+", r"\t+", r"\s*=\s*", r"\s*\|\s*", r"(?<!\d),\s*|,\s+")  # ('€10,50': a decimal comma)


def solve_group(ask: str, items: list[str], head: str,
                columns: tuple[list[str], list[list[str]]] | None = None) -> Plan | None:
    """A plan grouping `items` as the instruction `ask` says, or None.

    With `columns` (names and rows of a small table under a header line) only a grouping by a column
    the header names is answered; anything else over a table is left to the table forms.
    """
    if columns is not None:
        return _by_column(ask, columns, head)
    two = re.search(GROUP_VERB + THESE + r" (?:in)?to (?:two groups:? )?((?:[^()]|\([^()]*\))+?)(?: and | ?/ ?| vs\.? | or )(.+)$",
                    ask)  # ('into pass (50 or more) and fail': the parenthesis is one class's test)
    plan = _two_classes(two.group(1), two.group(2), items, head) if two else None
    if plan is not None:
        return plan  # ('put these into their categories and give me the total for each' reads on below)
    two = re.search(r"\b" + GROUP_VERB + r"(?: (?:out|up))?(?: the| these| them)? ([a-z]+)(?: ones| numbers| items| letters| values"
                    r"| words)? (?:and|from|vs\.?) (?:the )?([a-z]+)(?: ones| numbers| items| letters| values| words)?$", ask)
    if two and all(any(re.fullmatch(p, w) for p, _, _ in CLASSES) for w in two.groups()):
        return _two_classes(two.group(1), two.group(2), items, head)  # 'separate the odd and even numbers'
    m = re.search(r"\b(?:how many|counts?|tally|number)\b(?: (?:are there|is there|are|items|entries|things|people|"
                  r"tickets|of them|of these))*(?: in| on)? (?:per|by|for each|in each|of each|each) ?(.*)$", ask) or \
        re.search(r"\b(?:how many|count|tally)\b(?: of)? (?:each|every)(?: one)?( .*)?$", ask) or \
        re.search(r"\b(?:count|how many times|how often)\b.*\b(?:each|every)(?: (\w+))? (?:shows? up|appears?|occurs?|"
                  r"comes? up)", ask) or \
        re.search(r"\bhow many\b.*\b(?:does|do|did) each (\w+) (?:have|own|get|got|hold|handle)\b", ask) or \
        re.search(r"\b(?:which|what|each) (\w+) (?:has|have|had|got|gets) how many\b", ask) or \
        re.search(r"\b(?:frequenc(?:y|ies)|occurrences|counts)(?: of)?(?: each| every)?( \w+)?$", ask) or \
        re.search(r"\b(?:count|tally)(?: up)?(?: the| these| them| all)?(?: occurrences| frequencies| frequency| votes| answers)?( )?$", ask) or \
        (None if SUMMED.search(ask) else  # 'count how many requests we got from each country', 'how many incidents per sev'
         re.search(r"\b(?:how many|count|tally|number of)\b(?: [\w'-]+){0,6}? (?:(?:for|from|in|of|on|at) )?(?:each|every|per) "
                   r"([a-z][\w -]*)$", ask))
    if m:
        return _grouped(_wanted(m.group(1) or ""), items, head, "count")
    m = re.search(r"\b(?:average|avg|mean)\b.*?\b(?:per|by|for each|in each|of each) (.+)$", ask)
    if m:
        return _grouped(_wanted(m.group(1)), items, head, "mean")
    m = re.search(r"\b(?:totals?|sums?|add up|spend|spent|spending|subtotals?|how much)\b.*?\b(?:per|by|for each|in each|on each) (.+)$", ask) or \
        re.search(r"\b(?:hours|hrs|minutes|mins|points|sales|revenue|takings|spending|costs?|units|miles|km|kilometres|kilometers)"
                  r" (?:per|for each|by) ([a-z][\w -]*)$", ask) or \
        re.search(r"\beach (?:of us|of them|person|one)\b.*\b(?:spend|spent|pay|paid|owe|total)\b()", ask) or \
        re.search(r"\b(?:totals?|sum|sum up|add up|subtotals?)\b(?: (?:up|for|of|in))? (?:each|every|per) ([a-z][\w -]*)$", ask) or \
        re.search(r"\b(?:totals?|sums?|subtotals?)\b.*\b(?:for|of|in) (?:each|every)(?: one)?()$", ask)
    if m:
        return _grouped(_wanted(m.group(1)), items, head, "sum")
    if re.search(r"\b(?:group|bucket)\b" + THESE + r" alphabetically\b", ask):
        return _grouped("first letter", items, head, "list")
    m = re.search(r"\b" + GROUP_VERB + THESE + r"(?: (?:in)?to groups)? (?:by|per|on|according to) (.+)$", ask) or \
        re.search(r"\b(?:list|show)(?: (?:these|them|everyone|everything|the items|people))? (?:grouped )?(?:by|per) (.+)$",
                  ask) or \
        re.search(r"\b" + GROUP_VERB + THESE + r" (?:in)?to (?:their |the |separate )?(?:groups|teams|buckets|categories|"
                  r"piles|lists|sections)()$", ask) or \
        re.search(r"\bwho(?:'s| is| are)? (?:on|in) (?:each|which|what) (\w+)", ask)
    if m:
        return _grouped(_wanted(m.group(1)), items, head, "list")
    return None


def _by_column(ask: str, columns: tuple[list[str], list[list[str]]], head: str) -> Plan | None:
    """'how many per assignee' / 'avg ms per region' / 'group by team' over a small table with a header."""
    names, rows = columns
    rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", f) for f in r)]  # Markdown rule line
    if re.match(r"(?:please |pls |can you )?(?:sort|order|arrange|rank|alphabeti[sz]e)\b", ask):
        return None  # sorting a table is the table forms' work
    m = re.search(r"\b(?:per|by|for each|in each|of each) ([a-z][\w ]*?)\s*$", ask)
    if not m or not rows:
        return None
    wanted = _wanted(m.group(1)).lower()
    index = next((i for i, n in enumerate(names) if n.lower() in (wanted, wanted.rstrip("s"), wanted + "s")), None)
    if index is None:
        return None
    if re.search(r"\b(?:average|avg|mean)\b", ask):
        mode = "mean"
    elif re.search(r"\b(?:total|totals|sum|sums|add up|spend|spent|how much)\b", ask):
        mode = "sum"
    elif re.search(r"\b(?:how many|count|counts|tally|number of)\b", ask):
        mode = "count"
    elif re.search(r"\b(?:group|grouped|bucket|breakdown|break|split|organi[sz]e|list|show)\b", ask):
        mode = "list"
    else:
        return None  # 'max per region', 'who is fastest per team': left to the table forms
    if mode in ("sum", "mean") and len({r[index].lower() for r in rows}) == len(rows):
        return None  # one row per key: 'average per person' means across the people, not per row
    if mode in ("sum", "mean"):
        numeric = [i for i in range(len(names)) if i != index and all(number(r[i]) is not None for r in rows)]
        if len(numeric) != 1:
            return None
        other = numeric[0]
        pairs = [(number(r[other]), r[index]) for r in rows]
    else:
        other = 1 if index == 0 else 0
        pairs = [(r[other], r[index]) for r in rows]
    body = head + f"rows = {lit(pairs)}  # ({names[other]}, {names[index]})\ngroups = {{}}\nfor item, key in rows:\n" \
        "    groups.setdefault(key, []).append(item)\norder = sorted(groups, key=lambda key: (-len(groups[key]), key))\n"
    if mode == "count":
        body += "'\\n'.join('• ' + key + ': ' + str(len(groups[key])) for key in order)"
    elif mode == "list":
        body += "'\\n'.join('• ' + key + ' (' + str(len(groups[key])) + '): ' + ', '.join(groups[key]) for key in order)"
    else:
        total = "sum(groups[key])" if mode == "sum" else "sum(groups[key]) / len(groups[key])"
        body += ("def tidy(value):\n    return str(int(value)) if value == int(value) else str(round(value, 2))\n\n\n"
                 f"'\\n'.join('• ' + key + ': ' + tidy({total}) for key in order)")
    return Plan("grouping", body, f"Grouped the rows by their {names[index]!r} column ({mode}).", specificity=0.92,
                template="group_column")


def _wanted(text: str) -> str:
    text = text.strip().strip(".?!").strip()
    text = re.sub(r"[\s,]+(?:pls|please|plz|thanks|thx|ty|for me|quickly|real quick|\?)+$", "", text)
    text = re.sub(r"\s+(?:this|last|next|per) (?:week|month|year|quarter|sprint)$|\s+(?:today|so far)$", "", text)
    text = re.sub(r"\s+(?:(?:that is |that's |as )?(?:written|shown|given|listed|noted|named)\s+)?(?:next to|beside|after|alongside)"
                  r" (?:them|it|each(?: one| item| name)?|the (?:names?|items?))$|\s+(?:written |given )?in (?:brackets|parenthes[ie]s)$",
                  "", text)  # 'by the country written next to them': the label beside each item
    return re.sub(r"^(?:their|the|its|each item'?s?|each|every)\s+", "", text).strip()


def _grouped(wanted: str, items: list[str], head: str, mode: str) -> Plan | None:
    """Group by a computed key, by 'key: value' written in each item, or by the label beside each item."""
    if mode == "count" and all(re.search(r"(?<![\w#.:/-])\d+(?:\.\d+)?(?![\w.:/-])", i) for i in items):
        return None  # 'Lina, Maths, 2': each item carries an amount, so 'how many per student' may mean their sum
    code, shown = _computed_key(wanted, items)
    rows = None
    if code is None:
        rows = _labelled(items, mode)
        if rows is None and mode == "count" and (wanted in ("", "value", "item", "one", "kind", "type")
                                                 or _single_words(items)):
            if len({i.strip().lower() for i in items}) == len(items):
                return None  # nothing repeats: the items are not their own groups
            rows = [(i.strip(), i.strip()) for i in items]  # grouped ignoring case, named as first written
        if rows is None:
            return None
        shown = (wanted or "the label") + " beside each item"
    if code and "as_date" in code:
        head += "from datetime import date\n\n\n" + shipped(as_date) + "\n\n\n"
    if rows is None:
        body = head + "groups = {}\nfor item in items:\n    " + code + "\n    groups.setdefault(key, []).append(item)\n"
    else:
        body = head + f"rows = {lit(rows)}  # (item, group)\ngroups = {{}}\nlabel = {{}}\nfor item, key in rows:\n" \
            "    label.setdefault(key.lower(), key)\n    groups.setdefault(key.lower(), []).append(item)\n" \
            "groups = {label[key]: members for key, members in groups.items()}\n"
    body += "order = sorted(groups, key=lambda key: (-len(groups[key]), key))\n"
    if mode == "count":
        body += "'\\n'.join('• ' + key + ': ' + str(len(groups[key])) for key in order)"
        what = "and counted each group"
    elif mode in ("sum", "mean"):
        money = re.search(r"[$€£]", " ".join(items))
        body += (("def tidy(value):\n    return ('-' if value < 0 else '') + " + repr(money.group(0)) +
                  " + f'{abs(value):,.2f}'\n\n\n") if money else
                 "def tidy(value):\n    return str(int(value)) if value == int(value) else str(round(value, 2))\n\n\n")
        body += ("'\\n'.join('• ' + key + ': ' + tidy(" + ("sum(groups[key])" if mode == "sum" else
                                                       "sum(groups[key]) / len(groups[key])") + ") for key in order)")
        what = "and added the amounts of each group" if mode == "sum" else "and averaged the amounts of each group"
    else:
        numeric = all(number(str(r[0] if rows else r)) is not None for r in (rows or items))
        count = "" if numeric else "' (' + str(len(groups[key])) + ')' + "
        body += f"'\\n'.join('• ' + key + {count}': ' + ', '.join(str(m) for m in groups[key]) for key in order)"
        what = ""
    return Plan("grouping", body, f"Grouped the items by {shown} {what}".strip() + ".", specificity=0.92,
                template="group_list")


def _computed_key(wanted: str, items: list[str]) -> tuple[str | None, str]:
    for pattern, key_code in GROUP_KEYS:
        if re.fullmatch(pattern, wanted):
            if "as_date" in key_code and any(as_date(i) is None and not (
                    "(?:19|20)" in key_code and re.match(r"(?:19|20)\d\d(?![\d:])", i.strip())) for i in items):
                continue  # 'per day' over 'mon deploy': the day is a label, not a date to read
            return key_code, wanted
    if re.fullmatch(r"(?:file )?(?:types?|kinds?|formats?)", wanted) and all(
            re.fullmatch(r"[^\s/\\]+\.[a-z0-9]{1,8}", i.strip(), re.I) for i in items):
        return ("name = item.strip().split('/')[-1]\n    key = name.rsplit('.', 1)[-1].lower()",
                "file type (extension)")  # 'bucket these files by type': report.pdf, logo.png
    masks = re.findall(r"\b(\d*)(x{1,3}|X{1,3})\b", wanted)  # 'by class (2xx/4xx/5xx)', 'by decade (19xx)'
    if masks and all(re.fullmatch(r"\d+", i.strip()) for i in items):
        width = {len(d) + len(x) for d, x in masks}
        hidden = {len(x) for d, x in masks}
        if len(width) == 1 and len(hidden) == 1 and all(len(i.strip()) == width.copy().pop() for i in items):
            n = hidden.pop()
            return f"key = item.strip()[:-{n}] + {'x' * n!r}", "the pattern " + "/".join(d + x for d, x in masks)
            return key_code, wanted
    if re.fullmatch(r"[a-z][\w -]{0,20}", wanted):
        shows = re.compile(r"(?i)\b" + re.escape(wanted) + r"\s*[:=]\s*[^,;)\]|\s]")
        if sum(bool(shows.search(i)) for i in items) * 2 >= len(items):
            # (a value ends where the next field starts: '?utm_source=ig&utm_medium=reel' is 'ig')
            code = (f"found = re.search(r'(?i)\\b{re.escape(wanted)}\\s*[:=]\\s*([^,;)\\]|&#]+)', item)\n"
                    f"    key = found.group(1).strip() if found else '(no {wanted})'")
            return code, "the " + wanted + " written in each item"
    return None, ""


def _single_words(items: list[str]) -> bool:
    return all(re.fullmatch(r"[\w'-]+", i.strip()) for i in items)


def _fields(item: str, every: list[str]) -> tuple[str, str] | None:
    if all(re.fullmatch(r"[^()]+\([^()]+\)", i.strip()) for i in every):  # 'alice (eng)'
        a, b = item.strip().rstrip(")").split("(", 1)
        return a.strip(), b.strip()
    if all(re.fullmatch(r"\[[^\]]+\]\s*\S.*", i.strip()) for i in every):  # '[eng] alice'
        b, a = item.strip()[1:].split("]", 1)
        return a.strip(), b.strip()
    for sep in SEPARATORS:
        if all(len(re.split(sep, i.strip(), maxsplit=1)) == 2 for i in every):
            a, b = re.split(sep, item.strip(), maxsplit=1)
            return a.strip(), b.strip()
    if all(len(i.split()) == 2 for i in every):
        a, b = item.split()
        return a, b
    return None


def _labelled(items: list[str], mode: str) -> list[tuple] | None:
    """(item, label) for items written as 'item - label', 'label: a, b', 'name 20' (sums: (amount, label)).

    The label is the field whose values repeat while the other's do not; in sums, the field that is
    not the amount. A layout where that cannot be told is None.
    """
    pairs = [_fields(i, items) for i in items]
    if any(p is None for p in pairs):
        if mode not in ("sum", "mean") or not all(re.fullmatch(r".+?\s+\S+", i.strip()) for i in items):
            return None
        pairs = [tuple(i.strip().rsplit(None, 1)) for i in items]
    left, right = [p[0] for p in pairs], [p[1] for p in pairs]
    if mode in ("sum", "mean"):
        for amounts, labels in ((right, left), (left, right)):
            values = [number(a) for a in amounts]
            if len({x.lower() for x in labels}) == len(labels):
                continue  # one amount per label: nothing to add up per group
            if all(v is not None for v in values) and not any(number(x) is not None for x in labels):
                return [(v, lab) for v, lab in zip(values, labels)]
        return None

    def repeats(column: list[str]) -> bool:
        return 1 < len({c.lower() for c in column}) < len(column)

    def distinct(column: list[str]) -> bool:
        return len({c.lower() for c in column}) == len(column) or len({c.lower() for c in column}) == 1
    if repeats(right) and distinct(left):
        return [(a, b) for a, b in pairs]
    if repeats(left) and distinct(right):
        return [(m.strip(), a) for a, b in pairs for m in b.split(",") if m.strip()]
    return None


def _two_classes(first: str, second: str, items: list[str], head: str) -> Plan | None:
    """'into even and odd', 'into pass (>=50) and fail', 'into done and not done' (labelled items)."""
    first, second = _wanted(first), _wanted(second)
    tests = []
    for name in (first, second):
        test = next((t for pattern, t, numeric in CLASSES if re.fullmatch(pattern, name)), None)
        if test is None:
            test = _threshold(name)
        tests.append(test)
    if tests[0] is None and tests[1] is None:
        rows = _labelled(items, "list")
        if rows is None:
            return None
        labels = {r[1].lower() for r in rows}
        if first.lower() not in labels:
            return None  # the classes named are not the labels written beside the items
        return _grouped("", items, head, "list")
    names = [re.sub(r"\s*\(.*?\)\s*", "", n).strip() for n in (first, second)]
    numeric = any("value" in (t or "") for t in tests)
    if numeric and any(number(i) is None for i in items):
        return None
    if "% 2" in " ".join(t or "" for t in tests) and any(number(i) != int(number(i)) for i in items):
        return None
    test, other = (tests[0], names[1]) if tests[0] else (tests[1], names[0])
    mine = names[0] if tests[0] else names[1]
    if tests[0] and tests[1] and "value" in tests[0] and {"value > 0", "value < 0"} == set(tests):
        key = f"{lit(names[0])} if {tests[0]} else {lit(names[1])} if {tests[1]} else 'zero'"
    else:
        key = f"{lit(mine)} if {test} else {lit(other)}"
    body = head + ("groups = {" + f"{lit(names[0])}: [], {lit(names[1])}: []" + "}\nfor item in items:\n"
                   + ("    value = number(item)\n" if numeric else "") +
                   f"    key = {key}\n    groups.setdefault(key, []).append(item)\n"
                   "'\\n'.join('• ' + key + ': ' + (', '.join(groups[key]) or '(none)') for key in groups)")
    return Plan("grouping", body, f"Put each item in {names[0]!r} or {names[1]!r}.", specificity=0.92,
                template="group_two_classes")


def _threshold(name: str) -> str | None:
    """'pass (>=50)', 'high (over 100)', 'big 1000+' -> a test on `value`."""
    for pattern, op in COMPARE_OPS:
        m = re.search(r"(?:" + pattern + r")\s*(-?\d+(?:\.\d+)?)|(-?\d+(?:\.\d+)?)\s*(?:" + pattern + ")", name)
        if m:
            value = float(m.group(1) or m.group(2))
            return f"value is not None and value {op} {value!r}"
    return None
