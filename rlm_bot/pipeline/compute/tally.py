"""Sums written with labels: '3 coffees at €3.40 and 2 croissants at €2.10, total?',
'14 people × €65 for dinner plus a €300 room fee', '37.5 hrs x 4 weeks x $42/hr'.

The numbers and the operators between them are the whole question; the words beside each number
only name it. Any word that could change the arithmetic (each, per, percent, of, off, split …) makes
the query someone else's: a template that misread one would answer a different question.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan

# A label beside a number is at most this many words.
MAX_LABEL_WORDS = 3
# Terms of a tally; more is a list for the statistics forms.
MAX_TERMS = 8

_NUMBER = r"[$€£]?\s?\d+(?:,\d{3})*(?:\.\d+)?\s?[$€£]?"
_OPERATORS = (  # phrase -> Python operator, longest first
    (r"divided (?:between|among|by)|split (?:between|among)|shared (?:between|among)", "/"),
    (r"multiplied by|times|[x×*]", "*"),
    (r"plus|\+", "+"),
    (r"minus|less|−|-(?=\s)", "-"),
    (r"\bat\b", "*"),
    (r"\band\b", "+"),
)
_OP = re.compile(r"\s(" + "|".join(p for p, _ in _OPERATORS) + r")\s|(?<=\d)\s*([x×*+])\s*(?=[$€£\d])")
# words that would change the arithmetic if they stood beside a number
_BLOCKERS = frozenset("""each per every percent pct of off discount tax vat tip split between among divided by half
    double twice triple average mean total sum more less than minus plus times over under left remaining still
    only after before instead if then but except without not no rate interest""".split())
_LEAD = re.compile(r"^(?:[^\d]*[.!:?]\s+|(?:(?:hey|hi|hiya|hello|yo|ok|okay|so|lol|pls|please|can|could|you|u|work|out|"
                   r"what'?s|whats|what|is|how|much|calculate|quick|sanity|check|double|need|a|just)[\s,!:]*)+)?")
_TAIL = re.compile(r"(?:\s*[,—–=?]+\s*|\s+)(?:(?:what'?s|whats|what|is|the|total|damage|sum|how|much|that|altogether|in|"
                   r"all|overall|come|to|pls|please|\?|=)[\s?]*)*$")


_COMMA_DECIMAL = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*|\d+),(\d{1,2})(?![\d,]|\.\d)")


def decimal_commas(t: str) -> str:
    """'1.234,50 € + 765,50 €' (a decimal comma, dots between thousands) as '1234.50 € + 765.50 €', when
    every number with a separator is written that way (a comma before one or two digits is no
    thousands separator)."""
    with_separator = re.findall(r"\d[\d.,]*[.,]\d+", t)
    if not with_separator or not all(_COMMA_DECIMAL.fullmatch(n) for n in with_separator):
        return t
    return _COMMA_DECIMAL.sub(lambda m: m.group(1).replace(".", "") + "." + m.group(2), t)


def _label_ok(words: str) -> bool:
    tokens = re.findall(r"[^\s]+", words)
    return len(tokens) <= MAX_LABEL_WORDS and all(re.fullmatch(r"[a-z]+|/[a-z]+|[^\w\s%]", w) and w not in _BLOCKERS
                                                  for w in tokens)


def _operator(phrase: str) -> str:
    for pattern, op in _OPERATORS:
        if re.fullmatch(pattern, phrase.strip()):
            return op
    raise ValueError(phrase)


def solve_tally(q: Query) -> Plan | None:
    """Numbers joined by operators, each with an optional short label; answered as one expression."""
    t = q.lower.strip()
    if "\n" in t or len(t) > 300 or not re.search(r"[$€£]|\b(total|damage|altogether|how much|in all)\b|=\s*\??$|"
                                                 r"^\W*(?:what|whats|what's|can|could|work|calc)", t):
        return None
    written, t = t, decimal_commas(t)
    lead = _LEAD.match(t)
    body = t[lead.end():] if lead else t
    tail = _TAIL.search(body)
    body = body[: tail.start()] if tail and tail.start() > 0 else body
    body = re.sub(r"(\d)\s*/\s*([a-z]+)\b", r"\1 /\2", body)  # '$42/hr': a rate's unit is a label
    body = re.sub(r"(\d)\s+of (?:us|you|them)\b", r"\1", body)  # 'divided between 6 of us'
    parts = _OP.split(" " + body + " ")
    terms, ops = [], []
    for i, piece in enumerate(parts):
        if i % 3 == 0:
            terms.append(piece)
        elif i % 3 == 1 and piece is not None or i % 3 == 2 and piece is not None:
            ops.append(_operator(piece))
    if not 2 <= len(terms) <= MAX_TERMS or len(ops) != len(terms) - 1:
        return None
    values = []
    for term in terms:
        nums = list(re.finditer(_NUMBER, term))
        if len(nums) != 1:
            return None
        label = (term[: nums[0].start()] + " " + term[nums[0].end():]).strip()
        if not _label_ok(label):
            return None
        values.append(nums[0].group(0).strip(" $€£").replace(",", ""))
    if "and" in re.findall(r"\band\b", body) and not any(op in {"*"} for op in ops):
        return None  # 'and' adds products ('3 at 2 and 4 at 5'); between plain numbers it may mean anything
    expr = values[0] + "".join(f" {op} {v}" for op, v in zip(ops, values[1:]))
    code = f"total = {expr}\nround(total, 10)"
    if written != t:  # say how the numbers were read
        commas = [n for n in re.findall(r"\d[\d.,]*,\d+", written)]
        code = f"# decimal commas: {', '.join(n + ' = ' + n.replace('.', '').replace(',', '.') for n in commas)}\n" + code
    return Plan("arithmetic", code, f"Evaluated {expr}, the numbers of the message with the operators between them.",
                specificity=0.9, template="labelled_sum")


_ASKS_MOST = re.compile(r"\b(?:which|what)(?:\s+[a-z]+){0,2}?\s+(?:is|was|were|are|came up|comes up|appears?|appeared|got|"
                        r"gets|had|has)\s+(?:the\s+)?(?:most\s+(popular|common|frequent|often|ordered|picked|chosen|"
                        r"votes|requested)|(?:most|more)\s+(?:often|times))\b|\b(?:the\s+)?most\s+(?:popular|common|"
                        r"frequent)\s+(?:one|option|choice|item|answer|pick|word|name|order|vote)\b|"
                        r"\bmost\s+(?:popular|common|frequent)\s+(?:[a-z]+\s+){0,2}(?:in|from|of|among)\s+(?:this|these|my)\b|"
                        # 'most frequent shift type on the rota: early, late, …', 'most common size in the preorders: M, L'
                        r"\bmost\s+(?:popular|common|frequent)\s+[a-z]+(?:\s+[a-z]+){0,5}\s*:")
_WORD_LIST = re.compile(r"(?:^|[:—–?]\s*)((?:[a-z][a-z' -]{0,24},\s*){3,}[a-z][a-z' -]{0,24}?)\s*(?:[.?!;—–]|$)")


def solve_word_mode(q: Query) -> Plan | None:
    """'lunch orders: pasta, salad, curry, pasta, wrap, pasta. which option was the most popular?': the item
    named most often; a tie for first has no one answer, so it is left to the model."""
    t = q.lower.strip()
    if "\n" in t or re.search(r"\d", t) or not _ASKS_MOST.search(t):
        return None
    lists = [m for m in _WORD_LIST.finditer(t)]
    if len(lists) != 1:
        return None
    items = [x.strip() for x in lists[0].group(1).split(",")]
    if any(not x or len(x.split()) > 3 for x in items):
        return None
    written = [x.strip() for x in q.body[lists[0].start(1): lists[0].end(1)].split(",")]
    if len(written) == len(items) and all(w.lower() == x for w, x in zip(written, items)) and \
            len({w for w in written}) == len(set(items)):
        items = written  # 'M, L, M': the items as written, when each is always written the same way
    counts = {x: items.count(x) for x in items}
    top = max(counts.values())
    if top < 2 or list(counts.values()).count(top) != 1:
        return None
    return Plan("statistics", f"items = {items!r}\ncounts = {{x: items.count(x) for x in items}}\n"
                "best = max(counts, key=counts.get)\nbest + ' (' + str(counts[best]) + ' of ' + str(len(items)) + ')'",
                "Counted how often each item is named and took the most frequent.", specificity=0.9,
                template="word_mode")
