"""Everyday edits of given strings, one item or many, read by meaning.

'strip the leading zeros off these account numbers: 000482, 0091', 'flip this to last, first: Maria Gonzalez',
'make these slugs: Spring Sale 2026!, Back to School', 'trim each to 20 chars:' + lines, 'pad to 6 digits: 42, 317',
'hex to rgb: #FF8800', 'rgb(34, 139, 34) in hex?', "base64 of hello:world", 'decode this base64: c3Rh…',
'remove the duplicate words: the the quiz', 'how many characters incl spaces? has to fit in 160' + the text,
'initials of these agents: Marta Kowalczyk, Jens Olufsen', 'snake_case these:' + lines,
'replace the dashes with dots in these dates 2026-12-09, 2026-12-14', 'last 6 characters of order id ORD-…-00784512'.

Two parts: the operation, named once in the words of the request (two operations named, or none, decline), and the
material: a fenced block, the one back-ticked or quoted string, the text after the request's colon, or the lines under
a one-line request; a request about 'these'/'each' (or lines) applies the edit to each item. An item the edit does not
fit (a name with no surname, a colour code that is not one) declines the whole message: a partial answer is wrong.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted
from rlm_bot.pipeline.compute.string_reader import MORE_EDITS, SEPARATOR_SYMBOLS

_SYM = "|".join(sorted(SEPARATOR_SYMBOLS, key=len, reverse=True))
_CASES = {
    "constant": r"screaming[_ -]?snake[_ -]?case|constant[_ -]?case|upper[_ -]?snake[_ -]?case",
    "snake": r"snake[_ -]?case",
    "kebab": r"kebab[_ -]?case|dash[_ -]?case",
    "pascal": r"pascal[_ -]?case|upper[_ -]?camel[_ -]?case",
    "camel": r"camel[_ -]?case|lower[_ -]?camel[_ -]?case",
}
# (name, pattern of the request); each names one edit
_OPS: tuple[tuple[str, re.Pattern], ...] = (
    ("zeros", re.compile(r"\b(?:strip|remove|drop|trim|lose|delete|get rid of|take (?:off|out)|chop(?: off)?|cut)\b"
                         r"[^.?!\n:]{0,30}?\bleading (?:zeros|zeroes|0s)\b|\bwithout (?:the |any )?leading (?:zeros|zeroes|0s)\b|"
                         r"\bleading (?:zeros|zeroes|0s) (?:removed|stripped|dropped|off)\b|\bno leading (?:zeros|zeroes)\b", re.I)),
    ("pad", re.compile(r"\b(?:zero[- ]?pad|left[- ]?pad|pad)\b[^.?!\n:]{0,40}?\b(?:to|into)\s+(\d{1,2})(?:\s*(?:digits?|chars?|"
                       r"characters|places))?\b|\b(?:add|with|using|put)\s+leading (?:zeros|zeroes|0s)\b[^.?!\n:]{0,40}?"
                       r"\b(\d{1,2})\s*(?:digits?|chars?|characters|places)\b|\b(\d{1,2})[- ]digits?\b[^.?!\n:]{0,30}?\b"
                       r"(?:with|using|adding) leading (?:zeros|zeroes|0s)\b", re.I)),
    ("last_first", re.compile(r"\blast,? first\b|\b(?:last|sur) ?name,? first(?: ?name)?\b|\bsurnames? first\b", re.I)),
    ("first_last", re.compile(r"\bfirst,? last\b|\bfirst ?name,? (?:(?:and )?then |followed by )?(?:the )?(?:last|sur) ?name\b|"
                              r"\bfirst names? first\b", re.I)),
    # a URL without its query string ('strip the query string off https://…?utm_source=ig', 'drop the utm params')
    ("no_query", re.compile(r"\b(?:strip|remove|drop|cut|take|chop|lose|get rid of|clean|without)\b[^.?!\n:]{0,20}?\b(?:query ?strings?|"
                            r"query param(?:eter)?s|url param(?:eter)?s|utm(?: param(?:eter)?s| tags| bits| stuff)?|tracking "
                            r"(?:param(?:eter)?s|bits|junk|stuff))\b", re.I)),
    ("slug", re.compile(r"\bslug(?:s|ify|ified)?\b|\burl[- ]?(?:safe|friendly) (?:slugs?|versions?|names?|ids?)\b|"
                        r"\burl (?:handles?|slugs?|paths?)\b", re.I)),
    ("truncate", re.compile(r"\b(?:trim|truncate|cut|shorten|chop|clip|cap|limit)\b[^.?!\n:]{0,40}?\b(?:to|at|down to|after)\s+"
                            r"(?:(?:the\s+)?first\s+|max(?:imum)?\s+)?(\d{1,3})\s*(?:chars?|characters|letters)\b", re.I)),
    # a colour code named with the other form: which way is read from the codes given ('#FF8800' or '34, 139, 34')
    ("colour", re.compile(r"(?:\bhex|(?<![\w#])#[0-9a-f]{3,6})\b[^\n]{0,60}?\brgb\b|\brgb\b[^\n]{0,60}?\bhex\b", re.I)),
    ("b64decode", re.compile(r"\bdecode\b[^.?!\n]{0,30}?\bbase ?64\b|\bbase ?64\b[^.?!\n]{0,30}?\bdecode[ds]?\b|"
                             r"\bfrom base ?64\b", re.I)),
    ("b64encode", re.compile(r"\bencode\b[^.?!\n]{0,30}?\bbase ?64\b|\bbase ?64\b[^.?!\n]{0,15}?\bencode[ds]?\b|"
                             r"\b(?:to|in|as|into) base ?64\b|\bbase ?64 (?:of|for)\b", re.I)),
    ("dedupe_words", re.compile(r"\b(?:remove|drop|delete|strip|get rid of|take out|lose)\b[^.?!\n:]{0,20}?\b(?:duplicate|duplicated|"
                                r"repeated|doubled|double)\s+words\b|\bduplicates? words\b|\bde-?dupe (?:the )?words\b", re.I)),
    ("count", re.compile(r"\b(?:how many|count(?: the)?|number of|no\.? of|total)\s+(?:characters|chars)\b|\bchar(?:acter)?s? count\b|"
                         r"\b(?:characters|chars) (?:long|in (?:it|this|that|total))\b|"
                         # the length asked of one text ('subject line length?', "what's the length of this string:")
                         r"\b(?:what(?:'s| is)(?: the)?|check(?: the)?|get(?: the)?|need(?: the)?)\s+(?:\w+\s+){0,2}?length\b|"
                         r"\b(?:string|text|title|subject(?: line)?|tweet|sms|message|headline|character|char|line)\s+length\b|"
                         r"\blength check\b|\blength (?:of|for) (?:this|the following|that|it)\b", re.I)),
    ("initials", re.compile(r"\binitials\b", re.I)),
    # runs of spaces made one ('collapse to single spaces', 'squeeze the extra spaces out', 'normalise the whitespace',
    # 'replace every run of spaces with a single underscore'): group 1 is the character put in, when one is named
    ("squeeze", re.compile(r"\b(?:collapse|squeeze|squash|normali[sz]e|clean up|tidy(?: up)?|fix)\b[^.?!\n:]{0,25}?"
                           r"\b(?:spaces|spacing|whitespace|white space|blanks)\b|"
                           r"\b(?:remove|strip|drop|delete|get rid of|take out|lose|squeeze)\b[^.?!\n:]{0,15}?\b(?:extra|double|"
                           r"multiple|repeated|duplicate|excess)\s+(?:spaces|whitespace|blanks)\b|"
                           r"\b(?:replace|turn|change|swap|make)\s+(?:every|each|all|any)\s+(?:the\s+)?runs?\s+of\s+(?:spaces|"
                           r"whitespace|blanks)\s+(?:with|into|to)\s+(?:a\s+single|one|a|single)\s+(space|underscore|hyphen|"
                           r"dash)\b", re.I)),
    ("swap", re.compile(rf"\b(?:swap|switch|replace|change|turn|convert)\s+(?:all\s+|the\s+|every\s+|any\s+)*({_SYM})\s+"
                        rf"(?:for|with|to|into|by)\s+(?:the\s+)?({_SYM})\b", re.I)),
    ("slice", re.compile(r"\b(first|last)\s+(\d{1,2})\s+(?:characters|chars|digits|letters)\b", re.I)),
    ("title", re.compile(r"\btitle[ -]?case\b|\b(?:capitali[sz]e|upper[- ]?case)\s+(?:the\s+)?(?:first letter of\s+)?(?:each|every|all(?: the)?)"
                         r"\s+words?\b", re.I)),
    ("upper", re.compile(r"\bupper[- ]?case\b|\ball caps\b|\bin caps\b|\bcapital letters\b", re.I)),
    ("lower", re.compile(r"\blower[- ]?case\b|\bsmall letters\b", re.I)),
    ("case", re.compile(r"(?<![a-z])(?:" + "|".join(_CASES.values()) + r")(?![a-z])", re.I)),
)
# a request for code, advice or an explanation is no edit of given text
_NOT_ASKING = re.compile(r"\b(?:how (?:do|can|to|would|should|does)|why|function|regex|formula|script|in (?:python|js|javascript|"
                         r"sql|excel|sheets|bash)|method|algorithm|explain|difference|convention|should (?:i|we)|better|"
                         r"suggest|ideas?|tips?|write me|come up with|good|best|recommend|which|than|prefer(?:red|able)?|versus|vs)\b", re.I)
_POLITE = re.compile(r"(?:\s*[,.!]?\s*(?:pls|plz|please|thanks|thank you|thx|ty|cheers)\b\s*[.!]*\s*)+$", re.I)
_PLURAL = re.compile(r"\b(?:these|those|each|every|all(?: of)?(?: the| these)?|them|both|the following|"
                     r"(?:the|my|our) \w+(?:s|ids|ies))\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")


def _material(body: str, op: re.Match) -> tuple[str, str] | None:
    """(material, request): the text the edit applies to and the words asking for it."""
    fenced = re.search(r"```[\w-]*\n?(.*?)\n?```", body, re.S)
    if fenced:
        return fenced.group(1), body[: fenced.start()] + " " + body[fenced.end():]
    ticks = re.findall(r"`([^`\n]+)`", body)
    if len(ticks) == 1:
        return ticks[0], re.sub(r"`[^`\n]+`", " ", body)
    if ticks:
        return None
    lines = body.strip().split("\n")
    head = lines[0]
    if len(lines) > 1 and op.start() < len(head) + 1:
        rest = "\n".join(lines[1:]).strip()
        # 'has to fit in 160' on the request line after a question mark: still the request
        after = re.search(r"(?<!\d):(?!\d|//)\s*(\S.*)$", head[op.start():])
        if after:
            return None  # text on both the request line and the lines under it: which is meant is unclear
        whole = re.fullmatch(r'"([^"\n]+)"|“([^”\n]+)”|\'([^\'\n]+)\'', rest)
        if whole:  # one quoted line under the request: the quotes mark the text, they are not part of it
            rest = next(g for g in whole.groups() if g is not None)
        return rest, head
    if len(lines) > 1:
        return None
    qs = [s for s in quoted(body) if s.strip()]
    if len(qs) == 1 and not re.search(r"\w'\w", qs[0]):
        q = qs[0]
        at = body.find(q)
        return q, body[: at - 1] + " " + body[at + len(q) + 1:]
    # the text after the first colon at or after the request's verb ('…: URGENT: Delayed …' keeps its colon)
    colon = re.search(r"(?<!:)\s*:(?![\d:]|//)\s*", body[op.start():])  # (not a clock's '10:30', a URL's '://')
    if colon is None:
        # 'can you make these all caps? ward a, ward b': the text after the request's question
        asked = re.search(r"\?\s+(\S.*)$", body[op.end():])
        if asked is None or "?" in asked.group(1):
            return None
        text = _POLITE.sub("", asked.group(1)).strip()
        return (text, body[: op.end() + asked.start() + 1]) if text else None
    start = op.start() + colon.end()
    text = _POLITE.sub("", body[start:]).strip()
    return (text, body[:start]) if text else None


# qualities the result of an edit has anyway: named with it, they describe it
_IMPLIED = {"initials": ("upper",), "slug": ("lower",), "truncate": ("slice",), "squeeze": ("swap",)}
_COMMA_FREE = frozenset({"zeros", "pad", "initials", "last_first", "swap", "slice"})


def _items(material: str, request: str, per_item: bool) -> tuple[list[str], str]:
    """The items the edit applies to, and how to join the results."""
    if "\n" in material.strip():
        items = [_BULLET.sub("", x).strip() for x in material.strip().split("\n")]
        return [x for x in items if x], "\n"
    text = material.strip()
    if per_item == "always" or per_item and _PLURAL.search(request):
        for sep, joiner in ((r"\s*;\s*", "; "), (r"\s*,\s*(?:and\s+)?|\s+and\s+", ", ")):
            parts = [x.strip() for x in re.split(sep, text) if x.strip()]
            if len(parts) > 1:
                return parts, joiner
    return [text], ""


# code of each edit on one item `s` (a string) -> its result
_CODE = {
    "zeros": "s.lstrip('0') or '0'",
    "last_first": "' '.join(s.split()[-1:]) + ', ' + ' '.join(s.split()[:-1])",
    "first_last": "' '.join(part.strip() for part in reversed(s.split(',', 1)))",
    "slug": "re.sub(r'[^a-z0-9]+', '-', s.lower().replace(\"'\", '').replace('’', '')).strip('-')",
    "dedupe_words": "' '.join(w for seen in [set()] for w in s.split() if not (w.casefold() in seen or seen.add(w.casefold())))",
    "initials": "''.join(word[0].upper() for word in s.split())",
    "squeeze": "' '.join(s.split())",
    "no_query": "s.split('?', 1)[0].split('#', 1)[0]",
    "upper": "s.upper()",
    "lower": "s.lower()",
    "title": "re.sub(r'(^|[\\s-])([a-z])', lambda m: m.group(1) + m.group(2).upper(), s)",
}
_WHAT = {"zeros": "without leading zeros", "last_first": "written last name first",
         "first_last": "written first name first", "slug": "as URL slugs", "b64encode": "encoded in base64",
         "b64decode": "decoded from base64", "dedupe_words": "with each word once", "initials": "as initials", "squeeze": "with each run of spaces made one", "no_query": "without its query string",
         "upper": "in upper case", "lower": "in lower case", "title": "with each word capitalised"}


def solve_string_edit(q: Query) -> Plan | None:
    """One everyday edit applied to a given string, or to each of several."""
    body = (q.written or q.body).strip()
    if len(body) > 1500:
        return None
    head = body.split("\n", 1)[0]
    found = [(name, m) for name, pattern in _OPS for m in [pattern.search(head)] if m]
    # 'pad … with leading zeros' names zeros too; 'first 6 characters … length' is one slice
    names = [n for n, _ in found]
    if "pad" in names:
        found = [f for f in found if f[0] != "zeros"]
    if "swap" in names or "slice" in names or "truncate" in names:
        found = [f for f in found if f[0] != "count"]
    if "colour" in names:
        found = [f for f in found if f[0] == "colour"]
    if "title" in names:
        found = [f for f in found if f[0] not in ("upper", "case")]
    if "b64decode" in names:
        found = [f for f in found if f[0] != "b64encode"]
    # a quality the edit's result has anyway, named beside it ('initials … in caps', 'slug … lowercase w/ hyphens',
    # 'cut to the first 30 chars'): a description of the one edit, not a second edit
    for edit, implied in _IMPLIED.items():
        if edit in names:
            found = [f for f in found if f[0] not in implied]
    if {"last_first", "first_last"} <= {n for n, _ in found}:
        found = _pick_name_order(found, head)
    if len(found) != 1:
        return None
    name, op = found[0]
    if name != "count" and re.search(r"\bhow many\b|\bcount\b|\bnumber of\b", _outside_material(body), re.I):
        return None  # 'how many uppercase letters in …' counts; it asks for no edit
    if name == "case" and len(_OPS[-1][1].findall(head)) > 1:
        return None  # 'snake_case -> camelCase: …': from one style to another, the case-style template's form
    if _NOT_ASKING.search(_outside_material(body)):
        return None
    if name in ("upper", "lower", "title") and MORE_EDITS.search(_outside_material(body)):
        return None  # 'lowercase no spaces with the #': the case is one part of the edit asked
    if name == "colour":
        return _colour(body)
    if name in ("b64encode", "b64decode"):
        return _base64(name, body, op)
    got = _material(body, op)
    if name == "slice" and (got is None or " " in got[0].strip()) and not quoted(body):
        got = _one_id(body, op) or got  # 'last 6 characters of order id ORD-…-00784512? the portal only wants those'
    if name == "case" and got is None:
        got = _named_identifier(body, op)
    if name == "swap" and got is None:
        got = _swap_tokens(body, op)
    if name == "slice" and got is None:
        got = _one_id(body, op)
    if name == "no_query":
        urls = re.findall(r"https?://[^\s`'\"<>]+", body)
        got = (urls[0].rstrip(".,;!)"), "") if len(urls) == 1 and "?" in urls[0] else None
    if name in ("zeros", "pad") and got is None:
        got = _numbers_after(body, op)
    if got is None:
        return None
    material, request = got
    if not material.strip() or len(material) > 1200:
        return None
    if name == "count":
        return _count(material, request, op)
    if name == "case":
        return _case(material, request, op)
    # items that hold no comma of their own (a number, a name) are split at commas however the request reads
    items, joiner = _items(material.rstrip(".?!") if name not in ("truncate", "slug", "dedupe_words", "squeeze") else material,
                           request, per_item="always" if name in _COMMA_FREE else name not in ("first_last", "squeeze"))
    if not items or len(items) > 60:
        return None
    if name == "truncate" or name == "pad":
        n = int(next(g for g in op.groups() if g))
        if not 1 <= n <= 500 or (name == "pad" and (n > 32 or not all(re.fullmatch(r"\d+", x) for x in items))):
            return None
        code_one = f"s[:{n}].rstrip()" if name == "truncate" else f"s.rjust({n}, '0')"
        what = f"cut to {n} characters" if name == "truncate" else f"padded with leading zeros to {n} digits"
    elif name == "squeeze":
        fill = {"underscore": "_", "hyphen": "-", "dash": "-"}.get((op.group(1) or "").lower(), " ")
        code_one = f"{lit(fill)}.join(s.split())"
        what = "with each run of spaces made one" + ("" if fill == " " else f" {fill!r}")
    elif name == "swap":
        old, new = SEPARATOR_SYMBOLS[op.group(1).lower()], SEPARATOR_SYMBOLS[op.group(2).lower()]
        if not all(old in x for x in items):
            return None
        code_one = f"s.replace({lit(old)}, {lit(new)})"
        what = f"with every {old!r} replaced by {new!r}"
    elif name == "slice":
        n = int(op.group(2))
        if not all(len(x) > n and " " not in x for x in items):
            return None
        code_one = f"s[:{n}]" if op.group(1).lower() == "first" else f"s[-{n}:]"
        what = f"{op.group(1).lower()} {n} characters"
    else:
        if not all(_fits(name, x) for x in items):
            return None
        code_one, what = _CODE[name], _WHAT[name]
    if len(items) > 1 and not joiner:
        return None
    joiner = "; " if joiner == ", " and name in ("last_first",) else joiner
    imports = "import re\n" if "re." in code_one else ""
    code = (imports + ("\n" if imports else "") + f"items = {lit(items)}\n"
            f"results = [{code_one} for s in items]\n" +
            (f"{lit(joiner)}.join(results)" if len(items) > 1 else "results[0]"))
    return Plan("string", code, f"The text {what}.", specificity=0.94, template="string_edit")


def _outside_material(body: str) -> str:
    """The words of the message without quoted or back-ticked text and without the lines under its first."""
    head = body.split("\n", 1)[0]
    head = re.sub(r"`[^`]*`|\"[^\"]*\"|“[^”]*”", " ", head)
    return re.split(r"(?<![\d:]):\s", head, maxsplit=1)[0]


def _pick_name_order(found, head: str):
    """'from first last to last, first': the order after 'to'/'into'/'as' is the one asked."""
    target = [f for f in found if re.search(r"\b(?:to|into|as|in)\s+(?:the\s+)?(?:format\s+)?['\"]?$", head[: f[1].start()], re.I)]
    return target if len(target) == 1 else found


def _fits(name: str, item: str) -> bool:
    """Whether the edit applies to the item as it is meant ('last, first' of a name of two to four words)."""
    words = item.split()
    if name == "zeros":
        return bool(re.fullmatch(r"[0-9A-Za-z-]*\d[0-9A-Za-z-]*", item)) and item.startswith("0")  \
            or bool(re.fullmatch(r"\d+", item))
    if name == "last_first":
        return 2 <= len(words) <= 4 and "," not in item and all(re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)
    if name == "first_last":
        parts = item.split(",")
        return len(parts) == 2 and all(1 <= len(p.split()) <= 3 for p in parts) and \
            all(re.fullmatch(r"[^\W\d_][\w.'’ -]*", p.strip()) for p in parts)
    if name == "initials":
        return 2 <= len(words) <= 4 and all(re.fullmatch(r"[^\W\d_][\w.'’-]*", w) for w in words)
    if name == "slug":  # (letters with accents: 'café' is 'cafe' to some tools, 'caf-' to others)
        return bool(re.search(r"[A-Za-z0-9]", item)) and item.isascii() and len(item) <= 200
    if name == "no_query":
        return bool(re.fullmatch(r"https?://[^\s?#]+[?#]\S*", item))
    if name == "dedupe_words":
        low = [w.casefold() for w in words]
        return len(set(low)) < len(low)
    return True


def _colour(body: str) -> Plan | None:
    """'hex to rgb: #FF8800', '#1e90ff to rgb?', 'rgb(34, 139, 34) in hex', 'rgb to hex: 128, 0, 255': codes written
    with '#' are read as hex, three numbers as rgb; both, or neither, decline."""
    codes = re.findall(r"(?<![\w#])#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?!\w)", body)
    bare = re.sub(r"(?<![\w#])#[0-9a-fA-F]{3,6}(?!\w)", " ", body)
    if not codes:  # 'hex to rgb: FF8800': a six-digit code without its '#'
        codes = re.findall(r"(?<![\w#])([0-9a-fA-F]{6})(?!\w)", body) if re.search(r"\bhex\b[^\n]{0,30}?\b(?:to|in|as|into)\s+rgb\b",
                                                                               body, re.I) else []
        bare = re.sub(r"(?<![\w#])[0-9a-fA-F]{6}(?!\w)", " ", body)
    if codes:
        if len(codes) > 20 or re.search(r"\d", bare):
            return None
        code = ("codes = " + lit(codes) + "\n"
                "full = [c if len(c) == 6 else ''.join(ch * 2 for ch in c) for c in codes]\n"
                "results = ['rgb(' + ', '.join(str(int(c[i:i + 2], 16)) for i in (0, 2, 4)) + ')' for c in full]\n"
                "'\\n'.join(results)")
        return Plan("string", code, "Read each pair of hex digits as a value from 0 to 255.", 0.95, "string_edit")
    if not re.search(r"\brgb\b[^\n]{0,60}?\b(?:to|in|as|into)\s+(?:a\s+)?hex\b|\bhex\b[^\n]{0,30}?\b(?:of|for)\b|"
                     r"^\W*(?:what(?:'s| is)\s+)?rgb\s*\(", body, re.I):
        return None  # three numbers are rgb only when the request turns rgb into hex
    found = list(re.finditer(r"\(?\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)?", body))
    if found and re.search(r"\band\b|\balso\b", body[found[-1].end():], re.I):
        return None  # '… and rgb of the logo': more is asked after the colours
    triples = [m.group(0).strip() for m in found]
    numbers = re.findall(r"\d+", body)
    if not triples or len(numbers) != 3 * len(triples) or any(int(v) > 255 for v in numbers):
        return None
    code = ("import re\n\ncolours = " + lit(triples) + "  # as written\n"
            "results = ['#' + ''.join(f'{int(v):02X}' for v in re.findall(r'\\d+', colour)) for colour in colours]\n"
            "'\\n'.join(results)")
    return Plan("string", code, "Wrote each value from 0 to 255 as two hex digits.", 0.95, "string_edit")


def _base64(name: str, body: str, op: re.Match) -> Plan | None:
    """'base64 encode this: mod_enabled=true', "what's the base64 of hello:world", 'decode this base64: c3Rh…'."""
    text = None
    of = re.match(r"\s+(?:(?:of|for)\s+)?(\S+)\s*[?.!]?\s*$", body[op.end():]) if re.search(r"\b(?:of|for)$", op.group(0)) \
        else re.match(r"\s+(?:of|for)\s+(\S+)\s*[?.!]?\s*$", body[op.end():])
    if of and name == "b64encode":
        text = of.group(1).strip("`'\"")
    else:
        ticks = [s for s in quoted(body) if s.strip()]
        if len(ticks) == 1:
            text = ticks[0]
        elif not ticks:
            colon = re.search(r":\s+(\S.*)$", body[op.start():], re.S)
            if colon:
                text = _POLITE.sub("", colon.group(1)).strip()
    if not text or "\n" in text:
        return None
    if name == "b64decode":
        if not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", text) or len(text) % 4:
            return None
        import base64
        import binascii
        try:
            base64.b64decode(text).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
    # (written out: the sandbox has no base64 module) six bits a character of the 64-letter alphabet
    code = f"alphabet = {lit(_B64)}\ntext = {lit(text)}\n" + (
        "bits = ''.join(bin(b)[2:].zfill(8) for b in text.encode('utf-8'))\nbits += '0' * (-len(bits) % 6)\n"
        "out = ''.join(alphabet[int(bits[i:i + 6], 2)] for i in range(0, len(bits), 6))\nout + '=' * (-len(out) % 4)"
        if name == "b64encode" else
        "bits = ''.join(bin(alphabet.index(ch))[2:].zfill(6) for ch in text.rstrip('='))\n"
        "data = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits) - len(bits) % 8, 8))\ndata.decode('utf-8')")
    return Plan("string", code, f"The text {_WHAT[name]}.", 0.95, "string_edit")


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_NO_SPACES = re.compile(r"\b(?:without|excluding|excl\.?|not counting|minus|ignoring|no|w/o|except)\s+(?:the\s+)?"
                        r"(?:spaces|whitespace|blanks)\b", re.I)
_LIMIT = re.compile(r"\b(?:fit (?:in|into|within|under)|cuts? (?:off )?at|limit(?: is| of)?|max(?:imum)?(?: of)?|"
                    r"under|within|no more than|up to)\s+(\d{2,4})\b|\b(\d{2,4})[- ](?:char(?:acter)?s?)\b", re.I)


def _count(material: str, request: str, op: re.Match) -> Plan | None:
    """'how many characters is this sms incl spaces? has to fit in 160' + the text: its length, and whether it fits."""
    if re.search(r"\b(?:group|sort|order|rank|average|mean|median|longest|shortest|filter|by length|sum|total length|"
                 r"words?|each word)\b", request, re.I):
        return None  # another question about lengths than the one text's
    if re.search(r"\bletters\b|\bwords\b|\bdigits\b|\bvowels\b|\blines\b", request, re.I):
        return None  # another count
    lines = [_BULLET.sub("", x).strip() for x in material.strip().split("\n") if x.strip()]
    if len(lines) > 1:
        if not _PLURAL.search(request) or _LIMIT.search(request) or re.search(r"\d", request):
            return None  # the whole text or each line: only 'each of these' says each
        spaces = not _NO_SPACES.search(request)
        code = (f"lines = {lit(lines)}\n"
                f"'\\n'.join(line + ': ' + str({'len(line)' if spaces else 'len(line.replace(chr(32), str()))'}) for line in lines)")
        return Plan("string", code, "Counted the characters of each line.", 0.95, "string_edit")
    numbers = re.findall(r"(?<![\w.])\d+(?![\w.])", request)
    limit = None
    limits = [m for m in _LIMIT.finditer(request)]
    if limits:
        limit = int(limits[0].group(1) or limits[0].group(2))
    if len(numbers) > (1 if limit else 0):
        return None  # a number in the request that is no limit: read in part
    spaces = not _NO_SPACES.search(request)
    expr = "len(text)" if spaces else "len(text.replace(' ', ''))"
    code = f"text = {lit(material.strip())}\nn = {expr}\n"
    if limit:
        code += (f"limit = {limit}\nf'{{n}} characters' + (f' — fits in {{limit}} ({{limit - n}} to spare)' if n <= limit "
                 "else f' — {n - limit} over the {limit} limit')")
    else:
        code += "f'{n} characters'"
    return Plan("string", code, "Counted the characters" + ("" if spaces else " other than spaces") + ".", 0.95,
                "string_edit")


def _case(material: str, request: str, op: re.Match) -> Plan | None:
    """'snake_case these item names:' + lines, 'convert these to camelCase: player_health, mana_regen_rate'."""
    items, joiner = _items(material, request, per_item=True)
    if len(items) > 1 and not joiner:
        return None
    style = next(k for k, p in _CASES.items() if re.fullmatch(p, op.group(0), re.I))
    join = {"snake": "'_'.join(w.lower() for w in words)", "constant": "'_'.join(w.upper() for w in words)",
            "kebab": "'-'.join(w.lower() for w in words)",
            "pascal": "''.join(w[:1].upper() + w[1:].lower() for w in words)",
            "camel": "words[0].lower() + ''.join(w[:1].upper() + w[1:].lower() for w in words[1:])"}[style]
    if not all(re.search(r"[A-Za-z]", x) and len(x) <= 100 for x in items):
        return None
    code = (f"import re\n\nitems = {lit(items)}\nresults = []\nfor text in items:\n"
            "    spaced = re.sub(r'([a-z0-9])([A-Z])', r'\\1 \\2', text)  # split camelCase humps too\n"
            "    words = re.findall(r'[A-Za-z0-9]+', spaced)\n"
            f"    results.append({join})\n{lit(joiner)}.join(results)")
    return Plan("string", code, f"Split each into words and wrote them in {style} case.", 0.95, "string_edit")


def _named_identifier(body: str, op: re.Match) -> tuple[str, str] | None:
    """'convert getUserProfileData to snake_case', 'MAX_RETRY_COUNT in camelCase?': the one identifier named."""
    m = re.search(r"(?:^|\b(?:convert|turn|change|make|rewrite|put|write|is|whats|what's|what is)\s+)['\"`]?([A-Za-z][\w-]*[\w])['\"`]?\s+"
                  r"(?:to|into|in|as)\s+(?:a\s+)?$", body[: op.start()], re.I)
    if m is None:  # 'camelCase version of checkout_started_v2', 'the snake_case form of ShipmentArrivalDate?'
        after = re.fullmatch(r"\s*(?:version|form|equivalent|spelling)\s+(?:of|for)\s+['\"`]?([A-Za-z][\w-]*[\w])['\"`]?\s*[?.!]*\s*",
                             _POLITE.sub("", body[op.end():]), re.I)
        lead = re.fullmatch(r"\W*(?:(?:pls|plz|please|can you|could you|give me|gimme|need|i need|what(?:'s| is)|whats|"
                            r"just)\s+)*(?:the\s+|a\s+)?", body[: op.start()], re.I)
        if after is None or lead is None or after.group(1).lower() in ("this", "these", "it", "them", "that", "all"):
            return None
        return after.group(1), body[: op.end()]
    if m is None or m.group(1).lower() in ("this", "these", "it", "them", "that", "all", "everything"):
        return None
    rest = _POLITE.sub("", body[op.end():]).strip(" ?.!")
    if rest and not re.fullmatch(r"(?:pls|please|for (?:the|my|our) [\w ]{1,30})", rest, re.I):
        return None
    return m.group(1), body[: m.start(1)] + body[m.end(1):]


def _swap_tokens(body: str, op: re.Match) -> tuple[str, str] | None:
    """'replace the dashes with dots in these dates please 2026-12-09, 2026-12-14': the tokens after the request
    that hold the symbol replaced, when nothing else there is text."""
    old = SEPARATOR_SYMBOLS[op.group(1).lower()]
    rest = body[op.end():]
    tokens = re.findall(r"\S+", rest)
    hits = [t.rstrip(",;.?!") for t in tokens if old in t.rstrip(",;.?!")]
    if not hits:
        return None
    return ", ".join(hits), body[: op.end()] + " these"


def _numbers_after(body: str, op: re.Match) -> tuple[str, str] | None:
    """'remove leading zeros from 000512', 'pad 42 and 7 to 4 digits': the numbers named with the request, when the
    message holds no other words after them."""
    before = body[: op.start()]
    after = re.sub(r"^\s*(?:pls|plz|please)\b[,:]?", " ", body[op.end():], flags=re.I)
    m = re.fullmatch(r"\s*(?:from|of|on|in|off)?\s*((?:\d+(?:\s*,\s*|\s+and\s+|\s+)?)+)\s*[?.!]?\s*", after) or \
        re.match(r"\s*(?:zero[- ]?pad|left[- ]?pad|pad)\s+(?:(?:the\s+)?[a-z]+\.?(?:\s+(?:no\.?|number|#|id))?\s+)?"
                 r"((?:\d+(?:\s*,\s*|\s+and\s+))*\d+)\s+(?:out\s+)?(?:to|into)\b", op.group(0), re.I)
    if m is not None and m.re.pattern.startswith("\\s*(?:zero") and not re.fullmatch(
            r"\s*(?:(?:with|using|adding)\s+(?:leading\s+)?(?:zeros|zeroes|0s))?\s*[?.!]*\s*", after):
        return None  # 'pad 42 to 5 digits for the …': more words after the request
    if m is None:
        m = re.search(r"\b(?:pad|strip|remove|trim)\s+((?:\d+(?:\s*,\s*|\s+and\s+))*\d+)\s*$", before, re.I)
    if m is None:
        return None
    return m.group(1).strip(" ,"), "these"


def _one_id(body: str, op: re.Match) -> tuple[str, str] | None:
    """'last 6 characters of order id ORD-2026-11-00784512? …': the one id-like token after the request."""
    rest = body[op.end():]
    ids = [t.rstrip(",;.?!") for t in re.findall(r"\S+", rest) if re.fullmatch(r"[A-Za-z0-9][\w-]*\d[\w-]*[,;.?!]?", t)]
    if len(ids) != 1:
        return None
    return ids[0], body.replace(ids[0], " ")
