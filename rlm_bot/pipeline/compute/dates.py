"""Templates for date math (days between, weekday, adding days, ages, business days) and clock-time intervals.

Reading the dates and times is dates_parse.py; date puzzles told as stories are compute_date_stories.py."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from datetime import date, timedelta

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.clock_zones import names_offsets
from rlm_bot.pipeline.compute.durations import DURATION_CODE
from rlm_bot.pipeline.compute.plan import Plan, WORD_NUMBERS, to_number
from rlm_bot.pipeline.compute.dates_parse import (
    DATE_RE, MONTH_NAME, MONTH_NAMES, MONTHS, TIME_RE, WEEKDAY_NAME, WEEKDAYS, chat_words, clock_ranges, date_assumptions,
    dates_with_relative, day_gap, find_dates, is_now, month_years, parse_times, stated_today, weekday_dates,
    weekday_index, year_words,
)

__all__ = ["ADD_MONTHS_CODE", "chat_words", "date_assumptions", "date_code", "find_dates", "parse_times",
           "solve_date_math", "solve_time_interval", "stated_today"]


# code for add_months(d, n): the same day n months on, the month's last day when it is shorter
ADD_MONTHS_CODE = (
    "def add_months(d, n):\n"
    "    index = d.month - 1 + n\n"
    "    year = d.year + index // 12\n"
    "    month = index % 12 + 1\n"
    "    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)\n"
    "    last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]\n"
    "    return date(year, month, min(d.day, last))\n"
)
# date.strftime imports the time module, which the sandbox does not offer: format by hand
_WEEKDAYS = "weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']\n"
_SHOW_DATE = _WEEKDAYS + "result.isoformat() + ' (' + weekdays[result.weekday()] + ')'"
_UNITS_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "fortnight": 14, "fortnights": 14}
_NUMW = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|" \
        r"forty|fifty|sixty|ninety|hundred)"


def date_code(d: date) -> str:
    """`d` as Python source: date(2026, 12, 7)."""
    return f"date({d.year}, {d.month}, {d.day})"


def solve_date_math(q: Query) -> Plan | None:
    """Days/weeks between two dates, the weekday of a date, a date plus or minus N days/weeks/months."""
    t, today = stated_today(chat_words(q.lower), q.today)
    t = year_words(t, today)
    # 'the first friday after today' is the next one
    t = re.sub(r"\b(?:the\s+)?(?:first|1st|next)\s+" + WEEKDAY_NAME + r"\s+(?:after|from)\s+(?:today|now)\b", r"next \1", t)
    plan = _count_weekday(t, today) or _nth_weekday(t, today) or _between(t, today) or _hours_from_date(t, today) or _is_weekday(t, today) or _week_number(t, today) or _day_of_year(t, today) or _weekday(t, today) or _shift(t, today) or \
        _age(t, today) or _left_in(t, today) or _named_date(t, today) or _days_in_month(t, today) or \
        _period_from_date(t, today) or _numbered_cycle(t, today)
    if plan is None:
        return None
    notes = date_assumptions(q.body) + [n for *_, n in weekday_dates(t, today) if n]
    if notes:
        plan = Plan(plan.kind, plan.code, plan.explanation, plan.specificity, plan.template,
                    {**plan.data, "assumption": "; ".join(notes)})
    return plan


_BORN = r"\b(?:born|birthday|birth ?date|date of birth|b\.)"


def _age(t: str, today: date) -> Plan | None:
    """'how old is someone born on 1990-05-17', 'born 23/09/1941 - how old is she now?', 'my birthday
    12 august 1991, how old i am', 'how old will someone born 1990-06-15 be on 2030-01-01' (age on a day)."""
    if re.search(r"\bhow old (?:is|are)\b", t) and not re.search(_BORN, t):
        return _age_of_thing(t, today)
    if not (re.search(r"\bhow old\b|\b(?:what|which) age\b|\bage of\b|\bage (?:is|will|would)\b|\bwhat(?:'s| is) (?:the |my |his |her "
                      r"|their )?age\b|\bage\s*\?|\bage (?:now|today|currently|as of today)\b|\bhow many (?:days|weeks|months) old\b", t) and re.search(_BORN, t)):
        return None
    found = find_dates(t, today)
    born_at = re.search(_BORN, t).end()
    if not found or not all(had for *_, had in found) or len(found) > 2:
        return None
    born = min(found, key=lambda f: abs(f[1] - born_at))
    rest = [f for f in found if f is not born and f[0] != born[0]]  # 'born 09/04/1988 (9 april 1988)': one date
    on = today
    if rest:  # the age on another day: 'be on 2030-01-01', 'in 2030-01-01', 'by ...'
        if not re.search(r"\b(?:on|at|by|in|as of)\s+(?:the\s+)?$", t[max(0, rest[0][1] - 12):rest[0][1]]):
            return None
        on = rest[0][0]
    born = born[0]
    if born > on:
        return None
    what = "today" if on == today and not rest else "that day"
    old = re.search(r"\bhow many (days|weeks|months) old\b", t)
    if old:  # 'how many days old is someone born on 2000-01-01': the span since birth in that unit
        unit = old.group(1)
        if unit == "months":
            code = (ADD_MONTHS_CODE + _PHRASE_FUNCS + f"start = {date_code(born)}\nend = {date_code(on)}\n" + _CALENDAR_SPAN
                    + "joined([plural(months, 'month'), plural(days, 'day')])")
        elif unit == "weeks":
            code = (_PHRASE_FUNCS + f"days = ({date_code(on)} - {date_code(born)}).days\nweeks, rest = divmod(days, 7)\n"
                    "joined([plural(weeks, 'week'), plural(rest, 'day')])")
        else:
            code = f"born = {date_code(born)}\non = {date_code(on)}\n(on - born).days"
        return Plan("date_math", code, f"Counted the {unit} from {born} to {what} ({on}).", specificity=0.95,
                    template="age")
    code = (f"born = {date_code(born)}\non = {date_code(on)}\n"
            "age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))\nage")
    return Plan("date_math", code, f"Counted whole years from {born} to {what} ({on}).", specificity=0.95,
                template="age")


def _age_of_thing(t: str, today: date) -> Plan | None:
    """'`legacy-01` was racked on 14 Mar 2019. how old is that box in whole years?': one past date with its
    year, told as the day something happened ('was bought on', 'since'), and 'how old is' asked after it."""
    found = find_dates(t, today)
    ask = re.search(r"\bhow old (?:is|are)\b", t)
    if len({d for d, *_ in found}) != 1 or not found[0][3] or found[0][0] > today or found[0][1] > ask.start():
        return None
    d, start, *_ = found[0]
    if not re.search(r"\b(?:was|were|been|got|since|from|dated|on)\b[^.?!\d]{0,30}$", t[:start]) or \
            re.search(r"\b(?:when|on|at|in|by)\b[^?]*$", re.sub(r"\bin\s+(?:whole\s+|full\s+)?years\b", "", t[ask.end():])) or len(re.findall(r"\d+", t)) > 3:
        return None  # no event dated, or the age asked on another day
    code = (f"since = {date_code(d)}\non = {date_code(today)}\n"
            "years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))\n"
            "str(years) + (' year' if years == 1 else ' years')")
    return Plan("date_math", code, f"Counted whole years from {d} to today ({today}).", specificity=0.93,
                template="age")


def _left_in(t: str, today: date) -> Plan | None:
    """'how many days are left in the year / month', 'how many weeks left this year', 'how many working
    days are left in december' (the current month named), counted after today."""
    m = re.search(r"(?:how many |^\W*)(days|weeks|business days|working days|work days|weekdays) (?:are )?(?:there )?(?:left|remaining|"
                  r"remain|to go) (?:in |of |until the end of )?(?:(?:the |this )(year|month)|(" + MONTH_NAME + r"))\b", t)
    if not m:
        return None
    if m.group(3) and MONTHS[m.group(3).rstrip(".")] != today.month:
        return None  # another month: its days are not 'left'
    period = m.group(2) or "month"
    if period == "year":
        end = f"date({today.year}, 12, 31)"
    else:
        end = f"date({today.year + (today.month == 12)}, {today.month % 12 + 1}, 1) - timedelta(days=1)"
    code = f"today = {date_code(today)}\nend = {end}\n"
    unit = m.group(1)
    if unit == "weeks":
        code = _PHRASE_FUNCS + code + ("days = (end - today).days\nweeks, rest = divmod(days, 7)\n"
                                       "joined([plural(weeks, 'week'), plural(rest, 'day')])")
    elif unit != "days":
        code += ("days = [today + timedelta(days=i) for i in range(1, (end - today).days + 1)]\n"
                 "count = len([d for d in days if d.weekday() < 5])\n"
                 "str(count) + (' (' + str(count + 1) + ' counting today)' if today.weekday() < 5 else '')")
    else:
        code += "(end - today).days"
    return Plan("date_math", code, f"Counted the {unit} after today ({today}) to the end of the {period}"
                + (" (public holidays not taken out)." if unit not in {"days", "weeks"} else "."),
                specificity=0.94, template="days_left")


# code that phrases a span of days the way people say it
_PHRASE_FUNCS = (
    "def plural(n, unit):\n"
    "    return f'{n:,}' + ' ' + unit + ('' if n == 1 else 's')\n"
    "def joined(parts):\n"
    "    parts = [p for p in parts if not p.startswith('0 ')]\n"
    "    if not parts:\n"
    "        return '0 days'\n"
    "    return ', '.join(parts[:-1]) + ' and ' + parts[-1] if len(parts) > 1 else parts[0]\n"
)
_CALENDAR_SPAN = (
    "lo, hi = min(start, end), max(start, end)\n"
    "months = (hi.year - lo.year) * 12 + hi.month - lo.month\n"
    "if hi.day < lo.day:\n    months = months - 1\n"
    "days = (hi - add_months(lo, months)).days\n"
)


def _direction(t: str, d1: date, d2: date, implicit_today: bool) -> str:
    """' ago' when the one date asked about lies before today ('since' already says so), '' otherwise."""
    return " ago" if implicit_today and d2 < d1 and not re.search(r"\b(?:since|been)\b", t) else ""


def _between(t: str, today: date) -> Plan | None:
    t = re.sub(r"\bcalendar days\b", "days", t)
    whole = re.search(r"\b(?:full|whole|complete|completed)\s+(?:calendar\s+)?(years|months|weeks)\b", t)
    t = re.sub(r"\b(?:full|whole|complete|completed)\s+(?:calendar\s+)?(years|months|weeks)\b", r"\1", t)
    m = re.search(r"\b(?:how many|number of|count(?: the| of)?|(?:difference|gap|span|distance) in)\s+(days?|weeks?|months?|"
                  r"years?|business days|weekdays|"
                  r"working days|work days|nights?)\b", t) or \
        re.search(r"\b((?:business |working |work )?days|weekdays|weeks|months|years|nights) (?:between|until|till|since|"
                  r"to go|left|remaining|separate|separating|elapsed)\b", t) or \
        re.search(r"\b(days|weeks|months|years) from\b(?=.*\b(?:to|until|till)\b)", t) or \
        re.search(r"\bhow (long)\b(?! (?:will|would|does|do|did|is|was) (?:it|the|a|an|my|our|this|that) (?:take|last|run))", t)
    if not m:
        return None
    if parse_times(t) and not find_dates(t, today):
        return None  # 'how long until 5 pm if it's 9:20 now': clock times, not days
    dates = [d for d in dates_with_relative(t, today)]
    implicit_today = False
    if len(dates) == 1 and re.search(_FROM_TODAY, t) and not re.search(r"\b(today|now)\b", t[: dates[0][1]]):
        dates = [(today, -1, -1, True)] + _next_or_last(dates[0], today, past=bool(re.search(_PAST, t)))
        implicit_today = True
    if len(dates) < 2 and m.group(1).rstrip("s") in {"month", "year"}:
        dates = month_years(t)  # 'months between jan 2026 and dec 2026': whole months
    if len(dates) < 2:
        return None
    if not implicit_today:
        dates[:2] = _from_now(t, dates[0], dates[1], today) or _shared_year(dates[0], dates[1], t)
    (d1, _, e1, _), (d2, s2, _, _) = dates[0], dates[1]
    if d1 == d2 and not (0 <= e1 <= s2 and re.fullmatch(r"\s*(?:and|to|until|till|through|thru|-|–)\s*", t[e1:s2])):
        return None  # 'days until our jan 15 launch (jan 15 2027)': one date said twice, not a span of none
        # (the same date at both ends of 'between X and Y' is a span of none: 0 days)
    unit = m.group(1) if m.group(1) in {"long", "weekdays"} or m.group(1).endswith("s") else m.group(1) + "s"
    if unit == "long" and re.search(r"\d\s*(?:hours?|hrs?|h|minutes?|mins?|m)\b", t):
        return None  # 'ran 45 min on monday and 55 min on friday, how long in total': durations, not days
    if unit == "long":  # 'how long ago was it in weeks': the unit asked for comes after
        named = re.search(r"\bin (days|weeks|months|years)\b", t)
        unit = named.group(1) if named else unit
    ago = _direction(t, d1, d2, implicit_today)
    if unit == "days" and re.search(r"\b(?:excluding|not counting|without|minus|skipping) (?:the )?weekends?\b|"
                                    r"\bweekdays only\b", t):
        unit = "business days"
    if unit in {"business days", "weekdays", "working days", "work days"}:
        # 'between' counts up to the last day; a period with a start and an end, or 'inclusive', counts it
        both = bool(re.search(_INCLUSIVE + r"|\b(?:through|thru)\b|\bstart\b[^\n]{0,40}\bend\b", t))
        code = (f"start = {date_code(d1)}\nend = {date_code(d2)}\nlo, hi = min(start, end), max(start, end)\n"
                f"days = [lo + timedelta(days=i) for i in range((hi - lo).days{' + 1' if both else ''})]\n"
                "count = len([d for d in days if d.weekday() < 5])\n")
        if both or max(d1, d2).weekday() >= 5:
            code += "count"
        else:
            code += ("str(count) + ' (' + str(count + 1) + ' if ' + hi.isoformat() + ', the last day, counts too)'")
        return Plan("date_math", code, f"Counted Monday–Friday days from {d1} up to {'and' if both else 'not'} "
                    f"including {d2} (public holidays not taken out).", specificity=0.95, template="business_days")
    if unit in {"months", "years", "long"}:
        code = ADD_MONTHS_CODE + _PHRASE_FUNCS + f"start = {date_code(d1)}\nend = {date_code(d2)}\n" + _CALENDAR_SPAN
        if whole and whole.group(1) == unit:  # 'how many full years': the whole ones only
            code += (f"plural(months, 'month') + {ago!r}" if unit == "months" else
                     f"plural(months // 12, 'year') + {ago!r}")
        elif unit == "months":
            code += f"joined([plural(months, 'month'), plural(days, 'day')]) + {ago!r}"
        elif unit == "years":
            code += f"joined([plural(months // 12, 'year'), plural(months % 12, 'month')]) + {ago!r}"
        else:
            code += (f"span = joined([plural(months // 12, 'year'), plural(months % 12, 'month'), plural(days, 'day')])\n"
                     f"total = (hi - lo).days\nspan + {ago!r} + (' (' + plural(total, 'day') + ')' if months else '')")
        what = {"months": "whole months and days", "years": "whole years and months",
                "long": "years, months and days"}[unit]
        return Plan("date_math", code, f"Counted {what} on the calendar from {d1} to {d2}.", specificity=0.93,
                    template="calendar_span")
    inclusive = " + 1" if re.search(_INCLUSIVE, t) else ""
    if unit == "weeks":
        code = (_PHRASE_FUNCS + f"start = {date_code(d1)}\nend = {date_code(d2)}\ndays = abs((end - start).days){inclusive}\n"
                "weeks, rest = divmod(days, 7)\n" + ("rest = 0  # whole weeks asked\n" if whole else "") +
                f"span = joined([plural(weeks, 'week'), plural(rest, 'day')]) + {ago!r}\n"
                "span + (' (' + plural(days, 'day') + ')' if weeks and rest else '')")
        return Plan("date_math", code, f"Counted the days from {d1} to {d2} and wrote them as whole weeks and days.",
                    specificity=0.96, template="weeks_between")
    code = f"start = {date_code(d1)}\nend = {date_code(d2)}\nabs((end - start).days){inclusive}"
    return Plan("date_math", code, f"Subtracted the dates {d1} and {d2} ({unit}).", specificity=0.96,
                template="days_between")


# both the first and the last day counted
_INCLUSIVE = (r"\b(?:inclusive|including both|both included|both days|(?:counting|including|incl\.?|with) both (?:ends|days|dates)|"
              r"both (?:ends|days|dates) (?:included|counted|inclusive)|"
              r"(?:count|counting|counted|include|including|included) (?:both )?(?:the )?(?:first|start|starting) "
              r"(?:day |date )?and (?:the )?(?:last|end|final)(?: day| date)?s?)\b")
# One date and these words: the span runs between today and that date.
_FROM_TODAY = (r"\b(until|till|til|since|before|to go|left|ago|away|from now|from today|been|in how many|still have|"
               r"(?:do|have|did) (?:i|we|you|they) (?:have|get|got)|have (?:i|we|you|they) got)\b")
# ... and these say the date lies behind us.
_PAST = r"\b(since|ago|been|started|joined|began)\b"


def _next_or_last(found: tuple[date, int, int, bool], today: date, *, past: bool) -> list[tuple[date, int, int, bool]]:
    """A date written without a year, counted from today, is its next occurrence (its last one when the
    question looks back: 'since 3 March')."""
    d, start, end, had_year = found
    if had_year:
        return [found]
    if past and d > today:
        d = d.replace(year=d.year - 1) if not (d.month == 2 and d.day == 29) else d
    elif not past and d < today:
        d = d.replace(year=d.year + 1) if not (d.month == 2 and d.day == 29) else d
    return [(d, start, end, had_year)]


def _from_now(t: str, a: tuple[date, int, int, bool], b: tuple[date, int, int, bool],
              today: date) -> list[tuple[date, int, int, bool]] | None:
    """'days until dec 31 from today', 'days from 3 march to today': one date is today named in words, the
    other has no year, so it is its next occurrence from today (its last one when the question looks back)."""
    now = [bool(re.fullmatch(r"today|now", t[s:e])) for _, s, e, _ in (a, b)]
    if now[0] == now[1]:
        return None
    other = b if now[0] else a
    if other[3]:
        return None
    back = bool(re.search(_PAST, t)) or (now[1] and bool(re.search(r"\b(?:to|until|till|through|and)\s+(?:today|now)\b", t)))
    moved = _next_or_last(other, today, past=back)
    return [a, moved[0]] if now[0] else [moved[0], b]


# the word before a date that makes it the end ('till xmas') or the start ('from nov 30 2026') of a span
_END_WORD = re.compile(r"\b(?:until|till|til|to|through|thru|before|by|up to)\s+(?:the\s+|next\s+)?$", re.I)
_START_WORD = re.compile(r"\b(?:from|since|starting(?: on| from)?|after|beginning|counting from)\s+(?:the\s+)?$", re.I)


def _shared_year(a: tuple[date, int, int, bool], b: tuple[date, int, int, bool],
                 t: str = "") -> list[tuple[date, int, int, bool]]:
    """'5 Jan to 19 Mar 2027': a date without a year takes the year of the other, the one before it if
    that would put the dates out of order; of two dates without a year, the second follows the first.
    The order is the one the words give: 'days till xmas from nov 30 2026' runs from the second date
    to the first, so the Christmas is the one after 30 Nov 2026."""
    if t and _END_WORD.search(t[max(0, a[1] - 20):a[1]]) and _START_WORD.search(t[max(0, b[1] - 30):b[1]]):
        later, earlier = _shared_year(b, a)
        return [earlier, later]
    (d1, s1, e1, y1), (d2, s2, e2, y2) = a, b
    try:
        if not y1 and not y2 and d2 < d1:  # 'out on 19 December and back on 3 January': the January after
            d2 = d2.replace(year=d1.year + 1)
        elif not y1 and y2:
            d1 = d1.replace(year=d2.year)
            d1 = d1.replace(year=d2.year - 1) if d1 > d2 else d1
        elif y1 and not y2:
            d2 = d2.replace(year=d1.year)
            d2 = d2.replace(year=d1.year + 1) if d2 < d1 else d2
    except ValueError:  # 29 February in a year without one
        return [a, b]
    return [(d1, s1, e1, y1), (d2, s2, e2, y2)]


def _hours_from_date(t: str, today: date) -> Plan | None:
    """'what's 72 hours from 2025-06-01 09:00', '36 hours after 21 Nov 2026 6pm': a date and a clock time moved."""
    m = re.search(r"\b(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?)\s+(after|from|before|since|later than|earlier than)\b",
                  t)
    if not m:
        return None
    dates = [d for d in find_dates(t[m.end():], today)]
    times = parse_times(t[m.end():])
    if len(dates) != 1 or len(times) > 1:
        return None
    minutes = times[0][0] if times else 0
    amount = float(m.group(1)) * (60 if m.group(2).startswith("h") else 1)
    sign = -1 if m.group(3) in {"before", "earlier than"} else 1
    d = dates[0][0]
    code = ("from datetime import datetime\n"
            f"start = datetime({d.year}, {d.month}, {d.day}, {minutes // 60}, {minutes % 60})\n"
            f"result = start + timedelta(minutes={sign * amount:g})  # {m.group(1)} {m.group(2)}\n"
            + _WEEKDAYS + "result.isoformat(' ')[:16] + ' (' + weekdays[result.weekday()] + ')'")
    return Plan("date_math", code, f"Moved {d} {minutes // 60:02d}:{minutes % 60:02d} by {sign * amount:g} minutes "
                "on the calendar and the clock.", 0.95, "hours_from_date")


def _is_weekday(t: str, today: date) -> Plan | None:
    """'is 2027-01-01 a monday?', 'is christmas on a saturday this year'."""
    m = re.search(r"^\W*(?:is|was|will)\b.*\b(?:an?|on an?|fall on an?|be an?)\s+" + WEEKDAY_NAME + r"(?:\s+this year)?\W*$", t)
    if not m:
        return _is_weekend(t, today)
    dates = [d for d in dates_with_relative(t[: m.start(1)], today)]
    if len(dates) != 1:
        return None
    d = dates[0][0]
    asked = weekday_index(m.group(1))
    code = (f"day = {date_code(d)}\n" + _WEEKDAYS + f"asked = {asked}  # {WEEKDAYS[asked].capitalize()}\n"
            "'Yes' if day.weekday() == asked else 'No, it is a ' + weekdays[day.weekday()]")
    return Plan("date_math", code, f"Asked the calendar which weekday {d} is.", 0.95, "is_weekday")


def _is_weekend(t: str, today: date) -> Plan | None:
    """'is 15 august 2027 a weekend?', 'does christmas fall on a weekday this year'."""
    m = re.search(r"^\W*(?:is|was|will|does|did)\b.*\b(?:an?|on an?|on the|fall on an?|fall on the|be an?|be on an?)\s+"
                  r"(weekend|weekday|working day|business day|work day)(?: day)?(?:\s+this year)?\W*$", t)
    either = re.search(r"\b(?:a\s+)?(weekday|weekend|working day|business day)(?: day)?\s+or\s+(?:a\s+|on a\s+|the\s+)?"
                       r"(?:weekday|weekend|working day|business day)(?: day)?\W*$", t)
    if either:  # 'is 2027-05-03 a weekday or weekend?': which of the two, and the day
        dates = [d for d in dates_with_relative(t[: either.start()], today)]
        if len(dates) != 1:
            return None
        code = (f"day = {date_code(dates[0][0])}\n" + _WEEKDAYS +
                "('A weekend day' if day.weekday() >= 5 else 'A weekday') + ': ' + weekdays[day.weekday()]")
        return Plan("date_math", code, f"Asked the calendar which weekday {dates[0][0]} is (Saturday and Sunday are "
                    "the weekend).", 0.95, "is_weekday")
    if not m:
        return None
    dates = [d for d in dates_with_relative(t[: m.start(1)], today)]
    if len(dates) != 1:
        return None
    d = dates[0][0]
    weekend = m.group(1) == "weekend"
    code = (f"day = {date_code(d)}\n" + _WEEKDAYS + f"asked_weekend = {weekend}\n"
            "is_weekend = day.weekday() >= 5\n"
            "('Yes' if is_weekend == asked_weekend else 'No') + ', a ' + weekdays[day.weekday()]")
    return Plan("date_math", code, f"Asked the calendar which weekday {d} is (Saturday and Sunday are the weekend).",
                0.95, "is_weekday")


_FISCAL = re.compile(r"\b(?:fiscal|financial|fy|fq|business year|tax year)\b")


def _fiscal_span(t: str) -> tuple[int, int] | None:
    m = _fiscal_match(t)
    return (m.start(), m.end()) if m else None


def _fiscal_match(t: str) -> re.Match | None:
    return re.search(r"\b(?:start\w*|begin\w*|kicks? off|runs? from|from)\s+(?:on\s+|in\s+)?(?:the\s+)?(?:1st\s+(?:of\s+)?)?"
                  + MONTH_NAME + r"(?:\s+(?:1|1st)\b)?", t) or \
        re.search(MONTH_NAME + r"\s*(?:1|1st)?\s*(?:-|–|to|through)\s*" + MONTH_NAME, t)


def _fiscal_start(t: str) -> int | None:
    """The month a fiscal year starts in: 'our FY starts Apr 1', 'fiscal year starting in October'."""
    m = _fiscal_match(t)
    if not m:
        return None
    word = re.search(MONTH_NAME, m.group(0)).group(0).rstrip(".")
    return MONTHS.get(word)


def _day_of_year(t: str, today: date) -> Plan | None:
    """'what day of the year is 2027-03-01', 'day number of today': the date's ordinal in its year (1 January is 1)."""
    if not re.search(r"\bday (?:of|in) the year\b|\bday (?:number|no\.?|#)\b|\bordinal (?:day|date)\b", t) or \
            re.search(r"\b(?:how many|left|remain\w*|until|till|since|after|before)\b", t):
        return None
    dates = dates_with_relative(t, today)
    if len(dates) > 1 or not dates and not re.search(r"\b(?:today|is it|now)\b", t):
        return None
    d = dates[0][0] if dates else today
    code = f"day = {date_code(d)}\nday.timetuple().tm_yday  # 1 January is day 1"
    return Plan("date_math", code, f"Counted the days of {d.year} up to {d}.", 0.95, "day_of_year")


def _week_number(t: str, today: date) -> Plan | None:
    """'what week number is it', 'which week of the year is 2026-12-07' (ISO 8601 weeks), 'what quarter is …'."""
    m = re.search(r"\b(?:what|which)(?:'s| is)?\s+(?:the\s+)?(?:(?:iso|calendar|fiscal|financial|fy)\s+)?(week(?: number| no\.?| of the year)?|"
                  r"quarter|q|fq)\b(?!\s+(?:do|does|did|are|were|will|should|would|we|you|i)\b)", t)
    if not m or re.search(r"\b(?:next|last) week\b", t):
        return None
    dates = dates_with_relative(t, today)
    fiscal = _FISCAL.search(t) if m.group(1) in {"quarter", "q", "fq"} else None
    if fiscal:  # the date in 'FY starts Apr 1' is no date asked about
        span = _fiscal_span(t)
        dates = [x for x in dates if not (span and span[0] <= x[1] < span[1])]
    if len(dates) > 1:
        return None
    if not dates and not re.search(r"\b(?:is it|are we in|today|now|this week)\b", t):
        return None
    d = dates[0][0] if dates else today
    if fiscal:
        start = _fiscal_start(t)
        if start is None:
            return None  # a fiscal year whose first month is not said
        code = (f"day = {date_code(d)}\nfy_start_month = {start}  # the fiscal year starts in {MONTH_NAMES[start - 1]}\n"
                "'Q' + str((day.month - fy_start_month) % 12 // 3 + 1) + ' of the fiscal year'")
        return Plan("date_math", code, f"Counted the fiscal quarter of {d} from the year's first month, in threes.",
                    0.94, "fiscal_quarter")
    if m.group(1) in {"quarter", "q"}:
        code = f"day = {date_code(d)}\n'Q' + str((day.month - 1) // 3 + 1) + ' ' + str(day.year)"
        return Plan("date_math", code, f"Quarter of {d}: months 1–3 are Q1, 4–6 Q2, 7–9 Q3, 10–12 Q4.", 0.94,
                    "quarter")
    code = (f"day = {date_code(d)}\nyear, week, weekday = day.isocalendar()\n"
            "'week ' + str(week) + ' of ' + str(year) + ' (ISO 8601: weeks start on Monday)'")
    return Plan("date_math", code, f"Asked the calendar for the ISO week of {d}.", 0.95, "week_number")


def _days_in_month(t: str, today: date) -> Plan | None:
    """'how many days in february 2028', 'how many days does this month have', 'in 2028', 'in Q1 2027'."""
    y = re.search(r"\bhow many days (?:are )?(?:there )?(?:in|does|do)\s+(?:the year\s+)?(?:(q[1-4])\s+(?:of\s+)?)?(\d{4})"
                  r"(?:\s+have)?\W*$", t)
    if y:
        year = int(y.group(2))
        first = 3 * int(y.group(1)[1]) - 2 if y.group(1) else 1
        last = first + 2 if y.group(1) else 12
        code = (f"start = date({year}, {first}, 1)\nend = date({year + (last == 12)}, {last % 12 + 1}, 1)\n"
                "(end - start).days")
        what = f"Q{y.group(1)[1]} {year}" if y.group(1) else str(year)
        return Plan("date_math", code, f"Counted the days of {what} on the calendar.", 0.95, "days_in_month")
    m = re.search(r"\bhow many days (?:are )?(?:there )?(?:in|does|do)\s+(?:the month of\s+)?(?:(this|next|last) month|(" + MONTH_NAME
                  + r"))(?:\s+(?:of\s+)?(\d{4}))?", t)
    if not m:
        return None
    if m.group(1):
        shift = {"this": 0, "next": 1, "last": -1}[m.group(1)]
        index = today.month - 1 + shift
        year, month = today.year + index // 12, index % 12 + 1
    else:
        month = MONTHS[m.group(2).rstrip(".")]
        year = int(m.group(3)) if m.group(3) else today.year
    code = (f"year = {year}\nmonth = {month}\nnext_month = date(year + month // 12, month % 12 + 1, 1)\n"
            "(next_month - date(year, month, 1)).days")
    return Plan("date_math", code, f"Counted the days of {year}-{month:02d} on the calendar.", 0.95, "days_in_month")


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
             "5th": 5, "last": -1}


def _nth_weekday(t: str, today: date) -> Plan | None:
    """'the last friday of january 2027', 'date of the 2nd tuesday in march' (this year, or the next
    one when that month is over)."""
    m = re.search(r"\b(" + "|".join(_ORDINALS) + r")\s+" + WEEKDAY_NAME + r"\b(?:\s+(?:of|in)\s+(?:(?:the|this) month of\s+)?(" +
                  MONTH_NAME + r")(?:\s*,?\s*(\d{4}))?)?", t)
    if not m:
        return None
    # the month beside the weekday ('last friday of jan 2027'), or the one month and year named elsewhere in the
    # message ('on the third thursday — which date is that in november 2026')
    month_year = (MONTHS[m.group(3).rstrip(".")], int(m.group(4)) if m.group(4) else None) if m.group(3) else None
    if month_year is None:
        if not re.search(r"\bthe\s+$", t[: m.start()]):
            return None  # 'last friday' alone is the one before today; 'the last friday (of the month)' a rule
        named = {(d.month, d.year) for d, *_ in month_years(t[: m.start()] + " " * (m.end() - m.start()) + t[m.end():])}
        if len(named) != 1 or find_dates(t, today):
            return None
        month_year = next(iter(named))
    asked = re.search(r"\b(?:date|when|what|which)\b", t) or re.fullmatch(
        r"\W*(?:the\s+)?" + re.escape(m.group(0)) + r"\W*", t)
    if not asked:
        return None
    month = month_year[0]
    year = month_year[1] if month_year[1] else today.year + (month < today.month)
    nth, target = _ORDINALS[m.group(1)], weekday_index(m.group(2))
    code = (f"year = {year}\nmonth = {month}\nnth = {nth}  # -1: the last one\ntarget = {target}  # Monday is 0\n"
            "days = [date(year, month, 1) + timedelta(days=i) for i in range(31)]\n"
            "days = [d for d in days if d.month == month and d.weekday() == target]\n"
            "if nth > len(days):\n    raise ValueError('that month has no such day')\n"
            "result = days[nth - 1] if nth > 0 else days[-1]\n" + _SHOW_DATE)
    return Plan("date_math", code, f"Listed the {WEEKDAYS[target].capitalize()}s of {year}-{month:02d} and took "
                f"the {m.group(1)}.", 0.95, "nth_weekday")


def _count_weekday(t: str, today: date) -> Plan | None:
    """'how many fridays between 2027-01-01 and 2027-03-31' (both ends counted), 'how many mondays in
    january 2027', 'how many fridays until christmas' (from tomorrow)."""
    m = re.search(r"\bhow many " + WEEKDAY_NAME + r"s\b", t)
    if not m:
        return _workdays_in_month(t, today)
    target = weekday_index(m.group(1))
    rest = t[m.end():]
    span = re.match(r"\s+(?:are )?(?:there )?(?:in|during)\s+(?:the month of\s+)?(" + MONTH_NAME + r")(?:\s+(?:of\s+)?(\d{4}))?\W*$",
                    rest)
    year_only = re.match(r"\s+(?:are )?(?:there )?in\s+(\d{4})\W*$", rest)
    dates = dates_with_relative(rest, today)
    if span:
        month = MONTHS[span.group(1).rstrip(".")]
        year = int(span.group(2)) if span.group(2) else today.year
        lo, hi = date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    elif year_only:
        lo, hi = date(int(year_only.group(1)), 1, 1), date(int(year_only.group(1)), 12, 31)
    elif len(dates) == 2 and re.match(r"\s+(?:are )?(?:there )?(?:between|from)\b", rest):
        (lo, *_), (hi, *_) = _shared_year(dates[0], dates[1])
    elif len(dates) == 1 and re.match(r"\s+(?:are )?(?:there )?(?:left )?(?:until|before|till|to go until)\b", rest):
        lo, hi = today + timedelta(days=1), _next_or_last(dates[0], today, past=False)[0][0]
    else:
        return None
    if hi < lo:
        return None
    name = WEEKDAYS[target].capitalize()
    code = (f"start = {date_code(lo)}\nend = {date_code(hi)}\ntarget = {target}  # {name}\n"
            "days = [start + timedelta(days=i) for i in range((end - start).days + 1)]\n"
            "len([d for d in days if d.weekday() == target])")
    return Plan("date_math", code, f"Counted the {name}s from {lo} to {hi}, both days included.", 0.95,
                "count_weekday")


_CYCLE_NOUN = r"(sprint|iteration|cycle|pay ?period|cohort|round|block|rotation|term|phase|batch)"
_CYCLE_LEN = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six)[- ](day|week)(?:s)?(?:[- ]long)?\s+" + _CYCLE_NOUN + r"s?\b|"
                        r"\b" + _CYCLE_NOUN + r"s?\s+(?:are|is|last|lasts|run|runs|of)\s+(\d{1,2}|one|two|three|four|five|six)"
                        r"\s+(day|week)s?\b")


def _numbered_cycle(t: str, today: date) -> Plan | None:
    """'Sprint 41 started Nov 23, we do 2-week sprints. When does sprint 43 start?': numbered cycles of a stated
    length, back to back, so cycle M starts (M - N) lengths after cycle N's start."""
    lengths = list(_CYCLE_LEN.finditer(t))
    if len(lengths) != 1:
        return None
    g = lengths[0].groups()
    count, unit, noun = (g[0], g[1], g[2]) if g[0] else (g[4], g[5], g[3])
    noun = noun.replace(" ", "")
    numbered = [(int(m.group(1)), m) for m in re.finditer(r"\b" + noun.replace("payperiod", "pay ?period") + r"\s*#?(\d{1,4})\b", t)]
    if len(numbered) != 2 or numbered[0][0] == numbered[1][0]:
        return None
    dates = dates_with_relative(t, today)
    if len(dates) != 1 or not re.search(r"\b(?:start|starts|started|starting|began|begins|kick\w* off|kicked off)\b", t):
        return None
    (n, known), (m_, asked) = numbered
    if not (known.end() <= dates[0][1] and re.search(r"\bwhen\b|\bwhat (?:date|day)\b|\bwhich (?:date|day)\b",
                                                      t[dates[0][2]:])):
        return None  # the numbered cycle that started, then the question about the other
    if re.search(r"\b(?:end|ends|ending|finish\w*|over|last day)\b", t[dates[0][2]:]):
        return None  # the end of a cycle: whether it is the last day or the next start is not sure
    size = (int(count) if count.isdigit() else WORD_NUMBERS[count]) * (7 if unit == "week" else 1)
    start = dates[0][0]
    if not dates[0][3] and start > today + timedelta(days=size * abs(m_ - n) + 366):
        return None
    rest = t
    for pos in sorted([(known.start(), known.end()), (asked.start(), asked.end()), (dates[0][1], dates[0][2]),
                       lengths[0].span()], reverse=True):
        rest = rest[:pos[0]] + " " + rest[pos[1]:]
    if re.search(r"\d", rest):
        return None  # a number this form does not read (a break week, a skipped sprint)
    code = (_WEEKDAYS + f"start = {date_code(start)}  # {noun} {n} starts\nlength = {size}  # days per {noun}\n"
            f"result = start + timedelta(days=length * ({m_} - {n}))\n"
            "result.isoformat() + ' (' + weekdays[result.weekday()] + ')'")
    return Plan("date_math", code, f"Counted {m_ - n} {noun}s of {size} days from {noun} {n}'s start.", 0.93,
                "numbered_cycle")


def _workdays_in_month(t: str, today: date) -> Plan | None:
    """'how many working days are there in february 2027': Monday to Friday of the month; a message naming holidays
    or days off is read only in part, so it declines."""
    m = re.search(r"\bhow many (?:weekdays|week days|working days|work days|workdays|business days)\s+(?:are )?(?:there )?"
                  r"(?:in|during)\s+(?:the month of\s+)?(" + MONTH_NAME + r")(?:\s+(?:of\s+)?(\d{4}))?(?:\s+(?:for|on)\s+[^\d]{0,30})?\W*$", t)
    if not m or re.search(r"\b(?:holidays?|off|vacation|leave|except|excluding|closed|minus|without)\b", t):
        return None
    month = MONTHS[m.group(1).rstrip(".")]
    year = int(m.group(2)) if m.group(2) else today.year
    lo, hi = date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    code = (f"start = {date_code(lo)}\nend = {date_code(hi)}\n"
            "days = [start + timedelta(days=i) for i in range((end - start).days + 1)]\n"
            "len([d for d in days if d.weekday() < 5])  # Monday to Friday")
    return Plan("date_math", code, f"Counted Monday to Friday from {lo} to {hi} (no holidays named).", 0.95,
                "count_weekday")


def _named_date(t: str, today: date) -> Plan | None:
    """'what's the date next friday', 'when is a week from tuesday', 'which date is this sat'."""
    if not re.search(r"\b(what(?:'s| is| was| will be)? the date|whats the date|what date|which date|when is|when's|"
                     r"when was|date (?:of|is|was))\b", t):
        return None
    named = weekday_dates(t, today)
    if len(named) != 1 or find_dates(t, today):
        return None
    d = named[0][0]
    code = f"result = {date_code(d)}\n" + _SHOW_DATE
    return Plan("date_math", code, f"Counted weekdays on the calendar from today ({today}).", specificity=0.94,
                template="named_weekday")


def _weekday(t: str, today: date) -> Plan | None:
    m = re.search(r"\bwhat (?:day of the week|day|weekday)\b|\bwhich (?:day of the week|weekday|day)\b|"
                  r"\bday of (?:the )?week\b|\bwhat weekday\b|\bweekday (?:of|for|is|was)\b", t)
    if m and m.group(0).endswith((" day", "which day")) and _shift_match(t)[0] is not None:
        return None  # 'which day will I finish if it takes 6 working days': a date, from the shift forms
    if m and re.search(r"\bday (?:of|in) the year\b|\bday (?:number|no\.?|#)\b|\bordinal (?:day|date)\b|\bjulian\b", t):
        return None  # the day's number in its year, not its weekday
    if m and not re.search(r"\bdate\b.*\b(after|before|from|ago|later)\b", t):
        dates = dates_with_relative(t, today)
        real = [d for d in dates if d[1] >= 0]
        if len(real) != 1:
            return None
        d = real[0][0]
        offset = _offset_days(t)
        code = f"day = {date_code(d)}" + (f" + timedelta(days={offset})" if offset else "") + "\n" + _WEEKDAYS + "weekdays[day.weekday()]"
        return Plan("date_math", code, f"Asked the calendar which weekday {d} is.", specificity=0.96,
                    template="weekday")
    return None


_SHIFT_UNIT = r"((?:business |working |work )?days?|weeks?|fortnights?|months?|years?)"
# a period that starts on a day and runs for N units: its end is asked for
_SPAN = re.compile(r"\b(?:runs?|lasts?|running|lasting|valid for|good for|keeps?(?: for)?|free for|term of|takes?|taking|will take|needs?|period of|"
                   r"period is|is|sla(?: is| of)?|turnaround(?: is| of)?|lead time(?: is| of)?|within)\s*:?\s+"
                   r"(?:for\s+)?(?:about\s+)?" + _NUMW + r"\s+" + _SHIFT_UNIT + r"()\b"
                   r"|\bnet[\s-]*(\d{1,3})()()(?!\s*(?:%|percent|[$€£]|k\b|\d))")
_SPAN_END = re.compile(r"\b(?:end|ends|ended|expire|expires|run out|runs out|finish|finished|finishes|over|done|due|pay|"
                       r"paid|payable|deadline|complete|completed|wrap up|last day|expected|arrive|arrives|arrival|delivered|ready|"
                       # the end date named by what it is ('expiry?', 'the ship-by date', 'use-by')
                       r"expiry|expiration|expiring|(?:ship|use|sell|return|order|pay|reply|respond|cancel)[- ]by|best[- ]before)\b")


def _shift_match(t: str) -> tuple[re.Match | None, str]:
    """Where `t` moves a date by N units, and how: 'shift' (after, before, ago, in N days), 'op' (an
    explicit add or subtract: 'D + 45 days', 'subtract 90 days from D') or 'span' (a period that
    starts on a day and runs for N units: 'runs for 15 working days', 'net 60 ... due') or 'notice' (N days'
    notice before a day: the latest day to give it)."""
    m = re.search(r"(?:\b(?:add|plus)|\+)\s+" + _NUMW + r"\s+" + _SHIFT_UNIT + r"()", t) or \
        re.search(r"(?:\b(?:subtract|minus|take away|take off)|\s[-−])\s+" + _NUMW + r"\s+" + _SHIFT_UNIT + r"()", t)
    if m:
        return m, "op"
    notice = re.search(_NUMW + r"\s+" + _SHIFT_UNIT + r"'?\s+(?:of\s+)?(?:notice|in advance|ahead|beforehand)()\b", t)
    if notice and re.search(r"\b(?:by when|when|what date|which date|what day|latest|deadline)\b", t):
        return notice, "notice"
    m = re.search(_NUMW + r"\s+" + _SHIFT_UNIT + r"\s+(after|from|before|since|prior to|later than|earlier than|ago|"
                  r"from now|later|hence|starting(?: from| on)?|beginning(?: on| from)?|counting from)\b", t) or \
        re.search(r"\bin\s+" + _NUMW + r"\s+" + _SHIFT_UNIT + r"()(?!\s*(?:after|from|before|since|ago|later))\b", t)
    if m:
        return m, "span" if m.group(3).startswith(("starting", "beginning", "counting")) else "shift"
    m = _SPAN.search(t) if _SPAN_END.search(t) else None
    if m and m.group(4):  # 'net 60': payment terms in days
        return m, "net"
    return m, "span"


# payment terms in days are 'net N': '45-day payment terms', 'payment terms of 30 days', '60 day terms'
_TERMS = re.compile(r"\b(\d{1,3})[\s-]*days?'?\s+(?:payment\s+|credit\s+)?terms\b|"
                    r"\b(?:payment|credit)\s+terms\s*(?:of|are|is|:|=)?\s*(\d{1,3})\s*days\b")


# a shifted date checked against a deadline ('does it arrive before christmas?', 'will we make it by the 20th?'):
# a yes/no the shift forms do not answer
_CHECKED_DEADLINE = re.compile(r"(?:^|[,;.?!(]\s*|\b(?:so|and|then)\s+)(?:does|do|did|will|would|can|could|is|are|am)\s+"
                               r"(?:it|they|we|i|you|he|she|that|this|the\s+\w+|our\s+\w+|my\s+\w+)\b[^?]{0,60}?"
                               r"\b(?:before|after|by|in time|on time|ahead of|earlier than|later than)\b")


def _shift(t: str, today: date) -> Plan | None:
    if _CHECKED_DEADLINE.search(t):
        return None
    t = _TERMS.sub(lambda m: f"net {m.group(1) or m.group(2)}", t)
    m, how = _shift_match(t)
    if m and m.group(0).startswith("in") and not re.search(
            r"\b(what(?:'s| is)? the date|whats the date|what date|which date|when(?:'s| is| will)|what day|which day)\b|"
            r"^\W*date\b|\bdate in\b", t):
        m = None  # 'in 30 days' inside a story is a duration, not a date asked for
    terse = len(re.findall(r"[a-z]+", t[:m.start()] + t[m.end():])) <= 2 if m else False  # '60 days from today?'
    if m and (how == "op" or terse or re.search(r"\b(date|day|when|what|which)\b", t) or how == "shift" and _SPAN_END.search(t) or
              (how in {"span", "net"} and _SPAN_END.search(t))):
        if how == "net":
            n, unit, direction = int(m.group(4)), "day", ""
        else:
            n = to_number(m.group(1)) if m.group(1)[0].isdigit() else WORD_NUMBERS.get(m.group(1), None)
            unit, direction = m.group(2).rstrip("s"), m.group(3)
        if n is None:
            return None
        if direction == "" and m.group(0).startswith("in"):
            direction = "from now"  # 'in 3 business days'
        sign = -1 if direction in {"before", "prior to", "earlier than", "ago"} or how == "notice" or \
            (how == "op" and re.search(r"\b(subtract|minus|take)\b|[-−]", m.group(0))) else 1
        found = dates_with_relative(t, today)
        dates = [d for d in found if not (m.start() <= d[1] < m.end())]
        if direction == "from" and re.match(r"\s*[$€£]?\d", t[m.end():]) and \
                not any(d[1] <= m.end() + 2 and d[2] > m.end() for d in found):
            return None  # 'grew 2% a year for 3 years from 50000': from an amount, not from a date
        if not dates and any(d[1] <= m.start() < d[2] for d in found):
            # '3 weeks from next monday': the named day already counts the weeks
            result = next(d[0] for d in found if d[1] <= m.start() < d[2])
            return Plan("date_math", f"result = {date_code(result)}\n" + _SHOW_DATE,
                        f"Counted weeks on the calendar from today ({today}).", specificity=0.94,
                        template="named_weekday")
        base = dates[0][0] if dates else (today if direction in {"ago", "from now", "hence", "later", "from"}
                                          and (direction != "from" or re.search(r"\b(today|now)\b", t)) else None)
        if base is None:
            return None
        if unit.endswith(" day") and how == "span" and re.search(
                r"\b(?:start|starts|started|starting|begin|begins|began|beginning|kicks? off|kicked off)\b", t):
            # a period of N working days that starts on a working day ends on the Nth one, the start counted
            # (a term counted after an event, 'opened Friday, SLA 3 business days', does not count that day)
            code = (f"day = {date_code(base)}\nleft = {n}  # working days, Monday to Friday, the first day counted\n"
                    "if day.weekday() < 5:\n    left = left - 1\n"
                    "while left > 0:\n    day = day + timedelta(days=1)\n    if day.weekday() < 5:\n"
                    "        left = left - 1\nresult = day\n" + _SHOW_DATE)
            return Plan("date_math", code, f"Counted {n} weekdays from {base}, that day included, skipping Saturdays "
                        "and Sundays (public holidays not taken out).", specificity=0.95, template="business_days_span")
        if unit.endswith(" day"):
            code = (f"day = {date_code(base)}\nleft = {n}  # business days, Monday to Friday\nstep = {sign}\n"
                    "while left > 0:\n    day = day + timedelta(days=step)\n    if day.weekday() < 5:\n"
                    "        left = left - 1\nresult = day\n" + _SHOW_DATE)
            return Plan("date_math", code, f"Stepped {n} weekdays {'forward' if sign > 0 else 'back'} from {base}, "
                        "skipping Saturdays and Sundays (public holidays not taken out).", specificity=0.95,
                        template="add_business_days")
        if unit in {"day", "week", "fortnight"}:
            code = f"start = {date_code(base)}\nresult = start + timedelta(days={sign * n * _UNITS_DAYS[unit]})\n" \
                + _SHOW_DATE
        else:
            months = n * (12 if unit == "year" else 1) * sign
            code = f"{ADD_MONTHS_CODE}start = {date_code(base)}\nresult = add_months(start, {months})\n" + _SHOW_DATE
        return Plan("date_math", code, f"Moved {base} by {sign * n} {unit}(s) on the calendar.", specificity=0.95,
                    template="add_days")
    return None


# a period anywhere in the message: '90 days', '30 day return window', '15 business days', 'one month', 'net 45'
_PERIOD = re.compile(r"(?<![\d.,:/-])" + _NUMW + r"[\s-]*((?:business |working |work |calendar )?(?:days?|weeks?|"
                     r"fortnights?|months?|years?))\b(?![\s-]*(?:old|long|ago)\b)|\bnet[\s-]?(\d{1,3})\b")
# a question for a date: a day something ends or is due, a date before or after, a deadline
_DATE_ASKED = re.compile(r"\b(?:what|which) (?:date|day)\b|\b(?:last|final|latest|earliest|first) (?:day|date)\b|"
                         r"\bdeadline\b|\b[a-z]+ date\s*(?:\?|pls|please|$)|\bwhen\b|\bdue\s*\??\s*$|"
                         r"\b(?:later|earlier|after that|before that)\s*(?:is|was|=|would be|will be)?\s*\??\s*$|"
                         r"(?:^|[,.;]\s*)(?:add|subtract|take away|minus|plus)\b")
# the period counts back from the date: notice before an end, a date before or prior to another
_BACKWARD = re.compile(r"\b(?:before|prior|earlier|back|minus|subtract|ago)\b|\bnotice\b[^?]*\b(?:give|send|serve|"
                       r"hand in|submit|latest|last day|by when)\b|\b(?:give|send|serve|hand in|submit)\b[^?]*\bnotice\b")


def _period_from_date(t: str, today: date) -> Plan | None:
    """One date, one period and a question for a date, in any order: 'bought it 2026-11-28, 30 day return
    window. last day to return?', 'renews 2027-01-31 — one month later is?', 'lease ends Jun 30 2027; 60 days
    notice needed. last day to give notice?', 'order placed 2026-12-10, delivery in 15 business days. arrival
    date?'. The period runs forward from the date unless the message counts back (notice, before)."""
    periods = list(_PERIOD.finditer(t))
    if len(periods) != 1 or not _DATE_ASKED.search(t):
        return None
    m = periods[0]
    found = [d for d in dates_with_relative(t, today) if not (m.start() <= d[1] < m.end())]
    if len({d[0] for d in found}) != 1:
        return None
    base = found[0][0]
    placed = {i for d in found for i in range(d[1], d[2])} | set(range(m.start(), m.end()))
    if any(i not in placed for i in (x.start() for x in re.finditer(r"\d", t))):
        return None  # 'sprint 41 started nov 23 … when does sprint 43 start': a number this form does not read
    if m.group(3):  # 'net 45': payment terms in days
        n, unit = int(m.group(3)), "day"
    else:
        n = to_number(m.group(1)) if m.group(1)[0].isdigit() else WORD_NUMBERS.get(m.group(1), None)
        unit = m.group(2).rstrip("s").replace("calendar ", "")
    if not n or n != int(n) or n > 3660:
        return None
    n = int(n)
    sign = -1 if _BACKWARD.search(t) else 1
    if unit.endswith(" day"):
        code = (f"day = {date_code(base)}\nleft = {n}  # business days, Monday to Friday\nstep = {sign}\n"
                "while left > 0:\n    day = day + timedelta(days=step)\n    if day.weekday() < 5:\n"
                "        left = left - 1\nresult = day\n" + _SHOW_DATE)
        return Plan("date_math", code, f"Stepped {n} weekdays {'forward' if sign > 0 else 'back'} from {base}, "
                    "skipping Saturdays and Sundays (public holidays not taken out).", specificity=0.9,
                    template="period_from_date")
    if unit in {"day", "week", "fortnight"}:
        code = f"start = {date_code(base)}\nresult = start + timedelta(days={sign * n * _UNITS_DAYS[unit]})\n" + _SHOW_DATE
    else:
        months = n * (12 if unit == "year" else 1) * sign
        code = f"{ADD_MONTHS_CODE}start = {date_code(base)}\nresult = add_months(start, {months})\n" + _SHOW_DATE
    return Plan("date_math", code, f"Moved {base} by {sign * n} {unit}(s) on the calendar.", specificity=0.9,
                template="period_from_date")


def _offset_days(t: str) -> int:
    m = re.search(_NUMW + r"\s+(days?|weeks?)\s+(after|from|before|later|ago)", t)
    if not m:
        return 0
    n = to_number(m.group(1)) if m.group(1)[0].isdigit() else WORD_NUMBERS.get(m.group(1), 0)
    unit = _UNITS_DAYS[m.group(2) if m.group(2) in _UNITS_DAYS else m.group(2) + "s"]
    return int(n * unit * (-1 if m.group(3) in {"before", "ago"} else 1))


# code that writes a number of minutes the way people say it: '8 h 25 min', '8 h', '2 days, 8 h 30 min'


_HMS = re.compile(r"(?<![\d:])\b([01]?\d|2[0-3]):([0-5]\d):([0-5]\d)\b(?![\d:])")


def _seconds_between(t: str) -> Plan | None:
    """'elapsed time between 14:22:10 and 15:01:40': two clock times with seconds, the span between them."""
    found = list(_HMS.finditer(t))
    if len(found) != 2 or not re.search(r"\b(how long|elapsed|duration|time between|time difference|difference|"
                                        r"(?:what was|what's|what is) (?:my|our|his|her|their|the) time|"
                                        r"(?:race|finish|finishing|lap|run|total) time|runtime|run time|took|take|"
                                        r"how many (?:seconds|minutes))\b", t):
        return None
    a, b = (int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)) for m in found)
    clock = re.search(r"\b(?:from|between|until|till|started|starts?|finished|finish\w*|ended|ends?|at|am|pm|"
                      r"next|overnight|midnight)\b|\d\s*(?:->|→|-|–)\s*\d", t)
    if not clock and re.search(r"\b(?:another|plus|and then|then|sum|add|combined|altogether|in all)\b|\+", t):
        # 'it took 3:42:10 and then another 1:25:55': two durations added
        code = DURATION_CODE + f"seconds = {a} + {b}  # {found[0].group(0)} + {found[1].group(0)}\nhms(seconds)"
        return Plan("time_interval", code, "Added the two durations to the second.", specificity=0.93,
                    template="durations_total")
    if b < a and re.search(r"\bdifference\b", t) and not re.search(r"\b(?:next|overnight|midnight|tomorrow)\b", t):
        a, b = b, a  # 'difference between 3:15:40 and 1:50:55': the larger less the smaller
    if (b - a) % (24 * 3600) > WRAP_MAX_MINUTES * 60 and not re.search(r"\b(?:next|overnight|midnight|tomorrow|night)\b", t):
        return None  # nearly a whole day round the clock: not what was meant
    code = DURATION_CODE + f"start = {a}  # seconds after midnight\nend = {b}\nseconds = (end - start) % (24 * 3600)\nhms(seconds)"
    if re.search(r"\bhow many seconds\b", t):
        code = f"start = {a}\nend = {b}\nstr((end - start) % (24 * 3600)) + ' seconds'"
    return Plan("time_interval", code, "Subtracted the clock times to the second (wrapping past midnight).",
                specificity=0.94, template="time_between")


_RANGE_SEP = re.compile(r"\s*(?:-|–|—|to|until|till|through|thru)\s*")
_TOTAL = re.compile(r"\b(?:total|totals|totalled|totaled|sum|add|added|altogether|combined|in all|overall|all together|"
                    r"how long|how much time|how many (?:\w+ )?(?:hours|minutes|hrs|mins))\b")


def _ranges_total(t: str, times: list[tuple[int, int, int]]) -> Plan | None:
    """'meetings 9:30-10:15, 11:00-11:45, 14:00-15:30, total time?', 'total my hours: Mon 8:50-17:05, Tue
    9:10-17:30': several clock ranges, their lengths added (a range past midnight wraps)."""
    pairs, i = [], 0
    while i + 1 < len(times):
        (a, _, a_end), (b, b_start, _) = times[i], times[i + 1]
        if not _RANGE_SEP.fullmatch(t[a_end:b_start]):
            return None  # every time opens or closes a range
        pairs.append((a, b))
        i += 2
    if len(pairs) < 2 or i != len(times) or not _TOTAL.search(t):
        return None
    if re.search(r"\b(?:minus|less|excluding|without|overlap\w*|each|average|longest|"
                 r"shortest|gap|gaps|between (?:them|the|meetings)|per (?:day|meeting|session|call|shift|person|range))\b", t):
        return None  # not a plain sum of the ranges
    outside = "".join(t[end:start] for (_, _, end), (_, start, _) in zip([(0, 0, 0)] + times, times + [(0, len(t), 0)]))
    if re.search(r"\b(?:break|breaks|lunch|pause)\b", t) and re.search(
            r"\d\s*(?:hours?|hrs?|h|minutes?|mins?|m)\s+(?:\w+\s+){0,2}(?:lunch|break|breaks|pause)\b|"
            r"\b(?:lunch|break|breaks|pause)\s+(?:of\s+|was\s+|is\s+)?\d|\bwith\b[^\d]{0,20}\d", outside):
        return None  # a break of its own length to take out ('9-17, 11:00-11:30 ... minus a 30 min lunch')
    code = (DURATION_CODE + f"ranges = {pairs}  # (start, end) in minutes after midnight\n"
            "minutes = sum((end - start) % (24 * 60) for start, end in ranges)\n" + _shown(t, False))
    return Plan("time_interval", code, f"Added the lengths of the {len(pairs)} clock ranges (a range past midnight "
                "wraps).", specificity=0.93, template="ranges_total")


_DUR_PART = r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])"
_DUR_GROUP = re.compile(_DUR_PART + r"(?:\s*(?:and\s+)?" + _DUR_PART + r"){0,2}")
_DUR_OP = re.compile(r"\s*(?:\+|,|and|plus|&|(-|−|minus|less))?\s*")
# words between two durations that are added: 'on monday, ', ' and the ads run ' (no number, a few words)
_DUR_WORDS = re.compile(r"[^\d]{0,40}")
_NOT_A_SUM = re.compile(r"\b(?:left|remain\w*|difference|longer|shorter|more than|less than|each|per|times|divid\w*|"
                        r"split|chunks?|average|mean|faster|slower|how many (?!hours|minutes|hrs|mins))\b")


def _durations_total(t: str) -> Plan | None:
    """'add these up: 1h 20m + 45m + 2h 15m', '2h 10m minus 35 min': durations added (or taken away)."""
    if not re.search(r"\+|\b(?:add|plus|sum|total|altogether|combined|together|in all|minus|less)\b", t) or \
            _NOT_A_SUM.search(t):
        return None
    groups = list(_DUR_GROUP.finditer(t))
    if len(groups) < 2 or re.search(r"\d", t[:groups[0].start()] + t[groups[-1].end():]):
        return None
    signs = [1]
    for left, right in zip(groups, groups[1:]):
        between = t[left.end():right.start()]
        op = _DUR_OP.fullmatch(between)
        if op is None and not (_DUR_WORDS.fullmatch(between) and len(between.split()) <= 6 and
                               re.search(r"\b(?:total|altogether|together|combined|in all|sum|add|added)\b", t)):
            return None
        signs.append(-1 if (op.group(1) if op else re.search(r"(?:^|\s)(?:-|−|minus|less)\s", between)) else 1)
    parts = [(sign, re.findall(_DUR_PART, g.group(0))) for sign, g in zip(signs, groups)]
    units = [u for _, ps in parts for _, u in ps]
    if all(u in {"m", "s"} for u in units):
        return None  # '2m + 3m' may be metres
    seconds = [(sign * float(n) * (3600 if u[0] == "h" else 60 if u[0] == "m" else 1)) for sign, ps in parts for n, u in ps]
    pieces = " + ".join(f"{n} {u}" for _, ps in parts for n, u in ps)
    unit = re.search(r"\b(?:total|how many|in|number of)\s+(hours|hrs|minutes|mins)\b(?!\s*(?:and|&)\s*(?:min|sec))", t)
    if unit:  # 'total hours?': the number of hours asked, not '52 h 30 min'
        per, name = (3600, "hours") if unit.group(1)[0] == "h" else (60, "minutes")
        code = (f"seconds = {[round(x, 3) if x % 1 else int(x) for x in seconds]}  # {pieces} (minus: taken away)\n"
                f"{name} = sum(seconds) / {per}\nf'{{round({name}, 2):g}} {name}'")
        return Plan("time_interval", code, f"Added the durations and wrote the total in {name}.",
                    specificity=0.93, template="durations_total")
    code = (f"seconds = {[round(x, 3) if x % 1 else int(x) for x in seconds]}  # {pieces} (minus: taken away)\n"
            "total = sum(seconds)\nsign = '-' if total < 0 else ''\nh, rest = divmod(abs(round(total)), 3600)\n"
            "m, s = divmod(rest, 60)\n"
            "sign + ' '.join(([str(h) + ' h'] if h else []) + ([str(m) + ' min'] if m else []) + ([str(s) + ' s'] if s "
            "or not (h or m) else []))")
    return Plan("time_interval", code, "Added the durations in seconds and wrote the total in hours and minutes.",
                specificity=0.93, template="durations_total")


def _clock_durations_total(t: str, times: list[tuple[int, int, int]]) -> Plan | None:
    """'total time for 1:20 + 0:45 + 2:15': h:mm lengths joined by '+', added (they are not times of day)."""
    if len(times) < 2 or re.search(r"\b(?:am|pm|a\.m|p\.m|noon|midnight|what time|when|clock|o'?clock)\b", t):
        return None
    if len(times) == 2 and not re.search(r"\b(?:total|sum|add|added|altogether|combined|durations?|lengths?|in all)\b", t):
        return None  # 'what's 9:45 + 2:30' may be a time of day moved
    if not all(re.fullmatch(r"\s*(?:\+|plus)\s*", t[a_end:b_start]) for (_, _, a_end), (_, b_start, _) in zip(times, times[1:])):
        return None
    if re.search(r"\d", t[:times[0][1]] + t[times[-1][2]:]):
        return None
    code = (DURATION_CODE + f"lengths = {[m for m, _, _ in times]}  # h:mm as minutes\nminutes = sum(lengths)\n"
            "hm(minutes) + (' (' + in_days(minutes) + ')' if minutes >= 1440 else '')")
    return Plan("time_interval", code, "Added the h:mm lengths as minutes.", specificity=0.93, template="durations_total")


_START_WORDS = re.compile(r"\b(?:sleep|asleep|bed|start\w*|begin\w*|began|leave|leaving|left|depart\w*|clock(?:ed)? in|"
                          r"kick\w* off|open\w*)\b[^\d]{0,25}$")
_END_WORDS = re.compile(r"\b(?:wake|woke|waking|alarm|get up|got up|end\w*|finish\w*|arriv\w*|clock(?:ed)? out|clos\w*)\b"
                        r"[^\d]{0,25}$")


def _names_start(before: str) -> bool:
    """The words before a clock time say it starts the span ('go to sleep at', 'started at')."""
    return bool(_START_WORDS.search(before)) and not _END_WORDS.search(before[-12:])


def _names_end(before: str) -> bool:
    """The words before a clock time say it ends the span ('alarm is at', 'wake up at')."""
    return bool(_END_WORDS.search(before)) and not _START_WORDS.search(before)


def _shown(t: str, in_days: bool = True) -> str:
    """Code that writes `minutes` as the question asks: in minutes, in hours, or as hours and minutes (a
    span over a day also in days, unless `in_days` is off: a week's working hours are no span)."""
    days = "' (' + in_days(minutes) + ')' if minutes >= 1440 else " if in_days else ""
    if re.search(r"\bhow many minutes\b|^\W*minutes (?:between|from)\b|\bin minutes\W*$|\btotal minutes\b|"
                 r"\bminutes (?:in )?total\b", t):
        return "str(minutes) + ' minutes' + (' (' + hm(minutes) + ')' if minutes >= 60 else '')"
    if re.search(r"\bhow many (?:\w+ )?hours\b|^\W*hours (?:between|from)\b|\btotal hours\b|\bhours (?:in )?total\b|"
                 r"\bhours worked\b|\bin hours\W*$", t):
        # hours and minutes first, as people say them; the decimal hours after, in brackets
        return ("hours = round(minutes / 60, 4)\nshown = str(int(hours)) if hours == int(hours) else str(hours)\n"
                f"hm(minutes) + (' (' + shown + ' hours)' if minutes % 60 else '') + ({days}'')")
    return f"hm(minutes) + ({days}'')" if in_days else "hm(minutes)"


# a span round the clock longer than this, with no next-day word, is not what was meant
WRAP_MAX_MINUTES = 20 * 60


def solve_time_interval(q: Query) -> Plan | None:
    """'how long from 9:15am to 5:40pm', 'what time is 3h 20m after 10:45', 'add 90 minutes to 11:15'."""
    t = clock_ranges(chat_words(q.lower))
    if names_offsets(t):
        return None  # times in zones: the zone reader's, or not sure
    if re.search(r"\d\s*%|\bper ?cent\b", t):
        return None  # '2 hrs and 25% extra time': a share of a length no clock sum here reads
    t = re.sub(r"(?<![\d:.])(\d{1,2})\s*h\s*(\d{1,2})(?![\d:.]|\s*(?:m|min|mins|minutes?)\b)", r"\1h \2m", t)  # '1h45'
    t = re.sub(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z]+\s+){0,2}(?:of|x|×|\*)\s*(\d+(?:\.\d+)?)\s*"
               r"(hours?|hrs?|h|minutes?|mins?|m)\b", lambda m: f"{float(to_number(m.group(1))) * float(m.group(2)):g} "
               f"{m.group(3)}" + (" breaks" if re.search(r"\b(?:breaks?|pauses?|lunch\w*)\b", m.group(0)) else ""),
               t)  # '4 meetings of 45 min' run back to back: 180 min; 'two breaks of 15 min': 30 min of breaks
    both = re.search(r"\bboth\s+(am|pm|a\.m\.|p\.m\.)", t)
    if both:  # 'between 6.45 and 9.20 (both am)'
        t = re.sub(r"(?<![\d.:])(\d{1,2})[.:](\d{2})(?![\d.:])(?!\s*[ap]\.?m)", r"\1:\2 " + both.group(1)[0] + "m", t)
    seconds = _seconds_between(t)
    if seconds is not None:
        return seconds
    times = parse_times(t)
    if not times:
        return _durations_total(t)
    ranges = _ranges_total(t, times) or _clock_durations_total(t, times)
    if ranges is not None:
        return ranges
    if len(times) > 2 and not _seconds_between(t):
        return None  # three clock times and no ranges: not sure which span is asked for
    # '3h20m' and '6h 40m' are hours then minutes: a unit may run straight into the next number
    dur = re.findall(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)(?![a-z])", TIME_RE.sub(" ", t))
    # a break taken out of a span: 'between 9:00 and 17:00 minus 1h lunch'
    pause = dur if dur and len(times) >= 2 and re.search(
        r"\d+(?:\.\d+)?\s*(?:hours?|hrs?|h|minutes?|mins?|m)\s+(?:\w+\s+)?(?:lunch|break|breaks|pause)\b|"
        r"\b(?:lunch|break|pause)\s+(?:of\s+)?\d+(?:\.\d+)?\s*(?:hours?|hrs?|h|minutes?|mins?|m)\b|"
        r"\b(?:minus|less|excluding|without|not counting|take off|subtract|deduct)\s+(?:an?\s+|the\s+)?\d", t) else []
    if pause:
        dur = []
    if len(times) >= 2 and (re.search(r"\b(how long|how many (?:(?:paid|working|work|billable|net|actual) )?(?:hours|minutes)|"
                                     r"how much sleep|hours of sleep|length|in minutes\W*$|^\W*time from|"
                                     r"(?:what was|what's|what is) (?:my|our|his|her|their|the) time|(?:race|finish|finishing|lap|run) time|(?:long|much) (?:did|do|will|would|can) (?:i|we|you|"
                                     r"they|he|she) sleep|duration|time between|"
                                     r"elapsed|time difference|difference between|(?:hours|minutes) (?:between|from)|"
                                     r"(?:flight|travel|drive|driving|journey|trip|total|running|work|working|shift) time|"
                                     r"total (?:hours|minutes)|(?:hours|minutes) (?:in )?total|gap between|(?:the |a |what(?:'s| is| was) the )?gap(?=\W*$)|"
                                     r"hours (?:worked|of work|on shift)|(?:paid|billable|net|working) hours(?=\W*$)|how much time|count ?down)\b",
                                     t) or pause and re.search(r"\s=\s*\?*\s*$", t)) and not dur:
        (a, *_), (b, *_) = times[0], times[1]
        said = [re.search(r"[ap]\.?m\b|noon|midnight", t[s:e + 4]) for _, s, e in times[:2]]
        if said[1] and not said[0] and a < 12 * 60 and re.match(r"[p]", said[1].group(0)) and 0 < b - (a + 12 * 60):
            a += 12 * 60  # '4:30 to 6:15 pm': the start is in the afternoon its end names
        days = day_gap(t, q.today)
        if is_now(t, times[1]) and not is_now(t, times[0]):
            if days:
                return None
            a, b = b, a  # 'how long until 5 pm if it's 9:20 now': from the time that is now
        elif _names_end(t[max(0, times[0][1] - 30):times[0][1]]) and _names_start(t[times[0][2]:times[1][1]]):
            # 'my alarm is at 6:15 am and I go to sleep at 11 pm': the sleep runs from the second time
            if not re.search(r"\b(?:awake|up for)\b", t):
                if not re.search(r"\b(?:sleep|slept|asleep)\b", t):
                    return None  # the end named first, and not sure which span is asked for
                a, b = b, a
        if days and find_dates(t, q.today):  # two dates with their times: the span either way round
            a, b, days = (b, a, -days) if days * 24 * 60 + b - a < 0 else (a, b, days)
        if days is None or (days and days * 24 * 60 + b - a < 0):
            return None  # days named that do not pair with the two times: not sure what is asked
        if not days and (b - a) % (24 * 60) > WRAP_MAX_MINUTES and not re.search(
                r"\b(?:next|following|overnight|over night|tomorrow|midnight|night|red-?eye|24 ?h(?:ours?)?|day later)\b", t):
            return None  # nearly a whole day round the clock: the times are in the other order, or durations
        minutes = (f"minutes = {days} * 24 * 60 + end - start  # {days} day(s) apart\n" if days else
                   "minutes = (end - start) % (24 * 60)\n")
        if pause:
            taken = sum(float(n) * (60 if u[0] == "h" else 1) for n, u in pause)
            times_over = re.search(r"\b(two|three|four|2|3|4)\s*[x×]?\s*(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)\s+"
                                   r"(?:\w+\s+)?(?:breaks|pauses)\b", t)
            if times_over:  # 'two 15 min breaks'
                count = {"two": 2, "three": 3, "four": 4}.get(times_over.group(1)) or int(times_over.group(1))
                taken += (count - 1) * float(times_over.group(2)) * (60 if times_over.group(3)[0] == "h" else 1)
            taken = int(round(taken))
            minutes += f"minutes = minutes - {taken}  # the break taken out\n"
        weekly = re.search(r"\b(?:a|per|each|every|in a|this|the) (?:week|month|fortnight)\b|\b(?:weekly|monthly)\b", t)
        if weekly:  # 'I work 7:00-15:30 mon to fri, how many hours a week': the day's span times the days
            span = re.search(r"\b" + WEEKDAY_NAME + r"\s*(?:-|–|to|through|thru)\s*" + WEEKDAY_NAME + r"\b", t)
            count = re.search(r"\b([1-7]|one|two|three|four|five|six|seven) (?:days|shifts)\b", t)
            if "month" in weekly.group(0) or "fortnight" in weekly.group(0) or not (span or count) or days:
                return None
            n = (weekday_index(span.group(2)) - weekday_index(span.group(1))) % 7 + 1 if span else \
                int(count.group(1)) if count.group(1).isdigit() else WORD_NUMBERS[count.group(1)]
            minutes += f"minutes = minutes * {n}  # {n} days a week\n"
        code = DURATION_CODE + f"start = {a}  # minutes after midnight\nend = {b}\n" + minutes + _shown(t, not weekly)
        return Plan("time_interval", code, "Subtracted the clock times" + (f", {days} day(s) apart." if days else
                    " (wrapping past midnight)."), specificity=0.94, template="time_between")
    if DATE_RE.search(t):
        return None  # a date with a time: date arithmetic, not clock arithmetic
    if len(times) == 1 and dur and re.search(r"\bhow (?:long|many (?:\w+ )?(?:hours|minutes|hrs|mins))\b", t) and \
            not re.search(r"\bwhat time\b|\bwhen\b", t):
        return None  # a span asked of one clock time and a duration: another time is missing ('start at 7')
    if len(times) == 1 and dur and re.search(r"\bevery\b|\beach\b|\bintervals?\b", t) and re.search(
            r"\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b|\bhow many\b", t):
        return None  # a repeating schedule ('every 6 hours from 02:00, the 4th run'): not one shift
    if len(times) == 1 and dur and re.search(r"\bwhat time\b|\bwhen\b|\b(?:add|plus|minus|subtract)\b|[+]|\s[-−]\s*\d|"
                                             r"\b(?:after|before|later|earlier|from)\s+\d|\b(?:arrival|arrive|arriving|"
                                             r"land|landing|finish|finishing|end|ends|ending|done|eta|due)\b", t):
        total = 0.0
        for num, unit in dur:
            total += float(num) * (60 if unit[0] == "h" else 1)
        # 'what time should I leave if the train is at 08:12 and the walk takes 25 minutes': the earlier time
        leave = re.search(r"\b(?:what time|when)\s+(?:(?:should|do|does|must|will|would|can|shall|to)\s+)?"
                          r"(?:(?:i|we|you|they|he|she)\s+)?(?:(?:need to|have to|must|should|got to|gotta)\s+)?"
                          r"(?:leave|set off|head out|wake up|get up|start|begin)\b", t)
        sign = -1 if leave or re.search(r"\b(before|earlier|ago|minus|subtract)\b|\s[-−]\s*\d", t) else 1
        # 'we eat at 19:30, the roast needs 2 h 15 min: when does it go in?': back from the time it must be done by
        done_by = re.search(r"\b(?:by|eat|eating|dinner|lunch|serve|served|serving|ready|deadline|due|be (?:there|home|at \w+)|"
                            r"get there)\s+(?:is\s+|at\s+|by\s+)*$", t[max(0, times[0][1] - 30):times[0][1]])
        if done_by and sign > 0:
            if not re.search(r"\b(?:when|what time)\b[^.?!]{0,40}\b(?:start\w*|begin\w*|go(?:es)? in|put|leave|set off|"
                             r"kick off|head out|get up|wake up)\b", t):
                return None  # a time things are done by, and not the start asked for: not sure
            sign = -1
        # 'ppl arrive at 18:00, when does it need to go in': others' arrival, and the start asked: back from it
        arrival = re.search(r"\b(?:arrive|arrives|arriving|arrival|land|lands|landing|turn up|show up|get here|come over)\s+"
                            r"(?:is\s+|at\s+|by\s+)*$", t[max(0, times[0][1] - 30):times[0][1]])
        if arrival and sign > 0 and re.search(r"\b(?:when|what time)\b[^.?!]{0,40}\b(?:start\w*|begin\w*|go(?:es)? in|put|"
                                              r"set off|kick off)\b", t[times[0][2]:]):
            sign = -1
        start = times[0][0]
        code = (f"start = {start}  # minutes after midnight\nshift = {sign * int(round(total))}\n"
                "minutes = (start + shift) % (24 * 60)\nhour = minutes // 60\nminute = minutes % 60\n"
                "suffix = 'am' if hour < 12 else 'pm'\n"
                "str((hour + 11) % 12 + 1) + ':' + str(minute).zfill(2) + ' ' + suffix")
        return Plan("time_interval", code, f"Moved the clock {sign * int(round(total))} minutes.", specificity=0.92,
                    template="time_shift")
    return None


