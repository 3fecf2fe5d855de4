"""Time-zone names people write next to clock times ('9am PST', '14:00 CET', '3pm in London', 'noon Pacific')
and their UTC offset on a given date.

A name is one of three sorts: a fixed zone (UTC, IST, JST, Tokyo, Singapore), an explicit summer-time name
(PDT, BST, CEST, AEDT) whose offset is literal, or a zone that changes with the season (Pacific, London,
Berlin, Sydney) whose offset follows the date. A standard-time abbreviation of a zone that has summer time
(PST, EST, CET, AEST) is literal in its season; in summer people still write it for the local time, so there it
is ambiguous, unless both zones compared follow the same rule (PST and EST are 3 hours apart all year). Any zone
whose clock changes ('London', 'CET') against a zone on another rule is only sure when the message writes the
date or the season: the difference changes during the year, and 'CET' is written in summer too.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["NamedZone", "ZONE_NAME_RE", "find_zone_names", "in_summer_time"]


@dataclass(frozen=True)
class NamedZone:
    """A zone name found in a text: where it is, its offset (minutes east of UTC) and how sure that is."""

    start: int
    end: int
    name: str
    offset: int
    rule: str | None  # 'us' | 'eu' | 'au' | None (no summer time)
    ambiguous: bool  # a standard-time name written in its zone's summer
    seasonal: bool = False  # a zone whose clock changes with the season ('London', 'Pacific', 'CET', 'EST')


# name: (standard offset, summer offset or None, rule, written as a standard-time abbreviation)
_ZONES: dict[str, tuple[int, int | None, str | None, bool]] = {}


def _add(names: str, std: int, dst: int | None, rule: str | None, std_abbrev: bool = False) -> None:
    for n in names.split("|"):
        _ZONES[n] = (std, dst, rule, std_abbrev)


_add("utc|gmt|zulu", 0, None, None)
_add("pst", -480, -420, "us", True)
_add("mst", -420, -360, "us", True)
_add("cst", -360, -300, "us", True)
_add("est", -300, -240, "us", True)
_add("akst", -540, -480, "us", True)
_add("pdt", -420, None, None)
_add("mdt", -360, None, None)
_add("cdt", -300, None, None)
_add("edt", -240, None, None)
_add("akdt", -480, None, None)
_add("pacific|pacific time|los angeles|san francisco|seattle|vancouver|portland", -480, -420, "us")
_add("mountain|mountain time|denver|salt lake city|calgary", -420, -360, "us")
_add("central|central time|chicago|dallas|houston|austin|mexico city", -360, -300, "us")
_add("eastern|eastern time|new york|nyc|boston|toronto|miami|atlanta|washington|montreal", -300, -240, "us")
_add("hst|hawaii|honolulu", -600, None, None)
_add("arizona|phoenix", -420, None, None)
_add("wet", 0, 60, "eu", True)
_add("cet", 60, 120, "eu", True)
_add("eet", 120, 180, "eu", True)
_add("west|bst", 60, None, None)
_add("cest", 120, None, None)
_add("eest", 180, None, None)
_add("london|uk|dublin|lisbon|edinburgh|manchester", 0, 60, "eu")
_add("paris|berlin|madrid|rome|amsterdam|brussels|vienna|zurich|stockholm|oslo|copenhagen|warsaw|prague|budapest|"
     "munich|frankfurt|milan|barcelona|central europe|central european time", 60, 120, "eu")
_add("athens|helsinki|kyiv|kiev|bucharest|sofia|riga|tallinn|vilnius", 120, 180, "eu")
_add("ist|india|mumbai|delhi|new delhi|bangalore|bengaluru|chennai|hyderabad|pune|kolkata", 330, None, None)
_add("jst|japan|tokyo|osaka", 540, None, None)
_add("kst|korea|seoul", 540, None, None)
_add("sgt|singapore", 480, None, None)
_add("hkt|hong kong", 480, None, None)
_add("china|beijing|shanghai|shenzhen|taipei|manila|perth|awst", 480, None, None)
_add("dubai|gst|abu dhabi", 240, None, None)
_add("moscow|msk", 180, None, None)
_add("aest", 600, 660, "au", True)
_add("aedt", 660, None, None)
_add("acst", 570, 630, "au", True)
_add("acdt", 630, None, None)
_add("sydney|melbourne|canberra|hobart", 600, 660, "au")
_add("adelaide", 570, 630, "au")
_add("brisbane|queensland", 600, None, None)

ZONE_NAME_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(_ZONES, key=len, reverse=True)) +
                          r")(?![\w-])")
_SHORT_CAPS = {"west", "central", "eastern", "pacific", "mountain", "uk", "india", "china", "japan", "korea"}


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


def _last_sunday(year: int, month: int) -> date:
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    return last - timedelta(days=(last.weekday() + 1) % 7)


def in_summer_time(rule: str, day: date) -> bool:
    """Whether zones following `rule` are on summer time on `day` (to the day; the switch hour is not read)."""
    y = day.year
    if rule == "us":
        return _nth_sunday(y, 3, 2) <= day < _nth_sunday(y, 11, 1)
    if rule == "eu":
        return _last_sunday(y, 3) <= day < _last_sunday(y, 10)
    if rule == "au":  # southern summer: October to April
        return not (_nth_sunday(y, 4, 1) <= day < _nth_sunday(y, 10, 1))
    return False


def find_zone_names(text: str, original: str, day: date, season: str | None = None) -> list[NamedZone]:
    """The zone names of `text` (lower case; `original` the same text as written) with their offsets on `day`;
    `season` ('winter'/'summer') overrides the date for northern zones. Three-letter abbreviations count only
    when written in capitals ('EST', not 'est')."""
    out = []
    for m in ZONE_NAME_RE.finditer(text):
        name = m.group(1)
        std, dst, rule, std_abbrev = _ZONES[name]
        written = original[m.start():m.end()] if len(original) == len(text) else name
        if len(name) <= 4 and name not in {"utc", "gmt", "nyc", "uk"} and written != name.upper():
            continue  # 'est', 'west', 'ist' as words
        if name in _SHORT_CAPS and not written[:1].isupper() and name not in {"uk"}:
            continue  # 'the central office'
        summer = False
        if rule:
            if season and rule in {"us", "eu"}:
                summer = season == "summer"
            elif season:
                return []  # a southern zone with a northern season word: not sure
            else:
                summer = in_summer_time(rule, day)
        offset = dst if summer and dst is not None else std
        out.append(NamedZone(m.start(), m.end(), name, offset, rule, ambiguous=std_abbrev and summer,
                             seasonal=bool(rule)))
    return out
