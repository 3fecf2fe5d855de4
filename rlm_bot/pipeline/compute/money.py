"""Money over time: compound and simple interest, savings with regular deposits, how long until a
savings target, loan and mortgage instalments, and prices changed over several periods.

Answers are written as a person writes money: the currency symbol the user used (€, $, £), two
decimals, thousands separators, and the assumption stated when the question leaves one open
(compounding yearly when no frequency is named; deposits at the end of each period).
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import replace

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit, to_number

# Periods longer than this (in months) are not a money question a chat answers (100 years).
MAX_MONTHS = 1200
# A money question is one or two sentences; a longer text is a word problem whose terms need reading.
MAX_SENTENCES = 2
# ... or three short ones ('Rent: 1.450 € per month. It goes up 3% every year. What is it after 2 years?').
SHORT_TEXT_CHARS = 160

_AMOUNT = r"(?:([$€£])\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?(?:([$€£])|(dollars|bucks|euros?|pounds|usd|eur|gbp)\b))"
_PLAIN = r"(\d[\d,]*(?:\.\d+)?)"
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per ?cent\b|pct\b)(?:\s*(?:apr|apy|p\.?a\.?|a year|per year|"
                   r"per annum|annual(?:ly)?|yearly|interest))*")
_DURATION = re.compile(r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|"
                       r"thirty)[\s-]*(years?|yrs?|(?<=\d)y|months?|mos?|mths?)\b")
_CURRENCY_WORDS = {"dollars": "$", "bucks": "$", "usd": "$", "euro": "€", "euros": "€", "eur": "€", "pounds": "£",
                   "gbp": "£"}
# compounding frequency named in words -> periods per year (0 = continuous)
_FREQUENCIES = (
    (r"continuous(?:ly)?", 0, "continuously"),
    (r"daily|every day|each day|per day", 365, "daily"),
    (r"weekly|every week|each week|per week", 52, "weekly"),
    (r"monthly|every month|each month|per month|a month", 12, "monthly"),
    (r"quarterly|every quarter|each quarter|per quarter|every (?:3|three) months", 4, "quarterly"),
    (r"semi-?annual(?:ly)?|half-?yearly|twice a year|every (?:6|six) months|bi-?annual(?:ly)?", 2, "twice a year"),
    (r"annual(?:ly)?|yearly|every year|each year|per year|once a year|per annum", 1, "yearly"),
)
_DEPOSIT_PERIODS = {"month": 12, "mo": 12, "week": 52, "wk": 52, "year": 1, "yr": 1, "fortnight": 26}
_DEPOSIT = re.compile(r"(?:" + _AMOUNT + r"|" + _PLAIN + r")(?:\s+(?:into|in|to|on)\s+(?:an?|my|the|our|a new)\s+"
                      r"[a-z]+(?: (?:account|fund|pot))?)?"  # '£150 into an ISA every month'
                      # '1200 rent each month' (a word naming the payment, not a count of something else)
                      r"(?:\s+(?:for\s+)?(?!(?:times|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|people|persons|"
                      r"items?|units?|km|miles?|kg|lbs?|and|or|with|at|per|each|every|a|an|compound\w*|interest|billed|paid)\b)[a-z]+)?"
                      r"\s*(?:(?:at the end of\s+)?(?:a|an|per|each|every|/)\s*(month|mo|week|wk|year|yr|"
                      r"fortnight)\b|(monthly|weekly|yearly|annually|fortnightly)\b)")
_SAVE = re.compile(r"\b(sav(?:e|es|ed|ing|ings)|put(?:ting)? (?:away|aside|in|[$€£]?\d+)|set(?:ting)? aside|deposit(?:s|ing|ed)?|"
                   r"invest(?:s|ing|ed)?|contribut\w*|sock(?:ing)? away|stash\w*|add(?:ing)?|pay(?:ing)? in(?:to)?|"
                   r"into (?:an?|my|the|our) (?:[\w-]+ )?(?:fund|account|pension|isa|ira|401k|portfolio|etf))\b")
_LOAN = re.compile(r"\b(loan|mortgage|instal{1,2}ments?|repayments?|monthly payments?|payments? (?:per|a|each) month|"
                   r"the monthly (?:on|for)|(?:take|took|taking|get|got|getting)\s+(?:a\s+)?credit|credit of|"
                   r"borrow\w*|financ\w*|amorti[sz]\w*|emi|car payment|lease)\b")
_MONEY_FORMAT = ("def money(x):\n"
                 "    sign = '-' if x < 0 else ''\n"
                 "    return sign + SYMBOL + f'{abs(x):,.2f}'\n")


def _num(token: str) -> float | int | None:
    return to_number(token.replace(",", ""))


def currency(q: Query) -> str:
    """The currency symbol the user wrote (or named), '' when none."""
    m = re.search(r"[$€£]", q.text)
    if m:
        return m.group(0)
    m = re.search(r"\b(dollars|bucks|usd|euros?|eur|pounds|gbp)\b", q.lower)
    return _CURRENCY_WORDS[m.group(1)] if m else ""


def _amounts(t: str) -> list[tuple[float, int, int]]:
    """Money amounts (with a symbol or currency word) in order, with their spans."""
    out = []
    for m in re.finditer(_AMOUNT, t):
        value = _num(m.group(2) or m.group(3))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def _years_code(months: float, written: str) -> str:
    """`years = …` as the user wrote the duration (3 years -> 3, 18 months -> 18 / 12)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)[\s-]*(?:years?|yrs?)", written)
    return f"years = {m.group(1)}" if m else f"years = {months:g} / 12"


_BARE_AMOUNT = re.compile(r"(?<![\d.%])" + _PLAIN + r"(?!\d|,\d|\.\d|\s*(?:%|percent\b|per ?cent\b|pct\b)|"
                          r"\s*(?:years?|yrs?|months?|mos?|mths?)\b|y\b)")


def _plain_amounts(t: str) -> list[tuple[float, int, int]]:
    """Numbers that are neither a rate nor a duration (the principal when no currency is written)."""
    out = []
    for m in _BARE_AMOUNT.finditer(t):
        value = _num(m.group(1))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def _stated_amounts(t: str) -> list[tuple[float, int, int]]:
    """The amounts written with a currency, else the bare numbers that can be one."""
    return _amounts(t) or _plain_amounts(t)


def _principal_rate_duration(t: str) -> tuple[float, float, tuple[float, str]] | None:
    """(principal, yearly rate in %, (months, as written)) when the text states exactly one amount, a
    rate and a duration; else None."""
    amounts, rate, dur = _stated_amounts(t), _rate(t), _months(t)
    if len(amounts) != 1 or rate is None or dur is None:
        return None
    return amounts[0][0], rate, dur


_YEARS_AND_MONTHS = re.compile(r"\b(\d+)[\s-]*(?:years?|yrs?)(?:\s*,|\s+and)?\s+(\d+)[\s-]*(?:months?|mos?|mths?)\b")


def _months(t: str) -> tuple[float, str] | None:
    """The duration stated, in months, and how it was written ('3 years', '2 years and 3 months')."""
    both = _YEARS_AND_MONTHS.search(t)
    if both:
        rest = _months(t[: both.start()] + " " * (both.end() - both.start()) + t[both.end():])
        months = int(both.group(1)) * 12 + int(both.group(2))
        if rest is not None and not rest[1].startswith("a") or not 0 < months <= MAX_MONTHS:
            return None  # a second duration besides it
        return months, both.group(0)
    half = re.search(r"\b(a|an|one|\d+)\s+(year|month)s?\s+and\s+a\s+half\b", t)
    if half:  # 'for a year and a half': 18 months, not 'a year'
        n = 1 if not half.group(1).isdigit() else int(half.group(1))
        rest = t[: half.start()] + " " * (half.end() - half.start()) + t[half.end():]
        if [m for m in _DURATION.finditer(rest) if m.group(1) not in {"a", "an"}]:
            return None
        return (n + 0.5) * (12 if half.group(2) == "year" else 1), half.group(0)
    found = [m for m in _DURATION.finditer(t) if not re.match(r"\s*(?:old|ago)\b", t[m.end():])]
    found = [m for m in found if not re.search(r"(?:\b(?:a|an|per|each|every)|/)\s*$", t[max(0, m.start() - 7):m.start()])
             and not re.search(r"(?:%|percent|per cent|pct)\s*$", t[max(0, m.start() - 10):m.start()])]
    payments = re.search(r"\b(\d+)\s+(?:equal\s+)?monthly\s+(?:payments?|instal{1,2}ments?|repayments?)\b", t)
    if not found and payments and 0 < int(payments.group(1)) <= MAX_MONTHS:
        return int(payments.group(1)), payments.group(0)  # '60 monthly payments': 60 months
    if not found:
        span = month_range(t)
        return (span, f"{span:g} months") if span else None
    if len(found) > 1:  # '2% inflation a year ... after 5 years': 'a year' is the rate's period
        found = [m for m in found if m.group(1) not in {"a", "an"}]
    if len(found) != 1:
        return None
    m = found[0]
    n = _num(m.group(1)) if m.group(1)[0].isdigit() else {"a": 1, "an": 1}.get(m.group(1), to_number(m.group(1)))
    if n is None or n <= 0:
        return None
    months = n * 12 if m.group(2).startswith("y") else n
    if months > MAX_MONTHS:
        return None
    return months, m.group(0)


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"


def month_range(t: str) -> int | None:
    """'from jan to dec', 'march through june': the months counted inclusively."""
    m = re.search(r"\b(?:from\s+)?" + _MONTH_WORD + r"\s+(?:to|through|thru|till|until|-|–)\s+" + _MONTH_WORD + r"(?!\s*\d)",
                  t)
    if not m or not re.match(r"(?:from\s+)?[a-z]+\.?\s", m.group(0)):
        return None
    first, last = _MONTH_NAMES.index(m.group(1)), _MONTH_NAMES.index(m.group(2))
    return (last - first) % 12 + 1


def _rate(t: str) -> float | None:
    """The one yearly rate stated; None when there is none or several (a share, '15% of', is no rate)."""
    rates = [_num(m.group(1)) for m in _RATE.finditer(t)
             if not re.match(r"\s+of\b(?!\s+(?:its|their|the|his|her|my|our)\s+(?:value|worth|price))", t[m.end():])]
    return rates[0] if len(rates) == 1 and 0 <= rates[0] <= 100 else None


def _frequency(t: str) -> tuple[int, str, bool]:
    """Compounding periods per year named in the query: (periods, words, stated?)."""
    # the 'compound' that names a frequency ('compound question …, compounded monthly': the second)
    found = list(re.finditer(r"compound(?:s|ed|ing)?\s+(?:interest\s+)?(?:is\s+)?(\w+(?:[\s-]\w+)?(?:\s\w+)?)", t))
    m = next((c for c in found if any(re.search(r"\b(?:" + f[0] + r")\b", c.group(1)) for f in _FREQUENCIES)),
             found[0] if found else None)
    scope = m.group(1) if m else t
    for pattern, periods, words in _FREQUENCIES:
        if re.search(r"\b(?:" + pattern + r")\b", scope):
            if m or re.search(r"\b(?:" + pattern + r")\b\s*(?:compound|interest)", t) or \
                    re.search(r"(?:compound\w*|interest)\s+(?:is\s+)?(?:" + pattern + r")\b", t):
                return periods, words, True
    return 1, "yearly", False


def _header(symbol: str) -> str:
    return f"SYMBOL = {lit(symbol)}\n" + _MONEY_FORMAT


def _growth(periods: int, rate_var: str = "rate") -> str:
    """Code for the growth factor of one year at the named compounding."""
    return f"exp({rate_var})" if periods == 0 else f"(1 + {rate_var} / {periods}) ** {periods}"


# --- templates ------------------------------------------------------------------------------------------

# Misspellings common enough in chat to read as the word meant.
TYPOS = {"mortage": "mortgage", "morgage": "mortgage", "mortgauge": "mortgage", "intrest": "interest",
         "interst": "interest", "intrest's": "interest", "compund": "compound", "coumpound": "compound",
         "compunded": "compounded", "compouned": "compounded", "payement": "payment",
         "paymnet": "payment", "wats": "whats", "savng": "saving", "anually": "annually", "annualy": "annually",
         "quaterly": "quarterly", "monthy": "monthly"}
_TYPO_RE = re.compile(r"\b(" + "|".join(TYPOS) + r")\b")


def solve_money(q: Query) -> Plan | None:
    """Every money-over-time form, most specific first."""
    if _TYPO_RE.search(q.lower):
        q = replace(q, lower=_TYPO_RE.sub(lambda m: TYPOS[m.group(1)], q.lower))
    t = q.lower
    if len(t) > 400 or re.search(r"\b(how (?:do|does|can|should|to)|explain|what is|what's the difference|why|"
                                 r"best|good|recommend|should i)\b", t) and not re.search(r"\d", t):
        return None
    if re.search(r"\b(how (?:do|does|can|to)|explain|formula|in excel|spreadsheet|python|code|function)\b", t):
        return None
    if sum(1 for p in _sentences(t) if p[-1] in ".!?") > MAX_SENTENCES + (len(t) <= SHORT_TEXT_CHARS):
        return None  # a story with a question at the end: its terms (simple or compound, who pays what) are the model's
    if re.search(r"\d\s*(?:%|percent)\s*(?:a|per|each|every)\s*(?:month|week|day)\b|\b(?:monthly|weekly|daily) "
                 r"(?:interest|rate)\b", t):
        # a rate per month or per day: how interest applies (simple, compound) is not said; a price that
        # goes up by it each month compounds
        return _recurring_growth(q)
    return (_simple_interest(q) or _price_changes(q) or _plan_comparison(q) or _yearly_growth_rate(q)
            or _monthly_change_per_year(q) or _payoff_time(q) or _loan(q) or _required_deposit(q) or _savings_target(q)
            or _recurring_growth(q) or _savings(q) or _recurring_total(q) or _doubling_time(q) or _compound(q))


# A sentence that only greets, thanks or apologises carries no term of the question.
_PLEASANTRY = re.compile(r"^\W*(?:hi|hello|hey|hiya|dear \w+|good (?:morning|afternoon|evening)|thanks?|thank you|many thanks|"
                         r"thx|cheers|sorry|apologies|quick (?:one|question|q)|i(?:'m| am| was) (?:trying|wondering|hoping)|"
                         r"i need (?:some |a little )?help|any help|hope you|please|much appreciated|appreciate)\b")


def _sentences(t: str) -> list[str]:
    """The sentences of `t` that say something (greetings, thanks and apologies without a number dropped)."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", t.strip()) if p.strip()]
    return [p for p in parts if re.search(r"\d", p) or not _PLEASANTRY.search(p)]


def _doubling_time(q: Query) -> Plan | None:
    """'how long to double my money at 7%', 'how many years until it triples at 5% a year'."""
    t = q.lower
    m = re.search(r"\b(doubl\w*|tripl\w*|quadrupl\w*)\b", t)
    rate = _rate(t)
    if not m or rate is None or rate <= 0 or not re.search(r"\b(how long|how many years|when|how many months)\b", t):
        return None
    factor = {"d": 2, "t": 3, "q": 4}[m.group(1)[0]]
    periods, words, stated = _frequency(t)
    amounts = _stated_amounts(t)
    if len(amounts) > 1:
        return None
    start = (_header(currency(q)) + f"principal = {amounts[0][0]}\ntarget = principal * {factor}\n") if amounts else ""
    code = (start + f"rate = {rate} / 100  # a year, compounded {words}\nfactor = {factor}\n"
            + ("years = log(factor) / rate\n" if periods == 0 else
               f"periods = {periods}\nyears = log(factor) / (periods * log(1 + rate / periods))\n")
            + "whole = int(years)\nmonths = int(round((years - whole) * 12))\n"
              "if months == 12:\n    whole, months = whole + 1, 0\n"
              "f'{years:.2f}' + ' years (about ' + str(whole) + ' years' + (' and ' + str(months) + ' months' "
              "if months else '') + "
            + f"'; {rate}% a year compounded {words}{'' if stated else ', assumed'})'"
            + (" + ': ' + money(principal) + ' becomes ' + money(target)" if amounts else ""))
    return Plan("money", code, f"Solved (1 + r)^t = {factor} for t with logarithms.", 0.94, "doubling_time")


def _payoff_time(q: Query) -> Plan | None:
    """'how long to pay off $5000 at 18% paying $200 a month', 'how many payments to clear a 12k loan at 6% with 500/month'."""
    t = q.lower
    if not re.search(r"\b(pay (?:it |this |that )?off|paid off|clear|how many (?:payments|months|years))\b", t) or \
            not re.search(r"\b(how long|how many|when)\b", t):
        return None
    dep = _deposit(t)
    rate = _rate(t)
    if rate is None and (_INTEREST_FREE.search(t) or not re.search(r"%|percent|per ?cent|\binterest\b|\bapr\b", t)):
        rate = 0  # 'borrowed 1200, paying back 100 a month': nothing says interest is charged
    if dep is None or dep[1] != 12 or rate is None:
        return None
    rest = t[: dep[3]] + " " * (dep[4] - dep[3]) + t[dep[4]:]
    debts = _amounts(rest) or _plain_amounts(rest)
    if len(debts) != 1:
        return None
    debt, payment = debts[0][0], dep[0]
    code = (_header(currency(q)) + f"balance = {debt}\npayment = {payment}  # each month\n"
            f"rate = {rate} / 100 / 12  # a month\nmonths = 0\npaid = 0\n"
            f"while balance > 0.005 and months < {MAX_MONTHS}:\n"
            "    balance = balance * (1 + rate)\n    step = min(payment, balance)\n"
            "    balance = balance - step\n    paid = paid + step\n    months = months + 1\n"
            f"if balance > 0.005:\n    answer = 'never: ' + money(payment) + ' a month does not cover the interest'\n"
            "else:\n    years, rest = divmod(months, 12)\n"
            "    span = (str(years) + (' year' if years == 1 else ' years') + (' and ' + str(rest) + ' months' if rest else '')) "
            "if years else ''\n"
            "    span = span.replace(' 1 months', ' 1 month')\n"
            "    answer = str(months) + ' months' + (' (' + span + ')' if span else '') + ', paying ' + money(paid) + "
            "' in all (interest ' + money(paid - " + f"{debt}" + ") + ')'\nanswer")
    return Plan("money", code, f"Applied {rate}%/12 interest and a {payment} payment month by month until the balance "
                "was paid.", 0.93, "payoff_time")



_ASKS_INTEREST = re.compile(r"\bhow much interest\b|\bwhat(?:'s| is| will be| would be)? (?:the )?interest\b|"
                            r"\binterest (?:earned|will i|would i|do i|does it|paid|charged|cost)\b|\btotal interest\b")


def _compound(q: Query) -> Plan | None:
    """'compound interest on $1000 at 5% for 3 years', '€2,500 at 4% compounded quarterly for 18 months'."""
    t = q.lower
    if not re.search(r"\b(compound\w*|interest|invest\w*|savings account|(?:in|into) (?:the |a |my )?bank|grows?|growth|"
                     r"growing|deposit\w*|apy|apr|savings?|put\b[^.?!\d]{0,20}?[$€£]?\d[\d,.]*\w*\s+(?:in|into|away|aside)\b|"
                     r"yield|future value|returns?|appreciat\w*|worth|inflation)\b", t):
        return None
    if _DEPOSIT.search(t) or re.search(r"\bsimple\b", t):
        return None
    regular = re.search(r"\b(?:deposit|put|add|sav|invest|contribut|pay)\w*\b[^.?!%]{0,40}?\b(?:every|each)\s+"
                        r"(?:month|week|fortnight|quarter|year)\b", t)
    if regular and "compound" not in regular.group(0):
        return None  # '200 at the start of every month': regular deposits, not one sum left to grow
    if re.search(r"\b(?:loan|mortgage|borrow\w*)\b", t) and not re.search(r"\bcompound\w*", t):
        return None  # a loan is paid down; its interest is not a balance left to grow
    terms = _principal_rate_duration(t)
    if terms is None:
        return None
    principal, rate, dur = terms
    if re.search(r"\b(?:mom|m/m|month[- ]on[- ]month|month[- ]over[- ]month|qoq|q/q|quarter[- ]over[- ]quarter|wow|w/w|"
                 r"week[- ]over[- ]week|dod)\b|%\s*(?:growth\s+)?(?:a|per|each|every|/)\s*(?:month|mo|week|wk|quarter|day)\b|"
                 r"%\s*(?:monthly|weekly|quarterly|daily)\b", t):
        return None  # '3% mom', '2% a month': the rate is not a yearly one, which the code below takes it for
    months = dur[0]
    periods, words, stated = _frequency(t)
    symbol = currency(q)
    if re.search(r"\binflation\b", t):
        return _inflation(q, principal, rate, dur)
    code = (_header(symbol) + f"principal = {principal}\nrate = {rate} / 100  # a year\n{_years_code(months, dur[1])}\n"
            + ("amount = principal * exp(rate * years)  # compounded continuously\n" if periods == 0 else
               f"periods = {periods}  # compounding periods a year\n"
               "amount = principal * (1 + rate / periods) ** (periods * years)\n")
            + "interest = amount - principal\n"
            + (f"'interest ' + money(interest) + ' after {dur[1]} (final amount ' + money(amount) + '; "
               if _ASKS_INTEREST.search(t) else
               f"money(amount) + ' after {dur[1]} (interest ' + money(interest) + '; ")
            + f"{rate}% a year compounded {words}{'' if stated else ', assumed as none was named'})'")
    return Plan("money", code, f"Compounded {principal} at {rate}% a year, {words}, for {dur[1]}.", 0.95,
                "compound_interest")


# the amount at the end asked, not the interest: 'total we pay back?', 'total amount at the end?', 'how much do I repay'
_ASKS_TOTAL_BACK = re.compile(r"\b(?:total|pay(?:ing)? back|repay\w*|owe|in the end|at the end|end up with|altogether|"
                              r"(?:final|whole) amount|balance|worth)\b")


def _simple_interest(q: Query) -> Plan | None:
    """'simple interest on $5000 at 4% for 3 years'."""
    t = q.lower
    if "simple interest" not in t and not re.search(r"\bsimple\b.{0,30}\binterest\b|\binterest\b.{0,40}\bsimple\b", t):
        return None
    terms = _principal_rate_duration(t)
    if terms is None:
        return None
    principal, rate, dur = terms
    months = dur[0]
    code = (_header(currency(q)) + f"principal = {principal}\nrate = {rate} / 100  # a year\n{_years_code(months, dur[1])}\n"
            "interest = principal * rate * years\ntotal = principal + interest\n"
            + (f"'total ' + money(total) + ' after {dur[1]} (interest ' + money(interest) + ')'"
               if _ASKS_TOTAL_BACK.search(t) and not _ASKS_INTEREST.search(t) else
               f"'interest ' + money(interest) + ', total ' + money(total) + ' after {dur[1]}'"))
    return Plan("money", code, f"Simple interest = principal × rate × years ({principal} × {rate}% × {months}/12).",
                0.96, "simple_interest")


_SHARE_OF_INCOME = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per ?cent)\s+of\s+(?:a |an |my |our |the )?(?:"
                              + _AMOUNT + r"|" + _PLAIN + r")\s*(?:(?:a|per|each|every|/)\s*(month|week|year)\b\s*|"
                              r"(monthly|weekly|yearly|annual)\s+)?(?:take[- ]home |net |gross )?(salary|income|pay|"
                              r"paycheck|wage|earnings)\b(?:\s*(?:a|per|each|every|/)\s*(month|week|year)\b)?")


def _share_deposit(t: str) -> tuple[float, int, str, int, int] | None:
    """'15% of a 3,000 monthly salary' saved: the deposit is that share, each pay period."""
    m = _SHARE_OF_INCOME.search(t)
    if not m:
        return _share_of_stated_income(t)
    word = m.group(8) or m.group(11) or {"monthly": "month", "weekly": "week", "yearly": "year",
                                         "annual": "year"}.get(m.group(9) or "")
    income = _num(m.group(3) or m.group(4) or m.group(7))
    if word is None or income is None:
        return None
    share = f"{m.group(1)} / 100 * {income}  # {m.group(1)}% of the {m.group(10)}"
    return round(_num(m.group(1)) / 100 * income, 10), _DEPOSIT_PERIODS[word], word, m.start(), m.end(), share


_INCOME = re.compile(r"\b(?:i|we)\s+(?:make|earn|get paid|take home|bring (?:home|in))\s+(?:" + _AMOUNT + r"|" + _PLAIN
                     + r")\s*(?:a|per|each|every|/)\s*(month|week|year)\b")
_SHARE_OF_IT = re.compile(r"\b(?:save|saving|put (?:away|aside)|set aside|invest|investing)\s+(\d+(?:\.\d+)?)\s*(?:%|percent|"
                          r"per ?cent)\s+of\s+(?:it|that|this|what i (?:make|earn)|my (?:salary|income|pay))\b")


def _share_of_stated_income(t: str) -> tuple | None:
    """'i make 4200 a month, save 20% of it': the share of the income stated before it, each pay period."""
    income, share = _INCOME.search(t), _SHARE_OF_IT.search(t)
    if income is None or share is None or share.start() < income.end():
        return None
    amount = _num(income.group(2) or income.group(3) or income.group(6))
    if amount is None:
        return None
    word = income.group(7)
    code = f"{share.group(1)} / 100 * {amount}  # {share.group(1)}% of the {amount} a {word}"
    return round(_num(share.group(1)) / 100 * amount, 10), _DEPOSIT_PERIODS[word], word, income.start(), share.end(), code


def _deposit(t: str) -> tuple[float, int, str, int, int] | None:
    """The regular deposit: (amount, deposits a year, period word, span)."""
    share = _share_deposit(t)
    if share is not None:
        return share
    found = []
    for m in _DEPOSIT.finditer(t):
        value = _num(m.group(2) or m.group(3) or m.group(6))
        word = m.group(7) or {"monthly": "month", "weekly": "week", "yearly": "year", "annually": "year",
                              "fortnightly": "fortnight"}[m.group(8)]
        if value is not None:
            found.append((value, _DEPOSIT_PERIODS[word], {"mo": "month", "wk": "week", "yr": "year"}.get(word, word),
                          m.start(), m.end()))
    if not found:  # the period first: 'every month i put 400 aside', 'each week we save $50'
        for m in _DEPOSIT_FIRST.finditer(t):
            value = _num(m.group(4) or m.group(5) or m.group(8))
            word = {"mo": "month", "wk": "week", "yr": "year"}.get(m.group(1), m.group(1))
            if value is not None:
                found.append((value, _DEPOSIT_PERIODS[word], word, m.start(), m.end()))
    return found[0] + (None,) if len(found) == 1 else None


_DEPOSIT_FIRST = re.compile(r"\b(?:every|each|per|once a)\s+(month|week|year|fortnight)\b,?\s+(?:(?:i|we|you|they|he|she)\s+)?"
                            r"(?:will\s+|would\s+|can\s+|could\s+|am\s+|are\s+)?(put(?:ting)?|sav(?:e|ing)|deposit(?:ing)?|"
                            r"invest(?:ing)?|set(?:ting)? aside|add(?:ing)?|pay(?:ing)? in(?:to)?)\s+(?:away\s+|aside\s+)?(?:"
                            + _AMOUNT + r"|" + _PLAIN + r")")


_INITIAL = re.compile(r"(?:start(?:ing)? (?:with|at|from|off with)|already (?:have|got|saved)|initial(?: deposit| "
                      r"balance| investment)?(?: of)?|lump sum(?: of)?|on top of|i have|we have)\s+(?:an? )?(?:"
                      + _AMOUNT + r"|" + _PLAIN + r")")


def _initial(t: str, deposit_span: tuple[int, int]) -> float | None:
    """A starting balance named besides the deposit ('starting with $1,000', 'I already have 2k')."""
    for m in _INITIAL.finditer(t):
        if m.end() <= deposit_span[0] or m.start() >= deposit_span[1]:
            return _num(m.group(2) or m.group(3) or m.group(6))
    # 'I deposit 1,000 now and add 100 every month': a lump sum paid at the start
    m = re.search(r"\bdeposit\s+[$€£]?(\d[\d,]*(?:\.\d+)?)\s+(?:now|today|up ?front|at the start|to start)\b", t)
    if m and (m.end() <= deposit_span[0] or m.start() >= deposit_span[1]):
        return _num(m.group(1))
    return None


def _savings(q: Query) -> Plan | None:
    """'if I save $200 a month at 4% for 5 years how much will I have', 'putting away €150/month for 3 years'."""
    t = q.lower
    dep = _deposit(t)
    if dep is None or not _SAVE.search(t) or _LOAN.search(t):
        return None
    if not re.search(r"\b(how much|what will|what would|end up|total|have|be worth|worth|balance|after|future value)\b", t):
        return None
    dur = _months(t[: dep[3]] + " " * (dep[4] - dep[3]) + t[dep[4]:])
    if dur is None:
        return None
    amount, per_year, word = dep[0], dep[1], dep[2]
    initial = _initial(t, (dep[3], dep[4])) or 0
    rate = _rate(t)
    periods, words, stated = _frequency(re.sub(r"(?:a|per|each|every|/)\s*(?:month|week|year)|"
                                               r"(?<!compounded )(?<!compounding )(?<!compounds )(?:monthly|weekly)", " ",
                                               t.replace(t[dep[3]:dep[4]], " ")))
    if rate is not None and not stated:
        periods, words = per_year, {12: "monthly", 52: "weekly", 1: "yearly", 26: "every two weeks"}[per_year]
    count = round(dur[0] / 12 * per_year)
    code = _header(currency(q)) + f"deposit = {dep[5] or amount}  # each {word}, paid at the end of the {word}\n" \
        f"deposits = {count}  # {dur[1]}\nbalance = {initial}\n"
    if rate is None or rate == 0:
        code += ("balance = balance + deposit * deposits\n"
                 f"money(balance) + ' after {dur[1]} (' + str(deposits) + ' deposits of ' + money(deposit)"
                 + (f" + ', starting from ' + money({initial})" if initial else "") + " + ', no interest)'")
        return Plan("money", code, f"Added {count} deposits of {amount}.", 0.93, "savings")
    growth = _growth(periods)
    code += (f"rate = {rate} / 100  # a year, compounded {words}\n"
             f"factor = ({growth}) ** (1 / {per_year})  # growth over one {word}\n"
             "for _ in range(deposits):\n    balance = balance * factor + deposit\n"
             f"paid_in = {initial} + deposit * deposits\n"
             f"money(balance) + ' after {dur[1]}: ' + money(paid_in) + ' paid in + ' + money(balance - paid_in) + "
             f"' interest ({rate}% a year compounded {words}; deposits at the end of each {word}, assumed)'")
    return Plan("money", code, f"Grew the balance {word} by {word} at {rate}% a year and added {count} deposits of "
                f"{amount}.", 0.94, "savings")


def _savings_target(q: Query) -> Plan | None:
    """'how long until I save $10,000 putting away $400 a month', 'how many months to reach 5k at 250/month'."""
    t = q.lower
    if not re.search(r"\b(how long|how many (?:months|years|weeks)|when will i|until i|till i|before i)\b", t):
        return None
    dep = _deposit(t)
    if dep is None or _LOAN.search(t):
        return None
    rest = t[: dep[3]] + " " * (dep[4] - dep[3]) + t[dep[4]:]
    m = re.search(r"\b(?:save|saved|reach|hit|have|get to|make|at|to)\s+(?:up\s+)?(?:a total of\s+)?(?:" + _AMOUNT + r"|"
                  + _PLAIN + r")", rest)
    if not m:
        return None
    target = _num(m.group(2) or m.group(3) or m.group(6))
    start_rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    initial = _initial(start_rest, (dep[3], dep[4])) or 0
    rate = _rate(t) or 0
    amount, per_year, word = dep[0], dep[1], dep[2]
    if amount <= 0 or target is None or target <= initial:
        return None
    code = _header(currency(q)) + (f"target = {target}\ndeposit = {amount}  # each {word}, at the end of the {word}\n"
                                   f"balance = {initial}\nrate = {rate} / 100  # a year\n"
                                   f"factor = (1 + rate / {per_year})  # growth over one {word}\n"
                                   f"count = 0\nwhile balance < target and count < {MAX_MONTHS * 5}:\n"
                                   "    balance = balance * factor + deposit\n    count = count + 1\n")
    if word == "month":
        code += ("years, months = divmod(count, 12)\n"
                 "parts = ([str(years) + (' year' if years == 1 else ' years')] if years else []) + "
                 "([str(months) + (' month' if months == 1 else ' months')] if months else [])\n"
                 "span = ' and '.join(parts)\n"
                 "str(count) + (' month' if count == 1 else ' months') + (' (' + span + ')' if years else '') + "
                 "': the balance reaches ' + money(balance) + ' with the last deposit'")
    else:
        code += (f"str(count) + ' {word}' + ('' if count == 1 else 's') + "
                 "': the balance reaches ' + money(balance) + ' with the last deposit'")
    return Plan("money", code, f"Added {amount} each {word}" + (f" with {rate}% a year interest" if rate else "")
                + f" until the balance reached {target}.", 0.93, "savings_target")


_PER = re.compile(r"\b(?:per|a|an|each|every)\s+(month|week|year)\b|\b(monthly|weekly|yearly)\b")


def _required_deposit(q: Query) -> Plan | None:
    """'how much do i need to save per month to have 10k in 2 years (at 3%)'."""
    t = q.lower
    if not re.search(r"\b(?:how much|what(?: \w+)? (?:amount|sum|deposit))\b[^.?!]{0,20}\b(?:i|we|you)\b[^.?!]{0,25}?"
                     r"\b(?:save|put (?:away|aside)|set aside|deposit|invest|contribute)\b", t):
        return None
    per = _PER.search(t)
    m = re.search(r"\b(?:have|reach|hit|get to|save(?: up)?|total|end up with|be at)\s+(?:" + _AMOUNT + r"|" + _PLAIN
                  + r")", t)
    dur = _months(t)
    if per is None or m is None or dur is None:
        return None
    target = _num(m.group(2) or m.group(3) or m.group(6))
    word = per.group(1) or {"monthly": "month", "weekly": "week", "yearly": "year"}[per.group(2)]
    per_year = _DEPOSIT_PERIODS[word]
    count = round(dur[0] / 12 * per_year)
    rate = _rate(t) or 0
    if target is None or count < 1:
        return None
    code = _header(currency(q)) + (f"target = {target}\ndeposits = {count}  # one each {word} for {dur[1]}, "
                                   f"at the end of the {word}\nrate = {rate} / 100 / {per_year}  # a {word}\n"
                                   "if rate == 0:\n    deposit = target / deposits\nelse:\n"
                                   "    deposit = target * rate / ((1 + rate) ** deposits - 1)\n"
                                   f"money(deposit) + ' a {word} for ' + str(deposits) + ' {word}s'"
                                   + (f" + ' ({rate}% a year compounded each {word}; deposits at the end of each "
                                      f"{word}, assumed)'" if rate else " + ' (no interest)'"))
    return Plan("money", code, f"Solved the savings formula for the {word}ly deposit that reaches {target} after "
                f"{dur[1]}.", 0.94, "required_deposit")


_INTEREST_FREE = re.compile(r"\b(?:interest[- ]free|no interest|without interest|zero interest|0 ?% (?:interest|apr))\b")


_ASKS_TOTAL_PAID = re.compile(r"\btotal (?:paid|repaid|paid back|repayment|cost)\b|\b(?:pay|paid) back in (?:total|all)\b|"
                              r"\bhow much (?:do|will|would) (?:i|we|you) (?:pay|repay|pay back) in (?:total|all)\b")


def _loan(q: Query) -> Plan | None:
    """'monthly payment on a $300,000 mortgage at 6.5% over 30 years', 'car loan 25k at 4.9% for 60 months'."""
    t = q.lower
    if not _LOAN.search(t) or _deposit(t) is not None and not re.search(r"\bloan|mortgage\b", t):
        return None
    if re.search(r"\b(?:invest\w*|savings?|deposit\w*|grow|worth)\b", t) and \
            not re.search(r"\b(?:loan|mortgage|borrow\w*|repay\w*|instal{1,2}ments?|lease|owe)\b", t):
        return None  # 'a quick finance question: if we invest ...' is money growing, not a loan
    if not re.search(r"\b(how much|whats|what(?:'s| is| are| will| would)|monthly|payments?|instal{1,2}ments?|"
                     r"repayments?|emi|pay|paid|total)\b", t):
        return None
    rate, dur = _rate(t), _months(t)
    at = t.find(dur[1]) if dur else -1
    amounts = [a for a in _stated_amounts(t) if not (at >= 0 and at <= a[1] < at + len(dur[1]))]  # not '60' of '60 monthly payments'
    if rate is None and _INTEREST_FREE.search(t) and not re.search(r"%|percent|per ?cent", t):
        rate = 0
    if len(amounts) != 1 or rate is None or dur is None:
        return None
    principal, months = amounts[0][0], dur[0]
    if months != int(months) or re.match(r"[\d,.]*\s*(?:[$€£]\s*)?(?:monthly|a month|per month|each month|every month|/\s*mo)\b",
                                          t[amounts[0][1]:]):
        return None  # '800 monthly on a 0% loan': the amount is the payment, not what was borrowed

    code = (_header(currency(q)) + f"principal = {principal}\nrate = {rate} / 100 / 12  # a month\n"
            f"payments = {int(months)}  # {dur[1]}, monthly\n"
            "if rate == 0:\n    payment = principal / payments\nelse:\n"
            "    payment = principal * rate / (1 - (1 + rate) ** -payments)\n"
            "total = payment * payments\n"
            + ("'total paid ' + money(total) + ' (' + money(payment) + ' a month for ' + str(payments) + "
               "' months, interest ' + money(total - principal) + ')'" if _ASKS_TOTAL_PAID.search(t) else
               "'interest ' + money(total - principal) + ' in all (' + money(payment) + ' a month for ' + str(payments) + "
               "' months, total paid ' + money(total) + ')'" if _ASKS_INTEREST.search(t) else
               "money(payment) + ' a month for ' + str(payments) + ' months (total paid ' + money(total) + "
               "', interest ' + money(total - principal) + ')'"))
    return Plan("money", code, f"Amortisation formula: payment = P·r / (1 − (1 + r)^−n) with r = {rate}%/12 and "
                f"n = {int(months)} monthly payments.", 0.95, "loan_payment")


_UP = r"up|rose|rise|risen|increased?|grew|grown|gain(?:s|ed|ing)?|jumped|climbed|raised?|hike[sd]?|went up|goes up|" \
    r"surged?|soared|rallied|\+"
_DOWN = r"down|fell|fall|fallen|dropped|drops?|decreased?|declined?|lost|los(?:es|ing)|cut|slashed|discounted|off|" \
    r"went down|dip(?:s|ped)?|plunged|slid|sank|shed|-|−"
# words between a change and its percent ('raised our tool price 10%', 'cut it 15%'): none of them a change or a joint
_BETWEEN = r"(?:(?:(?!(?:and|then|but|or|while|before|after|so|" + _UP.replace("|\\+", "") + r"|" + \
    _DOWN.replace("|-|−", "") + r")\b)[a-z][\w'-]*\s+){0,4}?)"
_CHANGE = re.compile(r"(?:(?<!\w)(" + _UP + r"|" + _DOWN + r"|another|a further|further)\s*(?:by\s+)?" + _BETWEEN +
                     r"(?:by\s+)?(?:another\s+)?(\d+(?:\.\d+)?)\s*%"
                     r"|(\d+(?:\.\d+)?)\s*%\s*(increase|rise|raise|hike|gain|jump|decrease|drop|cut|fall|decline|"
                     r"discount|off|up|down|more|less|higher|lower))", re.I)


_GROWTH = re.compile(r"\b(inflation|growth|grew|grow|returns?|rose|gained|raises?|increases?)\b[^.?!]{0,30}?"
                     r"\d+(?:\.\d+)?\s*%[^.?!]{0,20}?\b(?:then|and|followed by)\b")


def _price_changes(q: Query) -> Plan | None:
    """'price went up 5% then down 3%, total change?', '$80 up 10% then down 10%, what's it now'."""
    t = q.lower
    changes = []
    for m in _CHANGE.finditer(t):
        if m.group(1):
            word, pct = m.group(1), float(m.group(2))
        else:
            word, pct = m.group(4), float(m.group(3))
        if word in {"another", "a further", "further"}:
            if not changes:
                break
            changes.append(pct if changes[-1] > 0 else -pct)  # "rose 4% and another 6%"
            continue
        down = bool(re.fullmatch(_DOWN + r"|decrease|drop|cut|fall|decline|discount|off|down|less|lower", word))
        changes.append(-pct if down else pct)
    if len(changes) < 2 and _GROWTH.search(t) and not re.search(r"\b(?:" + _DOWN + r")\b", t):
        changes = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*%", t)]  # 'inflation was 3% then 4%'
    if len(changes) < 2 or not re.search(r"\b(then|after that|afterwards|followed by|next|and|later|again|"
                                         r"another)\b", t):
        return None
    if not re.search(r"\b(price|cost|value|stock|share|rent|salary|pay|revenue|sales|traffic|users|it|fee|rate|bill|"
                     r"subscription|overall|total|net|now|end up|final|change)\b", t):
        return None
    base = _amounts(t) or [a for a in _plain_amounts(t) if a[0] >= 10]  # '50k' is a base, '2' a count
    symbol = currency(q)
    code = f"changes = {lit(changes)}  # percent, in order\nfactor = 1\nfor change in changes:\n" \
           "    factor = factor * (1 + change / 100)\noverall = (factor - 1) * 100\n" \
           "sign = '+' if overall >= 0 else '-'\n"
    if len(base) == 1:
        code = _header(symbol) + f"start = {base[0][0]}\n" + code + \
            "money(start * factor) + ' (' + sign + f'{abs(overall):.2f}' + '% overall, from ' + money(start) + ')'"
    else:
        code += "sign + f'{abs(overall):.2f}' + '% overall (each step applies to the result of the one before)'"
    return Plan("percentage_change", code, "Multiplied the growth factors of the changes in order (1 + p/100 each).",
                0.93, "price_changes")


def _inflation(q: Query, amount: float, rate: float, dur: tuple[float, str]) -> Plan | None:
    """'what's 100 worth in real terms after 10 years of 3% inflation' (less), 'what will 100 of shopping
    cost in 10 years at 3% inflation' (more); None when the question does not say which."""
    t = q.lower
    real = re.search(r"\b(real|worth|purchasing power|buying power|value|today'?s money|in today'?s)\b", t)
    future = re.search(r"\b(cost|costs|price|pay|need|will be|would be)\b", t)
    if bool(real) == bool(future):
        return None
    code = (_header(currency(q)) + f"amount = {amount}\ninflation = {rate} / 100  # a year\n"
            f"{_years_code(dur[0], dur[1])}\nfactor = (1 + inflation) ** years\n")
    if real:
        code += ("real = amount / factor\n"
                 f"money(real) + ' in today\\'s money after {dur[1]} of {rate}% inflation a year "
                 "(what ' + money(amount) + ' buys then, ' + money(real) + ' buys now)'")
        return Plan("money", code, f"Divided by (1 + {rate}%)^years: inflation shrinks what money buys.", 0.93,
                    "inflation_real_value")
    code += (f"money(amount * factor) + ' after {dur[1]} of {rate}% inflation a year "
             "(what costs ' + money(amount) + ' today)'")
    return Plan("money", code, f"Multiplied by (1 + {rate}%)^years: prices grow with inflation.", 0.93,
                "inflation_future_price")


_VALUE = r"[$€£]?\s?(\d[\d,]*(?:\.\d+)?)\s?(?:[$€£]|dollars|bucks|euros?|pounds)?"
_FROM_TO = re.compile(r"\bfrom\s+" + _VALUE + r"\s+to\s+" + _VALUE + r"|" + _VALUE + r"\s*(?:->|→|=>)\s*" + _VALUE)
_YEARLY = r"\b(?:yearly|annual(?:ly|i[sz]ed)?|per year|a year|each year|every year|per annum|p\.a\.|/yr|cagr)"


def _from_to(t: str) -> tuple[float, float, int, int] | None:
    m = _FROM_TO.search(t)
    if not m:
        return None
    a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    old, new = _num(a), _num(b)
    return (old, new, m.start(), m.end()) if old and new is not None else None


def _yearly_growth_rate(q: Query) -> Plan | None:
    """'rent went from 1,200 to 1,380 in 2 years, what's the yearly increase' (compound annual growth)."""
    t = q.lower
    span = _from_to(t)
    if span is None or not re.search(_YEARLY, t) or \
            not re.search(r"\b(rate|growth|increase|rise|return|change|grow|grew|go up|went up|%|percent|cagr)", t):
        return None
    dur = _months(t[: span[2]] + " " * (span[3] - span[2]) + t[span[3]:])
    if dur is None or re.search(r"\d\s*(?:%|percent)", t):
        return None
    old, new, _, _ = span
    code = (f"old = {old}\nnew = {new}\n{_years_code(dur[0], dur[1])}\n"
            "yearly = ((new / old) ** (1 / years) - 1) * 100\ntotal = (new / old - 1) * 100\n"
            "sign = '+' if total >= 0 else '-'\n"
            f"f'{{yearly:.2f}}' + '% a year, compounded (' + sign + f'{{abs(total):.2f}}' + '% in all over {dur[1]}; "
            f"' + f'{{total / years:.2f}}' + '% a year without compounding)'")
    return Plan("percentage_change", code, "Compound annual growth: (new / old)^(1 / years) − 1.", 0.93,
                "yearly_growth_rate")


def _monthly_change_per_year(q: Query) -> Plan | None:
    """'my phone bill goes from 35 to 42 a month, how much more per year' (the monthly difference × 12)."""
    t = q.lower
    span = _from_to(t)
    heads = None
    if span is None:
        # 'we paid €18 per user per month last year and the vendor wants €21 now. for 40 users, how much more a year':
        # two prices of one thing, the old one first, and how many of it are paid for
        amounts = _amounts(t)
        heads = re.search(r"\bfor (?:all |our |the )?(\d+) (users|seats|people|licen[cs]es|employees|members|subscribers|"
                          r"staff|accounts|devices)\b", t)
        if len(amounts) != 2 or not re.search(r"\b(?:was|were|paid|pay|used to|last year|before)\b", t[: amounts[1][1]]) or \
                not re.search(r"\b(?:now|wants?|asks?|is|are|will be|charges?|new)\b", t[amounts[0][2]: amounts[1][2] + 20]):
            return None
        span = (amounts[0][0], amounts[1][0], amounts[0][1], amounts[0][2])
    per = re.match(r"\s*(?:(?:a|per|/)\s*(?:user|seat|person|head|licen[cs]e|employee|member|device)\s*)?"
                   r"(?:a|per|each|every|/)\s*(month|mo|week|wk)\b|\s*(monthly|weekly)\b", t[span[3]:])
    if not per or not re.search(r"\bhow much (?:more|extra|less)\b|\bdifference\b", t) or \
            not re.search(r"\b(?:per|a|each|every|over a|in a)\s+year\b|\bannually\b|\byearly\b", t):
        return None
    word = (per.group(1) or per.group(2)).rstrip("ly")
    count = 12 if word.startswith("mo") or word.startswith("month") else 52
    unit = "month" if count == 12 else "week"
    old, new, _, _ = span
    times, each = (f"{heads.group(1)}", f" × {heads.group(1)} {heads.group(2)}") if heads else ("1", "")
    code = (_header(currency(q)) + f"old = {old}\nnew = {new}  # each {unit}\n{unit}s = {count}  # in a year\n"
            f"count = {times}  # {heads.group(2) if heads else 'one'}\n"
            "change = (new - old) * count * " + f"{unit}s\n"
            f"money(abs(change)) + (' more' if change >= 0 else ' less') + ' a year (' + money(abs(new - old)) + "
            f"' a {unit}{each} × {count})'")
    return Plan("money", code, f"The {unit}ly difference times {count}.", 0.93, "change_per_year")


_RISE = re.compile(r"\b(up|rises?|rising|rose|increases?|increasing|grows?|growing|goes up|go up|raised?|raises|raising|uplifts?|"
                   r"escalat\w*|indexed|indexation|"
                   r"down|falls?|falling|drops?|dropping|decreases?|decreasing|shrinks?|depreciates?|loses|losing)\b")


def _recurring_growth(q: Query) -> Plan | None:
    """'rent is 1,100/month and goes up 5% per year, what will it be in 3 years' (compounded yearly);
    'our bill is $3,400/mo and goes up 2% every month, what is it in a year' (compounded monthly)."""
    t = q.lower
    rise = _RISE.search(t) or re.search(r"(\+)\s*\d+(?:\.\d+)?\s*(?:%|percent|per ?cent)", t)
    rate = _rate(t)
    if rise is None or rate is None:
        return None
    step = re.search(r"\d\s*(?:%|percent|per ?cent)\s*(?:(?:[a-z]+|of (?:its|their|the) (?:value|worth|price))\s+)?"
                     r"(?:(?:every|each|per|a) (year|yr|month|january|new year|anniversary)\b|(annually|yearly|p\.a\.|monthly))", t)
    # 'what will it be after 3 increases', 'it goes up 3% two times': as many periods as steps
    steps_said = re.search(r"\bafter (\d+|two|three|four|five|six|seven|eight|nine|ten) (?:more )?(?:increases|raises|hikes|"
                           r"rises|bumps|decreases|cuts|drops|rounds|uplifts)\b|\b(\d+|two|three|four|five) times\b(?! (?:a|per|each))", t)
    loan = _LOAN.search(t)
    if loan and loan.group(1) == "lease" and re.search(r"\brent\b", t) and not re.search(r"\b(?:car|vehicle|van)\b", t):
        loan = None  # 'the lease says +3% every year': the rent's lease, not a car lease to pay off
    if step is None and steps_said and rise.group(1) not in ("up", "down") or step is None and steps_said and \
            re.search(r"\b(?:goes|went|go) (?:up|down)\b", t):
        step = re.search(r"()(year)", "year")  # the count of steps is said; their period does not change the result
    if not step or _SAVE.search(t) or loan or re.search(r"\binterest|inflation\b", t):
        return None
    monthly = (step.group(1) or step.group(2)).startswith("month")
    dur = _months(t)
    # 'what's the year 3 price' of a price 'in year 1' (or from year 1): two rises
    year_asked = re.search(r"\byear (\d+)(?: price| rent| fee| cost| amount| value|\s*\?)", t) or \
        re.search(r"\b(?:in|for|by) year (\d+)\s*\??\s*$", t)
    year_from = re.search(r"\b(?:in|for|from) year (\d+)\b", t[: year_asked.start()]) if year_asked else None
    if dur is None and not steps_said and year_asked and not monthly:
        n = int(year_asked.group(1)) - (int(year_from.group(1)) if year_from else 1)
        if n <= 0:
            return None
        dur = (n * 12, f"{n} yearly rise{'s' if n > 1 else ''} (year {year_asked.group(1)})")
    if dur is None and steps_said:
        n = to_number(steps_said.group(1) or steps_said.group(2))
        said = steps_said.group(0).removeprefix("after ") if steps_said.group(1) else f"{n:g} rises"
        dur = (n if monthly else n * 12, said)
    # 'was $4.00 in 2020 ... what will it cost in 2026': the years between the two the text names
    years_named = re.search(r"\b(?:in|since|from|back in) ((?:19|20)\d\d)\b.{0,120}?\b(?:in|by|for) ((?:19|20)\d\d)\b", t)
    if dur is None and years_named and int(years_named.group(2)) > int(years_named.group(1)):
        gap = int(years_named.group(2)) - int(years_named.group(1))
        dur = (gap * 12, f"{gap} year{'s' if gap > 1 else ''} ({years_named.group(1)} to {years_named.group(2)})")
    # 'in year 3 (after 2 rises)': the year named is the one after the rises
    in_year = re.search(r"\bin year (\d+)\b", t) if steps_said else None
    if in_year and int(in_year.group(1)) != to_number(steps_said.group(1)) + 1:
        return None
    amounts = [a for a in _stated_amounts(t)
               if not (steps_said and steps_said.start() <= a[1] < steps_said.end())  # '4' of 'after 4 raises'
               and not (in_year and in_year.start() <= a[1] < in_year.end())
               and not any(y and y.start() <= a[1] < y.end() for y in (year_asked, year_from))]
    if dur is None or len(amounts) != 1 or not monthly and dur[0] % 12 or dur[0] != int(dur[0]):
        return None
    total_asked = re.search(r"\b(?:total|in all|altogether|all together|combined|cumulative|sum)\b", t)
    if total_asked and (monthly or re.search(r"\bnext year\b|\bfrom next\b|\bstarting next\b", t) and
                        not re.search(r"\bincl\w*|\bthis year\b", t)):
        return None  # whether the first period is paid at today's price is not said
    down = rise.group(1) in {"down", "fall", "falls", "falling", "drop", "drops", "dropping", "decrease", "decreases",
                             "decreasing", "shrink", "shrinks", "depreciate", "depreciates", "loses", "losing"}
    start = amounts[0][0]
    per = re.match(r"\s*(?:a|per|/)\s*(month|mo|week|year|yr)\b", t[amounts[0][2]:])
    each = f" a {({'mo': 'month', 'yr': 'year'}).get(per.group(1), per.group(1))}" if per else ""
    period = "month" if monthly else "year"
    steps = f"months = {int(dur[0])}  # {dur[1]}\nresult = start * (1 + rate) ** months\n" if monthly else \
        f"{_years_code(dur[0], dur[1])}\nresult = start * (1 + rate) ** years\n"
    if total_asked:  # 'total we pay over the next 3 years': this year's price, then each year's raise
        code = (_header(currency(q)) + f"start = {start}\nrate = {'-' if down else ''}{rate} / 100  # each year\n"
                f"{_years_code(dur[0], dur[1])}\n"
                "payments = [start * (1 + rate) ** k for k in range(int(years))]\ntotal = sum(payments)\n"
                f"money(total) + ' in total over {dur[1]} (' + ', '.join(money(p) for p in payments) + ')'")
        return Plan("money", code, f"Added the yearly amounts, each {rate}% {'below' if down else 'above'} the one "
                    "before, starting at today's.", 0.92, "recurring_growth_total")
    code = (_header(currency(q)) + f"start = {start}\nrate = {'-' if down else ''}{rate} / 100  # each {period}\n"
            + steps + (f"# the value in year {in_year.group(1)}\n" if in_year else "") +
            f"money(result) + '{each} after {dur[1]} (' + money(start) + ' {'less' if down else 'plus'} {rate}% each "
            f"{period}, compounded)'")
    return Plan("money", code, f"Applied {'-' if down else '+'}{rate}% once a {period} for {dur[1]}.", 0.93,
                "recurring_growth")


def _recurring_total(q: Query) -> Plan | None:
    """'paying 45 a month for the gym, how much is that over 18 months': a regular payment, no interest."""
    t = q.lower
    dep = _deposit(t)
    if dep is None or _LOAN.search(t) or re.search(r"%|percent|per ?cent|\binterest\b|\brate\b", t):
        return None
    if not re.search(r"\b(how much|what(?:'s|s| is| does| will| would)?(?: that| it| this)(?: (?:come to|cost|add up to|"
                     r"make|be))?|what(?:'s|s| is| does| will)? (?:the )?(?:total|cost)|come to|in total|altogether|total)\b",
                     t):
        return None
    rest = t[: dep[3]] + " " * (dep[4] - dep[3]) + t[dep[4]:]
    dur = _months(rest)
    amount, per_year, word = dep[0], dep[1], dep[2]
    if dur is None:  # '$49/month, what's that per year': the same payment over another period
        per = re.search(r"\b(?:per|a|an|each|every|in a|over a|for a)\s+(year|month|week)\b|\b(annually|yearly|monthly|"
                        r"weekly)\b", rest)
        if per is None:
            return None
        target = per.group(1) or {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week"}[per.group(2)]
        if _DEPOSIT_PERIODS[target] == per_year:
            return None
        code = (_header(currency(q)) + f"payment = {dep[5] or amount}  # each {word}\n{word}s_per_year = {per_year}\n"
                f"{target}s_per_year = {_DEPOSIT_PERIODS[target]}\n"
                f"result = payment * {word}s_per_year / {target}s_per_year\n"
                f"money(result) + ' a {target} (' + money(payment) + ' a {word})'")
        return Plan("money", code, f"A {word}ly {amount} expressed per {target}.", 0.92, "recurring_total")
    count = dur[0] / 12 * per_year
    if count != int(count) or count < 1:
        return None
    code = (_header(currency(q)) + f"payment = {dep[5] or amount}  # each {word}\npayments = {int(count)}  # {dur[1]}\n"
            "total = payment * payments\n"
            f"money(total) + ' over {dur[1]} (' + str(payments) + ' payments of ' + money(payment) + ')'")
    return Plan("money", code, f"Multiplied the {word}ly {amount} by the {int(count)} {word}s in {dur[1]}.", 0.93,
                "recurring_total")


def _plan_comparison(q: Query) -> Plan | None:
    """'$12/mo or $120/yr, how much do i save going annual': a monthly and a yearly price for one thing."""
    t = q.lower
    if not re.search(r"\b(save|saving|savings|cheaper|difference|more expensive|better deal|worth it)\b", t) or \
            _LOAN.search(t) or re.search(r"%|percent|interest", t):
        return None
    prices = []
    for m in _DEPOSIT.finditer(t):
        word = m.group(7) or {"monthly": "month", "weekly": "week", "yearly": "year", "annually": "year"}.get(
            m.group(8) or "", "")
        prices.append((_num(m.group(2) or m.group(3) or m.group(6)), _DEPOSIT_PERIODS.get(word)))
    if len(prices) != 2 or {p for _, p in prices} != {12, 1} or any(v is None for v, _ in prices):
        return None
    if len(_stated_amounts(t)) != 2:
        return None  # a third number (a count of people, months) makes it another question
    monthly = next(v for v, p in prices if p == 12)
    yearly = next(v for v, p in prices if p == 1)
    code = (_header(currency(q)) + f"monthly = {monthly}  # paid each month\nyearly = {yearly}  # paid once a year\n"
            "monthly_for_a_year = monthly * 12\nsaving = monthly_for_a_year - yearly\n"
            "if saving >= 0:\n"
            "    answer = money(saving) + ' a year saved on the yearly plan (12 × ' + money(monthly) + ' = ' + "
            "money(monthly_for_a_year) + ' against ' + money(yearly) + ')'\n"
            "else:\n"
            "    answer = 'the monthly plan is cheaper by ' + money(-saving) + ' a year (12 × ' + money(monthly) + "
            "' = ' + money(monthly_for_a_year) + ' against ' + money(yearly) + ')'\nanswer")
    return Plan("money", code, "Twelve monthly payments against one yearly payment.", 0.93, "plan_comparison")
