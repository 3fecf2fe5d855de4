"""Grouping and filtering a list pasted in the message (bullets, numbered, one per line, or comma-separated).

`solve_list(q) -> Plan | None` answers "group these by domain / first letter / team", "how many per
…", "which of these are over 100 / contain 'prod' / are e-mails / are duplicates", "dedupe this".
The host only splits the list and reads the instruction; the sandbox groups, tests and counts. An
instruction it cannot read exactly (a group key or a test it does not know) is None.
"""

from __future__ import annotations

import html
from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.items import THANKS
from rlm_bot.pipeline.compute.filter import filter_plan
from rlm_bot.pipeline.compute.groups import solve_group
from rlm_bot.pipeline.compute.sort import sort_plan
from rlm_bot.pipeline.compute.plan import MAX_ITEMS, Plan, lit, split_items
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.table_runtime import listing, number

__all__ = ["pasted_list", "solve_list", "solve_list_sort"]

MAX_ITEM_CHARS = 200
CUE = re.compile(r"\b(group|grouped|groups|grouping|grup|bucket|anything|any|who|split|break|breakdown|put|categori[sz]e|organi[sz]e|separate|tally|per|"
                 r"each|sums?|totals?|which|what|dedupe|de-dupe|dedup|duplicates?|dupes|unique|distinct|how many|"
                 r"count|counts|frequency|filter|keep|only|just|want|need|list|show|find|remove|drop|exclude|"
                 r"delete|rid|pick|sort|sorted|sorting|order|ordered|arrange|arranged|alphabeti[sz](?:e|ed|ing)|alphabetic(?:al)?(?:ly)?|a-z|z-a|"
                 r"ascending|descending|rank|ranked|cheapest|priciest|most expensive|"
                 r"(?:lowest|smallest|shortest|lightest|earliest|highest|largest|biggest|longest|heaviest|latest) to)\b", re.I)
BULLET = re.compile(r"^\s*(?:[-*•◦▪‣]|\d{1,3}[.)]|\(\d{1,3}\))\s+")
FENCE = re.compile(r"^\s*```\w*\s*$")
NOT_COMPUTED = re.compile(r"\b(think|opinion|should|best|better|worst|recommend|summari[sz]e|explain|why|"
                          r"prioriti[sz]e|important|relevant|look (?:right|ok|good)|which one)\b")


def pasted_list(body: str) -> tuple[str, list[str]] | None:
    """(instruction, items) of a message made of one instruction and a pasted list, or None."""
    body = THANKS.sub("", html.unescape(body.strip()))  # Slack's '&amp;' is one character of an item
    lines = [ln.strip() for ln in body.strip().splitlines() if ln.strip() and not FENCE.match(ln)]
    lines = [re.sub(r"^```\w*\s*|\s*```$", "", ln) for ln in lines]
    if len(lines) >= 2:
        if CUE.search(lines[0]) and not BULLET.match(lines[0]):
            instruction, rest = lines[0], lines[1:]
        elif CUE.search(lines[-1]) and not BULLET.match(lines[-1]):
            instruction, rest = lines[-1], lines[:-1]
            if len(rest) >= 3 and rest[0].endswith(":") and not BULLET.match(rest[0]):
                rest = rest[1:]  # 'attendees (some signed up twice):' titles the list, it is no item
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
    # a remark after the list belongs to the instruction: 'sort: 3.10, 3.9 (these are versions)'
    line = re.sub(r"^(.*)([:?]\s+)(.*?)\s*(\([^()]*\s[^()]*\)|\((?:dd?|mm?)[/.-](?:mm?|dd?)(?:[/.-]y{2,4})?\))\s*[.!]?$",
                  r"\1 \4\2\3", line.strip())  # ('(dd/mm)' too)
    ask = re.search(r"(?:[—–]|\s-\s|[.!]\s)\s*([^,;—–.!?]{3,80}\?)\s*$", line)
    if ask and CUE.search(ask.group(1)):  # 'survey answers: yes, no, yes — how many of each?': the question after the list
        data = re.sub(r"^[^,;:]{1,40}:\s+", "", line[: ask.start()].strip())
        if len(re.findall(r"[,;]", data)) >= 2:
            return ask.group(1).strip(), split_items(data)
    for m in reversed(list(re.finditer(r"[:?]\s+|\s[—–]\s+", line))):  # the last one: 'who owes what? add up per person: ...'
        head, tail = line[: m.start()], line[m.end():]
        if CUE.search(head) and len(re.findall(r"\s/\s", tail)) >= 2 and not re.search(r"[,;]", tail):
            return head.strip(), [p.strip() for p in re.split(r"\s+/\s+", tail.strip().rstrip(".!?"))]  # 'North 1200 / South 800'
        if CUE.search(head) and re.search(r"[,;]", tail) and not any(len(p.split()) > 12 for p in re.split(r"[,;]", tail)):
            if re.search(r"\d,\d{1,3}(?![\d.])", tail) and re.search(r",\s", tail):  # '€1.250,00, €499,99', 'Oslo 709,000, Bergen'
                return head.strip(), [p.strip() for p in re.split(r"\s*;\s*|,\s+(?:and\s+)?", tail.strip().rstrip(".!?"))]
            return head.strip(), split_items(tail)
    m = re.fullmatch(r"(.*?[a-z!?.])\s+((?:[-−]?\d+(?:\.\d+)?\s*,\s*)+[-−]?\d+(?:\.\d+)?)", line.strip(), re.I)
    if m and CUE.search(m.group(1)):
        return m.group(1).strip(), split_items(m.group(2))
    # numbers or repeated words with only spaces between: 'split into even/odd: 21 4 8 15', 'tally: yes no yes'
    m = re.fullmatch(r"(.*?[a-z!?.:])\s+((?:[-−]?\d+(?:\.\d+)?\s+){2,}[-−]?\d+(?:\.\d+)?)", line.strip(), re.I) or \
        re.fullmatch(r"(.*?):\s+((?:[\w'+-]+(?:[.@][\w'+-]+)*\s+){2,}[\w'+-]+(?:[.@][\w'+-]+)*)[.!]?", line.strip())
    if m and CUE.search(m.group(1)):
        words = m.group(2).split()
        if all(re.fullmatch(r"[-−]?\d+(?:\.\d+)?", w) for w in words) or len({w.lower() for w in words}) < len(words) or \
                all(re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,7}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", w) for w in words):
            # (file names or addresses with only spaces between: 'main.py README.md utils.py')
            return m.group(1).rstrip(":").strip(), words
    return None


def header_row(items: list[str]) -> tuple[list[str], list[list[str]]] | None:
    """(column names, rows) when the list is a small table whose first line names its columns, else None."""
    if len(items) < 3:
        return None
    for sep in (r"\s*,\s*", r"\s*\t\s*", r"\s*\|\s*", r"\s{2,}"):
        rows = [[f for f in re.split(sep, i.strip().strip("|").strip())] for i in items]
        if len({len(r) for r in rows}) != 1 or len(rows[0]) < 2:
            continue
        names = rows[0]
        if all(re.fullmatch(r"[A-Za-z][A-Za-z _/().%-]*", n) for n in names) and len(set(names)) == len(names) and \
                any(re.search(r"\d", f) for r in rows[1:] for f in r):
            return names, rows[1:]
    return None


def solve_list(q: Query) -> Plan | None:
    """A plan grouping, filtering, counting or de-duplicating a pasted list, or None."""
    found = pasted_list(q.body)
    if found is None:
        return None
    instruction, items = found
    items = [re.sub(r"\s*\t\s*", "  ", i) for i in items]  # a tab would reach the code as '\t42', hiding the number 42
    ask = _plain(instruction)
    if NOT_COMPUTED.search(ask):
        return None
    table = header_row(items)
    if table is not None:
        columns, rows = table
        head = f"import re\n\n\n{shipped(number, listing)}\n\n\n"
        return solve_group(ask, [" | ".join(r) for r in rows], head, columns=(columns, rows))
    head = f"import re\n\n\n{shipped(number, listing)}\n\n\nitems = [\n" + "".join(f"    {lit(i)},\n" for i in items) + "]\n"
    if _cells_in_one(items):
        return None  # 'stop 1-12: delivered | late | …' under a title line: the cells of one line are the items
    if _asks_part(ask, items):
        return _sort(ask, items, head) or solve_group(ask, items, head)  # a part of each record, not the records
    return (_sort(ask, items, head) or solve_group(ask, items, head) or _duplicates(ask, head) or _dedupe(ask, head, items)
            or filter_plan(ask, instruction, items, head))


# a part of each item named ('which invoice numbers are unpaid', 'which firmware versions are out there') over
# items that are records of several fields ('Marek & Co - INV-202 - unpaid', 'HH-03 fw 3.9.8'): the answer is
# that part of each, which the item forms (whole items kept, de-duplicated) do not give
_PART_ASKED = re.compile(r"\b(?:(?:which|what)(?:\s+(?:are|is|were|was))?|list|show|give me|find|unique|distinct)\s+"
                         r"(?:(?:of\s+)?(?:the|these|those|all)\s+)?"
                         r"(?:[a-z][\w-]*\s+){0,2}?(?:numbers?|nos?|ids?|codes?|refs?|references?|versions?|names?|"
                         r"e-?mails?|addresses|skus?|dates?|amounts?|totals?|ips?|urls?)\b")
_FIELD_SEPARATOR = re.compile(r"\s[-–—|/]\s|\t|:\s|\s{2,}|,\s")


def _asks_part(ask: str, items: list[str]) -> bool:
    if not _PART_ASKED.search(ask):
        return False
    return all(_FIELD_SEPARATOR.search(i.strip()) or len(i.split()) >= 3 or _label_and_code(i) for i in items)


def _label_and_code(item: str) -> bool:
    """'invoice INV-88120', 'ref ZK4P9Q': a word with no digit beside one with digits, a label and a value."""
    words = item.split()
    return len(words) >= 2 and any(re.search(r"\d", w) for w in words) and any(not re.search(r"\d", w) for w in words)


def _cells_in_one(items: list[str]) -> bool:
    """Whether one item holds a run of cells ('a | b | c | …') the others do not: items of two kinds."""
    pipes = [i.count("|") for i in items]
    return max(pipes) >= 2 and len(set(pipes)) > 1


def solve_list_sort(q: Query) -> Plan | None:
    """Only the sorting of a pasted list ('sort these from smallest to largest? 1,200; 950', 'reverse
    alphabetical: dog, ant'), tried before the everyday forms that would read the same words as a statistic
    ('smallest') or a string operation ('reverse')."""
    found = pasted_list(q.body)
    if found is None:
        return None
    instruction, items = found
    ask = _plain(instruction)
    if NOT_COMPUTED.search(ask) or header_row(items) is not None:
        return None
    joiner = "\n" if len(q.body.strip().splitlines()) > 1 else "; " if any("," in i for i in items) else ", "
    return _sort(ask, items, "", joiner)  # ('2,500; 780; 12,000' stays readable)


SORT_ASK = re.compile(r"(?:(?:hello|hi|hey|please|pls|plz|kindly|could|can|would|will|you|u|mind|these|this|that|list|be|get|"
                      r"them|they|the|following|items|names|words|numbers|i|we|need|want|like|i'd|we'd|to|have|just|"
                      r"quickly|ok|so)[\s,!.]+)*"
                      r"(?:(?:sort|order|arrange|alphabeti[sz]e|rank)(?:ed|d|ing)?\b|alphabeti[sz]ing\b"
                      r"|(?:in\s+)?(?:reverse\s+)?(?:alphabetic(?:al)?(?:ly)?|ascending|descending|a-z|z-a|a to z|z to a)\b"
                      r"(?:\s+order)?\s*,?\s*(?:pls|please|plz|thx|thanks|ty)?$"
                      r"|(?:from\s+)?(?:the\s+)?(?:cheapest|least expensive|lowest|smallest|shortest|lightest|earliest|"
                      r"most expensive|priciest|highest|largest|biggest|longest|heaviest|latest)(?:\s+ones?)?\s+(?:to|->|→)\s+"
                      r"(?:the\s+)?(?:cheapest|least expensive|lowest|smallest|shortest|lightest|earliest|most expensive|priciest|"
                      r"highest|largest|biggest|longest|heaviest|latest)\b"
                      r"|(?:put|get|list)\s+(?:these|them|this list|the following|the list)(?:\s+[a-z]+){0,3}\s+in\s+"
                      r"(?:reverse\s+)?(?:alphabetical|ascending|descending|numerical|date|chronological|size|time)\s+order\b)(.*)$")


def _plain(instruction: str) -> str:
    """The instruction in lower case without emoji and closing punctuation ('alphabetical order pls 🙏')."""
    text = re.sub(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]", " ", html.unescape(instruction.lower()))  # Slack's '&gt;' 
    text = re.sub(r"(?<!\w)[*_~]+(\w[^*_~]*?)[*_~]+(?!\w)", r"\1", text)  # Slack emphasis: 'still *open*'

    return " ".join(text.split()).rstrip("?!. :")


def _sort(ask: str, items: list[str], head: str, joiner: str = "\n") -> Plan | None:
    m = SORT_ASK.match(ask)
    if not m or re.search(r"\binto\b", m.group(1) or ""):
        return None  # 'sort these into done and not done' puts items in classes
    return sort_plan(ask, items, joiner)


def _duplicates(ask: str, head: str) -> Plan | None:
    once = re.search(r"\b(?:which|what|list|show|find)\b.*\b(?:unique|appear (?:only )?once|only once|not repeated|"
                     r"no duplicates?)\b", ask)
    more = re.search(r"\b(?:which|what|list|show|find|any|how many)\b.*\b(?:duplicated?|duplicates|dupes|repeated|repeats|"
                     r"more than once|twice|appear again)\b", ask) or re.search(r"^(?:find|list|show)(?: the)? "
                                                                              r"(?:duplicates|dupes)\b", ask)
    counting = bool(re.search(r"\bhow many\b", ask))
    if not (once or more) or (once and more):
        return None
    if re.search(r"\b(?:no|without|minus|drop(?:ping)? the|skip(?:ping)? the|ignore the|ignoring) (?:dupes|duplicates?|repeats)\b",
                 ask):
        return None  # 'what order numbers are mentioned (no dupes)': the items once each, asked of another reader
    asks_whether = re.match(r"\W*(?:(?:are|is) there\s+)?any\s+(?:dupes|duplicates?|repeats)\b", ask) is not None
    code = head + ("seen = {}\nfirst = {}\nfor item in items:\n    key = item.strip().lower()\n"
                   "    seen[key] = seen.get(key, 0) + 1\n    first.setdefault(key, item.strip())\n")
    if more:
        code += ("repeated = [first[key] + ' (×' + str(n) + ')' for key, n in seen.items() if n > 1]\n"
                 + ("str(len(repeated)) + ' items appear more than once' + (': ' + listing(repeated) if repeated else '.')"
                    if counting else "('Yes: ' + listing(repeated) if repeated else 'No duplicates.')" if asks_whether
                    else "listing(repeated) if repeated else 'No duplicates.'"))
        return Plan("filtering", code, "Counted each item (ignoring case and spaces) and kept those seen more than once.",
                    specificity=0.92, template="list_duplicates")
    code += ("single = [first[key] for key, n in seen.items() if n == 1]\n"
             + ("str(len(single)) + ' items appear once.'" if counting
                else "listing(single) if single else 'Every item appears more than once.'"))
    return Plan("filtering", code, "Counted each item (ignoring case and spaces) and kept those seen once.",
                specificity=0.92, template="list_unique")


def _dedupe(ask: str, head: str, items: list[str] = ()) -> Plan | None:
    counting = re.search(r"\bhow many (?:unique|distinct|different)\b", ask)
    if not counting and not re.search(r"\b(?:dedupe|de-dupe|dedup|deduplicate|(?:remove|filter out|drop|get rid of|strip|delete|lose|take out|clear) (?:the |all |any )?(?:(?:blanks?|empties|empty (?:lines|rows|cells|ones))(?: and| &| \+) (?:the |all |any )?)?(?:duplicates|dupes|repeats)|"
                                      r"(?:unique|distinct) (?:items|values|entries|ones|list)|without duplicates)\b", ask):
        return None
    noun = re.search(r"\b(?:unique|distinct|different)\s+([a-z]+)", ask)
    if counting and noun and noun.group(1) not in ("items", "values", "entries", "lines", "rows", "ones", "records") and \
            any(len(item.split()) > 1 for item in items):
        return None  # 'how many distinct users? alice login / bob login': a part of each line, not the lines
    code = head + ("unique = []\nseen = set()\nfor item in items:\n    key = item.strip().lower()\n"
                   "    if key not in seen:\n        seen.add(key)\n        unique.append(item.strip())\n")
    if counting:
        code += "str(len(unique)) + ' unique (of ' + str(len(items)) + ')'"
    else:
        code += "listing(unique, 200)"
    return Plan("filtering", code, "Kept the first occurrence of each item (ignoring case and spaces), in order.",
                specificity=0.92, template="list_dedupe")
