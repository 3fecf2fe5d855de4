"""Extraction of a field the pasted lines name themselves: 'pull out the req_ids from the ERROR lines' over
'… ERROR req_id=7f3a91c2 user=4411 …', 'which hostnames are in this alert' over '- host: db-03.internal  disk: 91%',
'just the status codes, in order' over 'GET /v1/users 200 12ms'.

The thing asked is a noun of the request that is a key written in the text (`key=value`, `key: value`) on
at least two lines (compared without case, '_', '-' or a plural: 'req_ids' is 'req_id', 'hostnames' is
'host' or 'hostname'), or the status codes of request lines (the one three-digit code each line holds).
Only the lines holding a word are read when the request says so ('from the ERROR lines'). The values are
listed once each in order of appearance; status codes are listed line by line. Anything else — no key
named, two keys named, a count or a sum asked, a line without its value — declines.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit

__all__ = ["solve_keyed_extract"]

_FENCE = re.compile(r"```[a-z]*\n?(.*?)```", re.S)
_REQUEST = re.compile(r"\b(?:pull(?: out)?|extract|grab|get|list|give me|show me|need|dump|collect|copy|which|what are|"
                      r"what're|just|only)\b", re.I)
_OTHER = re.compile(r"\b(?:how many|count|number of|sum|total|average|avg|mean|median|sort|group|distinct|unique|"
                    r"most|least|max|min|highest|lowest|top|why|explain|should|how (?:do|can|to))\b", re.I)
_KEYED = r"(?<![\w.-])({key})\s*[=:]\s*['\"]?([^\s,;'\"]+)"
_ANY_KEY = re.compile(r"(?<![\w.-])([A-Za-z][\w-]{1,24})\s*[=:]\s*(?!//)['\"]?[^\s,;'\"]+")
_LINES_OF = re.compile(r"\b(?:from|of|in|on)\s+(?:the\s+|only\s+(?:the\s+)?)?[*_]?([A-Za-z0-9][\w-]*)[*_]?\s+"
                       r"(?:lines?|entries|rows|requests|records|events|messages|calls|jobs)\b", re.I)
_NOT_LINE_WORD = frozenset("following above below pasted attached log logs access auth server these those last first "
                           "next previous same other raw few some all my our your this that".split())
_STATUS = r"(?<![\w./:=-])[1-5]\d\d(?![\w./:-])"


def _norm(word: str) -> str:
    return re.sub(r"[_\s-]", "", word.lower())


def _split(body: str) -> tuple[str, str] | None:
    """(the request, the pasted lines): a fenced block and the words around it, or the first line and the rest."""
    fence = _FENCE.search(body)
    if fence:
        return body[: fence.start()] + " " + body[fence.end():], fence.group(1)
    lines = body.strip().splitlines()
    if len(lines) < 3:
        return None
    return lines[0], "\n".join(lines[1:])


def _asked_key(request: str, text: str) -> str | None:
    """The key of the text the request names, or None unless exactly one is named."""
    keys = {}
    for m in _ANY_KEY.finditer(text):
        keys.setdefault(_norm(m.group(1)), set()).add(m.group(1))
    lines_with = {k: sum(bool(re.search(_KEYED.format(key="|".join(map(re.escape, forms))), ln)) for ln in text.splitlines())
                  for k, forms in keys.items()}
    named = set()
    for word in re.findall(r"[A-Za-z][\w-]*", request):
        w = _norm(word)
        forms = {w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w}
        forms |= {f[: -len("name")] for f in forms if f.endswith("name") and len(f) > 4}
        named |= {k for k in keys if k in forms and lines_with[k] >= 2}
    if len(named) != 1:
        return None
    return "|".join(sorted(map(re.escape, keys[named.pop()])))


def solve_keyed_extract(q: Query) -> Plan | None:
    """The values of the field the request names, from the pasted lines (or those holding a word)."""
    found = _split(q.body)
    if found is None:
        return None
    request, text = found
    if len(request) > 200 or not _REQUEST.search(request) or _OTHER.search(request):
        return None
    token = None
    lm = _LINES_OF.search(request)
    if lm and lm.group(1).lower() not in _NOT_LINE_WORD:
        token = lm.group(1)
        held = [ln for ln in text.splitlines() if re.search(r"(?<![\w-])" + re.escape(token) + r"(?![\w-])", ln, re.I)]
        if not held:
            return None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    held_pattern = r"(?<![\w-])" + re.escape(token) + r"(?![\w-])" if token else ""
    pick = (f"lines = [ln for ln in lines if re.search({lit(held_pattern)}, ln, re.I)]  # only the lines with {token!r}\n"
            if token else "")
    if re.search(r"\bstatus(?:es| codes?)?\b|\bhttp codes?\b|\bresponse codes?\b", request, re.I) and \
            not _ANY_KEY.search(text):
        # request lines ('GET /v1/users 200 12ms'): the one three-digit code each line holds, line by line
        if not all(re.match(r"\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b", ln) for ln in lines) or \
                any(len(re.findall(_STATUS, ln)) != 1 for ln in lines):
            return None
        code = (f"import re\n\nlines = {lit(lines)}\n" + pick +
                f"codes = [re.findall({lit(_STATUS)}, ln)[0] for ln in lines]\n', '.join(codes)")
        return Plan("extraction", code, "Read the status code of each request line, in order.", specificity=0.95,
                    template="extract_status_codes", data={"extract": "status"})
    key = _asked_key(request, text)
    if key is None:
        return None
    pattern = _KEYED.format(key=key)
    held = [ln for ln in lines if not token or re.search(r"(?<![\w-])" + re.escape(token) + r"(?![\w-])", ln, re.I)]
    if not any(re.search(pattern, ln, re.I) for ln in held):
        return None
    code = (f"import re\n\nlines = {lit(lines)}\n" + pick + f"pattern = {lit(pattern)}\n"
            "values = [m.group(2) for ln in lines for m in re.finditer(pattern, ln, re.I)]\n"
            "values = list(dict.fromkeys(v.rstrip('.') for v in values))\n', '.join(values)")
    return Plan("extraction", code, "Listed the values written after the field's name, once each, in order.",
                specificity=0.95, template="extract_keyed", data={"extract": "keyed"})
