"""Divisibility questions: "is 1729 divisible by 7", "what are the factors of 84", "prime factors of 90",
"is 2^31 - 1 prime".

`solve_divisors(q) -> Plan | None`. The host reads the number (a literal or a small expression of
integers, + - * ^ and parentheses); the sandbox divides, factors and tests primality.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.number_runtime import is_prime, prime_factors, smallest_factor

__all__ = ["solve_divisors"]

# Factoring and listing divisors try divisors up to the square root: at most this many steps.
MAX_TRIAL_ROOT = 10**7
# Primality is decided exactly (deterministic Miller-Rabin) below this bound; above it, no answer.
PRIME_TEST_LIMIT = 3 * 10**24
MAX_EXPONENT_DIGITS = 3
# A 'No, it is not prime' names a factor when one is found in this many trial divisions.
MAX_FACTOR_SEARCH = 10**6

_INT = r"\d{1,3}(?:,\d{3})+|\d+"
_EXPR = r"[\d,()\s+*^×·-]+"
_LEAD = r"(?:^|\b(?:what(?:'s| is| are)|list|give me|find|show me|show|get|calculate|compute)\s+)"


def _integer_expr(text: str) -> str | None:
    """'2^31 - 1' -> '2 ** 31 - 1', '1,729' -> '1729'; None unless integers, + - * ^ and parentheses."""
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.strip())
    s = s.replace("^", "**").replace("×", "*").replace("·", "*")
    if not re.fullmatch(r"[\d\s+*()-]+", s) or not re.search(r"\d", s) or "***" in s:
        return None
    if any(len(p) > MAX_EXPONENT_DIGITS for p in re.findall(r"\*\*\s*\(?\s*(\d+)", s)):
        return None
    try:
        compile(s, "<expr>", "eval")
    except SyntaxError:
        return None
    return re.sub(r"\s+", " ", re.sub(r"\s*(\*\*|[+*-])\s*", r" \1 ", s)).replace("( ", "(").replace(" )", ")").strip()


# Words around the question that ask nothing: greetings, context ('for my kid's homework:'), thanks.
_POLITE_TAIL = re.compile(r"(?:[\s,.!?:)(]*\b(?:pls|please|plz|thanks|thank you(?: (?:so|very) much)?|thx|ty|cheers|"
                          r"or not|if you can|if you could|for me|for us|quickly|real quick|right now)\b[\s,.!?:)(]*|"
                          r"[\s,.!?:🙏]+)+$")
_ASK_IF = re.compile(r"^(?:(?:hey|hi|hello|ok|okay|so|quick q\w*|q|please|pls|just)\b[\s,:!-]*)*"
                     r"(?:(?:can|could|would|will) (?:you|u) |please |pls )?"
                     r"(?:tell me|check|confirm|let me know|say|find out|work out|figure out|verify|see)\s+"
                     r"(?:for me\s+)?(?:if|whether)\s+|^(?:(?:i )?wonder(?:ing)? |do you know )?(?:if|whether)\s+")
_FILLER_HEAD = re.compile(r"^(?:(?:hey|hi|hello|ok|okay|so|btw|fyi|hmm+|um+|also|and|just|quick q\w*|q|question|"
                          r"one more|another one|last one|next)\b[\s,:!-]*)+")
# a clause break: punctuation that is not inside a number ('1,009')
_CLAUSE = re.compile(r"(?<!\d)[,;:!?](?!\d)\s*|[,;:!?]\s+|\.\s+|\n+|\s[-–—]\s")


def question_clauses(lower: str) -> list[str]:
    """The whole question and then each of its clauses, without greetings, thanks and 'can you tell me
    if': 'hi, for my kid's homework: is 8,191 a prime? thank you' -> [..., 'is 8,191 a prime']; 'could
    you tell me if 1,003 is prime' -> 'is 1,003 prime'."""
    out = []
    for part in [lower] + _CLAUSE.split(lower):
        part = _FILLER_HEAD.sub("", _POLITE_TAIL.sub("", part.strip()))
        asked = _ASK_IF.sub("", part)
        if asked != part:  # 'if 1,003 is prime' -> 'is 1,003 prime'
            m = re.fullmatch(r"(.+?) (is|can be) (.+)", asked)
            asked = f"{m.group(2)} {m.group(1)} {m.group(3)}" if m else asked
        if asked and asked not in out:
            out.append(asked)
    return out


def solve_divisors(q: Query) -> Plan | None:
    """A plan answering a divisibility, divisor-list, factorisation, parity or primality question, or None."""
    for t in question_clauses(q.lower.strip()):
        plan = _solve_clause(t)
        if plan is not None:
            return plan
    return None


_GCD_WORDS = r"gcd|gcf|hcf|greatest common (?:divisor|factor)|highest common (?:factor|divisor)"
_LCM_WORDS = r"lcm|least common multiple|lowest common multiple|smallest common multiple"


def _gcd_lcm(t: str) -> Plan | None:
    """'gcd of 84 and 126', 'GCD(56, 98)', 'lcm(21, 6)', 'greatest common factor of 36 and 60'."""
    m = re.fullmatch(r"(?:(?:what(?:'s| is)|whats|find|get|calculate|compute|work out|give me) )?(?:the )?"
                     r"(?P<op>" + _GCD_WORDS + "|" + _LCM_WORDS + r")\s*(?:of |for |between )?\(?\s*"
                     r"(?P<args>(?:" + _INT + r")(?:\s*(?:,|and|&)\s*(?:and\s+)?(?:" + _INT + r"))+)\s*\)?", t)
    if m is None:
        return None
    # a comma with no space between digits groups thousands ('1,071'); ', ' separates numbers
    values = [int(v.replace(",", "")) for v in re.split(r"\s*(?:,\s+|,(?!\d{3}(?!\d))|\band\b|&)\s*(?:and\s+)?",
                                                           m.group("args")) if v.strip()]
    if len(values) < 2 or any(v <= 0 for v in values):
        return None
    lcm = re.fullmatch(_LCM_WORDS, m.group("op"))
    name = "least common multiple" if lcm else "greatest common divisor"
    step = "result = result * v // gcd(result, v)" if lcm else "result = gcd(result, v)"
    code = (f"values = {values!r}\nresult = values[0]\nfor v in values[1:]:\n    {step}\n"
            f"str(result) + ' (the {name} of ' + ', '.join(str(v) for v in values[:-1]) + ' and ' + str(values[-1]) + ')'")
    how = "Folded lcm(a, b) = a·b / gcd(a, b) over the numbers." if lcm else "Folded Euclid's gcd over the numbers."
    return Plan("number_theory", code, how, 0.96, "lcm" if lcm else "gcd")


def _solve_clause(t: str) -> Plan | None:
    t = t.strip().rstrip("?!. ")
    t = re.sub(r"^(is|does|can|will) the (?:number|integer|value) ", r"\1 ", t)  # 'is the number 1,000,003 prime'
    # a terse question with no verb: '2,457 divisible by 9?', '2,500 a multiple of 125?'
    t = re.sub(r"^(?=\d[\d,]*\s+(?:(?:evenly |exactly )?divisible by|an? (?:exact |whole )?multiple of)\s+\d)", "is ", t)
    grouped = bool(re.search(r"\d,\d{3}(?!\d)", t))
    show = "show = (lambda v: f'{v:,}') if GROUPED else str  # numbers written as the question wrote them\n"
    show = f"GROUPED = {grouped}\n" + show
    plan = _gcd_lcm(t)
    if plan is not None:
        return plan
    divides = None
    m = re.fullmatch(r"(?:is|can) (" + _EXPR + r") (?:be )?(?:evenly |exactly |cleanly )?(?:divisible|divided|dividable) "
                     r"(?:evenly |exactly |cleanly )?by (" + _INT + r")(?: evenly| exactly| cleanly| without (?:a |any )?"
                     r"remainder)?", t)
    if m is None:  # 'is 2,500 a multiple of 125'
        m = re.fullmatch(r"is (" + _EXPR + r") (?:a |an )?(?:exact |whole )?multiple of (" + _INT + r")", t)
    if m is None:  # 'is 6 a factor of 144', 'is 7 a divisor of 343'
        divides = m = re.fullmatch(r"is (" + _INT + r") (?:a |an )?(?:factor|divisor) of (" + _EXPR + r")", t)
    if m is None:
        divides = m = re.fullmatch(r"(?:does|can|will) (" + _INT + r") (?:evenly |exactly |cleanly )?(?:divide|go) "
                                   r"(?:into )?(" + _EXPR + r")(?: evenly| exactly| cleanly| without (?:a |any )?"
                                   r"remainder)?", t)
    if m:
        n, d = (m.group(2), m.group(1)) if divides else (m.group(1), m.group(2))
        n, d = _integer_expr(n), _integer_expr(d)
        if n is None or d is None or int(d) == 0:
            return None
        code = (show + f"n = {n}\nd = {d}\nq, r = divmod(n, d)\n"
                "('Yes: ' + show(n) + ' = ' + show(d) + ' × ' + show(q)) if r == 0 else "
                "('No: ' + show(n) + ' ÷ ' + show(d) + ' leaves remainder ' + show(r))")
        return Plan("number_theory", code, "Divided and looked at the remainder.", 0.96, "divisible")
    m = re.fullmatch(_LEAD + r"(?:all )?(?:the )?(?:prime factors?|prime factori[sz]ation)(?: of| for)? (" + _EXPR + ")",
                     t) or re.fullmatch(r"(?:factori[sz]e|factor) (" + _EXPR + r")(?: into primes)?", t)
    if m:
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        code = (shipped(prime_factors) + "\n\n\n"
                f"n = {n}\nif n < 2 or n > {MAX_TRIAL_ROOT}**2:\n    raise ValueError('out of range for trial division')\n"
                "factors = prime_factors(n)\n"
                # powers as people type them in chat (2^3), then every factor spelled out when one repeats
                "powers = ' × '.join(str(p) + ('^' + str(k) if k > 1 else '') for p, k in factors.items())\n"
                "spelled = ' × '.join(str(p) for p, k in factors.items() for _ in range(k))\n"
                "str(n) + ' is prime' if list(factors.values()) == [1] else "
                "str(n) + ' = ' + powers + (' = ' + spelled if spelled != powers else '')")
        return Plan("number_theory", code, "Divided out each prime in turn (trial division).", 0.96, "prime_factors")
    m = re.fullmatch(_LEAD + r"(?:all )?(?:the )?(?:factors|divisors)(?: of| for) (" + _EXPR + ")", t)
    if m:
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        code = (f"n = {n}\nif n < 1 or n > {MAX_TRIAL_ROOT}**2:\n    raise ValueError('out of range for trial division')\n"
                "small = [d for d in range(1, int(n ** 0.5) + 1) if n % d == 0]\n"
                "divisors = sorted(set(small + [n // d for d in small]))\n"
                "', '.join(str(d) for d in divisors)")
        return Plan("number_theory", code, "Tried every divisor up to the square root and paired it with n / d.",
                    0.96, "divisors")
    m = re.fullmatch(r"(?:is|iz) (" + _EXPR + r") (?:a |an )?(?:prime|primes)(?: number)?"
                     r"(?: or (?:a |an )?(?:composite|not prime)(?: number)?)?", t) or \
        re.fullmatch(r"(" + _INT + r")\s*(?:[-–—:,]\s*|(?:is (?:it|that|this) |is ))?(?:an? )?prime(?: number)?", t) or \
        re.fullmatch(r"(?:is (?:it |this |that )?)?prime(?: or not| or composite)?\s*(?:\?+|:)\s*(" + _INT + r")", t)  # 'prime? 4093'
    if m:
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        code = (shipped(is_prime) + "\n\n\n" + shipped(smallest_factor) + "\n\n\n"
                + show + f"n = {n}\nif n >= {PRIME_TEST_LIMIT}:\n    raise ValueError('too large for an exact test')\n"
                "if is_prime(n):\n    answer = 'Yes — ' + show(n) + ' is prime.'\n"
                "elif n < 2:\n    answer = 'No — ' + show(n) + ' is not prime (primes start at 2).'\n"
                # the whole factorisation (1001 = 7 × 11 × 13), as far as a factor is found below the search limit
                f"else:\n    factors, rest = [], n\n    while rest > 1 and not is_prime(rest):\n"
                f"        p = smallest_factor(rest, {MAX_FACTOR_SEARCH})\n        if not p:\n            break\n"
                "        factors.append(p)\n        rest //= p\n    factors.append(rest)\n"
                "    answer = 'No — ' + show(n) + ' is not prime' + (': ' + show(n) + ' = ' + ' × '.join(show(f) for f in factors) "
                "if len(factors) > 1 else '') + '.'\n"
                "answer")
        return Plan("number_theory", code, "Tested the number with Miller-Rabin (exact at this size) and, when it is "
                    "not prime, looked for its smallest factor.", 0.96, "prime")
    plan = _primes_in_range(t) or _divisor_count(t) or _perfect_square(t) or _multiples(t)
    if plan is not None:
        return plan
    m = re.fullmatch(r"is (" + _EXPR + r") (?:an? )?(even|odd)(?: or (?:even|odd))?(?: number)?", t)
    if m:
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        which = " or " in t.split(m.group(2), 1)[1][:4]  # 'even or odd' asks which, 'even' asks yes or no
        asked = m.group(2)
        code = (show + f"n = {n}\nparity = 'even' if n % 2 == 0 else 'odd'\n"
                + ("show(n) + ' is ' + parity" if which else
                   f"('Yes: ' if parity == {asked!r} else 'No: ') + show(n) + ' is ' + parity"))
        return Plan("number_theory", code, "Looked at the remainder of dividing by 2.", 0.96, "parity")
    return None


# Listing or counting the primes of a range sieves up to this bound.
MAX_SIEVE = 10**6
_BOUNDS = (r"(?:between|from) (?P<lo>" + _INT + r") (?:and|to|-) (?P<hi>" + _INT + r")|"
           r"(?P<op>below|under|less than|smaller than|up to|upto|to|<=?) (?P<top>" + _INT + r")")


def _primes_in_range(t: str) -> Plan | None:
    """'which numbers between 1 and 30 are prime', 'list the primes under 50', 'how many primes are there
    between 100 and 200': a sieve over the range (bounds included, 'below/under' excluded)."""
    m = re.fullmatch(r"(?P<how>how many|count(?: the)?|number of(?: the)?|which|what|list|give me|find|show(?: me)?|"
                     r"get|name)(?: are| of)?(?: all)?(?: the)? (?:prime numbers|primes|numbers|integers)(?: are there)?"
                     r" (?:" + _BOUNDS + r")(?: are| is)?(?: prime| primes| prime numbers)?(?: are there| in total)?", t)
    if m is None or ("prime" not in t):
        return None
    below = m.group("op") in {"below", "under", "less than", "smaller than", "<"}
    if m.group("top"):
        lo, hi = 2, int(m.group("top").replace(",", ""))
    else:
        lo, hi = sorted(int(g.replace(",", "")) for g in (m.group("lo"), m.group("hi")))
    if hi > MAX_SIEVE or hi < 2:
        return None
    count = m.group("how") in {"how many", "count", "count the", "number of", "number of the"}
    code = (f"lo, hi = {lo}, {hi}\n" + ("hi = hi - 1  # below it\n" if below else "") + "sieve = [True] * (hi + 1)\nsieve[0:2] = [False, False]\n"
            "for p in range(2, int(hi ** 0.5) + 1):\n    if sieve[p]:\n"
            "        for multiple in range(p * p, hi + 1, p):\n            sieve[multiple] = False\n"
            "primes = [n for n in range(max(lo, 2), hi + 1) if sieve[n]]\n"
            + ("str(len(primes)) + ' primes (' + str(lo) + ' to ' + str(hi) + ')'" if count else
               "', '.join(str(p) for p in primes) if primes else 'none'"))
    return Plan("number_theory", code, "Sieved the range (Eratosthenes).", 0.96, "primes_in_range")


def _divisor_count(t: str) -> Plan | None:
    """'how many divisors does 360 have', 'number of factors of 96'."""
    m = re.fullmatch(r"(?:how many (?:positive )?(?:divisors|factors) (?:does|do) (" + _EXPR + r") have|"
                     r"(?:what(?:'s| is) )?(?:the )?(?:number|count) of (?:positive )?(?:divisors|factors) (?:of|for) ("
                     + _EXPR + r")|how many (?:positive )?(?:divisors|factors) (?:of|for|has|in) (" + _EXPR + r"))", t)
    if m is None:
        return None
    n = _integer_expr(next(g for g in m.groups() if g))
    if n is None:
        return None
    code = (f"n = {n}\nif n < 1 or n > {MAX_TRIAL_ROOT}**2:\n    raise ValueError('out of range for trial division')\n"
            "small = [d for d in range(1, int(n ** 0.5) + 1) if n % d == 0]\n"
            "divisors = sorted(set(small + [n // d for d in small]))\n"
            "str(len(divisors)) + ' (' + ', '.join(str(d) for d in divisors) + ')'")
    return Plan("number_theory", code, "Listed the divisors up to the square root, paired with n / d, and counted them.",
                0.96, "divisor_count")


def _perfect_square(t: str) -> Plan | None:
    """'is 144 a perfect square', 'is 1000 a perfect cube'."""
    m = re.fullmatch(r"is (" + _EXPR + r") (?:a )?perfect (square|cube)(?: number)?(?: or not)?", t)
    if m is None:
        return None
    n = _integer_expr(m.group(1))
    if n is None:
        return None
    k, name, sup = (2, "square", "²") if m.group(2) == "square" else (3, "cube", "³")
    code = (f"n = {n}\nk = {k}\nroot = round(abs(n) ** (1 / k))\n"
            "root = next((r for r in (root - 1, root, root + 1) if r >= 0 and r ** k == abs(n)), None)\n"
            "if root is not None and (n >= 0 or k == 3):\n    root = root if n >= 0 else -root\n"
            f"    answer = 'Yes: ' + str(n) + ' = ' + str(root) + '{sup}'\n"
            f"else:\n    answer = 'No: ' + str(n) + ' is not a perfect {name}'\nanswer")
    return Plan("number_theory", code, f"Took the integer {name} root and checked it back.", 0.96, "perfect_power")


# At most this many multiples are listed.
MAX_MULTIPLES = 1000


def _multiples(t: str) -> Plan | None:
    """'what are the multiples of 7 below 50', 'first 10 multiples of 6', 'multiples of 4 up to 40'."""
    m = re.fullmatch(r"(?:(?:what(?:'s| is| are)|list|give me|find|show(?: me)?|get|name) )?(?:all )?(?:the )?"
                     r"(?:first (?P<n>\d{1,4}) )?(?:positive )?multiples of (?P<k>" + _INT + r")"
                     r"(?: (?P<op>below|under|less than|up to|upto|to|through|not (?:above|over)) (?P<top>" + _INT + r"))?", t)
    if m is None or bool(m.group("n")) == bool(m.group("top")):
        return None  # 'multiples of 7' alone has no end
    k = int(m.group("k").replace(",", ""))
    if k <= 0:
        return None
    if m.group("n"):
        n = int(m.group("n"))
        if not 0 < n <= MAX_MULTIPLES:
            return None
        code = f"k = {k}\nn = {n}\n', '.join(str(k * i) for i in range(1, n + 1))"
    else:
        top = int(m.group("top").replace(",", ""))
        below = m.group("op") in {"below", "under", "less than"}
        if top // k > MAX_MULTIPLES:
            return None
        code = (f"k = {k}\ntop = {top}\nmultiples = [v for v in range(k, top + 1, k)"
                + (" if v < top]" if below else "]") + "\n', '.join(str(v) for v in multiples) if multiples else 'none'")
    return Plan("number_theory", code, "Stepped through the multiples.", 0.96, "multiples")
