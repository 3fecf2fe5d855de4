"""Extraction from pasted text: e-mail addresses, URLs, IPs, numbers, money amounts, dates, versions,
hashtags — "pull out all the emails from this", "what IPs are in this log", "extract the amounts
and total them".

The template only finds the instruction and the pasted text; the matching runs in the sandbox
(the code shown is the code that ran). Identifiers (addresses, links, dates, versions, tags) are
listed once each in order of first appearance; quantities (numbers, amounts) are listed as they
occur, so a total counts every line of an invoice.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.extract_filter import (
    CONDITION_READ, FILE_TYPES, Selection, asked, item_domain, labelled, line_filter, qualifiers, read_selection, selected,
)
from rlm_bot.pipeline.compute.plan import Plan, lit, quoted
from rlm_bot.pipeline.compute.ship import shipped

# The instruction (the words before the pasted text) is at most this long.
MAX_INSTRUCTION_CHARS = 300
# The host checks this much of the text for one match before planning (the sandbox reads all of it).
MAX_PROBE_CHARS = 20_000
# At most this many items are written out; the count always covers all of them.
MAX_LISTED = 200

# kind -> (words people use for it, label singular, label plural)
KINDS: dict[str, tuple[str, str, str]] = {
    "email": (r"e-?mails?(?: addresses| addrs?| ids?)?|email-addresses|mail addresses|addresses|emials?|emals?|"
              r"e-?mail adresses|adresses",
              "e-mail address", "e-mail addresses"),
    "url": (r"urls?|links?|hyperlinks?|web ?addresses|web ?sites?|websites?", "URL", "URLs"),
    "ip": (r"ip ?addresses|ip ?addrs?|ipv4s?(?: addresses)?|ipv6s?(?: addresses)?|ip's|ips?",
           "IP address", "IP addresses"),
    "amount": (r"(?:money |monetary |dollar |euro |pound |currency |cash |\$ |€ |£ )?amounts?|prices?|costs?|charges?|"
               r"expenses?|(?:dollar|euro|pound|money|monetary|currency|cash|\$|€|£) (?:values?|figures?|sums?)",
               "amount", "amounts"),
    "phone": (r"(?:tele)?phone(?: ?numbers?| ?nos?\.?)?|mobile numbers?|cell(?: ?phone)? numbers?",
              "phone number", "phone numbers"),
    "number": (r"numbers?|numeric values?|numerical values?|figures|integers|nums", "number", "numbers"),
    "date": (r"dates?", "date", "dates"),
    "version": (r"versions?(?: numbers?| strings?| tags?)?|version numbers|semvers?|release numbers",
                "version", "versions"),
    "hashtag": (r"hashtags?|hash ?tags?", "hashtag", "hashtags"),
    "percent": (r"percentages?|percents?|percent(?:age)? (?:values?|figures?|numbers?)|%s", "percentage", "percentages"),
    "sha": (r"(?:git |commit )?(?:shas?|sha1s?|sha-1s?|hashes)|commit (?:ids?|hashes|refs?)|commits", "commit SHA",
            "commit SHAs"),
    "mention": (r"@?handles|@-?mentions|mentions|user ?names|slack handles|(?:who|which people) (?:got|gets|was|were|is|are) "
                r"(?:mentioned|tagged|pinged|cc'?d|@'?d)", "mention", "mentions"),
    "ticket": (r"(?:ticket|issue|jira|bug)(?: ?ids?| ?keys?| ?numbers?| ?refs?| references)|tickets|jira (?:issues|keys)|"
               r"ids|identifiers|refs|references|reference numbers|codes",
               "ticket id", "ticket ids"),
    "uuid": (r"uuids?|guids?", "UUID", "UUIDs"),
    "sku": (r"skus?(?: codes?| numbers?)?|product codes?|item codes?|part numbers", "SKU", "SKUs"),
    "mac": (r"mac(?: ?addresses| ?addrs?)?|hardware addresses", "MAC address", "MAC addresses"),
    "time": (r"times|clock times|timestamps", "time", "times"),
    "domain": (r"domains?(?: names?)?|hostnames?|hosts", "domain", "domains"),
    "file": (r"file ?names?|files|attachments|(?:pdf|csv|png|jpe?g|gif|svg|docx?|xlsx?|pptx?|txt|json|zip|mp[34]|wav)s",
             "file name", "file names"),
    "color": (r"(?:hex )?colou?rs?(?: codes?)?|hex codes?", "colour", "colours"),
    "year": (r"years", "year", "years"),
}
_KIND_ALT = "|".join(f"(?P<{k}>{words})" for k, (words, _, _) in KINDS.items())
_VERB = (r"need|extract|extrct|extact|exract|extarct|pull(?: out)?|grab|get|list|find|collect|show(?: me)?|give(?: me)?|dump|gather|fetch|scrape|"
         r"pick out|return|print|output|identify|spot|sum(?: up)?|total(?: up)?|add up|count|dedupe|parse(?: out)?|copy|"
         r"(?<=i'd )like|(?<=we'd )like|(?<=i would )like|fish out|dig out|take out|single out|isolate|"
         r"(?<=mind )(?:listing|extracting|pulling(?: out)?|grabbing|finding|collecting|gathering|picking out|getting)")
_VERB_WORD = r"(?:" + _VERB + r"|and|or|to|in|from|with|for|how|what|which|that|them|it|this)\b"
_DET = r"(?:(?:me|out|all|every|each|any|the|teh|only|just|unique|distinct|different|of|these|those|its|their)\s+)*"
_TRIGGERS = (
    re.compile(r"\b(?P<verb>" + _VERB + r")\s+" + _DET + r"(?:(?!" + _VERB_WORD + r")@?[a-z][\w.-]*\s+)??(?:"
               + _KIND_ALT + r")\b", re.I),
    re.compile(r"\b(?:what|which|how many|any)\s+(?:(?:are|were|is)\s+(?:the\s+|all\s+)?)?"
               r"(?:unique\s+|distinct\s+|different\s+|other\s+)?(?:(?:source|client|remote|sender|destination|"
               r"customer|user|staff|student|attacker|caller|guest)\s+)?(?:" + _KIND_ALT
               + r")\b(?!\s+(?:should|would|could|do we|did we|will|we|you|i)\b)", re.I),
    # (not a statement about them: 'the urls in the doc are broken')
    re.compile(r"^\W*(?:(?:just|only|all|pls|plz|please|now)\s+)*(?:any\s+|the\s+)?(?:" + _KIND_ALT
               + r")\s+(?:in|from)\s+(?:here|this|there|that|these|the)\b"
               r"(?!(?:\s+[\w-]+){0,3}\s+(?:are|is|was|were|seem|seems|look|looks|keep|point|need|needs|should|will|"
               r"have|has|got|get|went|broke|don'?t|doesn'?t|aren'?t|isn'?t)\b)", re.I),
    # terse: the kind alone on the first line, the text below it ('urls pls\n> see https://…')
    re.compile(r"^\W*(?:all\s+(?:the\s+)?|the\s+)?(?:" + _KIND_ALT + r")(?:\s+(?:pls|plz|please|only|pls\?))?"
               r"(?:\s*[?:!]?[ \t]*(?=\n\s*\S)|\s*[?:][ \t]*(?=['\"`‘“]))", re.I),
    # 'all versions mentioned: …', 'every url in it: …' (asked for all of them, or as mentioned)
    re.compile(r"^\W*(?:all\s+(?:the\s+)?|every\s+)(?:" + _KIND_ALT + r")(?:\s+(?:mentioned|referenced|listed|"
               r"used|cited|included|in (?:it|this|here)))?\s*[?:](?=\s*\S)", re.I),
)
# A request opens the message (after greetings and politeness) or a line of its own after pasted text.
_OPENING = re.compile(r"^\s*(?:(?:hey|hi|hiya|heya|hello|yo|morning|good morning|afternoon|ok|okay|so|pls|plz|please|kindly|quick q(?:uestion)?|q|can you|could you|"
                      r"what'?s the|whats the|what is the|give me the|tell me the|tell me|show me|let me know|"
                      r"would you|can u|could u|cn u|help me|i need to|i need you to|i want to|mind|just|now|and|then|"
                      r"(?:would|could|will|can) (?:you|u) be able to|are you able to|be able to|would it be possible to|"
                      r"(?:can|could|may) (?:i|we)(?: please)?|"
                      r"i(?:'d| would) like (?:you )?to|i(?:'d| would) appreciate it if you could|"
                      r"bot|rlm|thanks|ty|i'd|we'd|i|we|just|really|only|"
                      r"(?:from|in|out of|looking at) (?:the |this |that |these |my |our )(?:[\w-]+ ){0,2}?"
                      r"(?:below|above|here|attached|pasted)"
                      r")\b[\s,:!.-]*)*$", re.I)
# What follows the kind when the request is a filter ("which numbers are less than 50"), not an extraction.
_FILTER_CUES = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:less|more|greater|smaller|bigger|larger|fewer|above|below|over|"
                          r"under|between|even|odd|prime|divisible|negative|positive|equal|at least|at most)\b", re.I)
# What follows the kind when only some of the items are asked for.
_CONDITION = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:more than|less than|at least|at most|twice|duplicat\w*|repeat\w*|"
                        r"ending|end with|starting|start with|begin\w*|contain(?:s|ing)?\b|belong\w*|private|public|internal|"
                        r"external|valid|invalid|match\w*|except|other than|not in|only (?:from|on|at)|from (?:the )?"
                        r"domain)", re.I)
# Verbs that also aggregate: they extract only from a pasted text, never inline ("sum of the numbers from 1 to 100").
_AGGREGATE_VERBS = frozenset({"sum", "sum up", "total", "total up", "add up", "count"})
# what makes the request about text: a pasted block follows, or it points at one
_POINTS_AT_TEXT = re.compile(r"\b(?:from|in|out of|inside|within|mentioned in|of)\s+(?:this|these|that|the|my|"
                             r"following|below|above|attached|pasted|here|there)\b|:\s*\S|\n", re.I)
_REFERS_ABOVE = re.compile(r"\b(?:above|previous message|last message|earlier message|message before|"
                           r"this thread|the thread|that message|the message)\b", re.I)
_TOTAL = re.compile(r"\b(?:total|sum|add (?:them |these |those |it )?up|added up|summed|how much (?:in total|altogether|"
                    r"overall)|grand total|altogether)\b", re.I)
_FENCE = re.compile(r"```(?:[a-z]*\n)?(.*?)```", re.S)

# Patterns run in the sandbox (plain `re`; every one linear: no nested quantifiers).
PATTERNS = {
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    "url": r"(?:https?://|ftp://|www\.)[^\s<>\"'`|]+",
    "ip4": r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)",
    "ip6": r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}[0-9A-Fa-f]{0,4}(?![\w:])",
    "amount": (r"(?:(?P<pre>[$€£¥]|USD|EUR|GBP|CHF)\s?(?P<a>-?\d(?:[\d,.]*\d)?)(?P<pk>[kKmM]\b)?"
               r"|(?P<b>-?\d(?:[\d,.]*\d)?)\s?(?P<post>€|£|\$|(?:USD|EUR|GBP|CHF|dollars|euros|pounds|bucks)\b))"),
    "phone": r"(?<![\w.+-])\+?(?:\d{1,4}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,6}){1,3}(?![\w-]|\.\d)",
    "number": r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.])-?\d+(?:\.\d+)?(?![\d]|\.\d)",
    "date": (r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
             r"|(?<![\d/.])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])(?![\d/]|\.\d)"  # '14/03' (day and month)
             r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?\b"
             r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b"),
    "version": (r"(?<![\w.])[vV]?\d+\.\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?(?![\w.]\w)"
                r"|(?<![\w.])[vV]\d+(?:\.\d+)?(?![\w.]\w)"
                r"|(?<=version )\d+\.\d+(?![\w.]\w)"
                # a two-part version after a product's name or an arrow ('postgres 13.11 -> 15.4', 'client now 7.212')
                r"|(?<=[A-Za-z] )\d+\.\d+(?![\w.]\w|\s?%)|(?<=[>→] )\d+\.\d+(?![\w.]\w|\s?%)"),
    "hashtag": r"(?<![\w#&/])#[A-Za-z][\w-]*",
    "percent": r"(?<![\w.])-?\d+(?:\.\d+)?\s?%",
    # INV-2041, INV-2026-001, S2026114, and letters among digits (006A1001, GB123456789)
    "ticket": r"(?<![\w-])[A-Z][A-Z0-9]{0,9}(?:-[A-Z0-9]+)*-\d+(?![\w-])|(?<![\w-])[A-Z]{1,4}\d{4,}(?![\w-])"
              r"|(?<![\w-])(?=[A-Z0-9]{0,20}[A-Z])\d[A-Z0-9]*\d[A-Z]*\d(?![\w-])(?<=\w{6})",
    # product codes: the ticket shapes, and capitals/digits joined by hyphens ('TS-BLK-M', 'MUG-CER-01')
    "sku": r"(?<![\w-])(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,10}(?:-[A-Z0-9]{1,10}){1,4}(?![\w-])"
           r"|(?<![\w-])[A-Z]{1,4}\d{4,}(?![\w-])",
    "mention": r"(?<![\w@.])@[A-Za-z][\w.-]*\w|(?<![\w@.])@[A-Za-z]",
    # 7 to 40 lower-case hex digits with a letter among them (a plain number is no hash)
    "sha": r"(?<![\w./-])(?=[0-9a-f]{0,39}[a-f])[0-9a-f]{7,40}(?![\w/-])",
    "uuid": r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b",
    "mac": r"(?<![\w:-])[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])",
    "time": r"(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?[ap]\.?m\.?)?(?![\w:])",
    "domain": r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|io|dev|app|ai|co|edu|gov|uk|de|fr|"
              r"eu|us|ca|au|nl|info|biz|me|tv|xyz|cloud|tech|site)(?![\w-])",
    "file": r"(?<![\w./-])[\w-]+(?:\.[\w-]+)*\.(?:pdf|docx?|xlsx?|csv|txt|pptx?|png|jpe?g|gif|svg|zip|tar|gz|json|ya?ml|"
            r"xml|html?|md|py|js|ts|java|go|rs|sql|log|mp4|mp3|wav)(?![\w.])",
    "color": r"(?<![\w&])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![\w-])",
    "year": r"(?<![\w.,-])(?:1[89]\d\d|20\d\d)(?![\w.,-]\d|\w)",
}

# The sandbox code: one block per kind that leaves the matches in `found` (in order).
_CODE = {
    "email": "found = re.findall(pattern, text)",
    "url": ("found = []\nfor url in re.findall(pattern, text):\n    url = url.rstrip('.,;:!?*_~')\n"
            "    while url.endswith(')') and url.count(')') > url.count('('):\n        url = url[:-1]\n"
            "    found.append(url)"),
    "ip": ("found = []\nfor m in re.finditer(ip4 + '|' + ip6, text):\n    ip = m.group(0)\n"
           "    if '.' in ip:\n        ok = all(int(part) <= 255 for part in ip.split('.'))\n"
           "    else:\n        groups = ip.split(':')\n        double = ip.count('::')\n"
           "        ok = double <= 1 and (len(groups) == 8 if double == 0 else len(groups) <= 8)"
           " and not ip.startswith(':::')\n"
           "    if ok:\n        found.append(ip)"),
    "phone": ("found = []\nfor m in re.finditer(pattern, text):\n    phone = m.group(0).strip()\n"
              "    digits = sum(ch.isdigit() for ch in phone)\n"
              "    # a date (2026-12-07), a version (1.2.3) or an IP is not a phone number; 415.555.0100 is one\n"
              "    dotted = re.fullmatch(r'\\d{2,4}(?:\\.\\d{2,4}){2,3}', phone) and digits >= 10 \\\n"
              "        and not re.fullmatch(r'(?:\\d{1,3}\\.){3}\\d{1,3}', phone)\n"
              "    if 7 <= digits <= 15 and (dotted or not re.fullmatch(r'\\d{4}-\\d{1,2}-\\d{1,2}|\\d+(?:\\.\\d+)+', phone)):\n"
              "        found.append(phone)"),
    "number": "found = re.findall(pattern, text)",
    "date": "found = re.findall(pattern, text, re.I)",
    "version": "found = re.findall(pattern, text)",
    "hashtag": "found = re.findall(pattern, text)",
    "percent": "found = [p.replace(' ', '') for p in re.findall(pattern, text)]",
    "ticket": "found = re.findall(pattern, text)",
    "sku": "found = re.findall(pattern, text)",
    "mention": "found = re.findall(pattern, text)",
    "sha": "found = re.findall(pattern, text)",
    "uuid": "found = re.findall(pattern, text)",
    "mac": "found = [m.group(0) for m in re.finditer(pattern, text)]",
    "time": "found = re.findall(pattern, text, re.I)",
    "domain": "found = [re.sub(r'^www\\.', '', d) for d in re.findall(pattern, text, re.I)]",
    "file": "found = re.findall(pattern, text)",
    "color": "found = re.findall(pattern, text)",
    "year": "found = re.findall(pattern, text)",
    "amount": ("found = []\nvalues = []\nsymbols = []\nscale = {'k': 1000, 'm': 1000000}\n"
               "words = {'dollars': '$', 'bucks': '$', 'euros': '€', 'pounds': '£', 'USD': '$', 'EUR': '€', "
               "'GBP': '£'}\n"
               "for m in re.finditer(pattern, text):\n    found.append(m.group(0).strip())\n"
               "    digits = m.group('a') or m.group('b')\n"
               "    # the separator written last before one or two digits is the decimal point (4,50 € / $4.50)\n"
               "    last = max(digits.rfind(','), digits.rfind('.'))\n"
               "    if last > 0 and len(digits) - last - 1 in (1, 2):\n"
               "        whole, cents = digits[:last], digits[last + 1:]\n"
               "    else:\n"
               "        whole, cents = digits, '0'\n"
               "    number = float(whole.replace(',', '').replace('.', '') + '.' + cents)\n"
               "    number = number * scale.get((m.group('pk') or '').lower(), 1)\n"
               "    values.append(number)\n"
               "    symbol = m.group('pre') or m.group('post')\n    symbols.append(words.get(symbol, symbol))"),
}
_UNIQUE = ("items = []\nseen = set()\nfor item in found:\n    key = item.lower() if CASELESS else item\n"
           "    if key not in seen:\n        seen.add(key)\n        items.append(item)\n")
_KEEP_ALL = "items = found\n"


def _kind_of(m: re.Match) -> str:
    return next(k for k in KINDS if m.group(k))


# Where a clause of the instruction starts: after a sentence end, a semicolon, a comma, a dash or 'and/but/so'.
_CLAUSE_BREAK = re.compile(r"[.;!?]\s*|,\s*|\s[-—–]\s|\b(?:and|but|so)\s+", re.I)


def _opens_request(prefix: str) -> bool:
    """Whether the words before a trigger leave it the request: nothing but greetings and politeness,
    in the message or in the trigger's own clause ('I copied the contract below; could you list …',
    'someone pasted this and I need the emails')."""
    if _OPENING.match(prefix):
        return True
    if "\n" in prefix:
        return False  # a request after pasted lines reads the text above it (the 'before' reading)
    clause = _CLAUSE_BREAK.split(prefix)[-1]
    first_person = re.match(r"\s*(?:i|we)\b", prefix, re.I)  # 'I have this snippet … and need the IPs'
    return len(clause) < len(prefix) and bool(_OPENING.match(clause)) \
        and bool(_REQUEST_CUE.search(clause) or first_person) and not _NOT_A_REQUEST.search(prefix)


# A request in the trigger's own clause names who asks or is asked ('…; could you list', '… and I need').
_REQUEST_CUE = re.compile(r"\b(?:could|can|would|will|may|pls|please|plz|kindly|i|we|u|help me|need)\b", re.I)
# The verb and the kind with nothing but determiners between them ('total the amounts', not 'total variable cost').
_PLAIN_VERB_KIND = re.compile(r"(?P<verb>" + _VERB + r")\s+" + _DET + r"(?:" + _KIND_ALT + r")", re.I)


def _reads_as_extraction(m: re.Match, kind: str) -> bool:
    """A 'what/which <kind>' asks for the items when the kind is plural ('what IPs are in this log'); a
    singular one asks for one value ('what amount is the gain', 'what percentage of people …'). An
    aggregating verb takes its kind directly ('total variable cost' is a name, not an order)."""
    if m.re is _TRIGGERS[1]:
        word = m.group(kind).lower()
        if kind in _ONE_ASKED and re.search(r"\b(?:what'?s|whats|what is|which is)\s+the\s+\S+(?:\s+\S+)?$", m.string[:m.end()], re.I) \
                and re.match(r"\s*(?:(?:in|from|of|on)\s+(?:this|here|there|that|the|it|these|my)\b|(?:in\s+)?here\b|[?:])",
                             m.string[m.end():], re.I):
            return True  # "what's the phone number in here: …", 'what is the invoice number in this mail?'
        return word.endswith("s") or word.endswith("'s")
    if m.re is _TRIGGERS[0] and (m.group("verb") or "").lower() in _AGGREGATE_VERBS:
        return bool(_PLAIN_VERB_KIND.fullmatch(m.group(0)))
    return True


# kinds of which one item may be asked ('what's the tracking number in this'): identifiers, not quantities
_ONE_ASKED = frozenset({"email", "url", "ip", "phone", "ticket", "sku", "uuid", "mac", "sha", "version", "domain"})


# Before the request, words that make it a statement or a question about extracting, not an order.
_NOT_A_REQUEST = re.compile(r"\b(?:don'?t|do not|never|no need|why|how|already|stop|shouldn'?t|won'?t)\b", re.I)


# The kind asked alone after the text it is asked of, closing the message on a line or a clause of its own
# ('…\nhandles?', '… ORD-88302 -- order ids only pls', '…\n\ndates mentioned?'): the text is what comes before.
_CLOSING_ASK = re.compile(r"(?:(?<=\n)|(?<=\s[—–-]\s)|(?<=\s--\s)|(?<=[.!;]\s)|(?<=\^)|(?<=\^\s))"
                          r"\W*(?:(?:just|only|all|pls|plz|please)\s+)*(?:the\s+)?"
                          r"(?:(?!(?:just|only|all|the|and|or|so|ok)\b)@?[a-z][\w.-]*\s+)??(?:" + _KIND_ALT + r")"
                          r"(?:\s+(?:mentioned|listed|only|pls|plz|please|in (?:it|this|here|there)|here|there))*\s*[?.!]*\s*$", re.I)


# a value computed from the text, asked by a word before the kind ('due date?', 'final price?', 'monthly amount?')
_VALUE_WORD = re.compile(r"(?:due|expected|arrival|delivery|end|start|final|new|next|last|first|total|average|avg|mean|"
                         r"monthly|weekly|daily|yearly|annual|net|gross|max|min|sum|return|target|renewal|expiry|"
                         r"expiration|cutoff|deadline|launch|review|current|resulting|combined|overall)\b", re.I)


def _closing_ask(body: str) -> re.Match | None:
    """The kind asked alone at the message's end, in the plural (a list asked, not one value worked out from the
    text: 'handles?', 'dates mentioned?', 'order ids only pls'; never 'due date?' or 'final price?')."""
    m = _CLOSING_ASK.search(body)
    if m is None:
        return None
    kind = _kind_of(m)
    word = m.group(kind).lower()
    if kind in ("number", "amount", "percent", "year") or not word.endswith("s") or _VALUE_WORD.search(m.group(0)):
        return None
    return m


def extraction_instruction(body: str) -> tuple[re.Match, str, str] | None:
    """The extraction request, its kind, and where the text is: "after" the request when it opens
    the message, "before" it when it is the last line after a pasted block."""
    best, where = None, ""
    head = body[: MAX_INSTRUCTION_CHARS + 40]
    last_line_at = body.rstrip().rfind("\n") + 1
    tail = body[last_line_at:] if last_line_at > 0 and len(body) - last_line_at <= MAX_INSTRUCTION_CHARS else ""
    for trigger in _TRIGGERS:
        m = trigger.search(head)
        if m and _opens_request(head[: m.start()]) and _reads_as_extraction(m, _kind_of(m)) \
                and (best is None or m.start() < best.start()):
            best, where = m, "after"
    if best is None and tail:
        for trigger in _TRIGGERS:
            m = trigger.search(body, last_line_at)
            if m and _opens_request(body[last_line_at: m.start()]) and _reads_as_extraction(m, _kind_of(m)):
                best, where = m, "before"
                break
    if best is None and "\n" not in body.strip():
        best = _request_after_text(body)
        where = "before"
    if best is None:
        best, where = _closing_ask(body), "before"  # '… and ORD-88302 -- order ids only pls', '…\nhandles?'
    found = _checked(body, best, where) if best is not None else None
    if found is None:
        asked = _asked_kind(body)
        return (asked, _kind_of(asked), "after") if asked is not None else None
    return found


# kinds whose names are everyday words: only an order to extract them asks for them ('pull the times from …')
_ASKED_BY_ORDER = frozenset({"time", "year", "file", "color"})


# what may follow 'which X are' when every X of the text is asked ('which emails are mentioned')
_PRESENT = (r"(?:there\s+)?(?:all\s+)?(?:mentioned|listed|referenced|in|here|there|included|named|cited|given|"
            r"written|linked|used|shown|present|found|quoted|pasted|contained|appearing|inside|within|on|tagged|"
            r"attached|posted|pinged|cc'?d|involved|those|these|they)")
# the words after 'which X are' that open a condition the selection reads ('are not on acme.com')
_SELECTION_OPENERS = r"(?:not|n't|from|at|under|with|without|outside|off|for|to|by|before|after|over|below|above)"


def _checked(body: str, best: re.Match, where: str) -> tuple[re.Match, str, str] | None:
    """The request found, unless what follows it makes it a count, a filter or a condition."""
    kind = _kind_of(best)
    generic = kind == "ticket" and not re.search(r"ticket|issue|jira|bug", best.group(0), re.I)
    if (generic or kind in _ASKED_BY_ORDER | {"uuid", "mac", "domain"}) and best.re is _TRIGGERS[1] and not re.match(
            r"\s*(?:(?:are|were|is)\s+(?:there\s+)?(?:all\s+)?(?:mentioned|listed|referenced|in|here|there|included|"
            r"named|cited|given|written|linked|used|shown|present|found|quoted|pasted|contained|appearing)\b|[?:]|(?:in|from|here|there)\b|$)", body[best.end():], re.I):
        return None  # 'which SKUs are out of stock?': a test on the items, not a list of them
    if best.re is _TRIGGERS[1] and re.match(r"\s*(?:are|were|is)\s+(?!(?:" + _PRESENT + "|" + _SELECTION_OPENERS
                                            + r")\b)[\w-]", body[best.end():], re.I):
        return None  # 'which tickets are Critical?': a test on the items' fields, not a list of them
    if kind in _ASKED_BY_ORDER and (best.re is _TRIGGERS[1] or re.match(r"\W*how many\b", best.group(0), re.I)):
        return None  # 'how many times does …', 'what years …', 'how many files': not a list to extract
    if kind == "number" and re.match(r"\s+of\b", body[best.end():], re.I):
        return None  # 'count the number of words in …' asks for a count, not for the numbers in a text
    asks_whats_in = re.match(r"\s+(?:are|appear)\s+(?:there\s+)?(?:in|inside|within)\s+(?:this|the|that|here)\b",
                             body[best.end():], re.I)
    if kind == "number" and (not (best.groupdict().get("verb") or asks_whats_in)
                             or _FILTER_CUES.match(body[best.end():])):
        return None  # "which numbers are over 10 in: …" filters a list; that is not an extraction
    if not CONDITION_READ.match(body[best.end():]) and _CONDITION.match(body[best.end():]):
        return None  # "which emails appear more than once", "list the urls ending in .io": a filter
    word = best.group(kind).lower()
    if kind == "email" and word == "addresses" and re.search(r"\bip\b", body[: best.start()].lower()[-10:]):
        kind = "ip"
    return best, kind, where


# The words a terse question may hold besides its kind: 'phone numbers?', "what's the email in this sig:",
# 'hey, the numbers from '…'?', 'dates mentioned: …', 'who got mentioned here? '…''
_ASKED_FILLER = frozenset("""hey hi hiya hello yo ok okay so quick q pls plz please thanks thx ty the all any every just only
what whats what's are is were was in from of on this that these those here there it message msg text snippet
log line lines sig signature note email mail thread post comment tweet reply chat paste mentioned listed written used
included given me give get got list show find pull out grab need i we you u can could""".split())
_ASK_END = re.compile(r"(?<!\d):(?!\d|//)|(?<![A-Za-z])['‘]|[\"“`]|\?|\n")
_KIND_WORD = re.compile(r"(?<![\w@-])(?:" + _KIND_ALT + r")(?![\w-])", re.I)


_OTHER_OPERATION = re.compile(r"\b(?:average|avg|mean|median|sum|total|add|max|min|highest|lowest|biggest|smallest|sort|"
                              r"count|how many|how much|which|what|group|filter|convert)\b", re.I)


def _asked_kind(body: str) -> re.Match | None:
    """A terse question that names the kind and nothing else before the material ('phone numbers? call 555-0100 …',
    "whats the IP in 'server at 10.20.30.40 is down'", 'handles in: shoutout to @lena …'), in any word order of its
    few words; a leave-out clause ('ignore the noreply one') may sit among them. The material must follow."""
    end = _ASK_END.search(body)
    if end is None or not body[end.end():].strip():
        return None
    head = body[: end.start()]
    if len(head) > 80:
        return None
    m = _KIND_WORD.search(head)
    if m is None or (not CONDITION_READ.match(head[m.end():]) and _CONDITION.match(head[m.end():])) \
            or _FILTER_CUES.match(head[m.end():]):
        return None
    closing = re.search(r"(?:[—–]|\s-\s|[.!,]\s)\s*([^—–.!?]{1,60}\?)\s*$", body[end.end():])
    if closing and _OTHER_OPERATION.search(closing.group(1)):
        return None  # 'numbers: 3, 8, 12 - average?': the material's own question asks something else
    quals = qualifiers(head[: m.start()])  # 'only the pickup and delivery dates': the selection reads them
    cut = head[: m.start()]
    for word in reversed(quals):
        cut = re.sub(r"\s*" + re.escape(word) + r"\W*$", " ", cut, flags=re.I)
        cut = re.sub(r"\s+(?:and|or)\s*$", " ", cut)
    after = CONDITION_READ.match(head[m.end():])
    rest = _EXCLUDE.sub(" ", cut + " " + head[m.end() + (after.end() if after else 0):])
    words = re.findall(r"[\w']+", rest.lower())
    if any(w not in _ASKED_FILLER for w in words):
        return None  # other words ask something else ('the best url shortener', 'phone numbers for support')
    return m


# Where a request may open after the text on one line: a dash aside or the end of a sentence.
_SENTENCE_BREAK = re.compile(r"\s[—–-]+\s+|[.!?;]\s+")


def _request_after_text(body: str) -> re.Match | None:
    """On one line, a request that closes the message after its text ('… cc j.smith@acme.io — can you
    pull out just the email addresses?'): the first trigger that opens the last clause."""
    for brk in reversed(list(_SENTENCE_BREAK.finditer(body))):
        if len(body) - brk.end() > MAX_INSTRUCTION_CHARS or not body[: brk.start()].strip():
            break
        for trigger in _TRIGGERS:
            m = trigger.search(body, brk.end())
            if m and _opens_request(body[brk.end(): m.start()]) and _reads_as_extraction(m, _kind_of(m)):
                return m
    return None


def _text_before(body: str, at: int) -> str:
    """The text before the request at `at`: the lines above it, or on one line what precedes its clause."""
    if "\n" in body.strip():
        return body[: body.rstrip().rfind("\n")]
    breaks = [b for b in _SENTENCE_BREAK.finditer(body, 0, at)]
    return body[: breaks[-1].start()] if breaks else ""


def pasted_text(q: Query, after: int) -> tuple[str | None, bool]:
    """The text an extraction reads: a fenced block, what follows a colon or a line break after the
    request, or the message the request points at ("the message above"); and whether it was pasted."""
    body = q.body
    fence = _FENCE.search(body, after)
    if fence and fence.group(1).strip():
        return fence.group(1), True
    rest = body[after:]
    # not the colon of a clock time (03:00) or of a link (https://)
    m = re.search(r"(?<!\d):(?!\d|//)|\n|\?\s|\s[—–]\s|\s(?:->|=>|→)\s", rest)
    if m and rest[m.end():].strip() and len(rest[: m.start()]) <= MAX_INSTRUCTION_CHARS:
        return rest[m.end():].strip(), True
    texts = quoted(rest)
    if texts and len(max(texts, key=len)) >= 12:
        return max(texts, key=len), True
    if _REFERS_ABOVE.search(rest) and q.conversation:
        return last_user_message(q.conversation), True
    return None, False


def last_user_message(conversation: str) -> str:
    """The newest user turn of a rendered thread ('user: …' / 'assistant: …' turns, oldest first)."""
    turns = re.split(r"(?:^|\n\n)(?=(?:user|assistant): )", conversation.strip())
    users = [t for t in turns if t.startswith("user: ")]
    return users[-1][len("user: "):] if users else conversation


def solve_extract(q: Query) -> Plan | None:
    """'pull out all the emails from this: …', 'what IPs are in this log\\n…', 'extract the amounts and total them'."""
    found = extraction_instruction(q.body)
    if found is None:
        return None
    m, kind, where = found
    if kind == "percent" and not re.search(r"\d\s?(?:%|percent\b|per ?cent\b)", q.body, re.I):
        return None  # 'met on 1,946 of 2,210 tickets, give me the percentage': a share to compute, none to pull out
    if where == "before":
        text, pasted = _text_before(q.body, m.start()), True
    else:
        text, pasted = pasted_text(q, m.end())
        if text is None and "\n" not in q.body.strip():  # '… cc j.smith@acme.io — can you pull out the emails?'
            before = _text_before(q.body, m.start())
            if before.strip() and _has_match(kind, before):
                text, pasted, where = before, True, "before"
    ask = q.body[m.start():] if where == "before" else q.body[: m.end() + 60]
    at = q.body.find(text, m.end()) if text is not None and where == "after" else -1
    if at > 0:  # the request around the pasted text, not the text itself ('api 4.1.9')
        ask = q.body[:at] + " " + q.body[at + len(text):]
    if re.search(r"\b(?:how (?:do|can|to|would|should)|regex|function|code|script|in python|in sql|api|"
                 r"database|crm|spreadsheet)\b", ask.lower()):
        return None  # asks how to extract, or to extract from a system: not text in the message
    if re.search(r"\b(?:you|u) (?:think|reckon|believe|suspect|feel|guess)\b", ask, re.I):
        return None  # 'the order ids you think are fraudulent': items picked by a judgement, not by their shape
    verb = (m.groupdict().get("verb") or "").lower()
    if text is None:
        rest = q.body[m.end():]
        if kind in {"number", "amount"} or verb in _AGGREGATE_VERBS:
            return None  # quantities are only read from a pasted text, never from the request's own words
        if not _POINTS_AT_TEXT.search(q.body[m.start(): m.end() + 40]) and not re.match(r"\s*(?:in|from|of)\b", rest):
            return None
        text = rest  # inline: "extract the emails from jane@x.com, bob@y.com"
    if not text.strip():
        return None
    text = slack_unescape(text)
    if kind == "amount" and not _has_match("amount", text) and _has_match("number", text):
        kind = "number"  # 'the amounts in this note: 1,250 for the venue, 380 for …' (no currency written)
    if kind == "number" and re.search(r"\b(?!(?:the|all|these|those|any|every|each|of|out|me|just|only|and|or|phone|"
                                      r"page|line|row|column|big|small|large|negative|positive|whole|decimal|odd|even|"
                                      r"prime|other|different|unique|distinct|key|main)\b)[a-z]+\s+(?:numbers?|nums?)\b",
                                      q.body[max(0, m.start() - 30): m.end()] if m.re is _KIND_WORD else m.group(0), re.I) \
            and _has_match("ticket", text):
        kind = "ticket"  # 'the invoice numbers' written INV-2041: the ids as written, not their digits
    total = kind in {"amount", "number"} and bool(_TOTAL.search(ask[:200]))
    if total and kind == "amount" and "\n" not in text.strip() and len(re.findall(PATTERNS["amount"], text)) < 2:
        return None  # 'paid £11.44 an hour … total cost?': one amount among counts is a word problem, not a list to add
    if total and kind in {"amount", "number"} and "\n" not in text.strip() and re.search(
            r"\d\s*(?:x|×|\*)\s*[$€£]?\d|\b(?:per|each|apiece)\b|\ba (?:night|day|week|month|head|person)\b|"
            r"\d\s+[a-z]+s\s+of\s+\d", text, re.I):
        return None  # '3 nights x 89 EUR plus 2.50 EUR per night', '4 packs of 6 batteries': counts times rates
    exclude = excluded_word(ask if where == "before" else q.body[: m.end() + 80] if at < 0 else ask)
    if exclude is not None:
        keys = ("ip4", "ip6") if kind == "ip" else (kind,)
        items = [x.group(0) for k in keys for x in re.finditer(PATTERNS[k], text[:MAX_PROBE_CHARS])]
        hit = [x for x in items if exclude.lower() in x.lower()]
        if not hit or len(hit) == len(items):
            return None  # the one to leave out is not told apart by its text: the model reads it
    if kind in ("number", "ticket") and not total:
        label = _id_label(q.body, m)
        if label:
            # 'the order numbers' / 'the PO number' / 'the invoice ids': what is written right after that word
            # ('order 55120', 'PO 4500187293', 'invoice INV-88213'); none written so: not told apart, declined
            pattern = _LABELLED.format(label=label)
            hits = [x.group(1) for x in re.finditer(pattern, text)]
            shaped = re.findall(PATTERNS["ticket"], text)
            numbers = list(re.finditer(PATTERNS["number"], text))
            if not hits and kind == "number" and not (numbers and all(
                    text[max(0, x.start() - 1): x.start()] == "#" for x in numbers)):
                return None  # no number written after the label, and numbers of other things beside them
            if hits and not all(h in shaped for h in hits):  # ('PO 4500187293' beside 'vendor ID V-22817')
                return Plan("extraction", _labelled_code(text, pattern, label), f"Listed what is written after '{label}' "
                            "in the text, once each in order of appearance.", specificity=0.95,
                            template="extract_labelled", data={"extract": "labelled"})
    if kind == "date" and _REFORMAT.search(ask):
        return None  # 'give them as YYYY-MM-DD': the dates rewritten, which the listing (dates as written) is not
    if _look_alike_left(kind, text):
        return None  # 'changelog: 19.21 fixed …, beta 20.04': some of the same shape unmatched, the list would miss them
    sel = _selection(q.body, m, kind, text)
    if sel is None:
        return None  # a selection asked that cannot be read, or that picks out nothing: the model reads it
    code = _code(kind, text, total, exclude, sel)
    generic = kind == "ticket" and not re.search(r"ticket|issue|jira|bug", m.group(0), re.I)
    if not _has_match(kind, text) and (not pasted or not verb or verb == "need" or generic):
        return None  # nothing of the kind: a request about something else ("list the urls for staging",
        #              "which dates work for you: tue or thu"); only an order to extract hears "none found"
    what = KINDS[kind][2]
    explanation = (f"Matched the {what} in the pasted text with a regular expression"
                   + (", listed once each in order of appearance" if kind not in {"number", "amount"} else
                      ", in order of appearance") + (", and added them up." if total else "."))
    return Plan("extraction", code, explanation, specificity=0.95, template=f"extract_{kind}",
                data={"extract": kind})


# a rewriting of the dates asked ('as YYYY-MM-DD', 'in ISO format', 'convert them to dd/mm')
_REFORMAT = re.compile(r"\b(?:yyyy|iso(?:[- ]?8601)?|convert\w*|normali[sz]e\w*|reformat\w*|rewrite)\b|"
                       r"\b(?:as|in|to|into) (?:\w+ )?(?:format|dd|mm)\b", re.I)
# what could be one of the kind but the kind's pattern does not take: a two-part number beside two-part versions
# ('19.21 fixed GPS drift'), a code of capitals and digits beside ticket ids ('ref QX7T2M')
_LOOK_ALIKE = {"version": (r"(?<![\w.])\d+\.\d+(?![\w.]\w|\s?%)", r"^[vV]?\d+\.\d+$"),
               "ticket": (r"(?<![\w-])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,}(?![\w-])", None)}


def _look_alike_left(kind: str, text: str) -> bool:
    """Whether the text holds, outside the kind's matches, things of the same shape the matches leave out."""
    if kind not in _LOOK_ALIKE:
        return False
    shape, relied_on = _LOOK_ALIKE[kind]
    matches = list(re.finditer(PATTERNS[kind], text[:MAX_PROBE_CHARS]))
    if relied_on is not None and not any(re.fullmatch(relied_on, x.group(0)) for x in matches):
        return False  # (only versions written x.y.z: a bare 19.21 is a number, not a version missed)
    spans = [(x.start(), x.end()) for x in matches]
    return any(not any(a <= y.start() < b for a, b in spans) for y in re.finditer(shape, text[:MAX_PROBE_CHARS]))


def _host_items(kind: str, text: str) -> tuple[list[str], list[str]]:
    """The items of a kind as the sandbox will list them (quantities all, identifiers once each), and the
    currency symbol of each amount."""
    keys = ("ip4", "ip6") if kind == "ip" else (kind,)
    flags = re.I if kind == "date" else 0
    found = [x for k in keys for x in re.finditer(PATTERNS[k], text[:MAX_PROBE_CHARS], flags)]
    found.sort(key=lambda x: x.start())
    items = [x.group(0).strip() for x in found]
    symbols = []
    if kind == "amount":
        words = {"dollars": "$", "bucks": "$", "euros": "€", "pounds": "£", "USD": "$", "EUR": "€", "GBP": "£"}
        symbols = [words.get(x.group("pre") or x.group("post"), x.group("pre") or x.group("post")) for x in found]
    if kind not in {"number", "amount"}:
        items = list(dict.fromkeys(items))
    return items, symbols


def _selection(body: str, m: re.Match, kind: str, text: str) -> Selection | None:
    """Which of the items are asked for, read from the words around the kind's name; None when that
    cannot be read or picks out none of them (a wrong list is worse than the model's answer)."""
    named = _kind_of(m)  # the kind as named ('invoice numbers'), before it was read as ids
    at, end = m.start(named), m.end(named)
    # (a closing ask's words start where it does: the text before it qualifies nothing)
    before = body[max(body.rfind("\n", 0, at) + 1, at - 80, m.start() if m.re is _CLOSING_ASK else 0): at]
    if kind == "amount":  # 'the euro amounts': the currency word is part of the kind's name
        before += " " + " ".join(m.group(named).split()[:-1])
    sel = read_selection(before, body[end: end + 80], kind, text)
    if kind == "file" and re.fullmatch(r"[a-z0-9]+s", m.group(named).lower()) and m.group(named).lower()[:-1] in FILE_TYPES:
        return None  # 'just the pdfs': a type to test each file for, the filter's (in any case: 'REPORT.PDF')
    if sel is None or sel == Selection():
        return sel
    if sel.line_token:
        text = line_filter(text, sel.line_token)
    items, symbols = _host_items(kind, text)
    if sel.labels and kind == "ticket":  # 'the NCR numbers', 'order ids': the ids' prefix, or only what they are
        prefixes = [w for w in sel.labels if any(x.upper().startswith(w[:3].upper()) for x in items)]
        sel = replace(sel, labels=(), starts=prefixes[0][:3] if len(prefixes) == 1 else "")
    if sel.labels and kind == "number":  # 'the PR numbers' describes them all; 'room' written before some only: unclear
        hits = sum(labelled(x, text, sel.labels) for x in items)
        if hits == 0 and m.re is _KIND_WORD:
            return None  # a terse ask ('plan price' over a table) names no numbers written after its words
        return replace(sel, labels=()) if hits in (0, len(items)) else None
    if sel.labels:
        strict = m.re is _KIND_WORD or bool(re.search(r"\b(?:only|just)\b", before, re.I))
        if not all(any(labelled(x, text, (word,)) for x in items) for word in sel.labels):
            if strict or any(labelled(x, text, (word,)) for x in items for word in sel.labels):
                return None  # 'only the pickup dates' where no date is written after 'pickup'
            sel = replace(sel, labels=())  # 'the customer emails': a description, not a selection
    if sel.currency and len(set(symbols)) < 2:
        sel = replace(sel, currency="")
    if sel == Selection():
        return sel
    return sel if selected(items, text, asked(sel), symbols or None) else None


def slack_unescape(text: str) -> str:
    """Undo the three escapes Slack applies to message text (&amp; &lt; &gt;), so links read as written."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _has_match(kind: str, text: str) -> bool:
    keys = ("ip4", "ip6") if kind == "ip" else (kind,)
    return any(re.search(PATTERNS[k], text[:MAX_PROBE_CHARS], re.I if kind == "date" else 0) for k in keys)


# 'ignore the noreply one', 'skip the test one', '(except the OPS ones)', 'but not the internal one'
_EXCLUDE = re.compile(r"\b(?:ignore|ignoring|skip|skipping|except(?: for)?|excluding|exclude|without|leave out|"
                      r"leaving out|not|but not|minus|drop|apart from|other than)\s+(?:the\s+|any\s+|all\s+)?"
                      r"['\"`]?([\w.@-]{2,30})['\"`]?\s+(?:one|ones|address(?:es)?|email|e-mail|url|link|ticket|ip)s?\b", re.I)


def excluded_word(ask: str) -> str | None:
    """The word that marks the items to leave out ('ignore the noreply one' -> 'noreply'), or None."""
    m = _EXCLUDE.search(ask)
    return m.group(1) if m else None


def _code(kind: str, text: str, total: bool, exclude: str | None = None, sel: Selection | None = None) -> str:
    singular, plural = KINDS[kind][1], KINDS[kind][2]
    picks = sel is not None and sel != Selection()
    lines = ["import re"]
    if picks:
        lines += ["", shipped(item_domain, labelled, line_filter, selected), ""]
    lines.append(f"text = {lit(text)}")
    if picks and sel.line_token:
        lines.append(f"text = line_filter(text, {lit(sel.line_token)})  # only the lines that have it")
    if kind == "ip":
        lines += [f"ip4 = {lit(PATTERNS['ip4'])}", f"ip6 = {lit(PATTERNS['ip6'])}"]
    else:
        lines.append(f"pattern = {lit(PATTERNS[kind])}")
    lines.append(_CODE[kind])
    quantity = kind in {"number", "amount"}
    if not quantity:
        lines.append(f"CASELESS = {kind in {'email', 'hashtag', 'ip', 'sha', 'mention', 'domain', 'uuid', 'mac'}}  # A@x.io and a@x.io are one address")
    lines.append((_KEEP_ALL if quantity else _UNIQUE).rstrip("\n"))
    if exclude is not None:
        lines.append(f"items = [item for item in items if {lit(exclude.lower())} not in item.lower()]  # left out as asked")
    if picks:
        lines.append(f"sel = {lit(asked(sel))}")
        lines.append("items = selected(items, text, sel" + (", symbols)" if kind == "amount" else ")") + "  # only those asked for")
    lines.append(f"label = {lit(singular)} if len(items) == 1 else {lit(plural)}")
    lines.append(f"shown = ', '.join(items[:{MAX_LISTED}]) + (' … and ' + str(len(items) - {MAX_LISTED}) + ' more'"
                 f" if len(items) > {MAX_LISTED} else '')")
    lines.append(f"answer = str(len(items)) + ' ' + label + ': ' + shown if items else 'No {plural} found in the text.'")
    if total and kind == "number":
        lines += ["total = sum(float(n.replace(',', '')) for n in items)",
                  "total = int(total) if total == int(total) else round(total, 10)",
                  "grouped = any(',' in n for n in items)",
                  "if items:\n    answer = 'total ' + (f'{total:,}' if grouped else str(total)) + ' (' + answer + ')'"]
    elif total and kind == "amount":
        lines += ["currencies = sorted(set(symbols))",
                  "total = round(sum(values), 2)",
                  "if len(currencies) == 1:\n"
                  "    symbol = currencies[0]\n"
                  "    sign = '-' if total < 0 else ''\n"
                  "    answer = 'total ' + sign + symbol + f'{abs(total):,.2f}' + ' (' + answer + ')'\n"
                  "elif items:\n"
                  "    answer = answer + '; no single total: the amounts are in ' + ', '.join(currencies)"]
    lines.append("answer")
    return "\n".join(lines)


# the id written after its label: 'order 55120', 'order #48813', 'PO 4500187293', 'invoice no. INV-88213', 'req_id=7f3a91c2'
_LABELLED = (r"(?i:(?<![\w-]){label}(?:s|es)?)(?:[ \t]*(?:#|no\.?|nr\.?|number|num|id|ref))?[ \t]*[:=#]?[ \t]*"
             r"((?=[\w/-]*\d)[A-Za-z0-9][\w/-]*[A-Za-z0-9]|\d)(?![\w-])")
# the words before 'numbers'/'ids' that say whose ids they are ('order numbers', 'PO number', 'opp ids')
_ID_NOUN = re.compile(r"(?<![\w-])([a-z][a-z_-]{1,15})\s+(?:numbers?|nos?\.?|nrs?\.?|ids?|refs?|references?)$", re.I)
_NOT_A_LABEL = frozenset("""the all any every each of out me just only and or these those its their our my your unique distinct
different other phone page line row column big small large negative positive whole decimal odd even prime key main
version ticket issue bug jira tracking reference serial random what which whats any how these those some
many few""".split())


def _id_label(body: str, m: re.Match) -> str | None:
    """The label word of an id asked by what it belongs to ('order' in 'pull every order number'), or None."""
    named = _kind_of(m)
    before = body[max(0, m.start(named) - 30): m.end(named)]
    hit = _ID_NOUN.search(before)
    if hit is None or hit.group(1).lower() in _NOT_A_LABEL:
        return None
    return re.escape(hit.group(1).lower())


def _labelled_code(text: str, pattern: str, label: str) -> str:
    return "\n".join([
        "import re", f"text = {lit(text)}", f"pattern = {lit(pattern)}  # what follows the word {label!r}",
        "items = list(dict.fromkeys(m.group(1) for m in re.finditer(pattern, text)))",
        "', '.join(items)"])
