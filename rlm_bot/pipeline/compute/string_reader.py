"""String operations read by meaning: the operation named anywhere, the string found wherever it sits.

'what is lemonade spelled backwards', "whats 'level up' reversed? for a puzzle", 'rev: 12345',
'capitalise each word: jane doe-smith', "in 'my-cool-project-name' swap dashes for underscores",
'give me MAX_RETRY_COUNT in lowercase for the config key', 'reverse the letters of my name, Annabelle'.

The operation is one of a few (reverse, upper/lower case, capitalise each word, drop the spaces, swap one
symbol for another, letters in alphabetical order); the string is the one quoted string, else the text after
the request's colon or dash, else the one word the operation is said of ('lemonade spelled backwards',
'my name, Annabelle,', an identifier written in capitals). Two candidates, or none, decline.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted

_SYMBOLS = {"dashes": "-", "hyphens": "-", "underscores": "_", "spaces": " ", "dots": ".", "periods": ".",
            "commas": ",", "slashes": "/", "backslashes": "\\", "colons": ":", "semicolons": ";", "pipes": "|"}
_SYM = "|".join(_SYMBOLS)
_OPS = (
    ("swap", re.compile(rf"\b(?:swap|switch|replace|change|turn)\s+(?:all\s+|the\s+|every\s+)*({_SYM})\s+(?:for|with|to|into)\s+"
                        rf"(?:the\s+)?({_SYM})\b", re.I)),
    ("nospace", re.compile(r"\b(?:drop|remove|strip|delete|take out|get rid of|lose)\s+(?:all\s+|the\s+|every\s+|any\s+)*"
                           r"(?:spaces?|whitespace)\b|\bwithout (?:any |the )?spaces\b", re.I)),
    ("title", re.compile(r"\b(?:capitali[sz]e|uppercase|upper-case)\s+(?:the\s+)?(?:first letter of\s+)?(?:each|every|all(?: the)?)"
                         r"\s+words?\b|\btitle[ -]?case\b", re.I)),
    ("sort", re.compile(r"\bletters\b.{0,40}?\b(?:in alphabetical order|alphabetically|sorted)\b|"
                        r"\b(?:sort|alphabeti[sz]e)\s+(?:the\s+)?letters\b", re.I)),
    ("reverse", re.compile(r"\b(?:spelled|spelt|written|read)\s+backwards?\b|\breversed\b|\breverse(?:\s+(?:the\s+)?"
                           r"(?:letters|characters|string|text))?\b|^\W*rev\b|\bbackwards?\b", re.I)),
    ("upper", re.compile(r"\b(?:in\s+|to\s+|as\s+|all\s+)?(?:upper ?case|all caps|capitals|caps)\b", re.I)),
    ("lower", re.compile(r"\b(?:in\s+|to\s+|as\s+|all\s+)?lower ?case\b", re.I)),
)
_CODE = {
    "reverse": "text[::-1]",
    "upper": "text.upper()",
    "lower": "text.lower()",
    "title": "re.sub(r'(^|[\\s-])([a-z])', lambda m: m.group(1) + m.group(2).upper(), text)",
    "nospace": "text.replace(' ', '')",
    "sort": "''.join(sorted(text.replace(' ', ''), key=str.casefold))",
}
# words that ask about string operations rather than for one
_NOT_ASKING = re.compile(r"\b(?:how (?:do|can|to|would|should)|why|function|code|regex|in (?:python|js|javascript|sql|"
                         r"excel|bash)|method|algorithm|explain|words)\b", re.I)
_POLITE = re.compile(r"\s*(?:[,.!]\s*)?(?:(?:pls|plz|please|thanks|thx|ty|for (?:a|the|my|our) [\w ]{1,30}?|"
                     r"it'?s for [\w ]{1,30}?)\s*[.!?]*\s*)*$", re.I)
_STOP = frozenset("the a an my our your this that it is what whats what's of to in for me give please pls".split())


def _target(body: str, op: re.Match) -> str | None:
    qs = [s for s in quoted(body) if s.strip()]
    if len(qs) == 1:
        return qs[0]
    if qs:
        return None
    # the text after the request's colon or dash: 'rev: 12345', 'capitalise each word: jane doe-smith'
    after = re.search(r"(?<!\d):(?!\d|//)\s*|\s[—–-]\s+", body[op.start():])
    if after is not None:
        text = _POLITE.sub("", body[op.start() + after.end():]).strip()
        if text and "\n" not in text and len(text) <= 200:
            return text
        return None
    # the one word the operation is said of: 'lemonade spelled backwards', 'my name, Annabelle,'
    named = re.search(r"\b(?:name|word|string|text|id|key|code),?\s+([A-Za-z][\w'-]{1,40})\b", body) or \
        re.search(r"\b(?:letters|characters) (?:of|in) (?:the (?:word|name|string) )?([A-Za-z][\w'-]{1,40})\b", body) or \
        re.search(r"([A-Za-z][\w'-]{1,40})\s+(?:spelled|spelt|written|read)\s+backwards?\b", body) or \
        re.search(r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}[A-Z0-9]*)\b", body)
    if named is None or named.group(1).lower() in _STOP:
        return None
    return named.group(1)


def solve_string_reading(q: Query) -> Plan | None:
    """One string operation, its operation and string read wherever they sit in the message."""
    body = q.written or q.body
    if "\n" in body.strip() or len(body) > 300 or _NOT_ASKING.search(body):
        return None
    found = [(name, m) for name, pattern in _OPS for m in [pattern.search(body)] if m]
    if not found:
        return None
    name, op = found[0]
    if name == "reverse" and re.search(r"\b(?:order|list|words|sentence|lines)\b", body, re.I):
        return None  # reversing an order or the words is another operation
    if name in {"upper", "lower"} and len(found) > 1:
        return None
    text = _target(body, op)
    if not text or len(text) < 2:
        return None
    if name == "swap":
        old, new = _SYMBOLS[op.group(1).lower()], _SYMBOLS[op.group(2).lower()]
        if old not in text:
            return None
        code = f"text = {lit(text)}\ntext.replace({lit(old)}, {lit(new)})"
        what = f"every {old!r} replaced with {new!r}"
    else:
        code = ("import re\n\n" if name == "title" else "") + f"text = {lit(text)}\n{_CODE[name]}"
        what = {"reverse": "reversed", "upper": "in upper case", "lower": "in lower case", "title": "each word capitalised",
                "nospace": "without its spaces", "sort": "its letters in alphabetical order"}[name]
    return Plan("string", code, f"The text {what}.", specificity=0.93, template="string_reading")
