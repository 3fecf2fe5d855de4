"""Computation triggers: the words and data in a query that say 'this is better computed than reasoned'.

Two kinds of evidence are scored separately and both are needed: an *operation* asked for
(how many, sort, average, days between, ...) and *operands* written in the query itself (numbers,
a list, dates, clock times, a quoted string). "How many people live in France?" has the first but
not the second; "I have 3 meetings today" has the second but asks nothing. Cues that the user wants
an explanation or code rather than a result ("best way to", "explain", "in Python") count against.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# kind -> pattern of an operation being asked for
OPERATION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.I)) for k, p in (
    ("arithmetic", r"\b(calculate|compute|evaluate|work out|figure out|solve|sum of|product of|squared|cubed|"
                   r"square root)\b|\d\s*(?:plus|minus|times|divided by|multiplied by|to the power of)\s*\d|"
                   r"\d\s*[-+*/×÷^x]\s*\(?-?\d|\)\s*[-+*/]|=\s*\??\s*$"),
    ("percentage", r"\d[\d,]*(?:\.\d+)?\s*%|\bpercent(age)?\b|\bper cent\b|\btip\b|\bdiscount\b|\binterest\b"),
    ("counting", r"\bhow many\b|\bcount\b|\bnumber of\b|\bhow often\b"),
    ("quantity", r"\bhow (much|long|far|old|fast|tall|heavy)\b|\bwhat (?:is|was|will be|'s) the (total|sum|"
                 r"cost|price|average|difference|remainder|balance|profit|result|answer|area|perimeter|volume|"
                 r"speed|rate|ratio)\b|\bin total\b|\baltogether\b|\bin all\b|\bleft over\b|\bremain"),
    ("sorting", r"\b(sort|alphabeti[sz]e|order (?:these|them|the following|by)|arrange|rank)\b"),
    ("statistics", r"\b(average|mean|median|mode|std dev|standard deviation|variance|max(imum)?|min(imum)?|"
                   r"largest|smallest|highest|lowest)\b"),
    ("date_math", r"\b(days? (?:between|until|since|from|after|before|ago|later)|weeks? (?:between|until|from|"
                  r"after|ago)|what day|which day|day of the week|weekday|what (?:is the )?date|how old)\b"),
    ("time_interval", r"\b(how long|what time|hours? (?:between|from|after|later)|minutes? (?:between|from|"
                      r"after|later)|duration|elapsed)\b"),
    ("conversion", r"\b(convert|in (?:km|miles|celsius|fahrenheit|kg|pounds|lbs|meters|feet|inches|minutes|hours|"
                   r"seconds|days|weeks|mb|gb|kb|bytes))\b"),
    ("boolean", r"\b(true|false)\b.*\b(and|or|not)\b|\b(and|or|not)\b.*\b(true|false)\b"),
    ("string_op", r"\b(reverse|upper ?case|lower ?case|title ?case|palindrome|anagram|backwards)\b"),
    ("brackets", r"\b(balanced|parenthes[ie]s|brackets)\b"),
    ("filtering", r"\b(which (?:of these|ones|numbers)|filter|even|odd|prime|divisible|duplicates?|unique)\b"),
    ("state_tracking", r"\b(swap|switch|trade)s? (partners|balls|books|positions|gifts|presents)\b|"
                       r"\breturn to the starting point\b|\btells the truth\b"),
    ("ordering_puzzle", r"\b(leftmost|rightmost|second from the|finished (?:first|last|above|below)|"
                        r"older than|newer than|more expensive than|less expensive than)\b"),
))

NEGATIVE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.I)) for k, p in (
    ("how_to", r"\b(how (?:do|can|should|would) (?:i|we|you|one)|how to|best way|what'?s the best|good way|"
               r"easiest way|fastest way|recommended way|is there a way|way to)\b"),
    ("explain", r"\b(explain|why|what'?s going on|what happened|any idea|what does .{1,30} mean|meaning of|definition|define|describe|tell me about|"
                r"what is an?\b|what are\b|overview|intuition|concept|theory|mislead|difference between)\b"),
    ("code", r"\b(python|javascript|typescript|java|golang|rust|sql|excel|spreadsheet|pandas|numpy|function|"
             r"script|code|algorithm|library|api|regex|bash|lambda|implement|write a|in c\+\+|snippet)\b"),
    ("world_knowledge", r"\b(live in|population|people (?:live|are|in)|in the world|on earth|in (?:the )?(?:us|usa|"
                        r"uk|france|germany|china|india|europe|america|africa|asia)|countries|stars|planets|"
                        r"calories|historically|history|invented|founded|capital of|who (?:is|was|wrote|won))\b"),
    ("opinion", r"\b(should i|do you think|opinion|recommend|advice|worth it|better to|pros and cons)\b"),
    ("meta", r"\b(how many (?:tokens|messages|requests|users|people|tabs|times have)|can you count|do you)\b"),
))

NUMBER_WORD_RE = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"half|twice|double|triple|dozen|quarter|third)\b", re.I)
DIGIT_RE = re.compile(r"(?<![A-Za-z])\$?\d[\d,]*(?:\.\d+)?%?")
DATE_RE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b(?:jan|feb|mar|apr|may|jun|jul|"
                     r"aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b", re.I)
TIME_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\b|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b", re.I)
LIST_RE = re.compile(r"(?:[^,\n]{1,40},\s*){2,}[^,\n]{1,40}|:\s*\S+(?:\s+\S+){2,}")
QUOTED_RE = re.compile(r"\"[^\"]+\"|“[^”]+”|`[^`]+`|'[^']{2,}'")
QUESTION_RE = re.compile(r"\?\s*$|^\s*(what|how|which|when|is|are|does|do|can|could)\b", re.I)


@dataclass(frozen=True)
class Trigger:
    """One piece of evidence: its kind, where it is in the text and the matched words."""

    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """Plain data for JSON."""
        return {"kind": self.kind, "span": [self.start, self.end], "text": self.text}


@dataclass(frozen=True)
class Evidence:
    """Counts of what a query asks for and what data it carries, and the score they add up to."""

    operations: tuple[Trigger, ...]
    negatives: tuple[Trigger, ...]
    numbers: int
    dates: int
    times: int
    has_list: bool
    has_quoted: bool
    is_question: bool
    score: float  # probability-like, 0–1, that the query is better computed than reasoned


def find_triggers(text: str) -> tuple[list[Trigger], list[Trigger]]:
    """Operation triggers and counter-cues of `text`, each with its span."""
    ops = [Trigger(kind, m.start(), m.end(), m.group(0)) for kind, pat in OPERATION_PATTERNS
           for m in pat.finditer(text)]
    negs = [Trigger(kind, m.start(), m.end(), m.group(0)) for kind, pat in NEGATIVE_PATTERNS
            for m in pat.finditer(text)]
    return sorted(ops, key=lambda t: t.start), sorted(negs, key=lambda t: t.start)


# weights of the evidence score (a small logistic model, fitted by hand on the development sets and
# checked on held-out splits; see benchmarks/compute.py)
W_BIAS = -3.4
W_OPERATION = 1.5        # first distinct kind of operation asked
W_MORE_OPERATIONS = 0.35  # each further kind, up to three
W_OPERANDS = 1.25        # per unit of operand evidence (log-scaled)
W_QUESTION = 0.4
W_NEGATIVE = {"how_to": -2.6, "explain": -1.9, "code": -1.7, "world_knowledge": -2.2, "opinion": -1.8,
              "meta": -1.5}


def evidence(text: str) -> Evidence:
    """Score how strongly `text` asks for a computation on data it contains."""
    ops, negs = find_triggers(text)
    digits = [m.group(0) for m in DIGIT_RE.finditer(text)]
    words = NUMBER_WORD_RE.findall(text)
    numbers = len(digits) + len(words)
    dates = len(DATE_RE.findall(text))
    times = len(TIME_RE.findall(text))
    has_list = bool(LIST_RE.search(text))
    has_quoted = bool(QUOTED_RE.search(text))
    is_question = bool(QUESTION_RE.search(text.strip()))
    kinds = {t.kind for t in ops}
    operand_units = min(numbers, 6) * 0.5 + dates + times + (1.0 if has_list else 0) + (1.0 if has_quoted else 0)
    z = W_BIAS
    if kinds:
        z += W_OPERATION + W_MORE_OPERATIONS * min(len(kinds) - 1, 3)
    z += W_OPERANDS * math.log1p(operand_units) * 1.6
    z += W_QUESTION if is_question else 0.0
    for kind in {t.kind for t in negs}:
        # code words inside a data list ('sort: python, rust, go') are data, not a request for code
        z += W_NEGATIVE[kind] * (0.4 if kind == "code" and has_list else 1.0)
    if not kinds:
        z -= 1.5
    score = 1.0 / (1.0 + math.exp(-z))
    return Evidence(tuple(ops), tuple(negs), numbers, dates, times, has_list, has_quoted, is_question, score)
