"""Comparisons and truth questions read by meaning ('is 3/4 more than 2/3?', 'does 2 + 2 equal 5',
'x = 4; is x > 3 and x < 10?', 'is 0.1 + 0.2 == 0.3 in python').

A reader turns the question into one Python expression: comparison words become operators wherever they
sit ('bigger than', 'at least', 'equal to', 'between 10 and 20'), named values ('x = 4', 'A=True') are
substituted, framing is dropped ('yes or no:', 'true or false', 'in python', 'quick sanity check:'). What is
left must be numbers, operators, comparisons and truth values only, else the question is not this kind.
Numbers are exact (Fraction) unless the question asks about Python or floats, whose behaviour it then shows.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, strip_mention

_WORDS = [  # longest first: 'greater than or equal to' before 'greater than'
    (r"(?:is )?(?:greater|bigger|larger|more|higher) than or equal to|(?:is )?at least|(?:is )?no (?:less|smaller) than",
     " >= "),
    (r"(?:is )?(?:less|smaller|fewer|lower) than or equal to|(?:is )?at most|(?:is )?no (?:more|greater|bigger) than",
     " <= "),
    (r"(?:is )?(?:greater|bigger|larger|more|higher) than|(?:is )?above", " > "),
    (r"(?:is )?(?:less|smaller|fewer|lower) than|(?:is )?below", " < "),
    (r"(?:is )?not equal(?: to)?|(?:is )?different from|does not equal|doesn'?t equal|≠", " != "),
    (r"(?:is )?(?:equal to|the same as)|equals?|(?<![=!<>])=(?![=])", " == "),
    (r"\bsquared\b", " ** 2"), (r"\bcubed\b", " ** 3"),
    (r"\bto the power of\b|\^", " ** "),
    (r"\btimes\b|×|(?<=\d)\s*x\s*(?=\d)", " * "), (r"\bdivided by\b|÷", " / "), (r"\bplus\b", " + "),
    (r"\bminus\b|−", " - "), (r"\bmod(?:ulo)?\b", " % "),
    (r"&&", " and "), (r"\|\|", " or "), (r"\bxor\b", " != "), (r"!(?!=)", " not "),
]
_FRAMING = re.compile(
    r"^\s*(?:(?:quick )?(?:sanity )?check|yes or no|yes/no|true or false|true/false|t/f|q|quick q(?:uestion)?)\s*[:,-]\s*|"
    r"\s*[,;:-]?\s*(?:true or false|yes or no|true/false|yes/no|y/n)\s*\??\s*$|"
    r"(?:^|\s+)(?:in|using|with) (?:python3?|js|javascript|code|floats?|floating[- ]point(?: math| arithmetic)?|ieee(?: 754)?|"
    r"doubles?)\b\s*,?|\s+(?:evaluates?|come out|comes out|return|returns?)(?: to| as)?(?: true| false| true or false)?(?=\s*\W*$)|"
    r"\s*\?+\s*$|^\s*(?:evaluate|check)\s*:?\s*", re.I)
_LEAD = re.compile(r"^\s*(?:is it true that |is|does|do|are|what(?:'s| is| does)|evaluate|will)\s+", re.I)
_ALLOWED = re.compile(r"(?:\d+(?:\.\d+)?(?:e\d+)?%?|\s+|[-+*/%()<>=!]|\band\b|\bor\b|\bnot\b|\bTrue\b|\bFalse\b|"
                      r"\bsqrt\b|\*\*)+")
_CMP = re.compile(r"==|!=|<=|>=|(?<![<>])[<>](?![<>=])|\band\b|\bor\b|\bnot\b")
_FLOATS = re.compile(r"\b(?:python|floats?|floating|javascript|js|ieee|double)\b", re.I)


def _assignments(text: str) -> tuple[str, dict[str, str]]:
    """('is x > 3', {'x': '4'}) from 'x = 4; is x > 3': named values stated before or after the question."""
    names: dict[str, str] = {}

    def take(m: re.Match) -> str:
        names[m.group(1)] = m.group(2)
        return " "
    rest = re.sub(r"(?<![\w=<>!])([A-Za-z]\w{0,11})\s*(?:=|:=|is)\s*(-?\d+(?:\.\d+)?|true|false)\b\s*[,;]?"
                  r"(?=\s*(?:[,;:—–]|\.(?!\d)|and\b|\w+\s*(?:=|is)\s*(?:-?\d|true|false)|$|is\b|what\b|[A-Za-z]\s*(?:and|or)\b))",
                  take, text, flags=re.I)
    return rest, names


_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?![\d,])")
# a question sentence after stated facts: 'Invoice total is 1,180 and the limit is 1,200. Is 1,180 >= 1,200?'
_LAST_QUESTION = re.compile(r"(?:^|(?<=[.!?\n]))\s*((?:is|does|do|are|will)\b[^.!?\n]*\?[^.!?\n]*)$", re.I)


def comparison_expression(body: str) -> tuple[str, bool] | None:
    """(python expression, asks_about_floats) for a truth question about numbers, or None; a question
    sentence after sentences of stated facts is read on its own when the whole does not read."""
    found = _expression(body)
    if found is None:
        last = _LAST_QUESTION.search(strip_mention(body).strip())
        if last and last.start(1) > 0:
            found = _expression(last.group(1))
    return found


# words that only insist ('does 18 + 27 really equal 45'), a sum's verb ('come to', 'add up to'), and a doubt
# closing the question ('... or am i losing it', '... or not')
_INSIST = re.compile(r"\b(?:actually|really|truly|definitely|exactly|indeed)\s+", re.I)
_SUMS_TO = re.compile(r"\b(?:come|comes|add|adds|sum|sums|total|totals|work|works)\s+(?:out\s+)?(?:up\s+)?to\b", re.I)
_DOUBT = re.compile(r"\s+or\s+(?:(?:am i|is it|are we|did i|what)\b(?:(?!\b(?:true|false|and|or|not)\b)[^?\d])*|not\s*)"
                    r"(?=\?|$)", re.I)
# a lower-case 'm' on a number beside big numbers is millions ('is 4,312,500 more than 4.3m'); a bare '5m' is metres
_MILLIONS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(m|mn|bn)\b")


def _expression(body: str) -> tuple[str, bool] | None:
    text = _GROUPED.sub(lambda m: m.group(1).replace(",", ""), strip_mention(body).replace("`", " "))
    text = _SUMS_TO.sub(" equals ", _INSIST.sub("", text))
    text = _DOUBT.sub("", text)
    # a remark after the question ('does 18 + 27 + 33 equal 78? checking a manifest'): the question is what is asked
    text = re.sub(r"\?\s+[^?\d]*$", "?", text)
    if _MILLIONS.search(text) and (any(float(n) >= 1000 for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))
                                   or len(_MILLIONS.findall(text)) >= 2):
        text = _MILLIONS.sub(lambda m: f"({m.group(1)} * {1_000_000_000 if m.group(2) == 'bn' else 1_000_000})", text)
    # '0x1F', '0b1010', '0o17': integers written in another base
    text = re.sub(r"(?<![\w.])0(?:x[0-9a-f]+|b[01]+|o[0-7]+)(?![\w.])", lambda m: str(int(m.group(0), 0)), text, flags=re.I)
    floats = bool(_FLOATS.search(text))
    rest, names = _assignments(text) if re.search(r"\b[A-Za-z]\w*\s*=\s*(?:-?\d|true|false)", text, re.I) else (text, {})
    for _ in range(3):
        rest = _FRAMING.sub(" ", rest).strip(" ,;:—–.")
    lead = _LEAD.match(rest)
    rest = _LEAD.sub("", rest)
    rest = re.sub(r"\s*\((?![^()]*(?:\d|\btrue\b|\bfalse\b|\band\b|\bor\b|\bnot\b))[a-z ,'-]+\)", " ", rest, flags=re.I)
    asked = re.fullmatch(r"(.+?)\s+(?:true|truthy)\s*", rest, re.I)  # 'is `True and (False or not False)` true?'
    if asked and lead and re.fullmatch(r"\s*(?:is|are)\s+", lead.group(0), re.I):
        rest = asked.group(1)
    rest = re.sub(r"(\d+(?:\.\d+)?)\s*%\s*of\b", r"\1% *", rest, flags=re.I)  # '17% of 300' is 0.17 * 300
    between = re.fullmatch(r"(.+?)\s+between\s+(.+?)\s+and\s+(.+)", rest, re.I)
    if between:
        rest = f"({between.group(2)}) <= ({between.group(1)}) <= ({between.group(3)})"
    for pattern, repl in _WORDS:
        rest = re.sub(pattern, repl, rest, flags=re.I)
    rest = re.sub(r"\b(?:the )?square root of\s*(\d+(?:\.\d+)?)", r" sqrt(\1)", rest, flags=re.I)
    rest = re.sub(r"\btrue\b", "True", rest, flags=re.I)
    rest = re.sub(r"\bfalse\b", "False", rest, flags=re.I)
    rest = re.sub(r"\b(AND|OR|NOT)\b", lambda m: m.group(1).lower(), rest)
    for name, value in names.items():
        value = "True" if value.lower() == "true" else "False" if value.lower() == "false" else value
        rest = re.sub(rf"\b{re.escape(name)}\b", f"({value})", rest)
    rest = re.sub(r"\s+", " ", rest).strip()
    if not rest or not _ALLOWED.fullmatch(rest) or not _CMP.search(rest) or not re.search(r"\d|True|False", rest):
        return None
    if not re.search(r"==|!=|<|>|\bTrue\b|\bFalse\b", rest):
        return None  # '34000 and 51500' lists numbers: and/or/not only join truth values or comparisons
    if re.search(r"'|\"", body) and floats is False and re.search(r"'\d+'|\"\d+\"", body):
        return None  # a string compared with a number is a question about types, not values
    expr = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1 / 100)", rest)
    if not floats:  # exact decimals: 9.11 vs 9.9, 1/3 vs 0.33 as written
        expr = re.sub(r"(?<![\w.])(\d+\.\d+)(?![\w.])", r"Fraction('\1')", expr)
        expr = re.sub(r"(?<![\w.)])(\d+)\s*/\s*(\d+)(?![\w.(])", r"Fraction(\1, \2)", expr)
    try:
        compile(expr, "<compare>", "eval")
    except SyntaxError:
        return None
    return expr, floats


# a quoted string against a number in Python ("in python is '10' == 10"): equality across types is False
_STR_VS_NUMBER = re.compile(r"^(?:is\s+|does\s+|what(?:'s| is| does)\s+)?(?P<l>(['\"])\d+(?:\.\d+)?\2|\d+(?:\.\d+)?)\s*"
                            r"(?P<op>==|!=)\s*(?P<r>(['\"])\d+(?:\.\d+)?\5|\d+(?:\.\d+)?)(?:\s+(?:return|give|evaluate to))?$", re.I)


def _python_types(body: str) -> Plan | None:
    if not re.search(r"\bpython3?\b", body, re.I) or re.search(r"\b(?:javascript|js|php)\b", body, re.I):
        return None
    text = re.sub(r"\s*\b(?:in|using|with) python3?\b\s*", " ", strip_mention(body).replace("`", " "), flags=re.I)
    m = _STR_VS_NUMBER.match(text.strip().rstrip("?").strip())
    if m is None or ("'" in m.group("l") or '"' in m.group("l")) == ("'" in m.group("r") or '"' in m.group("r")):
        return None  # both strings or both numbers: the comparison form reads it
    expr = f"{m.group('l')} {m.group('op')} {m.group('r')}"
    return Plan("boolean", f"result = {expr}  # a str and a number are never equal in Python\nstr(result)",
                "Evaluated the comparison in Python: a string is never equal to a number.", specificity=0.96,
                template="compare")


def solve_comparison(q: Query) -> Plan | None:
    """Yes/No (or True/False when asked so) for a comparison or truth expression about numbers."""
    typed = _python_types(q.body)
    if typed is not None:
        return typed
    found = comparison_expression(q.body)
    if found is None:
        return None
    expr, floats = found
    # 'is 3/4 more than 2/3?' is answered yes or no; an expression in symbols ('5 % 2 == 1', 'not (1 == 1)')
    # or a question that names truth values is answered True or False
    worded = re.search(r"\b(?:than|equal|equals|same as|at (?:least|most)|between|above|below|different from)\b",
                       q.lower) or _SUMS_TO.search(q.lower)
    says_truth = bool(re.search(r"\b(?:true|false)\b", q.lower)) or not (worded or re.search(r"\byes\b", q.lower))
    shown = re.sub(r"Fraction\('([\d.]+)'\)", r"\1", expr)
    shown = re.sub(r"Fraction\((\d+), (\d+)\)", r"\1/\2", shown)
    # the verdict alone: a sentence naming both truth values would read as hedging
    code = (f"result = bool({expr})  # {shown}" + (" with Python floats" if floats else "") + "\n"
            + ("str(result)" if says_truth else "'Yes' if result else 'No'"))
    return Plan("boolean", code, "Read the comparison as a Python expression and evaluated it"
                + (" with Python floats." if floats else " with exact numbers."), specificity=0.96, template="compare")
