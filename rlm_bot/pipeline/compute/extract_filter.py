"""Which of the extracted items are asked for: 'only the @acme.com addresses', 'the emails NOT on acme.com',
'emails ending in .edu', 'the gmail addresses', 'just the pickup and delivery dates', 'the euro amounts',
'which IPs got a 500?', 'the first email', 'the last IP'.

`read_selection(ask_before, ask_after, kind)` reads the words around the kind's name (before it: its
qualifiers; after it: a condition) into a `Selection`; `selected(items, text, sel)` applies it. The same
functions run in the sandbox (shipped with the plan), so the code shown is the code that ran. A
qualifier that picks out nothing, or a condition that is not understood, gives None: the caller declines.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass

__all__ = ["Selection", "read_selection", "selected", "line_filter", "item_domain", "labelled", "qualifiers", "asked", "CONDITION_READ", "FILE_TYPES"]

# words that qualify nothing: determiners, politeness, the kind's usual adjectives
_PLAIN = frozenset("""the a an all any every each only just me out of these those its their our my your unique distinct
different other and or pls please plz some both mentioned listed following above below here in this that from
email e-mail mail web ip ipv4 ipv6 money monetary cash currency""".split())
# words that end the qualifiers: the request's verb or question word
_STOP = frozenset("""which what whats what's are is were was can could would you u i we need want give get grab pull extract
list find show collect fetch return print dump gather copy keep identify spot to for with hey hi ok so""".split())
_CURRENCY_WORDS = {"dollar": "$", "dollars": "$", "usd": "$", "$": "$", "euro": "€", "euros": "€", "eur": "€", "€": "€",
                   "pound": "£", "pounds": "£", "gbp": "£", "sterling": "£", "£": "£"}
# qualifiers that test a value rather than name where it is written
_TESTS = frozenset("""odd even prime negative positive big bigger biggest small smaller smallest large larger largest high
higher highest low lower lowest top bottom max min maximum minimum whole decimal round duplicate duplicated repeated
valid invalid private public internal external new old recent latest earliest overdue late early""".split())
_POSITION = {"first": 0, "last": -1, "second": 1, "third": 2}
_DOMAIN = r"@?(?P<dom>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
# words that name which text, not which lines ('from the following lines', 'in the log lines')
_NO_LINE_WORD = (r"following|above|below|pasted|attached|log|logs|access|auth|server|nginx|apache|these|those|last|first|"
                 r"next|previous|same|other|raw|few|two|three|some|all|many|my|our|your|this|that|csv|excel|sheet|"
                 r"text|file|many")
# after the kind's name: a condition on the items
_AFTER = re.compile(
    r"^\s*(?:(?:that|which)\s+)?(?:(?:are|is|were)\s+)?(?:(?P<neg>not|n't|NOT)\s+)?"
    r"(?:(?:on|at|from|@|in|under|with)\s+(?:the\s+)?(?:domain\s+)?" + _DOMAIN + r"(?:\s+domain)?(?![\w.])"
    r"|(?:ending|that end|which end|ends?)\s+(?:in|with)\s+['\"`]?(?P<end>[^\s'\"`?,]+?)['\"`]?(?=[\s?,:]|$)"
    r"|(?:starting|that start|which start|starts?|beginning|begins?)\s+with\s+['\"`]?(?P<start>[^\s'\"`?,]+?)['\"`]?(?=[\s?,:]|$)"
    # '(the 07s)', 'only (just the +44s)': the ones whose digits start so
    r"|(?:only\s+)?\(\s*(?:only\s+|just\s+)?(?:the\s+)?(?P<pre>\+?\d{1,5})'?s\s*\)"
    r"|(?:containing|that contain|which contain|contains?)\s+['\"`]?(?P<has>[^\s'\"`?,]+?)['\"`]?(?=[\s?,:]|$)"
    r"|(?:(?:that|which)\s+)?(?:got|get|gets|had|has|have|returned|return|returns|received|hit|threw|show(?:ed)?|"
    r"with)\s+(?:an?\s+|the\s+)?['\"`]?(?P<tok>[A-Za-z0-9_./-]*\d[A-Za-z0-9_./-]*|[A-Z]{3,}[A-Z0-9_]*)['\"`]?s?(?=[\s?,:.]|$)"
    # 'from the ERROR lines', 'of the *failed* logins', 'in the 5xx requests': the lines holding a word
    r"|(?:from|of|in|on)\s+(?:the\s+|all\s+|only\s+(?:the\s+)?)?[*_]?(?!(?:" + _NO_LINE_WORD + r")\b)(?P<ltok>[A-Za-z0-9][\w-]*)[*_]?\s+"
    r"(?:lines?|log-?ins?|entries|rows|requests|attempts|records|events|messages|calls|jobs|runs)\b"
    r")", re.I)
# before the kind's name, a domain left out: 'the emails not on acme.com' is read after; 'non-acme.com emails' here
_NOT_DOMAIN = re.compile(r"\b(?:not|except|excluding|other than|outside(?: of)?)\s+(?:on\s+|at\s+|from\s+|in\s+)?(?:the\s+)?"
                         + _DOMAIN + r"(?![\w.])", re.I)
# file types named before 'files' ('only the csv files'): the ending they ask for, not a label written before each
FILE_TYPES = frozenset("""pdf doc docx xls xlsx csv txt ppt pptx png jpg jpeg gif svg zip tar gz json yaml yml xml html htm
md py js ts java go rs sql log mp4 mp3 wav""".split())
# what the caller cannot read: a condition we do not know ('appear more than once', 'that are private')
CONDITION_READ = _AFTER


@dataclass(frozen=True)
class Selection:
    """What picks the asked items out of all those extracted."""

    domain: str = ""          # 'acme.com': the item's domain is it (or a subdomain of it)
    domain_word: str = ""     # 'gmail': a label of the item's domain
    negate: bool = False      # the domain test is inverted ('not on acme.com')
    ends: str = ""
    starts: str = ""
    contains: str = ""
    labels: tuple[str, ...] = ()   # words written just before the item in the text ('pickup 2026-11-05')
    currency: str = ""        # '$', '€', '£'
    line_token: str = ""      # only the lines holding this token ('500', 'ERROR')
    position: int | None = None


def item_domain(item: str) -> str:
    """The domain of an e-mail address or URL ('' for other items)."""
    if "@" in item:
        return item.rsplit("@", 1)[1].lower().rstrip(".")
    m = re.match(r"(?:[a-z]+://)?(?:www\.)?([^/:?#\s]+)", item.lower())
    return m.group(1) if m and "." in m.group(1) else ""


def labelled(item: str, text: str, labels: tuple[str, ...]) -> bool:
    """Whether one of `labels` is written just before the item, in its own clause ('pickup 2026-11-05')."""
    for m in re.finditer(re.escape(item), text):
        before = re.split(r"[,;\n(]|\band\b|\.\s", text[max(0, m.start() - 40): m.start()])[-1].lower()
        if any(re.search(r"\b" + re.escape(word[:max(4, len(word) - 2)]), before) for word in labels):
            return True
    return False


def line_filter(text: str, token: str) -> str:
    """The lines of `text` holding `token` as a whole word ('5xx' holds any 5.. code)."""
    if re.fullmatch(r"\dxx", token, re.I):
        pattern = r"(?<![\w.:/-])" + token[0] + r"\d\d(?![\w.:/-])"
    else:
        pattern = r"(?<![\w.:/-])" + re.escape(token) + r"(?![\w:/-]|\.\d)"
    return "\n".join(ln for ln in text.splitlines() if re.search(pattern, ln, re.I))


def selected(items: list, text: str, sel: dict, symbols: list | None = None) -> list:
    """The items the selection (a Selection's fields that are set) keeps, in order."""
    out = []
    for i, item in enumerate(items):
        keep = True
        dom = item_domain(item)
        if sel.get("domain"):
            keep = dom == sel["domain"] or dom.endswith("." + sel["domain"])
        if sel.get("domain_word"):
            keep = sel["domain_word"] in re.split(r"[.-]", dom)
        if sel.get("negate"):
            keep = not keep
        low = item.lower()
        if sel.get("ends") and not low.endswith(sel["ends"].lower()):
            keep = False
        if sel.get("starts") and not low.lstrip("@#").startswith(sel["starts"].lower().lstrip("@#")):
            keep = False
        if sel.get("contains") and sel["contains"].lower() not in low:
            keep = False
        if sel.get("labels") and not labelled(item, text, tuple(sel["labels"])):
            keep = False
        if sel.get("currency") and symbols is not None and symbols[i] != sel["currency"]:
            keep = False
        if keep:
            out.append(item)
    position = sel.get("position")
    if position is not None:
        out = [out[position]] if (position < 0 and out) or 0 <= position < len(out) else []
    return out


def asked(sel: Selection) -> dict:
    """The fields of a selection that are set (what the sandbox code is given)."""
    return {k: v for k, v in vars(sel).items() if v != getattr(Selection(), k)}


def read_selection(before: str, after: str, kind: str, text: str) -> Selection | None:
    """The selection asked by the words before the kind's name (in its clause) and after it; a plain
    Selection() when nothing is asked; None when something is asked that cannot be read."""
    fields: dict = {}
    m = _AFTER.match(after)
    if m:
        if m.group("dom"):
            fields.update(domain=m.group("dom").lower(), negate=bool(m.group("neg")))
        elif m.group("neg"):
            return None
        for group, name in (("end", "ends"), ("start", "starts"), ("pre", "starts"), ("has", "contains")):
            if m.group(group):
                fields[name] = m.group(group)
        if m.group("ltok"):
            if "\n" not in text.strip() or not re.search(r"(?<![\w-])" + re.escape(m.group("ltok")) + r"(?![\w-])", text, re.I):
                return None  # no line holds the word: the lines meant are not told apart by it
            fields["line_token"] = m.group("ltok")
        if m.group("tok"):
            if "\n" not in text.strip():
                return None  # 'the IPs with 500': lines are what a token picks; one line has none to pick
            fields["line_token"] = m.group("tok")
    nd = _NOT_DOMAIN.search(before)
    if nd:
        fields.update(domain=nd.group("dom").lower(), negate=True)
        before = before[: nd.start()]
    quals = qualifiers(before)
    if quals is None:
        return None
    if any(w in _TESTS for w in quals):
        return None  # 'only the odd numbers', 'the big amounts': a test on the values, the filters read it
    labels = []
    for word in quals:
        if word in _POSITION:
            fields["position"] = _POSITION[word]
        elif word in _CURRENCY_WORDS and kind == "amount":
            fields["currency"] = _CURRENCY_WORDS[word]
        elif kind == "file" and word.lstrip(".") in FILE_TYPES:
            return None  # 'the csv files': a type to test each file for (the filter's), no label written before each
        elif kind in ("email", "url") and ("." in word or word.startswith("@")):
            fields["domain"] = word.lstrip("@")
        elif kind in ("email", "url") and any(word in re.split(r"[.-]", item_domain(x)) for x in _domains(text, kind)):
            fields["domain_word"] = word
        else:
            labels.append(word)
    if labels:
        fields["labels"] = tuple(labels)
    return Selection(**fields)


def qualifiers(before: str) -> list[str] | None:
    """The words right before the kind's name that qualify it ('only the pickup and delivery' -> ['pickup',
    'delivery'], 'extract only the @acme.com' -> ['@acme.com']), back to the verb or a determiner; None if
    there are more than four (a sentence, not a qualifier)."""
    words = re.findall(r"@?[\w$€£][\w.@$€£'-]*", before.lower())
    quals: list[str] = []
    for word in reversed(words):
        word = word.rstrip(".")
        if word in _STOP:
            break
        if word in _PLAIN:
            if quals or word in ("the", "only", "just", "all", "me", "out", "of", "any"):
                if word in ("and", "or"):
                    continue
                break
            continue
        quals.insert(0, word)
        if len(quals) > 4:
            return None
    return quals


def _domains(text: str, kind: str) -> list[str]:
    if kind == "email":
        return re.findall(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", text)
    return re.findall(r"(?:https?://|www\.)[^\s<>\"'`|]+", text)
