"""Reading dates and clock times as people write them in chat: ISO, 21/11/2026 and 11/21/2026, 21.11.2026,
month names, 'next friday', 'today is 7 december', chat spellings ('num dayz btwn'), 9.30am, '9-5'."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from datetime import date, timedelta

from rlm_bot.pipeline.compute.plan import to_number

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS.update({"sept": 9, "feburary": 2})
MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY_NUMBER = r"(\d{1,2})(?:st|nd|rd|th)?"
DATE_RE = re.compile(
    r"(?P<iso>\b(\d{4})-(\d{1,2})-(\d{1,2})\b)"
    r"|(?P<slash>\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b)"
    r"|(?P<mdy>\b(" + MONTH_NAME + r")\s+" + DAY_NUMBER + r"\b(?:,?\s*(\d{4})\b)?)"
    r"|(?P<dmy>\b" + DAY_NUMBER + r"(?:\s+of)?\s+(" + MONTH_NAME + r")\b(?:,?\s*(\d{4})\b)?)"
    r"|(?P<dotted>\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b)"
    r"|(?P<compact>\b((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\b)",
    re.I)


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})(?:/(\d{1,2})(?:/\d{2,4})?|[.-](\d{1,2})[.-]\d{4})\b")


def slash_order(text: str, *, day_first: bool = False) -> tuple[bool, bool]:
    """How the numeric dates of `text` read: (day first?, decided by the text itself?).

    A date whose first number is over 12 (21/11/2026) can only be day-first, one whose second is
    over 12 (11/21/2026) only month-first; the other dates of the message follow it. When nothing
    decides, slashes read month-first (03/04 = March 4) unless `day_first`, and dots or dashes with
    the year last (03.04.2026) day-first — the convention of the places that write them. A date
    said again right after with its month named ('02/09/2027 (that's 2 September)') decides too.
    """
    firsts = []
    named = _named_month_days(text)
    for m in _NUMERIC_DATE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2) or m.group(3))
        said_again = {(d, mo) for d, mo, at in named if 0 <= at - m.end() <= 30}
        if a > 12 >= b or (a != b and (a, b) in said_again):
            firsts.append(True)
        elif b > 12 >= a or (a != b and (b, a) in said_again):
            firsts.append(False)
    stated = _stated_order(text)
    if stated is not None and set(firsts) <= {stated}:
        return stated, True  # '05/11/2026 (dd/mm)': the writer said how to read it
    if firsts and len(set(firsts)) == 1:
        return firsts[0], True
    return day_first, False


_DAY_FIRST_SAID = re.compile(r"\b(?:dd[/.-]mm(?:[/.-]yy(?:yy)?)?|day[- ]first|day before (?:the )?month|"
                             r"(?:uk|european|eu|british)(?: date)? (?:format|style|order))\b", re.I)
_MONTH_FIRST_SAID = re.compile(r"\b(?:mm[/.-]dd(?:[/.-]yy(?:yy)?)?|month[- ]first|month before (?:the )?day|"
                               r"(?:us|american)(?: date)? (?:format|style|order))\b", re.I)


def _stated_order(text: str) -> bool | None:
    """The order the message says its numeric dates are in ('(dd/mm)', 'US format'): day first, month first, or None
    when it says nothing or both."""
    day, month = bool(_DAY_FIRST_SAID.search(text)), bool(_MONTH_FIRST_SAID.search(text))
    return day if day != month else None


def _named_month_days(text: str) -> list[tuple[int, int, int]]:
    """(day, month, start) of the dates of `text` written with a month name."""
    out = []
    for m in DATE_RE.finditer(text):
        g = m.groups()
        if m.group("mdy"):
            out.append((int(g[10]), MONTHS[g[9].lower().rstrip(".")], m.start()))
        elif m.group("dmy"):
            out.append((int(g[13]), MONTHS[g[14].lower().rstrip(".")], m.start()))
    return out


def find_dates(text: str, today: date, *, day_first: bool = False) -> list[tuple[date, int, int, bool]]:
    """Dates written in `text` as (date, start, end, had_year): month names, ISO, 21/11/2026 (day
    first when the day is over 12), 11/21/2026, 21.11.2026; see `slash_order` for ambiguous ones."""
    out = []
    order, decided = slash_order(text, day_first=day_first)
    for m in DATE_RE.finditer(text):
        g = m.groups()
        try:
            if m.group("iso"):
                y, mo, d, had = int(g[1]), int(g[2]), int(g[3]), True
            elif m.group("compact"):  # 20261207
                y, mo, d, had = int(g[21]), int(g[22]), int(g[23]), True
            elif m.group("slash") or m.group("dotted"):
                if m.group("slash"):
                    a, b, yy = int(g[5]), int(g[6]), g[7]
                    first = order
                else:
                    a, b, yy = int(g[17]), int(g[18]), g[19]
                    first = order if decided else True
                if a > 12 >= b:
                    first = True
                elif b > 12 >= a:
                    first = False
                mo, d = (b, a) if first else (a, b)
                had = yy is not None
                y = today.year if yy is None else (int(yy) + (2000 if int(yy) < 50 else 1900) if len(yy) == 2 else int(yy))
            elif m.group("mdy"):
                mo, d, had = MONTHS[g[9].lower().rstrip(".")], int(g[10]), g[11] is not None
                y = int(g[11]) if had else today.year
            else:
                d, mo, had = int(g[13]), MONTHS[g[14].lower().rstrip(".")], g[15] is not None
                y = int(g[15]) if had else today.year
            if out and not had and (out[-1][0].month, out[-1][0].day) == (mo, d) and m.start() - out[-1][2] <= 30:
                continue  # the date before said again: '02/09/2027 (that's 2 September)'
            out.append((date(y, mo, d), m.start(), m.end(), had))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def date_assumptions(text: str) -> list[str]:
    """How ambiguous numeric dates of `text` were read, in words ('03/04/2026 read month first, as 4 March 2026')."""
    order, decided = slash_order(text)
    if decided:
        return []
    notes = []
    for m in _NUMERIC_DATE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2) or m.group(3))
        if not (1 <= a <= 12 and 1 <= b <= 12) or a == b:
            continue
        first = order if m.group(2) else True
        year = m.group(0).rsplit("/" if m.group(2) else m.group(0)[len(m.group(1))], 1)[-1] \
            if m.group(0).count("/") == 2 or not m.group(2) else ""
        d, mo = (a, b) if first else (b, a)
        other_d, other_mo = (b, a) if first else (a, b)
        notes.append(f"{m.group(0)} read {'day' if first else 'month'} first, as {d} {MONTH_NAMES[mo - 1]}"
                     f"{' ' + year if year else ''}; say if you meant {other_d} {MONTH_NAMES[other_mo - 1]}")
    return notes


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


def _resolve_relative(word: str, today: date) -> date | None:
    return {"today": today, "tomorrow": today + timedelta(days=1), "yesterday": today - timedelta(days=1),
            "now": today}.get(word)


def dates_with_relative(text: str, today: date) -> list[tuple[date, int, int, bool]]:
    """The dates of `text` (find_dates) and the days it names in words: today, tomorrow, the end of the
    month, holidays, weekdays ('next friday'), days of this month ('until the 31st')."""
    found = find_dates(text, today)
    found += _days_of_month(text, today, found)
    found += _month_bounds(text, today, found)
    for m in re.finditer(r"\b(today|tomorrow|yesterday|now)\b", text, re.I):
        if not any(s <= m.start() < e for _, s, e, _ in found):
            found.append((_resolve_relative(m.group(1).lower(), today), m.start(), m.end(), True))
    for m in re.finditer(r"\b(eoy|eom|(?:the )?end of (?:the |this )?(year|month))\b", text, re.I):
        if not any(s <= m.start() < e for _, s, e, _ in found):
            month_end = (m.group(2) or m.group(1)).lower() in {"month", "eom"}
            end = (date(today.year + (today.month == 12), today.month % 12 + 1, 1) - timedelta(days=1)) \
                if month_end else date(today.year, 12, 31)
            found.append((end, m.start(), m.end(), True))
    for m in re.finditer(r"\b(new year'?s? day|new year'?s? eve|christmas eve|christmas|xmas|halloween|valentine'?s day)"
                         r"(?:\s+(?:of\s+)?(\d{4}))?", text, re.I):
        name = m.group(1).lower().replace("'", "").replace("new years", "new year")
        md = {"new year day": (1, 1), "new year eve": (12, 31), "christmas eve": (12, 24), "christmas": (12, 25), "xmas": (12, 25),
              "halloween": (10, 31), "valentines day": (2, 14), "valentine day": (2, 14)}.get(
            name.replace("new year s", "new year"), None)
        if md is None:
            continue
        year = int(m.group(2)) if m.group(2) else today.year
        found.append((date(year, *md), m.start(), m.end(), bool(m.group(2))))
    for d, start, end, _note in weekday_dates(text, today):
        if any(s >= end and re.fullmatch(r"[\s,]*(?:the\s+)?", text[end:s]) or e <= start and re.fullmatch(r"[\s,(]*", text[e:start])
               for _, s, e, _had in find_dates(text, today)):
            continue  # 'fri oct 30 2026', '30 Oct 2026 (Fri)': the weekday of the date beside it, no date of its own
        if not any(s <= start < e for _, s, e, _ in found):
            found = [f for f in found if not (start <= f[1] < end)]
            found.append((d, start, end, True))
    return _drop_restated(sorted(found, key=lambda x: x[1]), text)


def _drop_restated(found: list[tuple[date, int, int, bool]], text: str) -> list[tuple[date, int, int, bool]]:
    """A day named twice in a row, the second time in brackets or after 'i.e.' ('christmas (25th dec)',
    'next friday, i.e. 11 dec'), is one date: the second naming goes (its year kept when only it has one)."""
    out: list[tuple[date, int, int, bool]] = []
    for f in found:
        if out and (out[-1][0].month, out[-1][0].day) == (f[0].month, f[0].day) and \
                re.fullmatch(r"\s*(?:\(|\[|,?\s*(?:i\.?e\.?|aka|that is|which is)[,:]?)\s*(?:the\s+|on\s+)?",
                             text[out[-1][2]:f[1]]):
            if f[3] and not out[-1][3]:
                out[-1] = (f[0], out[-1][1], f[2], True)
            continue
        out.append(f)
    return out


_TODAY_IS = re.compile(r"\b(?:(?:today|now|the date|date today|today'?s date|current date)(?: is|'s|\s*[:=])|todays|it's|it is|"
                       r"^\W*today,?)\s*(?:the\s+)?"
                       r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?$")


def stated_today(t: str, today: date) -> tuple[str, date]:
    """A message that says which day today is ('..., today is 7 december') counts from that day: the
    text with that clause read as 'today', and the date it names (a date without a year is the one
    nearest `today`)."""
    for d, start, end, had_year in find_dates(t, today):
        if not _TODAY_IS.search(t[max(0, start - 40):start]):
            continue
        if not had_year:
            d = min((d.replace(year=y) for y in (today.year - 1, today.year, today.year + 1)
                     if not (d.month == 2 and d.day == 29)), key=lambda c: abs((c - today).days), default=d)
        clause = _TODAY_IS.search(t[max(0, start - 40):start])
        cut = max(0, start - 40) + clause.start()
        return t[:cut] + "today" + t[end:], d
    return t, today


def year_words(t: str, today: date) -> str:
    """'jan 1st next year' -> 'jan 1st 2027': a date without a year said to be in this, next or last year."""
    def year(m: re.Match) -> str:
        shift = {"this": 0, "next": 1, "last": -1}[m.group("which")]
        return f"{m.group('day')} {today.year + shift}"
    day = r"(?P<day>(?:" + MONTH_NAME + r")\s+" + DAY_NUMBER + r"|" + DAY_NUMBER + r"(?:\s+of)?\s+(?:" + MONTH_NAME + r"))"
    t = re.sub(day + r"\s+(?:of\s+)?(?P<which>this|next|last) year\b", year, t)
    # 'which weekday is my birthday next year? it's 9 october': the one day without a year, the year said apart
    said = re.findall(r"\b(next|last) year\b", t)
    days = list(re.finditer(r"\b" + day + r"\b(?!\s*,?\s*\d)", t))
    if len(said) == 1 and len(days) == 1 and not re.search(r"\b\d{4}\b", t):
        shift = {"next": 1, "last": -1}[said[0]]
        m = days[0]
        t = t[:m.end()] + f" {today.year + shift}" + t[m.end():]
    return t


def _month_bounds(text: str, today: date, found: list) -> list[tuple[date, int, int, bool]]:
    """'the end of Feb' (its last day, this year or the next when it is over), 'the 1st of next month',
    'until 2027' (its first day)."""
    out = []
    for m in re.finditer(r"\b(?:the )?(start|beginning|end) of (" + MONTH_NAME + r")\b(?!\s*\d)", text, re.I):
        month = MONTHS[m.group(2).lower().rstrip(".")]
        year = today.year + (month < today.month)
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        out.append((last if m.group(1).lower() == "end" else first, m.start(), m.end(), True))
    for m in re.finditer(r"\bthe (\d{1,2})(?:st|nd|rd|th) of (next|this) month\b", text, re.I):
        shift = m.group(2).lower() == "next"
        try:
            out.append((date(today.year + (shift and today.month == 12), (today.month - 1 + shift) % 12 + 1,
                             int(m.group(1))), m.start(), m.end(), True))
        except ValueError:
            return []
    for m in re.finditer(r"\b(?:until|till|til|to|before)\s+((?:19|20)\d\d)\W*$", text, re.I):
        out.append((date(int(m.group(1)), 1, 1), m.start(1), m.end(1), True))
    return [o for o in out if not any(s <= o[1] < e for _, s, e, _ in found)]


def _days_of_month(text: str, today: date, found: list) -> list[tuple[date, int, int, bool]]:
    """'the 31st', 'between the 3rd and the 17th': days without a month are days of this month; one
    such day already past ('until the 3rd' on the 7th) is the next month's."""
    # (only a day standing alone: 'the 3rd place', 'the 5th of May', 'the 2nd time' are not days of this month)
    ordinals = [m for m in re.finditer(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:$|[^\w\s]|(?:and|or|to|until|till|"
                                       r"through|thru|is|was|will|falls?|fell|this month|of (?:this|the) month)\b))",
                                       text, re.I)
                if not any(s <= m.start() < e for _, s, e, _ in found)]
    out = []
    for m in ordinals:
        month, year = today.month, today.year
        if len(ordinals) == 1 and int(m.group(1)) < today.day:
            month, year = today.month % 12 + 1, today.year + (today.month == 12)
        try:
            out.append((date(year, month, int(m.group(1))), m.start(), m.end(), True))
        except ValueError:
            return []  # 'the 31st' of a 30-day month: not sure which day is meant
    return out


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_NAME = r"(mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<n>\d+|a|one|two|three|four)\s+weeks?\s+(?:from|after)\s+(?:(?P<which1>next|this|coming|last)\s+)?"
    r"(?P<wd1>" + WEEKDAY_NAME[1:-1] + r")"
    r"|(?P<which>next|this|coming|last|previous|past)\s+(?P<wd>" + WEEKDAY_NAME[1:-1] + r")(?!\s+(?:of|in)\s+(?:" + MONTH_NAME + r"|the|\d))"
    r"|(?:on|until|till|til|by|before|after|since|from|to|is|was)\s+(?P<wd2>" + WEEKDAY_NAME[1:-1] + r"))\b(?!\s*\d)", re.I)


def weekday_index(word: str) -> int:
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word.lower()[:3]))


def weekday_dates(text: str, today: date) -> list[tuple[date, int, int, str]]:
    """Days named by weekday: 'next Friday', 'this tue', 'last Monday', 'a week from Tuesday', 'until friday'.

    'next Friday' and a bare 'Friday' are the first Friday after today; 'this Friday' is today when
    today is a Friday; 'last Friday' the latest one before today. Each comes with a note saying so.
    """
    out = []
    for m in _WEEKDAY_RE.finditer(text):
        word = m.group("wd1") or m.group("wd") or m.group("wd2")
        which = (m.group("which1") or m.group("which") or "").lower()
        target = weekday_index(word)
        ahead = (target - today.weekday()) % 7
        if which in {"last", "previous", "past"}:
            d = today - timedelta(days=(today.weekday() - target) % 7 or 7)
        elif which == "this":
            d = today + timedelta(days=ahead)
        else:
            d = today + timedelta(days=ahead or 7)
        name = WEEKDAYS[target].capitalize()
        note = ""
        if m.group("n"):
            n = 1 if m.group("n") in {"a", "one"} else int(to_number(m.group("n")))
            d = d + timedelta(days=7 * n)
        elif which == "next":
            note = f"next {name} read as the first {name} after today, {today.isoformat()}"
        start = m.start("wd2") if m.group("wd2") else m.start()
        out.append((d, start, m.end(), note))
    return out


# chat spellings of date words
_CHAT_SPELLINGS = {"wks": "weeks", "wk": "week", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow",
                   "tomorow": "tomorrow", "tommorow": "tomorrow", "tommorrow": "tomorrow", "tdy": "today",
                   "yday": "yesterday", "yest": "yesterday", "bday": "birthday", "til": "until", "till": "until",
                   "dayz": "days", "dys": "days", "betwen": "between", "btwn": "between", "betweeen": "between",
                   "b/w": "between", "num": "number of", "no. of": "number of",
                   "mins": "minutes", "min": "minutes", "hrs": "hours", "hr": "hours", "diff": "difference",
                   "dob": "date of birth", "d.o.b.": "date of birth", "mnay": "many", "manny": "many",
                   "untill": "until", "unitl": "until", "utnil": "until", "wat": "what", "waht": "what",
                   "wich": "which", "whihc": "which", "dyas": "days", "weeeks": "weeks"}
_CHAT_WORDS = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(w) for w in sorted(_CHAT_SPELLINGS, key=len, reverse=True))
                         + r")(?![\w/])")
# an arrow between two operands reads 'to': '2025-09-30 -> 2026-01-05'
_ARROW = re.compile(r"\s*(?:->|→|=>|⇒)\s*")
# durations said in words: 'two and a half hours', 'half an hour', 'an hour and a quarter'
_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_SMALL_RE = r"(\d+|" + "|".join(_SMALL) + r")"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _SMALL[word]


_MINUTE_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty-five": 25, "twenty five": 25}
_SPOKEN = [
    (re.compile(r"\b" + _SMALL_RE + r" and a half (hours?|hrs?|days?|weeks?)\b"),
     lambda m: f"{_count(m.group(1))}.5 {m.group(2)}"),
    (re.compile(r"\b" + _SMALL_RE + r" and a quarter (hours?|hrs?)\b"), lambda m: f"{_count(m.group(1))}.25 {m.group(2)}"),
    (re.compile(r"\b" + _SMALL_RE + r" (hours?|hrs?|minutes?|mins?)\b(?= (?:after|before|from|later|earlier|to|"
                r"and|ago))"), lambda m: f"{_count(m.group(1))} {m.group(2)}"),
    (re.compile(r"\b(?:an|one) hour and a half\b"), lambda m: "1.5 hours"),
    (re.compile(r"\b(?:half an hour|half-hour|half hour)\b"), lambda m: "30 minutes"),
    (re.compile(r"\b(?:a )?quarter (?:of an )?hour\b"), lambda m: "15 minutes"),
    (re.compile(r"\b(?:an|one) hour\b"), lambda m: "1 hour"),
    # clock times said in words: 'quarter past nine', 'half past 11', 'quarter to ten' (hours as said)
    (re.compile(r"\b(quarter|half) past " + _SMALL_RE + r"\b(?![:.]\d)"),
     lambda m: f"{_count(m.group(2))}:{'15' if m.group(1) == 'quarter' else '30'}"),
    (re.compile(r"\bquarter to " + _SMALL_RE + r"\b(?![:.]\d)"),
     lambda m: f"{(_count(m.group(1)) - 2) % 12 + 1}:45"),
    # 'ten past four', '20 past 9', 'twenty to six' (minutes to the hour only in words: '5 to 10' is a range)
    (re.compile(r"\b(five|ten|twenty-five|twenty five|twenty|[1-5]?\d)(?: minutes| mins)? past " + _SMALL_RE + r"\b(?![:.]\d)"),
     lambda m: f"{_count(m.group(2))}:{_MINUTE_WORDS.get(m.group(1), None) or int(m.group(1)):02d}"),
    (re.compile(r"\b(five|ten|twenty-five|twenty five|twenty)(?: minutes)? to " + _SMALL_RE + r"\b(?![:.]\d)"),
     lambda m: f"{(_count(m.group(2)) - 2) % 12 + 1}:{60 - _MINUTE_WORDS[m.group(1)]:02d}"),
    # a length written as an adjective ('a 45-minute tasting', '2-hour prep block', '28-min video'): the length itself
    (re.compile(r"(?<![\w.:-])(\d+(?:\.\d+)?)-(minutes?|mins?|hours?|hrs?|days?|weeks?)\b(?!-)"), lambda m: f"{m.group(1)} {m.group(2)}"),
    (re.compile(r"\bbtw(?=\s+\d)"), lambda m: "between"),
    (re.compile(r"\bthe (\d+)(?:st|nd|rd|th) (day|week) (after|from|before)\b"), lambda m: f"{m.group(1)} {m.group(2)}s {m.group(3)}"),
    (re.compile(r"\bhow (?:much|many) (day|week|month|year|hour|minute)s?\b"), lambda m: f"how many {m.group(1)}s"),
    # 'N weeks and M days' is one offset
    (re.compile(r"\b(\d+) weeks? (?:and |, ?)?(\d+) days?\b"), lambda m: f"{int(m.group(1)) * 7 + int(m.group(2))} days"),
    (re.compile(r"\b(\d+) years? (?:and |, ?)?(\d+) months?\b"), lambda m: f"{int(m.group(1)) * 12 + int(m.group(2))} months"),
    # 'at 4:50 in the afternoon', '7 in the evening', '6:15 in the morning'
    (re.compile(r"\b(\d{1,2}(?::\d{2})?)\s+(?:o'?clock\s+)?in the (afternoon|evening|morning)\b|"
                r"\b(\d{1,2}(?::\d{2})?)\s+(?:o'?clock\s+)?at night\b"),
     lambda m: f"{m.group(1)} {'am' if m.group(2) == 'morning' else 'pm'}" if m.group(1) else
     f"{m.group(3)} pm" if 6 <= int(m.group(3).split(':')[0]) <= 11 else m.group(0)),  # 'days btw 2026-05-05 & ...', not 'by the way'
    (re.compile(r"(?<=\d)\s*&\s*(?=\d)|(?<=\d)\s+&\s+"), lambda m: " and "),
]


def chat_words(text: str) -> str:
    """`text` (lower case) with chat spellings of date and time words written out: 'num dayz btwn' ->
    'number of days between', 'mins' -> 'minutes', an arrow -> 'to', 'two and a half hours' -> '2.5 hours'."""
    text = _ARROW.sub(" to ", _CHAT_WORDS.sub(lambda m: _CHAT_SPELLINGS[m.group(0)], text))
    for pattern, spelled in _SPOKEN:
        text = pattern.sub(spelled, text)
    return text


def month_years(t: str) -> list[tuple[date, int, int, bool]]:
    """Months written with a year and no day ('jan 2026', 'December of 2027'), as their first days."""
    return [(date(int(m.group(2)), MONTHS[m.group(1).rstrip(".")], 1), m.start(), m.end(), True)
            for m in re.finditer(r"\b(" + MONTH_NAME + r")\s+(?:of\s+)?(\d{4})\b", t)]


# (a time with seconds, 14:22:10, is not read: none of its parts is a clock time)
TIME_RE = re.compile(r"(?<![\d:])\b(noon|midnight|(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?|(\d{1,2}):(\d{2}))(?![\d:])", re.I)


def parse_times(text: str) -> list[tuple[int, int, int]]:
    """Clock times in `text` as (minutes after midnight, start, end)."""
    out = []
    for m in TIME_RE.finditer(text):
        word = m.group(1).lower()
        if word == "noon":
            minutes = 12 * 60
        elif word == "midnight":
            minutes = 0
        elif m.group(4):
            h, mi = int(m.group(2)), int(m.group(3) or 0)
            if not 1 <= h <= 12 or mi > 59:
                continue
            minutes = (h % 12 + (12 if m.group(4).lower() == "p" else 0)) * 60 + mi
        else:
            h, mi = int(m.group(5)), int(m.group(6))
            if h > 23 or mi > 59:
                continue
            minutes = h * 60 + mi
        out.append((minutes, m.start(), m.end()))
    return out


_DAY_WORDS = re.compile(r"\b(?:(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(today|tonight|this morning|"
                        r"this evening|this afternoon)|(tomorrow|tmrw|the next day|next morning)|(yesterday))\b")


def clock_ranges(t: str) -> str:
    """Clock times written without a colon, as people write working hours: '9-5' (9 am to 5 pm: the end
    hour is below the start, so past noon), 'from 0830 to 1715' (24-hour, four digits, the first one
    starting with 0 or 1 so that it cannot be a year)."""
    def hours(m: re.Match) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        return f"{a}:00 am to {b}:00 pm" if 6 <= a <= 11 and 1 <= b < a else m.group(0)
    t = re.sub(r"(?<![\d:./-])\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\b(?![\d:./%-]|\s*(?:am|pm|a\.m|p\.m|h\b|hours|mins|"
               r"minutes|days|weeks|people|items|x\b))", hours, t) \
        if re.search(r"\b(?:work|worked|working|shift|open|opening|office|hours|job)\b", t) else t
    t = re.sub(r"\b(from|between)\s+(\d{1,2})\s*(-|–|to|and|until|till)\s*(\d{1,2})(:\d{2})?\s*([ap])\.?m\b\.?",
               _meridiem_start, t)
    return re.sub(r"\b(?:from|between)\s+([01]\d)([0-5]\d)\s*(?:-|–|to|and|until|till)\s*([0-2]\d)([0-5]\d)\b",
                  lambda m: f"from {m.group(1)}:{m.group(2)} to {m.group(3)}:{m.group(4)}"
                  if int(m.group(3)) < 24 else m.group(0), t)


def _meridiem_start(m: re.Match) -> str:
    """'from 2 to 3:30pm' is from 2 pm; 'from 11 to 1pm' from 11 am: the bare start hour takes the end's am/pm
    when that puts it first (within 12 hours), the other one otherwise."""
    start, end, mark = int(m.group(2)), int(m.group(4)), m.group(6)
    if not (1 <= start <= 12 and 1 <= end <= 12):
        return m.group(0)
    same = start % 12 <= end % 12
    other = {"a": "p", "p": "a"}[mark]
    return f"{m.group(1)} {start}:00 {mark if same else other}m {m.group(3)} {end}{m.group(5) or ':00'} {mark}m"


def day_gap(t: str, today: date) -> int | None:
    """How many days apart the two clock times of `t` lie, by the days named with them: 0 when no day is
    named, the gap when two are ('9am Monday and 5pm Wednesday', '2026-12-07 09:00 and 2026-12-09
    17:30', '10pm tonight to 6am tomorrow'), None when the named days cannot be paired with the times."""
    dates = [d for d, *_ in find_dates(t, today)]
    words = list(_DAY_WORDS.finditer(t))
    if not dates and not words:
        return 0
    if dates and words:
        return None
    if dates:
        return (dates[1] - dates[0]).days if len(dates) == 2 else None
    if len(words) != 2:  # one day named: '... to 6am tomorrow', 'I worked 9-5 today'
        return (1 if words[0].group(3) else 0 if words[0].group(2) else None) if len(words) == 1 else None
    (w1, w2) = words
    if w1.group(1) and w2.group(1):
        return (weekday_index(w2.group(1)) - weekday_index(w1.group(1))) % 7
    offset = [0 if w.group(2) else 1 if w.group(3) else -1 if w.group(4) else None for w in words]
    return None if None in offset else offset[1] - offset[0]


def is_now(t: str, time: tuple[int, int, int]) -> bool:
    """Whether the clock time at this span is said to be the current one ('it's 9:20', '9:20 now')."""
    _, start, end = time
    return bool(re.search(r"\b(?:it'?s|it is|now|currently|the time is)\s*$", t[max(0, start - 14):start])
                or re.match(r"\s*(?:now|right now|currently)\b", t[end:]))
