"""Bracket questions read by meaning, not by phrasing.

Three parts: `bracket_material` finds the bracketed text anywhere in the message (a fenced block, a
back-ticked span, a quoted string, else the message itself: the words of a question carry no brackets),
`bracket_question` reads what is asked of it (is it balanced? which closers are missing? how many?)
from the words around the material in any order, and `solve_brackets` composes both into stack code run in
the sandbox. Answers are phrased as a person expects: 'Yes — balanced.', 'No — not balanced: …',
'You need `))` at the end.'.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, lit

_OPENERS = "([{"
_CLOSERS = ")]}"
_ANY = re.compile(r"[\[\](){}]")
# a bare sequence of brackets ('< [ ( {'): angle brackets count there, not in code where they compare
_BARE = re.compile(r"[\[\](){}<>\s]+")
_FENCED = re.compile(r"```[\w-]*[ \t]*\n?(.*?)\n?[ \t]*```", re.S)
_TICKED = re.compile(r"`([^`\n]+)`")
# string literals of code: brackets inside them are text ('{"note": "(draft"')
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|“[^”\n]*”|(?<![A-Za-z])\'(?:[^\'\\\n]|\\.)*\'(?![A-Za-z])')
# brackets that are not operands: emoticons ':)', list markers '1)' / 'a)' at a line start, Slack mentions
_NOT_OPERANDS = re.compile(r"(?<![\w)\]}])[:;=8]-?[()\[\]](?![\w(\[{])|^\s*(?:\d{1,2}|[a-z])\)\s|<[@#!][^>\s]*>",
                           re.M | re.I)
_TOPIC = re.compile(r"\b(?:brackets?|bracketed|parens?|parenthes[ie]s|braces?|closers?|closing|(?:un|im)?balanced?|nested|nesting|"
                    r"unclosed|unmatched|close[sd]?|at the end)\b", re.I)
# asks which closers complete the text ('what closes this', 'missing brackets?', 'finish off the brackets')
_ASKS_CLOSERS = re.compile(
    r"\b(?:missing|needed|need|required|remaining|what closes|closes (?:it|this|that)|close (?:it|this|that|them|"
    r"everything|(?:it |this |that |them )?(?:out|off|up))|finish(?:es)?|complete[sd]?|append|add|left open|"
    r"still open|unclosed|at the end|(?:sequence|brackets?|characters?|run|string) (?:closes|would close|will close)|"
    # a tool's complaint reported ('formula builder keeps saying unbalanced: …'): what it lacks is asked
    r"(?:saying|says|said|complain\w*|errors?|flags?|flagging|reports?|shows?)\W+(?:\w+\W+){0,2}?(?:un|im)balanced)\b", re.I)
# a noun for the closers ('closers for this js: …', "what's the closing sequence for `…`"), when no check is asked
_CLOSER_NOUNS = re.compile(r"\bclosers\b|\bclosing (?:sequence|brackets|parens|parenthes[ie]s|braces|run|string|characters)\b",
                           re.I)
# the deepest nesting asked ('max nesting depth of ((()))(())', 'how deeply nested is …')
_ASKS_DEPTH = re.compile(r"\b(?:max(?:imum)?|deepest|greatest|highest)?\s*(?:nesting )?depth\b|\bhow deep(?:ly)?(?: nested)?\b|"
                         r"\bnesting level\b", re.I)
_COUNT = re.compile(r"\bhow many\b", re.I)
# asks whether it is balanced ('balanced?', 'do the brackets match', 'are all parentheses closed', 'ok?')
_ASKS_BALANCED = re.compile(r"\b(?:(?:un|im)?balanced?|match(?:es|ed|ing)?|nested|closed|valid|ok|okay|broken|correct|properly|"
                            r"right|check|verify|pair(?:ed)? up|(?:does|do|will|would) (?:it|this|that|they|these|the)(?: \w+)? "
                            r"(?:all )?close)\b", re.I)
# a request for an explanation or for code is not a check of given text
_NOT_A_CHECK = re.compile(r"\b(?:write|function|algorithm|explain|why|difference|how (?:do|to|can) (?:i|you|we) "
                          r"(?:type|check|write|use))\b", re.I)


def _strip_literals(code: str) -> str:
    """The code with its string literals emptied, when that leaves brackets (else the quotes were prose)."""
    stripped = _LITERAL.sub('""', code)
    return stripped if _ANY.search(stripped) else code


def bracket_material(body: str) -> tuple[str, str] | None:
    """(material, request): the bracketed text the question is about and the words around it, or None.
    (Brackets inside the material's string literals are text: `_strip_literals` before scanning.)

    A fenced block or the back-ticked span with most brackets is the material; else a quoted string when
    nothing outside it has brackets; else the message itself, without mentions, emoticons and list markers.
    """
    fenced = [m for m in _FENCED.finditer(body) if _ANY.search(m.group(1))]
    ticked = [m for m in _TICKED.finditer(_FENCED.sub(" ", body)) if _ANY.search(m.group(1))] if not fenced else []
    if fenced or ticked:
        m = max(fenced or ticked, key=lambda m: len(_ANY.findall(m.group(1))))
        source = body if fenced else _FENCED.sub(" ", body)
        return m.group(1), source[: m.start()] + " " + source[m.end():]
    clean = _NOT_OPERANDS.sub(" ", body)
    literals = [m for m in _LITERAL.finditer(clean) if _ANY.search(m.group(0))]
    outside = _LITERAL.sub(" ", clean)
    if len(literals) == 1 and not _ANY.search(outside):
        m = literals[0]
        return m.group(0)[1:-1], clean[: m.start()] + " " + clean[m.end():]
    if not _ANY.search(clean):
        return None
    code = clean
    # the request is what is left once the bracketed stretch (first bracket to last) is taken out
    spans = [m.start() for m in _ANY.finditer(clean)]
    return code, clean[: spans[0]] + " " + clean[spans[-1] + 1:]


def bracket_question(request: str) -> str | None:
    """What is asked: 'closers' (what completes it), 'count' (how many closers), 'balanced', or None."""
    if not _TOPIC.search(request) or _NOT_A_CHECK.search(request):
        return None
    # ('queue depth readings (n-1)' is no nesting: the depth asked is of nesting or of brackets)
    if _ASKS_DEPTH.search(request) and re.search(r"\bnest(?:ing|ed)\b|\bhow deep", request, re.I):
        return "depth"
    if _ASKS_CLOSERS.search(request):
        return "count" if _COUNT.search(request) else "closers"
    if _ASKS_BALANCED.search(request):
        return "balanced"
    if _CLOSER_NOUNS.search(request):
        return "count" if _COUNT.search(request) else "closers"
    return None


def _scan(seq: str) -> tuple[list[str], str | None]:
    """(open stack, first problem or None) of a bracket sequence."""
    pairs = {")": "(", "]": "[", "}": "{", ">": "<"}
    stack: list[str] = []
    for ch in seq:
        if ch in "([{<":
            stack.append(ch)
        elif ch in pairs:
            if not stack:
                return stack, "stray"
            if stack.pop() != pairs[ch]:
                return stack, "crossed"
    return stack, None


_BALANCE_CODE = (
    "pairs = {')': '(', ']': '[', '}': '{', '>': '<'}\nopen_of = {v: k for k, v in pairs.items()}\n"
    "stack = []\nproblem = ''\n"
    "for ch in brackets:\n"
    "    if ch in open_of:\n        stack.append(ch)\n"
    "    elif not stack:\n        problem = 'a `' + ch + '` closes nothing (there is no open bracket before it)'\n        break\n"
    "    elif stack[-1] != pairs[ch]:\n"
    "        problem = 'a `' + ch + '` closes an open `' + stack[-1] + '` (it needs `' + open_of[stack[-1]] + '` first)'\n"
    "        break\n"
    "    else:\n        stack.pop()\n"
    "if not problem and stack:\n"
    "    missing = ''.join(open_of[c] for c in reversed(stack))\n"
    "    problem = str(len(stack)) + ' left open — it needs `' + missing + '` at the end'\n"
    "'Yes — balanced.' if not problem else 'No — not balanced: ' + problem + '.'")


# a yes/no on whether a bracket is missing ('am i missing a bracket?', 'is there one missing?'); the closers
# the stack leaves are the 'yes'
_ASKS_IF_MISSING = re.compile(r"\b(?:am i|are we|are you|is (?:it|this|that|there|one|something)|are there|do i|do we|"
                             r"does (?:it|this|that))\s+(?:\w+\s+){0,3}?(?:missing|lacking|need|short)\b")


def solve_brackets(q: Query) -> Plan | None:
    """Whether the brackets of the given text balance, or which closers complete it, however it is asked."""
    body = q.body
    if re.search(r"^\s*input:|complete the rest of the sequence", body, re.I | re.M):
        return None  # a formal Dyck task keeps its own answer form (text.solve_brackets)
    # 'how many ) do I need at the end of =IF(…': the closer named in the question is a word of it
    named = re.search(r"\bhow many\s+(?:closing\s+)?([)\]}])(?:'?s)?(?=\s)", body, re.I)
    if named:
        body = body[: named.start(1)] + "closers" + body[named.end():]
    found = bracket_material(body)
    if found is None:
        return None
    material, request = found
    ask = bracket_question(request)
    if ask is None:
        return None
    # the stretch from the first bracket to the last; bare when it is brackets only ('… closed: ( [ ] { (')
    stretch = re.search(r"[\[\](){}<>][\[\](){}<>\s]*$", material.rstrip(" ?.!\n"))
    bare = bool(_BARE.fullmatch(material.strip()) or stretch and len(_ANY.findall(stretch.group(0))) ==
                len(_ANY.findall(material)))
    if bare and stretch:
        material = stretch.group(0).strip()
    kept = "([{<)]}>" if bare else "([{)]}"
    seq = "".join(ch for ch in (material if bare else _strip_literals(material)) if ch in kept)
    if not seq:
        return None
    if ask == "depth":
        stack, problem = _scan(seq)
        if problem or stack:
            return None  # the depth of brackets that do not balance is no one number
        code = (f"text = {lit(material)}\nbrackets = {lit(seq)}  # the brackets of the text, in order\n"
                "depth = deepest = 0\nfor ch in brackets:\n    depth += 1 if ch in '([{<' else -1\n"
                "    deepest = max(deepest, depth)\ndeepest")
        return Plan("brackets", code, "Counted the open brackets at each point; the most at once is the depth.",
                    specificity=0.95, template="bracket_depth")
    if ask == "balanced":
        code = f"text = {lit(material)}\nbrackets = {lit(seq)}  # the brackets of the text, in order\n" + _BALANCE_CODE
        return Plan("brackets", code, "Scanned the brackets with a stack.", specificity=0.95, template="balanced")
    stack, problem = _scan(seq)
    if problem or not stack:
        return None  # a crossed or stray closer cannot be completed; nothing open is nothing to add
    closer = {"(": ")", "[": "]", "{": "}", "<": ">"}
    if named and any(closer[ch] != named.group(1) for ch in stack):
        return None  # 'how many )' when a ']' is needed too: the count of one kind is not the question
    joiner = " " if bare and re.search(r"[\[\](){}<>]\s+[\[\](){}<>]", material) else ""
    code = (f"text = {lit(material)}\nbrackets = {lit(seq)}  # the brackets of the text, in order\n"
            "close_of = {'(': ')', '[': ']', '{': '}', '<': '>'}\nstack = []\n"
            "for ch in brackets:\n    if ch in close_of:\n        stack.append(ch)\n    else:\n        stack.pop()\n"
            f"closers = {lit(joiner)}.join(close_of[ch] for ch in reversed(stack))\n")
    if ask == "count":
        code += ("str(len(stack)) + ' — you need `' + closers + '` at the end.'")
    elif _ASKS_IF_MISSING.search(request.lower()) and not re.search(r"\b(?:what|which|how)\b", request.lower()):
        # 'am i missing a bracket?': yes, and which ('what do i need to close it' asks only which)
        code += "'Yes — you need `' + closers + '` at the end.'"
    else:
        code += "'You need `' + closers + '` at the end.'"
    return Plan("brackets", code, "Pushed every opening bracket on a stack and closed what remained, innermost first.",
                specificity=0.97, template="dyck")
