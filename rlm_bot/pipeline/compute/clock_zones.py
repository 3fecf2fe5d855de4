"""Clock times with explicit UTC offsets: a local time in another zone, and a span between two local times.

It reads (1) the material: each clock time and the offset written next to it ('16:00 UTC+1', '10:20
(UTC+1)', '09:30 in Berlin (UTC+1)', '8am Sydney' when Sydney's offset is named elsewhere, '09:00 UTC');
(2) the question: a time in the one offset left over ('what's that in UTC-7', 'what time in India
(UTC+5:30)?') or a duration ('how long is the flight', 'flight time?'); and (3) writes the code. Offsets
may be half or quarter hours. It declines when a time has no offset, or the zone asked is not sure.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.dates_parse import chat_words, dates_with_relative, parse_times
from rlm_bot.pipeline.compute.durations import DURATION_CODE
from rlm_bot.pipeline.compute.plan import Plan
from rlm_bot.pipeline.compute.zone_names import NamedZone, find_zone_names

_OFFSET = re.compile(r"\b(?:utc|gmt)(?:\s*([+\-−–])\s*(\d{1,2})(?:[:.]?(\d{2}))?(?!\d|[:.]\d))?")
_LABEL = re.compile(r"([a-z][a-z ]{1,20}?)\s*\(?\s*$")
_LABEL_STOP = {"is", "at", "in", "the", "to", "and", "or", "what", "time", "local", "that", "it", "its", "it's", "from",
               "arr", "dep", "arrive", "arriving", "depart", "departs", "lands", "leaves", "of", "s", "call", "utc", "gmt"}
_DURATION = re.compile(r"\b(?:how long|duration|flight time|flying time|travel time|journey time|time in the air|"
                       r"how many hours|how many minutes|elapsed)\b")
_WHAT_TIME = re.compile(r"=\s*\?+\s*[a-z ]{2,20}$|\b(?:in|to|into)\s+[a-z ]{2,20}?\s*\??\s*$|\bwhat time\b|\bwhat(?:'s| is|s) (?:that|this|it)\b|\bconvert\b|\bwhen\b.*\bin\b|\bin\s+[a-z ]{0,20}\??$")

_STARTS = re.compile(r"\b(?:depart\w*|dep|leav\w*|left|takes? off|took off|take-off|takeoff|boards?|boarding|"
                     r"starts?|started)\b[^\d]{0,20}$")
_ENDS = re.compile(r"\b(?:land\w*|arriv\w*|arr|gets? in|got in|reach\w*|touch\w* down|ends?|ended)\b[^\d]{0,20}$")
_CODE = (
    "def clock(minutes):\n"
    "    minutes = minutes % 1440\n"
    "    h, m = divmod(minutes, 60)\n"
    "    return str(h).zfill(2) + ':' + str(m).zfill(2) + ' (' + str((h + 11) % 12 + 1) + ':' + str(m).zfill(2) + "
    "(' am' if h < 12 else ' pm') + ')'\n"
) + DURATION_CODE


def _offsets(t: str) -> list[tuple[int, int, int, str]]:
    """(start, end, offset in minutes, the place named before it) for each UTC offset written."""
    out = []
    for m in _OFFSET.finditer(t):
        minutes = 0
        if m.group(1):
            minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
            if minutes > 14 * 60:
                continue
            minutes = -minutes if m.group(1) != "+" else minutes
        label = _LABEL.search(t[max(0, m.start() - 24):m.start()])
        words = [w for w in (label.group(1).split() if label else []) if w not in _LABEL_STOP]
        out.append((m.start(), m.end(), minutes, " ".join(words[-2:])))
    return out


def names_offsets(t: str) -> bool:
    """Whether `t` writes a UTC offset (then plain clock arithmetic, which would ignore it, must not answer).
    Zone abbreviations are not read: people write 'EST' or 'PST' all year, in summer time too."""
    return bool(re.search(r"\b(?:utc|gmt)\s*[+\-−–]\s*\d", t))


_SEASON = re.compile(r"\b(?:in |during |\()?(winter|summer)(?: time)?\b")
_NO_SUMMER = re.compile(r"\b(?:no|not|without|outside(?: of)?|isn'?t|not in)\s+(?:in\s+)?(?:summer ?time|daylight sav\w*|dst)\b|"
                        r"\bstandard time\b")
# a month named without a day: the northern zones' clocks are sure in these (not in March, April or October)
_WINTER_MONTHS = re.compile(r"\b(?:it'?s|in|during|(?:this|next|last) \w+ is)\s+(november|december|january|february)\b")
_SUMMER_MONTHS = re.compile(r"\b(?:it'?s|in|during)\s+(may|june|july|august|september)\b")


def _season(t: str) -> str | None:
    """'winter' / 'summer' as the message says it ('it's december so no summer time', 'in summer'), or None."""
    if _NO_SUMMER.search(t):
        return "winter"
    said = _SEASON.search(t)
    if said:
        return said.group(1)
    if _WINTER_MONTHS.search(t):
        return "winter"
    if _SUMMER_MONTHS.search(t):
        return "summer"
    return None


def _named_offsets(t: str, q: Query) -> list[tuple[int, int, int, str]]:
    """(start, end, offset, name) of the zone names written ('9am PST in EST', '3pm London -> New York'), when
    their offsets are sure on the day meant (a date written, else today); [] when not."""
    found = dates_with_relative(t, q.today)
    day = found[0][0] if found else q.today
    zones = find_zone_names(t, q.body if len(q.body) == len(t) else "", day, _season(t))
    merged: list[NamedZone] = []
    for z in zones:  # 'Sydney (AEDT)': one zone named twice, the explicit name wins
        if merged and re.fullmatch(r"[\s(]*(?:time\s*)?[\s(]*", t[merged[-1].end:z.start]):
            if z.offset != merged[-1].offset and not (merged[-1].rule and not z.rule):
                return []
            merged[-1] = NamedZone(merged[-1].start, z.end, z.name, z.offset, z.rule, z.ambiguous) \
                if not z.rule else merged[-1]
            continue
        merged.append(z)
    if len(merged) < 2:
        return []
    season = _season(t)
    for z in merged:  # 'PST' in July means Pacific time: sure only against a zone on the same rule
        if z.ambiguous and any(o.rule != z.rule for o in merged):
            return []
        # 'London' against 'Tokyo', 'CET' against 'UTC': the gap changes with the season, so the message must say when
        if z.seasonal and not (found or season) and any(o.rule != z.rule for o in merged):
            return []
    return [(z.start, z.end, z.offset, z.name) for z in merged]


def solve_zone_time(q: Query) -> Plan | None:
    """'what time is it in Mumbai (UTC+5:30) when it's 09:00 UTC?', 'call is at 16:00 UTC+1, what's that in UTC-7?',
    'flight departs 10:20 (UTC+1) and lands 13:05 local time (UTC-4). how long is the flight?'."""
    t = chat_words(q.lower)
    if re.search(r"\b(?:utc|gmt)\s*[+\-−–]\s*\d", t):
        offsets = _offsets(t)
    else:
        offsets = _named_offsets(t, q)
    if not offsets:
        return None
    times = [x for x in parse_times(t) if not any(a <= x[1] < b for a, b, _, _ in offsets)]
    if not times or len(times) > 2:
        return None
    used: set[int] = set()
    zoned = []
    for minutes, start, end in times:
        zone = None
        for i, (a, b, off, _) in enumerate(offsets):
            between = t[end:a]
            if i not in used and 0 <= a - end <= 26 and not re.search(r"\d", between) and \
                    re.fullmatch(r"[\s(]*(?:(?:local(?: time)?|in [a-z ]{1,16}?|[a-z]{1,14})[\s(]*)?", between):
                zone = i
                break
        if zone is None:  # '8am Sydney' with Sydney's offset named elsewhere
            after = re.match(r"\s*(?:in\s+)?([a-z][a-z ]{1,20})", t[end:])
            for i, (_, _, _, label) in enumerate(offsets):
                if i not in used and label and after and after.group(1).startswith(label):
                    zone = i
                    break
        if zone is None:
            return None
        used.add(zone)
        zoned.append((minutes, offsets[zone][2]))
    left = [o for i, o in enumerate(offsets) if i not in used]
    if len(zoned) == 2 and not left and _DURATION.search(t):
        (a, oa), (b, ob) = zoned
        first, second = (t[max(0, x[1] - 30):x[1]] for x in times)
        if _ENDS.search(first) or _STARTS.search(second):  # 'I land at 18:40 BST, departed 09:15 EDT'
            if not (_ENDS.search(first) and _STARTS.search(second)):
                return None  # which time starts the span is not sure
            (a, oa), (b, ob) = (b, ob), (a, oa)
        code = (_CODE + f"depart = {a} - ({oa})  # {a // 60:02d}:{a % 60:02d} at UTC{oa / 60:+g}, in minutes UTC\n"
                f"arrive = {b} - ({ob})  # {b // 60:02d}:{b % 60:02d} at UTC{ob / 60:+g}\n"
                "minutes = (arrive - depart) % 1440\nhm(minutes)")
        return Plan("time_interval", code, "Took each local time back to UTC by its offset, then subtracted "
                    "(an arrival earlier on the clock is the next day).", specificity=0.95, template="zone_span")
    undated = t
    for _, a, b, _ in sorted(dates_with_relative(t, q.today), key=lambda d: -d[1]):  # 'in CET on 3 Feb 2027?'
        undated = re.sub(r"\s*(?:on|for)?\s*$", "", undated[:a]) + " " + undated[b:]
    if len(zoned) == 1 and _WHAT_TIME.search(undated.strip()) and not _DURATION.search(t):
        if len(left) != 1:
            asked = re.search(r"\bin\s+([a-z][a-z ]{1,20}?)\s*(?:\?|$|\(|\bwhen\b)", t)
            left = [o for o in left if asked and o[3] and asked.group(1).startswith(o[3])]
            if len(left) != 1:
                return None
        (a, oa), to = zoned[0], left[0][2]
        code = (_CODE + f"local = {a}  # {a // 60:02d}:{a % 60:02d} at UTC{oa / 60:+g}\n"
                f"utc = local - ({oa})\nthere = utc + ({to})  # at UTC{to / 60:+g}\n"
                "day = (' (the next day)' if there >= 1440 else ' (the day before)' if there < 0 else '')\n"
                "clock(there) + day")
        return Plan("time_interval", code, "Took the time back to UTC by its offset, then forward by the other "
                    "zone's offset.", specificity=0.95, template="zone_time")
    return None
