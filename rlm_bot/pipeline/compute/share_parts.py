"""A part's share of a whole, the part named by the question and found among labelled figures in any order.

'what percent of our fleet is electric? diesel 42 vans, electric 18 vans' (the parts add up to the whole),
'what share of installs was paid — paid 3,915 / organic 12,480', 'tables tonight: 31 walk-ins, 57 bookings. what share
were walk-ins (%)', 'monthly food budget 9,500, spent 7,790 so far. how much % of the budget is gone' (a whole named:
budget, total, out of, of the …), 'of the 640 parcels today, 48 were delivered late. what % late?'.

Each figure's label is the words of its own piece of the message (pieces are cut at commas, slashes, 'and', sentence
ends). The whole is the figure whose piece names a whole ('budget', 'total', 'out of', 'of the 640') or the thing the
question calls the whole ('% of the budget'); with no such figure the parts are siblings and the whole is their sum.
Declines when the part asked is not one figure's label, when a rate is stated, or the message asks for advice.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute.plan import Plan, lit

_ASK = re.compile(r"\bwhat(?:'s| is| was)?\s+(?:the\s+)?(?:%|percent(?:age)?|per ?cent|share|proportion)(?:\s+of)?\b|"
                  r"\bhow much\s+(?:%|percent)|\bhow many\s+(?:%|percent)|\b(?:as|in)\s+an?\s+(?:%|percent(?:age)?)\b|"
                  r"\bwhat\s+(?:%|percent(?:age)?\b)")
_ASK_TAIL = re.compile(r"[^.?!\n—–:;]*")
_NUMBER = re.compile(r"(?<![\w.,])[$€£]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)(?!\.\d)(?![a-z])")
_PIECE_CUT = re.compile(r"\s*(?:,(?!\d{3}(?!\d))|[;/|\n]|\s[-–—]\s|(?<=[a-z\d])[.?!:](?=\s|$)|\band\b|\bvs\.?(?=\s)|\bversus\b)\s*")
_WHOLE_WORDS = re.compile(r"\b(?:total|totals|budget|overall|capacity|whole|altogether|in all|allocation|allowance|headcount|"
                          r"available|started with|cap|limit)\b|\b(?:out of|of)\s+(?:the\s+|our\s+|all\s+|a\s+)?[$€£]?\d")
_NOT_LABEL = frozenset("""a an the of our my your their his her its is are was were be been so far far this that these those
    to in on at for by with from we i you they it there here what which how much many share percent percentage per cent
    proportion did do does have has had got get gone now today tonight still just only about around approx roughly
    each every than then also total all""".split())
_JUDGEMENT = re.compile(r"\b(?:should|why|explain|advice|thoughts|recommend|good|healthy|normal|reasonable|fair|worth|typical|"
                        r"benchmark|industry|compare[ds]?|draft|write|too (?:high|low|much|many))\b")
_NO = re.compile(r"\d\s*(?:%|percent\b|per ?cent\b|pct\b)|\b(?:increase|decrease|change|growth|grew|grow|drop|rise|rose|"
                 r"more than|less than|up|down|from \S+ to|margin|markup|tax|vat|tip|interest|discount|off)\b|"
                 r"\b(?:19|20)\d\d\b|\d:\d\d")


# a figure that says what happened to things ('344 accepted', 'shipped 250', '12 got returned') may count a subset of
# another figure; siblings are categories ('diesel 42 vans', '31 walk-ins', 'organic 12,480')
_DONE = re.compile(r"\b(?:[a-z]{3,}ed|sent|done|gone|left|late|made|sold|got|won|lost|open|taken|given|came|went|"
                   r"were|was|had|did)\b")


# nouns that count everything of a survey, a shop, a site: beside a count of some of them they are the whole
_EVERYTHING_COUNTED = frozenset("""responses respondents replies answers votes voters people users visitors customers orders
    sessions students staff employees members attendees participants applicants tickets calls visits""".split())


def _noun_after(piece: str) -> str | None:
    m = re.search(r"\d\s+([a-z][a-z-]+)", piece)
    return m.group(1) if m else None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]*", text) if w not in _NOT_LABEL and len(w) > 1}


def _stem(word: str) -> str:
    return re.sub(r"(?:ies|es|s)$", "", word) if len(word) > 3 else word


def _names(asked: set[str], label: set[str]) -> bool:
    return bool({_stem(w) for w in asked} & {_stem(w) for w in label})


def solve_share_of_parts(t: str) -> Plan | None:
    """The share the question's part has of the whole, the figures read by their labels; None when unsure."""
    ask = _ASK.search(t)
    if not ask or _JUDGEMENT.search(t) or _NO.search(t) or len(t) > 300:
        return None
    tail = _ASK_TAIL.match(t, ask.end()).group(0)
    if _NUMBER.search(tail):
        return None  # 'what % of 640 is 48': the plain forms read it
    asked = _words(tail)
    # the whole the question names ('% of the budget'): the word after 'of' in the ask
    named_whole = re.match(r"\s*(?:of\s+)?(?:the\s+|our\s+|my\s+|all\s+)?([a-z][a-z-]+)", tail) if re.search(
        r"\bof\s*$", ask.group(0)) or re.match(r"\s*of\b", tail) else None
    pieces = []
    for piece in _PIECE_CUT.split(t[: ask.start()] + " . " + t[ask.end() + len(tail):]):
        found = list(_NUMBER.finditer(piece))
        if len(found) > 1:
            return None  # two figures in one piece: whose label is whose?
        if found:
            pieces.append((float(found[0].group(1).replace(",", "")), piece, _words(piece)))
    if not 2 <= len(pieces) <= 8 or len({p[1] for p in pieces}) != len(pieces):
        return None
    wholes = [p for p in pieces if _WHOLE_WORDS.search(re.sub(r"\bof (?:us|them)\b", " ", p[1]))
              or named_whole and _names({named_whole.group(1)}, p[2])]
    if not wholes and len(pieces) == 2:
        counted = [_noun_after(p[1]) for p in pieces]
        if None not in counted and counted[0] != counted[1]:
            # '412 responses, 248 promoters': a count of everything beside a count of some; two other things
            # ('31 walk-ins, 57 bookings') may be siblings or a whole and its part: declined
            wholes = [p for p, noun in zip(pieces, counted) if noun in _EVERYTHING_COUNTED]
            if len(wholes) != 1:
                return None
    if len(wholes) > 1:
        return None
    whole = wholes[0] if wholes else None
    parts = [p for p in pieces if p is not whole]
    picked = [p for p in parts if _names(asked, p[2])]
    if whole is not None and len(parts) == 1 and not picked:
        picked = parts  # 'budget 9,500, spent 7,790 … % of the budget is gone': the one figure that is not the whole
    if len(picked) != 1 or (whole is None and len(parts) < 2):
        return None
    part = picked[0]
    if whole is not None:
        if whole[0] <= 0 or part[0] > whole[0] or len(parts) > 1 and sum(p[0] for p in parts) > whole[0]:
            return None
        code = f"part = {lit(part[0])}\nwhole = {lit(whole[0])}\nshare = part / whole * 100\nround(share, 2)"
        what = f"{lit(part[0])} of {lit(whole[0])}: part / whole × 100."
    else:
        if any(p[0] <= 0 for p in parts) or not all(p[2] for p in parts):
            return None  # a figure with no label of its own is no part of a named whole
        if any(_DONE.search(p[1]) for p in parts):
            return None  # 'sent 800 invites and 344 accepted': one figure may be a subset of the other, not a sibling
        code = (f"parts = {lit([p[0] for p in parts])}\npart = {lit(part[0])}\nshare = part / sum(parts) * 100\n"
                "round(share, 2)")
        what = f"{lit(part[0])} of the parts' sum {lit(sum(p[0] for p in parts))}: part / whole × 100."
    return Plan("percentage", code, what, 0.86, "pct_share_of_parts", data={"unit": "percent"})
