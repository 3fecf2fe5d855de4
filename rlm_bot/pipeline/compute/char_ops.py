"""Character-level string questions read by meaning: slices ('first 5 characters of "Kubernetes"',
'last 4 chars of INV-2026-0193', 'characters 2 to 4 of ABCDEFG'), positions ('3rd character in "Python"',
'letter at position 5 in keyboard'), letters sorted ('sort the letters of banana') and vowels removed.

The operation is read from the words (`char_operation`), the string from quotes or, unquoted, from the one
token after 'of'/'in'/'from' (`char_target`); the position words may sit before or after the string.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted, strip_mention

_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10}
_N = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)"
_ORD = r"(\d{1,3})(?:st|nd|rd|th)|(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
_UNIT = r"(?:characters?|chars?|letters?|digits?|symbols?)"
_SLICE = re.compile(rf"\b(first|last) {_N} {_UNIT}\b", re.I)
_RANGE = re.compile(rf"\b{_UNIT} {_N} (?:to|through|thru|-|–) {_N}\b", re.I)
_AT = re.compile(rf"\b(?:the )?(?:{_ORD}) (?:{_UNIT})\b|\b{_UNIT} (?:is )?(?:at|in) position {_N}\b|"
                 rf"\bposition {_N}\b", re.I)
_LAST_ONE = re.compile(rf"\bthe last {_UNIT}\b", re.I)
_SORT = re.compile(r"\b(?:sort|order|arrange|alphabeti[sz]e) (?:the |all the )?(?:letters|characters|chars)\b|"
                   r"\b(?:letters|characters) (?:of|in) .{1,40}? (?:in alphabetical order|alphabetically|sorted)\b", re.I)
_VOWELS = re.compile(r"\b(?:remove|strip|drop|delete|take out|without)\b(?: (?:all|the|any|every)){0,2} vowels\b", re.I)


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]


def char_target(body: str, op: re.Match) -> str | None:
    """The string the operation applies to: a quoted one, else the single token after 'of'/'in'/'from'."""
    qs = [s for s in quoted(body) if s.strip()]
    if len(qs) == 1:
        return qs[0]
    if qs:
        return None
    rest = body[op.end():]
    m = re.match(r"\s*(?:of|in|from|for)\s+(?:the (?:word|string|text|name|code|id) )?:?\s*(\S+?)[?.!,]*(?:\s|$)",
                 rest, re.I)
    if not m:
        m = re.search(r"(?:of|in|from)\s+(?:the (?:word|string|text|name|code|id) )?(\S+?)[?.!,]*\s+" +
                      re.escape(op.group(0)), body, re.I)
    if not m:  # 'for the code ZX81-Q, what are characters 3 to 4?'
        m = re.search(r"\bfor (?:the )?(?:code|word|string|id|name|sku|text) (\S+?)[?.!,]*\s", body, re.I)
    if not m:
        m = re.search(r":\s*(\S+?)[?.!]*\s*$", body)
    if not m:
        return None
    word = m.group(1).rstrip(":")
    if word.lower() in {"this", "that", "it", "the", "a", "my", "your", "order", "alphabetical", "position", "each", "every",
                        "these", "those", "them", "all", "both"}:  # 'first 3 characters of each: …' is of several
        return None
    return word


def char_operation(body: str) -> tuple[str, re.Match, tuple] | None:
    """(operation, where it is named, its numbers) for a character-level request, or None."""
    for name, pattern in (("slice", _SLICE), ("range", _RANGE), ("sort", _SORT), ("vowels", _VOWELS),
                          ("at", _AT), ("last_one", _LAST_ONE)):
        m = pattern.search(body)
        if m:
            return name, m, tuple(g for g in m.groups() if g is not None)
    return None


def solve_char_ops(q: Query) -> Plan | None:
    """Slices, positions, sorted letters and vowel removal of a given string."""
    body = strip_mention(q.body)
    found = char_operation(body)
    if found is None:
        return None
    name, m, groups = found
    if name in {"at", "slice"} and re.search(r"\b(?:of|in) (?:each|every|all(?: the)?) (?:words?|names?)\b|"
                                            r"\b(?:acronym|initials|abbreviation)\b", body, re.I):
        return None  # 'the first letter of each word' is an acronym, not one position of the string
    text = char_target(body, m)
    if not text:
        return None
    if name == "slice":
        n = _num(groups[1])
        first = groups[0].lower() == "first"
        if n >= len(text):
            return None
        code = f"text = {lit(text)}\ntext[:{n}]" if first else f"text = {lit(text)}\ntext[-{n}:]"
        what = f"the {groups[0].lower()} {n} characters"
    elif name == "range":
        a, b = _num(groups[0]), _num(groups[1])
        if not 1 <= a <= b <= len(text):
            return None
        code = f"text = {lit(text)}\ntext[{a} - 1:{b}]  # characters {a} to {b}, counting from 1"
        what = f"characters {a} to {b}"
    elif name == "at":
        n = _num(groups[0])
        if not 1 <= n <= len(text):
            return None
        code = f"text = {lit(text)}\ntext[{n} - 1]  # position {n}, counting from 1"
        what = f"character {n}"
    elif name == "last_one":
        code = f"text = {lit(text)}\ntext[-1]"
        what = "the last character"
    elif name == "sort":
        code = f"text = {lit(text)}\n''.join(sorted(text.replace(' ', ''), key=str.casefold))"
        what = "the letters in alphabetical order"
    else:
        code = f"text = {lit(text)}\n''.join(ch for ch in text if ch.lower() not in 'aeiou')"
        what = "the text without its vowels"
    return Plan("string", code, f"Took {what} of the string.", specificity=0.95, template="char_ops")
