"""Durations written in mixed notations, added up; a duration written in another compound unit; clock times
named with weekdays, the span between them.

(1) A list of durations to total, each in any notation people write: '1h20', '2h05', '45m', '1h15m', '12m30s',
'1 hr 35 min', and 'mm:ss' / 'h:mm' / 'h:mm:ss' lengths when the message says which they are ('(mm:ss)',
'min:sec', track / clip / call lengths) or the colon form settles it ('1:02:15'). Every number of the message
must be one of the durations (or the threshold of 'over 40h is overtime'); otherwise it declines. The total is
written the way the question asks: 'in minutes', 'in hours', 'hours and minutes', else '3 h 10 min' / '48 min 50 s'.
(2) One duration and a compound unit asked: '1847 seconds in minutes and seconds', '95 minutes in hours and minutes'.
(3) Two clock times each with a weekday ('mon 9am and thu 5pm'): the hours between them, a later weekday being
later in the same week (or the next one when the message says 'following' / 'next week').
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.dates_parse import parse_times
from rlm_bot.pipeline.compute.durations import DURATION_CODE
from rlm_bot.pipeline.compute.plan import Plan

__all__ = ["solve_compound_target", "solve_duration_sum", "solve_duration_times_count", "solve_first_last_span", "solve_log_span", "solve_pace",
           "solve_weekday_span", "solve_years_months"]

_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_H = r"(?:hours?|hrs?|h)"
_M = r"(?:minutes?|mins?|m)"
_S = r"(?:seconds?|secs?|s)"
# '1h20', '2h05', '1h15m', '7h30m', '8h', '45m', '12m30s', '1 hr 35 min', '90 sec', '2 hours and 10 minutes'
_WRITTEN = re.compile(
    r"(?<![\w.:])(?:(\d+(?:\.\d+)?)\s*" + _H + r"(?:\s*(?:and\s+)?(\d{1,2})(?:\s*" + _M + r")?(?![\w:]|\.\d))?"
    r"|(\d+(?:\.\d+)?)\s*" + _M + r"(?:\s*(?:and\s+)?(\d{1,2})\s*" + _S + r")?"
    r"|(\d+(?:\.\d+)?)\s*" + _S + r")(?![\w:]|\.\d)", re.I)
_COLON = re.compile(r"(?<![\w.:])(\d{1,3}):([0-5]\d)(?::([0-5]\d))?(?![\w:]|\.\d)")
_MIN_SEC_SAID = re.compile(r"\b(?:mm?:ss|min(?:ute)?s?\s*:\s*sec(?:ond)?s?|m:s|minutes and seconds)\b|"
                           r"\b(?:tracks?|songs?|clips?|videos?|calls?|laps?|episodes?|reels?|takes?|voice ?notes?|"
                           r"runs?|splits?|intro|outro|set ?list|tracklist|playlist|mixtape|recordings?)\b")
_HOUR_MIN_SAID = re.compile(r"\b(?:hh?:mm|hours?\s*:\s*min(?:ute)?s?|timesheet|shifts?|hours worked)\b")
_CLOCK_WORDS = re.compile(r"\b(?:am|pm|a\.m|p\.m|noon|midnight|o'?clock|at|from|until|till|to|between|starts?|"
                          r"started|ends?|ended|opened|closed|what time|when|began|begin|finish(?:ed)?|arriv\w*|depart\w*|"
                          r"pick-?ups?|drop-?offs?|log(?:ged)? ?(?:in|out)|clock(?:ed)? ?(?:in|out))\b|\d\s*(?:-|–|→)\s*\d|"
                          # a line's label naming one end ('shift_in 06:12:40', 'out: 14:05')
                          r"\b(?:in|out)\s*[:=]?\s*\d{1,2}:\d\d")
_TOTAL_ASK = re.compile(r"\b(?:total|totals|sum|add(?:ed)? (?:up|together)|add (?:these|them|those|it)|altogether|"
                        r"all together|combined|in all|all told|whole (?:thing|set|list|playlist|mix|video|album)|"
                        r"how long (?:is|was|are|were) (?:the|that|this|it|my|our) (?:whole |entire |full )?"
                        r"(?:thing|set|list|playlist|mix|mixtape|album|video|session|show|episode|runtime|run)|"
                        r"(?:total )?runtime|how much time (?:is|was|did|in)|how much time\W*$|overtime)\b")
_NOT_A_SUM = re.compile(r"\b(?:average|avg|mean|median|longest|shortest|each|per|difference|left|remaining|"
                        r"faster|slower|pace|rate|split (?:into|between|across)|divided|which|who|order|sort|rank)\b")


def _seconds_of_written(m: re.Match) -> float:
    h, h_min, mins, m_sec, secs = m.groups()
    if h is not None:
        return float(h) * 3600 + (int(h_min) * 60 if h_min else 0)
    if mins is not None:
        return float(mins) * 60 + (int(m_sec) if m_sec else 0)
    return float(secs)


def _durations(t: str) -> tuple[list[tuple[int, int, float, bool]], str] | None:
    """(start, end, seconds, has seconds) of every duration of `t` in order, and `t` with them blanked; None
    when a colon length is not sure to be mm:ss or h:mm."""
    found: list[tuple[int, int, float, bool]] = []
    colons = list(_COLON.finditer(t))
    three = [c for c in colons if c.group(3)]
    two = [c for c in colons if not c.group(3)]
    if two:
        said_ms, said_hm = bool(_MIN_SEC_SAID.search(t)), bool(_HOUR_MIN_SAID.search(t))
        if three:  # '1:02:15, 58:40': an a:b beside h:mm:ss lengths is m:ss
            said_ms, said_hm = True, False
        if said_ms == said_hm:
            return None
    for c in colons:
        a, b, s = int(c.group(1)), int(c.group(2)), c.group(3)
        if s is not None:
            found.append((c.start(), c.end(), a * 3600 + b * 60 + int(s), True))
        elif said_ms:
            found.append((c.start(), c.end(), a * 60 + b, True))
        else:
            found.append((c.start(), c.end(), a * 3600 + b * 60, False))
    blank = _COLON.sub(lambda m: " " * len(m.group(0)), t)
    for m in _WRITTEN.finditer(blank):
        found.append((m.start(), m.end(), _seconds_of_written(m), m.group(4) is not None or m.group(5) is not None))
    blank = _WRITTEN.sub(lambda m: " " * len(m.group(0)), blank)
    return sorted(found), blank


def _shown(t: str, seconds_code: str, with_seconds: bool) -> str:
    """Code writing `seconds` as the question asks."""
    if re.search(r"\bhours? and min(?:ute)?s?\b|\bh(?:ours)? ?and ?m(?:in)?\b", t):
        return seconds_code + "minutes = round(seconds / 60)\nhm(minutes)"
    if re.search(r"\bmin(?:ute)?s? and sec(?:ond)?s?\b", t):
        return seconds_code + "m, s = divmod(round(seconds), 60)\nstr(m) + ' min ' + str(s) + ' s'"
    if re.search(r"\b(?:in|how many|total|number of)\s+min(?:ute)?s\b|\bmin(?:ute)?s (?:in )?total\b", t):
        return seconds_code + "value = round(seconds / 60, 2)\nf'{value:g} minutes'"
    if re.search(r"\b(?:in|how many|total|number of)\s+(?:hours|hrs)\b|\b(?:hours|hrs) (?:in )?total\b", t):
        return seconds_code + "value = round(seconds / 3600, 2)\nf'{value:g} hours'"
    if with_seconds:
        return seconds_code + "hms(round(seconds))"
    return seconds_code + "hm(round(seconds / 60))"


# a meeting's name, not a number: '40m 1:1', 'two 1-on-1s'
_ONE_ON_ONE = re.compile(r"(?<![\w:])1\s*(?::|-on-|on)\s*1(?:s|'s)?(?![\w:])")


def solve_duration_sum(q: Query) -> Plan | None:
    """'segments ran 1h20, 45m, 2h05 and 35m. total?', 'sum these call durations (mm:ss) 12:40 8:15 …'."""
    t = _ONE_ON_ONE.sub("one-on-one", q.lower)
    if not _TOTAL_ASK.search(t) or _NOT_A_SUM.search(t) or re.search(r"[*/×=]|\bminus\b|\bless\b", t):
        return None
    read = _durations(t)
    if read is None:
        return None
    found, rest = read
    if len(found) < 2 or any(not s for _, _, s, _ in found):
        return None
    # '2:15 + 1:50 + 0:40': a '+' only ever between two of the durations
    plus = [i for i, ch in enumerate(t) if ch == "+"]
    gaps = [(e1, s2) for (_, e1, _, _), (s2, _, _, _) in zip(found, found[1:])]
    if plus and not all(any(e1 <= i < s2 and re.fullmatch(r"\s*\+\s*", t[e1:s2]) for e1, s2 in gaps) for i in plus):
        return None
    rest = rest.replace("+", " ")
    labels = rest.replace("_", " ")  # ('session_start 14:03:12': the label's words)
    colon_clock = any(":" in t[a:b] for a, b, _, _ in found) and (_CLOCK_WORDS.search(labels) or any(
        re.fullmatch(r"\s*(?:-|–|—|→|->|to|until|till|thru|through)\s*", t[e1:s2])
        for (_, e1, _, _), (s2, _, _, _) in zip(found, found[1:])))
    if colon_clock:
        return None  # '12:40' beside 'at' / 'from' / 'am': times of day, not lengths
    threshold = None
    over = re.search(r"\b(?:over|above|beyond|past|more than)\s*$", t[:found[-1][0]])
    if "overtime" in t:
        cut = [i for i, (a, _, _, _) in enumerate(found) if re.search(r"\b(?:over|above|beyond|past|more than|after)\s*$",
                                                                      t[max(0, a - 15):a])]
        if len(cut) != 1 or len(found) < 3:
            return None
        threshold = found.pop(cut[0])[2]
    elif over:
        return None
    if re.search(r"\d", rest) and not re.fullmatch(r"[^\d]*", rest):
        return None  # a number that is no duration: read only in part
    with_seconds = any(s % 60 for _, _, s, _ in found) or all(secs for *_, secs in found)
    pieces = ", ".join(t[a:b].strip() for a, b, _, _ in found)
    secs = [int(s) if float(s).is_integer() else round(s, 3) for _, _, s, _ in found]
    code = DURATION_CODE + f"seconds = sum({secs})  # {pieces}\n"
    if threshold is not None:
        code += f"seconds = max(0, seconds - {int(threshold)})  # what runs over the {threshold / 3600:g} h\n"
    code = _shown(t, code, bool(with_seconds))
    what = "the time over the threshold" if threshold is not None else "the total"
    return Plan("time_interval", code, f"Read the {len(found)} durations in their notations as seconds and wrote {what}.",
                specificity=0.935, template="duration_sum")


def solve_compound_target(q: Query) -> Plan | None:
    """'1847 seconds, what's that in minutes and seconds', '95 minutes in hours and minutes'."""
    t = q.lower
    ask = re.search(r"\b(?:in|into|as|to)\s+(hours?|hrs?|h)\s*(?:and|&|\+)\s*(minutes?|mins?|m)\b|"
                    r"\b(?:in|into|as|to)\s+(minutes?|mins?|m)\s*(?:and|&|\+)\s*(seconds?|secs?|s)\b|"
                    r"\b(?:in|into|as|to)\s+(h:mm|hh:mm|mm:ss|m:ss|h:mm:ss|hh:mm:ss)\b", t)
    if not ask:
        return None
    nums = list(re.finditer(r"(?<![\w.:])(\d+(?:[.,]\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)(?![\w:])", t))
    if len(nums) != 1 or len(re.findall(r"\d+(?:[.,]\d+)?", re.sub(r"\b(?:h:mm|hh:mm|mm:ss|m:ss|h:mm:ss|hh:mm:ss)\b",
                                                                      "", t))) != 1:
        return None  # one quantity, every number read
    n = float(nums[0].group(1).replace(",", ""))
    seconds = n * _UNIT_SECONDS[nums[0].group(2)[0]]
    if ask.group(1):
        return None  # hours and minutes: the unit converters write them, with the decimal hours beside
    if ask.group(3):
        if not float(seconds).is_integer():
            return None
        code = f"seconds = {int(seconds)}  # {nums[0].group(0)}\nm, s = divmod(seconds, 60)\nstr(m) + ' min ' + str(s) + ' s'"
    else:
        form = ask.group(5)
        if not float(seconds).is_integer():
            return None
        if form in {"h:mm", "hh:mm"}:
            if seconds % 60:
                return None
            code = (f"minutes = {int(seconds // 60)}\nh, m = divmod(minutes, 60)\n"
                    f"{'str(h).zfill(2)' if form == 'hh:mm' else 'str(h)'} + ':' + str(m).zfill(2)")
        elif form in {"mm:ss", "m:ss"}:
            code = f"seconds = {int(seconds)}\nm, s = divmod(seconds, 60)\nstr(m) + ':' + str(s).zfill(2)"
        else:
            code = (f"seconds = {int(seconds)}\nh, rest = divmod(seconds, 3600)\nm, s = divmod(rest, 60)\n"
                    "str(h) + ':' + str(m).zfill(2) + ':' + str(s).zfill(2)")
    return Plan("conversion", code, "Wrote the duration in the compound unit asked.", specificity=0.95,
                template="compound_target")


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = r"(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday|\.)?"
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_AT = re.compile(r"\b" + _WEEKDAY + r"\b,?\s*(?:at\s+|@\s*)?" + _CLOCK + r"(?![\w:])")


def solve_weekday_span(q: Query) -> Plan | None:
    """'hrs between mon 9am and thu 5pm same week?', 'ticket opened Thursday 3pm, closed Monday 10am'."""
    t = q.lower
    if not re.search(r"\bhow (?:many|much) (?:\w+ )?(?:hours|hrs|minutes|mins|time)\b|\bhow long\b|\b(?:hours|hrs)\b"
                     r"(?: (?:between|from|open|is that|elapsed))?", t):
        return None
    found = list(_AT.finditer(t))
    if len(found) != 2 or re.search(r"\b(?:utc|gmt|[a-z]st|[a-z]dt|cet|cest|bst|ist|aest)\b", t):
        return None
    if re.search(r"\d", _AT.sub(" ", t)):
        return None  # another number (a break, a second week): read in part
    if re.search(r"\b(?:each|every|per|minus|less|break|lunch|excluding|business|working|work hours|office hours)\b", t):
        return None
    at = []
    for m in found:
        day, h, mm, ampm = m.group(1), int(m.group(2)), int(m.group(3) or 0), m.group(4)
        if ampm is None and not m.group(3):
            return None  # 'mon 9' may be a date
        if ampm:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if ampm[0] == "p" else 0)
        elif h > 23:
            return None
        at.append((_DAYS.index(day), h * 60 + mm, m.group(0).strip()))
    (d1, m1, w1), (d2, m2, w2) = at
    days = (d2 - d1) % 7
    if days == 0 and m2 <= m1:
        days = 7
    if re.search(r"\b(?:following|next) week\b|\bweek after\b", t):
        if d2 > d1 or (d2 == d1 and m2 > m1):
            days += 7
    elif d2 < d1 and re.search(r"\bsame week\b", t):
        return None
    minutes = days * 1440 + m2 - m1
    if minutes <= 0:
        return None
    if re.search(r"\b(?:how many )?(?:minutes|mins)\b", t):
        code = f"minutes = {days} * 24 * 60 + {m2} - {m1}  # {w1} to {w2}\nstr(minutes) + ' minutes'"
    else:
        code = (DURATION_CODE + f"minutes = {days} * 24 * 60 + {m2} - {m1}  # {w1} to {w2}, {days} day(s) on\n"
                "hours = minutes / 60\n(f'{hours:g} h' if minutes % 60 == 0 else hm(minutes) + f' ({round(hours, 2):g} hours)')")
    return Plan("time_interval", code, f"Counted {days} day(s) from {w1} to {w2} and the clock difference.",
                specificity=0.945, template="weekday_span")


_FIRST_LAST = re.compile(r"\bfirst\b[^.?!\d]{0,40}\b(?:to|and|till|until|through|->|→)\s+(?:the\s+)?(?:very\s+)?last\b|"
                         r"\bfirst to last\b|\bstart of the first\b[^.?!\d]{0,30}\bend of the last\b")


def solve_first_last_span(q: Query) -> Plan | None:
    """'paged at 03:12, 03:40 and 04:05, how long between the first and the last page?': the clock times in the
    order written, the span from the first to the last (past midnight when a later time reads smaller)."""
    t = q.lower
    if not _FIRST_LAST.search(t) or not re.search(r"\bhow long\b|\bhow (?:many|much) (?:\w+ )?(?:time|hours|minutes|"
                                                   r"hrs|mins)\b|\btime (?:between|from)\b|\bspan\b|\belapsed\b", t):
        return None
    times = parse_times(t)
    if len(times) < 3:
        return None
    rest = t
    for _, a, b in reversed(times):
        rest = rest[:a] + " " + rest[b:]
    if re.search(r"\d", rest) or re.search(r"\b(?:each|every|average|per|gap|gaps|longest|shortest|minus|break)\b", t):
        return None  # a date, a duration, or another measure: read in part
    steps = [(b - a) % 1440 for (a, _, _), (b, _, _) in zip(times, times[1:])]
    if sum(steps) >= 1440:
        return None
    code = (DURATION_CODE + f"times = {[m for m, _, _ in times]}  # minutes after midnight, in the order written\n"
            "minutes = sum((b - a) % (24 * 60) for a, b in zip(times, times[1:]))  # first to last, past midnight\n"
            + ("str(minutes) + ' minutes'" if re.search(r"\b(?:in|how many)\s+min(?:ute)?s\b", t) else "hm(minutes)"))
    return Plan("time_interval", code, "Took the span from the first clock time to the last, in the order written.",
                specificity=0.94, template="first_last_span")


_COUNT_NOUN = re.compile(r"(?<![\w.:])(\d+)\s+(?:more\s+|of\s+(?:the|those|these)\s+)?(weeks|days|working days|work days|"
                         r"business days|weekdays|sessions|times|classes|lessons|episodes|meetings|calls|shifts|"
                         r"rounds|runs|games|matches|sprints|visits|appointments|patients|students|reps|sets)\b")
_WEEKLY = re.compile(r"\b(?:weekly|every week|each week|a week|per week|/week|/wk|once a week)\b")
_DAILY = re.compile(r"\b(?:daily|every (?:day|weekday|morning|evening|night)|each (?:day|weekday)|a day|per day|/day)\b")


def solve_duration_times_count(q: Query) -> Plan | None:
    """'weekly forecast call is 45 min, 13 weeks in the quarter: total time?', '20 sessions of 1h15, how many hours
    altogether?': one duration repeated a stated number of times (the count names what repeats)."""
    t = _ONE_ON_ONE.sub("one-on-one", q.lower)
    if not re.search(r"\b(?:total|in total|altogether|all together|combined|in all|all told|how much time|how long "
                     r"(?:in total|altogether|overall))\b|\bhow many (?:hours|hrs|minutes|mins)\b", t):
        return None
    if re.search(r"\b(?:each|per|every|a) (?:person|head|attendee|student|member|one)\b|\bpeople\b|\b(?:minus|less|"
                 r"except|skip\w*|cancel\w*|off|holiday\w*|break|left|remaining|average)\b|[+*/×x=%$€£]", t):
        return None  # people times hours (person-hours), or some taken away: not one repeat count
    read = _durations(t)
    if read is None:
        return None
    found, rest = read
    counts = list(_COUNT_NOUN.finditer(rest))
    if len(found) != 1 or len(counts) != 1 or re.search(r"\d", _COUNT_NOUN.sub(" ", rest)):
        return None
    n, noun = int(counts[0].group(1)), counts[0].group(2)
    if noun == "weeks" and not _WEEKLY.search(t) or noun in {"days", "weekdays", "working days", "work days",
                                                              "business days"} and not _DAILY.search(t):
        return None  # '45 min … 13 weeks' needs the 45 min to be a week's
    if noun in {"weeks", "days"} and (_WEEKLY.search(t) and _DAILY.search(t)):
        return None
    if not 1 < n <= 1000:
        return None
    seconds = found[0][2]
    with_seconds = bool(seconds % 60)
    code = DURATION_CODE + f"seconds = {int(seconds) if float(seconds).is_integer() else seconds} * {n}  # {t[found[0][0]:found[0][1]].strip()} x {n} {noun}\n"
    code = _shown(t, code, with_seconds)
    return Plan("time_interval", code, f"Multiplied the duration by the {n} {noun} it repeats over.", specificity=0.93,
                template="duration_times_count")


_DIST = re.compile(r"(?<![\w.:])(\d+(?:\.\d+)?)\s*(km|kms|kilomet(?:er|re)s?|k|mi|miles?|m|met(?:er|re)s?)(?![\w:])")


def solve_pace(q: Query) -> Plan | None:
    """'my run was 10.5 km in 58:48, pace per km?', 'ran 5 miles in 42 minutes, what's my pace': time over distance,
    as m:ss per unit; an a:b time is read as mm:ss or h:mm by which gives a pace a person can run or walk."""
    t = q.lower
    per = re.search(r"\bpace\b|\bmin(?:ute)?s?\s*(?:/|per)\s*(?:km|mi|mile|k)\b|\bhow (?:long|many minutes) per (?:km|mile|k)\b", t)
    if not per:
        return None
    unit_asked = re.search(r"(?:per|/|a)\s*(km|kilomet(?:er|re)|k|mi|mile)\b", t)
    dists = list(_DIST.finditer(t))
    if len(dists) != 1 or dists[0].group(2) in {"m"} or dists[0].group(2).startswith("met"):
        return None
    dist_unit = "km" if dists[0].group(2).startswith("k") else "mi"
    asked = ("km" if unit_asked.group(1).startswith("k") else "mi") if unit_asked else dist_unit
    if asked != dist_unit:
        return None  # a pace per mile of a run in km: not read here
    rest = t[:dists[0].start()] + " " + t[dists[0].end():]
    colons = list(_COLON.finditer(rest))
    written = list(_WRITTEN.finditer(_COLON.sub(lambda m: " " * len(m.group(0)), rest)))
    if len(colons) + len(written) != 1:
        return None
    distance = float(dists[0].group(1))
    lo, hi = (120, 1200) if dist_unit == "km" else (190, 1900)  # seconds per km / mile: running to walking
    if colons:
        c = colons[0]
        leftover = rest[:c.start()] + rest[c.end():]
        if c.group(3):
            candidates = [int(c.group(1)) * 3600 + int(c.group(2)) * 60 + int(c.group(3))]
        else:
            candidates = [int(c.group(1)) * 60 + int(c.group(2)), int(c.group(1)) * 3600 + int(c.group(2)) * 60]
        fits = [s for s in candidates if lo <= s / distance <= hi]
        if len(fits) != 1:
            return None
        seconds = fits[0]
    else:
        w = written[0]
        leftover = rest[:w.start()] + rest[w.end():]
        seconds = _seconds_of_written(w)
        if not lo <= seconds / distance <= hi:
            return None
    if re.search(r"\d", leftover) or distance <= 0:
        return None
    code = (f"seconds = {seconds}  # the time\ndistance = {distance}  # {dist_unit}\n"
            "pace = round(seconds / distance)  # seconds per " + dist_unit + "\nm, s = divmod(pace, 60)\n"
            f"str(m) + ':' + str(s).zfill(2) + ' per {dist_unit} (' + str(m) + ' min ' + str(s) + ' s)'")
    return Plan("time_interval", code, f"Divided the time by the distance: the pace per {dist_unit}.", specificity=0.94,
                template="pace")


_STAMP = re.compile(r"^\s*\[?(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(z|[+-]\d{2}:?\d{2})?\]?(?=\s|$)")


def solve_log_span(q: Query) -> Plan | None:
    """'how long did this restart loop last (first to last line)?' over log lines that each open with an ISO
    timestamp: the span from the first line's stamp to the last line's (dates and all, past midnight too)."""
    t = q.lower
    if not re.search(r"\bhow long\b|\bduration\b|\belapsed\b|\btime span\b|\bspan\b", t) or \
            not re.search(r"\bfirst\b[^\n]{0,40}\blast\b|\bstart to (?:end|finish)\b|\bhow long did (?:this|that|it|the)\b[^\n]*"
                          r"\b(?:last|take|run)\b", t):
        return None
    lines = [x for x in q.body.splitlines() if x.strip() and not x.strip().startswith("```")]
    stamped = [(i, _STAMP.match(x.lower())) for i, x in enumerate(lines)]
    logs = [(i, m) for i, m in stamped if m]
    if len(logs) < 2:
        return None
    first_i = logs[0][0]
    if any(m is None for i, m in stamped[first_i:]) or first_i > 2:
        return None  # a block of stamped lines, after the question, and nothing else
    if re.search(r"\b(?:each|every|between (?:each|the \w+ and)|average|longest|gap|gaps|per)\b", t):
        return None
    zones = {m.group(7) or "" for _, m in logs}
    if len(zones) != 1:
        return None  # stamps in different offsets: not read here
    stamps = [tuple(int(m.group(k)) for k in range(1, 7)) for _, m in logs]
    code = (DURATION_CODE + "from datetime import datetime\n"
            f"first = datetime{stamps[0]}\nlast = datetime{stamps[-1]}\n"
            "seconds = int((last - first).total_seconds())\n"
            "hms(seconds)")
    return Plan("time_interval", code, "Subtracted the first line's timestamp from the last line's.", specificity=0.94,
                template="log_span")


_YM = r"(years?|yrs?|months?|mos?|mths?)"


def solve_years_months(q: Query) -> Plan | None:
    """'3.5 years in months?', 'contract is 30 months, how many years is that': years and months, 12 to a year (the
    one calendar conversion that is exact; months to weeks or days is not, so it is left alone). The message holds
    one number, the amount of years or months, and asks for the other unit."""
    t = q.lower.strip()
    amounts = list(re.finditer(r"(?<![\w.])(\d+(?:\.\d+)?)\s*" + _YM + r"(?![\w])", t))
    if len(amounts) != 1 or len(re.findall(r"\d+(?:\.\d+)?", t)) != 1:
        return None
    n, src = amounts[0].group(1), amounts[0].group(2)
    asks = [m for m in re.finditer(r"\b(?:how many|in|into|to|as)\s+" + _YM + r"\b", t)
            if m.start() >= amounts[0].end() or m.group(0).startswith("how many")]
    if len(asks) != 1 or re.search(r"\b(?:per|a|each|every|old|ago|left|since|until|till|from|after|before|interest|"
                                   r"rate|paid|pay|salary|rent|cost|costs|\$|€|£)\b|[$€£%]", t):
        return None
    dst = asks[0].group(1)
    src_y, dst_y = src.startswith("y"), dst.startswith("y")
    if src_y == dst_y:
        return None
    code = (f"value = {n}  # {src}\nresult = value * 12 if {src_y} else value / 12\n"
            f"str(int(result) if result == int(result) else round(result, 4)) + ' {'years' if dst_y else 'months'}'")
    return Plan("conversion", code, "Converted with 12 months to a year.", specificity=0.95, template="years_months")
