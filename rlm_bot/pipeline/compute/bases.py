"""Numbers in bases and their bits, read in any word order: one integer written in a base ('0xFF', '0b101101',
'0o17', '777 octal', 'binary 11111111', 'hex 1F4', 'decimal 500', plain '42') and what is asked of it: the
same number in another base ('in binary', 'to hex', 'as decimal', 'hex of 4096'), its count of 1 bits
('popcount', 'set bits', 'how many 1 bits', 'hamming weight') or its bit length ('how many bits').
Addresses in a CIDR block ('how many addresses in a /22', 'usable hosts in a /27') are counted too.

One number only; a message with a second number, or with no base or bit word, is not this kind.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, strip_mention

__all__ = ["solve_bases", "solve_cidr_size"]

MAX_DIGITS = 64
_BASE_WORDS = {"binary": 2, "bin": 2, "base 2": 2, "base-2": 2, "base2": 2, "octal": 8, "oct": 8, "base 8": 8,
               "base-8": 8, "base8": 8, "decimal": 10, "dec": 10, "base 10": 10, "base-10": 10, "base10": 10,
               "denary": 10, "hex": 16, "hexadecimal": 16, "base 16": 16, "base-16": 16, "base16": 16}
_BASE = r"(hexadecimal|hex|binary|bin|octal|oct|decimal|dec|denary|base[- ]?(?:2|8|10|16))"
_PREFIXED = re.compile(r"(?<![\w.])(0x[0-9a-f]+|0b[01]+|0o[0-7]+)(?![\w.])")
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdef"}
_SHOW = {2: ("bin", "binary"), 8: ("oct", "octal"), 16: ("hex", "hex")}
_POPCOUNT = re.compile(r"\bpop ?count\b|\bset bits\b|\bbits? (?:that are |which are )?set\b|\b(?:1|one)[- ]bits?\b|"
                       r"\bhamming weight\b|\bnumber of (?:1s|ones|1's)\b|\bhow many (?:1s|ones|1's)\b")
_BIT_LENGTH = re.compile(r"\bhow many bits\b|\bbit ?length\b|\bnumber of bits\b|\bbits (?:are )?(?:needed|required)\b")


def _read_number(t: str) -> tuple[int, int, str] | None:
    """(value, base written in, the literal) of the one number in `t`."""
    pre = _PREFIXED.findall(t)
    rest = _PREFIXED.sub(" ", t)
    rest = re.sub(_BASE, " ", rest)
    words = [w for w in re.findall(r"(?<![\w.])[0-9a-f]+(?![\w.])", rest) if re.search(r"\d", w) or
             re.fullmatch(r"[a-f]{1,8}", w) and False]
    bits_words = re.findall(r"\b(?:1|one)[- ]bits?\b|\bbase[- ]?\d+\b", t)
    words = [w for w in words if not (w == "1" and bits_words)]
    if pre:
        if len(pre) != 1 or words:
            return None
        lit = pre[0]
        base = {"x": 16, "b": 2, "o": 8}[lit[1]]
        return int(lit[2:], base), base, lit
    # a base word next to the literal says which base it is written in: 'binary 1011', '777 octal', 'hex ff'
    m = re.search(r"\b" + _BASE + r"(?: number| value)?\s+([0-9a-f]+)\b(?!\s+(?:in|to|into|as)\b\s*$)", t) or \
        re.search(r"\b([0-9a-f]+)\s+(?:in\s+)?" + _BASE + r"\b(?=\s*(?:to|in|into|as|=|->|→)\b)", t) or \
        re.search(r"\b([0-9a-f]+)\s*\(\s*" + _BASE + r"\s*\)", t) or \
        re.search(r"\b([0-9a-f]+)\s*_\s*(2|8|10|16)\b|\b([0-9a-f]+)\s*base\s*(2|8|16)\b", t)
    if m:
        groups = [g for g in m.groups() if g]
        word, lit = (groups[0], groups[1]) if groups[0] in _BASE_WORDS or groups[0].startswith("base") else (groups[1], groups[0])
        base = _BASE_WORDS.get(word.replace("  ", " "), None) or (int(word) if word.isdigit() else None)
        if base is None or not lit or any(c not in _DIGITS[base] for c in lit):
            return None
        others = [w for w in words if w != lit]
        if others:
            return None
        return int(lit, base), base, lit
    if len(words) != 1 or not words[0].isdigit():
        return None
    return int(words[0]), 10, words[0]


def _asked_base(t: str, written: int) -> int | None:
    asked = [m.group(1) for m in re.finditer(r"(?:\bto|\bin|\binto|\bas|=|->|→|\bof|\bin terms of|\bfor)\s+(?:a\s+|the\s+)?" + _BASE +
                                             r"\b(?!\s+[0-9a-f]*\d)", t)]
    asked += [m.group(1) for m in re.finditer(r"^\s*(?:what(?:'s| is)\s+(?:the\s+)?)?" + _BASE + r"\s+(?:of|for|value of|representation of)\b", t)]
    asked += [m.group(1) for m in re.finditer(r"\b" + _BASE + r"\s+(?:representation|form|value|equivalent)\b", t)]
    bases = {_BASE_WORDS[re.sub(r"[- ]", " ", a) if a.startswith("base") else a] for a in asked
             if (re.sub(r"[- ]", " ", a) if a.startswith("base") else a) in _BASE_WORDS} - {written}
    if len(bases) != 1:
        return None
    return bases.pop()


def solve_bases(q: Query) -> Plan | None:
    """A number written in another base, its count of 1 bits, or its bit length."""
    t = re.sub(r"\s+", " ", strip_mention(q.lower).replace("`", " ")).strip().rstrip("?.! ")
    if len(t) > 160 or not re.search(r"\bhex|\bbinary|\boctal|\bdecimal|\bbase[- ]?\d|\bbits?\b|\bpop ?count|\bhamming|"
                                     r"\b0[xbo][0-9a-f]|\bdenary|\b(?:1s|ones|1's)\b", t):
        return None
    if re.search(r"\b(?:why|explain|how do|how does|how to|should|difference|code|function|snippet|script)\b|"
                 r"\bin (?:python|javascript|js|java|c|c\+\+|c#|go|rust|ruby|php|excel|sql|bash|sheets)\b|\bbits? per\b|\bmbps|\bkbps|\bgbps|"
                 r"\b\d+[- ]bits?\b(?! set)", re.sub(r"\b(?:1|one)[- ]bits?\b", "", t)):
        return None
    if re.search(r"\b(?:bytes?|kb|mb|gb|tb|kib|mib|gib|tib|kilobytes?|megabytes?|gigabytes?|terabytes?|nibbles?|words?|"
                 r"chars?|characters?|pixels?|colou?rs?|seconds?|minutes?)\b", t):
        return None  # '64 bytes' is a quantity to convert, not a number to write in bits
    read = _read_number(t)
    if read is None:
        return None
    n, written, lit = read
    if len(lit) > MAX_DIGITS:
        return None
    value = f"n = int('{lit[2:] if lit[:2] in ('0x', '0b', '0o') else lit}', {written})  # {lit}"
    if _POPCOUNT.search(t):
        return Plan("number_theory", f"{value}\nbin(n).count('1')  # {bin(n)}", "Counted the 1s of its binary form.",
                    0.96, "popcount")
    if _BIT_LENGTH.search(t):
        return Plan("number_theory", f"{value}\nn.bit_length()  # {bin(n)}", "Took the length of its binary form.",
                    0.95, "bit_length")
    target = _asked_base(t, written)
    if target is None:
        return None
    if target == 10:
        code = f"{value}\nn"
    else:
        fn, name = _SHOW[target]
        code = f"{value}\n{fn}(n)[2:]" + (".upper()" if target == 16 and re.search(r"[A-F]", q.body) and
                                           not re.search(r"[a-f]", re.sub(r"[^0-9a-fA-F]", "", q.body)) else "")
    names = {2: "binary", 8: "octal", 10: "decimal", 16: "hex"}
    return Plan("number_theory", code, f"Read {lit} as {names[written]} and wrote it in {names[target]}.", 0.96,
                "base")


def solve_cidr_size(q: Query) -> Plan | None:
    """'how many addresses in a /22', 'usable hosts in 10.0.0.0/27', 'size of a /16'."""
    t = strip_mention(q.lower)
    m = re.search(r"(?:(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3}))?\s*/(\d{1,2})\b", t)
    if not m or int(m.group(2)) > 32 or not re.search(r"\b(?:how many|number of|count|size of|how big)\b", t) or \
            not re.search(r"\b(?:ips?|addresses|addrs?|hosts?|ip addresses|subnet|network|block|cidr)\b", t):
        return None
    rest = t[:m.start()] + " " + t[m.end():]
    if re.search(r"\d", rest) or len(t) > 160:
        return None
    bits = int(m.group(2))
    usable = bool(re.search(r"\b(?:usable|assignable|available|hosts?)\b", t)) and not re.search(r"\baddresses\b(?! for hosts)", t)
    code = f"prefix = {bits}  # {m.group(0).strip()}\ntotal = 2 ** (32 - prefix)\n" + (
        "max(total - 2, 0) if prefix < 31 else total  # network and broadcast addresses are not usable" if usable
        else "total")
    return Plan("number_theory", code, ("Counted 2^(32 - prefix) addresses" + (", less the network and broadcast "
                                                                              "addresses." if usable else ".")),
                0.95, "cidr_size")


_PREFIX_ALT = r"0x[0-9a-f]+|0b[01]+|0o[0-7]+"
_BASED_EXPR = re.compile(r"(?<![\w.])(?:" + _PREFIX_ALT + r"|\d+)(?:\s*[-+*]\s*(?:" + _PREFIX_ALT + r"|\d+))+(?![\w.])")


def solve_based_expression(q: Query) -> Plan | None:
    """'what's 0b11001 + 0x1A in decimal', '0xff - 0b1010 in hex?': a sum of numbers written with base prefixes."""
    t = re.sub(r"\s+", " ", strip_mention(q.lower).replace("`", " ")).strip()
    if len(t) > 120 or re.search(r"\b(?:why|explain|how do|how does|how to|should|code|function|in (?:python|js|c))\b", t):
        return None
    found = list(_BASED_EXPR.finditer(t))
    if len(found) != 1 or not re.search(_PREFIX_ALT, found[0].group(0)):
        return None
    e = found[0]
    rest = t[: e.start()] + " " + t[e.end():]
    if re.search(r"\d", rest) or not re.fullmatch(r"\W*(?:what(?:'s| is)|whats|calc\w*|compute|convert)?\s*(?:the\s+)?"
                                                  r"(?:sum\s+)?\W*\s+(?:in|as|to)\s+(decimal|denary|hex(?:adecimal)?|binary|octal)"
                                                  r"\W*|\W*(?:what(?:'s| is)|whats)?\s*\W*\s*\??\s*", rest.strip() and " " + rest.strip()):
        return None
    target = re.search(r"\b(?:in|as|to) (decimal|denary|hex(?:adecimal)?|binary|octal)\b", rest)
    show = {"hex": "hex(result)", "hexadecimal": "hex(result)", "binary": "bin(result)", "octal": "oct(result)"}.get(
        target.group(1) if target else "decimal", "result")
    code = f"result = {e.group(0)}  # Python reads 0x, 0b and 0o prefixes\n{show}"
    return Plan("number_theory", code, f"Evaluated {e.group(0)} with each number read in its base.", 0.93, "based_expression")
