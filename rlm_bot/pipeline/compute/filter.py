"""Filtering a pasted list: "which of these are over 100ms / gmail / palindromes / leap years",
"only the names starting with J", "filter out anything under 50", "how many are .csv files".

`filter_plan(ask, instruction, items, head) -> Plan | None`, called by `lists.solve_list`
with the instruction (lower case and as written) and the items. The host reads the test from the
wording; the sandbox applies it. A test it cannot read exactly is None.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.extract_filter import FILE_TYPES
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.list_runtime import quantity
from rlm_bot.pipeline.compute.table_runtime import as_date

__all__ = ["filter_plan", "IN_THE_NAME"]

VERB = re.compile(r"^(?:(?:so|ok|and|hey|pls|please|can you|could you|i|we)\s+)*(?:(?:just|only|really)\s+)?"
                  r"(which|what|who|list|show|find|give me|filter(?: out| to| for| down to)?|keep|pick|how many|only|"
                  r"just|want|need|remove|drop|exclude|get rid of|delete|strip out|select|"
                  r"(?:everything|all|anything|the rest) (?:except|but|other than)|anything|(?:are there |is there )?any(?: of (?:these|them|those))?)\b(.*)$")
# Words before the instruction that carry no test: 'From the readings below, which ...', 'kindly tell me which ...',
# 'from this list only ...'. The instruction is read from the first verb after one of them.
LEAD_IN = re.compile(r"(?:[,;:—–]\s+|[.!?]\s+|\s[-–—]\s+|\b(?:tell me|let me know|show me|kindly|please|pls|"
                     r"(?:from|in|out of|of) (?:this|the|these|those|my|our|the following) ?(?:list|lines|items|numbers|values|"
                     r"names|readings|data|entries|ones)?(?: (?:below|above|here))?|(?:i|we)(?:'d| would)? (?:like|love|want|need)(?: to (?:know|see|get|have|keep))?)\s+)")
# What may close the instruction without being part of the test.
TRAILER = re.compile(r"(?:[\s,]+(?:(?:so|so that) (?:i|we) can (?:re-?order|order|restock|chase|follow up|fix|check|"
                     r"contact|email|ping|call|review|cancel)(?: (?:them|it|those|these))?|pls|please|plz|thanks|thank you|thx|ty|for me|if (?:that'?s|that is|it'?s) (?:ok|okay|alright|fine)|"
                     r"if you can|if possible|(?:from|in|on) (?:this|the|my|that) list|(?:in|on|from) (?:here|there)|(?:below|above|here)))+\s*$")
# Number words after a comparison ('less than zero', 'more than five'); 'freezing' is 0 (°C).
NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50,
                "hundred": 100, "a hundred": 100, "a thousand": 1000, "thousand": 1000, "freezing": 0}
NEGATING = ("filter out", "remove", "drop", "exclude", "get rid of", "delete", "strip out", "everything except",
            "everything but", "everything other than", "all except", "all but", "all other than", "anything except",
            "anything but", "anything other than", "the rest except", "the rest but", "the rest other than")
SUBJECT = re.compile(r"^\s*(?:(?:of|from)\s+)?(?:these|those|them|the following|the|all|all the|my|any)?\s*"
                     r"(?:(?:which|that|who)\s+(?:of\s+)?(?:the\s+following\s+|these\s+|those\s+)?)?"
                     r"(?:[a-z][\w-]*\s+){0,3}?(?=(?:are|is|were|aren't|isn't|weren't|don't|doesn't|have|has|that|which|who|whose|with|start|starts|exceed|exceeds|"
                     r"starting|begin|begins|beginning|end|ends|ending|contain|contains|containing|longer|shorter|"
                     r"over|under|above|below|more|less|at|bigger|smaller|larger|greater|higher|lower|slower|faster|fall|falls|"
                     r"land|lands|happen|occur)\b)")
# a file type asked: '.csv', 'csv files', 'the pdfs'
_TYPES = "|".join(sorted(FILE_TYPES, key=len, reverse=True))
# (bare, only a type no other word spells: 'docs' and 'logs' are words of their own)
FILE_TYPE = re.compile(r"(?<![\w.])\.(" + _TYPES + r")\b(?:\s+files?)?|"
                       r"\b(pdf|csv|png|jpe?g|gif|svg|xlsx|docx|pptx|txt|json|zip|mp[34]|wav)(?:s|\s+files?)\b")
# 'have mushroom in the name', 'with lavender in their title': a word the item contains, said of its name
IN_THE_NAME = re.compile(r"\b(?:have|has|having|with|got|w/)\s+(?:the word\s+)?(['\"‘“]?[a-z][\w-]{2,}['\"’”]?)\s+(?:in|on)\s+"
                         r"(?:the|their|its)\s+(?:names?|titles?|descriptions?|labels?)\b")
# test name -> (pattern of the predicate, code of the test on `item`, wording)
TESTS = (
    (r"\b(?:valid )?e-?mails?(?: addresses)?\b", r"re.fullmatch(r'[\w.+-]+@[\w-]+(\.[\w-]+)+', item.strip())",
     "are e-mail addresses"),
    (r"\b(?:urls?|links?|web addresses)\b", r"re.fullmatch(r'(https?://|www\.)\S+', item.strip())", "are URLs"),
    (r"\bip(?:v4)? addresses\b|\bips\b",
     r"re.fullmatch(r'(\d{1,3}\.){3}\d{1,3}', item.strip()) and all(int(p) < 256 for p in item.strip().split('.'))",
     "are IPv4 addresses"),
    (r"\bdates\b", "as_date(item) is not None", "are dates"),
    (r"\b(?:numbers|numeric|numerical)\b", "quantity(item) is not None and quantity(item)[0] == "
     "float(item.strip().replace(',', ''))", "are numbers"),
    (r"\banagrams? of ['\"‘“]?([a-z]+)['\"’”]?",
     "sorted(re.sub(r'[^a-z]', '', item.lower())) == sorted({0!r}) and item.strip().lower() != {0!r}",
     "are anagrams of {0!r}"),
    (r"\bpalindrom\w*", "(lambda s: len(s) > 1 and s == s[::-1])(re.sub(r'[^a-z0-9]', '', item.lower()))",
     "are palindromes"),
    (r"\bleap years?\b", "re.fullmatch(r'\\d{1,4}', item.strip()) and (lambda y: y % 4 == 0 and (y % 100 != 0 or "
     "y % 400 == 0))(int(item))", "are leap years"),
    (r"\bweekends?\b|\bsaturdays? or sundays?\b", "as_date(item) is not None and "
     "date.fromisoformat(as_date(item)[:10]).weekday() >= 5", "fall on a weekend"),
    (r"\bon (?:a )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", "as_date(item) is not None and "
     "date.fromisoformat(as_date(item)[:10]).strftime('%A').lower() == {0!r}", "fall on a {0}"),
    (r"\bweekdays?\b|\bworking days?\b|\bbusiness days?\b", "as_date(item) is not None and "
     "date.fromisoformat(as_date(item)[:10]).weekday() < 5", "fall on a weekday"),
)
# tests on the item's number: (pattern of the predicate, test on value, wording)
NUMBER_TESTS = (
    (r"\beven\b", "value % 2 == 0", "are even"), (r"\bodd\b", "value % 2 == 1", "are odd"),
    (r"\bprimes?\b", "value == int(value) and value > 1 and all(value % d for d in range(2, int(value ** 0.5) + 1))",
     "are prime"),
    (r"\bnegative\b", "value < 0", "are negative"), (r"\bpositive\b", "value > 0", "are positive"),
    (r"\b(?:divisible by|multiples? of) (\d{1,9})\b", "value % {0} == 0", "are divisible by {0}"),
    (r"\bbetween (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)\b", "{0} <= value <= {1}",
     "are between {0} and {1} (inclusive)"),
)
# what an item may contain or start with, by class: (pattern, test on `item`, wording)
CHAR_TESTS = (
    (r"\b(?:contain|contains|containing|have|has|with) (?:a |any |some )?(?:digits?|numbers?)\b",
     "any(ch.isdigit() for ch in item)", "contain a digit"),
    (r"\b(?:contain|contains|containing|have|has|with) (?:an? |any |some )?(?:upper ?case|capital)(?: letters?)?\b",
     "any(ch.isupper() for ch in item)", "contain a capital letter"),
    (r"\b(?:contain|contains|containing|have|has|with) (?:a |any |some )?(?:spaces?|whitespace)\b",
     "any(ch.isspace() for ch in item.strip())", "contain a space"),
    (r"\b(?:start|starts|starting|begin|begins|beginning) with an? vowel\b",
     "item.strip()[:1].lower() in ('a', 'e', 'i', 'o', 'u')", "start with a vowel"),
    (r"\b(?:start|starts|starting|begin|begins|beginning) with an? consonant\b",
     "item.strip()[:1].isalpha() and item.strip()[:1].lower() not in ('a', 'e', 'i', 'o', 'u')",
     "start with a consonant"),
    (r"\b(?:start|starts|starting|begin|begins|beginning) with an? (?:capital|upper ?case)(?: letter)?\b",
     "item.strip()[:1].isupper()", "start with a capital letter"),
    (r"\b(?:start|starts|starting|begin|begins|beginning) with an? (?:digit|number)\b",
     "item.strip()[:1].isdigit()", "start with a digit"),
)
COMPARE = (
    (r"at least|no less than|>=|≥", ">="), (r"at most|no more than|<=|≤", "<="),
    (r"over|above|more than|greater than|higher than|bigger than|larger than|longer than|slower than|later than|"
     r"exceeding|exceeds?|>", ">"),
    (r"under|below|less than|fewer than|lower than|smaller than|shorter than|faster than|quicker than|"
     r"earlier than|<", "<"),
)
# a mail domain: 'on our domain (northwind.co)', 'from @acme.com', 'gmail addresses', 'yahoo emails'
DOMAIN = re.compile(r"\b(?:on|at|from|in|under|using)\s+(?:our |the |their |your |a |an )?(?:(?:e-?mail )?domain\s*\(?\s*@?|@)"
                    r"([a-z0-9-]+(?:\.[a-z0-9-]+)+)\b\)?|"
                    r"\b(?:on|at|from|in|under)\s+(?:our |the |their |your |a |an )?@?([a-z0-9-]+(?:\.[a-z0-9-]+)+) (?:e-?mail )?domain\b|"
                    r"(?<![\w.-])@?((?!(?:e-?mail|valid|web|ip|ipv4|the|these|those|their|our|all|which|are)\b)[a-z0-9-]+(?:\.[a-z0-9-]+)*)"
                    r" (?:e-?mail )?(?:addresses|emails|e-mails|accounts)\b|"
                    # 'only the @gmail.com ones': the @ says they are addresses
                    r"(?<![\w.-])@([a-z0-9-]+(?:\.[a-z0-9-]+)+) (?:ones|entries|people|users|contacts|sign-?ups)\b")
LENGTH = re.compile(r"\b(more than|longer than|over|at least|fewer than|less than|shorter than|under|at most|"
                    r"exactly|with|of)\s+(\d{1,3})\s+(letters|characters|chars)\b")
NOT_NEEDLES = {"a", "an", "the", "any", "more", "less", "no", "numbers", "duplicates", "we", "i", "you", "they", "it",
               "this", "that", "them", "these", "those", "my", "our", "your", "been", "not", "to", "in", "on"}


def filter_plan(ask: str, instruction: str, items: list[str], head: str) -> Plan | None:
    """A plan keeping (or, after 'filter out', dropping) the items that pass the test `ask` names."""
    tail_only = re.fullmatch(r"(?:just )?([a-z][\w .'-]*?) only(?: (?:pls|please|plz|thanks|ty))?", ask)
    if tail_only:  # 'even numbers only pls', 'the .csv files only'
        ask = "only " + tail_only.group(1)
    m = VERB.match(ask)
    for lead in ([] if m else LEAD_IN.finditer(ask)):
        if re.search(r"\d|[<>=]", ask[:lead.end()]) or len(ask[:lead.end()].split()) > 10:
            break  # a number before the verb belongs to the test; a long lead is a story, not a courtesy
        m = VERB.match(ask[lead.end():])
        if m:
            break
    if not m:
        return None
    verb, rest = m.group(1), m.group(2)
    negate = verb in NEGATING
    counting = verb == "how many"
    if counting and re.fullmatch(r"\s*(?:items|entries|lines|things|names|values|numbers|of (?:these|them))"
                                 r"(?: are)?(?: there)?(?: in (?:this|the|my) list)?(?: in total| total)?\s*", rest):
        return Plan("counting", head + "str(len(items)) + ' items'", "Counted the items of the list.",
                    specificity=0.92, template="count_list")
    rest = TRAILER.sub("", rest.strip().rstrip("?!").strip())
    sm = SUBJECT.match(rest)
    predicate = rest[sm.end():] if sm else rest
    bare = None if sm else re.fullmatch(r"\s*(?:(?:of )?(?:these|them|the following|those)\s+)?(?:(?:ones?|items?|[a-z]+s)\s+)?"
                                        r"([a-z][\w-]+)\s*", rest)
    if bare and verb in ("which", "what"):  # 'which ones failed': a word some of the items carry
        sm, predicate = bare, "are " + bare.group(1)
    if not sm and not verb.startswith(("any ", "are there any", "is there any")) and verb not in ("who", "any", "anything", "filter", "filter to", "filter for", "filter down to", "keep", "only", "just", "want",
                               "need", "select", "pick", "list", "show", "give me", "find") + NEGATING:
        return None
    nm = re.match(r"\s*(?:(?:that|which|who)\s+)?(?:(?:are|is|were)\s+not|aren'?t|isn'?t|weren'?t)\b\s*", predicate)
    dm = re.match(r"\s*(?:(?:that|which|who)\s+)?(?:do not|does not|don'?t|doesn'?t)\s+(?=(?:contain|include|start|"
                  r"begin|end|have|mention)\b)", predicate)
    if nm:
        negate = not negate  # 'which of these are not prime'
        predicate = "are " + predicate[nm.end():]
    elif dm:
        negate = not negate  # 'the ones that don't contain test'
        predicate = predicate[dm.end():]
    if re.search(r"\b(?:not|aren'?t|isn'?t|don'?t|doesn'?t|never|non)\b|n't\b", predicate):
        return None  # a negation inside the test: not read exactly
    found = _tests(predicate, instruction, items)
    if found is None:
        return None
    tests, words, numeric = found
    kinds = {"are e-mail addresses": r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "are URLs": r"(https?://|www\.)\S+",
             "are IPv4 addresses": r"(\d{1,3}\.){3}\d{1,3}"}
    if any(w in kinds and not any(re.fullmatch(kinds[w], i.strip()) for i in items) for w in words):
        return None  # 'just give me the IPs: prod 203.0.113.15, …': no item is one, the items hold them (an extraction)
    if len(tests) < 2 and re.search(r"\b(?:and|but|also|plus)\b|&|(?<!\d )(?<!\d)(?<!% )(?<!%)\bor\b(?!\s+(?:so|equal)\b)",
                                    predicate):
        return None  # 'unpaid and over 1000': two conditions, one read; the list kept would be wrong
    if re.search(r"\b(?:dd?[/.-]mm?|day first|european dates?|uk dates?)\b", ask):
        tests = [t.replace("as_date(item)", "as_date(item, True)") for t in tests]  # '05/12/2026 (dd/mm)' is 5 December
    helpers = (quantity, as_date)
    code = head + "from datetime import date\n\n\n" + shipped(*helpers) + "\n\n\n"
    unit = numeric
    if unit is not None:
        code += (f"UNIT = {lit(unit)}  # the unit of the threshold ('' = compare the numbers as written)\n\n\n"
                 "def value(item):\n    \"\"\"The item's one number, in the threshold's unit family.\"\"\"\n"
                 "    found = quantity(item)\n    if found is None:\n        return None\n"
                 "    written, base, family = found\n    if not UNIT:\n        return written\n"
                 "    return base if family == UNIT else None\n\n\n"
                 "unread = [item for item in items if value(item) is None]\n")
    else:
        code += "unread = []\n"
    test = " and ".join("(" + t + ")" for t in tests)
    code += f"kept = [item for item in items if {'not ' if negate else ''}({test})" + \
        (" and value(item) is not None" if unit is not None else "") + "]\n"
    what = " and ".join(words)
    if negate:
        what = "do not " + re.sub(r"^are\b", "be", what) if not what.startswith("are ") else "are not " + what[4:]
    if counting:
        code += f"answer = str(len(kept)) + ' of ' + str(len(items)) + ' ' + {lit(what)}\n"
    else:
        names = _named_by_label(items, words, tests) or (_named_by_number(items) if unit is not None else None)
        if names:  # 'which ones failed' over 'lint: failed': the names, not the label each repeats
            code += f"names = {lit(names)}\nkept = [names[item] for item in kept]\n"
        code += f"answer = (listing(kept) if kept else {lit('None of them ' + what + '.')})\n"
    code += "answer + ('' if not unread else '\\n(no comparable number in: ' + ', '.join(unread) + ')')"
    return Plan("filtering", code, f"Kept the items that {what}.", specificity=0.92, template="filter_list")


# 'Desk lamp $34.99', 'Marcus - 7 yrs', 'Acme Print: £420', '#4412 €310': a name, then the one number the test reads.
NAMED_NUMBER = re.compile(r"(.*?[A-Za-z#].*?)\s*(?::|\s[-–—]|,|=|\t)?\s*(?:[-−]?[$€£¥₹]?\s?\d[\d,]*(?:\.\d+)?\s*"
                          r"(?:[a-zA-Z%]{0,5}\.?|[a-z]+)?)")


def _named_by_number(items: list[str]) -> dict[str, str] | None:
    """{item: name} when every item is a name followed by its number ('Wool rug $89.00' -> 'Wool rug'), else None:
    the answer to 'which of these are over $50' names the things, not their prices."""
    names = {}
    for item in items:
        m = NAMED_NUMBER.fullmatch(item.strip())
        if m is None or quantity(m.group(1)) is not None and not re.fullmatch(r"#?\d+", m.group(1)):
            return None
        names[item] = m.group(1).strip()
    return names if len(set(names.values())) == len(names) else None


def _named_by_label(items: list[str], words: list[str], tests: list[str]) -> dict[str, str] | None:
    """{item: name} when the test is a label written after each item's name ('lint: failed', 'OPS-2 - P1'), else None."""
    tag = re.fullmatch(r"are ([\w#@.+-]+)", words[0]) if len(words) == 1 else None
    if tag is None or not tests[0].startswith("re.search("):
        return None
    parts = [re.fullmatch(r"(.+?)\s*(?::|\s[-–—]|->|→|=|\t|\s{2})\s*(\S.*)", i.strip()) for i in items]
    if any(p is None for p in parts):
        return None
    token = tag.group(1)
    hits = [p for p in parts if re.search(r"(?<![a-z0-9])" + re.escape(token) + r"(?![a-z0-9])", p.group(0).lower())]
    if not all(p.group(2).strip().lower().rstrip(".") == token for p in hits):
        return None
    return {i: p.group(1).strip() for i, p in zip(items, parts)}


def _tests(predicate: str, instruction: str, items: list[str]) -> tuple[list[str], list[str], str | None] | None:
    """(tests on `item`, their wording, the threshold's unit family or None when no number is compared)."""
    tests, words = [], []
    unit = None
    predicate = IN_THE_NAME.sub(r"contain \1", predicate)  # 'have mushroom in the name' tests what the item contains
    if "freezing" in predicate and any(re.search(r"\d\s*°?\s*F\b|fahrenheit", i) for i in items):
        return None  # 'below freezing' is 0 °C; items in °F are another scale
    predicate = re.sub(r"\b(than|over|under|above|below|least|most|exceeding)\s+(a hundred|a thousand|" +
                       "|".join(w for w in NUMBER_WORDS if " " not in w) + r")\b",
                       lambda w: f"{w.group(1)} {NUMBER_WORDS[w.group(2)]}", predicate)
    lm = LENGTH.search(predicate)
    if lm:
        op = {"exactly": "==", "with": "==", "of": "=="}.get(lm.group(1)) or \
            next(o for pattern, o in COMPARE if re.fullmatch(pattern, lm.group(1)))
        tests.append(f"len(item.strip()) {op} {int(lm.group(2))}")
        words.append(f"have {lm.group(1)} {lm.group(2)} {lm.group(3)}")
        predicate = predicate.replace(lm.group(0), " ")
    fm = FILE_TYPE.search(predicate)
    if fm:  # 'which of these are .csv?', 'the pdfs', 'png files': the file's ending
        ending = "." + (fm.group(1) or fm.group(2))
        if not any(re.search(r"\.[A-Za-z0-9]{1,5}$", i.strip()) for i in items):
            return None  # no item is a file name: the type names something else
        tests.append(f"item.strip().lower().endswith({ending!r})")
        words.append(f"are {ending} files")
        predicate = predicate.replace(fm.group(0), " ")
    dm = DOMAIN.search(predicate)
    if dm:
        domain = next(g for g in dm.groups() if g)
        tail = "$" if "." in domain else r"\.[a-z]{2,}(?:\.[a-z]{2,})?$"  # 'gmail' is gmail.com, gmail.co.uk
        tests.append(f"re.fullmatch(r'[\\w.+-]+@[\\w.-]+', item.strip()) and "
                     f"re.search({'@' + re.escape(domain) + tail!r}, item.strip().lower())")
        words.append(f"are at {domain}")
        predicate = predicate.replace(dm.group(0), " ")
    for pattern, test, wording in TESTS:
        tm = re.search(pattern, predicate)
        if tm:
            tests.append(test.format(*tm.groups()) if tm.groups() else test)
            words.append(wording.format(*tm.groups()) if tm.groups() else wording)
    for pattern, test, wording in CHAR_TESTS:
        if re.search(pattern, predicate):
            tests.append(test)
            words.append(wording)
            predicate = re.sub(pattern, " ", predicate)
    for pattern, test, wording in NUMBER_TESTS:
        nm = re.search(pattern, predicate)
        if nm:
            test, wording = test.format(*nm.groups()), wording.format(*nm.groups())
            tests.append(f"value(item) is not None and (lambda value: {test})(value(item))")
            words.append(wording)
            unit = unit or ""
            predicate = predicate.replace(nm.group(0), " ") if nm.groups() else predicate
    predicate = re.sub(r"([-−]?[$€£]?\d[\d,]*(?:\.\d+)?\s?(?:[a-z%]{1,4})?)\s*(?:\+|or (?:more|above|higher|over|greater))(?!\w)",
                       r">= \1", predicate)  # '60 or more', '18+'
    predicate = re.sub(r"([-−]?[$€£]?\d[\d,]*(?:\.\d+)?\s?(?:[a-z%]{1,4})?)\s*or (?:less|fewer|below|lower|under)(?!\w)",
                       r"<= \1", predicate)
    for pattern, op in COMPARE:
        for cm in re.finditer(r"(?<![a-z])(?:" + pattern + r")\s*\(?\s*([-−]?[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?[a-z%]+)?)(?!\w)",  # the whole unit: '2 hours', not '2'
                              predicate):
            found = quantity(cm.group(1))
            if found is None:
                return None
            written, base, family = found
            if family and family not in ("bytes", "seconds"):
                family = ""  # '%', 'kg': compared as written
            if family and all(quantity(i) is not None and not quantity(i)[2] for i in items):
                family = ""  # 'p95 > 500ms' over 'auth 610': the items are written in the threshold's unit
            tests.append(f"value(item) {op} {base if family else written!r}")
            words.append(f"are {cm.group(0).strip()}")
            if unit and family and unit != family:
                return None
            unit = family or unit or ""
    for dm in re.finditer(r"\b(on or before|on or after|before|after|earlier than|later than|prior to|since|until|by)\s+"
                          r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2} [a-z]{3,9} \d{4}|[a-z]{3,9} \d{1,2},? \d{4})\b", predicate):
        if any(c.isdigit() for c in predicate[:dm.start()]) or as_date(dm.group(2)) is None \
                or not all(as_date(i) for i in items) or any(re.search(r"\d/\d", i) for i in items):
            return None  # a slashed date (which way round?) or an item that is not a date: not read exactly
        op = {"on or before": "<=", "until": "<=", "by": "<=", "on or after": ">=", "since": ">=", "after": ">",
              "later than": ">"}.get(dm.group(1), "<")
        tests.append(f"as_date(item) is not None and as_date(item)[:10] {op} {as_date(dm.group(2))[:10]!r}")
        words.append(f"are {dm.group(0)}")
        predicate = predicate.replace(dm.group(0), " ")
    text = _text_test(predicate, instruction, items)
    if text is not None and not tests:
        tests.append(text[0])
        words.append(text[1])
    if not tests or (re.search(r"\bor\b", predicate) and len(tests) > 1):
        return None
    if unit is not None:
        readable = sum(quantity(i) is not None for i in items)
        if readable * 2 < len(items):
            return None  # most items carry no single number to compare
    return tests, words, unit


def _text_test(predicate: str, instruction: str, items: list[str]) -> tuple[str, str] | None:
    """Start / end / contain a string, an extension ('.csv files'), a pattern ('10.0.x.x'), a tag ('are P1')."""
    needles = quoted(instruction)
    start = re.search(r"\b(start|starts|starting|begin|begins|beginning|end|ends|ending)\s+(?:with|in|on)\s+"
                      r"(?:(?:the|a|an)\s+(?=\S))?(?:(?:letters?|characters?|prefix|suffix|string|text|word)\s+)?(\S+)", predicate) \
        or re.search(r"\b(start|starts|starting|begin|begins|beginning|end|ends|ending)\s+(?:with|in|on)\s+(a|an)\s*$", predicate)
    if start:
        needle = (needles[0] if needles else start.group(2).strip("'\"`?.,")).lower()
        if not needles and start.group(2).startswith("."):
            needle = "." + needle.lstrip(".")
        if (needle in NOT_NEEDLES and not re.fullmatch(r"an?", start.group(2))) or not needle:  # ('start with A')
            return None
        which = "startswith" if start.group(1).startswith(("start", "begin")) else "endswith"
        return f"item.strip().lower().{which}({needle!r})", f"{start.group(1)} with {needle!r}"
    ext = re.search(r"(?:^|\s)(\.[a-z0-9]{1,8}|\*\.[a-z0-9]{1,8})\s+(?:files?|ones|docs|documents|images)\b", predicate)
    if ext:
        suffix = ext.group(1).lstrip("*").lower()
        return f"item.strip().lower().endswith({suffix!r})", f"end with {suffix!r}"
    pattern = re.search(r"(?<!\S)((?:[\w-]+|\*|x)(?:[.:/@](?:[\w-]+|\*|x))+)(?!\S)", predicate)
    if pattern and re.search(r"(?:^|[.:/@])(?:x|\*)(?:$|[.:/@])", pattern.group(1)):
        parts = re.split(r"((?:^|(?<=[.:/@]))(?:x|\*)(?=$|[.:/@]))", pattern.group(1))
        regex = "".join(r"[^.:/@\s]+" if p in ("x", "*") else re.escape(p) for p in parts if p)
        return f"re.fullmatch({regex!r}, item.strip().lower())", f"match {pattern.group(1)}"
    contain = re.search(r"\b(contain|contains|containing|include|includes|including|mention|mentions|mentioning|"
                        r"have|has|with)\b\s+(?:the (?:word|string|text) )?(\S+)", predicate)
    if contain:
        if contain.group(1) in ("have", "has", "with") and not needles:
            return None  # 'which of these have we shipped?': only a quoted string is a needle after 'have'
        needle = (needles[0] if needles else contain.group(2).strip("'\"`?.,")).lower()
        if needle in NOT_NEEDLES:
            return None
        return f"{needle!r} in item.lower()", f"contain {needle!r}"
    tag = re.fullmatch(r"\s*(?:are|is|were)\s+(?:still |currently |now |yet )?(?:on |in |from |at |marked |tagged |labell?ed |set to |using )?"
                       r"([\w#@.+-]+)\s*[?.!]*\s*(?:pls|please)?\s*", predicate)
    if tag:
        token = tag.group(1).lower()
        token_re = r"(?<![a-z0-9])" + re.escape(token) + r"(?![a-z0-9])"
        hits = sum(bool(re.search(token_re, i.lower())) for i in items)
        if not hits and token.endswith("s") and len(token) > 3:  # 'are admins' over 'ann admin'
            token = token[:-1]
            token_re = r"(?<![a-z0-9])" + re.escape(token) + r"(?![a-z0-9])"
            hits = sum(bool(re.search(token_re, i.lower())) for i in items)
        if token in NOT_NEEDLES or not 0 < hits < len(items):
            return None  # a word the items do not write ('which of these are fruits'): not a text test
        return f"re.search({token_re!r}, item.lower())", f"are {token}"
    return None
