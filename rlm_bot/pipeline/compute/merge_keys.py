"""Lines of 'KEY: a, b' merged so each key is on one line: 'combine these so each quarter is on one line
Q1: SSO, audit log\nQ2: billing\nQ1: custom roles' -> 'Q1: SSO, audit log, custom roles | Q2: billing'.

`solve_merge_keys(q)`. Every line under the one-line ask must be 'key: values' (values separated by commas or
semicolons), some key must repeat (else there is nothing to merge), and the ask must say to combine them by key
and nothing else; otherwise None.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit

__all__ = ["solve_merge_keys"]

_KEYED = re.compile(r"^\s*(?:[-*•]\s+)?([^:\n]{1,30}?)\s*:\s*(\S.*?)\s*$")
_ASK = re.compile(r"^(?:(?:pls|please|can you|could you|hey|hi|ok|so)[\s,]+)*(?:combine|merge|consolidate|collapse|"
                  r"group|roll up|join|put)\b[^\n]{0,60}?(?:(?:each|every|per|one line (?:per|for each))\s+[\w-]+\s*"
                  r"(?:is\s+|ends up\s+|goes\s+)?(?:on|in)\s+(?:one|a single|its own)\s+(?:line|row)|"
                  r"(?:so|such that)\s+(?:each|every)\s+[\w-]+\s+(?:appears|shows up)\s+once|"
                  r"one (?:line|row) (?:per|for each|for every) [\w-]+|by (?:key|label|prefix|[\w-]+))\b[\s.!?:,]*"
                  r"(?:pls|please|thanks|thx|ty)?[\s.!?]*$", re.I)


def solve_merge_keys(q: Query) -> Plan | None:
    lines = [ln for ln in q.body.strip().splitlines() if ln.strip()]
    if len(lines) < 4:
        return None
    ask, rows = lines[0].strip(), lines[1:]
    if not _ASK.match(ask):
        return None
    pairs = []
    for ln in rows:
        m = _KEYED.match(ln)
        if m is None or re.search(r"https?://", ln):
            return None
        values = [v.strip() for v in re.split(r"[,;]", m.group(2)) if v.strip()]
        if not values:
            return None
        pairs.append((m.group(1).strip(), values))
    keys = [k for k, _ in pairs]
    if len(set(keys)) == len(keys):
        return None  # nothing repeats: nothing to merge
    code = (f"pairs = {lit(pairs)}\nmerged = {{}}\nfor key, values in pairs:\n"
            "    merged.setdefault(key, []).extend(values)\n"
            "'\\n'.join(key + ': ' + ', '.join(values) for key, values in merged.items())")
    return Plan("grouping", code, f"Merged the {len(pairs)} lines by their key, in the order each key first appears.",
                specificity=0.9, template="merge_keys")
