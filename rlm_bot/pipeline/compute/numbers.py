"""Templates for number questions asked in words: imperative arithmetic, primes, gcd/lcm, factorials,
powers, rounding, bases, sums of ranges and compound durations."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query, normalise_expression
from rlm_bot.pipeline.compute.units import UNITS
from rlm_bot.pipeline.compute.plan import MAX_EXPONENT, Plan, lit, numbers_in, to_number

_N = r"(-?\$?\d[\d,]*(?:\.\d+)?)"


def _n(token: str):
    return to_number(token.replace(",", "").replace("$", ""))


def solve_imperative_arithmetic(q: Query) -> Plan | None:
    """'multiply 23 by 19', 'add 45, 67 and 89', 'subtract 17 from 100', 'divide 144 by 12'."""
    t = q.lower.strip().rstrip("?.! ")
    t = re.sub(r"^(?:(?:please|can you|could you|can u|could u|can someone|could someone|pls|quickly|just|"
               r"what (?:do|would|will) (?:you|i|we) get (?:if|when) (?:you|i|we)|what(?:'s| is) (?:it|the result|the answer) "
               r"(?:if|when) (?:you|i|we))[\s,]+)+", "", t)
    t = re.sub(r"(?:[\s,]+(?:for me|please|pls|thanks|thank you|thx))+$", "", t).rstrip("?.! ")
    m = re.search(r"(?:^|\bwhat(?:'s|s| is)? (?:the )?|\bcalculate (?:the )?|\bfind (?:the )?)remainder (?:of|when|if|after) "
                  + _N + r" (?:is )?(?:divided|split)(?: by| into)? " + _N + r"$", t) or \
        re.fullmatch(r"(?:what(?:'s| is) )?" + _N + r" (?:mod|modulo) " + _N, t)
    if m:
        a, b = _n(m.group(1)), _n(m.group(2))
        if not b or not float(a).is_integer() or not float(b).is_integer():
            return None
        return _plan(f"{a} % {b}", f"The remainder of {a} divided by {b}.", "remainder")
    m = re.fullmatch(r"multiply " + _N + r" (?:by|and|with) " + _N, t)
    if m:
        a, b = _n(m.group(1)), _n(m.group(2))
        return _plan(f"{a} * {b}", f"Multiplied {a} by {b}.")
    m = re.fullmatch(r"divide " + _N + r" (?:by|into) " + _N, t)
    if m:
        a, b = _n(m.group(1)), _n(m.group(2))
        return _plan(f"{a} / {b}", f"Divided {a} by {b}.")
    m = re.fullmatch(r"subtract " + _N + r" from " + _N, t)
    if m:
        a, b = _n(m.group(1)), _n(m.group(2))
        return _plan(f"{b} - {a}", f"Subtracted {a} from {b}.")
    m = re.fullmatch(r"(?:add(?: up)?|sum(?: up)?|total) ((?:" + _N[1:-1] + r"(?:\s*,\s*|\s+and\s+|\s+plus\s+|\s+))+" +
                     _N[1:-1] + r")(?: together)?", t)
    if m:
        values = numbers_in(m.group(1))
        if len(values) >= 2:
            return Plan("arithmetic", f"values = {lit(values)}\nsum(values)", f"Added the {len(values)} numbers.",
                        specificity=0.95, template="add_numbers")
    return None


def _plan(expr: str, explanation: str, template: str = "imperative_arithmetic") -> Plan:
    return Plan("arithmetic", f"result = {expr}\nresult", explanation, specificity=0.95, template=template)


def solve_number_theory(q: Query) -> Plan | None:
    """Primes, gcd/lcm, factorials, powers in words, rounding, base conversion, sums of ranges."""
    t = q.lower.strip().rstrip("?.! ")
    if len(t) > 200 or not re.search(r"prime|gcd|gcf|hcf|lcm|common|factorial|to the \d|round|binary|hex|octal|sum of", t):
        return None
    m = re.search(r"\bis (\d{1,15}) (?:a )?prime(?: number)?$", t)
    if m:
        n = int(m.group(1))
        code = (f"n = {n}\nis_prime = n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n"
                "'Yes' if is_prime else 'No'")
        return Plan("number_theory", code, f"Tried every divisor of {n} up to its square root.", 0.96, "prime")
    m = re.search(r"\b(gcd|greatest common divisor|greatest common factor|gcf|hcf|lcm|least common multiple|"
                  r"lowest common multiple) (?:of )?((?:\d+(?:\s*,\s*|\s+and\s+|\s+))+\d+)$", t)
    if m:
        values = [int(v) for v in numbers_in(m.group(2))]
        if len(values) >= 2 and all(v > 0 for v in values):
            if m.group(1) in {"lcm", "least common multiple", "lowest common multiple"}:
                code = f"values = {lit(values)}\nresult = values[0]\nfor v in values[1:]:\n" \
                       "    result = result * v // gcd(result, v)\nresult"
                return Plan("number_theory", code, "Folded lcm(a, b) = a·b / gcd(a, b) over the numbers.", 0.96, "lcm")
            code = f"values = {lit(values)}\nresult = values[0]\nfor v in values[1:]:\n    result = gcd(result, v)\nresult"
            return Plan("number_theory", code, "Folded Euclid's gcd over the numbers.", 0.96, "gcd")
    m = re.search(r"(?:^|what'?s |what is )(\d{1,3}) factorial$|factorial of (\d{1,3})$", t)
    if m:
        n = int(m.group(1) or m.group(2))
        return Plan("arithmetic", f"n = {n}\nfactorial(n)", f"Multiplied 1 × 2 × … × {n}.", 0.96, "factorial")
    m = re.search(r"(?:^|what'?s |what is )" + _N + r" to the (\d+)(?:st|nd|rd|th)?(?: power)?$", t)
    if m and int(m.group(2)) <= MAX_EXPONENT:
        a, b = _n(m.group(1)), int(m.group(2))
        return _plan(f"{a} ** {b}", f"Raised {a} to the power {b}.", "power_words")
    m = re.search(r"\bround (-?\d+(?:\.\d+)?) to (\d+|one|two|three|four) (?:decimal(?: place)?s?|dp|places?)$", t)
    if m:
        digits = int(to_number(m.group(2)))
        return Plan("arithmetic", f"value = {m.group(1)}\nround(value, {digits})",
                    f"Rounded to {digits} decimal places (half to even at exact ties).", 0.95, "round")
    m = re.search(r"\b(?:convert )?(\d{1,18}) (?:to|in|into) (binary|hex|hexadecimal|octal)$", t) or \
        re.search(r"\b(binary|hex|hexadecimal|octal) (?:of|for) (\d{1,18})$", t)
    if m:
        n, base = (m.group(1), m.group(2)) if m.group(1).isdigit() else (m.group(2), m.group(1))
        fn = {"binary": "bin", "hex": "hex", "hexadecimal": "hex", "octal": "oct"}[base]
        return Plan("conversion", f"n = {int(n)}\n{fn}(n)[2:]", f"Wrote {n} in {base}.", 0.96, "base")
    m = re.search(r"\bsum of (?:all )?(?:the )?(even |odd )?(?:numbers|integers|whole numbers)? ?from (-?\d+) to (-?\d+)$", t)
    if m:
        a, b = int(m.group(2)), int(m.group(3))
        if abs(b - a) <= 10_000_000:
            cond = {"even ": " if n % 2 == 0", "odd ": " if n % 2 == 1"}.get(m.group(1) or "", "")
            return Plan("arithmetic", f"start = {a}\nend = {b}\nsum(n for n in range(start, end + 1){cond})",
                        f"Added every {(m.group(1) or '').strip() + ' ' if m.group(1) else ''}integer from {a} to {b}.",
                        0.95, "range_sum")
    return None


_DUR_UNITS = {"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "m": 60, "min": 60, "mins": 60,
              "minute": 60, "minutes": 60, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "d": 86400,
              "day": 86400, "days": 86400, "week": 604800, "weeks": 604800}


def solve_compound_duration(q: Query) -> Plan | None:
    """'convert 3 hours 20 minutes to minutes', '2h 45m in seconds'."""
    t = q.lower
    unit = r"(?:hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|days?|d|weeks?)"
    m = re.search(r"((?:\d+(?:\.\d+)?\s*" + unit + r"\s*(?:and\s+|,\s*)?){2,})\s*(?:to|in|into|as)\s+"
                  r"(hours|minutes|seconds|days|weeks)\b", t)
    if m:
        listing, target = m.group(1), m.group(2)
    else:
        m = re.search(r"how many (hours|minutes|seconds|days|weeks) (?:is|are|in)\s+((?:\d+(?:\.\d+)?\s*" + unit +
                      r"\s*(?:and\s+|,\s*)?){2,})\s*$", t.rstrip("?. "))
        if not m:
            return None
        target, listing = m.group(1), m.group(2)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|days?|d|weeks?)", listing)
    pieces = [(to_number(n), _DUR_UNITS[u]) for n, u in parts]
    code = (f"parts = {lit(pieces)}  # (amount, seconds per unit)\ntotal_seconds = sum(n * unit for n, unit in parts)\n"
            f"total_seconds / {_DUR_UNITS[target]}")
    return Plan("conversion", code, f"Added the parts in seconds and expressed the total in {target}.", 0.95,
                "compound_duration")


def solve_compound_length(q: Query) -> Plan | None:
    """'5 feet 10 inches in cm', '6 ft 2 in to meters', '3 lb 4 oz in kg'."""
    t = q.lower
    # a height written 5'11, 5'11" or 5′11″ is 5 ft 11 in
    t = re.sub(r"(?<![\d.])(\d)\s*['′’]\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''|”)?(?=\s)", r"\1 ft \2 in", t)
    m = re.search(r"((?:\d+(?:\.\d+)?\s*(?:feet|foot|ft|inches|inch|in|lbs?|pounds?|oz|ounces?|m|cm|kg|g)\s*(?:and\s+|,\s*)?)"
                  r"{2,})\s*(?:[,;.]?\s*(?:what(?:'s| is| would)|whats|how (?:much|tall|long) is)\s+(?:that|this|it|he|she|i)\s+(?:be\s+)?)?"
                  r"(?:to|in|into|as)\s+(cm|centimeters|centimetres|m|meters|metres|mm|inches|feet|kg|g|grams|"
                  r"kilograms|lbs?|pounds|oz|ounces)\b", t)
    if not m:
        return None
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(feet|foot|ft|inches|inch|in|lbs?|pounds?|oz|ounces?|m|cm|kg|g)\b", m.group(1))
    units = [UNITS.get(u) for _, u in parts] + [UNITS.get(m.group(2))]
    if any(u is None for u in units) or len({u[0] for u in units}) != 1:
        return None
    pieces = [(to_number(n), UNITS[u][1]) for n, u in parts]
    code = (f"parts = {lit(pieces)}  # (amount, size of the unit in base units)\n"
            "total = sum(n * unit for n, unit in parts)\n"
            f"round(total / {UNITS[m.group(2)][1]!r}, 6)")
    return Plan("conversion", code, f"Added the parts in base units and expressed the total in {m.group(2)}.",
                0.95, "compound_length")


def solve_fraction(q: Query) -> Plan | None:
    """'0.375 as a fraction', 'simplify 18/24'."""
    t = q.lower.strip().rstrip("?.! ")
    m = re.search(r"(?:^|what'?s |what is |convert )(-?\d+(?:\.\d+)?) (?:as|to|into) a fraction$", t)
    if m:
        return Plan("arithmetic", f"value = Fraction({m.group(1)!r})\nstr(value)",
                    f"Wrote {m.group(1)} as an exact fraction in lowest terms.", 0.95, "as_fraction")
    m = re.search(r"^(?:simplify|reduce) (-?\d+)\s*/\s*(\d+)$", t)
    if m:
        return Plan("arithmetic", f"value = Fraction({m.group(1)}, {m.group(2)})\nstr(value)",
                    "Divided numerator and denominator by their gcd.", 0.95, "simplify_fraction")
    return None


def solve_reverse_words(q: Query) -> Plan | None:
    """'reverse the words in "hello big world"' (word order, not letters)."""
    m = re.search(r"\b(?:reverse|flip|invert) (?:the )?(?:order of (?:the )?words|word order|words)(?: (?:in|of))?\s*"
                  r"[:\-–—]?\s*['\"`‘“]?(.+?)['\"`’”]?\s*$", q.body, re.I)
    if not m:
        return None
    return Plan("string", f"text = {lit(m.group(1))}\n' '.join(reversed(text.split()))", "Reversed the word order.",
                0.95, "reverse_words")


_SHARES = {"half": "1 / 2", "double": "2", "twice": "2", "triple": "3", "a third": "1 / 3", "one third": "1 / 3",
           "a quarter": "1 / 4", "one quarter": "1 / 4", "two thirds": "2 / 3", "three quarters": "3 / 4",
           "a fifth": "1 / 5", "a tenth": "1 / 10"}


def solve_number_questions(q: Query) -> Plan | None:
    """Leap years, 'N% more/less than X', 'X is N% of what', 'which is bigger, A or B'."""
    t = q.lower.strip().rstrip("?.! ")
    if len(t) > 200:
        return None
    m = re.search(r"\bis (\d{3,4}) a leap year$", t)
    if m:
        y = int(m.group(1))
        code = f"year = {y}\nleap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)\n'Yes' if leap else 'No'"
        return Plan("date_math", code, "Gregorian rule: divisible by 4, except centuries not divisible by 400.",
                    0.97, "leap_year")
    m = re.search(r"(?:^|what'?s |what is )(-?\d+(?:\.\d+)?)\s*%\s*(more|less|higher|lower|bigger|smaller) than " + _N + "$", t)
    if m:
        rate, base = _n(m.group(1)), _n(m.group(3))
        sign = "+" if m.group(2) in {"more", "higher", "bigger"} else "-"
        return Plan("percentage", f"base = {base}\nrate = {rate}\nresult = base * (1 {sign} rate / 100)\nround(result, 6)",
                    f"{'Added' if sign == '+' else 'Took'} {rate}% of {base} {'to' if sign == '+' else 'from'} it.",
                    0.95, "percent_more_less")
    # '65 is 20% of what', 'if 65 is 20% of something, what's the something', '20% of what number is 65'
    whole = r"(?:what|something|which number|what number|a number|x|the whole|the total|it)(?: number)?"
    m = re.search(r"(?:^|\bif )" + _N + r" (?:is|=|equals|makes up|are) (-?\d+(?:\.\d+)?)\s*(?:%|percent) of " + whole
                  + r"(?:$|\W)", t)
    m2 = re.search(r"^(?:what'?s |what is )?(-?\d+(?:\.\d+)?)\s*(?:%|percent) of " + whole
                   + r" (?:is|=|equals|gives|makes) " + _N + "$", t)
    if m or m2:
        part, rate = (_n(m.group(1)), _n(m.group(2))) if m else (_n(m2.group(2)), _n(m2.group(1)))
        return Plan("percentage", f"part = {part}\nrate = {rate}\nwhole = part / (rate / 100)\nround(whole, 6)",
                    f"Solved {rate}% × whole = {part} for the whole.", 0.95, "percent_of_what")
    m = re.search(r"^(?:what'?s |what is |how much is |whats |calculate |work out )?(half|double|twice|triple|a third|"
                  r"one third|a quarter|one quarter|two thirds|three quarters|a fifth|a tenth)(?: of)? " + _N + "$", t)
    if m:
        share = _SHARES[m.group(1)]
        value = _n(m.group(2))
        return Plan("arithmetic", f"value = {value}\nshare = {share}  # {m.group(1)}\nresult = value * share\nresult",
                    f"{m.group(1).capitalize()} of {value}.", 0.95, "share_of")
    m = re.search(r"^(?:what'?s |what is |how much is |how many is )?(\d+(?:\.\d+)?) dozens?$", t)
    if m:
        return Plan("arithmetic", f"dozens = {m.group(1)}\ndozens * 12", "A dozen is 12.", 0.95, "dozen")
    m = re.search(r"(?:average speed|how fast|what speed|what'?s the speed)\D*?(\d+(?:\.\d+)?)\s*(km|kilometers|kilometres|"
                  r"miles|mi|m|meters|metres)\b\D*?(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s)\b", t)
    if m:
        dist, dunit, dur, tunit = _n(m.group(1)), m.group(2), _n(m.group(3)), m.group(4)
        per = {"h": ("hours", 1), "m": ("minutes", 60), "s": ("seconds", 3600)}[tunit[0]]
        label = {"k": "km/h", "m": "mph" if dunit.startswith("mi") else "m/h"}[dunit[0]]
        if dunit in {"m", "meters", "metres"}:
            label = "m/s"
            code = (f"distance = {dist}  # {dunit}\nduration = {dur}  # {tunit}\n"
                    f"seconds = duration * {3600 if per[0] == 'hours' else 60 if per[0] == 'minutes' else 1}\n"
                    "speed = distance / seconds\nspeed = int(speed) if speed == int(speed) else round(speed, 4)\nstr(speed) + ' m/s'")
        else:
            code = (f"distance = {dist}  # {dunit}\nduration = {dur}  # {tunit}\nhours = duration / {per[1]}\n"
                    f"speed = distance / hours\nspeed = int(speed) if speed == int(speed) else round(speed, 4)\nstr(speed) + ' {label}'")
        return Plan("arithmetic", code, "Average speed = distance / time.", 0.94, "speed")
    m = re.search(r"which is (bigger|larger|greater|higher|smaller|less|lower)[,:]?\s+(.+?)\s+or\s+(.+)$", t)
    if m:

        a, b = normalise_expression(m.group(2)), normalise_expression(m.group(3))
        if a is None or b is None:
            a, b = (m.group(2) if to_number(m.group(2)) is not None else None,
                    m.group(3) if to_number(m.group(3)) is not None else None)
        if a is None or b is None:
            return None
        op = ">" if m.group(1) in {"bigger", "larger", "greater", "higher"} else "<"
        code = (f"a = {a}\nb = {b}\n"
                f"{m.group(2).strip()!r} + ' (' + str(a) + ')' if a {op} b else "
                f"({m.group(3).strip()!r} + ' (' + str(b) + ')' if b {op} a else 'they are equal (' + str(a) + ')')")
        return Plan("arithmetic", code, "Evaluated both sides and compared them.", 0.95, "compare")
    return None
