"""Counts of days of a kind in a named month or year: 'how many weekdays (mon-fri) in january 2027?',
'how many mondays are there in march 2027', 'how many friday the 13ths are there in 2027?', 'number of
weekend days in 2026'.

The month and year must both be written (a month alone leaves the year unsaid: declined); holidays are
never known here, so a question that asks to count them out ('excluding bank holidays') declines unless it
says to ignore them. The sandbox walks the calendar day by day.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan

__all__ = ["solve_calendar_count"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ASK = re.compile(r"^\W*(?:(?:hey|hi|ok|so|quick q|bot)\W+)*(?:how many|number of|count(?: the)?)\s+"
                  r"(?P<what>weekdays|week days|working days|work days|business days|weekend days|weekends days|"
                  r"(?P<day>mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)days|"
                  r"(?P<d13>fri)days? the 13(?:th)?s?)"
                  r"(?P<paren>\s*\((?:mon|monday)\s*(?:-|–|to)\s*(?:fri|friday)\))?"
                  r"\s+(?:are\s+)?(?:there\s+)?(?:in|during)\s+(?:(?P<month>[a-z]+)\s+)?(?P<year>(?:19|20)\d\d)\b"
                  r"(?P<rest>.*)$", re.I | re.S)
_IGNORING = re.compile(r"^\W*(?:\(?\s*(?:ignor(?:e|ing)|not counting|no|without|excluding|exclude|w/o)\s+(?:the\s+)?"
                       r"(?:public |bank |national )?holidays?\s*\)?)?\W*$|^\W*$|^\W*(?:need it|it'?s) for\b[^?]*$", re.I)


def solve_calendar_count(q: Query) -> Plan | None:
    """How many days of the kind asked fall in the month (or year) named."""
    m = _ASK.match(q.body.strip())
    if m is None:
        return None
    rest = m.group("rest")
    if re.search(r"holiday", rest, re.I) and not re.search(r"\b(?:ignor\w*|not counting|no|without)\b[^.?]*holiday", rest, re.I):
        return None  # holidays to leave out: which ones is not known here
    if not _IGNORING.match(re.sub(r"[?.!]+", " ", rest)):
        return None  # more asked than the count ('… and how many hours is that')
    year = int(m.group("year"))
    month = None
    if m.group("month"):
        word = m.group("month").lower()
        names = [i for i, name in enumerate(_MONTHS) if name.startswith(word) and len(word) >= 3]
        if len(names) != 1:
            return None
        month = names[0] + 1
    what = m.group("what").lower()
    if m.group("d13"):
        test, label = "day.day == 13 and day.weekday() == 4", "Fridays the 13th"
    elif m.group("day"):
        index = next(i for i, name in enumerate(_DAYS) if name.startswith(m.group("day").lower()[:3]))
        test, label = f"day.weekday() == {index}", _DAYS[index].capitalize() + "s"
    elif what.startswith("weekend"):
        test, label = "day.weekday() >= 5", "weekend days"
    else:
        test, label = "day.weekday() < 5", "weekdays (Mon–Fri)"
    start = f"date({year}, {month or 1}, 1)"
    end = f"date({year + (month == 12) if month else year + 1}, {(month % 12) + 1 if month else 1}, 1)"
    code = (f"from datetime import date, timedelta\n\nday = {start}\nend = {end}\ncount = 0\n"
            f"while day < end:\n    if {test}:\n        count += 1\n    day += timedelta(days=1)\ncount")
    where = f"{_MONTHS[month - 1].capitalize()} {year}" if month else str(year)
    return Plan("counting", code, f"Counted the {label} in {where}, day by day.", specificity=0.95,
                template="calendar_count")
