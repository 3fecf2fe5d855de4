"""Templates for arithmetic, percentages, statistics and unit conversions."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass, replace
from datetime import date

from rlm_bot.pipeline.compute import price_roles, share_parts, word_problems
from rlm_bot.pipeline.compute.percent_roles import (solve_percent_roles, solve_rate_applied, solve_share_rate,
                                                      solve_stacked_rates)
from rlm_bot.pipeline.compute.plan import (
    MAX_EXPONENT, Plan, lit, numbers_in, to_number,
)
from rlm_bot.pipeline.compute.table_parse import Pasted, find_table
from rlm_bot.pipeline.compute.table_runtime import number
from rlm_bot.pipeline.compute.units import TEMPS, UNIT_ALT, UNIT_TYPOS, UNIT_TYPO_RE, UNITS, writes_byte_rate


@dataclass(frozen=True)
class Query:
    """A query as templates see it: cleaned text, lower-case copy, options, today's date."""

    text: str
    lower: str
    body: str
    options: dict
    today: date
    conversation: str = ""  # the thread's earlier messages, when the request points at them
    written: str = ""  # the message as written (mentions stripped, typos fixed): numbers not normalised ('5k' stays)


_LEAD = re.compile(
    r"^\s*(?:(?:so|hey|ok|okay|quick q(?:uestion)?|q|pls|please)[\s,:!-]+)?"
    r"(?:(?:can|could|would) (?:you|u) (?:please )?(?:tell me |help me |quickly )?)?"
    r"(?:what(?:'s| is| does| do)|whats|how much is|how much does|how much|calculate|compute|evaluate|"
    r"work out|figure out|solve|simplify|find|give me|tell me|quick math|math|calc)?[\s:,]*"
    r"(?:the value of\s+|(?:the\s+)?result of\s+|the\s+)?",
    re.I)
_WORD_OPS = [
    (r"\bmultiplied by\b|\btimes\b|(?<=[\d)])\s*[x×]\s*(?=[\d(])|\s\*\s|"
     r"(?<=\d)\s+multipl(?:y|ied)(?:\s+(?:with|on|to))?(?=\s*[\d(])", " * "),
    (r"\bdivided by\b|\bover\b(?=\s*[\d(])|÷|(?<=\d)\s+divided?(?:\s+(?:on|to|with|into))?(?=\s*[\d(])", " / "),
    (r"\bplus\b|\band\b(?=\s*[\d(])", " + "),
    (r"\bminus\b|−|–", " - "),
    (r"\bto the power(?: of)?\b|\braised to(?: the power(?: of)?)?\b|\^", " ** "),
    (r"\bsquared\b", " ** 2"),
    (r"\bcubed\b", " ** 3"),
    (r"\bmod(?:ulo)?\b", " % "),
]
_FUNCS = {"sqrt": "sqrt", "sqrt of": "sqrt", "root of": "sqrt", "square root of": "sqrt", "cube root of": "cbrt", "abs": "abs",
          "absolute value of": "abs", "log": "log10", "ln": "log", "log10": "log10", "log2": "log2",
          "factorial of": "factorial", "factorial": "factorial", "sin": "sin", "cos": "cos", "tan": "tan",
          "exp": "exp"}
_SAFE_EXPR = re.compile(r"^[\d\s.+\-*/%()]*$")


def normalise_expression(raw: str) -> str | None:
    """Turn 'what's 12 times (3 plus 4)?' into '12 * (3 + 4)', or None if it is not pure arithmetic."""
    s = raw.strip()
    # a trailing '!' is a factorial when the expression writes others ('7! / 5!'), else excitement
    s = s.rstrip("?.=").strip() if re.search(r"\d!\s*[-+*/^×÷]", s) and re.search(r"\d!$", s.rstrip("?.= ")) else \
        s.rstrip("?!.=").strip()
    s = re.sub(r"[\s,]+(?:please|pls|plz|thanks|thx|ty)\W*$", "", s, flags=re.I).rstrip("?.=").strip()
    s = re.sub(r"\s+(?:is|equals?|=)\s*\??\s*$", "", s, flags=re.I)
    s = re.sub(r"\s+(?:as a decimal|in decimal|as a number|together|altogether|in total|all together)\s*$", "", s, flags=re.I)
    s = re.sub(r"(\d(?:\.\d+)?)[eE]([-+]?\d{1,3})\b", lambda m: repr(float(m.group(0))), s)
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)
    s = s.replace("$", "")
    s = re.sub(r"(\d+(?:\.\d+)?)\s*%\s*of\s*", r"\1 / 100 * ", s, flags=re.I)
    s = re.sub(r"(?<![\d.])(\d+)\s*/\s*(\d+)\s+of\s+(?=[\d(])", r"(\1 / \2) * ", s, flags=re.I)  # '3/8 of 960'
    s = re.sub(r"\b(?:the )?(square|cube) of\s*(\d+(?:\.\d+)?)\b", lambda m: f"{m.group(2)} ** {2 if m.group(1) == 'square' else 3}",
               s, flags=re.I)
    # 'A divided by B, then multiplied by C': each step applies to the result so far
    steps = re.split(r"\s*,?\s+(?:and\s+)?then\s+", s, flags=re.I)
    if len(steps) > 1:
        s = "(" * (len(steps) - 1) + steps[0] + "".join(") " + re.sub(r"^(?:add|plus)\b", "plus", x, flags=re.I)
                                                         for x in steps[1:])
    for pattern, repl in _WORD_OPS:
        s = re.sub(pattern, repl, s, flags=re.I)
    funcs_used = []
    for word, fn in sorted(_FUNCS.items(), key=lambda kv: -len(kv[0])):
        pat = re.compile(r"\b" + re.escape(word) + r"\b\s*(\(|(?=\d))", re.I)
        if pat.search(s):
            s = pat.sub(lambda m, fn=fn: f" {fn.upper()}(" if m.group(1) == "(" else f" {fn.upper()}#", s)
            funcs_used.append(fn)
    # FN#123 -> FN(123)
    s = re.sub(r"([A-Z0-9]+)#\s*(\d+(?:\.\d+)?)", r"\1(\2)", s)
    s = re.sub(r"(\d+(?:\.\d+)?)\s*!", r"FACTORIAL(\1)", s)
    if "FACTORIAL" in s and "factorial" not in funcs_used:
        funcs_used.append("factorial")
    probe = re.sub(r"\b(SQRT|CBRT|ABS|LOG10|LOG2|LOG|FACTORIAL|SIN|COS|TAN|EXP)\(", "(", s)
    if not _SAFE_EXPR.match(probe) or not re.search(r"\d", probe):
        return None
    if not re.search(r"[+\-*/%]|\(", probe.strip().lstrip("-")) and not funcs_used:
        return None
    if probe.count("(") != probe.count(")"):
        return None
    for m in re.finditer(r"\*\*\s*\(?\s*(\d+)", s):
        if int(m.group(1)) > MAX_EXPONENT:
            return None
    for m in re.finditer(r"FACTORIAL\((\d+)", s):
        if int(m.group(1)) > 500:
            return None
    s = re.sub(r"\b(SQRT|CBRT|ABS|LOG10|LOG2|LOG|FACTORIAL|SIN|COS|TAN|EXP)\(",
               lambda m: m.group(1).lower() + "(", s)
    s = re.sub(r"cbrt\(([^()]*)\)", r"((\1) ** (1 / 3))", s)
    s = re.sub(r"\s+", " ", s).strip()
    try:
        compile(s, "<expr>", "eval")
    except SyntaxError:
        return None
    return s


# Words that may surround an inline expression without changing what is asked.
_FILLER = frozenset("""hey hi yo so ok okay quick q pls please can could would you u tell me what whats what's is
    does do it come comes out to equal equals give gives get the answer result of value how much many calculate
    compute evaluate work figure solve real quick just again exactly lol hiya hello need a sanity check double
    thanks thx someone somebody anyone for me pls plz sum add up total together altogether i i'd would like know
    appreciate grateful if be kindly wondering was let tell one this that do my calc calculator app phone died broke
    dead isn't working fyi revert wat wats and""".split())
# an explicit verb before the expression, so that a purpose clause after it ('... for the store avg line in the
# deck') says why it is asked, not what
_VERB_BEFORE = re.compile(r"\b(?:calculate|compute|work out|figure out|calc|evaluate)\s*$", re.I)
_PURPOSE_AFTER = re.compile(r"^\s*,?\s*(?:for|so|because|as)\s+(?:the|our|my|a|an|this|that|we|i)\b[^\d]*$", re.I)
# a label before the expression ('quick one: (4500 - 1250) / 13', 'sanity check - 12 * 7'): no digits, a few words
_LABEL = re.compile(r"^\s*[a-z', ]{1,50}?\s*[:\u2014]\s*(?=[-(\d$€£])", re.I)
# a fenced expression with the question on its own line before or after it
_FENCED = re.compile(r"```\w*\s*\n?(.+?)\n?\s*```", re.S)
_INLINE = re.compile(r"[-(]*\s*\d[\d,.]*\s*(?:[-+*/×÷^x%]\s*[-(]*\s*\d[\d,.]*\s*\)*\s*)+")


_ROUNDED = re.compile(r"[\s,]+(?:and\s+)?(?:rounded|round(?:ed)? it|round)\s+(?:off\s+)?to\s+(\d|one|two|three|four)\s*"
                      r"(?:dp|d\.p\.|decimal places?|decimals?|places?|digits?)\W*$", re.I)


def _then_rounded(q: Query, rounded: re.Match, solve) -> Plan | None:
    """The plan `solve` makes of the query before its 'rounded to N dp', its result rounded as asked."""
    places = to_number(rounded.group(1))
    cut = rounded.start()
    plan = solve(replace(q, body=q.body[:cut], text=q.text[:cut], lower=q.lower[:cut]))
    if plan is None or places is None:
        return None
    return replace(plan, code=plan.code.rsplit("\n", 1)[0] + f"\nround(result, {int(places)})",
                   explanation=plan.explanation + f" Rounded to {int(places)} decimal places.")


def solve_arithmetic(q: Query) -> Plan | None:
    """'what's 17 * 23 + 4', '((-1 + 2) - (3 * 4)) =', '2^10', 'sqrt(144)', '15% of 80'."""
    rounded = _ROUNDED.search(q.body)
    if rounded:  # 'whats 1450/12 rounded to 2 dp': the expression, then the rounding asked
        return _then_rounded(q, rounded, solve_arithmetic)
    text = re.sub(r"^```\w*\s*\n?|\n?\s*```$", "", q.body.strip()).strip().strip("`").strip()  # a fenced expression
    fenced = _FENCED.search(q.body)
    if fenced and "\n" not in fenced.group(1).strip():
        outside = (q.body[: fenced.start()] + " " + q.body[fenced.end():]).lower()
        if all(w in _FILLER for w in re.findall(r"[a-z']+", outside)) and not re.search(r"\d", outside):
            text = fenced.group(1).strip()
    text = re.sub(r"[\U0001F300-\U0001FAFF\u2600-\u27BF]|(?<!\S):[a-z0-9_+-]+:(?!\S)", "", text).strip()  # emoji say nothing
    text = re.sub(r"`([^`\n]+)`", r"\1", text)  # an inline code span around the expression
    label = _LABEL.match(text)
    if label and re.search(r"[+\-*/×÷^]", text[label.end():]) and \
            all(w in _FILLER | {"question", "math", "maths", "sum", "these", "those", "numbers", "anyone", "know", "up"}
                for w in re.findall(r"[a-z']+", label.group(0).lower())):
        text = text[label.end():]
    if len(text) > 400 or "\n" in text.strip() or re.search(r"(?<![\w.])0[xbo][0-9a-f]", text, re.I):
        return None  # '0x10', '0b101': a number in another base, not 0 times 10 (bases.py reads them)
    m = _LEAD.match(text)
    expr = normalise_expression(text[m.end():] if m else text)
    if expr is None:
        # an expression inside a sentence ("can u tell me what 345 + 789 is", "... calculate 3,450 multiplied
        # by 12 for me"), when the rest is filler
        for pattern, repl in _WORD_OPS[:4]:
            text = re.sub(r"(?<=\d)\s*(?:" + pattern + r")\s*(?=[\d(])", repl, text, flags=re.I)
        spans = list(_INLINE.finditer(text))
        if len(spans) != 1 or re.match(r"\s*(?:%|percent|per ?cent)", text[spans[0].end():]):
            return None  # '150 + 20%' is 20 percent of 150 added: the percentage forms' question
        after = text[spans[0].end():]
        if _VERB_BEFORE.search(text[: spans[0].start()]) and _PURPOSE_AFTER.match(after):
            after = ""
        rest = re.sub(r"\bget back to (?:me|us)\b|\blet (?:me|us) know\b",  # a sign-off, no part of the sum
                      " ", (text[: spans[0].start()] + " " + after).lower())
        if not all(w in _FILLER for w in re.findall(r"[a-z']+", rest)):
            return None
        expr = normalise_expression(spans[0].group(0))
    if expr is None:
        return None
    return Plan("arithmetic", f"result = {expr}\nresult", f"Evaluated {expr} exactly as written.",
                specificity=0.97, template="arithmetic")


_PCT = r"(-?\d[\d,]*(?:\.\d+)?)\s*(?:%|percent|per cent|pct)"
_NUM = r"[$€£]?\s?(-?\d[\d,]*(?:\.\d+)?)"


def _n(s: str) -> int | float:
    return to_number(s.replace(",", ""))  # type: ignore[return-value]


def solve_percentage(q: Query) -> Plan | None:
    """Percent of, what percent, percent change, increase/decrease by, tips, discounts, tax."""
    t = re.sub(r"\bsales tax\b", "tax", q.lower)
    if re.search(r"\bhow many (?:whole |full |more )?(?:months|years|weeks|quarters|periods)\b", t) and \
            re.search(r"\b(?:grow\w*|compound\w*|doubl\w*|tripl\w*|mom|yoy)\b", t):
        return None  # 'growing 8% MoM, after how many months is it double': a count of periods, no percent of an amount
    t = re.sub(r"(\d)\s*(?:eur|usd|gbp|inr|aud|cad|chf|sek|nok|dkk|rs\.?)(?![\w.])", r"\1", t)  # '840 eur': an amount
    t = re.sub(r"₹\s?(?=\d)", "", t)
    # 'dropped from 8.2 mg to 7.4 mg': one unit on both amounts says nothing of the percentage
    t = re.sub(r"(\d)\s*([a-zµ]{1,6})\s+to\s+(-?\d[\d,]*(?:\.\d+)?)\s*\2\b", r"\1 to \3", t)
    plan = solve_percent_roles(t) or price_roles.solve_change_roles(t) or share_parts.solve_share_of_parts(t) or _margin(t) or _rate_then_split(t) or _with_rate_total(t) or _saving(t) or _how_many_of(t) or _points(t)
    if plan is not None:
        return plan
    m = re.search(r"what (?:percent(?:age)?|%) (?:of " + _NUM + r" is " + _NUM + r"|is " + _NUM +
                  r" (?:of|out of) " + _NUM + ")", t)
    if m:
        if m.group(1):
            whole, part = _n(m.group(1)), _n(m.group(2))
        else:
            part, whole = _n(m.group(3)), _n(m.group(4))
        return _pct_plan(f"part = {part}\nwhole = {whole}\npercent = part / whole * 100\nround(percent, 4)",
                         f"Divided {part} by {whole} and multiplied by 100.", unit="percent")
    m = re.search(_NUM + r" (?:is|as a|as) (?:what )?(?:percent(?:age)?|%) (?:of|out of) " + _NUM, t) or \
        re.search(r"(?:^|[\s:])(-?\d[\d,]*(?:\.\d+)?)\s*/\s*(\d[\d,]*(?:\.\d+)?)\s+(?:as an?|in|to an?|into an?)\s+"
                  r"(?:percent(?:age)?|%)", t) or \
        re.search(_NUM + r" (?:out of|in) " + _NUM + r" (?:as an? |in )?(?:percent(?:age)?|%)", t)
    if m:
        part, whole = _n(m.group(1)), _n(m.group(2))
        return _pct_plan(f"part = {part}\nwhole = {whole}\npercent = part / whole * 100\nround(percent, 4)",
                         f"Divided {part} by {whole} and multiplied by 100.", unit="percent")
    plan = _share(t) or _percent_change(t) or _before_rate(t) or solve_share_rate(t)
    if plan is not None:
        return plan
    m = re.search(_NUM + r" out of " + _NUM + r"\b[^.?!]{0,40}\b(?:what|which) (?:percent(?:age)?|%)", t)
    if m:
        part, whole = _n(m.group(1)), _n(m.group(2))
        return _pct_plan(f"part = {part}\nwhole = {whole}\npercent = part / whole * 100\nround(percent, 4)",
                         f"Divided {part} by {whole} and multiplied by 100.", unit="percent")
    m = re.search(_PCT + r" (vat|tax|sales tax|gst|tip|service charge|commission|deposit|fee|surcharge) (?:on|for|of|"
                  r"(?:(?:would|will|should|might) )?add (?:on )?to|adds (?:on )?to) (?:a |an |the )?"
                  r"(?:[a-z-]+ ){0,3}?(?:of )?" + _NUM, t)
    if m:
        rate, base = _n(m.group(1)), _n(m.group(3))
        if m.group(2) in {"vat", "tax", "gst", "tip", "service charge", "surcharge"} and (_ASKS_TOTAL.search(t[m.end():]) or re.search(
                r"\b(?:price|cost|total|amount|bill)\s+(?:with|incl\w*|including|after|plus)\s*$", t[:m.start()])):
            return _rate_applied(base, rate, down=False)  # the amount with the tax or tip, as asked
        return _pct_plan(f"rate = {rate}\nbase = {base}\nresult = rate / 100 * base\nround(result, 6)",
                         f"{rate}% of {base} = {rate} / 100 × {base}.", kind="percentage")
    m = re.search(r"(?:percent(?:age)?|%) (?:change|increase|decrease|difference|growth|drop)\s+(?:from|between) "
                  + _NUM + r" (?:to|and) " + _NUM, t) or \
        re.search(r"(?:from|went from|grew from|dropped from|fell from|rose from) " + _NUM + r" to " + _NUM +
                  r".{0,40}(?:percent(?:age)?|%)", t)
    if m:
        old, new = _n(m.group(1)), _n(m.group(2))
        return _pct_plan(f"old = {old}\nnew = {new}\nchange = (new - old) / old * 100\nround(change, 4)",
                         f"Percent change = (new - old) / old × 100 from {old} to {new}.", kind="percentage_change",
                         unit="percent")
    # 'bill is €86.40, how much is a 15% tip?': the bill first, the tip's rate after it
    m = re.search(r"\b(?:bill|check|tab|meal|dinner|lunch)\s+(?:is|was|came to|comes to|of|for|total(?:led)?|:)\s+"
                       + _NUM + r"[^%\d]{0,40}?" + _PCT + r"\s*(?:tip|gratuity)\b", t)
    if m:
        amount, rate = _n(m.group(1)), _n(m.group(2))
        if _ASKS_TOTAL.search(t[m.end():]):
            return _rate_applied(amount, rate, down=False)
        return _pct_plan(f"amount = {amount}\nrate = {rate}\ntip = amount * rate / 100\nround(tip, 2)",
                         f"Tip = {amount} × {rate}%.", kind="percentage", unit="money")
    m = re.search(r"(?:tip|gratuity)\D{0,20}?" + _PCT + r".{0,20}?(?:on|for|of) (?:a |an )?" + _NUM, t) or \
        re.search(_PCT + r" (?:tip|gratuity) (?:on|for) (?:a |an )?" + _NUM, t)
    if m:
        rate, amount = _n(m.group(1)), _n(m.group(2))
        if _ASKS_TOTAL.search(t[m.end():]) or _ASKS_TOTAL.search(t[: m.start()]):
            return _rate_applied(amount, rate, down=False)  # the bill with the tip, as asked
        return _pct_plan(f"amount = {amount}\nrate = {rate}\ntip = amount * rate / 100\nround(tip, 2)",
                         f"Tip = {amount} × {rate}%.", kind="percentage", unit="money")
    # 'add 15% tip to 48.50', 'apply a 20% discount to $120', 'take 10% off 80': an imperative
    # rate applied to an amount; the noun (or the verb) says which way it goes
    # ('service charge 12.5% on …' names a charge: no verb)
    m = re.search(r"\b(?<!service )(?<!delivery )(?<!late )(?<!the )(?<!a )(add|apply|put|charge|take|subtract|deduct|knock)\s+(?:a |an )?" + _PCT +
                  r"\s*((?:[a-z]+ ){0,2}?)(?:to|on|onto|from|off(?: of)?)\s+(?:a |an |the )?" + _NUM, t)
    if m:
        verb, rate, noun, base = m.group(1), _n(m.group(2)), m.group(3), _n(m.group(4))
        down = verb in {"take", "subtract", "deduct", "knock"} or \
            bool(re.search(r"\b(?:discount|off|reduction|cut|rebate|markdown)\b", noun))
        if noun.strip() and re.search(r"\b(?:how much|what(?:'s|s| is| would be| will be)?)\s+(?:is\s+|would be\s+|will be\s+)?"
                                      r"(?:the\s+|my\s+|our\s+)?" + re.escape(noun.split()[0]) + r"\b", t[m.end():]):
            # 'add 12.5% service on a £284 bill, how much is the service charge?': the rate's share itself
            return _pct_plan(f"rate = {rate}\nbase = {base}\nresult = rate / 100 * base\nround(result, 6)",
                             f"The {noun.strip()}: {rate}% of {base}.", kind="percentage")
        return _rate_applied(base, rate, down=down)
    m = re.search(r"(?:increase|raise|add|mark ?up|grow)\s+" + _NUM + r" by " + _PCT, t) or \
        re.search(_NUM + r" (?:plus|\+|with|increased by|marked up by|after|and) (?:a )?" + _PCT +
                  r"(?: (?:tax|vat|increase|markup|raise|more|interest))?(?!\s*(?:of|off|discount))", t)
    if m:
        return _rate_applied(_n(m.group(1)), _n(m.group(2)), down=False)
    m = re.search(r"(?:decrease|reduce|cut|lower|discount|take)\s+" + _NUM + r" by " + _PCT, t) or \
        re.search(_NUM + r" (?:minus|less|-|decreased by|reduced by|with|after|at) (?:a )?" + _PCT +
                  r"(?: (?:off|discount|decrease|reduction|less))", t) or \
        re.search(_NUM + r"\s*(?:minus|less|-|−)\s*" + _PCT + r"\s*[?.!=]*\s*$", t) or \
        re.search(_PCT + r" (?:off|discount on|discount off|off of|less than) (?:a |an )?" + _NUM, t)
    if m:
        a, b = m.group(1), m.group(2)
        if re.search(_PCT + r" (?:off|discount on|discount off|off of|less than)", t) and m.re.pattern.startswith(_PCT):
            rate, base = _n(a), _n(b)
        else:
            base, rate = _n(a), _n(b)
        return _rate_applied(base, rate, down=True)
    m = re.search(_PCT + r" of " + _NUM, t) or re.search(r"\b(?:how much is|what(?:'s| is)|whats|calculate|work out) (?:the )?"
                                                           + _PCT + r" from " + _NUM + r"\W*$", t)
    if m:
        rate, base = _n(m.group(1)), _n(m.group(2))
        return _pct_plan(f"rate = {rate}\nbase = {base}\nresult = rate / 100 * base\nround(result, 6)",
                         f"{rate}% of {base} = {rate} / 100 × {base}.", kind="percentage")
    return _rate_on_amount(t) or word_problems.solve_product_with_rate(t) or price_roles.solve_margin_roles(t) or price_roles.solve_change_roles(t) or \
        price_roles.solve_rate_share(t) or solve_rate_applied(t) or solve_stacked_rates(t)


_ASKS_SHARE = re.compile(r"\b(?:what|which|how many|how much)\s+(?:%|percent(?:age)?|per cent)|\bas an? (?:%|percent(?:age)?)|"
                         r"\b(?:win|success|pass|passing|failure|fail|error|conversion|hit|open|click|response|completion|"
                         r"attendance|approval|acceptance|retention|churn|occupancy|utili[sz]ation) rate\b|"
                         r"\bin (?:%|percent(?:age)?)(?!\w)|\b(?:%|percent(?:age)?) (?:is|was|are|were) (?:that|this|it)\b")
_WHOLE_BEFORE = re.compile(r"\b(?:out of|of|from)\s+(?:the\s+|our\s+|my\s+|their\s+|your\s+|all\s+|a total of\s+|"
                           r"total\s+)?[$€£]?\s?$")


def _share(t: str) -> Plan | None:
    """'what percentage 18 is of 240', 'out of 640 responses, 208 said yes: what % is that': two numbers,
    the one after 'of' / 'out of' the whole."""
    if not _ASKS_SHARE.search(t) or re.search(r"\d\s*%|\b(?:more|less|increase|decrease|change|growth|grow|grew|drop|"
                                             r"rise|rose|up|down|higher|lower|off|discount|went|was|were|from \S+ to)\b", t):
        return None
    nums = list(re.finditer(_NUM, t))
    if len(nums) != 2:
        return None
    wholes = [i for i, m in enumerate(nums) if _WHOLE_BEFORE.search(t[: m.start(1)])]
    if not wholes and re.search(r"\bwhat (?:%|percent(?:age)?|per cent|share|fraction) (?:did|do|does|have|has|got|[a-z]+ed|of (?:them|"
                                r"those|these|the \w+) (?:did|were|got|have|[a-z]+ed))\b", t) and \
            re.search(r"\b(?:had|have|has|got|sent|received|there (?:are|were)|[a-z]+ed)\s+(?:\w+\s+){0,2}?" + _NUM +
                      r"\s+[a-z]+s\b.*\band\b", t):
        # 'we had 320 tickets and closed 272, what percent did we close': the count first is the whole
        wholes = [0] if _n(nums[0].group(1)) >= _n(nums[1].group(1)) else []
    if len(wholes) != 1:
        return None
    whole, part = _n(nums[wholes[0]].group(1)), _n(nums[1 - wholes[0]].group(1))
    if not whole:
        return None
    return _pct_plan(f"part = {part}\nwhole = {whole}\npercent = part / whole * 100\nround(percent, 4)",
                     f"Divided {part} by {whole} and multiplied by 100.", unit="percent")


_ASKS_TOTAL = re.compile(r"\b(?:the total|total (?:with|incl\w*|bill|amount|to pay|cost|price)|in total|all in|altogether|"
                         r"how much (?:do|should|will|would) (?:i|we) (?:pay|leave)(?! as)|grand total|total\W*$)")
_SELL = re.compile(r"\b(?:sell|sells|selling|sold|retail|retails|charge)\s+(?:(?:it|them|each|one|these|those|the|our|a|an|"
                   r"for|at|is|of|[a-z]+s)\s+){0,3}?" + _NUM)
_COST = re.compile(r"\b(?:costs?|cost of|buy|buys|bought|purchase|pay|paid|cogs)\s+(?:(?:us|me|it|them|each|one|is|the|these|"
                   r"those|our|a|an|at|for|of|[a-z]+s)\s+){0,3}?" + _NUM)


_SPLIT_WAYS = re.compile(r"\bsplit(?:\s+(?:it|that|this|the (?:bill|total|cost)))?\s+(?:evenly\s+|equally\s+)?(?:(\d+|two|three|four|"
                         r"five|six|seven|eight|nine|ten)\s+ways|(?:between|among|amongst|across|by)\s+(?:the\s+)?(\d+|two|three|four|"
                         r"five|six|seven|eight|nine|ten)(?:\s+(?:of us|people|persons|friends|guests|ways))?)\b")


def _rate_then_split(t: str) -> Plan | None:
    """'$65 dinner, 20% tip, split 3 ways, how much each?': the amount with its tip or tax, shared equally."""
    split = _SPLIT_WAYS.search(t)
    pcts = list(re.finditer(_PCT + r"\s*(tip|gratuity|service(?: charge)?|tax|vat|gst)\b|\b(?:plus|add|with|\+)\s+(?:a\s+)?"
                            + _PCT + r"\s*(tip|gratuity|service(?: charge)?|tax|vat|gst)?", t))
    if not split or len(pcts) != 1 or len(re.findall(_PCT, t)) != 1:
        return None
    p = pcts[0]
    rate = _n(p.group(1) or p.group(3))
    amounts = [m for m in re.finditer(_NUM, t) if not (p.start() <= m.start(1) < p.end() or split.start() <= m.start(1) < split.end())]
    if len(amounts) != 1 or amounts[0].start() > split.start():
        return None
    people = to_number(split.group(1) or split.group(2))
    base = _n(amounts[0].group(1))
    if not people:
        return None
    return _pct_plan(f"amount = {base}\nrate = {rate}  # {p.group(2) or p.group(4) or 'added'}\npeople = {people}\n"
                     "total = amount * (1 + rate / 100)\nshare = total / people\nround(share, 2)",
                     f"Added {rate}% to {base}, then divided by {people}.", kind="percentage", unit="money")


def _points(t: str) -> Plan | None:
    """'error rate dropped from 2.4% to 1.8%, how many percentage points?': the difference of two rates."""
    if not re.search(r"\b(?:percentage points?|pp|points|ppts?)\b", t) or \
            re.search(r"\brelative\b|\bnot (?:in |as )?(?:percentage )?(?:points|pp)\b", t):
        return None  # ('by what percent did it drop in relative terms (not percentage points)': a relative change)
    m = _TWO_VALUES[0].search(t) or _TWO_VALUES[1].search(t)
    if not m or m.group(2) != "%" or m.group(4) != "%" or len(re.findall(r"(?<![a-z\d.,])\d+(?:[.,]\d+)*", t)) != 2:
        return None
    old, new = _n(m.group(1)), _n(m.group(3))
    return _pct_plan(f"old = {old}  # %\nnew = {new}  # %\npoints = round(new - old, 6)\n"
                     "str(abs(points)).removesuffix('.0') + ' percentage points ' + ('higher' if points > 0 else 'lower' "
                     "if points < 0 else '(no change)') + ' (' + str(old) + '% → ' + str(new) + '%)'",
                     f"The difference of the two rates, {new}% − {old}%, in percentage points.", kind="percentage")


def _how_many_of(t: str) -> Plan | None:
    """'we have 1,200 users and 18% are on the pro plan, how many pro users': the rate's share of the count."""
    pcts = list(re.finditer(_PCT, t))
    if len(pcts) != 1 or not re.search(r"\bhow many\b(?!\s+(?:%|percent|per ?cent))", t[pcts[0].end():]) or \
            not re.match(r"\s+(?:of (?:them|those|these|the \w+|our \w+|us)\s+)?(?:are|were|is|was|have|had|use|used|said|"
                         r"will|would|did|do|does|opted|chose|voted|clicked|opened|bought|paid|came|left|got|[a-z]+ed|"
                         r"(?!(?:of|off|tax|vat|gst|tip|interest|apr|apy|discount|commission|fee|rate|a|an|per|each|every|"
                         r"more|less|and|or|to|in|on|for|at|by|is)\b)[a-z]+)\b|\s*[,;]\s+(?!(?:of|off|tax|vat|tip|discount)\b)|"
                         r"\s+(?:on|of|among|across|from)\s+[$€£]?\d", t[pcts[0].end():]):
        return None
    amounts = [m for m in re.finditer(_NUM, t) if not pcts[0].start() <= m.start(1) < pcts[0].end()]
    if len(amounts) != 1 or _RAISES.search(t) or _LOWERS.search(t):
        return None
    rate, whole = _n(pcts[0].group(1)), _n(amounts[0].group(1))
    return _pct_plan(f"whole = {whole}\nrate = {rate}\ncount = whole * rate / 100\nround(count, 4)",
                     f"{rate}% of {whole}.", kind="percentage")


def _margin(t: str) -> Plan | None:
    """'we sell it for $84 and it costs us $63, what's the gross margin %': (price - cost) / price; a markup is
    (price - cost) / cost."""
    asked = re.search(r"\b(margin|mark-?up)\b", t)
    if not asked or len(list(re.finditer(_NUM, t))) != 2 or re.search(r"\d\s*%", t):
        return None
    sell, cost = _SELL.search(t), _COST.search(t)
    if not sell or not cost or sell.start(1) == cost.start(1):
        return None
    price, paid = _n(sell.group(1)), _n(cost.group(1))
    if not price or not paid:
        return None
    base = "price" if asked.group(1) == "margin" else "cost"
    return _pct_plan(f"price = {price}  # selling price\ncost = {paid}\n{asked.group(1).replace('-', '')} = (price - cost) / {base} * 100\n"
                     f"round({asked.group(1).replace('-', '')}, 4)", f"({price} - {paid}) / {price if base == 'price' else paid} × 100.",
                     unit="percent")


def _with_rate_total(t: str) -> Plan | None:
    """'item is $240 before 8.875% sales tax. total w/ tax?': an amount before a rate, and the total with it."""
    m = re.search(_NUM + r"\s+(?:before|plus|\+|excluding|excl\.?|ex\.?|pre-?tax,?\s+(?:plus|\+)?)\s*(?:a |an |the )?" + _PCT +
                  r"\s*(tax|vat|gst|tip|service charge|surcharge|fee)\b", t)
    if not m or not re.search(r"\b(?:total|with|w/|incl\w*|after|final|altogether|in all|all in|how much (?:is|will|would|do|does))",
                              t[m.end():]):
        return None
    return _rate_applied(_n(m.group(1)), _n(m.group(2)), down=False)


def _saving(t: str) -> Plan | None:
    """'the quote is $42,000, 12% off if we sign by friday. how much do we save': the rate's share of the amount."""
    if not re.search(r"\bhow much (?:do|would|will|can|could|did|are|is) (?:we|i|you|they|that|it)\s+(?:be\s+)?sav(?:e|ing)\b|"
                     r"\bwhat(?:'s| is| are| would be)? (?:the |our |my )?savings?\b", t):
        return None
    pcts = list(re.finditer(_PCT + r"\s*(?:off|discount|reduction|cheaper|less|rebate)\b", t))
    amounts = [m for m in re.finditer(_NUM, t) if not any(p.start() <= m.start(1) < p.end() for p in pcts)]
    if len(pcts) != 1 or len(amounts) != 1 or len(re.findall(_PCT, t)) != 1:
        return None
    rate, base = _n(pcts[0].group(1)), _n(amounts[0].group(1))
    return _pct_plan(f"rate = {rate}\nbase = {base}\nsaving = rate / 100 * base\nround(saving, 6)",
                     f"The saving: {rate}% of {base}.", kind="percentage")


_RAISES = re.compile(r"\b(?:up|rises?|rising|rose|raised?|increases?|increased|increasing|hike[sd]?|grows?|grew|gone up|goes up|"
                     r"went up|more|higher|plus|mark(?:ed)? ?up|markup|tax|vat|gst|surcharge)\b")
_LOWERS = re.compile(r"\b(?:down|off|discount(?:ed)?|sale|falls?|fell|drops?|dropped|decreases?|decreased|cuts?|reduced?|"
                     r"reduction|less|lower|minus|markdown|rebate|cheaper)\b")


def _rate_on_amount(t: str) -> Plan | None:
    """'jacket was €120, now 30% off, how much do i pay', 'rent goes up by 4.5% from january. i pay £1,350 now,
    what will the new rent be': one amount and one rate, the words beside the rate saying which way."""
    pcts = list(re.finditer(_PCT, t))
    if len(pcts) != 1 or re.match(r"\s*(?:of\b|from\s+[$€£]?\s?\d)", t[pcts[0].end():]):
        return None
    p = pcts[0]
    amounts = list(re.finditer(_NUM, t[: p.start()] + " " * (p.end() - p.start()) + t[p.end():]))
    if len(amounts) != 1 or not re.search(r"\b(?:how much|what(?:'s| is| will| would| does| do)|whats|calculate|"
                                          r"work out|figure out)\b", t) or \
            re.search(r"\b(?:should|worth it|is it|do you think|good|better|best|recommend|why)\b", t):
        return None  # a question for a value, not for advice
    if re.search(r"\b(?:original|originally|before|used to|pre-?\w+|without|excluding|ex|net of|percent(?:age)?|per cent|"
                 r"(?:full|list|regular|normal|sticker|undiscounted) price|"
                 r"interest|a year|per year|each year|every year|annual\w*|yearly|per annum|a month|per month|every month|monthly|"
                 r"a week|per week|weekly|saved?|"
                 r"savings?|difference|how many)\b", t):
        return None  # undoing a rate, a share, a rate over time or what was saved is another question
    base, rate = _n(amounts[0].group(1)), _n(p.group(1))
    asked = re.search(r"\b(?:how much|what(?:'s|s| is| would be| will be)?)\s+(?:is\s+|would be\s+|will be\s+)?(?:the\s+|my\s+|our\s+)?"
                      r"(vat|tax|sales tax|gst|tip|discount|saving|commission|fee|surcharge|markup|raise|increase|bonus|"
                      r"deposit|down payment|service charge|service fee|service|gratuity|levy)\b", t)
    named = re.match(r"\s*([a-z]{3,})\b", t[p.end():])  # '12.5% service … how much is the service charge': the rate's own noun
    if named and named.group(1) not in ("off", "more", "less", "higher", "lower", "up", "down", "discount", "on", "of", "from",
                                        "to", "and", "the", "increase", "decrease", "rise", "cut"):
        asked = asked or re.search(r"\b(?:how much|what(?:'s|s| is| would be| will be)?)\s+(?:is\s+|would be\s+|will be\s+)?"
                                   r"(?:the\s+|my\s+|our\s+)?(" + re.escape(named.group(1)) + r")\b", t)
    if asked:  # 'how much is VAT at 20% on 1,250': the rate's share itself
        return _pct_plan(f"rate = {rate}\nbase = {base}\nresult = rate / 100 * base\nround(result, 6)",
                         f"The {asked.group(1)}: {rate}% of {base}.", kind="percentage")
    window = t[max(0, p.start() - 30): p.end() + 20]
    up, down = _RAISES.search(window), _LOWERS.search(window)
    if bool(up) == bool(down):
        return None
    return _rate_applied(base, rate, down=bool(down))


def _rate_applied(base: int | float, rate: int | float, *, down: bool) -> Plan:
    """`base` increased (or, `down`, reduced) by `rate` percent."""
    sign, did = ("-", "Reduced") if down else ("+", "Increased")
    return _pct_plan(f"base = {base}\nrate = {rate}\nresult = base * (1 {sign} rate / 100)\nround(result, 4)",
                     f"{did} {base} by {rate}%.", kind="percentage")


def _pct_plan(code: str, explanation: str, kind: str = "percentage", unit: str | None = None) -> Plan:
    """A percentage plan; `unit` "percent" marks a value that is itself a percentage, "money" an amount."""
    return Plan(kind, code, explanation, specificity=0.95, template=kind, data={"unit": unit} if unit else {})


_STATS = {
    "average": "mean", "avg": "mean", "mean": "mean", "median": "median", "mode": "mode",
    "sum": "sum", "total": "sum", "add up": "sum", "added up": "sum", "summed": "sum",
    "max": "max", "maximum": "max", "largest": "max", "biggest": "max", "highest": "max", "greatest": "max",
    "min": "min", "minimum": "min", "smallest": "min", "lowest": "min", "least": "min",
    "range": "range", "standard deviation": "stdev", "std dev": "stdev", "stdev": "stdev", "std": "stdev",
    "variance": "variance", "product": "product", "count": "count",
    "geometric mean": "gmean", "harmonic mean": "hmean", "midrange": "midrange", "mid-range": "midrange",
    "most common": "mode", "p50": "median", "weighted average": "weighted", "weighted mean": "weighted",
    "most frequent": "mode",
}
_STAT_CODE = {
    "mean": "sum(values) / len(values)",
    "median": "sorted(values)[len(values) // 2] if len(values) % 2 else "
              "(sorted(values)[len(values) // 2 - 1] + sorted(values)[len(values) // 2]) / 2",
    "mode": "max(sorted(set(values)), key=values.count)",
    "sum": "sum(values)",
    "max": "max(values)",
    "min": "min(values)",
    "range": "max(values) - min(values)",
    "stdev": "(sum((v - sum(values) / len(values)) ** 2 for v in values) / (len(values) - 1)) ** 0.5",
    "variance": "sum((v - sum(values) / len(values)) ** 2 for v in values) / (len(values) - 1)",
    "product": "prod(values)",
    "count": "len(values)",
    "gmean": "prod(values) ** (1 / len(values))",
    "hmean": "len(values) / sum(1 / v for v in values)",
    "midrange": "(max(values) + min(values)) / 2",
}
def _shown(fn: str) -> str:
    """The last line of a statistics plan: a mean, median or spread to 4 decimals (86.3333, not 86.33333333)."""
    return "round(result, 4)" if fn in {"mean", "median", "stdev", "variance", "gmean", "hmean", "midrange"} else "result"


_STAT_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _STATS), key=len, reverse=True)) + r")\b")


# Misspellings of the statistics common enough in chat to read as the word meant.
STAT_TYPOS = {"avrage": "average", "averge": "average", "avarage": "average", "avergae": "average", "averag": "average",
              "avreage": "average", "aveage": "average", "medain": "median", "meadian": "median", "mediam": "median",
              "medianne": "median", "standard devation": "standard deviation", "standard diviation": "standard deviation",
              "std deviation": "standard deviation", "stddev": "std dev", "varience": "variance", "maximun": "maximum",
              "minimun": "minimum", "totla": "total"}
_STAT_TYPO_RE = re.compile(r"\b(" + "|".join(map(re.escape, STAT_TYPOS)) + r")\b")
# 'add these up', 'sum them all up', 'tot up': the sum, however the list is pointed at
_ADD_UP = re.compile(r"\b(?:add|sum|tot|total)\s+(?:(?:these|them|those|this|it|all|everything|the|numbers|values|amounts|"
                     r"figures|of|up)\s+){0,3}?up\b|"
                     r"\b(?:add|sum|tot|total)\s+(?:all\s+)?(?:these|those|the|my|our)\s+(?:[a-z]+\s+)?[a-z]+s\s+up\b")


_HIGH_MINUS_LOW = re.compile(r"\b(?:the\s+)?(?:highest|max(?:imum)?|largest|biggest|longest|top)\s+(?:one\s+)?(?:minus|less|-|take away)\s+"
                             r"(?:the\s+)?(?:lowest|min(?:imum)?|smallest|shortest|bottom)(?:\s+one)?\b|\b(?:the\s+)?(?:difference|gap|spread)\s+"
                             r"between\s+(?:the\s+)?(?:highest|max(?:imum)?|largest|biggest|longest|top)(?:\s+one)?\s+and\s+(?:the\s+)?"
                             r"(?:lowest|min(?:imum)?|smallest|shortest|bottom)(?:\s+one)?\b|"
                             # 'the spread between the cheapest and the most expensive': either order
                             r"\b(?:the\s+)?(?:difference|gap|spread)\s+between\s+(?:the\s+)?(?:lowest|min(?:imum)?|smallest|"
                             r"shortest|bottom|cheapest|least expensive)(?:\s+one)?\s+and\s+(?:the\s+)?(?:highest|max(?:imum)?|"
                             r"largest|biggest|longest|top|most expensive|priciest|dearest)(?:\s+one)?\b|"
                             r"\b(?:the\s+)?(?:difference|gap|spread)\s+between\s+(?:the\s+)?(?:most expensive|priciest|"
                             r"dearest)(?:\s+one)?\s+and\s+(?:the\s+)?(?:cheapest|least expensive)(?:\s+one)?\b")


def _ranges(t: str) -> str:
    """'the highest minus the lowest', 'the gap between the biggest and smallest' is the range."""
    return _HIGH_MINUS_LOW.sub("range", t)


def _stat_words(t: str) -> list[re.Match]:
    """The statistics named in `t`; 'min' written as a unit ('12 min', '(min)', 'in min') is minutes, not the minimum."""
    found = []
    for m in _STAT_RE.finditer(t):
        if m.group(1) in {"min", "max"} and (re.search(r"(?:\d|\(|\bin)\s*$", t[: m.start()]) or t[m.end(): m.end() + 1] == ")"):
            continue
        found.append(m)
    return found


# The statistics vocabulary other readers share (stat_reader.py): public names of the tables and helpers above.
STATS, STAT_CODE, STAT_TYPO_RE, ADD_UP = _STATS, _STAT_CODE, _STAT_TYPO_RE, _ADD_UP
ranges, shown_result, stat_words = _ranges, _shown, _stat_words


def solve_listed_stats(q: Query) -> Plan | None:
    """'avg build time this week?\n- mon 14m\n- tue 11m ...', "order counts:\n- Monday: 42 ...\nWhat's the total?":
    one statistic asked over values listed one a line, each with at most a short label and a unit. (Tried
    before the sort and list forms: 'order counts' names the data, it does not ask to order it.)"""
    labelled = _labelled_lines(q.body)
    if labelled is None:
        return None
    stats = _stat_words(_ranges(_ADD_UP.sub("add up", _STAT_TYPO_RE.sub(lambda m: STAT_TYPOS[m.group(1)], labelled[0].lower()))))
    if len(stats) != 1 or _STATS[stats[0].group(1)] == "count":
        return None
    if CHECKED_TOTAL.search(labelled[0].lower()):
        return None  # 'do these add up to the statement total of 3,412.60?': a yes/no check, not the sum
    fn = _STATS[stats[0].group(1)]
    return Plan("statistics", f"values = {lit(labelled[1])}  # one a line\nresult = {_STAT_CODE[fn]}\n{_shown(fn)}",
                f"Computed the {fn} of the {len(labelled[1])} values listed one a line.", specificity=0.92,
                template="stats", data={"stat": fn})


# a listed value, with an optional short label before it ('Mon 34', 'Ana: 88', 'eng $120k') and a short unit
# after it ('120ms', '2.5kg', '18°C', '12.5%'); a label joined to digits ('Q1') is no label
_LISTED_VALUE = (r"(?:[A-Za-z][A-Za-z]{0,14}(?:\s*[:=]\s*|\s+))?-?[$€£]?(?<![\w.])\d[\d,.]*(?:°[CF]|[a-z%]{0,3})")
LABELLED_MAX_CHARS = 240
_BARE_LISTING = re.compile(r"-?[$€£]?\d[\d,.]*[a-z%]{0,3}(?:[\s,;]+(?:and\s+)?-?[$€£]?\d[\d,.]*[a-z%]{0,3}){1,}")
_LISTING = re.compile(_LISTED_VALUE + r"(?:[\s,;]+(?:and\s+)?" + _LISTED_VALUE + r"){1,}")


def solve_stats(q: Query) -> Plan | None:
    """'average of 3, 5, 9', 'median: 4 8 15 16 23 42', 'what's the total of 12.5, 7 and 30'."""
    rounded = _ROUNDED.search(q.body)
    if rounded and "\n" not in q.body:  # 'the mean of 85, 90 and 78 rounded to 1 decimal'
        return _then_rounded(q, rounded, solve_stats)
    t = _ranges(_ADD_UP.sub("add up", _STAT_TYPO_RE.sub(lambda m: STAT_TYPOS[m.group(1)], q.lower)))
    found = _stat_words(t)
    if not found:
        return None
    if len({_STATS[x.group(1)] for x in found} & {"max", "min"}) == 2 and re.search(r"\b(?:minus|less|difference|gap|"
                                                                                   r"between|subtract)\b", t):
        return None  # the highest and the lowest set against each other, in words the forms do not read
    if DIVISIBILITY.search(t):
        return None  # 'smallest count that splits exactly into 8s, 12s and 15s' asks a common multiple, not a minimum
    if CHECKED_TOTAL.search(t):
        return None  # 'do these add up to the statement total of 3,412.60?': a yes/no check, not the sum
    pasted = find_table(q.body)
    if pasted is not None:  # over a pasted table the numbers are cells of columns: the table forms', or these
        return _stat_per_row(pasted)
    if len({_STATS[x.group(1)] for x in found}) > 1:
        return None  # 'mean and median? actually just the median': several asked, or a correction (stat_reader.py)
    m = found[0]
    after = t[m.end():]
    nums_after = numbers_in(after)
    nums = nums_after if len(nums_after) >= 2 else numbers_in(t)
    if len(nums) < 2 or len(nums) > 2000:
        return None
    # the numbers must be written as a list: commas, 'and', spaces or newlines between them, nothing else
    span_text = after if len(nums_after) >= 2 else t
    # labelled values are read in a short request; in a long text labels are prose ('design $10000 Costs …')
    listing = (_LISTING if len(q.body) <= LABELLED_MAX_CHARS else _BARE_LISTING).search(span_text)
    if not listing or len(numbers_in(listing.group(0))) < 2:
        return None
    if re.search(r"\d\s*[a-z]+\s*:", listing.group(0)):
        return None  # 'the last 7 days: 142, 118, …': a number in the lead-in, no value of the list
    if re.search(r"\b(?:across|over|in|for|from|between|during|within)\s+(?:the\s+)?(?:last\s+|past\s+)?\d+\s+[a-z]+s\b",
                 span_text[listing.start(): listing.end() + 24]):
        return None  # '41 and 58 across 5 sprints': a count of things, not one of the values
    labels = [x.lower() for x in re.findall(r"([A-Za-z][A-Za-z]{0,14})(?:\s*[:=]\s*|\s+)-?[$€£]?\d", listing.group(0))]
    if len(labels) != len(set(labels)):
        return None  # a label named twice ('ivy 12.50, max 8, ivy 7.5') asks per label: a grouping
    if re.search(r"\b(per|each|every|times|per cent|percent|%|costs?|hours?|days?|people|minutes?)\b",
                 re.sub(re.escape(listing.group(0)), " ", span_text)) and m.group(1) in {"total", "sum", "count"}:
        return None  # a word problem, not a list to aggregate
    fn = _STATS[m.group(1)]
    if fn == "weighted" or fn in {"gmean", "hmean"} and any(v <= 0 for v in numbers_in(listing.group(0))):
        return None  # weights are not read here; a geometric or harmonic mean needs positive values
    if fn == "count" and not re.search(r"\bcount (?:the )?(?:numbers|values|items)", t):
        return None
    if fn in {"stdev", "variance"} and "population" in t:
        code_fn = _STAT_CODE[fn].replace("(len(values) - 1)", "len(values)")
    else:
        code_fn = _STAT_CODE[fn]
    values = numbers_in(listing.group(0))  # exactly the listed numbers; any other number makes it a word problem
    return Plan("statistics", f"values = {lit(values)}\nresult = {code_fn}\n{_shown(fn)}",
                f"Computed the {m.group(1)} of the {len(values)} numbers given.", specificity=0.93,
                template="stats", data={"stat": fn})


# a sum checked against a figure the message states ('do these add up to the total of 3,412.60?',
# 'does it come to 500?'): asks yes or no, which these forms do not answer
CHECKED_TOTAL = re.compile(r"\b(?:do|does|did|will|would)\b[^?\n]{0,60}\b(?:add(?:s|ed)? up|sum|come|comes|total|"
                           r"match|equal)\s+(?:up\s+)?(?:to\s+)?(?:the\s+|our\s+|a\s+)?(?:[a-z]+\s+){0,3}(?:of\s+)?"
                           r"[$€£]?\d")


# words that make the listed numbers divisors or sizes to fit, not values to aggregate
DIVISIBILITY = re.compile(r"\b(?:whole \w+s|whole numbers? of|exactly|evenly|divisible|divides?|split|"
                          r"multiples?|remainder|lcm|gcd|common (?:multiple|divisor|factor)|in common|"
                          r"packs? of|stacks? of|bundles? of|groups? of)\b")


_TABLE_FILLER = frozenset("per by each every across over all in our these this those column col rows row above below".split())


def _stat_per_row(pasted: Pasted) -> Plan | None:
    """'average sales per region?' over a table of one row per region and one number column (the table
    forms read 'per region' as a grouping; with one row a region it is the statistic over the rows)."""
    table = pasted.table
    question = _STAT_TYPO_RE.sub(lambda m: STAT_TYPOS[m.group(1)], pasted.question.lower())
    stats = _stat_words(question)
    if len(table.columns) != 2 or len(stats) != 1 or _STATS[stats[0].group(1)] == "count":
        return None
    labels = [row[0].strip().lower() for row in table.rows]
    values = [number(row[1]) for row in table.rows]
    if any(v is None for v in values) or any(number(x) is not None for x in labels) or len(set(labels)) != len(labels):
        return None
    key = table.columns[0].strip().lower().rstrip("s")
    named = {w.rstrip("s") for c in table.columns for w in re.findall(r"[a-z]+", c.lower())}
    rest = [w for w in re.findall(r"[a-z']+", question.replace(stats[0].group(1), " "))
            if w not in _FILLER and w not in _TABLE_FILLER and w.rstrip("s") not in named]
    if rest or any(re.search(r"\b" + re.escape(x) + r"\b", question) for x in labels):
        return None  # another condition ('in november') or a row named in the question: the table forms' or the model's
    for per in re.finditer(r"\b(?:per|by|each|for each|for every|across|over)\s+(?:the\s+|all\s+)?([a-z]+)", question):
        if per.group(1).rstrip("s") != key:
            return None  # per something else: a grouping, a rate
    fn = _STATS[stats[0].group(1)]
    return Plan("statistics", f"values = {lit(values)}  # {table.columns[1]}, one a {table.columns[0]}\n"
                f"result = {_STAT_CODE[fn]}\n{_shown(fn)}",
                f"Computed the {fn} of the {table.columns[1]} column over its {len(values)} rows.", specificity=0.9,
                template="stats", data={"stat": fn})


_LABELLED_LINE = re.compile(r"^\s*(?:[-*•]\s+|\d{1,2}[.)]\s+)?(?:([a-z][\w .'/&-]{0,30}?)\s*[:=\-–—]?\s+)?[$€£]?"
                            r"(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*(?:[a-z%]{0,3}|[$€£])\s*$", re.I)


_NOT_ONE_STATISTIC = re.compile(r"\b(?:per|by|each|for every|which|who|what \w+ (?:has|had|is|was)|rank\w*|sort\w*|"
                                r"order(?:ed)? (?:them|these|by|from)|arrange|group\w*|categor\w*|most to|least to)\b", re.I)


def _labelled_lines(body: str) -> tuple[str, list[int | float]] | None:
    """(the instruction, the values) of a question with its numbers one a line (or listed after its '?' or
    ':'), each with at most a short label and a unit ('- mon 14m', 'hotel: 420', '1,030', 'Taxi £23.50');
    None when any item is something else, a label repeats (groups), or the instruction asks per label."""
    lines = [ln for ln in (x.strip().strip("`") for x in body.splitlines()) if ln]
    candidates: list[tuple[str, list[str]]] = []
    if len(lines) == 1:  # 'total of these expenses? Taxi £23.50, lunch £14.20, hotel £129.00'
        m = re.fullmatch(r"(.*?[?:])\s*([^?:]+?)[.!]?", lines[0])
        if m:
            items = re.split(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+", m.group(2))
            if all((x := _LABELLED_LINE.match(i)) and x.group(1) for i in items):
                candidates.append((m.group(1), items))
    elif len(lines) >= 3:
        # a title above the list: 'scores', "here are this week's order counts:"
        title = re.fullmatch(r"[a-z][a-z /&'(),-]{0,30}:?|[^\d?]{1,80}:", lines[0], re.I)
        candidates += [(lines[0], lines[1:]), (lines[-1], lines[1:-1] if title else lines[:-1])]
    for instruction, rest in candidates:
        matches = [_LABELLED_LINE.match(ln) for ln in rest]
        if len(rest) < 2 or not all(matches) or _LABELLED_LINE.match(instruction) or _NOT_ONE_STATISTIC.search(instruction):
            continue  # a total per label, or which label: the grouping and table forms' question
        labels = [(m.group(1) or "").strip().lower() for m in matches]
        if len(set(filter(None, labels))) < len([x for x in labels if x]):
            continue  # a label repeated: the values belong to groups
        values = [to_number(m.group(2).replace(",", "")) for m in matches]
        if all(v is not None for v in values):
            return instruction, values  # type: ignore[return-value]
    return None


def _per_item_conversion(t: str) -> Plan | None:
    """'10k steps is how many miles (0.762 m per step)', '10 000 steps in km if a step is 0.8 m': a count of
    things, the size of one, and the unit the total is wanted in."""
    target = re.search(r"\bhow many\s+(" + UNIT_ALT + r")\b|\b(?:in|to|into)\s+(" + UNIT_ALT + r")\s*\??\s*$", t)
    size = re.search(r"(\d+(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b\s*(?:per|a|an|each|/)\s*([a-z]+)\b", t)
    item, one, unit = (size.group(3), size.group(1), size.group(2)) if size else (None, None, None)
    if size is None:
        size = re.search(r"\b(?:a|an|each|one|1|every)\s+([a-z]+)\s+(?:is|=|equals|of|measures|covers)\s+(?:about\s+)?"
                         r"(\d+(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b", t)
        if size is None:
            return None
        item, one, unit = size.group(1), size.group(2), size.group(3)
    count = re.search(r"(-?\d[\d,]*(?:\.\d+)?)\s+" + re.escape(item) + r"s\b", t)
    dst = target and (target.group(1) or target.group(2))
    if count is None or dst is None or unit not in UNITS or dst not in UNITS or UNITS[unit][0] != UNITS[dst][0]:
        return None
    code = (f"count = {_n(count.group(1))}  # {item}s\nsize = {one}  # {unit} a {item}\n"
            f"from_factor = {UNITS[unit][1]!r}  # {unit} in base units\nto_factor = {UNITS[dst][1]!r}  # {dst} in base units\n"
            "result = count * size * from_factor / to_factor\nround(result, 6)")
    return Plan("conversion", code, f"{count.group(1)} {item}s of {one} {unit} each, expressed in {dst}.",
                specificity=0.9, template="conversion")


# time units counted in whole parts: unit size -> (its name, the smaller unit the rest is told in)
_WHOLE_PARTS = {604800: ("week", "day"), 86400: ("day", "hour")}


def solve_conversion(q: Query) -> Plan | None:
    """'convert 5 km to miles', '72 F in celsius', 'how many minutes in 3.5 hours', '2 GiB in MB'."""
    if writes_byte_rate(q.body):
        return None
    t = UNIT_TYPO_RE.sub(lambda m: UNIT_TYPOS[m.group(1)], q.lower.replace("degrees ", "").replace("degree ", ""))
    m = re.search(r"(?:convert\s+)?(-?\d[\d,]*(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b\.?\s+(?:(?:is|are)\s+)?(?:to|in|into|as|=|in terms of)\s+"
                  r"(?:how many\s+)?(" + UNIT_ALT + r")\b", t)
    # '42.195 km, how many miles is that?': the amount first, the question after it
    back = re.search(r"(-?\d[\d,]*(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b[^\d?]{0,40}?\bhow many\s+(" + UNIT_ALT
                     + r")\s+(?:is|are|does|would|will|makes?)\s+(?:that|this|it|those|these)\b", t) or \
        re.search(r"(-?\d[\d,]*(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b[^\d?]{0,40}?\b(?:how much|what)(?:\s+(?:is|are|would be|"
                  r"will be)|'s|s)\s+(?:that|this|it|those|these)\s+(?:in|to|into|as)\s+(" + UNIT_ALT + r")\b", t)
    # 'how many km is a marathon if it's 26.2 miles': the unit asked first, the amount in a clause after it
    given = re.search(r"\bhow many\s+(" + UNIT_ALT + r")\s+(?:is|are|in|does|would)\b[^\d?]{0,40}?\b(?:if|when|given|at|and)\s+"
                      r"(?:it'?s|it is|that'?s|that is|they'?re|they are|there are|it was|it measures|it weighs)\s+"
                      r"(?:about\s+|around\s+|roughly\s+)?(-?\d[\d,]*(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b", t)
    if not m:
        m = re.search(r"(-?\d[\d,]*(?:\.\d+)?)\s*(" + UNIT_ALT + r")\b\s+(?:is|are|equals?|=|makes?)\s+how many\s+(" + UNIT_ALT
                      + r")\b", t)
    if m:
        value, src, dst = _n(m.group(1)), m.group(2), m.group(3)
    elif given and len(numbers_in(t)) == 1:
        value, src, dst = _n(given.group(2)), given.group(3), given.group(1)
    elif back and len(numbers_in(t)) == 1:
        value, src, dst = _n(back.group(1)), back.group(2), back.group(3)
    else:
        m = re.search(r"how many\s+(" + UNIT_ALT + r")\s+(?:are\s+|is\s+)?(?:there\s+)?(?:are\s+|is\s+)?"
                      r"(?:(?:in|is|are|makes?|equals?|=)\s+)?"
                      r"(?:a\s+|an\s+)?(-?\d[\d,]*(?:\.\d+)?|a|an|one)?\s*(" + UNIT_ALT + r")\b", t)
        if not m:
            return _per_item_conversion(t)
        if not m.group(2) and not re.search(r"\b(?:in|is|are)\s+(?:a\s+|an\s+|one\s+)?" + re.escape(m.group(3)) + r"\b$",
                                                     t[: m.end()]):
            return None
        dst, src = m.group(1), m.group(3)
        value = _n(m.group(2)) if m.group(2) and m.group(2)[0].isdigit() else 1
    if src in TEMPS and dst in TEMPS:
        a, b = TEMPS[src], TEMPS[dst]
        to_c = {"C": "value", "F": "(value - 32) * 5 / 9", "K": "value - 273.15"}[a]
        from_c = {"C": "celsius", "F": "celsius * 9 / 5 + 32", "K": "celsius + 273.15"}[b]
        code = f"value = {value}\ncelsius = {to_c}\nresult = {from_c}\nround(result, 4)"
        return Plan("conversion", code, f"Converted {value} °{a} to °{b}.", specificity=0.95,
                    template="conversion")
    if src not in UNITS or dst not in UNITS or UNITS[src][0] != UNITS[dst][0]:
        return None
    if UNITS[src][0] == "data" and re.search(r"\b1024\b|\bbinary\b|\bbase[- ]?2\b", t):
        return None  # a binary base asked for: the unit reader's, which uses and states it
    f_src, f_dst = UNITS[src][1], UNITS[dst][1]
    if dst in {"feet", "foot", "ft"} and re.search(r"\b(?:feet|foot|ft)\s+(?:and|&|\+)\s+(?:inches|inch|in)\b", t):
        # '180 cm in feet and inches': whole feet and the inches left, as heights are told
        code = (f"value = {value}\ninches = value * {f_src!r} / 0.0254  # {src} in inches\n"
                "feet, rest = divmod(inches, 12)\nrest = round(rest, 1)\nif rest == 12:\n    feet, rest = feet + 1, 0\n"
                "str(int(feet)) + ' ft ' + str(rest).removesuffix('.0') + ' in'")
        return Plan("conversion", code, f"Converted {value} {src} to inches, then whole feet and the inches left.",
                    specificity=0.95, template="conversion")
    if dst in {"lb", "lbs", "pound", "pounds"} and re.search(r"\b(?:lbs?|pounds?)\s+(?:and|&|\+)\s+(?:oz|ounces?)\b", t):
        # '70 kg in lb and oz': whole pounds and the ounces left, as weights of babies and parcels are told
        code = (f"value = {value}\nounces = value * {f_src!r} / {UNITS['oz'][1]!r}  # {src} in ounces\n"
                "pounds, rest = divmod(ounces, 16)\nrest = round(rest, 1)\nif rest == 16:\n    pounds, rest = pounds + 1, 0\n"
                "str(int(pounds)) + ' lb ' + str(rest).removesuffix('.0') + ' oz'")
        return Plan("conversion", code, f"Converted {value} {src} to ounces, then whole pounds and the ounces left.",
                    specificity=0.95, template="conversion")
    second = re.search(r"\b(?:and|&|\+)\s+(oz|ounces?|inch(?:es)?|in|minutes?|mins?|m|seconds?|secs?|s|cm|g|grams?|"
                       r"pounds?|lbs?)\s*\??\s*$", t)
    if second and not (dst in {"feet", "foot", "ft"} and second.group(1).startswith("in") or
                       dst in {"hours", "hour", "hrs", "hr", "h"} and second.group(1).startswith("m") or
                       dst in {"minutes", "minute", "mins", "min"} and second.group(1).startswith("s")):
        return None  # a compound unit asked ('in stone and pounds', 'feet and cm') that this form does not write
    if UNITS[dst][0] == "time" and f_dst == 3600 and f_src < f_dst and \
            re.search(r"\b(?:hours?|hrs?|h)\s+(?:and|&|\+)\s+(?:minutes?|mins?|m)\b", t):
        if not float(value * f_src / 60).is_integer():
            return None  # hours and minutes asked of a time with seconds left: not sure how to round
        # '215 minutes in hours and minutes': whole hours and the minutes left, '3 h 35 min'
        code = (f"value = {value}\nminutes = round(value * {f_src!r} / 60)  # {src} in minutes\n"
                "h, m = divmod(minutes, 60)\nhours = round(value * " + repr(f_src) + " / 3600, 4)\n"
                "' '.join(([str(h) + ' h'] if h else []) + ([str(m) + ' min'] if m or not h else [])) + "
                "(' (' + str(hours) + ' hours)' if m and h else '')")
        return Plan("conversion", code, f"Converted {value} {src} to whole hours and the minutes left.",
                    specificity=0.95, template="conversion")
    code = (f"value = {value}\nfrom_factor = {f_src!r}  # {src} in base units\n"
            f"to_factor = {f_dst!r}  # {dst} in base units\nresult = value * from_factor / to_factor\n"
            "round(result, 6)")
    if UNITS[dst][0] == "time" and f_dst in _WHOLE_PARTS and f_src < f_dst and float(value).is_integer() and \
            float(value * f_src % f_dst / UNITS[_WHOLE_PARTS[f_dst][1]][1]).is_integer():
        # 100 days in weeks: '14 weeks and 2 days', as people count them, not 14.28571429
        big, small = _WHOLE_PARTS[f_dst]
        code += ("\nwhole, rest = divmod(round(value * from_factor), to_factor)\n"
                 f"rest = round(rest / {UNITS[small][1]!r}, 6)\n"
                 f"parts = [str(whole) + ' {big}' + ('' if whole == 1 else 's')] if whole else []\n"
                 f"parts = parts + ([str(rest).removesuffix('.0') + ' {small}' + ('' if rest == 1 else 's')] if rest else [])\n"
                 f"' and '.join(parts) + (' (' + str(round(result, 2)) + ' {big}s)' if whole and rest else '')")
    return Plan("conversion", code, f"Converted {value} {src} to {dst} through the base unit.",
                specificity=0.95, template="conversion")


_SPLIT = re.compile(r"(?:split|divide|share)\s+(?:a\s+|the\s+)?(?:bill\s+of\s+|total\s+of\s+)?" + _NUM +
                    r"(?:\s+\w+){0,3}?\s+(?:between|among|amongst|by|across|into|evenly between|evenly among|"
                    r"equally between|equally among)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)")
_WAYS = re.compile(_NUM + r"\s+split\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+ways|split\s+(?:a\s+|the\s+)?"
                   + _NUM + r"(?:\s+[a-z]+){0,2}?\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+ways")
_AT_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|days?|nights?|weeks?|months?|items?|units?|seats?|people|tickets?)"
                      r"(?:\s+(?:a|per|each|every)\s+(?:day|week|month|shift))?\s+(?:at|@)\s+" + _NUM + r"\s*(?:/|per|an?|each)\s*(?:hour|hr|day|night|week|month|item|unit|"
                      r"seat|person|ticket|each)?\b")
_EACH = re.compile(r"(\d+|two|three|four|five|six|seven|eight|nine|ten|a dozen)\s+(?:\w+\s+){0,3}?(?:at|for|costing|"
                   r"cost|that cost|which cost)\s+" + _NUM + r"\s*(?:each|apiece|per \w+|a piece)")
_RATE = re.compile(_NUM + r"(?:\s*(?:usd|eur|gbp|dollars|euros|pounds|bucks))?\s*(?:/|per|an|a)\s*(hour|hr|day|week|month|night|"
                   r"person|head|item|unit|seat)\b"
                   r".{0,40}?(?:\b(?:for|over|times|x|with)\s+|,\s*)(\d+(?:\.\d+)?)\s*(hours?|hrs?|days?|weeks?|months?|nights?"
                   r"|people|persons|heads|items|units|seats|ppl)\b")


def solve_word_problem(q: Query) -> Plan | None:
    """One-step money word problems: split a bill, N items at $P each, a rate times a duration."""
    t = q.lower
    m = _SPLIT.search(t)
    if m:
        total, people = _n(m.group(1)), to_number(m.group(2))
        return Plan("arithmetic", f"total = {total}\npeople = {people}\nshare = total / people\nround(share, 2)",
                    f"Divided {total} into {people} equal shares.", specificity=0.9, template="word_split")
    m = _WAYS.search(t)
    if m:
        total = _n(m.group(1) or m.group(3))
        people = to_number(m.group(2) or m.group(4))
        return Plan("arithmetic", f"total = {total}\nways = {people}\nshare = total / ways\nround(share, 2)",
                    f"Divided {total} into {people} equal shares.", specificity=0.9, template="word_split")
    m = _AT_RATE.search(t)
    if m and re.search(r"\b(how much|total|cost|pay|earn|make|bill)\b", t):
        qty, rate = _n(m.group(1)), _n(m.group(3))
        return Plan("arithmetic", f"quantity = {qty}  # {m.group(2)}\nrate = {rate}\ntotal = quantity * rate\n"
                    "round(total, 2)", f"Multiplied {qty} {m.group(2)} by the rate {rate}.", specificity=0.88,
                    template="word_rate")
    m = _EACH.search(t)
    if m and re.search(r"\b(total|how much|cost|spend|pay|altogether|in all|come to|comes to|add up to)\b", t):
        count = WORD_NUMBERS_LOCAL.get(m.group(1), None) or to_number(m.group(1))
        price = _n(m.group(2))
        return Plan("arithmetic", f"count = {count}\nprice = {price}\ntotal = count * price\nround(total, 2)",
                    f"Multiplied {count} items by {price} each.", specificity=0.88, template="word_each")
    plan = _per_unit(t) or _groups_of(t) or _count_times_each(t) or _left_over(t) or _how_many_needed(t) or _how_many_fit(t)
    if plan is not None:
        return plan
    m = _RATE.search(t)
    if m and re.search(r"\b(total|how much|cost|earn|make|pay|spend|bill|altogether|in all)\b", t):
        rate, qty = _n(m.group(1)), _n(m.group(3))
        return Plan("arithmetic", f"rate = {rate}  # per {m.group(2)}\nquantity = {qty}\ntotal = rate * quantity\n"
                    "round(total, 2)", f"Multiplied the rate {rate} per {m.group(2)} by {qty}.",
                    specificity=0.86, template="word_rate")
    return None


_COUNT_NOUN = re.compile(r"(?<![\d.,$€£])(\d+)\s+(?:of us|of them|([a-z]+?)(?:es|s)\b|(people|staff|employees|"
                         r"users|seats|customers|heads|guests|members|persons|kids|children|nights|days|months|weeks))")
_ASKS_EACH = re.compile(r"\b(?:per|a|for each|each)\s+(?:single\s+)?(person|head|one|each|user|member|guest|([a-z]+))\b"
                        r"|\beach (?:person|of us|of them|one|guest|member)?\s*(?:owe|pay|get|gets|chip in|put in|cover|spend)\b"
                        r"|\bhow much (?:do|does|should|would|will) (?:each|every)\b")


def _per_unit(t: str) -> Plan | None:
    """'invoice is $18,600 for 124 seats - what's that per seat', 'dinner came to €386.40 and there were 7 of us,
    how much does each person owe': one amount and one count of things, the question for the share of one."""
    nums = list(re.finditer(_NUM, t))
    if len(nums) != 2 or re.search(r"%|\bpercent|\bper ?cent", t):
        return None
    counts = [m for m in _COUNT_NOUN.finditer(t)]
    if len(counts) != 1:
        return None
    c = counts[0]
    total = [m for m in nums if not (m.start(1) <= c.start(1) < m.end(1))]
    if len(total) != 1 or total[0].end() > c.start() and c.end() > total[0].start():
        return None
    ask = _ASKS_EACH.search(t, max(c.end(), total[0].end()))
    if ask is None or re.search(r"\d\s*$", t[: ask.start()]):
        return None  # '£32 a head' states the price of one; it does not ask for it
    noun = c.group(2) or c.group(3) or "person"
    if ask.group(2) and not (noun.startswith(ask.group(2)[:4]) or ask.group(2)[:4] in (c.group(0))):
        return None  # 'per month' asked of a count of seats is another question
    if re.search(r"\b(?:each|per|every)\s+(?:\w+\s+){0,2}?\d", t[: max(c.end(), total[0].end())]) or \
            re.search(r"\d\s*(?:each|apiece|per\b|/|an? (?:head|person|piece|pop|hour|day|night|week|month|year)\b)",
                      t[: ask.start()]):
        return None  # a price of one already stated: a product, not a share
    amount, count = _n(total[0].group(1)), int(c.group(1))
    if not count:
        return None
    return Plan("arithmetic", f"total = {amount}\ncount = {count}  # {c.group(0).split(' ', 1)[1]}\n"
                f"share = total / count\nround(share, 2)", f"Divided {amount} by {count}.",
                specificity=0.86, template="word_per_unit")


_GROUPS = re.compile(r"(?<![\d.,$€£])(\d{1,3}(?:,\d{3})+|\d+)\s+([a-z]+)\b(?:\s+(?:of\s+)?[a-z]+){0,2}?\s+(?:with|w/|of|"
                     r"holding|containing|[x×*]|times|"
                     r"that (?:hold|have|contain)|each (?:with|holding|having)|having|at|weigh|weighs|weighing|hold|holds|contain|contains|"
                     r"take|takes|use|uses|need|needs|seat|seats|fit|fits)\s+(\d+(?:\.\d+)?)\s*([a-z]+)?\s*"
                     r"(?:\b[a-z]+\s+)?(?:each|apiece|in each(?:\s+[a-z]+)?|per [a-z]+|a piece)\b")
_GROUPS_EACH_FIRST = re.compile(r"(?<![\d.,$€£])(\d+)\s+([a-z]+)\b,?\s+each\s+(?:with|holding|having|has|have|containing|"
                                r"contains|holds|of)\s+(\d+(?:\.\d+)?)\s*([a-z]+)?\b")
_EXTRA = re.compile(r"\b(?:plus|and|with|\+)\s+(?:another\s+)?(\d+)\s+(?:more|extra|loose|spare|left ?over|additional)\b")


_PRICE_EACH = re.compile(_NUM + r"\s*(?:each|apiece|a head|per head|per person|a person|a piece|per piece)\b")
_HEADCOUNT = re.compile(r"(?<![\d.,$€£])(\d+)\s+(people|persons|guests|of us|kids|adults|tickets|items|units|pizzas|"
                        r"licen[cs]es|seats|rooms|nights|[a-z]+s)\b")


def _count_times_each(t: str) -> Plan | None:
    """'12 people, pizza is $14.50 each, total?': a count and a price of one, the total asked."""
    each, counts = _PRICE_EACH.search(t), list(_HEADCOUNT.finditer(t))
    nums = list(re.finditer(_NUM, t))
    if not each or len(nums) != 2 or len(counts) != 1 or re.search(r"%|\bpercent|\bper ?cent", t) or \
            not re.search(r"\b(?:total|altogether|in all|how much|cost|come to|comes to|all in)\b", t[max(each.end(), counts[0].end()):]):
        return None
    c = counts[0]
    if each.start(1) <= c.start(1) < each.end(1):
        return None
    count, price = int(c.group(1)), _n(each.group(1))
    return Plan("arithmetic", f"count = {count}  # {c.group(2)}\nprice = {price}  # each\ntotal = count * price\nround(total, 2)",
                f"Multiplied {count} {c.group(2)} by {price} each.", specificity=0.86, template="word_each")


_USED = r"(?:spent|spend|sold|sell|used|use|gave(?: away)?|give|lost|lose|paid|pay|ate|eaten|shipped|took|taken|withdrew|" \
        r"withdrawn|removed|deleted|handed out|sent(?: out)?|booked|allocated|burned|burnt|consumed|returned|closed)"


def _left_over(t: str) -> Plan | None:
    """'I had $500, spent $132.40 and $87.25, how much is left?', 'we have 1,000 units and sold 385, how many are left':
    a starting amount, what was used of it, and what remains."""
    if not re.search(r"\bhow (?:much|many)\b[^.?!]{0,30}\b(?:left|remain(?:s|ing)?|left ?over|still (?:have|got))\b|"
                     r"\bwhat(?:'s| is) (?:left|remaining)\b", t) or re.search(r"%|\bpercent|\bper\b|\beach\b|\btimes\b", t):
        return None
    nums = list(re.finditer(_NUM, t))
    if not 2 <= len(nums) <= 6 or not re.search(r"\b(?:had|have|has|got|budget(?: is| of)?|start(?:ed)? with|there (?:are|were)|"
                                                r"stock of|balance(?: is| of)?)\s+(?:\w+\s+){0,3}?[$€£]?$", t[: nums[0].start(1)]):
        return None
    used = nums[1:]
    used_at = list(re.finditer(r"\b" + _USED + r"\b", t))
    if not used_at or used_at[0].start() > used[0].start() or used_at[0].start() < nums[0].end():
        return None
    # after the first use, more amounts only in a list ('spent $132.40 and $87.25', '… and another 40')
    for a, b in zip(used, used[1:]):
        if not re.fullmatch(r"[\s,]*(?:and|plus|then|&)?\s*(?:another|then|also|a further)?\s*(?:" + _USED + r"\s+)?"
                            r"(?:(?:on|for|in)\s+[a-z ]{1,20}?\s*)?[\s,]*(?:and\s+)?(?:" + _USED + r"\s+)?(?:another\s+)?[$€£]?", t[a.end(): b.start(1)]):
            return None
    start, spent = _n(nums[0].group(1)), [_n(m.group(1)) for m in used]
    return Plan("arithmetic", f"start = {start}\nused = {lit(spent)}\nleft = start - sum(used)\nround(left, 2)",
                f"Took {' and '.join(str(x) for x in spent)} from {start}.", specificity=0.86, template="word_left")


_NEEDED = re.compile(r"\beach\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:takes|holds|fits|carries|seats|can take|can hold|can fit|can carry|"
                     r"has room for)\s+(\d+)\s*([a-z]+)\b[^\d?]{0,20}?\bhow many\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:do|will|would|"
                     r"should|shall)\s+(?:we|i|you|they)\s+need\s+(?:for|to (?:ship|carry|pack|move|fit|seat|hold|send))\s+"
                     r"(\d{1,3}(?:,\d{3})+|\d+)\s*([a-z]+)\b")


def _how_many_needed(t: str) -> Plan | None:
    """'each courier bag takes 35 parcels. how many bags do we need for 1,190 parcels?': whole groups enough for
    all, so a part-filled last one counts (rounded up, unlike how many fit)."""
    m = _NEEDED.search(t)
    if not m or m.group(1)[:3] != m.group(4)[:3] or m.group(3)[:4] != m.group(6)[:4] or len(re.findall(_NUM, t)) != 2:
        return None
    total, size = int(m.group(5).replace(",", "")), int(m.group(2))
    if not size:
        return None
    return Plan("arithmetic", f"total = {total}  # {m.group(6)}\nsize = {size}  # in each {m.group(1)}\n"
                "needed = -(-total // size)  # a part-filled last one counts\n"
                f"str(needed) + ' {m.group(4)}'", f"{total} {m.group(6)} in {m.group(1)}s of {size}, rounded up.",
                specificity=0.86, template="word_needed")


def _how_many_fit(t: str) -> Plan | None:
    """'240 stickers in packs of 12, how many packs', '64 GB and each container needs 3.5 GB, how many containers fit':
    how many whole groups the amount makes."""
    m = re.search(r"(?<![\d.,$€£])(\d+(?:\.\d+)?)\s*([a-z]+)\b.{0,60}?\b(?:(?:in|into)\s+)?(packs|groups|boxes|bags|teams|rows|"
                  r"batches|bundles|sets|crates|cartons|tables|cars|buses|pages|shelves)\s+of\s+(\d+(?:\.\d+)?)\b", t) or \
        re.search(r"(?<![\d.,$€£])(\d+(?:\.\d+)?)\s*([a-z]+)\b.{0,40}?\beach\s+([a-z]+)\s+(?:needs|takes|uses|holds|fits|"
                  r"requires|is)\s+(\d+(?:\.\d+)?)\s*\2\b", t)
    if not m or len(re.findall(_NUM, t)) != 2 or re.search(r"[$€£%]", t):
        return None
    asked = re.search(r"\bhow many\s+(?:(?:full|whole|complete)\s+)?([a-z]+)\b(?:\s+(?:can|will|would|do|does|could)\b[^.?!]{0,30})?", t[m.end():])
    group = m.group(3)
    if not asked or not (asked.group(1)[:4] == group[:4] or re.search(r"\bfit\b", asked.group(0))):
        return None
    total, size = _n(m.group(1)), _n(m.group(4))
    if not size:
        return None
    return Plan("arithmetic", f"total = {total}  # {m.group(2)}\nsize = {size}  # in each of the {group}\n"
                "whole, rest = divmod(total, size)\nwhole = int(whole)\nrest = round(rest, 6)\n"
                f"str(whole) + ' {asked.group(1)}' + ('' if not rest else ' (' + str(rest).removesuffix('.0') + ' left over)')",
                f"Whole {group} of {size} in {total}.", specificity=0.86, template="word_fit")


def _groups_of(t: str) -> Plan | None:
    """'14 nodes w/ 96 GB each, how much ram in total', '14 boxes of pens with 36 in each box, plus 9 loose ones':
    a number of groups times the size of one, and what is left over added."""
    several = list(_GROUPS.finditer(t))
    if len(several) > 1:  # '7 trucks with 26 pallets each and 2 trucks with 19 pallets each': the groups added
        return _several_groups(t, several)
    m = _GROUPS.search(t) or _GROUPS_EACH_FIRST.search(t)
    if not m or not re.search(r"\b(?:total|altogether|all together|in all|how many|how much|combined|overall|sum)\b",
                              t[m.end():]):
        return None
    if re.search(r"[$€£%]", t) or re.search(r"\b(?:per|an?|every)\s+(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\b|"
                                          r"/(?:s|sec|min|h|hr|day|wk|mo|yr)\b", t):
        return None  # money and rates are the other forms' question
    groups, size = int(m.group(1).replace(",", "")), _n(m.group(3))
    extra = _EXTRA.search(t, m.end())
    code = f"groups = {groups}  # {m.group(2)}\nsize = {size}  # in each\ntotal = groups * size\n"
    if extra:
        code += f"extra = {extra.group(1)}\ntotal = total + extra\n"
    return Plan("arithmetic", code + "total", f"Multiplied {groups} {m.group(2)} by {size} each"
                + (f" and added {extra.group(1)}." if extra else "."), specificity=0.86, template="word_groups")


def _several_groups(t: str, found: list[re.Match]) -> Plan | None:
    """Groups of one kind of thing, each a count times the size of one, joined by 'and', the total asked."""
    units = {m.group(4) or "" for m in found}
    joins = [t[a.end(): b.start()] for a, b in zip(found, found[1:])]
    if len(units) != 1 or not all(re.fullmatch(r"\s*,?\s*(?:and|plus|\+)\s*", j) for j in joins) or \
            re.search(r"[$€£%]", t) or \
            not re.search(r"\b(?:total|altogether|all together|in all|how many|combined|overall)\b", t[found[-1].end():]):
        return None
    lines = [f"    {int(m.group(1).replace(',', ''))} * {_n(m.group(3))},  # {m.group(2)}\n" for m in found]
    code = "parts = [\n" + "".join(lines) + "]\ntotal = sum(parts)\ntotal"
    return Plan("arithmetic", code, f"Added {len(found)} groups, each its count times the size of one.",
                specificity=0.86, template="word_groups")


WORD_NUMBERS_LOCAL = {"a dozen": 12, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                      "eight": 8, "nine": 9, "ten": 10}


_PCT_VALUE = r"[$€£]?\s?(-?\d+(?:,\d{3})*(?:\.\d+)?)\s?(%|[$€£])?"
# two values of one quantity, the old one first: 'from 40 to 52', '40 -> 52', 'had 420, now 546'
_TWO_VALUES = (
    re.compile(r"\bfrom " + _PCT_VALUE + r"(?:\s?(?:ms|s|sec|secs|seconds|mins?|minutes|h|hrs?|hours|kg|g|lbs?|km|mi|mb|gb|tb|"
               r"users|visits|people|signups|sign-ups|orders|sales|customers)\b)?(?:\s+(?:last|this|in|on|at|the|per|a|an|"
               r"previous|prior|next)(?:\s+[a-z0-9]+)?)?(?:,)? to " + _PCT_VALUE),
    re.compile(_PCT_VALUE + r"\s*(?:->|→|=>|to)\s*" + _PCT_VALUE + r"(?!\d|\.\d)"),
    re.compile(r"\b(?:had|was|were|at|started at)\s+" + _PCT_VALUE + r"\b[^.?!\d]{0,30}?\b(?:now|and now|today)\s+(?:is\s+|are\s+|at\s+)?"
               + _PCT_VALUE),
    re.compile(r"\b(?:was|were|had|at)\s+" + _PCT_VALUE + r"[^.?!\d]{0,20}?\b(?:went|has gone|gone|rose|has risen|jumped|"
               r"climbed|increased|grew|fell|dropped|decreased|declined|came)\s+(?:up\s+|down\s+)?to\s+" + _PCT_VALUE),
    re.compile(r"\b(?:was|were|had)\s+" + _PCT_VALUE + r"\s+(?:[a-z][a-z0-9]*\s+){0,3}and\s+(?:now\s+|today\s+)?(?:(?:is|are|at|have|has)\s+)?"
               + _PCT_VALUE),
)
# the question asks for the change in percent (relative to the old value)
_ASKS_CHANGE = re.compile(r"%\s*(?:change|increase|decrease|drop|growth|diff(?:erence)?)\b|"
                          r"\b(?:growth|increase|decrease|change|drop|decline|gain)\s*(?:%|in %)(?!\w)|"
                          r"\b(?:growth|increase|decrease|change|drop|decline) (?:percentage|percent|in percent|rate)\b|\bpercent(?:age)? "
                          r"(?:change|increase|decrease|drop|growth)\b|\bin (?:%|percent(?:age)?)(?!\w)|"
                          r"\bby (?:what|how many) (?:%|percent(?:age)?)(?!\w)|\bby how much %|"
                          r"\bhow (?:many|much) (?:%|percent|per cent)(?!\w)|(?:%|\bpercent|\bper cent) (?:more|less|higher|lower|"
                          r"cheaper|dearer|bigger|smaller)\b|"
                          r"\brelative (?:increase|decrease|change|growth|drop)\b|\bwhat (?:%|percent(?:age)?) "
                          r"(?:change|increase|decrease|drop|growth)\b")


def _percent_change(t: str) -> Plan | None:
    """'headcount 40 → 52, by what percent did we grow', 'conversion went from 2.4% to 3.1%, relative increase'."""
    if not _ASKS_CHANGE.search(t):
        return None
    found = [m for rx in _TWO_VALUES for m in [rx.search(t)] if m]
    if not found or len(re.findall(r"(?<![a-z\d.,])\d+(?:[.,]\d+)*", t)) > 2:  # ('q1', 'h2' name periods)
        return None  # a third number (a period, a count) makes it a different question
    m = found[0]
    old, new = _n(m.group(1)), _n(m.group(3))
    if not old or (m.group(2) or "") != (m.group(4) or "") and "%" in {m.group(2), m.group(4)}:
        return None
    code = f"old = {old}\nnew = {new}\nchange = (new - old) / old * 100\nround(change, 4)"
    fall = re.search(r"\b(decrease|drop|dropped|fall|fell|decline|declined|shrink|shrank|lose|lost|down)\b", t)
    if fall and new < old:  # 'what is the percentage decrease': the size of the fall, named as asked
        code = (f"old = {old}\nnew = {new}\nchange = (new - old) / old * 100\nsize = round(abs(change), 4)\n"
                "(str(int(size)) if size == int(size) else str(size)) + '% decrease'")
    return _pct_plan(code, f"Percent change = (new - old) / old × 100 from {old} to {new}"
                     + (" (relative change, not percentage points)" if m.group(2) == "%" else "") + ".",
                     kind="percentage_change", unit="percent")


_RATE_WORD = re.compile(_PCT + r"\s*(discount|off|reduction|markdown|cut|tax|vat|gst|increase|raise|markup|tip|service charge)\b")
_UNDO_CUE = re.compile(r"\b(?:original(?:ly)?|before|pre-?(?:tax|discount|vat)|without|excluding|ex\.?|net of|used to|"
                       r"(?:full|list|regular|normal|sticker|undiscounted) price)\b")


def _undo_anywhere(t: str) -> re.Match | None:
    """'the invoice total incl. 19% VAT is 595 — what was it before VAT': one rate with its word, one
    other amount, and the question for the value before the rate, asked after both. The match has
    the groups of the 'price, rate, word' form."""
    rates = list(_RATE_WORD.finditer(t))
    if len(rates) != 1:
        return None
    r = rates[0]
    amounts = list(re.finditer(_NUM, t[: r.start()] + " " * (r.end() - r.start()) + t[r.end():]))
    cue = _UNDO_CUE.search(t, max(r.end(), amounts[0].end()) if len(amounts) == 1 else len(t))
    if len(amounts) != 1 or cue is None:
        return None
    return re.match(r"(?s).*?" + _NUM + r".*?" + _PCT + r"\s*(discount|off|reduction|markdown|cut|tax|vat|gst|increase|"
                    r"raise|markup|tip|service charge)\b", t) if amounts[0].start() < r.start() else \
        _swap_match(t, amounts[0], r)


def _swap_match(t: str, amount: re.Match, rate: re.Match) -> re.Match | None:
    """The 'price, rate, word' groups when the rate comes first ('incl. 19% VAT is 595')."""
    moved = t[amount.start(): amount.end()] + " " + t[rate.start(): rate.end()]
    return re.match(r"(?s).*?" + _NUM + r".*?" + _PCT + r"\s*(discount|off|reduction|markdown|cut|tax|vat|gst|increase|"
                    r"raise|markup|tip|service charge)\b", moved)


def _before_rate(t: str) -> Plan | None:
    """'the jacket is $120 after a 25% discount, what was the original price': undo the rate."""
    m = re.search(_NUM + r"\s+(?:after|with|including|incl\.?|inc\.?)\s+(?:a |an |the )?" + _PCT
                  + r"\s*(discount|off|reduction|markdown|cut|tax|vat|gst|increase|raise|markup|tip|service charge)", t) \
        or re.search(r"\bafter (?:a |an |the )?" + _PCT + r"\s*(discount|off|reduction|markdown|cut|tax|vat|gst|increase|"
                     r"raise|markup)[^.?!\d]{0,30}?\b(?:is|was|costs?|paid|pay|at)\s+" + _NUM, t)
    if not m:
        m = re.search(r"\b(?:dropped|fell|fallen|decreased|went down|came down|was cut|was reduced|rose|increased|went up|"
                      r"grew|was raised)\s+(?:by\s+)?" + _PCT + r"\s+to\s+" + _NUM, t)
        if m and re.search(r"\b(before|original|previously|used to be|at first|start(?:ed)?)\b", t):
            rate, price = _n(m.group(1)), _n(m.group(2))
            down = bool(re.search(r"dropped|fell|fallen|decreased|down|cut|reduced", m.group(0)))
            if down and rate >= 100:
                return None
            sign = "-" if down else "+"
            return _pct_plan(f"now = {price}\nrate = {rate}\nbefore = now / (1 {sign} rate / 100)\nround(before, 4)",
                             f"Undid the {sign}{rate}% change: now / (1 {sign} {rate}%).", kind="percentage")
    if not m:
        m = _undo_anywhere(t)
    if not m or not re.search(r"\b(original|before|pre-?(?:tax|discount)|without|excluding|ex\.?|net of|used to|"
                              r"(?:full|list|regular|normal|sticker|undiscounted) price)\b", t):
        return None
    if m.re.pattern.startswith(r"\bafter"):
        rate, word, price = _n(m.group(1)), m.group(2), _n(m.group(3))
    else:
        price, rate, word = _n(m.group(1)), _n(m.group(2)), m.group(3)
    down = word in {"discount", "off", "reduction", "markdown", "cut"}
    if down and rate >= 100:
        return None
    sign = "-" if down else "+"
    return _pct_plan(f"price = {price}  # after the {word}\nrate = {rate}\noriginal = price / (1 {sign} rate / 100)\n"
                     "round(original, 4)", f"Undid the {rate}% {word}: price / (1 {sign} {rate}%).", kind="percentage")
