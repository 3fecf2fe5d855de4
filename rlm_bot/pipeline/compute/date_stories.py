"""Date puzzles told as small stories ('Yesterday was 12/31/1929. What is the date one week from today in
MM/DD/YYYY?'): work out which day today is, then move it on the calendar."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from datetime import date, timedelta

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.dates import ADD_MONTHS_CODE, date_code
from rlm_bot.pipeline.compute.plan import Plan, choose_code, to_number
from rlm_bot.pipeline.compute.dates_parse import MONTH_NAME, MONTHS, find_dates

# --- "what is the date X" questions around a described today ---------------------------------------

_TARGETS = [  # longest phrases first: "one week ago from today" is not "today"
    (r"one week ago|a week ago", -7, "days"), (r"one week from today|a week from today", 7, "days"),
    (r"a month ago|one month ago", -1, "months"), (r"one year ago|a year ago", -1, "years"),
    (r"a month from today|one month from today|a month later", 1, "months"),
    (r"one year from today|a year from today|a year later", 12, "months"),
    (r"24 hours later", 1, "days"), (r"24 hours ago", -1, "days"), (r"48 hours later", 2, "days"),
    (r"(\w+) days ago", None, "days_ago"), (r"(\w+) days (?:later|from today|from now)", None, "days_later"),
    (r"(\w+) weeks ago", None, "weeks_ago"), (r"(\w+) weeks (?:later|from today|from now)", None, "weeks_later"),
    (r"\btomorrow\b", 1, "days"), (r"\byesterday\b", -1, "days"), (r"\btoday\b", 0, "days"),
]
_NAMED_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}


def _named_day(text: str) -> date | None:
    """Calendar days described in words: 'the last day of Jan 2012', 'first Monday of 2019', ..."""
    t = text.lower()
    m = re.search(r"(first|last) day of (?:the )?(first|second|third|fourth) quarter of (\d{4})", t)
    if m:
        q = _NAMED_WORDS[m.group(2)]
        if m.group(1) == "first":
            return date(int(m.group(3)), 3 * q - 2, 1)
        end_month = 3 * q
        return (date(int(m.group(3)) + (end_month == 12), end_month % 12 + 1, 1) - timedelta(days=1))
    m = re.search(r"(first|second|third|fourth|last) day of (?:the )?(?:(first|second|third|fourth|fifth|sixth|"
                  r"seventh|eighth|ninth|tenth|eleventh|twelfth) month of |(" + MONTH_NAME + r") (?:of |in )?)?(\d{4})", t)
    if m:
        year = int(m.group(4))
        ordw = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
        month = ordw.get(m.group(2) or "", None) or (MONTHS.get((m.group(3) or "").rstrip(".")) if m.group(3) else None)
        which = m.group(1)
        if month is None:
            return date(year, 1, 1) if which == "first" else (date(year, 12, 31) if which == "last" else
                                                                date(year, 1, _NAMED_WORDS[which]))
        if which == "last":
            return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        return date(year, month, _NAMED_WORDS[which])
    m = re.search(r"(first|second|third|fourth|last) (monday|tuesday|wednesday|thursday|friday|saturday|sunday) of "
                  r"(?:(" + MONTH_NAME + r") (?:of )?)?(\d{4})", t)
    if m:
        year = int(m.group(4))
        month = MONTHS[m.group(3).rstrip(".")] if m.group(3) else 1
        wd = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].index(m.group(2))
        d = date(year, month, 1)
        d += timedelta(days=(wd - d.weekday()) % 7)
        return d + timedelta(days=7 * (_NAMED_WORDS[m.group(1)] - 1))
    m = re.search(r"thanksgiving of (\d{4})", t)
    if m and "fourth thursday of november" in t:
        d = date(int(m.group(1)), 11, 1)
        d += timedelta(days=(3 - d.weekday()) % 7)
        return d + timedelta(days=21)
    m = re.search(r"palindrome day of (\d{4})", t)
    if m:
        y = m.group(1)
        try:
            return date(int(y), int(y[::-1][:2]), int(y[::-1][2:]))
        except ValueError:
            return None
    return None


def _holiday(text: str) -> date | None:
    m = re.search(r"(christmas eve|christmas|new year'?s eve|new year'?s day|halloween|independence day)"
                  r"(?: of| in)? (\d{4})", text, re.I)
    if not m:
        return None
    md = {"christmas eve": (12, 24), "christmas": (12, 25), "new years eve": (12, 31), "new year's eve": (12, 31),
          "new years day": (1, 1), "new year's day": (1, 1), "halloween": (10, 31),
          "independence day": (7, 4)}[m.group(1).lower()]
    return date(int(m.group(2)), *md)


def _word_num(w: str) -> int | None:
    n = to_number(w)
    return int(n) if n is not None else None


def _today_from_story(text: str, fallback_year: int) -> date | None:
    """Work out which date 'today' is from the sentences of a small story."""
    t = text
    tl = t.lower()
    day_first = bool(re.search(r"day before the month", tl))
    year_hint = re.findall(r"\b(1[6-9]\d\d|20\d\d)\b", t)
    hint = int(year_hint[-1]) if year_hint else fallback_year
    dates = find_dates(t, date(hint, 1, 1), day_first=day_first)
    today_sentence = next((s for s in re.split(r"(?<=[.!?])\s+", t) if re.search(r"\btoday\b|\bthis is\b|celebrating", s,
                                                                               re.I)), "")
    at = today_sentence.lower().find("today")
    today_clause = today_sentence[at:] if at >= 0 else today_sentence
    named = _named_day(today_clause) or _holiday(today_clause) or _named_day(t)
    # competing claims: "A thinks today is X, but B thinks today is Y. B is correct."
    m = re.search(r"(\w+) thinks today is ([^,]+), but (\w+) thinks today is ([^.]+?)\. (\w+) is correct", t)
    if m:
        pick = m.group(2) if m.group(5) == m.group(1) else m.group(4)
        ds = find_dates(pick, date(hint, 1, 1), day_first=day_first)
        return ds[0][0] if ds else None
    m = re.search(r"today is in fact ([^,.]+)", t)
    if m:
        ds = find_dates(m.group(1), date(hint, 1, 1))
        if ds:
            return ds[0][0]
    if not dates and named is None:
        m = re.search(r"\b(\d{4}) is coming in (\d+) hours", tl)
        if m:
            return date(int(m.group(1)), 1, 1) - timedelta(days=-(-int(m.group(2)) // 24))
        return None
    anchor, start, end = (dates[0][0], dates[0][1], dates[0][2]) if dates else (named, 0, 0)
    if named is not None and (not dates or "today" in tl[max(0, tl.find("today") - 5): tl.find("today") + 40]):
        if re.search(r"today is (?:the |her |his |their )?(?:last|first|second|third|fourth|palindrome|us thanksgiving)|"
                     r"this is the (?:last|first)|celebrating the (?:last|first)", tl):
            return named
    before = tl[max(0, start - 60): start]
    after = tl[end: end + 80]
    m = re.search(r"(\d+|\w+)[- ]year(?:-old)? (?:birthday|anniversary)|(golden|silver|diamond) (?:wedding )?anniversary", tl)
    if m:
        years = _word_num(m.group(1)) if m.group(1) else {"golden": 50, "silver": 25, "diamond": 60}[m.group(2)]
        base = named if named is not None and "born" in tl else anchor
        if years is not None:
            try:
                return base.replace(year=base.year + years)
            except ValueError:
                return base.replace(year=base.year + years, day=28)
    if re.search(r"day before yesterday was\s*$", before) or re.search(r"the day before yesterday", before[-40:]):
        return anchor + timedelta(days=2)
    if re.search(r"yesterday(?: was|,)\s*$", before):
        return anchor + timedelta(days=1)
    if re.search(r"tomorrow(?: is|,| \(\w+,)?\s*$", before) or re.search(r"tomorrow(?: is|,)?\s*\(?\w*,?\s*$", before):
        return anchor - timedelta(days=1)
    m = re.search(r"(\d+) days have passed since", after) or re.search(r"(\d+) days have passed since", tl)
    if m:
        return anchor + timedelta(days=int(m.group(1)))
    m = re.search(r"which is (\d+|\w+) days? away", after)
    if m and _word_num(m.group(1)) is not None:
        return anchor - timedelta(days=_word_num(m.group(1)))
    m = re.search(r"(?:actually|is|was) (\w+) (years?|days?|weeks?) ago|\ba week ago", after)
    if m:
        if m.group(0) == "a week ago":
            return anchor + timedelta(days=7)
        n = _word_num(m.group(1))
        if n is not None:
            if m.group(2).startswith("year"):
                return anchor.replace(year=anchor.year + n)
            return anchor + timedelta(days=n * (7 if m.group(2).startswith("week") else 1))
    if re.search(r"delayed by one day to today|postponed by one day to today", tl):
        return anchor + timedelta(days=1)
    m = re.search(r"ate one per day\. today she ran out", tl)
    if m:
        eggs = re.search(r"bought (\d+) eggs", tl)
        if eggs:
            return anchor + timedelta(days=int(eggs.group(1)))
    m = re.search(r"will be (\d+) days later|(\d+) days? later", after)
    return anchor


def solve_date_reasoning(q: Query) -> Plan | None:
    """'Yesterday was 12/31/1929. What is the date one week from today in MM/DD/YYYY?' and similar stories."""
    body = q.body
    m = re.search(r"what is the date (.+?) in mm/dd/yyyy\??\s*$", body.strip(), re.I)
    if not m:
        return None
    story = body[: m.start()]
    target = m.group(1).lower()
    today = _today_from_story(story, q.today.year)
    if today is None:
        return None
    shift_days, shift_months = 0, 0
    for pattern, value, unit in _TARGETS:
        tm = re.search(pattern, target)
        if not tm:
            continue
        if unit == "days":
            shift_days = value
        elif unit == "months":
            shift_months = value
        elif unit == "years":
            shift_months = 12 * value
        else:
            n = _word_num(tm.group(1))
            if n is None:
                return None
            n = n * (7 if unit.startswith("weeks") else 1)
            shift_days = -n if unit.endswith("ago") else n
        break
    else:
        return None
    code = ADD_MONTHS_CODE + f"today = {date_code(today)}\n"
    code += f"result = add_months(today, {shift_months})\n" if shift_months else \
        f"result = today + timedelta(days={shift_days})\n"
    code += ("answer = str(result.month).zfill(2) + '/' + str(result.day).zfill(2) + '/' + str(result.year)\n"
             + choose_code(q.options))
    return Plan("date_math", code, f"Worked out that today is {today.isoformat()} from the story, then moved "
                f"{shift_months or shift_days} {'month(s)' if shift_months else 'day(s)'} on the calendar.",
                specificity=0.93, template="date_story")
