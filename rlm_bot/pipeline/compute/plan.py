"""The Plan a computation template produces, and the parsing helpers templates share."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass, field

# A template never emits code that could run away: operands are bounded before code is written.
MAX_ITEMS = 2_000
MAX_TEXT_CHARS = 20_000
MAX_EXPONENT = 10_000
MAX_NUMBER_DIGITS = 60


@dataclass(frozen=True)
class Plan:
    """REPL code that answers a query, with what it does in one line.

    The code runs in the Python sandbox; its last expression is the answer. `kind` names the
    form of computation, `specificity` (0–1) how sure the template is that the query is its form.
    """

    kind: str
    code: str
    explanation: str
    specificity: float = 0.9
    template: str = ""
    data: dict = field(default_factory=dict)


WORD_NUMBERS = {
    "zero": 0, "no": 0, "none": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "half": 0.5, "twice": 2, "double": 2, "triple": 3,
}
NUMBER_WORDS = {v: k for k, v in WORD_NUMBERS.items() if isinstance(v, int) and k not in
                {"no", "none", "a", "an", "single", "pair", "dozen", "twice", "double", "triple"}}

NUM_RE = re.compile(r"(?<![\w.])[-−]?\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|(?<![\w.])[-−]?\$?\d+(?:\.\d+)?"
                    r"(?:[eE][-+]?\d+)?(?![\w.]\d)|(?<![\w.])[-−]?\$?\.\d+")


LONG_NUMERIC_RUN = re.compile(r"[\d,.]{40,}")


def collapse_long_numbers(text: str) -> str:
    """Replace runs of 40+ digits/commas/dots (no real operand looks like that) with a marker.

    Keeps every regex of the analysis and the templates linear on adversarial input such as
    '9' * 10_000 or '1,' * 5_000.
    """
    return LONG_NUMERIC_RUN.sub(" <long-number> ", text) if len(text) >= 40 else text


def to_number(text: str) -> int | float | None:
    """'1,234.5' / '$80,000' / '-3' / 'seven' -> a number, or None."""
    t = text.strip().replace("$", "").replace("−", "-").replace(",", "").replace("_", "")
    t = t.lower()
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", t):
        return None
    if len(t) > MAX_NUMBER_DIGITS:
        return None
    value = float(t)
    if re.fullmatch(r"[-+]?\d+", t):
        return int(t)
    return value


def numbers_in(text: str) -> list[int | float]:
    """Every numeric literal of `text`, in order (digits only, not number words)."""
    out: list[int | float] = []
    for m in NUM_RE.finditer(text):
        value = to_number(m.group(0))
        if value is not None:
            out.append(value)
    return out


def lit(value: object) -> str:
    """A Python literal for `value` (strings, numbers, lists, dicts, tuples)."""
    return repr(value)


OPTION_RE = re.compile(r"^\s*\(?([A-R])\)\s*(.+?)\s*$", re.M)
DASH_OPTION_RE = re.compile(r"^\s*-\s*(.+?)\s*$", re.M)


def split_options(text: str) -> tuple[str, dict[str, str]]:
    """Split a multiple-choice query into (question, {letter: option text})."""
    m = re.search(r"\n\s*Options:\s*\n", text)
    if not m:
        lettered = re.search(r"\n\s*A[.)]\s+\S.*\n\s*B[.)]\s+\S", text)
        if lettered:
            tail = text[lettered.start():]
            options = dict(re.findall(r"^\s*([A-J])[.)]\s+(.+?)\s*$", tail, re.M))
            return text[: lettered.start()], options
        return text, {}
    body, tail = text[: m.start()], text[m.end():]
    options = {letter: opt for letter, opt in OPTION_RE.findall(tail)}
    if not options:
        dashed = DASH_OPTION_RE.findall(tail)
        options = {opt: opt for opt in dashed}
    return body, options


def choose_code(options: dict[str, str], answer_var: str = "answer") -> str:
    """Code lines that map the computed answer onto a lettered option when the query had options."""
    if not options:
        return answer_var
    if all(k == v for k, v in options.items()):  # dashed options ("- Yes"): answer with the text
        return (f"options = {lit(list(options))}\n"
                f"picked = [o for o in options if o.strip().lower() == str({answer_var}).strip().lower()]\n"
                f"picked[0] if picked else {answer_var}")
    return (f"options = {lit(options)}\n"
            f"picked = [k for k in options if options[k].strip().lower() == str({answer_var}).strip().lower()]\n"
            f"'(' + picked[0] + ') ' + options[picked[0]] if picked else {answer_var}")


# A Slack mention (<@U123>, <@U123|name>) anywhere; a typed @name only where it addresses the bot (a line
# opens with it, words follow) or the channel (@here, @channel, @everyone). Other typed @names are text: the
# handles to extract, the @acme.com of an address filter; when the handles are what is asked about, only the
# message's opening @name addresses anyone.
_SLACK_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_ADDRESSING = re.compile(r"^[ \t]*@[A-Za-z][\w-]*(?=[ \t,:]+\w)|(?<![\w.])@(?:here|channel|everyone)\b", re.I | re.M)
_OPENING_NAME = re.compile(r"^\s*@[A-Za-z][\w-]*(?=[ \t,:]+\w)")
_ASKS_MENTIONS = re.compile(r"\b(?:handles|@?-?mentions?|@?-?mentioned|user ?names|tagged|pinged)\b", re.I)


def strip_mention(text: str, *, fillers: bool = True) -> str:
    """Remove Slack mentions, (optionally) leading filler words and surrounding whitespace."""
    if "@" in text:
        text = _SLACK_MENTION.sub(" ", text)
        text = (_OPENING_NAME if _ASKS_MENTIONS.search(text) else _ADDRESSING).sub(" ", text)
    if not fillers:
        return text.strip()
    text = re.sub(r"^\s*(hey|hi|yo|ok|okay|so|quick q(uestion)?|q|pls|please|can you|could you|"
                  r"would you|can u|could u|help me|bot|rlm)\b[\s,:!-]*", "", text, flags=re.I)
    text = re.sub(r"^\s*(hey|hi|yo|ok|okay|so|quick q(uestion)?|q|pls|please|can you|could you|"
                  r"would you|can u|could u|help me)\b[\s,:!-]*", "", text, flags=re.I)
    return text.strip()


def quoted(text: str) -> list[str]:
    """Strings quoted with ', \", `, “” or ‘’ in `text` (apostrophes inside words are ignored)."""
    out = []
    for m in re.finditer(r"\"([^\"]+)\"|“([^”]+)”|`([^`]+)`|‘([^’]+)’|(?<![A-Za-z])'([^']+)'(?![A-Za-z])", text):
        out.append(next(g for g in m.groups() if g is not None))
    return out


def split_items(text: str) -> list[str]:
    """Split a written list: 'a, b and c' / 'a; b; c' / one item per line / 'a b c' (no commas)."""
    text = text.strip().strip(".?!").strip()
    if "\n" in text and text.count("\n") >= 1:
        parts = [p.strip(" -*•\t") for p in text.splitlines()]
    elif ";" in text:
        parts = text.split(";")
    elif "," in text:
        parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+(?=[^,]*$)", text)
    else:
        parts = text.split()
    items = [p.strip().strip("\"'`").strip() for p in parts]
    return [p for p in items if p][:MAX_ITEMS]


def fmt_number(value: object, *, thousands: bool = False) -> str:
    """A human rendering of a computed number: integers without '.0', floats to 10 significant
    digits (no 0.30000000000000004), with thousands separators when asked for."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    sep = "," if thousands else ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if abs(value - round(value)) < 1e-9 and abs(value) < 1e15:
            return f"{int(round(value)):{sep}d}"
        text = f"{value:.10g}"
        if thousands and "e" not in text and abs(value) >= 1000:
            whole, _, frac = text.partition(".")
            text = f"{int(whole):,d}" + ("." + frac if frac else "")
        return text
    return f"{value:{sep}d}" if abs(value) < 10 ** 4300 else str(value)
