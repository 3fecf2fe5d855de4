"""Counts over pasted records (log lines, one entry a line), asked in any words: 'how many 500s?',
'how many ERROR lines are there', 'number of WARN entries', 'how many requests were POSTs?', 'how many
lines returned a 5xx status', 'how many times did 10.1.1.9 hit us?', 'how many POs still pending?',
'count the distinct client IPs', 'how many unique status codes'.

The records are the message's lines that are not the question (or a fenced block). The thing counted is
read from the question's own words: the one word of it that some records hold and others do not (a
status code, a level, a method, an address, a state); the count is of the records holding it. A
distinct count names a kind (IPs, e-mail addresses, status codes, users) and counts its distinct values.
Zero or several such words, or records that do not look alike, decline.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted

__all__ = ["solve_log_count", "records_and_question"]

MIN_RECORDS = 3
_ASKS = re.compile(r"\bhow many\b|\bcount\b|\bnumber of\b|\bhow often\b|\btally\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,3}[.)])\s+")
_FENCE = re.compile(r"```[a-z]*\n?(.*?)```", re.S)
_DISTINCT = re.compile(r"\b(?:distinct|unique|different|deduped|de-duplicated)\b", re.I)
# kinds a distinct count names, and how their values are found on a line
_KINDS = {
    "ip": (re.compile(r"\b(?:ips?|ip addresses|addresses|clients?|hosts?|sources?)\b", re.I),
           r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)"),
    "email": (re.compile(r"\b(?:e-?mails?|e-?mail addresses|senders|recipients)\b", re.I),
              r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"),
    "status": (re.compile(r"\b(?:status(?: codes?)?|codes|response codes|http codes)\b", re.I),
               r"(?<=[\"'\]] )[1-5]\d\d(?!\w)|(?<=status[=: ])[1-5]\d\d(?!\w)"),
    "user": (re.compile(r"\busers?\b|\busernames?\b", re.I), r"(?<=\buser[=: ])[\w.@-]+|(?<=\bfor )[\w.-]+(?= from\b)"),
}
_QUESTION_WORDS = frozenset("""how many much count the a an of in on at this that these those log logs line lines entry entries
row rows record records request requests response responses event events message messages are is was were there did do does
have has had got get were with without for from to by returned return show shows showed status code codes times time
number total all we us our it its any snippet paste below above following times""".split())


def records_and_question(body: str) -> tuple[list[str], str] | None:
    """The records (at least three lines) and the question's text, or None."""
    fence = _FENCE.search(body)
    if fence:
        records = [ln for ln in fence.group(1).splitlines() if ln.strip()]
        question = body[: fence.start()] + " " + body[fence.end():]
    else:
        lines = [ln for ln in body.strip().splitlines() if ln.strip()]
        asking = [k for k, ln in enumerate(lines) if _ASKS.search(ln)]
        if len(asking) != 1 or asking[0] not in (0, len(lines) - 1):
            return None
        k = asking[0]
        question = lines[k]
        records = lines[1:] if k == 0 else lines[:-1]
        if records and records[0].rstrip().endswith(":"):
            question += " " + records[0]  # 'from the press log:' heads the records
            records = records[1:]
    if not _ASKS.search(question) or len(records) < MIN_RECORDS:
        return None
    if sum(bool(re.match(r"\s*\(?[A-J][.):]\s", r)) for r in records) >= 2:
        return None  # the options of a multiple-choice question, not records
    if sum(len(_BULLET.sub("", r).split()) >= 2 for r in records) < len(records) - 1:
        return None  # a list of single names: the list forms count those
    return records, question.strip()


def _token_pattern(token: str, records: list[str] = ()) -> str:
    status = re.fullmatch(r"[1-5]xx|[1-5]\d\d", token, re.I)
    core = token[0] + r"\d\d" if status and token[1:].lower() == "xx" else re.escape(token)
    if status and sum(bool(re.search(r"[\"\]] [1-5]\d\d\b", r)) for r in records) * 2 >= len(records) > 0:
        return r"(?<=[\"\]] )" + core + r"(?!\w)"  # an access log: the status field, not a byte count of 512
    if status:
        return r"(?<![\w.:/-])" + core + r"(?![\w.:/-])"
    return r"(?<![\w.:/-])" + re.escape(token) + r"(?![\w:/-]|\.\d)"


def _candidates(question: str, records: list[str]) -> list[str]:
    """Words of the question that some records hold as a word and some do not."""
    words = re.findall(r"[\w.:/-]*\w", question)
    out = []
    for word in words:
        low = word.lower()
        if low in _QUESTION_WORDS and not re.fullmatch(r"[1-5]\d\d|[1-5]xx", low):
            continue
        forms = [word]
        if re.fullmatch(r"\d{3}s|[A-Z]{2,}s|[a-z]{4,}s", word):
            forms.append(word[:-1])  # '500s', 'FAILs', 'errors'
        for form in forms:
            flags = 0 if form.isupper() else re.I
            held = sum(bool(re.search(_token_pattern(form, records), r, flags)) for r in records)
            if 0 < held < len(records) and form not in out:
                out.append(form)
                break
    return out


_MEASURE_ASKED = re.compile(r"\b(?:how many|number of)\s+(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|"
                            r"months?|kg|km|miles?|gb|mb|tb|bytes|dollars?|euros?|pounds?|points?|story points)\b",
                            re.I)


_COMPARED = re.compile(r"\b(?:under|over|above|below|more than|less than|fewer than|greater than|at least|at most|"
                      r"older than|younger than|longer than|shorter than|exceed\w*|up to)\s*[$€£]?\s?-?\d|"
                      r"\d\s*\S{0,5}\s+or (?:more|above|over|higher|less|below|under|fewer|lower)\b|[<>≤≥]=?\s*\d", re.I)


def solve_log_count(q: Query) -> Plan | None:
    """How many records hold the word the question names, or how many distinct values of a kind they hold."""
    found = records_and_question(q.body)
    if found is None:
        return None
    records, question = found
    if _DISTINCT.search(question):
        kinds = [k for k, (words, _) in _KINDS.items() if words.search(question)]
        if len(kinds) != 1:
            return None
        pattern = _KINDS[kinds[0]][1]
        values = [v for r in records for v in re.findall(pattern, r)]
        if len(values) < 2:
            return None
        code = (f"import re\n\nrecords = {lit(records)}\npattern = {lit(pattern)}\n"
                "values = [v for record in records for v in re.findall(pattern, record)]\n"
                "distinct = list(dict.fromkeys(values))\n"
                "str(len(distinct)) + ' distinct: ' + ', '.join(distinct)")
        return Plan("counting", code, "Found the values on every line and counted the distinct ones.", 0.95,
                    "count_distinct_in_records")
    if not re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", question, re.I):
        return None
    if _COMPARED.search(question):
        return None  # 'how many are under 18', 'level 50 or above': a test on each line's number, not a word it holds
    if _MEASURE_ASKED.search(question):
        return None  # 'how many hours is lina on': an amount in the lines added up, not the lines counted
    phrases = [p for p in quoted(question) if any(p.lower() in r.lower() for r in records)]
    tokens = phrases if len(phrases) == 1 else _candidates(question, records)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if re.search(r"\bhow many times\b", question, re.I) and any(
            len(re.findall(_token_pattern(token, records), r, 0 if token.isupper() else re.I)) > 1 for r in records):
        return None  # 'how many times does crash show up' over 'CRASH CRASH CRASH': occurrences, not the lines holding it
    flags = "" if token.isupper() else ", re.I"
    code = (f"import re\n\nrecords = {lit(records)}\npattern = {lit(_token_pattern(token, records))}\n"
            f"sum(1 for record in records if re.search(pattern, record{flags}))")
    return Plan("counting", code, f"Counted the lines that hold {token!r} as a word.", 0.95, "count_records_with")
