"""Yes/no questions that hold a measured amount against a stated limit, budget, target or range, read by role:
'pallet weighs 4,580 kg, is that over the 4.5 t limit?', 'budget 40k, quotes came in at 12.5k, 18k and 11k. under
budget overall?', 'SLA target is 95% and we answered 1,873 of 1,962 chats on time, did we meet the target?',
'p95 is 420ms and the budget is 400ms — are we under budget?', 'fridge must stay between 2 and 8 °C, it read 8.6 °C:
within range?'.

Roles: the threshold is the amount a threshold noun (limit, cap, budget, target, goal, max, min, SLO, capacity,
pass mark) names; the measured amount is every other amount, one alone, several added up ('+', 'plus', a list),
a count out of a total when the threshold is a percentage ('43 out of 70' against a 60% pass mark), or an amount
grown or cut by a percentage ('grow 1.2m by 18%'). The ask gives the direction: over / above / exceed, under /
within / fit, meet / hit / reach / clear / pass (at or above a target; at or below a limit or budget).
Amounts in units are converted to one unit of their dimension first. Anything not placed in a role (a number left
over, a unit of another dimension, two thresholds, no direction asked) declines: a partial reading would answer
another question.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, quoted, strip_mention
from rlm_bot.pipeline.compute.units import UNIT_ALT, UNITS

__all__ = ["solve_threshold"]

# a threshold that caps (at or below is fine) and one that is a floor to reach (at or above is fine)
_CAP_NOUN = (r"limit|cap|capped|budget|budgeted|max(?:imum)?|ceiling|capacity|allowance|quota|rated(?: at| for)?|"
             r"allowed|budget of|upper bound")
_FLOOR_NOUN = (r"target|goal|min(?:imum)?|slo|sla|floor|pass(?:ing)? (?:mark|score|grade|rate)|pass mark|threshold|"
               r"benchmark|bar|quota to hit|lower bound|objective|kpi")
_THRESHOLD = re.compile(r"\b(?:(" + _CAP_NOUN + r")|(" + _FLOOR_NOUN + r"))\b", re.I)
# a number, with a currency, a percent sign, a scale or a unit ('€2,487.30', '99.95%', '4.3m', '4,580 kg', '1.3 s')
_TEMP = r"°\s*[cf]\b|degrees? [cf]\b"
_QTY = re.compile(r"(?<![\w.,])(?P<cur>[$€£])?\s?(?P<num>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
                  r"(?:\s?(?P<pct>%)|(?P<scale>[mM]|bn|B)(?![\w])|\s?(?P<unit>" + _TEMP + "|" + UNIT_ALT + r"|t|tonnes?)"
                  r"(?![a-z0-9²³/µ]))?(?![\w.]*\d)", re.I)
_OVER = r"over|above|exceed(?:s|ed|ing)?|beyond|more than|higher than|bigger than|greater than|larger than|past|blow(?:n)? through|break|broke|breach(?:ed)?"
_UNDER = r"under|below|within|less than|lower than|smaller than|inside|fit|fits|stay(?:ed)? (?:under|within|below)|keep (?:under|within)"
_MEET = r"meet|meets|met|hit|hits|reach|reached|clear|cleared|make it|made it|pass|passed|achieve[ds]?|beat|beats|satisf(?:y|ies|ied)|on target|on track"
_ASK = re.compile(r"\b(?:(" + _OVER + r")|(" + _UNDER + r")|(" + _MEET + r"))\b", re.I)
_QUESTION = re.compile(r"\?|\b(?:y/n|yes or no|yes/no)\b|^\s*(?:is|are|did|do|does|was|were|will|have|has|can)\b", re.I)
# a judgement or a plan asked, not a fact
_JUDGED = re.compile(r"\b(?:good|bad|okay|ok|fine|enough|reasonable|realistic|safe|healthy|worth|should|would|could|"
                     r"likely|probably|expect|forecast|predict|why|how|what|which|when|where|who|too|normal|typical|"
                     r"sound|seem|feel|over the top|overkill|going to|gonna|once|after (?:we|i|the|they)|"
                     r"for (?:a|an|my|our|your)\b(?! total\b))\b", re.I)
# an amount over a period ('€2,500/day', '500 mg per day'): it is held against an amount of one such period only
_RATE = re.compile(r"\s*(?:[a-z]+\s+)?(?:/|per|a|an|each|every)\s*(day|week|month|year|hour|person|head|user|seat|unit|item)\b", re.I)
_ONE_PERIOD = {"day": r"\b(?:yesterday|today|tonight|this morning|that day|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
               "week": r"\b(?:this|last|that) week\b", "month": r"\b(?:this|last|that) month\b|\bin (?:jan|feb|mar|apr|"
               r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", "year": r"\b(?:this|last|that) year\b|\bin 20\d\d\b",
               "hour": r"\b(?:this|last|that) hour\b"}
# what joins two amounts that are added up: '+', 'plus', 'and', a comma or a slash, a few words of what each is
# around it ('1,180 online and 45 at the door'), never a word that relates them ('of', 'per', 'vs', 'than')
_SUM_GAP = re.compile(r"\s*(?:(?!(?:of|out|from|per|each|vs|versus|than|to|by|on|in|over|under)\b)[a-z']+\s+){0,3}"
                      r"(?:\+|,|and|plus|&|/)\s*(?:(?:and|plus)\s+)?"
                      r"(?:(?!(?:of|out|from|per|each|vs|versus|than|to|by|on|in|over|under)\b)[a-z']+\s+){0,3}?", re.I)
# a line holding one labelled amount ('venue 950', '- staff: €620', 'Mon 8.5h')
_AMOUNT_LINE = re.compile(r"^\s*[-*•]?\s*[A-Za-z][\w &'/.-]{0,30}?[:=\-–]?\s*[$€£]?\d[\d,.]*\s*[A-Za-z%]{0,5}\s*$")
# a threshold held by each period or item, not by their sum ('50k for both jan AND feb', 'each day')
_EACH = re.compile(r"\b(?:both|each|every|either|neither)\b", re.I)
_TOGETHER = re.compile(r"\b(?:together|total|in total|combined|altogether|all in|overall|between them|in sum|summed)\b", re.I)
_RATIO_LINK = re.compile(r"\s+(?:[a-z]+\s+){0,3}(?:of|out of|from|on|in|/|over)\s+(?:[a-z]+\s+){0,2}$", re.I)
_GROW = re.compile(r"\b(grow|grows|increase|increases|raise|up|add|cut|cuts|drop|drops|decrease|decreases|reduce|"
                   r"reduces|lower)\b", re.I)
_DIM_NAME = {"time": "duration", "mass": "weight", "length": "length", "data": "size", "volume": "volume"}


def _unit_of(m: re.Match) -> tuple[str, float, str] | None:
    """(dimension, factor to its base unit, unit as written) of a quantity; '' dimension for a plain number."""
    if m.group("pct"):
        return "percent", 1.0, "%"
    if m.group("cur"):
        return "money" + m.group("cur"), 1.0, m.group("cur")
    unit = (m.group("unit") or "").lower()
    if not unit:
        return "", 1.0, ""
    if re.fullmatch(_TEMP, unit):
        return None  # temperatures are offsets, not multiples: the quantity comparison in truths reads them
    if unit in {"t", "tonne", "tonnes"}:
        return "mass", 1_000_000.0, "t"
    if unit not in UNITS:
        return None
    dim, factor = UNITS[unit]
    if dim in {"speed", "area", "data rate"} or "/" in unit or " per " in unit:
        return None
    return dim, float(factor), unit


def _value(m: re.Match) -> float:
    v = float(m.group("num").replace(",", ""))
    scale = m.group("scale")
    if scale:
        v *= 1e9 if scale.lower() in {"bn", "b"} else 1e6
    return v


def solve_threshold(q: Query) -> Plan | None:
    """Yes or No: the measured amount against the threshold, with the two figures."""
    body = strip_mention(q.body).strip()
    lines = body.splitlines()
    if len(body) > 300 or len(lines) > 3 and not all(_AMOUNT_LINE.match(ln) for ln in lines[1:-1]):
        return None
    if len(lines) > 3:  # the amounts one a line ('venue 950 / staff 620'): a list, as if written with commas
        body = ", ".join(ln.strip() for ln in lines[:-1]) + (". " if re.search(r"\d", lines[-1]) is None else ", ") + lines[-1]
    text = re.sub(r"\s+", " ", body.replace("`", " "))
    if not _QUESTION.search(text):
        return None
    # the asking sentence: after the last sentence stop before the question mark (or the whole message)
    asks = re.split(r"(?<=[.!;:—–])\s+|\s+[—–-]\s+|,\s+(?=(?:is|are|did|do|does|was|were|will|have|has|so|and|but)\b)",
                    text)
    ask = asks[-1] if asks else text
    if _JUDGED.search(ask) or _JUDGED.search(re.sub(r"\bhow many\b", "", text)) and re.search(
            r"\b(?:good|bad|enough|reasonable|healthy|worth|should|too|normal|typical)\b", text, re.I):
        return None
    direction = _ASK.search(ask)
    if direction is None:
        return None
    # a year names a period ('the 2026 offsite', 'in 2025'), it is no amount: left out, the operand check declines
    found = [m for m in _QTY.finditer(text) if not (re.fullmatch(r"(?:19|20)\d\d", m.group("num")) and
                                                  not (m.group("cur") or m.group("unit") or m.group("pct") or m.group("scale")))]
    if len(found) < 2 or len(found) > 8:
        return None
    units = [_unit_of(m) for m in found]
    if any(u is None for u in units):
        return None
    rates = [_RATE.match(text, m.end()) for m in found]
    # a lower-case 'm' scale is millions only beside big plain numbers or money; else it is metres or milli-
    big = any(_value(m) >= 100_000 for m in found if not m.group("scale")) or \
        sum(1 for m in found if m.group("scale")) >= 2 or any(m.group("cur") for m in found)
    if any(m.group("scale") and m.group("scale") == "m" for m in found) and not big:
        return None
    # the threshold: the one amount a threshold noun names, just before ('limit is 2 kg', 'max 48 h', 'target: 95%')
    # or just after it ('the 4.5 t limit', 'a 99.95% SLO')
    roles: list[tuple[int, str]] = []
    for i, m in enumerate(found):
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 25]
        near = re.search(r"\b(?:(" + _CAP_NOUN + r")|(" + _FLOOR_NOUN + r"))\b(?:\s+(?:for|of|per|on)\s+(?:the|a|this|"
                         r"our)?\s*[a-z][\w-]*)?(?:\s+(?:is|was|of|=|at|sits at|says|set at|set to|are|will be|must be))?"
                         r"(?:\s+(?:only|just|about|around|roughly))?\s*(?:[:=]|<=?|>=?|≤|≥)?\s*(?:the|a|an)?\s*$|"
                         # what the threshold is of, named between ('max upload size is', 'minimum rest is')
                         r"\b(?:(" + _CAP_NOUN + r")|(" + _FLOOR_NOUN + r"))\s+(?:[a-z]+\s+){1,2}(?:is|was|of|=|:|at)\s*"
                         r"(?:only\s+|just\s+)?$|"
                         # a capacity said by its verb ('the oven holds 24 trays', 'the van can take 900 kg')
                         r"\b(?P<holds>holds|can hold|can take|takes up to|seats|can seat|fits up to|has room for|"
                         r"has space for|can carry)\s+(?:up to\s+)?(?:only\s+)?$|"
                         # a cap said by a rule's verb ('cannot exceed 56', 'must not go over 1,200')
                         r"\b(?P<rule>can ?not|can't|must not|mustn't|may not|should not|shouldn't|not to|never)\s+"
                         r"(?:exceed|go over|go above|be over|be above|be more than|top)\s*$|"
                         # or by what is refused over it ("usps won't take anything over 70 lbs")
                         r"\b(?P<refused>won'?t|will not|doesn'?t|does not|don'?t|do not|can'?t|cannot)\s+(?:take|accept|allow|"
                         r"carry|ship|fit)\s+(?:anything|any\s+\w+|\w+s)?\s*(?:over|above|more than|heavier than|bigger than|"
                         r"larger than|longer than)\s*$", before, re.I)
        after_noun = re.match(r"\s*(?:[a-z][\w-]*\s+)?(?:" + _CAP_NOUN + "|" + _FLOOR_NOUN + r")\b", after, re.I) \
            if re.search(r"\b(?:the|a|an|our|its|of|vs\.?|versus|against|to)\s*$", before, re.I) or \
            re.match(r"\s*(?:" + _CAP_NOUN + "|" + _FLOOR_NOUN + r")\b", after, re.I) else None
        if near or after_noun:
            noun = (near or after_noun).group(0)
            said = _THRESHOLD.search(noun)
            if said is None and near is not None and (near.group("rule") or near.group("refused")):  # a rule's cap
                roles.append((i, "cap", "limit"))
            elif said is None:  # a capacity said by its verb
                roles.append((i, "cap", "capacity"))
            else:
                roles.append((i, "cap" if said.group(1) else "floor", said.group(0).lower()))
    if not roles and re.search(r"\bfits?\b", ask, re.I):
        # 'does that fit?' after a capacity said by 'has' ('the host has 64 GB of RAM and the VMs need ...')
        for i, m in enumerate(found):
            if re.search(r"\b(?:has|have|got)\s+(?:only\s+)?$", text[max(0, m.start() - 12):m.start()], re.I):
                roles.append((i, "cap", "capacity"))
    if not roles and _TOGETHER.search(ask):
        # no threshold noun: the amount right after the ask's comparison word is the line ('together over 10k?')
        for i, m in enumerate(found):
            if re.search(r"\b(?:over|under|above|below|more than|less than|exceed|exceeds|within)\s+(?:the\s+)?$",
                         text[max(0, m.start() - 20):m.start()], re.I):
                roles.append((i, "cap", ""))
    if len(roles) != 1:
        return None
    ti, kind, noun = roles[0]
    if len(found) > 2 and _EACH.search(text) and not _TOGETHER.search(text):
        return None  # the line holds for each amount, not for their sum
    if any(rates):
        # a rate on the threshold only, and the measured amount said of one such period ('cap €2,500/day ...
        # yesterday we spent €2,487.30'); any other mix of rates and amounts is not one comparison
        per = rates[ti].group(1).lower() if rates[ti] else None
        if per is None or any(r for i, r in enumerate(rates) if i != ti) or per not in _ONE_PERIOD or \
                not re.search(_ONE_PERIOD[per], text, re.I):
            return None
    noun = {"max": "maximum", "min": "minimum", "slo": "SLO", "sla": "SLA", "capped": "cap", "budgeted": "budget",
            "rated at": "rating", "rated for": "rating", "allowed": "allowance", "budget of": "budget"}.get(noun, noun)
    threshold = found[ti]
    rest = [i for i in range(len(found)) if i != ti]
    tdim, tfac, tunit = units[ti]
    # the measured amount
    measured_expr: str
    shown: str
    mdim = None
    growth = None
    if tdim == "percent" and len(rest) == 2 and all(units[i][0] in {"", "money$", "money€", "money£"} for i in rest):
        a, b = found[rest[0]], found[rest[1]]
        link = text[a.end():b.start()]
        if not _RATIO_LINK.search(link + " ") and not re.fullmatch(r"\s*(?:[a-z]+\s+){0,3}(?:of|out of|from|on|in|/|over)"
                                                                 r"\s+(?:[a-z]+\s+){0,3}", link + " ", re.I):
            return None
        measured_expr = f"{_lit(a)} / {_lit(b)} * 100"
        shown = f"{a.group('num')} / {b.group('num')}"
        mdim = "percent"
    else:
        pct = [i for i in rest if units[i][0] == "percent"]
        if pct and tdim != "percent":
            # an amount grown or cut by a percentage: 'if we grow 1.2m by 18%'
            if len(pct) != 1 or len(rest) != 2:
                return None
            base = [i for i in rest if i != pct[0]][0]
            verb = _GROW.search(text[max(0, found[base].start() - 30):found[pct[0]].start()])
            if not verb or not re.search(r"\bby\s*$", text[:found[pct[0]].start()], re.I):
                return None
            sign = "-" if verb.group(1).lower() in {"cut", "cuts", "drop", "drops", "decrease", "decreases", "reduce",
                                                    "reduces", "lower"} else "+"
            growth = (base, pct[0], sign)
            rest = [base]
        if tdim and tdim != "percent" and not tdim.startswith("money") and all(not units[i][0] for i in rest):
            for i in rest:  # 'cannot exceed 40 hours … this week: 8, 9, 8.5': the amounts are in the limit's unit
                units[i] = units[ti]
        # a unitless amount takes the unit of the amount it is added to ('16 + 16 + 24 + 12 GB')
        for k in range(len(rest) - 2, -1, -1):
            i, j = rest[k], rest[k + 1]
            if not units[i][0] and units[j][0] and _SUM_GAP.fullmatch(text[found[i].end():found[j].start()]):
                units[i] = units[j]
        dims = {units[i][0] for i in rest}
        # money and plain numbers are one dimension ('target £5,000 ... raised 1,250 + 980')
        if dims - {""} and len(dims - {""}) == 1 and next(iter(dims - {""})).startswith("money"):
            dims = dims - {""}
        if tdim.startswith("money") or tdim == "":
            dims = {d for d in dims if d != tdim and not (d == "" and tdim.startswith("money"))
                    and not (d.startswith("money") and tdim == "")}
            mdim = tdim
        else:
            dims = {d for d in dims if d != tdim}
            mdim = tdim
        if dims:
            return None  # an amount of another dimension: not one comparison
        if len(rest) > 1:
            # several amounts are added up only when written as a sum or a list
            for i, j in zip(rest, rest[1:]):
                if not _SUM_GAP.fullmatch(text[found[i].end():found[j].start()]):
                    return None
        parts = [f"{_lit(found[i])} * {units[i][1]!r}" if units[i][1] != 1.0 else _lit(found[i]) for i in rest]
        measured_expr = " + ".join(parts)
        if growth is not None:
            base, p, sign = growth
            measured_expr = f"({measured_expr}) * (1 {sign} {_lit(found[p])} / 100)"
        if tfac != 1.0:
            measured_expr = f"({measured_expr}) / {tfac!r}"
        shown = ""
    over, under = direction.group(1), direction.group(2)
    word = direction.group(0).lower()
    if over:
        op = ">"
    elif under:
        op = "<=" if re.search(r"within|fit|inside|stay|keep", word) else "<"
    else:
        op = ">" if word in {"beat", "beats"} else "<=" if kind == "cap" else ">="
    # a direction against the threshold's sense is asked as written ('over the target?' is above it)
    unit_shown = {"percent": "%", "": ""}.get(mdim, "") if mdim in {"percent", ""} else \
        ((threshold.group("unit") or tunit).strip() if not mdim.startswith("money") else "")
    cur = mdim[5:] if mdim.startswith("money") else ""
    t_expr = _lit(threshold)
    unit = unit_shown if unit_shown == "%" else (" " + unit_shown if unit_shown else "")
    line = f"the {noun} of {cur}{{show(threshold)}}{unit}" if noun else f"{cur}{{show(threshold)}}{unit}"
    code = (f"measured = {measured_expr}\n"
            f"threshold = {t_expr}  # the {noun or 'line'}, {threshold.group(0).strip()}\n"
            f"result = measured {op} threshold\n"
            + ("def show(v):\n    return f'{v:,.2f}'\n" if cur else
               "def show(v):\n    return f'{v:,.2f}'.rstrip('0').rstrip('.')\n") +
            "rel = 'above' if measured > threshold else 'below' if measured < threshold else 'exactly at'\n"
            f"('Yes' if result else 'No') + f': {cur}{{show(measured)}}{unit} is {{rel}} {line}.'")
    del shown
    return Plan("boolean", code, "Put the amount against the stated threshold (in one unit) and compared them.",
                0.95, "threshold")


def _lit(m: re.Match) -> str:
    """The number as written, its scale applied: '4.3m' -> '4.3 * 1e6', '1,873' -> '1873'."""
    num = m.group("num").replace(",", "")
    scale = m.group("scale")
    if scale:
        return f"{num} * {1e9 if scale.lower() in {'bn', 'b'} else 1e6:.0f}"
    return num


# -- a rule over named values ----------------------------------------------------------------------------
# 'rule is `is_paid and (is_eu or not has_opt_out)`. is_paid = true, is_eu = false ...', 'fridge rule is (temp > 2)
# and (temp < 8). with temp = 9, true or false?', 'A2 is TRUE and B2 is FALSE. does =AND(A2, NOT(B2)) return TRUE?'
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][\w]*)|(?P<num>-?\d+(?:\.\d+)?)|(?P<str>'[^'\n]*'|\"[^\"\n]*\")|"
                    r"(?P<op>==|!=|<=|>=|<|>|\(|\)|%|[-+*/]|,))")
_KEYWORDS = {"and": "and", "or": "or", "not": "not", "true": "True", "false": "False"}
_SHEET = re.compile(r"\b(AND|OR|NOT)\(", re.I)
# where the rule is written, most explicit first: in backticks, a spreadsheet formula, after 'rule is' / 'condition:'
_RULE_AT = (re.compile(r"`([^`\n]{3,200})`"), re.compile(r"=\s*((?:AND|OR|NOT)\([^\n?]{1,200}\))", re.I),
            re.compile(r"\b(?:rule|condition|logic|expression|expr|formula|predicate)\s*(?:is|was|says|reads|=|:)\s*:?\s*"
                       r"([^\n?;]{3,200}?)(?=[.;,]\s|[?;\n]|$)", re.I),
            # a name given a logical expression: 'access = is_admin or (is_owner and not locked).'
            re.compile(r"(?<![\w=<>!])[A-Za-z_]\w*\s*:?=\s*((?=[^\n?;]*?(?:\band\b|\bor\b|\bnot\b|&&|\|\|))"
                       r"[^\n?;,]{3,200}?)(?=[.;,]\s|[?;\n]|$)", re.I))
_VALUE = r"true|false|yes|no|on|off|-?\d+(?:\.\d+)?|'[^'\n]*'|\"[^\"\n]*\"|[A-Za-z_]\w*"
_TRUTH_WORDS = {"true": "True", "yes": "True", "on": "True", "false": "False", "no": "False", "off": "False"}


def _sheet_to_python(expr: str) -> str | None:
    """'AND(A2, NOT(B2))' -> '(A2) and (not (B2))': spreadsheet functions as operators."""
    for _ in range(10):
        m = None
        for m in _SHEET.finditer(expr):
            pass
        if m is None:
            return expr
        # the innermost-last call: its arguments hold no further call
        depth, i, args, start = 1, m.end(), [], m.end()
        while i < len(expr) and depth:
            c = expr[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            if depth == 1 and c == "," or depth == 0:
                args.append(expr[start:i].strip())
                start = i + 1
            i += 1
        if depth or not all(args):
            return None
        fn = m.group(1).lower()
        if fn == "not":
            if len(args) != 1:
                return None
            repl = f"(not ({args[0]}))"
        else:
            repl = "(" + f" {fn} ".join(f"({a})" for a in args) + ")"
        expr = expr[:m.start()] + repl + expr[i:]
    return None


def _rule_tokens(expr: str) -> list[tuple[str, str]] | None:
    out, i = [], 0
    expr = expr.replace("&&", " and ").replace("||", " or ")
    expr = re.sub(r"!(?!=)", " not ", expr)
    while i < len(expr):
        if expr[i:].strip() == "":
            break
        m = _TOKEN.match(expr, i)
        if m is None:
            return None
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        i = m.end()
    return out


def solve_rule(q: Query) -> Plan | None:
    """True/False (or Yes/No when asked so) for a stated rule with its named values given."""
    body = strip_mention(q.body).strip()
    if len(body) > 400:
        return None
    text = re.sub(r"\s+", " ", body)
    if not re.search(r"\?|\btrue or false\b|\bt/f\b|\bevaluate\b", text, re.I):
        return None
    for at in _RULE_AT:
        found = [m for m in at.finditer(text)]
        if found:
            break
    if len(found) != 1:
        return None
    rule = found[0]
    expr = rule.group(1).strip().rstrip(".")
    expr = _sheet_to_python(expr) if _SHEET.match(expr) else expr
    if expr is None:
        return None
    tokens = _rule_tokens(expr)
    if not tokens:
        return None
    names = [v for k, v in tokens if k == "name" and v.lower() not in _KEYWORDS]
    if not names or not any(k == "name" and v.lower() in {"and", "or", "not"} or k == "op" and v in {"==", "!=", "<", ">",
                                                                                                        "<=", ">="}
                            for k, v in tokens):
        return None
    # the values: stated anywhere outside the rule ('region is us', 'with temp = 9', 'A2 is TRUE')
    outside = text[:rule.start()] + " . " + text[rule.end():]
    values: dict[str, str] = {}
    for name in set(names):
        said = {m.group(1) or m.group(2) for m in re.finditer(
            r"(?<![\w.=<>!])" + re.escape(name) + r"(?:\s*(?:==|=|:=|:|\bis\b|\bequals\b)\s*`?(" + _VALUE + r")`?|"
            r"\s+(true|false|yes|no|on|off))(?![\w(])", outside, re.I)}
        if len(said) > 1:
            return None  # two values for one name: not one evaluation
        if said:
            values[name] = said.pop()
    out = []
    literal_words: set[str] = set()
    for idx, (kind, value) in enumerate(tokens):
        if kind == "name" and value.lower() in _KEYWORDS:
            out.append(_KEYWORDS[value.lower()])
        elif kind == "name" and value in values:
            out.append(value)
        elif kind == "name":
            # a bare word compared with == or != is a string ('region == eu')
            prev = tokens[idx - 1][1] if idx else ""
            nxt = tokens[idx + 1][1] if idx + 1 < len(tokens) else ""
            if prev in {"==", "!="} or nxt in {"==", "!="}:
                out.append(repr(value))
                literal_words.add(value)
            else:
                return None  # a name with no value given
        elif kind == "op" and value == ",":
            return None
        else:
            out.append(value)
    py = " ".join(out)
    assigns = []
    for name, value in values.items():
        low = value.lower()
        if low in _TRUTH_WORDS and not any(k == "op" and v in {"==", "!="} and name in py for k, v in tokens) \
                or low in {"true", "false"}:
            assigns.append(f"{name} = {_TRUTH_WORDS[low]}")
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", value):
            assigns.append(f"{name} = {value}")
        else:
            shown = value if value[0] in "'\"" else repr(value)
            assigns.append(f"{name} = {shown}")
    missing = [n for n in names if n not in values and n not in literal_words]
    if missing:
        return None
    try:
        compile(py, "<rule>", "eval")
    except SyntaxError:
        return None
    yes_no = not re.search(r"\btrue or false\b|\bt/f\b|\btrue/false\b|\bevaluate\b|\bwhat does\b", text, re.I)
    tail = ("('Yes' if result else 'No') + f' (the rule evaluates to {result}).'" if yes_no else "str(result)")
    code = "\n".join(assigns) + f"\nresult = bool({py})\n" + tail
    return Plan("boolean", code, "Put the stated values into the rule and evaluated it with Python's precedence "
                "(comparisons, then not > and > or).", 0.96, "rule_values")


# -- two clock times or two durations in order -----------------------------------------------------------
_CLOCK = re.compile(r"(?<![\w:.])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\w:])", re.I)
_EARLIER = r"earlier than|before|sooner than|prior to"
_LATER = r"later than|after"
_DURATION_PART = (r"(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?|d|days?|w|wks?|weeks?|ms|"
                  r"milliseconds?)(?![a-z])")
_DURATION = re.compile(r"\s*" + _DURATION_PART + r"(?:\s*(?:,|and)?\s*" + _DURATION_PART + r"){0,3}\s*", re.I)
_SECONDS = {"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "m": 60, "min": 60, "mins": 60,
            "minute": 60, "minutes": 60, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "d": 86400,
            "day": 86400, "days": 86400, "w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800,
            "ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001}
_LONGER = r"longer|more|greater|bigger|over|above"
_SHORTER = r"shorter|less|fewer|smaller|under|below|quicker|faster"


def _clock_minutes(m: re.Match) -> str | None:
    h, mins, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower().replace(".", "")
    if mins > 59 or (half and not 1 <= h <= 12) or h > 23 or (not half and m.group(2) is None):
        return None
    if half:
        return f"({h} % 12 + {12 if half == 'pm' else 0}) * 60 + {mins}"
    return f"{h} * 60 + {mins}"


def solve_time_order(q: Query) -> Plan | None:
    """'is 14:50 earlier than 2:45 pm?', 'is 3 h 20 min longer than 190 minutes?': Yes or No."""
    t = re.sub(r"\s+", " ", strip_mention(q.body).lower()).strip()
    m = re.fullmatch(r"(?:(?:quick q|q|sanity check|check)\W+)?(?:is|was|does|will)\s+(.+?)\s+(?:(" + _EARLIER + r")|(" + _LATER +
                     r")|(?:(" + _LONGER + r")|(" + _SHORTER + r"))\s+than)\s+(.+?)\s*(?:\?|,? ?(?:y/n|yes or no)\??)\s*", t)
    if not m:
        return None
    left, right = m.group(1), m.group(6)
    if m.group(2) or m.group(3):
        a, b = _CLOCK.fullmatch(left.strip()), _CLOCK.fullmatch(right.strip())
        if not a or not b:
            return None
        ea, eb = _clock_minutes(a), _clock_minutes(b)
        if ea is None or eb is None:
            return None
        op = "<" if m.group(2) else ">"
        code = (f"a = {ea}  # {a.group(0)} in minutes after midnight\nb = {eb}  # {b.group(0)}\nresult = a {op} b\n"
                f"('Yes' if result else 'No') + ': {a.group(0)} is ' + ('earlier than' if a < b else 'later than' if a > b "
                f"else 'the same time as') + ' {b.group(0)} (same day).'")
        return Plan("boolean", code, "Put both clock times in minutes after midnight and compared them.", 0.95,
                    "clock_order")
    sides = []
    for side in (left, right):
        d = _DURATION.fullmatch(side)
        if not d:
            return None
        parts = re.findall(_DURATION_PART, side, re.I)
        sides.append(" + ".join(f"{v} * {_SECONDS[u.lower()]!r}" for v, u in parts))
    if all(len(re.findall(_DURATION_PART, s_, re.I)) == 1 for s_ in (left, right)):
        return None  # one unit each side: the quantity comparison reads it
    op = ">" if m.group(4) else "<"
    code = (f"a = {sides[0]}  # {left} in seconds\nb = {sides[1]}  # {right} in seconds\nresult = a {op} b\n"
            "def show(sec):\n    h, r = divmod(round(sec), 3600)\n    return f'{h} h {r // 60} min' if h else f'{r // 60} min'\n"
            "('Yes' if result else 'No') + f': {show(a)} vs {show(b)}.'")
    return Plan("boolean", code, "Put both durations in seconds and compared them.", 0.95, "duration_order")


# -- a given string checked: two strings identical, only some characters, a valid address -----------------
_CHARSETS = {  # (words for the set, the regex of one character, how it is named)
    "hex": (r"hex(?:adecimal)?(?: (?:chars?|characters|digits))?", "[0-9a-fA-F]", "hex digits"),
    "digits": (r"digits|numbers|numeric(?: (?:chars?|characters))?|numerals", "[0-9]", "digits"),
    "letters": (r"letters|alphabetic(?: (?:chars?|characters))?", "[A-Za-z]", "letters"),
    "alnum": (r"letters (?:and|or|&) (?:digits|numbers)|alphanumerics?(?: (?:chars?|characters))?", "[A-Za-z0-9]",
              "letters and digits"),
    "ascii": (r"ascii(?: (?:chars?|characters))?", "[\\x00-\\x7f]", "ASCII characters"),
}
_ONE = {"hex digits": "a hex digit", "digits": "a digit", "letters": "a letter", "letters and digits": "a letter or digit",
        "ASCII characters": "an ASCII character"}
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"


def _one_string(t: str, before: str, after: str) -> str | None:
    """The one string between the words before it and after it, quoted or bare."""
    m = re.fullmatch(before + r"\s*(?:`([^`\n]+)`|\"([^\"\n]+)\"|'([^'\n]+)'|(\S+))\s*" + after, t, re.I)
    if not m:
        return None
    return next(g for g in m.groups()[-4:] if g is not None)


# two quoted strings asked the same with case left out: 'is 'SPRING25' == 'spring25' if we ignore case?',
# "grant says 'McAllister', form says 'mcallister', ignoring case — match?"
_SAME_ASK = re.compile(r"\b(?:same|match|matches|matching|equal|equals|identical)\b|==", re.I)
_CASE_BLIND = re.compile(r"\bignor\w*\s+(?:the\s+)?(?:case|caps|capitals|capitali[sz]ation|upper ?case|lower ?case)\b|"
                         r"\bcase[- ]?insensitive(?:ly)?\b|\bcase (?:doesn'?t|does not|don'?t|won'?t) matter\b|"
                         r"\b(?:regardless of|not counting|disregarding|apart from) (?:the )?(?:case|caps|capitali[sz]ation)\b|"
                         r"\bnot case[- ]sensitive\b", re.I)


def _case_blind_match(body: str) -> Plan | None:
    """Yes or No: two quoted strings equal when case is left out (the message says so)."""
    if len(body) > 300 or not _CASE_BLIND.search(body) or not _SAME_ASK.search(body):
        return None
    if not re.search(r"\?|\by/n\b|\byes or no\b", body, re.I):
        return None
    strings = quoted(body)
    if len(strings) != 2 or any(not s.strip() or len(s) > 60 for s in strings):
        return None
    a, b = strings
    code = (f"a = {a!r}\nb = {b!r}\nresult = a.casefold() == b.casefold()\n"
            "('Yes' if result else 'No') + f': {a!r} and {b!r} are ' + ('the same' if result else 'different') + "
            "' with case ignored.'")
    return Plan("boolean", code, "Compared the two strings with case folded away.", 0.95, "strings_same_ignoring_case")


def solve_string_check(q: Query) -> Plan | None:
    """Yes or No for a check on given strings: identical, only hex digits / digits / letters, a valid IPv4
    address, a well-formed e-mail address."""
    body = strip_mention(q.body).strip()
    if len(body) > 600:
        return None
    cased = _case_blind_match(body)
    if cased is not None:
        return cased
    first, _, rest = body.partition("\n")
    t = re.sub(r"\s+", " ", first).strip()
    low = t.lower()
    # two strings the same
    if re.search(r"\b(?:identical|the same|same|equal|match|matching|a match)\b", low) and \
            re.match(r"(?:are|is|do|does)\b", low) and not re.search(r"\b(?:length|long|size|number|count)\b", low):
        parts = [p.strip().strip("`'\"") for p in rest.strip().splitlines() if p.strip()]
        head = re.split(r"\?", t, maxsplit=1)
        if not parts and len(head) == 2:
            parts = [p.strip().strip("`'\"") for p in re.split(r"\s+(?:and|vs\.?|versus)\s+|\s*,\s*|\s+", head[1].strip())
                     if p.strip()]
        if len(parts) != 2 or any(" " in p or len(p) < 4 for p in parts) or not re.search(r"\btwo\b|\bthese\b|\bboth\b", low):
            return None
        a, b = parts
        code = (f"a = {a!r}\nb = {b!r}\nresult = a == b\n"
                "first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))\n"
                "'Yes, identical.' if result else f'No: they differ at character {first + 1}' + "
                "(f' ({a[first]!r} vs {b[first]!r}).' if first < min(len(a), len(b)) else ' (one is longer).')")
        return Plan("boolean", code, "Compared the two strings character by character.", 0.95, "strings_identical")
    if rest.strip():
        return None
    for _, (words, char, name) in _CHARSETS.items():
        s = _one_string(t, r"(?:does|do|is|are)", r"(?:contain|have|has|consist of|use)\s+only\s+(?:" + words +
                        r")\s*\??") or \
            _one_string(t, r"(?:is|are)", r"(?:only |all |purely )?(?:" + words + r")(?: only)?\s*\??") or \
            _one_string(t, r"(?:is|are)", r"(?:valid )?(?:" + words + r")\s*\??")
        if s is not None:
            code = (f"s = {s!r}\nbad = [c for c in s if not re.fullmatch({char!r}, c)]\nresult = not bad\n"
                    f"'Yes, only {name}.' if result else 'No: ' + ', '.join(repr(c) for c in dict.fromkeys(bad)) + "
                    f"' ' + ('is' if len(set(bad)) == 1 else 'are') + ' not {_ONE[name]}.'")
            return Plan("boolean", "import re\n" + code, f"Tested each character against the {name}.", 0.95,
                        "charset_only")
    s = _one_string(t, r"(?:is|check(?: if| whether)?)", r"(?:a )?(?:valid|legal|proper|real) ip(?:v4)?(?: address)?\s*\??")
    if s is not None and re.fullmatch(r"[\d.]+", s):
        code = (f"s = {s!r}\nparts = s.split('.')\n"
                "result = len(parts) == 4 and all(p.isdigit() and int(p) <= 255 and (p == '0' or not p.startswith('0')) "
                "for p in parts)\n"
                "'Yes, a valid IPv4 address.' if result else 'No: an IPv4 address is four numbers 0-255 separated by dots.'")
        return Plan("boolean", code, "Checked the four dotted parts are numbers from 0 to 255.", 0.95, "valid_ip")
    s = _one_string(t, r"(?:is|check(?: if| whether)?)", r"(?:a )?(?:valid|well[- ]formed|proper) e-?mail(?: address)?\s*\??")
    if s is not None and "@" in s:
        code = (f"import re\ns = {s!r}\nresult = re.fullmatch({_EMAIL!r}, s) is not None\n"
                "'Yes, it is a well-formed e-mail address.' if result else "
                "'No: an e-mail address is name@domain.tld with one @ and a dotted domain.'")
        return Plan("boolean", code, "Matched the address against the usual form name@domain.tld.", 0.93, "valid_email")
    return None


# -- an amount against a stated range ----------------------------------------------------------------
_RANGE_Q = (r"(?P<cur>[$€£])?\s?(?P<num>-?\d[\d,]*(?:\.\d+)?)\s?(?P<unit>°\s*[cf]\b|%|" + UNIT_ALT +
            r")?(?![a-z0-9²³/µ])")


def solve_range(q: Query) -> Plan | None:
    """'fridge must stay between 2 and 8 °C, it read 8.6 °C: within range?': Yes or No."""
    t = re.sub(r"\s+", " ", strip_mention(q.body)).strip()
    if len(t) > 300 or not re.search(r"\?|\by/n\b", t):
        return None
    ask = re.split(r"(?<=[.!;:—–])\s+|,\s+(?=(?:is|are|did|do|does|was|were|so)\b)", t)[-1]
    inside = re.search(r"\b(?:within|inside|in)\s+(?:the\s+)?(?:range|spec|limits|band|bounds|tolerance)\b|"
                       r"\bin range\b", ask, re.I)
    outside = re.search(r"\b(?:outside|out of)\s+(?:the\s+)?(?:range|spec|limits|band|bounds|tolerance)\b", ask, re.I)
    if not (inside or outside) or _JUDGED.search(ask):
        return None
    qs = list(re.finditer(r"(?<![\w.,])" + _RANGE_Q, t, re.I))
    if len(qs) != 3:
        return None
    lo, hi, x = qs
    link = t[lo.end():hi.start()]
    if not re.fullmatch(r"\s*(?:and|to|-|–)\s*", link) or not re.search(r"\b(?:between|from|range|stay|keep|be)\s*$",
                                                                            t[:lo.start()], re.I) and link.strip() in {"and"}:
        return None
    units = [re.sub(r"\s", "", (m.group("unit") or "").lower()) for m in qs]
    unit = units[1] or units[0]
    if units[0] and units[0] != unit or units[2] and units[2] != unit or not units[2] and unit:
        return None  # another unit: a conversion this reader does not make
    if (lo.group("cur") or "") != (x.group("cur") or "") and (hi.group("cur") or "") != (x.group("cur") or ""):
        return None
    nums = [m.group("num").replace(",", "") for m in qs]
    shown = {"": "", "%": "%"}.get(unit, " " + (qs[2].group("unit") or "").strip())
    code = (f"low, high = {nums[0]}, {nums[1]}\nvalue = {nums[2]}\n"
            f"result = {'' if inside else 'not '}(low <= value <= high)\n"
            f"('Yes' if result else 'No') + f': {{value}}{shown} is ' + ('inside' if low <= value <= high else 'outside') + "
            f"f' the range {{low}}–{{high}}{shown}.'")
    return Plan("boolean", code, "Checked the value against both ends of the range (ends included).", 0.95,
                "range_check")
