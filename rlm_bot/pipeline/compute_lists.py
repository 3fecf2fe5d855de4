"""Grouping and filtering a list pasted in the message (bullets, numbered, one per line, or comma-separated).

`solve_list(q) -> Plan | None` answers "group these by domain / first letter / team", "how many per
…", "which of these are over 100 / contain 'prod' / are e-mails / are duplicates", "dedupe this".
The host only splits the list and reads the instruction; the sandbox groups, tests and counts. An
instruction it cannot read exactly (a group key or a test it does not know) is None.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute_arith import Query
from rlm_bot.pipeline.compute_groups import solve_group
from rlm_bot.pipeline.compute_sort import sort_plan
from rlm_bot.pipeline.compute_plan import MAX_ITEMS, Plan, lit, quoted, split_items
from rlm_bot.pipeline.compute_ship import shipped
from rlm_bot.pipeline.table_runtime import listing, number

__all__ = ["pasted_list", "solve_list"]

MAX_ITEM_CHARS = 200
CUE = re.compile(r"\b(group|bucket|split|categori[sz]e|organi[sz]e|separate|tally|per|each|sum|total|which|what|dedupe|de-dupe|dedup|duplicates?|dupes|unique|distinct|how many|count|"
                 r"filter|keep|only|list|show|find|remove|pick|sort|order|arrange|alphabeti[sz]e|rank)\b", re.I)
BULLET = re.compile(r"^\s*(?:[-*•◦▪‣]|\d{1,3}[.)]|\(\d{1,3}\))\s+")
FENCE = re.compile(r"^\s*```\w*\s*$")
NOT_COMPUTED = re.compile(r"\b(think|opinion|should|best|better|worst|recommend|summari[sz]e|explain|why|"
                          r"prioriti[sz]e|important|relevant|look (?:right|ok|good)|which one)\b")

# test name -> (pattern of the instruction, code of the test on `item`, wording)
TESTS = (
    ("email", r"\b(?:valid )?e-?mails?(?: addresses)?\b", r"re.fullmatch(r'[\w.+-]+@[\w-]+(\.[\w-]+)+', item.strip())",
     "are e-mail addresses"),
    ("url", r"\b(?:urls?|links?|web addresses)\b", r"re.fullmatch(r'(https?://|www\.)\S+', item.strip())",
     "are URLs"),
    ("ip", r"\bip(?:v4)? addresses\b|\bips\b",
     r"re.fullmatch(r'(\d{1,3}\.){3}\d{1,3}', item.strip()) and all(int(p) < 256 for p in item.strip().split('.'))",
     "are IPv4 addresses"),
    ("date", r"\bdates\b", r"re.fullmatch(r'\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
     r"(\d{1,2} )?[A-Za-z]{3,9}\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}', item.strip())",
     "are dates"),
    ("number", r"\b(?:numbers|numeric|numerical)\b", "number(item) is not None", "are numbers"),
)
# number tests: (pattern of the instruction, test on value(item), wording)
NUMBER_TESTS = (
    (r"\beven\b", "value(item) % 2 == 0", "are even"), (r"\bodd\b", "value(item) % 2 == 1", "are odd"),
    (r"\bprimes?\b", "value(item) == int(value(item)) and value(item) > 1 and "
     "all(value(item) % d for d in range(2, int(value(item) ** 0.5) + 1))", "are prime"),
    (r"\bnegative\b", "value(item) < 0", "are negative"), (r"\bpositive\b", "value(item) > 0", "are positive"),
)
COMPARE = (
    (r"at least|no less than|>=", ">="), (r"at most|no more than|<=", "<="),
    (r"over|above|more than|greater than|higher than|bigger than|larger than|exceeding|>", ">"),
    (r"under|below|less than|fewer than|lower than|smaller than|<", "<"),
)


def pasted_list(body: str) -> tuple[str, list[str]] | None:
    """(instruction, items) of a message made of one instruction and a pasted list, or None."""
    lines = [ln.strip() for ln in body.strip().splitlines() if ln.strip() and not FENCE.match(ln)]
    lines = [re.sub(r"^```\w*\s*|\s*```$", "", ln) for ln in lines]
    if len(lines) >= 2:
        if CUE.search(lines[0]) and not BULLET.match(lines[0]):
            instruction, rest = lines[0], lines[1:]
        elif CUE.search(lines[-1]) and not BULLET.match(lines[-1]):
            instruction, rest = lines[-1], lines[:-1]
        else:
            return None
        if CUE.search(" ".join(rest)) and any(CUE.search(r) and r.rstrip().endswith("?") for r in rest):
            return None  # two questions: not one instruction over one list
        if len(rest) == 1:
            items = split_items(rest[0]) if re.search(r"[,;]", rest[0]) else []
        else:
            items = [BULLET.sub("", r).strip() for r in rest]
        instruction = instruction.rstrip(":").strip()
    else:
        found = _one_line(lines[0]) if lines else None
        if found is None:
            return None
        instruction, items = found
    items = [i for i in items if i]
    if not 2 <= len(items) <= MAX_ITEMS or any(len(i) > MAX_ITEM_CHARS for i in items):
        return None
    return instruction, items


def _one_line(line: str) -> tuple[str, list[str]] | None:
    """'group these by team: a, b, c' / 'which are over 5? 3, 8, 9' / 'split into odd and even 1, 2, 3'."""
    for m in re.finditer(r"[:?]\s+", line):
        head, tail = line[: m.start()], line[m.end():]
        if CUE.search(head) and re.search(r"[,;]", tail):
            return head.strip(), split_items(tail)
    m = re.fullmatch(r"(.*?[a-z!?.])\s+((?:[-−]?\d+(?:\.\d+)?\s*,\s*)+[-−]?\d+(?:\.\d+)?)", line.strip(), re.I)
    if m and CUE.search(m.group(1)):
        return m.group(1).strip(), split_items(m.group(2))
    return None


def solve_list(q: Query) -> Plan | None:
    """A plan grouping, filtering, counting or de-duplicating a pasted list, or None."""
    found = pasted_list(q.body)
    if found is None:
        return None
    instruction, items = found
    ask = instruction.lower().rstrip("?!. ")
    if NOT_COMPUTED.search(ask):
        return None
    head = f"import re\n\n\n{shipped(number, listing)}\n\n\nitems = [\n" + "".join(f"    {lit(i)},\n" for i in items) + "]\n"
    return (solve_group(ask, items, head) or _sort(ask, items, head) or _duplicates(ask, head) or _dedupe(ask, head)
            or _test(ask, instruction, items, head))


def _sort(ask: str, items: list[str], head: str) -> Plan | None:
    m = re.match(r"(?:please |pls |can you |could you )?(?:sort|order|arrange|alphabeti[sz]e|rank)\b(.*)$", ask)
    if not m or re.search(r"\binto\b", m.group(1)):
        return None  # 'sort these into done and not done' puts items in classes
    return sort_plan(ask, items, "\n")


def _duplicates(ask: str, head: str) -> Plan | None:
    once = re.search(r"\b(?:which|what|list|show|find)\b.*\b(?:unique|appear (?:only )?once|only once|not repeated|"
                     r"no duplicates?)\b", ask)
    more = re.search(r"\b(?:which|what|list|show|find|any|how many)\b.*\b(?:duplicated?|duplicates|dupes|repeated|repeats|"
                     r"more than once|twice|appear again)\b", ask) or re.search(r"^(?:find|list|show)(?: the)? "
                                                                              r"(?:duplicates|dupes)\b", ask)
    counting = bool(re.search(r"\bhow many\b", ask))
    if not (once or more) or (once and more):
        return None
    code = head + ("seen = {}\nfirst = {}\nfor item in items:\n    key = item.strip().lower()\n"
                   "    seen[key] = seen.get(key, 0) + 1\n    first.setdefault(key, item.strip())\n")
    if more:
        code += ("repeated = [first[key] + ' (×' + str(n) + ')' for key, n in seen.items() if n > 1]\n"
                 + ("str(len(repeated)) + ' items appear more than once' + (': ' + listing(repeated) if repeated else '.')"
                    if counting else "listing(repeated) if repeated else 'No duplicates.'"))
        return Plan("filtering", code, "Counted each item (ignoring case and spaces) and kept those seen more than once.",
                    specificity=0.92, template="list_duplicates")
    code += ("single = [first[key] for key, n in seen.items() if n == 1]\n"
             + ("str(len(single)) + ' items appear once.'" if counting
                else "listing(single) if single else 'Every item appears more than once.'"))
    return Plan("filtering", code, "Counted each item (ignoring case and spaces) and kept those seen once.",
                specificity=0.92, template="list_unique")


def _dedupe(ask: str, head: str) -> Plan | None:
    counting = re.search(r"\bhow many (?:unique|distinct|different)\b", ask)
    if not counting and not re.search(r"\b(?:dedupe|de-dupe|dedup|deduplicate|remove (?:the |all )?(?:duplicates|dupes)|"
                                      r"(?:unique|distinct) (?:items|values|entries|ones|list)|without duplicates)\b", ask):
        return None
    code = head + ("unique = []\nseen = set()\nfor item in items:\n    key = item.strip().lower()\n"
                   "    if key not in seen:\n        seen.add(key)\n        unique.append(item.strip())\n")
    if counting:
        code += "str(len(unique)) + ' unique (of ' + str(len(items)) + ')'"
    else:
        code += ("removed = len(items) - len(unique)\n"
                 "listing(unique, 200) + '\\n(' + str(removed) + ' duplicate' + ('' if removed == 1 else 's') + ' removed)'")
    return Plan("filtering", code, "Kept the first occurrence of each item (ignoring case and spaces), in order.",
                specificity=0.92, template="list_dedupe")


def _test(ask: str, instruction: str, items: list[str], head: str) -> Plan | None:
    m = re.match(r"(?:(?:so |ok |and )?(which|what|list|show|find|give me|filter|keep|pick|how many)\b)(.*)$", ask)
    if not m:
        return None
    rest = m.group(2)
    if not re.match(r"\s*(?:(?:of )?(?:these|them|the following|the items|items|ones|lines|entries|the list)\b|"
                    r"(?:ones|items|lines|entries|values|numbers)\b)", rest) and m.group(1) not in ("filter", "keep"):
        return None
    counting = m.group(1) == "how many"
    if counting and re.fullmatch(r"\s*(?:items|entries|lines|things|names|values|numbers|of (?:these|them))"
                                 r"(?: are)?(?: there)?(?: in (?:this|the|my) list)?(?: in total| total)?\s*", rest):
        return Plan("counting", head + "str(len(items)) + ' items'", "Counted the items of the list.",
                    specificity=0.92, template="count_list")
    tests, words = [], []
    for name, pattern, test, wording in TESTS:
        if re.search(pattern, rest):
            tests.append(test)
            words.append(wording)
    for pattern, test, wording in NUMBER_TESTS:
        if re.search(pattern, rest):
            tests.append(f"value(item) is not None and {test}")
            words.append(wording)
    for pattern, op in COMPARE:
        for cm in re.finditer(r"(?:" + pattern + r")\s*([-−]?[$€£]?\d[\d,]*(?:\.\d+)?(?:\s?[a-z%]{1,4})?)(?!\w)", rest):
            value = number(cm.group(1))
            if value is None:
                return None
            tests.append(f"value(item) is not None and value(item) {op} {value!r}")
            words.append(f"are {cm.group(0)}")
    contain = re.search(r"\b(contain|contains|containing|include|includes|including|mention|mentions|mentioning|"
                        r"have|has|with)\b\s+(?:the (?:word|string|text) )?(\S+)", rest)
    start = re.search(r"\b(start|starts|starting|begin|begins|beginning|end|ends|ending)\s+(?:with|in)\s+(\S+)", rest)
    needles = quoted(instruction)
    if start:
        needle = (needles[0] if needles else start.group(2).strip("'\"`?.,")).lower()
        which = "startswith" if start.group(1).startswith(("start", "begin")) else "endswith"
        tests.append(f"item.strip().lower().{which}({needle!r})")
        words.append(f"{start.group(1)} with {needle!r}")
    elif contain and not tests:
        if contain.group(1) in ("have", "has", "with") and not needles:
            return None  # 'which of these have we shipped?': only a quoted string is a needle after 'have'
        needle = (needles[0] if needles else contain.group(2).strip("'\"`?.,")).lower()
        if needle in ("a", "an", "the", "any", "more", "less", "no", "numbers", "duplicates", "we", "i", "you",
                      "they", "it", "this", "that", "them", "these", "those", "my", "our", "your"):
            return None
        tests.append(f"{needle!r} in item.lower()")
        words.append(f"contain {needle!r}")
    if not tests or (re.search(r"\bor\b", rest) and len(tests) > 1):
        return None
    numbered = sum(number(i) is not None or len(re.findall(r"\d[\d,]*(?:\.\d+)?", i)) == 1 for i in items)
    if "value(item)" in " ".join(tests) and numbered * 2 < len(items):
        return None  # most items carry no single number to compare
    code = head
    if "value(item)" in " ".join(tests):
        code += ("\n\ndef value(item):\n    \"\"\"The item's number: the item itself, or the one number written in it.\"\"\"\n"
                 "    if number(item) is not None:\n        return number(item)\n"
                 "    found = [number(t) for t in re.findall(r'[-$€£]?\\d[\\d,]*(?:\\.\\d+)?%?', item)]\n"
                 "    return found[0] if len(found) == 1 else None\n\n\n")
        code += "unread = [item for item in items if value(item) is None]\n"
    else:
        code += "unread = []\n"
    code += f"kept = [item for item in items if {' and '.join('(' + t + ')' for t in tests)}]\n"
    what = " and ".join(words)
    if counting:
        code += f"answer = str(len(kept)) + ' of ' + str(len(items)) + ' ' + {lit(what)}\n"
    else:
        code += f"answer = (listing(kept) if kept else {lit('None of them ' + what + '.')})\n"
    code += "answer + ('' if not unread else '\\n(no single number in: ' + ', '.join(unread) + ')')"
    return Plan("filtering", code, f"Kept the items that {what}.", specificity=0.92, template="filter_list")
