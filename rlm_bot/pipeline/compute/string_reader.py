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

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted

# a case change asked together with a further edit ('lowercase no spaces with the #', 'slug … (lowercase, hyphens)'):
# the case alone is not what was asked
MORE_EDITS = re.compile(r"\b(?:no|without|remove|strip|drop)\s+(?:the\s+)?(?:spaces?|punctuation|dashes|hyphens)\b|\bhashtag|"
                        r"\bslug|\b(?:with|w/|use|using)\s+(?:the\s+)?(?:hyphens?|dashes?|underscores?|#)|\(\s*lower[- ]?case,|"
                        r"\b(?:hyphens|underscores)\b|\bwith the #", re.I)


SEPARATOR_SYMBOLS = {"dashes": "-", "hyphens": "-", "underscores": "_", "spaces": " ", "dots": ".", "periods": ".",
            "commas": ",", "slashes": "/", "backslashes": "\\", "colons": ":", "semicolons": ";", "pipes": "|"}
_SYM = "|".join(SEPARATOR_SYMBOLS)
_SEPARATOR = rf"{_SYM}|hyphen|dash|comma|space|underscore|slash|pipe|semicolon|colon|dot|period"
_REMOVE = r"\b(?:remove|strip|drop|delete|take out|get rid of)\s+(?:all\s+|the\s+|any\s+|every\s+)*"
_OPS = (
    ("swap", re.compile(rf"\b(?:swap|switch|replace|change|turn)\s+(?:all\s+|the\s+|every\s+)*({_SYM})\s+(?:for|with|to|into)\s+"
                        rf"(?:the\s+)?({_SYM})\b", re.I)),
    ("nospace", re.compile(r"\b(?:drop|remove|strip|delete|take out|get rid of|lose)\s+(?:all\s+|the\s+|every\s+|any\s+)*"
                           r"(?:spaces?|whitespace)\b|\bwithout (?:any |the )?spaces\b", re.I)),
    ("title", re.compile(r"\b(?:capitali[sz]e|uppercase|upper-case)\s+(?:the\s+)?(?:first letter of\s+)?(?:each|every|all(?: the)?)"
                         r"\s+words?\b|\btitle[ -]?case\b", re.I)),
    ("sort", re.compile(r"\bletters\b.{0,40}?\b(?:in alphabetical order|alphabetically|sorted)\b|"
                        r"\b(?:sort|alphabeti[sz]e)\s+(?:the\s+)?letters\b", re.I)),
    ("reverse_each", re.compile(r"\breverse (?:each|every) word\b|\b(?:each|every) word (?:reversed|backwards?)\b", re.I)),
    ("reverse_words", re.compile(r"\breverse (?:the )?(?:word order|order of (?:the )?words|words)\b|"
                                 r"\bwords in reverse(?:d)? order\b", re.I)),
    ("swapcase", re.compile(r"\bswap ?(?:the )?case\b|\b(?:invert|toggle|flip) (?:the )?case\b", re.I)),
    ("sentence", re.compile(r"\bsentence[ -]?case\b", re.I)),
    ("rot13", re.compile(r"\brot-?13\b", re.I)),
    ("nodigits", re.compile(_REMOVE + r"(?:digits|numerals|numbers)\b|\bwithout (?:any |the )?(?:digits|numbers)\b", re.I)),
    ("nopunct", re.compile(_REMOVE + r"punctuation\b|\bwithout (?:any |the )?punctuation\b", re.I)),
    ("dedupe", re.compile(r"\b(?:remove|drop|delete|strip)\s+(?:all\s+|the\s+|any\s+)*(?:duplicate|duplicated|repeated)\s+"
                          r"(?:letters|characters|chars)\b", re.I)),
    ("trim", re.compile(r"\btrim\b|\b(?:leading|trailing) (?:and (?:leading|trailing) )?(?:white ?space|spaces)\b", re.I)),
    ("join", re.compile(rf"\bjoin\b[^:]{{0,40}}?\bwith\s+(?:an?\s+|the\s+)?({_SEPARATOR})\b", re.I)),
    ("split", re.compile(rf"\bsplit\b[^:]{{0,60}}?\b(?:on|by|at)\s+(?:the\s+|each\s+|every\s+)?({_SEPARATOR})\b", re.I)),
    ("pad", re.compile(r"\b(?:zero-?pad|left-?pad|pad)\b", re.I)),
    ("repeat", re.compile(r"\brepeat\b", re.I)),
    ("acronym", re.compile(r"\b(?:acronym|abbreviation|abbreviate|first letters? of (?:each|every|the) words?)\b", re.I)),
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
    "reverse_each": "' '.join(word[::-1] for word in text.split(' '))",
    "reverse_words": "' '.join(reversed(text.split()))",
    "swapcase": "text.swapcase()",
    "sentence": "text[:1].upper() + text[1:].lower()",
    "rot13": ("''.join(chr((ord(ch) - base + 13) % 26 + base) if ch.isascii() and ch.isalpha() else ch\n"
              "        for ch in text for base in [ord('a') if ch.islower() else ord('A')])"),
    "nodigits": "re.sub(r'\\d', '', text)",
    "nopunct": "re.sub(r'[^\\w\\s]', '', text)",
    "dedupe": "''.join(dict.fromkeys(text))  # each character once, where it first appears",
    "trim": "text.strip()",
    "acronym": "''.join(word[0].upper() for word in re.findall(r\"[A-Za-z][\\w'’]*\", text))",
}
_WHAT = {"reverse": "reversed", "upper": "in upper case", "lower": "in lower case", "title": "each word capitalised",
         "nospace": "without its spaces", "sort": "its letters in alphabetical order",
         "reverse_each": "each word reversed", "reverse_words": "its words in reverse order",
         "swapcase": "with each letter's case swapped", "sentence": "in sentence case", "rot13": "in ROT13",
         "nodigits": "without its digits", "nopunct": "without punctuation", "dedupe": "each character once",
         "trim": "without surrounding whitespace", "acronym": "shortened to the first letter of each word"}
# words an acronym is not made of in the usual way: 'Department of Defense' is DoD or DOD, a matter of taste
_FUNCTION_WORDS = frozenset("of and the for a an in on to &".split())
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
    if name == "acronym":
        return _acronym(body, op)
    if name in {"join", "split"}:
        return _join_or_split(name, body, op)
    if name in {"pad", "repeat"}:
        return _pad_or_repeat(name, body, op)
    if name == "reverse" and re.search(r"\b(?:order|list|words|sentence|lines)\b", body, re.I):
        return None  # reversing an order or the words is another operation
    if name in {"upper", "lower"} and (len(found) > 1 or MORE_EDITS.search(body)):
        return None
    text = _target(body, op)
    if not text or len(text) < 2:
        return None
    if name == "swap":
        old, new = SEPARATOR_SYMBOLS[op.group(1).lower()], SEPARATOR_SYMBOLS[op.group(2).lower()]
        if old not in text:
            return None
        code = f"text = {lit(text)}\ntext.replace({lit(old)}, {lit(new)})"
        what = f"every {old!r} replaced with {new!r}"
    else:
        code = ("import re\n\n" if "re." in _CODE[name] else "") + f"text = {lit(text)}\n{_CODE[name]}"
        what = _WHAT[name]
    return Plan("string", code, f"The text {what}.", specificity=0.93, template="string_reading")


def _acronym(body: str, op: re.Match) -> Plan | None:
    """'acronym for standard operating procedure?', "abbreviate 'as soon as possible'", 'what is the acronym
    (first letters) of Warehouse Management System?': the first letter of each word, upper-cased."""
    qs = [x for x in quoted(body) if x.strip()]
    if len(qs) > 1:
        return None
    if qs:
        phrase = qs[0]
    else:
        rest = re.sub(r"\([^)]*\)", " ", body[op.end():])
        m = re.search(r"^\s*(?:(?:is|would be|will be)\s+)?(?:for|of|from|:)\s*(?:the\s+)?(?:phrase\s+|words?\s+|term\s+)?"
                      r"([A-Za-z][A-Za-z' -]{2,80}?)\s*(?:[?.!]|$)", rest) or \
            re.search(r"^\s+([A-Za-z][A-Za-z' -]{2,80}?)\s*(?:[?.!]|$)", rest) if op.group(0).lower() == "abbreviate" \
            else re.search(r"^\s*(?:(?:is|would be|will be)\s+)?(?:for|of|from|:)\s*(?:the\s+)?(?:phrase\s+|words?\s+|term\s+)?"
                           r"([A-Za-z][A-Za-z' -]{2,80}?)\s*(?:[?.!]|$)", rest)
        if m is None:
            return None
        phrase = _POLITE.sub("", m.group(1)).strip()
        if re.match(r"(?:our|my|your|their|his|her|its|this|that|a|an|some|new)\b", phrase, re.I):
            return None  # 'an acronym for our new team': one to invent, not one to read off
    if re.search(r"\b(?:come up with|suggest|invent|think of|create|make up|good|catchy|cool|fun|name)\b", body, re.I):
        return None
    words = re.findall(r"[A-Za-z][\w'’]*", phrase)
    if not 2 <= len(words) <= 8 or any(w.lower() in _FUNCTION_WORDS for w in words):
        return None
    code = f"import re\n\ntext = {lit(phrase)}\n{_CODE['acronym']}"
    return Plan("string", code, f"The text {_WHAT['acronym']}.", specificity=0.93, template="string_reading")


_TIMES = {"twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _pad_or_repeat(name: str, body: str, op: re.Match) -> Plan | None:
    """'pad 42 with zeros to 6 digits', "left pad '7' to width 3 with zeros", "repeat 'ab' 4 times"."""
    qs = [x for x in quoted(body) if x.strip()]
    if len(qs) > 1:
        return None
    word = re.match(r"\s+(?:the\s+(?:number|string|word|text|value)\s+)?(?!(?:with|to|it|this|that|the)\b)([\w.-]+)",
                    body[op.end():])
    text = qs[0] if qs else word.group(1) if word else None
    if not text:
        return None
    if name == "repeat":
        n = re.search(r"\b(\d{1,3}|twice|two|three|four|five|six|seven|eight|nine|ten)\s*(?:times|x)?\s*[?.!]?\s*$"
                      r"|\b(twice)\b", body[op.end():], re.I)
        if n is None or (not qs and word is None):
            return None
        count = n.group(1) or n.group(2)
        times = int(count) if count.isdigit() else _TIMES[count.lower()]
        if not 2 <= times <= 100:
            return None
        return Plan("string", f"text = {lit(text)}\ntext * {times}", f"The text repeated {times} times.", 0.93,
                    "string_reading")
    if not re.search(r"\bzeros?\b|\b0s\b|'0'", body, re.I) or re.search(r"\b(?:right|trailing|after)\b", body, re.I):
        return None  # padding with zeros on the left is the one meaning read here
    width = re.search(r"\b(?:to|width|length|size)\s+(?:of\s+)?(?:a\s+width\s+of\s+)?(\d{1,2})\b|\b(\d{1,2})\s+(?:digits|characters|chars|places)\b",
                      body, re.I)
    if width is None:
        return None
    n = int(width.group(1) or width.group(2))
    if n < len(text) or n > 64:
        return None
    return Plan("string", f"text = {lit(text)}\ntext.rjust({n}, '0')", f"The text padded on the left with zeros to {n} characters.",
                0.93, "string_reading")


def _symbol(word: str) -> str:
    word = word.lower()
    return SEPARATOR_SYMBOLS.get(word) or SEPARATOR_SYMBOLS.get(word + "s") or SEPARATOR_SYMBOLS[{"dash": "dashes"}.get(word, word + "es")]


def _join_or_split(name: str, body: str, op: re.Match) -> Plan | None:
    """'join these with a hyphen: red green blue', "split 'a;b;c;d' on semicolons"."""
    symbol = _symbol(op.group(1))
    text = _target(body, op)
    if not text:
        return None
    if name == "split":
        if symbol not in text:
            return None
        code = f"text = {lit(text)}\nparts = text.split({lit(symbol)})\n', '.join(parts)"
        return Plan("string", code, f"The text split at every {symbol!r}.", 0.93, "string_reading")
    items = [x.strip() for x in re.split(r"\s*,\s*" if "," in text else r"\s+", text) if x.strip()]  # 'New York, Lima' 
    if len(items) < 2:
        return None
    code = f"items = {lit(items)}\n{lit(symbol)}.join(items)"
    return Plan("string", code, f"The items joined with {symbol!r}.", 0.93, "string_reading")
