"""Yes/no questions that the message's own material settles.

A yes/no question usually asks for a verdict ('is that normal?', 'does this look fair?'), and then the
numbers around it are context. But when the question compares quantities the message states, the answer
is computed, not judged:

- 'till says 412.60, counted 409.85 in the drawer. are we short?'
- 'p95 is 420ms and the budget is 400ms — are we under budget?'
- 'freezer log says -78.5 C, spec is -80 ± 2. within spec?'
- 'Jo's done 46.5 h this week, cap is 48 — can she take a 4h extra?'
- 'are these the same? a3f9e21 vs a3f9e12'

`settled_asks(text)` yields the span of such a question. It needs three things: a yes/no question (an
opening auxiliary, a short fragment closed by '?', or a 'y/n'), a comparison in it (a comparator word, or
a limit the message states with its number), and at least two quantities (or two codes to compare) in
the message. A question that also asks for a judgement ('is that realistic?', 'is it legal under ...')
or a decision ('should we ...?') is not settled by the numbers.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from collections.abc import Iterator

# where a question's clause begins: after a sentence, a line, a dash, a colon, or a comma before an auxiliary
_CUT = re.compile(r"[.!?](?=\s)\s*|\n|[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*|\s[-–—]\s|[—–]|:\s+|,\s*(?=(?:so\s+|and\s+|but\s+)?(?:is|are|was|were|does|do|"
                  r"did|can|could|will|would|has|have|am)\b)", re.I)
# a yes/no question: an auxiliary opening the clause (after a filler), not a request to someone ('can you')
_YES_NO = re.compile(r"^\W*(?:(?:and|but|so|also|ok|okay|then|quick q|random(?: q)?|btw|hmm|right)\W+)?"
                     r"(?:is|are|was|were|does|do|did|can|could|will|would|has|have|am)\b"
                     r"(?!\s+(?:you|u|ya|someone|anyone|somebody|anybody)\b)", re.I)
# a comparison of quantities: a comparator word, or a limit/target reached
_COMPARATOR = re.compile(
    # a position against a bound, said of the material ('are we under', 'is that over', '4,580 kg under', or
    # opening a fragment: 'within spec?'), not a noun phrase's ('kids under 8')
    r"(?:^\W*|\b(?:is|are|was|were|be|been|we|it|that|this|they|she|he|i|[\d%])\s+(?:\w+\s+)?)"
    r"(?:over|under|above|below|within|beyond|short(?![- ]?(?:staffed|handed|list|term)))\b(?!-)|"
    r"\b(?:exceed(?:s|ed|ing)?|"
    r"(?:hit|hitting|reach(?:ed)?|meet|met|beat|clear(?:ed)?|pass(?:ed)?|make|made) (?:it|that|the|our|this|target|"
    r"goal|quota|limit|cap|budget|threshold|minimum|min|bar|mark)\b|same|identical|equal|match(?:es)?|"
    r"earlier|later|sooner|before|after|(?:more|less|fewer|greater|bigger|smaller|higher|lower|longer|shorter|"
    r"heavier|lighter|cheaper|faster|slower) than|at (?:least|most)|in (?:range|spec|budget)|out of (?:range|spec)|"
    r"enough (?:room|space|capacity|stock|budget|seats|hours|days)|fits?|room for|overdrawn|in the (?:red|black)|"
    r"(?:go|goes|went|be|is|are) (?:over|under|negative|positive))\b", re.I)
# a limit, a target or a spec the message states with its number ('cap is 48', 'budget 400ms', 'target 4x')
_LIMIT = re.compile(r"\b(?:limit|cap|capped|budget|target|goal|quota|threshold|spec|max(?:imum)?|min(?:imum)?|"
                    r"allowance|ceiling|floor|sla|slo|cutoff|cut-off)\b[^.?!\n\d]{0,20}[$€£]?-?\d|"
                    r"[$€£]?\d[\d,.]*\s*(?:[a-z%]{1,5}\s+)?(?:\w+\s+)?(?:limit|cap|budget|target|quota|threshold|"
                    r"max|maximum|minimum|allowance|ceiling)\b", re.I)
# a judgement or a decision asked alongside: the numbers are then context ('is that realistic?')
_JUDGED = re.compile(r"\b(?:should|shall|normal|fair|good|bad|ok|okay|reasonable|realistic|sensible|legal|legit|"
                     r"allowed|safe|risky|worth|typical|healthy|wise|enough\s*\??$|right|wrong|concern\w*|worr\w*|"
                     r"bother|matter|fine|acceptable|weird|suspicious|strange|odd|think|reckon|feel|seem\w*|look\w*|"
                     r"sound\w*|directive|law|rules?|policy|contract|too|suitable|appropriate|view|opinion|mean|means|"
                     r"imply|guarantee\w*|sure|definitely|thoughts?|permit|licen[cs]e|required|requirements?|regulations?|"
                     # a hypothetical: what the numbers will be is not stated ('once we add 3 contractors', 'after
                     # the 3 new hires join'), and a dose or a size judged for someone ('over the top for a 70 kg adult')
                     r"over the top|overkill|going to|gonna|once (?:we|they|i|the|she|he)|if (?:we|they|i)|"
                     r"after (?:we|they|i) \w+|after the [^?\n]{0,30}\b(?:join|joins|start|starts|arrive|arrives|added|hired|go live))\b", re.I)
# quantities the message states (not years, which are labels)
_NUMBER = re.compile(r"(?<![\w.])[-−]?[$€£]?\d[\d,]*(?:\.\d+)?(?:[kKmM]\b|%)?")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
# codes to compare for sameness: hashes, ids ('a3f9e21', 'e3b0c442...')
_CODE = re.compile(r"\b(?=[a-z]*\d)(?=\d*[a-z])[0-9a-z]{6,}\b", re.I)
_SAMENESS = re.compile(r"\b(?:same|identical|equal|match(?:es)?)\b", re.I)


def _question_clause(text: str) -> tuple[int, int] | None:
    """The clause of the message's last question: up to its last '?' (or 'y/n'), from the cut before it."""
    body = text.rstrip()
    yn = list(re.finditer(r"\by/n\b|\(y/n\)", body, re.I))
    q = body.rfind("?")
    end = max(q + 1, yn[-1].end() if yn else 0)
    if end <= 0:
        return None
    start = max((m.end() for m in _CUT.finditer(body, 0, max(end - 1, 0)) if m.end() < end), default=0)
    return start, end


def settled_asks(text: str) -> Iterator[tuple[int, int, str]]:
    """Span of a yes/no question that compares quantities the message states (see the module doc)."""
    span = _question_clause(text)
    if span is None:
        return
    a, b = span
    clause = text[a:b]
    words = re.findall(r"\w+", clause)
    asked = bool(_YES_NO.match(clause)) or re.search(r"\by/n\b", clause, re.I) is not None
    compared = _COMPARATOR.search(clause)
    # a short fragment ('within spec?', 'over budget?') asks yes/no only with its comparator in it
    fragment = len(words) <= 4 and clause.rstrip().endswith("?") and compared is not None
    if not (asked or fragment) or _JUDGED.search(clause):
        return
    numbers = [m.group(0) for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group(0).lstrip("$€£-−"))]
    if compared is not None and _SAMENESS.fullmatch(compared.group(0)) and len(_CODE.findall(text)) >= 2:
        yield a, b, clause  # 'are these the same? a3f9e21 vs a3f9e12'
        return
    if len(numbers) < 2:
        return
    if compared is not None or _LIMIT.search(text):
        yield a, b, clause
