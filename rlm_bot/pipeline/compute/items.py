"""Reader of a pasted list of labelled items, wherever it sits in the message.

`read_items(body) -> Material | None` splits a message into the question (the words around the list,
before or after it, on their own line or on the list's line) and the items, and reads each item as a
name and what it carries: one value ('Ana 112%', 'BOX-A 18.5 kg', 'Ollie: submitted', 'PO-101 (Maersk)',
'SKU1=A', 'INV-1 due 2026-11-28') or named fields ('Kim (score 72, source: webinar)'). Values are typed:
a number with its unit brought to a base unit (kg, m, l, bytes, seconds; money with k/M), a date, or a
category word. Nothing here decides what the question asks; `list_general.py` does.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Item", "Material", "read_items", "read_item", "number_of", "date_of", "clean", "settle", "THANKS"]

MAX_NAME_WORDS = 6
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u2B50]")
_MENTION = re.compile(r"<[@!#][^>]+>|@(?:here|channel|bot|everyone)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•◦▪‣]|\d{1,3}[.)]|\(\d{1,3}\))\s+")
# units to a base unit: mass in g, length in m, volume in l, time in s, data in bytes
UNITS = {
    "mg": (0.001, "mass"), "g": (1, "mass"), "gr": (1, "mass"), "kg": (1000, "mass"), "kgs": (1000, "mass"),
    "t": (1e6, "mass"), "tonnes": (1e6, "mass"), "tonne": (1e6, "mass"), "lb": (453.59237, "mass"),
    "lbs": (453.59237, "mass"), "oz": (28.349523125, "mass"),
    "mm": (0.001, "length"), "cm": (0.01, "length"), "m": (1, "length"), "km": (1000, "length"),
    "in": (0.0254, "length"), "ft": (0.3048, "length"), "mi": (1609.344, "length"), "miles": (1609.344, "length"),
    "ml": (0.001, "volume"), "cl": (0.01, "volume"), "l": (1, "volume"), "litres": (1, "volume"),
    "liters": (1, "volume"),
    "ms": (0.001, "time"), "s": (1, "time"), "sec": (1, "time"), "secs": (1, "time"), "min": (60, "time"),
    "mins": (60, "time"), "minutes": (60, "time"), "h": (3600, "time"), "hr": (3600, "time"), "hrs": (3600, "time"),
    "hours": (3600, "time"), "hour": (3600, "time"), "d": (86400, "time"), "days": (86400, "time"),
    "b": (1, "data"), "kb": (1e3, "data"), "mb": (1e6, "data"), "gb": (1e9, "data"), "tb": (1e12, "data"),
    "k": (1e3, "count"), "m$": (1e6, "count"), "bn": (1e9, "count"),
    "%": (1, "percent"), "c": (1, "temp"), "°c": (1, "temp"), "°f": (1, "tempf"), "m²": (1, "area"),
    "m2": (1, "area"), "sqm": (1, "area"),
}
_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_NUM = r"[-−]?\d[\d,]*(?:\.\d+)?"
_VALUE = re.compile(r"(?<![\w.])([$€£¥₹])?\s?(" + _NUM + r")\s?(°[cCfF]|m²|[a-zA-Z%]{1,7})?(?![\w.]*\d)")


@dataclass(frozen=True)
class Item:
    """One pasted item: its text, its name, its main value and any named fields."""

    raw: str
    name: str
    value: str
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Material:
    """The question around a pasted list and the list's items."""

    question: str
    items: tuple[Item, ...]


# A closing courtesy after the list ('... Dakar. Many thanks!'): not an item.
THANKS = re.compile(r"(?:(?<=[.!?])|(?<=[.!?] )|\s+[-–—]\s*)\s*(?:(?:many|big|huge)\s+)?(?:thanks?|thank you|thx|ty|cheers|"
                    r"much appreciated|appreciate it|appreciated)(?:\s+(?:so|very)\s+much|\s+a lot|\s+in advance|"
                    r"\s+(?:so|very)\s+much)?\s*[.!🙏🙂😊]*\s*$", re.I)


def clean(text: str) -> str:
    """The message without mentions, emoji and Slack escapes, lines kept."""
    text = _MENTION.sub(" ", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = _EMOJI.sub(" ", text)
    text = re.sub(r"(?<!`)`(?!`)", " ", text)  # inline code marks ('ports `22 80 443`'), fences kept
    # a tab stays one tab: it is the separator of a pasted column ('Refund - duplicate charge<TAB>-42.50')
    return "\n".join(re.sub(r" *\t[ \t]*", "\t", re.sub(r" {2,}", " ", ln)).strip() for ln in text.splitlines())


def number_of(text: str) -> tuple[float, str, float] | None:
    """(in base units, unit family, as written): '18.5 kg' -> (18500.0, 'mass', 18.5), '$1.2M' ->
    (1200000.0, '', 1.2), '-18°C' -> (-18.0, 'temp', -18.0), 'net 30' -> (30.0, '', 30.0); None unless
    the text holds exactly one number."""
    text = re.sub(r"\b(?:utc|gmt)\s?([+\-−])\s?(?=\d)", lambda m: " " + ("" if m.group(1) == "+" else "-"), text,
                  flags=re.I)  # a zone offset: 'UTC-5' is -5 hours
    text = re.sub(r"(?<![\d.,])(\d+),(\d\d)(?![\d.,])", r"\1.\2", text)  # a decimal comma: '€45,20'
    found = [m for m in _VALUE.finditer(text) if not re.fullmatch(r"\d{4}-\d\d-\d\d", m.group(2))]
    if len(found) != 1 or date_of(text) is not None:
        return None
    m = found[0]
    value = float(m.group(2).replace(",", "").replace("−", "-"))
    unit = (m.group(3) or "").lower()
    if m.group(1) and unit in ("k", "m", "bn"):
        unit = {"m": "m$"}.get(unit, unit)
    if m.group(1) and unit not in ("k", "m$", "bn"):
        unit = ""
    if unit in UNITS:
        scale, family = UNITS[unit]
        return value * scale, ("" if family == "count" else family), value
    return value, "", value


def date_of(text: str) -> date | None:
    """The one date of a text: '2026-11-28', '21 Nov 2026', '03/02/2026' (day first); else None."""
    found = re.findall(r"\b(\d{4})-(\d\d)-(\d\d)\b", text)
    try:
        if len(found) == 1:
            return date(*map(int, found[0]))
        dm = re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
        if len(dm) == 1:
            d, mo, y = map(int, dm[0])
            return date(y, mo, d)
        named = re.findall(r"\b(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})\b", text)
        if len(named) == 1 and named[0][1].lower() in _MONTHS:
            return date(int(named[0][2]), _MONTHS[named[0][1].lower()], int(named[0][0]))
    except ValueError:
        return None
    return None


def _split_fields(inner: str) -> dict | None:
    """'score 72, source: webinar' -> {'score': '72', 'source': 'webinar'}; None if not all fields."""
    out = {}
    for part in re.split(r"\s*[,;]\s*", inner):
        m = re.fullmatch(r"([A-Za-z][\w ]{0,20}?)\s*(?::|=|\s)\s*(\S.*)", part)
        if not m:
            return None
        out[m.group(1).strip().lower()] = m.group(2).strip()
    return out


def read_item(text: str) -> Item | None:
    """One item: 'Name: value', 'Name - value', 'Name | value', 'Name → value', 'Name=value',
    'Name (value)', 'Name (k v, k2: v2)', 'Name <number with unit>', 'Name <word> <date or number>'."""
    raw = _BULLET.sub("", text).strip().rstrip(".;,")
    if not raw or len(raw) > 120:
        return None
    if date_of(raw) is not None and re.fullmatch(r"\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4}|\d{1,2} [A-Za-z]{3,9},? \d{4}", raw):
        return Item(raw, raw, raw, {})  # a bare date ('3 Feb 2027'): the whole of it is the item
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", raw)
    if m:
        fields = _split_fields(m.group(2)) if re.search(r"[,:]", m.group(2)) else None
        if fields and len(fields) > 1:
            return Item(raw, m.group(1).strip(), m.group(2).strip(), fields)
        inner = m.group(2).strip()
        fm = re.fullmatch(r"([A-Za-z]+)[ :]\s*(\S+)", inner)
        if fm and number_of(fm.group(2)) is not None:
            return Item(raw, m.group(1).strip(), fm.group(2), {fm.group(1).lower(): fm.group(2)})
        return Item(raw, m.group(1).strip(), inner, {})
    if raw.count("\t") == 1:  # 'Refund - duplicate charge<TAB>-42.50': a tab is the one separator
        name, value = (part.strip() for part in raw.split("\t"))
        if name and value:
            return Item(raw.replace("\t", " "), name, value, {})
    raw = raw.replace("\t", " ")  # the item as written shows no tab (the code and the answer quote it)
    m = re.fullmatch(r"(.+?)\s+(\d{1,2}:\d\d(?:\s?[ap]\.?m\.?)?)", raw, re.I)
    if m and not re.search(r"\d:\d", m.group(1)) and len(m.group(1).split()) <= MAX_NAME_WORDS:
        return Item(raw, m.group(1).strip().rstrip(":-–—").strip(), m.group(2), {})  # 'Lunch duty 12:40'
    m = re.fullmatch(r"(.+?)\s*(?::\s|(?<!\d):(?!\d)|=|\s[-–—|→]\s|\s?->\s?|\s?=>\s?|\t|\s{2,})\s*(.+)", raw)
    if m and not re.search(r"\d$", m.group(1)) or m and not re.match(r"\d", m.group(2)) or \
            m and re.search(r"\s[-–—|→]\s|=|\t|\s{2,}|:\s", raw):
        name, value = m.group(1).strip().rstrip(":").strip(), m.group(2).strip()
        fm = re.fullmatch(r"(.+?),\s*([A-Za-z][\w ]{0,20}):\s*(\S.*)", raw)
        if fm:  # 'Lumen Ltd, VAT reg: Y'
            return Item(raw, fm.group(1).strip(), fm.group(3).strip(), {fm.group(2).strip().lower(): fm.group(3).strip()})
        return Item(raw, name, value, {})
    # 'BOX-A 18.5 kg', 'Ana 112%', 'SKU-11 qty 0', 'INV-1 due 2026-11-28', 'Ava present', 'BA117 T5'
    m = re.fullmatch(r"(.+?)\s+((?:[a-z]{2,12}\s+)?(?:[$€£]\s?)?[-−]?\d[\d,]*(?:\.\d+)?\s?(?:°[CcFf]|m²|[A-Za-z%]{0,7})"
                     r"|(?:[a-z]{2,12}\s+)?\d{4}-\d\d-\d\d|(?:[a-z]{2,12}\s+)?\d{1,2}/\d{1,2}/\d{4})", raw)
    if m and len(m.group(1).split()) <= MAX_NAME_WORDS:
        value = m.group(2)
        word = re.match(r"([a-z]{2,12})\s+(?=\S*\d)", value)
        fields = {word.group(1).lower(): value[word.end():]} if word else {}
        return Item(raw, m.group(1).strip().rstrip(",;").strip(), value[word.end():] if word else value, fields)
    m = re.fullmatch(r"(\S*\d\S*)\s+([^\d\s]\D{0,40})", raw) or re.fullmatch(r"(\S+)\s+(\S+)", raw)
    if m:  # 'BA117 T5', '#5004 Royal Mail', 'Ava present'
        return Item(raw, m.group(1).rstrip(",;") or m.group(1), m.group(2), {})  # 'A-101, DE': the comma is no part of the name
    return None


def _split_line(line: str) -> list[str]:
    """A line's items: split on ';' or ',' outside brackets (not a thousands comma), or ' / '."""
    for sep in (";", ","):
        parts, depth, cur = [], 0, ""
        for i, ch in enumerate(line):
            depth += ch in "([" and 1 or 0
            depth -= ch in ")]" and 1 or 0
            thousands = ch == "," and re.match(r"\d{3}(?!\d)", line[i + 1:i + 4]) and i and line[i - 1].isdigit()
            if ch == sep and depth == 0 and not thousands:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        parts.append(cur)
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) >= 3 or (len(parts) == 2 and sep == ";"):
            return parts
    if len(re.findall(r"\s/\s", line)) >= 2:
        return [p.strip() for p in line.split(" / ")]
    return [line]


_ASK_AFTER = re.compile(r"\s+(?:[—–]|-|<-|<--|\|)\s*(?=\D)|(?<=[.!?])\s+(?=[a-z])|\?\s+")
_ASK_BEFORE = re.compile(r"(?:[:?]|\s[—–-]|->|👉|=>)\s+")


_CUE = re.compile(r"\?|\b(?:which|who|whose|any|anyone|group|grouped|bucket|split|sort|sorted|order|rank|by|first|filter|"
                  r"list|only|pls|please|need|keep|show|find|into|over|under|above|below|than|least|most)\b", re.I)


def _one_line(line: str) -> Material | None:
    """'which are over 5? A 3, B 8, C 9' / 'A 3, B 8, C 9 — which are over 5' / 'x: a, b, c. which …'."""
    wrapped = re.fullmatch(r"(.*?\S)\s*\(([^()]*,[^()]*,[^()]*)\)\s*[.?!]*", line)
    if wrapped:  # 'hosts above 85% disk? (web-01 72%, web-02 88%, db-01 91%)': the list in brackets
        line = wrapped.group(1) + " " + wrapped.group(2) if wrapped.group(1).endswith((":", "?")) else \
            wrapped.group(1) + ": " + wrapped.group(2)
    question = []
    for m in re.finditer(r"(?:[:?]|\s[—–-]|->|=>)\s+", line):  # a question before the list, cut where the list starts
        head, rest = line[: m.start() + 1], line[m.end():]
        pieces = _split_line(rest)
        if m.group(0).startswith(":") and sum(": " in p or "=" in p for p in pieces) * 2 >= len(pieces):
            continue  # 'by region Acme: EMEA; Bolt: APAC': this colon is the first item's
        if _CUE.search(head) and len(pieces) >= 3:
            question.append(head)
            line = rest
            break
    parts = [re.sub(r"^(?:and|or|&)\s+", "", p) for p in _split_line(line)]  # 'a, b, and c'
    if len(parts) < 3 and re.search(r"\)\s+\S", line) and line.count(")") >= 3:
        parts = [p.strip() for p in re.split(r"(?<=\))\s+", line) if p.strip()]  # 'PO-101 (Maersk) PO-102 (DHL)'
    if len(parts) < 3:
        words = line.split()
        run = _token_run(words)
        if run is None:
            return None
        start, end = run
        question = question + [" ".join(words[:start] + ["…"] + words[end:])]
        items = [Item(w, w, w, {}) for w in words[start:end]]
        return Material(" ".join(question).strip(), tuple(items))
    first, last = parts[0], parts[-1]
    mark = _mark(parts[1:-1])
    if not question:
        heads = [h for h in re.finditer(r"(?:[:?]|\s[—–-]|->|=>)\s+", first)
                 if first[: h.start()].count("(") == first[: h.start()].count(")")
                 and not (mark == ": " and h.group(0).startswith(":"))]
        if heads and (_CUE.search(first[: heads[0].start() + 1]) or len(first[: heads[0].start()].split()) > 1):
            question.append(first[: heads[0].start() + 1])
            first = first[heads[0].end():]
    tail = _ASK_AFTER.search(last)
    if tail:
        question.append(last[tail.start():])
        last = last[: tail.start()]
    middle = parts[1:-1]
    shapes = [len(p.split()) for p in middle] or [len(last.split())]
    k = max(shapes)
    items_text = [first] + middle + [last]
    seen = shapes + ([len(last.split())] if tail and middle else [])
    same = len(set(seen)) == 1 and len(seen) >= 2
    if mark and not same and mark in first:  # 'sprint board Deploy API: done; Write docs: in progress; …'
        heads = {len(p.split(mark)[0].split()) for p in middle}
        lead = first.split(mark)[0].split()
        if len(heads) == 1 and len(lead) > min(heads) and _CUE.search(" ".join(lead[:-min(heads)])) is None:
            question.insert(0, " ".join(lead[:-min(heads)]))
            first = " ".join(lead[-min(heads):]) + mark + first.split(mark, 1)[1]
            items_text[0] = first
    if mark and mark not in last and _CUE.search(last):
        question.append(last)  # 'SKU4=B; SKU5=C; group by class'
        items_text = items_text[:-1]
        last = ""
    if len(first.split()) > k + (0 if same else 1) and (_CUE.search(first) or same):
        # 'which boxes weigh no more than 25kg BOX-A 18.5kg, BOX-B ...': the first item has the others' shape
        question.insert(0, " ".join(first.split()[:-k]))
        items_text[0] = " ".join(first.split()[-k:])
    if last and not tail and len(last.split()) > k + (0 if same else 1) and (_CUE.search(last) or same):
        question.append(" ".join(last.split()[k:]))  # '... 9 into even and odd', 'SKU5=C; group by class'
        items_text[-1] = " ".join(last.split()[:k])
    if not question:
        return None
    items = [read_item(p) for p in items_text]
    if any(i is None for i in items):
        plain = [p.strip() for p in items_text]
        if all(p and len(p.split()) <= 3 for p in plain):
            items = [Item(p, p, p, {}) for p in plain]
        else:
            return None
    return Material(" ".join(question).strip(), settle(items))


def _mark(parts: list[str]) -> str:
    """The separator every one of these items uses between name and value ('=', ': ', '('), or ''."""
    for mark in ("=", ": ", "(", " - "):
        if parts and all(mark in p for p in parts):
            return mark
    return ""


def _token_run(words: list[str]) -> tuple[int, int] | None:
    """The longest run of ≥3 look-alike tokens ('#14', 'ENG-12', '41') in a line without separators."""
    # a plain number is one shape however written ('1203', '1203.5', '2,400'): a list of amounts is one run
    shape = ["N" if re.fullmatch(r"[-−]?\d[\d,]*(?:\.\d+)?", w) else re.sub(r"\d+", "9", re.sub(r"[A-Za-z]+", "A", w))
             if re.search(r"\d", w) else None for w in words]
    best = None
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and shape[j] is not None and shape[j] == shape[i]:
            j += 1
        if j - i >= 3 and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = max(j, i + 1)
    return best


def settle(items: list[Item]) -> tuple[Item, ...]:
    """A word read as a field name before a number ('SKU-11 qty 0') is one only when every item has it;
    otherwise it belongs to the name ('Oak side table $129.00')."""
    words = [next(iter(i.fields)) if len(i.fields) == 1 and i.raw.find(next(iter(i.fields))) > 0 and
             re.search(r"\b" + re.escape(next(iter(i.fields))) + r"\s+\S*\d", i.raw) else None for i in items]
    if all(w is not None for w in words) and len(set(words)) == 1:
        return tuple(items)
    return tuple(Item(i.raw, f"{i.name} {w}", i.value, {}) if w is not None else i for i, w in zip(items, words))


def _list_line(lines: list[str]) -> Material | None:
    """One line of the message is a separated list and the other lines ask about it
    ('Mila (age 17), Noah (age 21), Omar (age 18)' then 'which of them can sign up (18+)?')."""
    split = [(_split_line(ln), k) for k, ln in enumerate(lines)]
    listed = [(parts, k) for parts, k in split if len(parts) >= 3]
    if not listed:  # a line that is wholly a run of look-alike tokens ('DE-HAM-017 NL-RTM-004 DE-BER-221')
        runs = [k for k, ln in enumerate(lines) if _token_run(ln.split()) == (0, len(ln.split()))]
        if len(runs) == 1:
            k = runs[0]
            return Material(" ".join(lines[:k] + lines[k + 1:]), tuple(Item(w, w, w, {}) for w in lines[k].split()))
    if len(listed) != 1:
        return None
    parts, k = listed[0]
    items = [read_item(p) for p in parts]
    if any(i is None for i in items):
        return None
    return Material(" ".join(lines[:k] + lines[k + 1:]), settle(items))


def _shape(line: str, item: Item) -> tuple:
    """How an item line is written: its separator and whether its value holds a digit."""
    sep = re.search(r"[:=|()→\t]|\s[-–—]\s|->", line)
    return (sep.group(0).strip() if sep else "", bool(re.search(r"\d", item.value)))


def read_items(body: str) -> Material | None:
    """The question and the pasted items of a message, or None when there is no such list."""
    thanked = THANKS.sub("", body.strip())  # ('... Accra. Many thanks!': the courtesy is no item, nor its stop)
    text = clean(thanked if thanked == body.strip() else re.sub(r"[.!]\s*$", "", thanked))
    lines = [ln for ln in text.splitlines() if ln and not re.fullmatch(r"`{3}\w*", ln)]
    letters = "".join(m.group(1) for ln in lines if (m := re.match(r"\(?([A-J])[.)]\s", ln)))
    if len(letters) >= 2 and "ABCDEFGHIJ".startswith(letters):
        return None  # the options of a multiple-choice question (A, B, …), not a list to compute over ('D. Frost' is a name)
    if len(lines) == 1:
        return _one_line(lines[0])
    parsed = [read_item(ln) if not ln.rstrip().endswith((":", "?")) and not _QUESTION_LINE.match(ln) else None
              for ln in lines]
    best = None
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and parsed[j] is not None:
            j += 1
        if j - i >= 2 and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = j + 1
    if best is None:
        return _list_line(lines)
    start, end = best
    shapes = [_shape(lines[k], parsed[k]) for k in range(start, end)]
    common = max(set(shapes), key=shapes.count)
    while end - start > 2 and _shape(lines[start], parsed[start]) != common:
        start += 1  # a heading that reads as an item ('stock check')
    while end - start > 2 and _shape(lines[end - 1], parsed[end - 1]) != common:
        end -= 1
    if _dropped_items(lines, parsed, best, (start, end)):
        return None
    others = lines[:start] + lines[end:]
    if not others:
        return None
    if len(others) == 1 and end - start == len(lines) - 1 and not re.search(r"[?]|\b(?:which|who|group|sort|by|arrange|"
                                                                             r"chronologic\w*|alphabetic\w*|asc|desc|"
                                                                             r"ascending|descending|a-z|z-a|"
                                                                             r"order|rank|any|split|bucket|per|sum|total|each|"
                                                                             r"first|only|over|under|above|below|just|"
                                                                             r"more than|less than|fewer than|at least|at most|"
                                                                             r"starting|ending|going to|anything|keep|filter|"
                                                                             r"or (?:less|more|fewer|lower|higher|under|over|"
                                                                             r"below|above|worse|better))\b|[<>≤≥]|\bw/",
                                                                             others[0], re.I):
        return None
    return Material(" ".join(others), settle(parsed[start:end]))


# a line that asks, though it ends in no question mark ('which pupils were absent more than 3 days'): no item
_QUESTION_LINE = re.compile(r"^\W*(?:which|who|whom|whose|what|how many|how much|anyone|anything|list|show me|give me|"
                            r"count|sort|group|filter)\b(?:\s+\S+){2,}", re.I)
_ASKING = re.compile(r"[?]|\b(?:which|who|what|how|group|sort|order|rank|any|split|bucket|per|sum|total|each|first|only|"
                     r"list|show|give|keep|filter|pls|please)\b|\s(?:<=?|>=?|≤|≥)\s*\d|\bor (?:less|more|fewer|lower|higher)\b",
                     re.I)
_LIST_MARK = re.compile(r"\s*(?:[-*•–]|\d+[.)])\s")


def _dropped_items(lines: list[str], parsed: list, run: tuple[int, int], kept: tuple[int, int]) -> bool:
    """Whether lines that belong to the list would be left out of it: an item line after the list (another
    run of items, or one in another shape: 'Wed – B12 Mrs Quinn'), a line with the list's bullet after it, or
    an item with a number cut from its start ('AE - Enterprise 2027-03-01' under a header). Such a list is
    not read whole, and an answer over part of it would be wrong."""
    start, end = kept
    for k in range(run[0], start):
        if re.search(r"\d", lines[k]) and not _ASKING.search(lines[k]):
            return True
    bullet = _LIST_MARK.match(lines[start])
    if bullet and any(lines[k].startswith(bullet.group(0)) for k in range(start)):
        return True  # '- Acme & Sons' before the run of items read: a bulleted item the reader could not split
    for k in range(end, len(lines)):
        if _ASKING.search(lines[k]):
            continue
        if parsed[k] is not None or (bullet and lines[k].startswith(bullet.group(0))):
            return True
        if k == end and re.search(r"\d", lines[k]):
            return True  # 'Le Havre 02.01.2027' right under the items, read as none: an item the reader could not read
    return False
