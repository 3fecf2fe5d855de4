"""Templates for counting, sorting, string operations, brackets, boolean logic and list filters."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import replace

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.extract import slack_unescape
from rlm_bot.pipeline.compute.sort import sort_plan
from rlm_bot.pipeline.compute.plan import Plan, lit, numbers_in, quoted, split_items, split_options
from rlm_bot.pipeline.compute.string_reader import MORE_EDITS


def instruction_part(body: str) -> str:
    """The words around the data: the query without quoted text and without what follows a colon."""
    without_quotes = re.sub(r"\"[^\"]*\"|“[^”]*”|`[^`]*`|‘[^’]*’|(?<![A-Za-z])'[^']*'(?![A-Za-z])", " ", body)
    return without_quotes.split(":", 1)[0].lower()


def _payload(q: Query, after: int = 0, lines: bool = False) -> str | None:
    """The text an operation applies to: a fenced block, quoted text, what follows a colon, or (with
    `lines`) the lines under a one-line instruction; else None."""
    tail = q.body[after:]
    fenced = re.search(r"```[\w-]*[ \t]*\n(.*?)\n?[ \t]*```", tail, re.S)
    if fenced and fenced.group(1).strip():
        return fenced.group(1).strip("\n")
    first, _, rest = tail.strip().partition("\n")
    if lines and rest.strip() and re.search(r"\?\s*$", first) and len(first) <= 120 and not quoted(first):
        return rest.strip("\n")  # 'how many characters in this message?\nReminder: …': the lines under the question
    qs = quoted(tail)
    if qs:
        return max(qs, key=len)
    m = re.search(r"(?::|\s(?:->|=>|→|—))\s*(.+)$", tail, re.S)
    if m and m.group(1).strip():
        return m.group(1).strip()
    first, _, rest = tail.strip().partition("\n")
    if lines and rest.strip() and len(first) <= 120:
        return rest.strip("\n")
    return None


def _text_above(body: str, asks: re.Pattern) -> str | None:
    """The pasted text above a last-line question that points back at it ('…\n\nhow many words is that?')."""
    lines = body.strip().split("\n")
    if len(lines) < 2 or not asks.search(lines[-1].lower()) or asks.search("\n".join(lines[:-1]).lower()):
        return None
    if not re.search(r"\b(?:that|this|it|above|those|these)\b|^\s*\^", lines[-1], re.I):
        return None
    text = "\n".join(lines[:-1]).strip()
    fenced = re.fullmatch(r"```[\w-]*[ \t]*\n?(.*?)\n?[ \t]*```", text, re.S)
    return (fenced.group(1) if fenced else text) or None


_LETTER = (r"(?:(?:the )?(?:letters?|characters?|chars?) )?['\"`‘“]?([a-z])['\"`’”]?(?:'s|s)?")


_SYMBOLS = {"commas": ",", "periods": ".", "dots": ".", "full stops": ".", "spaces": " ", "hyphens": "-",
            "dashes": "-", "underscores": "_", "slashes": "/", "backslashes": "\\", "colons": ":",
            "semicolons": ";", "question marks": "?", "exclamation marks": "!", "exclamation points": "!",
            "at signs": "@", "hashes": "#", "hashtags": "#", "pipes": "|", "tabs": "\t", "asterisks": "*",
            "ampersands": "&", "dollar signs": "$", "percent signs": "%", "plus signs": "+", "equals signs": "="}
# what "unique / distinct X" counts: X -> code making the collection `parts` from `text`
_DISTINCT = {
    "words": "[w.lower() for w in re.findall(r\"[\\w']+\", text)]",
    "letters": "[ch.lower() for ch in text if ch.isalpha()]",
    "characters": "[ch for ch in text if not ch.isspace()]",
    "chars": "[ch for ch in text if not ch.isspace()]",
    "digits": "[ch for ch in text if ch.isdigit()]",
    "values": "[p.strip().lower() for p in re.split(r'[,;\\n]', text) if p.strip()]",
    "items": "[p.strip().lower() for p in re.split(r'[,;\\n]', text) if p.strip()]",
    "numbers": "[p.strip().lower() for p in re.split(r'[,;\\n]', text) if p.strip()]",
    "names": "[p.strip().lower() for p in re.split(r'[,;\\n]', text) if p.strip()]",
    "entries": "[p.strip().lower() for p in re.split(r'[,;\\n]', text) if p.strip()]",
    "ones": "[p.strip().lower() for p in re.split(r'[,;\\n]', text) if p.strip()]",
}


def _count_more(q: Query) -> Plan | None:
    """Distinct letters/words/values, a punctuation mark, a quoted word in the text that follows."""
    t = instruction_part(q.body) if (quoted(q.body) or ":" in q.body) else q.lower
    ask = r"(?:how many|count(?: the)?|number of(?: the)?|total)"
    m = re.search(ask + r" (unique|distinct|different) (" + "|".join(_DISTINCT) + r")\b", t)
    if m:
        text = _payload(q, 0)
        if text is None:
            return None
        code = f"import re\n\ntext = {lit(text)}\nparts = {_DISTINCT[m.group(2)]}\nlen(set(parts))"
        return Plan("counting", code, f"Counted the {m.group(1)} {m.group(2)} (ignoring case).", specificity=0.95,
                    template="count_distinct")
    m = re.search(ask + r" (" + "|".join(_SYMBOLS) + r")\b", t)
    if m:
        text = _payload(q, 0)
        if text is None:
            return None
        return Plan("counting", f"text = {lit(text)}\ntext.count({_SYMBOLS[m.group(1)]!r})",
                    f"Counted the {m.group(1)} in the text.", specificity=0.95, template="count_symbol")
    m = re.search(r"how many times (?:does |do |is |are )?(?:the (?:word|string|text) )?['\"`‘“](.+?)['\"`’”] "
                  r"(?:appear|occur|show up|come up|get mentioned|mentioned)(?: in (?:here|this|these|the following|"
                  r"below|the (?:text|log|list|message)))?(?: here| below)?\s*[:?]\s*(.+)$", q.body, re.I | re.S)
    if m:
        needle, hay = m.group(1), m.group(2).strip()
        return Plan("counting", f"text = {lit(hay)}\nneedle = {lit(needle)}\ntext.count(needle)",
                    f"Counted the occurrences of {needle!r} (exact case, not overlapping).", specificity=0.95,
                    template="count_substring")
    return _count_occurrences(q)


# 'count the occurrences of 'the' in '…'', 'how often does 'timeout' show up in this log\n```…```'
_OCCURS = re.compile(
    r"(?:how many times|how often|how many occurr?en[cs]es of|how many instances of|(?:count|number of|tally) (?:the |all )?"
    r"(?:occurr?en[cs]es|instances|times|appearances|mentions|hits) of)\s+(?:does |do |is |are |did )?"
    r"(?:the (?:word|string|text|term|phrase|name) )?(?:['\"`‘“](?P<needle>[^'\"`’”\n]{1,60})['\"`’”]|"
    r"(?<=word |term |name )(?P<bare>[\w'-]{1,40})|"
    # a bare token before its verb ('how many times does ERROR show up in this'), never a pronoun
    r"(?:(?<=does )|(?<=did ))(?!(?:it|this|that|they|he|she|we|you|i|one|each|someone|anyone|he)\b)"
    r"(?P<token>[\w.:/-]{1,40})(?=\s+(?:appear|occur|show up|come up|turn up|pop up|get (?:mentioned|logged))\b))"
    r"(?:\s+(?:appears?|occurs?|shows? up|comes? up|gets? mentioned|is mentioned|is used|are there|is there|mentioned|"
    r"used|written|said))?(?P<where>\s+(?:in|inside|within|from)\b[^\n:'\"`‘“]{0,40})?", re.I)


def _count_occurrences(q: Query) -> Plan | None:
    m = _OCCURS.search(q.body)
    if m is None or not m.group("where") and not re.match(r"\s*[:?]", q.body[m.end():]):
        return None
    hay = _payload(q, m.end(), lines=True)
    if hay is None or not hay.strip():
        return None
    needle = m.group("needle") or m.group("bare") or m.group("token")
    # in a text a word counts as a word ('the' is not counted inside 'there'), in any letter case ('error' in
    # 'ERROR'); in one string ('ab' in 'abcabcab') every occurrence counts
    words = bool(re.search(r"\s", hay.strip()))
    # lines as a list: each line's numbers stay visible in the code ('\\n404' would hide the 404)
    text = f"'\\n'.join({lit(hay.split(chr(10)))})" if "\n" in hay else lit(hay)
    code = (f"import re\n\ntext = {text}\nneedle = {lit(needle)}\nWHOLE_WORDS = {words}\n"
            "left = r'(?<!\\w)' if WHOLE_WORDS and needle[:1].isalnum() else ''\n"
            "right = r'(?!\\w)' if WHOLE_WORDS and needle[-1:].isalnum() else ''\n"
            "len(re.findall(left + re.escape(needle) + right, text, re.I))")
    how = "as a whole word, ignoring case" if words else "ignoring case, not overlapping"
    return Plan("counting", code, f"Counted the occurrences of {needle!r} {how}.",
                specificity=0.95, template="count_occurrences")


def solve_counting(q: Query) -> Plan | None:
    """Letters in a word, vowels, words/characters/lines in a text, items in a list, substrings."""
    if q.written:  # counted as written: '100k' is four characters, not the 100000 it means (options left out)
        written = split_options(q.written)[0]
        q = replace(q, body=written, lower=written.lower(), text=q.written)
    t, body = q.lower, q.body
    m = re.search(r"how many (?:times (?:does |do )?)?" + _LETTER +
                  r"\s+(?:are |is |appear |appears |occur |occurs |does |do )?(?:there )?(?:in|in the word|on|does)\s+"
                  r"(?:the word |the string |the name )?['\"`‘“]?([\w'-]+)['\"`’”]?(?: have| contain| appear)?\s*\??$", t) or \
        re.search(r"how many (?:times (?:does |do )?)?" + _LETTER + r"\s+(?:are |is |appear |appears |occur |occurs )?"
                  r"(?:there )?(?:in|on)\s+(?:the (?:word|string|name|phrase|sentence|text) )?['\"`‘“]([^'\"`’”]{2,200})"
                  r"['\"`’”]\s*\??$", t) or \
        re.search(r"count (?:the |all the |the number of )?" + _LETTER + r"\s+in\s+(?:the word |the string )?['\"`‘“]?([\w'-]+)", t) or \
        re.search(r"how many times does (?:the letter )?['\"`‘“]?([a-z])['\"`’”]? (?:appear|occur|show up) in (?:the word )?"
                  r"['\"`‘“]?([\w'-]+)", t)
    if m:
        letter, word = m.group(1), m.group(2)
        qs = quoted(q.body)
        if qs and word in qs[0].lower():
            word = qs[0]  # the whole quoted text, not just its first word
        if len(word) < 2:
            return None
        return Plan("counting", f"word = {lit(word)}\nletter = {lit(letter)}\nword.lower().count(letter)",
                    f"Counted the letter {letter!r} in {word!r} character by character.", specificity=0.97,
                    template="count_letter")
    plan = _count_more(q) or _count_lines_with(q) or _count_answered(q)
    if plan is not None:
        return plan
    t = instruction_part(body) if (quoted(body) or ":" in body) else t
    plan = _count_words_with(q, q.body.split(":", 1)[0])
    if plan is not None or re.search(r"\bhow many words\b[^:?\n]{0,30}?\b(?:start|begin|end|contain|longer|shorter|"
                                     r"with (?:the letter|an?|the) |more than \d+ (?:letters|characters)|"
                                     r"less than \d+ (?:letters|characters)|fewer than \d+ (?:letters|characters))", t):
        return plan  # a qualified count of words is not their number
    wc = re.search(r"\bwc -([wcml])\b", t)  # the shell's word count: -w words, -c/-m characters, -l lines
    if wc:
        t = t.replace(wc.group(0), {"w": "count words", "c": "count characters", "m": "count characters",
                                    "l": "count lines"}[wc.group(1)])
    m = re.search(r"how many (vowels|consonants|uppercase letters|capital letters|digits|letters|words|characters|"
                  r"chars|lines|sentences|spaces)\b", t) or \
        re.search(r"(?:count|number of) (?:the )?(vowels|consonants|uppercase letters|capital letters|digits|letters|words|"
                  r"characters|chars|lines|sentences|spaces)\b", t) or \
        re.search(r"(?:word|character|char|letter) (count)\b", t) or \
        re.search(r"\b(length) of (?:the |this )?(?:string|word|text|message|name|sentence)?\s*$", t)
    if m and m.group(1) == "lines" and re.match(r"\s+(?:have|has|with|where|whose|that|which|contain|mention|show|say)\b",
                                                 t[m.end():]):
        return None  # 'how many lines have qty 0': a qualified count of lines is not their number
    if m:
        what = m.group(1)
        if what == "count":
            what = "words" if "word count" in t else "characters"
        if what == "length":
            what = "characters"
        text = _text_above(body, m.re) or _payload(q, 0, lines=True)
        if text is None:
            m2 = re.search(r"\b(?:in|of)\s+(?:the word\s+|the string\s+)?([A-Za-z][\w'-]{1,40})\s*\??\s*$", body)
            m3 = re.search(r"\b(?:in|of)\s+(?:the number\s+)?(-?\d[\d.,]*\d|\d)\s*\??\s*$", body)
            m4 = re.search(r"\b(?:is|in|of)\s+(?:the\s+|this\s+|that\s+|my\s+|our\s+)?(?:[a-z]+\s+){0,3}?"
                           r"(?=[\w-]*\d)([A-Za-z0-9][\w-]{3,60})\s*\??\s*$", body)
            if what in {"letters", "characters", "chars", "vowels", "consonants"} and m2 and \
                    m2.group(1).lower() not in _NOT_A_WORD:
                text = m2.group(1)
            elif what in {"digits", "characters", "chars"} and m3:
                text = m3.group(1)  # 'how many digits are in 3.14159'
            elif what in {"digits", "characters", "chars", "letters"} and m4:
                text = m4.group(1)  # 'how many characters is tracking no JJD0002249911734560?'
            else:
                return None
        exprs = {
            "vowels": "sum(1 for ch in text.lower() if ch in 'aeiou')",
            "consonants": "sum(1 for ch in text.lower() if ch.isalpha() and ch not in 'aeiou')",
            "uppercase letters": "sum(1 for ch in text if ch.isupper())",
            "capital letters": "sum(1 for ch in text if ch.isupper())",
            "digits": "sum(1 for ch in text if ch.isdigit())",
            "letters": "sum(1 for ch in text if ch.isalpha())",
            "words": "len([w for w in text.split() if any(ch.isalnum() for ch in w)])",  # an emoji or a dash is no word
            "characters": "len(text)",
            "chars": "len(text)",
            "lines": "len(text.splitlines())",
            "sentences": "len([s for s in text.replace('!', '.').replace('?', '.').split('.') if s.strip()])",
            "spaces": "text.count(' ')",
        }
        expr = exprs[what]
        if what in {"characters", "chars"} and re.search(
                r"\b(?:no|not counting|not including|without|excluding|excl\.?|minus|ignoring|ignore|except|sans|"
                r"leaving out|leave out|don'?t count|not incl\.?) (?:the |any )?(?:spaces|whitespace|blanks)\b", t):
            expr = "sum(1 for ch in text if not ch.isspace())"  # (the explanation says so)
        limit = _LIMIT.search(instruction_part(body)) if what in {"words", "characters", "chars"} else None
        if limit:  # 'how many words is this? I have a 25 word limit': the count, and whether it fits
            n = int(next(g for g in limit.groups() if g))
            unit = "word" if what == "words" else "character"
            code = (f"text = {lit(text)}\ncount = {expr}\nlimit = {n}\n"
                    f"f'{{count}} {what} (' + ('within' if count <= limit else 'over') + f' the {{limit}}-{unit} limit)'")
            return Plan("counting", code, f"Counted the {what} of the given text and compared them with the limit.",
                        specificity=0.95, template="count_text")
        spaces = " (spaces not counted)" if "isspace" in expr and what in {"characters", "chars"} else ""
        return Plan("counting", f"text = {lit(text)}\n{expr}", f"Counted the {what}{spaces} of the given text.",
                    specificity=0.95, template="count_text")
    m = re.search(r"how many (?:items|things|entries|elements|names|numbers|values|words)\b.*?(?:in|on) (?:this|the|my|that)"
                  r"(?: following)? list", t)
    if m and _CONDITIONED.search(t[m.end():].split(":", 1)[0]):
        m = None  # 'how many numbers in this list are above 50: …' counts the items that pass a test
    if m:
        payload = _payload(q, 0, lines=True)
        if payload:
            items = split_items(payload)
            noun = re.search(r"how many (\w+)", t).group(1)
            return Plan("counting", f"items = {lit(items)}\nstr(len(items)) + {lit(' ' + noun)}",
                        f"Counted the {noun} of the list.", specificity=0.93, template="count_items")
    plan = _count_listed(q)
    if plan is not None:
        return plan
    m = re.search(r"how many times (?:does |do )?['\"`‘“](.+?)['\"`’”] (?:appear|occur|show up) in ['\"`‘“](.+?)['\"`’”]",
                  body, re.I | re.S)
    if m:
        needle, hay = m.group(1), m.group(2)
        return Plan("counting", f"text = {lit(hay)}\nneedle = {lit(needle)}\ntext.count(needle)",
                    f"Counted non-overlapping occurrences of {needle!r}.", specificity=0.95,
                    template="count_substring")
    return None


_WORDS_WITH = re.compile(r"\bhow many words (?:(?:in|of) (?:this|the|that|these) [\w ]{0,20}?)?(?:that |which )?(?:(?P<pos>start|starts|begin|begins|end|ends)(?:ing)? with|"
                         r"(?P<has>contain|contains|have|has|with)) (?:the letter |an? |the )?(?!(?:this|that|these|those|it|my|your|our|his|her|their)\b)['\"`‘“]?(?P<s>[a-z]{1,10})['\"`’”]?"
                         r"(?:\s+(?:in|are there in|are in|appear in|does|do))?\b", re.I)


def _count_words_with(q: Query, instruction: str) -> Plan | None:
    """'how many words start with s in: she sells sea shells': the words that start / end with or contain it."""
    m = _WORDS_WITH.search(instruction)
    if m is None:
        return None
    text = _payload(q, m.end())  # (past a quoted '"ing"' of the question)
    if text is None:
        return None
    test = {"start": "word.startswith(s)", "begin": "word.startswith(s)", "end": "word.endswith(s)"}.get(
        (m.group("pos") or "").rstrip("s"), "s in word")
    code = (f"import re\n\ntext = {lit(text)}\ns = {lit(m.group('s').lower())}\n"
            f"words = [w.lower() for w in re.findall(r\"[\\w']+\", text)]\nsum(1 for word in words if {test})")
    return Plan("counting", code, "Counted the words (any case) that " + (m.group("pos") or "contain").rstrip("s")
                + f"{'s with' if m.group('pos') else 's'} {m.group('s')!r}.", specificity=0.94, template="count_words_with")


# a stated limit on the length ('I have a 25 word limit', 'max 280 characters')
_LIMIT = re.compile(r"\b(\d+)[ -](?:words?|characters?|chars?)[ -](?:limit|max(?:imum)?|cap)\b|"
                    r"\blimit (?:is|of) (\d+)\b|\b(?:max(?:imum)?|at most|no more than|up to|under) (\d+) "
                    r"(?:words|characters|chars)\b|"
                    r"\b(?:max(?:imum)?|limit|cap)\s*(?:is|of|=|:)\s*(\d+)\b(?!\s*(?:%|[a-z]))", re.I)


# 'how many numbers in 4, 8, 15', 'how many people signed up? ann, bo, cy': the noun, what is said of it, the list
_HOW_MANY_LISTED = re.compile(r"^\W*(?:how many |(?:(?:pls|please|can you|could you|can u|just)\s+)?count (?:up )?"
                              r"(?:the |all the |all )?(?:number of )?|(?:what(?:'s| is) )?the number of |number of )(?:(?P<distinct>different|unique|distinct|separate) )?"
                              r"(?P<noun>[a-z]+s|people|children|men|women)\b(?P<mid>[^?:\n]{0,50}?)"
                              r"(?:\s*[?:]\s*|\s+(?:are )?(?:in|on|among)(?: (?:this|the|these|that|my|our)(?:(?: [\w-]+){0,2} list)?)?\s*[:?]?\s+)"
                              r"(?P<list>\S.*)$", re.I | re.S)
# nouns that are measured, not listed ('how many days until …', 'how many times …')
_MEASURED = {"times", "days", "hours", "minutes", "seconds", "weeks", "months", "years", "miles", "kilometers",
             "meters", "metres", "dollars", "euros", "pounds", "calories", "points", "percents", "bytes", "steps"}
# what the list forms count with more to say ('2 items appear more than once: …')
_LIST_FORM_NOUNS = {"duplicates", "dupes", "repeats", "doubles", "blanks", "uniques"}
# what makes the question arithmetic or about more than the list ('how many apples does she have left?')
_CONDITIONED = re.compile(r"\b(?:above|below|over|under|greater|bigger|smaller|larger|more|less|fewer|at least|at most|"
                          r"between|even|odd|divisible|negative|positive|equal|prime)\b", re.I)
_NOT_A_LIST_COUNT = re.compile(r"\b(?:does|do|did|will|would|can|could|should|left|more|less|fewer|total|each|per|"
                               r"altogether|remain\w*|if|after|before|until|than|need|needed|fit)\b", re.I)


_HOW_MANY_ABOVE = re.compile(r"^\W*how many (?P<noun>[a-z]+s|people|children|men|women)\b(?P<mid>[^?:\n]{0,30}?)\s*"
                             r"(?:are (?:there|listed|on (?:it|the list|this list)|in (?:it|the list|this list|total))|"
                             r"is that|do (?:i|we) have|in total|listed)?\s*\??\s*$", re.I)


_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s")


def _heading(lines: list[str]) -> bool:
    """Whether the first line titles the list under it rather than being an item: unbulleted over bulleted
    lines, or a line that talks about the list ('who's on my detention list 🙃', 'packing list for the trip')."""
    head, rest = lines[0], lines[1:]
    if not _BULLET.match(head) and all(_BULLET.match(x) for x in rest):
        return True
    if re.search(r"\b(?:list|lineup|line-up|roster|rota|register|names|here(?:'s| is| are)|who(?:'s| is| are))\b|[:?!]\s*\S*$|"
                 r"[\U0001F300-\U0001FAFF\u2600-\u27BF]", head, re.I):
        return True
    # a lower-case sentence over capitalised names
    return head[:1].islower() and len(head.split()) >= 3 and all(x.strip()[:1].isupper() for x in rest if x.strip())


def _count_listed_above(q: Query) -> Plan | None:
    """'tasks:\n- design\n- build\nhow many tasks are there?': the list above its question."""
    lines = q.body.strip().splitlines()
    m = _HOW_MANY_ABOVE.match(lines[-1]) if len(lines) >= 3 else None
    if m is None or m.group("noun").lower() in _MEASURED | _LIST_FORM_NOUNS or _NOT_A_LIST_COUNT.search(m.group("mid")) or \
            _CONDITIONED.search(m.group("mid")):
        return None  # ('how many runs over 10 km': the items that pass a test, not all of them)
    listed = lines[:-1]
    if len(listed) >= 3 and _heading(listed):
        listed = listed[1:]
    items = [re.sub(r"^\s*(?:[-*•+]|\d+[.)])\s*(?:\[[ xX]\]\s*)?", "", line).strip() for line in listed]
    items = [i for i in items if i and not i.endswith(":") and not i.startswith("```")]
    if len(items) < 2 or any(len(i.split()) > 8 for i in items):
        return None
    noun = m.group("noun").lower()
    if re.search(r"\b(?:distinct|unique|different)\b", lines[-1], re.I):  # 'how many people signed up (distinct)?'
        return Plan("counting", f"items = {lit(items)}\nlen(set(item.strip().lower() for item in items))",
                    f"Counted the distinct {noun} listed (ignoring case).", specificity=0.93, template="count_distinct")
    return Plan("counting", f"items = {lit(items)}\nstr(len(items)) + {lit(' ' + noun)}", f"Counted the {noun} listed.",
                specificity=0.93, template="count_items")


def _count_listed(q: Query) -> Plan | None:
    """The number of items of a written list after a 'how many <things>' question."""
    plan = _count_listed_above(q)
    if plan is not None:
        return plan
    m = _HOW_MANY_LISTED.match(q.body.strip())
    if m is None or m.group("noun").lower() in _MEASURED | _LIST_FORM_NOUNS or \
            _NOT_A_LIST_COUNT.search(m.group("mid")) or _CONDITIONED.search(m.group("mid")):
        return None  # ('count the runs strictly over 10 km in this log': a test on the items, not their number)
    payload = m.group("list").strip()
    if "\n" not in payload and not re.search(r"[,;]", payload):
        return None
    head = payload.split(":", 1)[0] if ":" in payload.split(",", 1)[0] else ""
    if _NOT_A_LIST_COUNT.search(head) or _CONDITIONED.search(head):
        return None  # 'how many numbers in this list are above 50: 12, 77, …': a test on the items, not their number
    if "\n" in payload and m.group("distinct"):
        return None  # the list forms count the unique items of a list on lines of its own ('3 unique (of 5)')
    items = split_items(payload)
    numbers = m.group("noun").lower() in {"numbers", "values", "integers", "figures", "digits", "nums"}
    if len(items) < 2 or any(len(i.split()) > 4 for i in items) or \
            (not numbers and any(re.match(r"[$€£]?\d+(?:[.,]\d+)?\s+[a-z]", i, re.I) for i in items)):
        return None  # not a list of things: quantities of a word problem ('3 in the morning, 4 at night')
    if m.group("distinct"):
        return Plan("counting", f"items = {lit(items)}\nlen(set(item.strip().lower() for item in items))",
                    f"Counted the {m.group('distinct').lower()} {m.group('noun').lower()} listed (ignoring case).",
                    specificity=0.93, template="count_distinct")
    noun = m.group("noun").lower()
    return Plan("counting", f"items = {lit(items)}\nstr(len(items)) + {lit(' ' + noun)}", f"Counted the {noun} listed.",
                specificity=0.93, template="count_items")


# 'how many people said yes?' over lines 'Amy - yes': the answer asked about, then the lines
_ANSWERED = re.compile(r"\bhow many(?: (?:of (?:them|us|you|these|those)|[a-z]+s|people|children|men|women))? "
                       r"(?:said|answered|replied|responded|voted(?: for)?|chose|picked|selected|marked|put(?: down)?|"
                       r"are|were|is|have|has|got)\s+['\"`‘“]?(?P<value>[\w'-]+(?: [\w'-]+)?)['\"`’”]?\s*[?:]\s*\n"
                       r"(?P<lines>.+)$", re.I | re.S)
# one line of such a list: who, a separator, what they said
_ANSWER_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?P<who>[^:|\t–—]+?)\s*(?:\s[-–—]\s|[:|\t–—])\s*(?P<said>[^:|\t]+?)\s*$")


# 'count the yes votes:' over such lines
_VOTES = re.compile(r"\b(?:count|tally|total)(?: up)? (?:the |all the |all )?(?P<value>[\w'-]+) (?:votes|answers|responses|"
                    r"replies|rsvps)\s*[?:]?\s*\n(?P<lines>.+)$", re.I | re.S)
# 'how many tasks are done?' over a checklist ('- [x] write spec')
_CHECKED = re.compile(r"\bhow many(?: of)?(?: (?:the|these|those|my|our))?(?: [a-z]+s)? (?:are|is|have been|got|were)?\s*"
                      r"(?P<state>done|checked(?: off)?|ticked(?: off)?|complete|completed|finished|closed|"
                      r"open|unchecked|left|remaining|not done|still open|to do|todo|incomplete|pending)"
                      r"(?: so far| yet)?\s*[?:]?\s*\n(?P<lines>.+)$", re.I | re.S)


def _count_checked(q: Query) -> Plan | None:
    """'how many of the tasks are done?\n- [x] write spec\n- [ ] build': the ticked (or open) boxes."""
    m = _CHECKED.search(q.body)
    if m is None:
        return None
    lines = [line for line in m.group("lines").strip().splitlines() if line.strip()]
    if len(lines) < 2 or not all(re.match(r"\s*(?:[-*•]\s*)?\[[ xX✓✔]?\]", line) for line in lines):
        return None
    done = m.group("state").lower() in {"done", "checked", "checked off", "ticked", "ticked off", "complete",
                                        "completed", "finished", "closed"}
    code = (f"import re\n\nlines = {lit(lines)}\n"
            "ticked = [bool(re.match(r'\\s*(?:[-*•]\\s*)?\\[[xX✓✔]\\]', line)) for line in lines]\n"
            + ("sum(ticked)" if done else "sum(not t for t in ticked)"))
    return Plan("counting", code, "Counted the " + ("ticked" if done else "open") + " boxes of the checklist.",
                specificity=0.94, template="count_checked")


def _count_answered(q: Query) -> Plan | None:
    """'how many people said yes?\nAmy - yes\nBen - no…': the lines whose answer is the one asked about."""
    plan = _count_checked(q)
    if plan is not None:
        return plan
    m = _ANSWERED.search(q.body) or _VOTES.search(q.body)
    if m is None:
        return None
    lines = [line for line in m.group("lines").strip().splitlines() if line.strip()]
    parsed = [_ANSWER_LINE.match(line) for line in lines]
    value = m.group("value").strip().lower()
    if len(lines) < 2 or not all(parsed) or value not in {p.group("said").lower() for p in parsed if p}:
        return None
    code = (f"import re\n\nlines = {lit(lines)}\nvalue = {lit(value)}\n"
            f"line_form = re.compile({lit(_ANSWER_LINE.pattern)})\n"
            "said = [line_form.match(line).group('said').lower() for line in lines]\n"
            "sum(1 for answer in said if answer == value)")
    return Plan("counting", code, f"Counted the lines whose answer is {value!r} (ignoring case).",
                specificity=0.94, template="count_answered")


# 'how many ERROR lines are in this log', 'how many lines contain "timeout"'
_LINES_WITH = re.compile(r"how many (?:(?:log )?(?:lines|entries|rows|messages) (?:that )?(?:contain|containing|have|having|"
                         r"with|mention|mentioning|include|including|say|saying|show|showing)\s+['\"`‘“]?(?P<a>[^\s'\"`’”?]+)"
                         r"['\"`’”]?|['\"`‘“]?(?P<b>[^\s'\"`’”?]+)['\"`’”]? (?:log )?(?:lines|entries|rows|messages))\b", re.I)


def _count_lines_with(q: Query) -> Plan | None:
    m = _LINES_WITH.search(q.body)
    if m is None:
        return None
    needle = m.group("a") or m.group("b")
    text = _payload(q, m.end(), lines=True)
    if text is None or "\n" not in text.strip():
        return None
    word = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.I)
    if not word.search(text):
        return None  # 'how many blank lines': the word is not in the text, so it is no term to look for
    if [bool(word.search(line)) for line in text.strip().splitlines()].count(True) == 1 and \
            word.search(text.strip().splitlines()[0]) and re.match(r"\s*(?:=|is|of|at|over|under|[<>]|\d)", q.body[m.end():]):
        return None  # 'how many lines have qty 0' over 'SKU  QTY' rows: a column's value tested, not the word counted
    code = (f"import re\n\ntext = {lit(text)}\nneedle = {lit(needle)}\n"
            "word = re.compile(r'(?<!\\w)' + re.escape(needle) + r'(?!\\w)', re.I)\n"
            "sum(1 for line in text.splitlines() if word.search(line))")
    return Plan("counting", code, f"Counted the lines that contain {needle!r} (as a word, any case).",
                specificity=0.94, template="count_lines_with")


_NOT_A_WORD = {"it", "this", "that", "them", "english", "python", "total", "all", "general", "common",
               "average", "order", "text", "string", "word", "sentence", "message", "paragraph"}


def solve_sorting(q: Query) -> Plan | None:
    """'sort these words alphabetically: ...', 'order 5, 3, 9 from largest to smallest', 'alphabetize: ...'."""
    t, body = q.lower, q.body
    m = re.search(r"\b(sort|order|alphabeti[sz]e|arrange)\b", t)
    if not m:
        return None
    if re.search(r"\b(?:the|reverse|reversed?) order\b|\border of\b", t[max(0, m.start() - 12):m.end() + 3]):
        return None  # 'reverse the order of this list': order is the noun
    if re.search(r"\b(?:per|each|an?|every|by)\s+$", t[max(0, m.start() - 8):m.start()]) and m.group(1) == "order":
        return None  # 'mean packing time per order: 12, 15': what each value is of, no sort
    if re.match(r"order (?:values?|totals?|amounts?|sizes?|counts?|volumes?|quantit(?:y|ies))\b", t[m.start():]) and \
            not re.search(r"\b(?:sort|arrange|rank)\b", t):
        return None  # 'median of these order values: ...': the order is a purchase, and a statistic is asked
    rest = body[m.end():]
    if re.match(r"(?:\s+(?:these|them|this|the following|the list|my|the)(?:\s+\w+)?)?\s+(?:in)?to\b", rest, re.I):
        return None  # 'sort these into done and not done' puts items in classes
    cm = re.search(r":\s*(.+)$", rest, re.S)
    if cm:
        lead = rest[: cm.start()].lower()
        payload = cm.group(1)
        if re.search(r"\b(how|why|what|which|best|way|function|code|algorithm|python|javascript|sql|"
                      r"excel|list in|array in)\b", lead) and not re.search(r"\b(these|following)\b", lead):
            return None
    else:
        # "sort 5, 3, 9 ascending" or "sort the following words ... List: a b c" (handled above)
        pm = re.match(r"\s*(?:these|the following|the numbers|the words|the names|this list)?\s*(?:numbers|words|names|"
                      r"items)?\s*((?:[-\w.$']+\s*,\s*){2,}[-\w.$']+(?:\s*,?\s*(?:and\s+)?[-\w.$']+)?)", rest) or \
            re.search(r"(?<!\S)((?:[-\w.$']+\s*,\s*){2,}[-\w.$']+)\s*[.!?]?\s*$", rest)  # 'sort pls 🙏 b, a, c'
        if not pm:
            return None
        payload = pm.group(1)
        lead = ""
    payload = re.split(r"\s+(?:alphabetically|in (?:alphabetical|ascending|descending|reverse) order|ascending|descending|"
                       r"from .+|by .+)\s*[.?!]?\s*$", payload.strip(), flags=re.I)[0]
    if re.match(r"^\s*list:\s*", payload, re.I):
        payload = re.sub(r"^\s*list:\s*", "", payload, flags=re.I)
    items = split_items(payload)
    if len(items) < 2:
        return None
    if any(len(i.split()) > 8 for i in items):
        return None
    joiner = " " if "," not in payload and ";" not in payload and "\n" not in payload.strip() else ", "
    return sort_plan(t, items, joiner)


_STRING_OPS = [
    (r"\breverse\b(?!\s+(?:the\s+)?(?:each|every|word|words|order)\b)|\bbackwards?\b", "text[::-1]", "Reversed the text."),
    (r"(?<![^\W_])(upper ?case|uppercase|all caps|capitali[sz]e everything|to upper|in (?:all )?(?:block )?capital letters|"
     r"in (?:all )?(?:block )?capitals|in caps)(?![^\W_])", "text.upper()", "Upper-cased the text."),
    (r"(?<![^\W_])(lower ?case|lowercase|to lower)(?![^\W_])", "text.lower()", "Lower-cased the text."),
    (r"\b(title ?case)\b", "text.title()", "Title-cased the text."),
    (r"\b(snake ?case)\b", "'_'.join(text.lower().split())", "Converted the text to snake_case."),
    (r"\b(remove (?:all )?(?:the )?spaces|strip (?:all )?(?:the )?spaces|without (?:any )?spaces|"
     r"spaces\b.{0,80}\bwithout (?:them|the spaces|any))\b", "text.replace(' ', '')", "Removed the spaces."),
]


_NAME_WORD = r"[A-Z][\w'’.]*"
_INITIALS = re.compile(r"\b(?:initials|acronym|abbreviation)\s+(?:for|of)\s+(?:the name\s+)?(?:['\"`‘“](?P<q>[^'\"`’”]{2,80})['\"`’”]|"
                       r"(?P<n>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,5}))\s*[?.!]?\s*$|"
                       r"\binitials\b[^:\n]{0,30}:\s*(?P<c>[^\n]{2,80}?)\s*[?.!]?\s*$|"
                       r"(?P<p>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,5})['’]s initials\b|"
                       # the request and a quoted phrase anywhere: 'acronym from the first letter of each word of "…"'
                       r"\b(?:acronym|initials|abbreviation|first letters? of (?:each|every) word)\b[^'\"`‘“\n]{0,60}?"
                       r"['\"`‘“](?P<r>[^'\"`’”]{2,80})['\"`’”]\s*[?.!]?\s*$")


def _initials(q: Query) -> Plan | None:
    """'initials for Maria Elena Gonzalez?', "what are 'ada king lovelace''s initials": the first letter of
    each name. A particle or a hyphen ('van', 'Jean-Luc') is a matter of taste: declined."""
    m = _INITIALS.search(re.sub(r"[\s,]+(?:pls|plz|please|thanks|thx|ty)\W*$", "", q.body, flags=re.I))
    if m is None or re.search(r"\b(?:how|why|should|function|code|regex)\b", q.lower):
        return None
    name = next(g for g in m.group("q", "n", "c", "p", "r") if g)
    words = name.split()
    if len(words) < 2 or len(words) > 6 or any(not re.fullmatch(r"[A-Za-z][a-z'’]*\.?|[A-Z]+", w) for w in words) or \
            (name != name.lower() and any(w[0].islower() for w in words)):
        return None
    code = f"name = {lit(name)}\n''.join(word[0].upper() for word in name.split())"
    return Plan("string", code, "Took the first letter of each name.", specificity=0.95, template="initials")


_SYMBOL_NAMES = {**_SYMBOLS, **{k[:-1]: v for k, v in _SYMBOLS.items() if k.endswith("s")},
                 "space": " ", "whitespace": " ", "newlines": "\n", "newline": "\n", "line breaks": "\n"}
_TERM = (r"(?:['\"`‘“](?P<{0}q>[^'\"`’”\n]{{1,40}})['\"`’”]|(?P<{0}s>" + "|".join(sorted(_SYMBOL_NAMES, key=len, reverse=True))
         + r")\b|(?P<{0}w>[\w'-]{{1,30}})|(?P<{0}r>[^\w\s'\"`‘“’”]))")
_REPLACE = re.compile(r"\b(?P<verb>replace|swap|change|substitute|switch|turn)\s+(?:all\s+|every\s+|each\s+|any\s+)?"
                      r"(?:(?:of\s+)?the\s+)?(?:occurrences?\s+of\s+|instances?\s+of\s+|mentions?\s+of\s+)?(?:the (?:word|string|text) )?"
                      + _TERM.format("old") + r"\s+(?P<prep>with|by|for|to|into)\s+(?:an?\s+)?(?:the (?:word|string|text) )?"
                      + _TERM.format("new"), re.I)


_REMOVE = re.compile(r"\b(?:remove|strip(?: out)?|delete|drop|take out|get rid of)\s+(?:all\s+|every\s+|any\s+)?"
                     r"(?:(?:of\s+)?the\s+)?(?:['\"`‘“](?P<q>[^'\"`’”\n]{1,40})['\"`’”]|(?P<s>"
                     + "|".join(sorted(_SYMBOL_NAMES, key=len, reverse=True)) + r"|punctuation(?: marks)?)\b)"
                     r"(?:\s+(?:from|in|out of)\b(?:\s+(?:this|these|the|that|my)(?:\s+[\w-]+)?\s*(?=:))?)?", re.I)


def _remove(q: Query) -> Plan | None:
    """'remove the dashes from 555-867-5309', 'strip punctuation from: Hello, world!'."""
    m = _REMOVE.search(q.body)
    if m is None or m.start() > 80 or re.search(r"\b(?:how|why|should|function|code|regex|in python|sql|excel|sed)\b",
                                               q.body[: m.start()].lower()):
        return None
    text = _payload(q, m.end())
    if text is None:
        inline = re.match(r"\s*(\S[^\n]{0,200})$", q.body[m.end():])
        if not inline or not re.search(r"\b(?:from|in|out of)\s*$", m.group(0), re.I):
            return None
        text = inline.group(1)
        # 'from container number MSCU 123 456 7': the words that name the value are not part of it
        named = re.match(r"(?:(?:the|this|that|my|our|their|a|an)\s+)?(?:[a-z]+\s+){0,2}?(?i:number|no\.?|id|code|"
                         r"ref(?:erence)?|serial|string|value|iban|sku|postcode|zip|plate|phone|tel)\s+(?=\S*[A-Z0-9])", text)
        if named:
            text = text[named.end():]
    word = (m.group("s") or "").lower()
    if word.startswith("punctuation"):
        code = f"import re\n\ntext = {lit(text)}\nre.sub(r'[^\\w\\s]', '', text)"
        what = "the punctuation"
    else:
        old = m.group("q") or _SYMBOL_NAMES[word]
        if old not in text:
            return None
        code = f"text = {lit(text)}\ntext.replace({lit(old)}, '')"
        what = f"every {old!r}"
    return Plan("string", code, f"Removed {what}.", specificity=0.95, template="remove")


def _replace(q: Query) -> Plan | None:
    """'replace all spaces with underscores: monthly active users', "change 'colour' to 'color' in: …"."""
    m = _REPLACE.search(q.body)
    if m is None or m.start() > 80 or re.search(r"\b(?:how|why|should|function|code|regex|in python|sql|excel|sed)\b",
                                               q.body[: m.start()].lower()):
        return None
    old = m.group("oldq") or _SYMBOL_NAMES.get((m.group("olds") or "").lower()) or m.group("oldw") or m.group("oldr")
    new = m.group("newq") or _SYMBOL_NAMES.get((m.group("news") or "").lower()) or m.group("neww") or m.group("newr")
    verb, prep = m.group("verb").lower(), m.group("prep").lower()
    if verb in {"turn", "convert"} and prep not in {"into", "to"} or prep == "for" and verb not in {"swap", "switch"} or \
            (old or "").lower() in {"it", "this", "that", "them", "all", "these", "the"} or not old or new is None or \
            (new or "").lower() in {"it", "this", "that", "them", "the", "something", "what"}:
        return None
    # 'replace 'http' with 'https' in http://a.com and …': the text after 'in', colons and all
    inline = re.match(r"\s+(?:in|on|within)\s+(?!(?:this|the|that|these|my|it)\b)(?![^:\n]{0,30}:\s)(\S[^\n]{0,300})$",
                      q.body[m.end():])
    text = inline.group(1).strip() if inline else _payload(q, m.end())
    others = [x for x in quoted(q.body) if x not in (old, new)]
    if text is None and len(others) == 1 and q.body.find(others[0]) < m.start():
        text = others[0]  # 'in "Team Offsite 2025" replace 2025 with 2027': the text comes first
    if text is None or old not in text:
        return None
    symbol = bool(m.group("olds") or m.group("oldr"))
    if m.group("oldw") and re.search(r"\d\s*" + re.escape(old) + r"\b", text):
        return None  # 'change USD to EUR: 100 USD' converts a quantity: no word swap
    code = (f"import re\n\ntext = {lit(text)}\nold = {lit(old)}\nnew = {lit(new)}\n"
            # a single character ('every a with o') is replaced inside words too
            + ("text.replace(old, new)" if symbol or not old[:1].isalnum() or len(old) == 1 else
               "re.sub(r'(?<!\\w)' + re.escape(old), lambda m: new, text)  # 'cat' not inside 'concat'"))
    return Plan("string", code, f"Replaced every {old!r} with {new!r}.", specificity=0.95, template="replace")


_LENGTH = re.compile(r"\bhow long is (?:(?:this|the|that|my|our|a) (?:string|text|word|name|line|sentence|password|"
                     r"title|subject(?: line)?|tweet|phrase|message)\b|(?=['\"`‘“][^'\"`’”]+['\"`’”]\s*\??\s*$))", re.I)


def _string_length(q: Query) -> Plan | None:
    """'how long is this string: "Thank you for your patience"': its length in characters."""
    m = _LENGTH.search(q.body)
    if m is None or m.start() > 60:
        return None
    text = _payload(q, m.end())
    if text is None:
        return None
    return Plan("string", f"text = {lit(text)}\nlen(text)", "Counted the characters (spaces and punctuation included).",
                specificity=0.95, template="string_length")


def solve_string_op(q: Query) -> Plan | None:
    """Reverse / upper-case / lower-case / title-case a given text; palindrome checks; anagram checks.
    The text is read as written: '5k' stays '5k', '1 200' keeps its space."""
    if q.written:
        body = split_options(q.written)[0]
        q = replace(q, body=body, lower=body.lower(), text=q.written)
    t = q.lower
    m = re.search(r"\bis\s+['\"`‘“]?([\w' ,-]{2,80}?)['\"`’”]?\s+an?\s+palindrome", t) or \
        re.search(r"palindrome\b.*?[:]\s*['\"`‘“]?(.+?)['\"`’”]?\s*\??$", t)
    qs = quoted(q.body)
    if not m and len(qs) == 1 and re.search(r"\bpalindrome\b", instruction_part(q.body)) and \
            not re.search(r"\b(?:what is|what's|explain|define|example|examples|find|list|longest|generate|make|"
                          r"function|code|how)\b", instruction_part(q.body)):
        m = re.match(r"(.*)", qs[0])  # "'Red rum, sir, is murder' - palindrome?"
    if m:
        text = m.group(1)
        return Plan("string", f"text = {lit(text)}\nletters = [ch for ch in text.lower() if ch.isalnum()]\n"
                    "'Yes' if letters == letters[::-1] else 'No'",
                    "Compared the letters (ignoring case and punctuation) with their reverse.", specificity=0.95,
                    template="palindrome")
    plan = _anagram(q)
    if plan is not None:
        return plan
    instruction = instruction_part(q.body)
    plan = _case_style(q, instruction) or _reverse_list(q, instruction) or _initials(q) or _replace(q) or \
        _remove(q) or _string_length(q)
    if plan is not None:
        return plan
    for pattern, expr, explanation in _STRING_OPS:
        om = re.search(pattern, instruction)
        if not om:
            continue
        if re.search(r"\b(how(?! (?:do|would|can|could|should) (?:you|i|we|one) spell\b)|why|function|code|in python|in javascript|in sql|array|list in|linked list|method|"
                     r"plausible|sentence|explain)\b", instruction):
            return None
        text = _payload(q, 0)
        asked = re.search(r"\?\s+(\S[^\n?]{1,200})$", q.body.strip())
        if text is None and asked and len(asked.group(1).split()) < len(q.body[: asked.start()].split()):
            text = asked.group(1)  # '… this IBAN without them? GB29 NWBK 6016': the text after the question
        if text is None:
            wm = re.search(r"(?:reverse|upper ?case|lower ?case|title ?case)\s+(?:the word\s+)?([A-Za-z]\w{1,40})\s*[?.!]?\s*$",
                           q.body, re.I)
            if not wm or wm.group(1).lower() in _NOT_A_WORD | {"a", "the", "my", "order"}:
                return None
            text = wm.group(1)
        if expr in ("text.upper()", "text.lower()", "text.title()"):
            if MORE_EDITS.search(instruction):
                return None  # 'lowercase no spaces with the #': the case is one part of the edit asked
            line = next((ln.strip() for ln in q.body.split("\n") if text in ln), "")
            if line != text and line.endswith(text) and not re.search(pattern, line.lower()):
                text = line  # "today's special: venison …" on a line of its own: its head is part of the text
        return Plan("string", f"text = {lit(text)}\n{expr}", explanation, specificity=0.94, template="string_op")
    return None


def _anagram(q: Query) -> Plan | None:
    """'are listen and silent anagrams', 'is 'dirty room' an anagram of 'Dormitory'', 'whether 'a' and 'b' are
    anagrams of each other': the same letters, ignoring case, spaces and punctuation."""
    t = q.lower
    if not re.search(r"\banagrams?\b", t) or re.search(r"\b(?:find|list|give|generate|make|all|some|what are|"
                                                       r"how (?:do|can|to)|function|code|explain|why)\b", instruction_part(q.body)):
        return None
    m = re.search(r"\b(?:are|is|whether|if)\s+['\"`‘“]([^'\"`’”]{1,60})['\"`’”]\s+(?:and|&)\s+['\"`‘“]([^'\"`’”]{1,60})['\"`’”]"
                  r"\s+(?:are\s+)?anagrams\b", q.body, re.I) or \
        re.search(r"\b(?:is|whether|if)\s+['\"`‘“]([^'\"`’”]{1,60})['\"`’”]\s+(?:is\s+)?an\s+anagram\s+of\s+"
                  r"['\"`‘“]([^'\"`’”]{1,60})['\"`’”]", q.body, re.I) or \
        re.search(r"\b(?:are|whether|if)\s+(\w+)\s+(?:and|&)\s+(\w+)\s+(?:are\s+)?anagrams\b", t) or \
        re.search(r"\b(?:is|whether|if)\s+(\w+)\s+(?:is\s+)?an\s+anagram\s+of\s+(\w+)\b", t)
    qs = quoted(q.body)
    if m is None and len(qs) == 2 and re.search(r"\b(?:vs\.?|versus|check|same letters)\b|\?", q.body):
        m = re.match(r"(.*)\x00(.*)", qs[0] + "\x00" + qs[1], re.S)  # "anagram check: 'funeral' vs 'real fun'"
    if m is None:
        return None
    code = (f"a = {lit(m.group(1))}\nb = {lit(m.group(2))}\n"
            "letters = lambda s: sorted(ch for ch in s.lower() if ch.isalnum())\n"
            "'Yes' if letters(a) == letters(b) else 'No'")
    return Plan("string", code, "Compared the sorted letters of both (ignoring case, spaces and punctuation).",
                specificity=0.95, template="anagram")


# letter-case styles of identifiers: (pattern of the name, how the words are joined, one-line description)
_CASE_STYLES = (
    (r"screaming[_ -]?snake[_ -]?case|constant[_ -]?case|upper[_ -]?snake[_ -]?case|macro[_ -]?case",
     "'_'.join(word.upper() for word in words)", "SCREAMING_SNAKE_CASE"),
    (r"snake[_ -]?case", "'_'.join(word.lower() for word in words)", "snake_case"),
    (r"kebab[_ -]?case|dash[_ -]?case|slug(?:ify)?|spinal[_ -]?case",
     "'-'.join(word.lower() for word in words)", "kebab-case"),
    (r"pascal[_ -]?case|upper[_ -]?camel[_ -]?case|studly[_ -]?case",
     "''.join(word[:1].upper() + word[1:].lower() for word in words)", "PascalCase"),
    (r"camel[_ -]?case|lower[_ -]?camel[_ -]?case",
     "words[0].lower() + ''.join(word[:1].upper() + word[1:].lower() for word in words[1:])", "camelCase"),
    (r"dot[_ -]?case", "'.'.join(word.lower() for word in words)", "dot.case"),
)


def _case_style(q: Query, instruction: str) -> Plan | None:
    """'make this snake_case: Monthly Active Users', 'camelCase this: user account id'."""
    asks_value = bool(quoted(q.body)) and re.search(r"^\W*(?:what(?: is|'s| would be| does)|how (?:does|would) )"
                                                     r"[^a-z]*(?:look )?(?:in|as|to|into|like in)\b|"
                                                     # "what's the url slug for 'Q4 Safety Checklist'"
                                                     r"^\W*what(?: is|'s| would be) (?:the|its|a) (?:[a-z]+ ){0,2}?"
                                                     r"(?:slug|[a-z]+[_ -]?case)(?: version| form)? (?:for|of)\b",
                                                     instruction)
    if not asks_value and re.search(r"\b(how|why|what is|what's|explain|convention|function|code|regex|in python|"
                                    r"in javascript)\b", instruction):
        return None  # (but "what's 'Release Notes' in snake_case" asks for the value)
    named = {}
    for pattern, join, name in _CASE_STYLES:
        for sm in re.finditer(r"(?<![a-z])(?:" + pattern + r")(?![a-z])", instruction):
            if not any(a <= sm.start() < b for a, b, _, _ in named.values()):
                named.setdefault(sm.start(), (sm.start(), sm.end(), join, name))
    if len(named) > 1:  # 'snake_case -> camelCase: …', 'from kebab-case to PascalCase': the last is the target
        first, last = named[min(named)], named[max(named)]
        if not re.search(r"^\s*(?:[\w']+\s+){0,3}?(?:->|=>|→|to|into|in)\s*$", instruction[first[1]: last[0]]):
            return None
        named = {last[0]: last}
    for style_start, style_end, join, name in named.values():
        text = _payload(q, 0)
        if text is not None and instruction[style_start:style_end].lower() in text.lower():
            # 'user_account_id → camelCase?': the style's name is no text to convert; the text is before the arrow
            before = re.fullmatch(r"\s*([^\n:]+?)\s*(?:->|=>|→)\s*[^\n]*", q.body)
            text = before.group(1) if before and instruction[style_start:style_end].lower() not in before.group(1).lower() \
                else None
        after = re.fullmatch(r"\s+(?:for|of)\s+([A-Za-z][\w .'-]{1,80}?)\s*[?.!]?\s*", instruction[style_end:])
        if text is None and after:  # 'CONSTANT_CASE for max retry count'
            text = q.body[len(q.body) - len(instruction) + style_end:].strip()
            text = re.sub(r"^(?:for|of)\s+", "", text, flags=re.I).rstrip("?.! ")
        if ":" in q.body and len(named) == 1 and re.search(r"->|=>|→", instruction):
            text = q.body.split(":", 1)[1].strip()
        if text is None or "\n" in text.strip() or not re.search(r"[A-Za-z]", text) or len(text) > 200 or \
                re.search(r"[^\W\d_]", text.encode("ascii", "ignore").decode()) is None or not text.isascii():
            # ('Café Menu' is 'cafe-menu' to some tools, 'caf-menu' to others: accented letters are declined)
            return None
        code = (f"import re\n\ntext = {lit(text.strip())}\n"
                "spaced = re.sub(r'([a-z0-9])([A-Z])', r'\\1 \\2', text)  # split camelCase humps too\n"
                "words = re.findall(r'[A-Za-z0-9]+', spaced)\n" + join)
        return Plan("string", code, f"Split the text into words and wrote them in {name}.",
                    specificity=0.95, template="case_style")
    return None


def _reverse_list(q: Query, instruction: str) -> Plan | None:
    """'reverse this list: one, two, three' reverses the order of the items, not the letters."""
    if not re.search(r"\breverse\b.*\b(?:list|order|items|these|sequence)\b|\b(?:list|order)\b.*\breversed?\b",
                     instruction) or re.search(r"\b(?:letters|characters|string|word|text|spelling)\b", instruction):
        return None
    text = _payload(q, 0)
    if text is None:
        return None
    items = split_items(text)
    if len(items) < 2:
        return None
    joiner = "\n" if "\n" in text.strip() else "; " if ";" in text else ", " if "," in text else " "
    return Plan("string", f"items = {lit(items)}\n{lit(joiner)}.join(reversed(items))",
                "Reversed the order of the items.", specificity=0.95, template="reverse_list")


_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
# asks what closes what is open ('missing closers for …', 'what do I need to add to close this off: [ { (',
# 'complete the sequence so everything is closed: ( [ ] { (')
_ASKS_CLOSERS = re.compile(
    r"\b(?:missing|needed|required|remaining) (?:closers|closing (?:brackets|parens|parenthes[ie]s|braces|characters|"
    r"chars|symbols|tokens))|\bclos(?:ers|ing (?:brackets|parens|braces|sequence|characters|symbols))\b.*"
    r"\b(?:needed|missing|required|to add|do i need|would i need|are needed|(?:does|do|would) (?:it|this|that|they) "
    r"need)\b|"
    r"\bclose (?:this|the|that) (?:sequence|string|expression|snippet|prefix|line|stack)\b|"
    r"\b(?:add|append|type|need|complete|finish)\b.{0,40}\b(?:to close|so (?:that )?(?:everything|it|they|all)"
    r"(?: of them)? (?:is|are) (?:closed|balanced)|to balance)\b|"
    r"\bclose (?:this|it|them|everything|all of (?:it|them)) (?:off|out|up)\b|"
    r"\bwhat closes\b|\bclose (?:all )?(?:the )?(?:open|remaining|unclosed)\b", re.I)


def _close_brackets(q: Query) -> Plan | None:
    """The closing brackets that balance an open prefix, innermost first; the prefix is quoted, back-ticked
    or follows a colon. Brackets are read from code too ('f(a[i], {k: (v'); a stray closer declines."""
    body = q.body
    if not _ASKS_CLOSERS.search(instruction_part(body)) and not _ASKS_CLOSERS.search(body.split(":", 1)[0]):
        return None
    ticked = re.findall(r"`([^`\n]+)`", body)
    if ticked:
        seq = ticked[-1]
    else:
        m = re.search(r":\s*([\[\](){}<>\s]+?)\s*[?.]?\s*$", body)
        if not m:
            return None
        seq = m.group(1)
    # angle brackets count in a bare sequence ('< [ ( {'), not in code, where they compare
    angles = bool(re.fullmatch(r"[\[\](){}<>\s]+", seq))
    if not angles:  # brackets inside string literals of code are text ('{"note": "(draft"')
        seq = re.sub(r'"(?:[^"\\]|\\.)*"' + r"|'(?:[^'\\]|\\.)*'", '""', seq)
    brackets = "".join(ch for ch in seq if ch in ("([{<)]}>" if angles else "([{)]}"))
    if not brackets:
        return None
    stack: list[str] = []
    for ch in brackets:  # checked here so a sequence that cannot be completed goes to the model
        if ch in "([{<":
            stack.append(ch)
        elif not stack or stack.pop() != _PAIRS[ch]:
            return None
    if not stack:
        return None
    # closers are spaced as the sequence is ('( [ {' -> '} ] )'); code and runs ('((([') get them back to back
    joiner = " " if angles and re.search(r"[\[\](){}<>]\s+[\[\](){}<>]", seq) else ""
    pairs = "{'(': ')', '[': ']', '{': '}', '<': '>'}" if angles else "{'(': ')', '[': ']', '{': '}'}"
    code = (f"text = {lit(seq)}\npairs = {pairs}\nstack = []\n"
            "for ch in text:\n    if ch in pairs:\n        stack.append(ch)\n    elif ch in pairs.values():\n"
            f"        stack.pop()\n{lit(joiner)}.join(pairs[ch] for ch in reversed(stack))")
    return Plan("brackets", code, "Pushed every opening bracket on a stack and closed what remained, innermost first.",
                specificity=0.97, template="dyck")


def solve_brackets(q: Query) -> Plan | None:
    """Balanced-bracket checks and Dyck-language completion ('close the open brackets')."""
    t, body = q.lower, q.body
    plan = _close_brackets(q)
    if plan is not None:
        return plan
    if re.search(r"complete the rest of the sequence|close (?:all )?(?:the )?(?:open|remaining)|closing (?:brackets|"
                 r"parentheses) (?:are )?(?:needed|missing)|what closes", t):
        m = re.search(r"input:\s*(.+)$", body, re.I | re.S) or re.search(r":\s*([\[\](){}<>\s]+)$", body)
        if not m:
            return None
        seq = m.group(1).strip()
        if not re.fullmatch(r"[\[\](){}<>\s]+", seq):
            return None
        code = (f"sequence = {lit(seq.split())}\npairs = {{'(': ')', '[': ']', '{{': '}}', '<': '>'}}\nstack = []\n"
                "for token in sequence:\n    if token in pairs:\n        stack.append(token)\n    else:\n"
                "        stack.pop()\n' '.join(pairs[token] for token in reversed(stack))")
        return Plan("brackets", code, "Pushed every opening bracket on a stack and closed what remained, innermost first.",
                    specificity=0.97, template="dyck")
    instruction = instruction_part(body)
    head = re.match(r"\s*(.{0,80}?)(?:[:?]\s+|[:?](?=[\[\](){}]))(.+)$", body, re.S)
    says = head.group(1).lower() if head else instruction
    if not re.search(r"\b(?:balanced|matched|nested|closed|bracket|paren|brace)", says):
        # 'quick check: are the brackets balanced in `{…}`': the question is on the first line, past a colon
        says = re.sub(r"`[^`]*`|\"[^\"]*\"|(?<![A-Za-z])'[^']*'(?![A-Za-z])", " ", body).split("\n", 1)[0].lower()
    cand: list[str] = []
    if re.search(r"\b(balanced|matched|properly (?:closed|nested)|closed properly|nested (?:right|correctly))\b", says) \
            or (re.search(r"\b(valid|ok|okay|correct|match(?:ing)?|right|check|verify|validate)\b", says)
                and re.search(r"bracket|paren|brace", says)):
        cand = [s for s in quoted(body) if re.search(r"[\[\](){}]", s)]
        if not cand and head and re.search(r"[\[\](){}]", head.group(2)) and "\n" not in head.group(2).strip():
            cand = [head.group(2).strip()]
        if not cand:
            m = re.search(r"[:]\s*([\[\](){}<>\s\w+\-*/.,]+?)\s*\??$", body)
            cand = [m.group(1)] if m and re.search(r"[\[\](){}]", m.group(1)) else []
    has = re.fullmatch(r"\s*(?:does|do|is|are)?\s*(?:this |these |the string |the expression )?(\S[^\n]{0,120}?)\s+(?:have|has|got)\s+"
                       r"(?:matching|balanced|matched|correctly nested|properly nested)\s+(?:brackets|parenthes[ie]s|parens|"
                       r"braces)\s*\??\s*", body, re.I)
    if not cand and has and re.search(r"[\[\](){}]", has.group(1)):
        cand = [has.group(1).strip("`'\"")]
    if cand:
        seq = cand[0]
    elif re.fullmatch(r"\s*([^\n?]{1,120}?)\s*(?:[-–—:,]\s*)?(?:(?:is (?:it|this|that) |are (?:they|these|those) )?"
                      r"(?:balanced|properly nested|valid brackets)|balanced or not)\s*\??\s*", body, re.I) \
            and re.search(r"[\[\](){}]", body):  # '{[}] balanced?'
        seq = re.split(r"\s*(?:[-–—:,]\s*)?(?:is (?:it|this|that) |are (?:they|these|those) )?(?:balanced|properly|valid)",
                       body.strip(), maxsplit=1, flags=re.I)[0]
        seq = seq.strip().strip("`'\"")
    else:
        return None
    code = (f"text = {lit(seq)}\npairs = {{')': '(', ']': '[', '}}': '{{'}}\nstack = []\nbalanced = True\n"
            "for ch in text:\n    if ch in '([{':\n        stack.append(ch)\n    elif ch in pairs:\n"
            "        if not stack or stack.pop() != pairs[ch]:\n            balanced = False\n            break\n"
            "'Yes' if balanced and not stack else 'No'")
    return Plan("brackets", code, "Scanned the brackets with a stack.", specificity=0.94, template="balanced")


_BOOL_EXPR = re.compile(r"^(?:\s*(?:not|and|or|true|false|\(|\)|&&|\|\||!|xor)\s*)+$", re.I)


# words around an expression that only ask for its value ('what does ... give', 'quick sanity check:')
_BOOL_ASIDE = {
    "what", "whats", "what's", "does", "do", "did", "this", "it", "that's", "come", "comes", "out", "as", "to", "is",
    "evaluate", "evaluates", "eval", "give", "gives", "return", "returns", "result", "the", "of", "value", "quick",
    "sanity", "check", "one", "q", "pls", "please", "plz", "can", "you", "someone", "tell", "me", "expression",
    "here", "hey", "hi", "say", "says", "resolve", "resolves", "to", "be", "would", "will", "compute", "calculate",
    "answer", "get", "i", "we", "in", "python", "boolean", "bool", "logic", "yield", "yields", "end", "up", "with",
    "mean", "real", "simple", "just", "double", "a", "an", "equal", "equals", "statement", "whether", "or",
}
# other words allowed around the expression besides those
BOOL_ASIDE_WORDS = 3
# the tokens of a logic expression: literals, numbers, comparisons, arithmetic, the logic operators
_BOOL_TOKENS = re.compile(r"(?:\b(?:not|and|or|xor|true|false)\b|&&|\|\||!(?=\s*[(tfnTFN!])|<=|>=|==|!=|<>|[<>]|"
                          r"\*\*|[-+*/%]|(?<![\w.])\d+(?:\.\d+)?(?![\w.])|[()]|[ \t])+", re.I)
# 'true or false?' / 'come out True or False' asks which one: it is no part of the expression
_ASKS_WHICH = re.compile(r"^\W*(?:true or false|false or true)\s*[:?,-]+|"
                         r"\b(?:true or false|false or true)\s*[?.!]*\s*$", re.I)
# 'where A=false B=true, C = true': names given values after the expression
_ASSIGNED = re.compile(r"\b([A-Za-z]\w{0,7})\s*(?:=|:=|is)\s*(true|false|\d+)\b", re.I)
_WHERE = re.compile(r"(?:[,;]?\s*\b(?:where|with|given|if|when|for)\s+|[,;]\s*)"
                    r"(?=[A-Za-z]\w{0,7}\s*(?:=|:=|is)\s*(?:true|false|\d))"
                    r"(.*)$", re.I | re.S)


def _bind(text: str) -> str | None:
    """The expression with its named inputs ('(A or B) and not C, where A=false B=true') replaced by
    their values; the text unchanged without such a clause; None when a name is left unbound."""
    m = _WHERE.search(text)
    if not m:
        return text
    clause = m.group(1)
    bound = list(_ASSIGNED.finditer(clause))
    values = {b.group(1): b.group(2) for b in bound}
    if not values or _ASSIGNED.sub(" ", clause[: bound[-1].end()]).strip(" ,;\t").replace("and", "").strip(" ,;"):
        return None
    expr = text[: m.start()] + " ; " + clause[bound[-1].end():]  # what follows the values may ask ('- what's it?')
    for name, value in values.items():
        expr = re.sub(r"(?<![\w.])" + re.escape(name) + r"(?![\w.])", value, expr)
    return expr


def _boolean_run(body: str) -> str | None:
    """The one logic expression inside a short request ('what does `true && !false` give?',
    'is (5 > 3) and (2 > 4) true or false?'), or None."""
    text = slack_unescape(body).replace("`", " ")
    text = _ASKS_WHICH.sub(" ; ", text.strip())
    text = _bind(text)
    if text is None:
        return None
    runs = list(_BOOL_TOKENS.finditer(text))
    if not runs:
        return None
    best = max(runs, key=lambda m: len(m.group(0).strip()))
    run = best.group(0).strip()
    expr = re.sub(r"^(?:[-+*/%<>=]|\s)+|(?:[-+*/%<>=!]|\s)+$", "", run)
    if re.search(r"^(?:and|or|xor|&&|\|\|)\b|(?:\b(?:and|or|xor|not)|&&|\|\|)$", expr, re.I):
        return None  # the logic goes on in words ('is 5 > 3 and the deploy done?'): not an expression alone
    outside = text[: best.start()] + " " + text[best.end():]
    # 'what does that come out as' points back at the expression: 'that' claims nothing here
    outside = re.sub(r"^\W*>|\b(?:what|how) (?:does|do|would|will) (?:that|this|it)\b", " ", outside.strip(), flags=re.I)
    words = [w for w in re.findall(r"[A-Za-z']+", outside) if w.lower() not in _BOOL_ASIDE]
    if len(words) > BOOL_ASIDE_WORDS or \
            re.search(r"\b(?:if|when|then|because|should|could|why|how|that|claim)\b", outside, re.I):
        return None
    logic = re.search(r"\b(?:and|or|not|xor)\b|&&|\|\||!(?!=)", expr, re.I)
    compares = re.search(r"<=|>=|==|!=|<>|[<>]", expr)
    bits = set(re.findall(r"\d+(?:\.\d+)?", expr)) <= {"0", "1"} and logic and not re.search(r"[-+*/%]", expr)
    if not compares and not re.search(r"\b(?:true|false)\b", expr, re.I) and not bits:
        return None  # plain arithmetic ('1 and 0 or 1' is logic on bits)
    if not logic and not compares:
        return None
    if re.search(r"\d\s*-\s*\d+\s*-\s*\d", expr):
        return None  # dates ('2024-01-05 > 2023-12-01') are no arithmetic
    return expr


def solve_boolean(q: Query) -> Plan | None:
    """'not ( True ) and ( True ) is', 'evaluate: true and not false or false', 'is `5 > 3 and 2 > 4 or not 0`
    true or false', '(A or B) and not C, where A=false B=true C=true'."""
    if re.search(r"\d,\d", q.body):
        return None  # '1,180 >= 1,200' groups thousands (the comparison form reads it), '1,5' is no tuple
    text = q.body.strip().rstrip("?.")
    text = re.sub(r"^(?:what(?:'s| is| does)|evaluate|is|compute|calculate)\s*:?\s*", "", text, flags=re.I)
    text = re.sub(r"\s+(?:is|evaluate to|equal|=)\s*$", "", text, flags=re.I)
    if not _BOOL_EXPR.match(text):
        text = _boolean_run(q.body)
        if text is None:
            return None
    if re.fullmatch(r"\s*(?:true or false|false or true)\s*", text, re.I):
        return None  # 'true or false?' asks which one, it is no expression
    expr = re.sub(r"\btrue\b", "True", text, flags=re.I)
    expr = re.sub(r"\bfalse\b", "False", expr, flags=re.I)
    expr = re.sub(r"\bAND\b|&&", " and ", expr, flags=re.I)
    expr = re.sub(r"\bOR\b|\|\|", " or ", expr, flags=re.I)
    expr = expr.replace("<>", "!=")
    expr = re.sub(r"\bNOT\b|!(?!=)", " not ", expr, flags=re.I)
    expr = re.sub(r"\bXOR\b", " != ", expr, flags=re.I)
    expr = re.sub(r"\s+", " ", expr).strip()
    if re.search(r"\d\.\d", expr):
        if re.search(r"\b(?:python|javascript|js|float|floats|floating|ieee|double|code)\b", q.lower):
            return None  # a question about binary floating point, not about the numbers
        expr = re.sub(r"(?<![\w.])(\d+\.\d+)(?![\w.])", r"Fraction('\1')", expr)  # 0.1 + 0.2 == 0.3 as written
    try:
        compile(expr, "<bool>", "eval")
    except SyntaxError:
        return None
    return Plan("boolean", f"result = bool({expr})\nresult", "Evaluated the expression with Python's precedence "
                "(arithmetic, then comparisons, then not > and > or).", specificity=0.97, template="boolean")


_FILTERS = [
    (r"\beven\b", "v % 2 == 0", "even"),
    (r"\bodd\b", "v % 2 == 1", "odd"),
    (r"\bprimes?\b", "v > 1 and all(v % d for d in range(2, int(v ** 0.5) + 1))", "prime"),
    (r"\bnegative\b", "v < 0", "negative"),
    (r"\bpositive\b", "v > 0", "positive"),
    (r"(?:greater|bigger|larger|more|higher) than (-?\d+(?:\.\d+)?)|above (-?\d+(?:\.\d+)?)|over (-?\d+(?:\.\d+)?)",
     "v > {n}", "greater than {n}"),
    (r"(?:less|smaller|lower|fewer) than (-?\d+(?:\.\d+)?)|below (-?\d+(?:\.\d+)?)|under (-?\d+(?:\.\d+)?)",
     "v < {n}", "less than {n}"),
    (r"(?:at least|>=) (-?\d+(?:\.\d+)?)", "v >= {n}", "at least {n}"),
    (r"(?:at most|<=) (-?\d+(?:\.\d+)?)", "v <= {n}", "at most {n}"),
    (r"divisible by (\d+)|multiples? of (\d+)", "v % {n} == 0", "divisible by {n}"),
]


def solve_filter(q: Query) -> Plan | None:
    """'which of 3, 8, 12, 7 are even', 'numbers greater than 10 in: 4, 15, 22', 'dedupe: a, b, a'."""
    t, body = q.lower, q.body
    if re.search(r"\b(remove|drop|delete|strip) (?:the |all )?(?:duplicates?|dupes|repeats|repeated (?:items|values|"
                 r"words|names))\b|\bdedup(?:e|licate)?\b|\bunique (?:items|values|"
                 r"names|words|entries)\b|\bdistinct (?:items|values|names|words)\b", t):
        payload = _payload(q, 0)
        if not payload:
            m = re.search(r"(?:from|in|of)\s+(.+)$", body)
            payload = m.group(1) if m and "," in m.group(1) else None
        if not payload:
            return None
        items = split_items(payload)
        if len(items) < 2:
            return None
        # words of a sentence stay a sentence; addresses, files or numbers with spaces between are a list
        joiner = ", " if re.search(r"[,;\n]", payload.strip()) or all(re.search(r"[@.\d]", i) for i in items) else " "
        # 'ignore case', 'case-insensitive', 'case doesn't matter', 'keep the first spelling': Apple and apple are one
        folded = bool(re.search(r"\b(?:ignor\w* (?:the )?case|case[- ]?insensitive(?:ly)?|case (?:doesn'?t|does not|don'?t) matter|"
                                r"regardless of case|any case|first spelling)\b", t))
        key = "item.lower()" if folded else "item"
        return Plan("filtering", f"items = {lit(items)}\nunique = []\nseen = set()\nfor item in items:\n"
                    f"    if {key} not in seen:\n        seen.add({key})\n        unique.append(item)\n"
                    f"{lit(joiner)}.join(unique)",
                    "Kept the first occurrence of each item" + (" (ignoring case)" if folded else "") + ", in order.",
                    specificity=0.93, template="dedupe")
    if not re.search(r"\b(which|filter|keep|only|list|find|select|pick|show|give me|what are)\b", t):
        return None
    if re.search(r"\b(?:filter out|remove|drop|exclude|get rid of|delete|without|except|other than|not|aren'?t|"
                 r"isn'?t)\b", instruction_part(body)):
        return None  # keeping what fails the test: the list forms read the negation
    for pattern, cond, label in _FILTERS:
        fm = re.search(pattern, t)
        if not fm:
            continue
        n = next((g for g in fm.groups() if g is not None), None) if fm.groups() else None
        cut = t.replace(fm.group(0), " ")
        payload = _payload(q, 0)
        list_text = payload if payload else cut
        lm = re.search(r"-?\d+(?:\.\d+)?(?:\s*,\s*(?:and\s+)?-?\d+(?:\.\d+)?){2,}", list_text)
        if not lm:
            return None
        values = numbers_in(lm.group(0))
        if len(values) < 3:
            return None
        c = cond.format(n=n)
        if re.search(r"\bhow many\b|\bcount\b|\bnumber of\b", instruction_part(body), re.I):
            return Plan("counting", f"values = {lit(values)}\nkept = [v for v in values if {c}]\n"
                        "str(len(kept)) + ': ' + ', '.join(str(v) for v in kept)",
                        f"Counted the numbers that are {label.format(n=n)}.", specificity=0.93, template="count_numbers_that")
        return Plan("filtering", f"values = {lit(values)}\n[v for v in values if {c}]",
                    f"Kept the numbers that are {label.format(n=n)}.", specificity=0.93, template="filter_numbers")
    return None
