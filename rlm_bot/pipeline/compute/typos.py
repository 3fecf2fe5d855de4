"""Typos in the instruction words of a computable request: 'revrse this', 'is 999 divisble by 9',
'wht are the amounts in …', 'count the occurences of …'.

Only the instruction is touched (the words before the first colon, quote, code fence or line break):
pasted data is never rewritten. A word is corrected to a keyword of the computation forms when it is a
well-known misspelling of it, or the keyword with one inner letter left out or two neighbouring letters
swapped. Substitutions are not guessed ('factory' is not 'factors', 'balances' is not 'balanced'), nor
are the first or last letter dropped ('actors', 'number' are words of their own).
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

__all__ = ["fix_typos"]

# Keywords of the forms, long enough that one left-out or swapped letter is no other word.
KEYWORDS = (
    "reverse", "backwards", "uppercase", "lowercase", "palindrome", "anagram", "anagrams", "balanced", "brackets",
    "parentheses", "parenthesis", "divisible", "divisors", "factors", "factorization", "factorisation", "extract",
    "addresses", "occurrences", "characters", "letters", "consonants", "sentences", "numbers", "distinct",
    "duplicates", "evaluate", "multiple", "greatest", "versions", "percentages", "hashtags", "capitalize",
)
# Misspellings that are not one left-out or swapped letter.
KNOWN = {
    "occurances": "occurrences", "occurrances": "occurrences", "occurence": "occurrence", "occurance": "occurrence",
    "divisable": "divisible", "devisible": "divisible", "dividable": "divisible", "pallindrome": "palindrome",
    "palindrom": "palindrome", "paranthesis": "parenthesis", "parantheses": "parentheses", "parenthasis": "parenthesis",
    "anagramms": "anagrams", "seperate": "separate", "charecters": "characters", "charachters": "characters",
    "adresses": "addresses", "addreses": "addresses", "wht": "what", "waht": "what", "mny": "many", "hwo": "how",
    "reverce": "reverse", "upercase": "uppercase", "devided": "divided", "devide": "divide", "remander": "remainder",
}
# Words of their own that one left-out or swapped letter of a keyword also spells.
REAL_WORDS = frozenset({"revere", "reveres"})
# 'what r the', 'how many words r in': 'r' for 'are' only between a question word and what it asks about
_R_FOR_ARE = re.compile(r"\b(what|which|how many \w+|where|who)\s+r\b", re.I)
_INSTRUCTION_END = re.compile(r"[:\n\"'`‘“]|```")


def _variants(word: str) -> set[str]:
    """The word with one inner letter left out, and with two neighbouring letters swapped."""
    out = {word[:i] + word[i + 1:] for i in range(1, len(word) - 1)}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    out.discard(word)
    return out


_TYPOS = {variant: keyword for keyword in KEYWORDS for variant in _variants(keyword)
          if variant not in KEYWORDS and variant not in REAL_WORDS and not keyword.startswith(variant)
          and not variant.startswith(keyword)}
_TYPOS.update(KNOWN)


def _fix_word(m: re.Match) -> str:
    word = m.group(0)
    fixed = _TYPOS.get(word.lower())
    if fixed is None:
        return word
    return fixed.upper() if word.isupper() and len(word) > 1 else fixed.capitalize() if word[:1].isupper() else fixed


def fix_typos(text: str) -> str:
    """`text` with the typos of its instruction words corrected; the data after it unchanged."""
    end = _INSTRUCTION_END.search(text)
    head, tail = (text[: end.start()], text[end.start():]) if end else (text, "")
    fixed = re.sub(r"[A-Za-z]+", _fix_word, head)
    fixed = _R_FOR_ARE.sub(lambda m: m.group(1) + " are", fixed)
    fixed = re.sub(r"\bwat(?=\s+(?:is|are|was|does|do)\b)", "what", fixed)  # 'wat is 7200 / 16' (not 'Wat Pho')
    return fixed + tail
