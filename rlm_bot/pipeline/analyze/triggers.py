"""Computation triggers: the words and data in a query that say 'this is better computed than reasoned'.

Two kinds of evidence are scored separately and both are needed: an *operation* asked for
(how many, sort, average, days between, ...) and *operands* written in the query itself (numbers,
a list, dates, clock times, a quoted string). "How many people live in France?" has the first but
not the second; "I have 3 meetings today" has the second but asks nothing. Cues that the user wants
an explanation or code rather than a result ("best way to", "explain", "in Python") count against.
"""

from __future__ import annotations

import math
from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass

from rlm_bot.pipeline.analyze import lexicon as lex
from rlm_bot.pipeline.analyze.asked import (claim_check, conversion_asks, date_shift_asks, paired_asks, period_asks,
                                            selection_asks, value_asks, verdict_asks)
from rlm_bot.pipeline.analyze.lexicon import CODE_IDENTIFIER
from rlm_bot.pipeline.analyze.thresholds import range_asks, rule_asks, threshold_asks
from rlm_bot.pipeline.analyze.operands import Operands, blank_data, prose, read_operands
from rlm_bot.pipeline.analyze.settled import settled_asks
from rlm_bot.pipeline.compute import collapse_long_numbers, fix_typos

# things people ask to have pulled out of pasted text
_ENTITY = (r"(?:e-?mails?(?: address(?:es)?)?|addresses|urls?|links|ips?(?: address(?:es)?)?|ipv[46]s?|numbers|digits|"
           r"dates|(?:dollar |euro |money )?amounts|prices|weights|temperatures|temps|readings|measurements|percentages|figures|versions?(?: numbers?)?|phone numbers|hashtags|"
           r"ticket (?:numbers|ids)|domains|hostnames|paths|file ?names|(?:commit )?(?:shas|hashes|ids)|mentions|handles|usernames|"
           r"[a-z]+_ids|(?:status |error |exit |http |response |promo |discount )?codes|timestamps|skus|order (?:numbers|ids))")

# 'code' as the name of a label a value has (a territory code, a promo code, a status code), not programming
_LABEL_CODE = (r"(?:promo|discount|coupon|campaign|territory|postal|post|zip|area|country|batch|product|item|sku|tracking|"
               r"booking|reference|ref|voucher|access|gift|tax|bar|qr|colou?r|hex|station|airport|currency|region|cost|"
               r"account|course|room|door|lot|shipping|status|error|http|response|exit|return|dial|iata|icao|hs|"
               r"department|dept|project|job|customer|client|vendor|supplier|store|branch|site|warehouse)")
_LABEL_CODE_BEFORE = re.compile(r"\b" + _LABEL_CODE + r"\s+$", re.I)

# a number as people write it in chat: '2.5k', '1,200', 'two and a half thousand'
_NUM = (r"(?:\d[\d,.]*[kKmM]?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
        r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half|dozen)\b)")
# units a quantity is converted between
_UNITS = (r"(?:km|kms|kilomet(?:er|re)s|miles|celsius|fahrenheit|kg|kilos|grams|pounds|lbs|oz|ounces|meters|metres|"
          r"cm|mm|feet|ft|inches|yards|km/h|kph|mph|m/s|litres|liters|ml|gallons|cups|pints|minutes|hours|seconds|"
          r"days|weeks|mb|gb|tb|kb|gib|mib|bytes|bits|°c|°f)")
# an amount of money to convert into another currency ('what 350 euros is in dollars at 1.08')
_CURRENCY = r"(?:dollars|euros|usd|eur|gbp|yen|jpy|chf|cad|aud|rupees|inr|pounds)"

# kind -> pattern of an operation being asked for
OPERATION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.I)) for k, p in (
    ("arithmetic", r"\d\s*[$€£]\s*[-+*/×÷]\s*[$€£]?\s*\d|"  # amounts with their currency: '1.234,50 € + 765,50 €'
                   r"\b(calculate|compute|evaluate|work out|figure out|solve|sum of|product of|squared|cubed|"
                   r"square root)\b|" + _NUM + r"\s*(?:plus|minus|times|divided by|multiplied by|to the power of)\s*"
                   + _NUM + r"|"
                   # a function of a number: 'sqrt of 7225', 'log2(1024)', 'factorial of 10'; a measure of a shape
                   r"\b(?:area|perimeter|volume|circumference|diagonal|hypotenuse) of (?:an? |the )?[^.?!\n]{0,20}\d|"
                   r"\b(?:sqrt|cbrt|cube root|log(?:2|10)?|ln|factorial|abs|absolute value)\s*(?:of\s*|\(\s*)?-?\d|"
                   # adding up what the message lists: 'add these up: £45.20, £12.99', 'sum up'
                   r"\badd (?:these|them|those|this|it|all)(?: \w+)? up\b|\b(?:add|sum|total) up\b|"
                   # a rate of a stated amount: 'what's that per seat', 'how much each'
                   r"\b(?:what|whats|how much)\b[^.?!\n]{0,40}\b(?:per|each|apiece|a head)\b|"
                   # rounding a stated number: 'round up 4,567 to the nearest hundred', 'round 3.14159 to 2 dp'
                   r"\bround(?:ed)?(?: up| down| off)?\b[^.?!\n]{0,20}\d[^.?!\n]{0,25}\b(?:to|decimals?|places|dp|nearest)\b|"
                   r"\bto the nearest (?:hundred|thousand|million|ten|tenth|hundredth|whole|integer|dollar|cent|pound|"
                   r"euro|minute|hour)\b|"
                   # a change of a stated amount: 'what does payroll go up by', 'by how much'
                   r"\b(?:what|how much)\b[^.?!\n]{0,30}\b(?:go|goes|went|come|comes) (?:up|down) by\b|\bby how much\b|"
                   r"\b(?:what(?:'s|s| does| will| would)?|how much)\b[^.?!\n]{0,20}\b(?:come|comes) to\s*\??\s*$|"
                   r"\d\s*[-+*/×÷^x]\s*\(?-?\d|\)[ \t]*[-+*/][ \t]*[\d(]|=\s*\??\s*$|"
                   # amounts with a magnitude ('1.84m - 1.52m', '725k + 140k'); an operation on what came before
                   # ('(1.84m - 1.52m), divided by 4')
                   r"\d[kmb]\s*[-+*/×÷]\s*\(?[$€£]?\d[\d,.]*[kmb]?\b(?!%)|"
                   r"[,;]\s*(?:then\s+|and\s+)?(?:divided by|multiplied by|times|minus|plus)\s+[$€£]?\d|"
                   # an imperative operation between two stated numbers: 'add 15% tip to 48.50',
                   # 'subtract 12 from 90', 'apply a 20% discount to $120', 'increase 80 by 5%'
                   r"\b(?:add|subtract|take|multiply|divide|increase|decrease|reduce|deduct|apply)\b"
                   r"[^\n.?!]{0,40}?\d[^\n.?!]{0,40}?\b(?:to|from|by|off|on)\s+\$?\d|"
                   # a count of things at a unit price: '3 coffees at €3.40', '2 tickets @ $12'
                   r"\b\d+\s+[a-z]+(?:\s+[a-z]+)?\s+(?:at|@)\s*[$£€]\s?\d"),
    ("percentage", r"(?<![\d,.])\d[\d,]*+(?:\.\d+)?\s*%|\bout of [\d,]+\b|\bwhat ?%|%\s*(?:change|increase|decrease|diff|gain|loss)|"
                   r"\b(?:in|as an?|as)\s*%|"
                   r"\brelative (?:increase|decrease|change|difference)\b|\b(?:markup|margin|discount|growth)\s*%|(?<=[a-z])\s?%(?=\s*\?)|\bpercent(age)?\b|\bper cent\b|\btip\b|\bdiscount\b|\binterest (?:rate|on)\b|\bcompound interest\b"),
    ("counting", r"\bhow many\b|\bcount\b(?! (?:me|us|him|her|them|on)\b)|\b(?:word|char(?:acter)?|letter|line) count\b|"
                 r"\b(?:length|how long)\b[^.!\n]{0,40}\b(?:chars|characters|letters|limit|max)\b|"
                 r"\b(?:chars|characters|letters|limit|max)\b[^.?!\n]{0,40}\blength\b|\bnumber of\b|\bhow often\b"),
    ("quantity", r"\bhow (much|long|far|old|fast|tall|heavy)\b|\bwhat(?:'s|s| is| was| will be| are| were| would be)"
                 r" (?:the |their |his |her |its |our |my |your )?(?:[a-z]+ ){0,2}(total|sum|cost|costs|price|"
                 r"average|difference|remainder|balance|profit|result|answer|area|perimeter|volume|speed|rate|"
                 r"ratio|salary|income|earnings|weight|weights|amount|distance|age|number|percentage|bill|change|"
                 r"score|length|width|height|margin|markup|tax|vat|fee|fees|mileage|payment|total cost|fraction|share|"
                 r"revenue|runway|roi|yield|growth|savings|return|gain|loss|break-?even|net|gross|"
                 r"proportion|portion)\b|\bwhat (?:fraction|share|proportion|portion)\b|"
                 r"\bin total\b|\baltogether\b|\bin all\b|\bleft over\b|"
                 # asks after stated amounts: "rent is 1,100 and bills 240. what's left?", "what did that bring in?"
                 r"\bwhat(?:'s|s| is) left\s*\??\s*$|\bwhat did (?:that|it|this|we) (?:bring in|make|earn|come to)\b|"
                 r"\bwhere (?:are|is) (?:we|it|that|the \w+) (?:at )?now\s*\??\s*$|"
                 r"\bremain(?:s|ing|ed)?\b[^\n]{0,300}?\?"),
    ("sorting", r"\b(sort(?:ed)?(?!\s+(?:\w+\s+)?out\b)|alphabeti[sz]e|order (?:these|them|the following|by(?!\s+\d))|arrange|rank)\b|"
                # an order named by its two ends: 'cheapest to most expensive', 'earliest first', 'a to z'
                r"\b(?:\w+est|most \w+|least \w+)\s*(?:to|->|→)\s*(?:\w+est|most \w+|least \w+)\b|"
                r"\b(?:\w{3,}est|most \w+|least \w+|top|best|worst|high|low) first\b|\b(?:high|low) (?:to|->|→) (?:low|high)\b|"
                r"\bin (?:ascending|descending|alphabetical|numerical|reverse|size|date|chronological) order\b|"
                # a terse order on a line of its own above or below a list ('a-z pls', 'z-a:', 'alphabetic order, thx')
                r"(?:^|\n)\s*(?:reverse )?(?:a-z|z-a|a to z|z to a|alphabetic(?:al)?(?:ly)?(?: order)?)\s*[,:.!]?\s*"
                r"(?:pls|please|plz|thx|thanks|ty)?\s*[:.!?]?\s*(?:\n|$)|"
                r"\b(?:these|them|this|those|list|it) in order\b(?! to\b| for\b| that\b)|"
                r"\border of (?:size|magnitude|length|date|value|price|age|height|weight)\b"),
    ("statistics", r"\b(?:what(?:'s| is)|which \w+ is) the (?:mode|range)\b|"
                   # a peak of the given readings ('peak cpu% from these readings?'), not a season
                   r"\bpeak\b(?=[^.?!\n]{0,25}\b(?:from|of|in|among|across) (?:these|this|those|them|the (?:readings|"
                   r"numbers|values|data|list|log|samples)))|"
                   r"(?:^|[.!?:\n]\s*)(?:the\s+)?(?:most|least) (?:common|frequent|popular|repeated)\b|\b(average|avg|mean|median|the mode of|std dev|standard deviation|variance|max(imum)?|min(imum)?|"
                   r"largest|smallest|highest|lowest)\b|\b(?:total|sum)\b(?=\s+(?:for|by|per)\b|(?:\s+\w+){0,2}\s*\??\s*$)|"
                   r"\bsum (?:these|them|this|those|up these|the (?:column|numbers|values|amounts|rows))\b|"
                   r"\b(?:which|what|who)\b[^\n?]{0,30}\b(?:has|had|have|got|with) the (?:most|least|fewest)\b|"
                   # 'which option was the most popular?' (a superlative over the data, not 'which of the following')
                   r"\b(?:which|what|who)\b(?! of the following)[^\n?]{0,30}\b(?:was|is|were|are) the (?:most|least) "
                   r"\w+\s*\??\s*$|"
                   r"\bwho (?!(?:is|are|was|were)\b)\w+ the (?:most|least|fewest|highest|lowest)\b|"
                   # 'most common complaint in this list? damaged, late, …', 'peak cpu from these readings? 41 67 …'
                   r"\b(?:most (?:common|frequent)|peak)\b[^\n?]{0,40}\b(?:in|from|of) (?:this|these|my) (?:list|values|"
                   r"numbers|readings|samples|entries)\b|"
                   # a superlative closing a question: 'which quarter best?', 'who was top?'
                   r"\b(?:which|who|what)\b[^\n?]{0,30}\b(?:best|worst|top|bottom)\s*\??\s*$"),
    ("date_math", r"\b(days? (?:between|until|since|from|after|before|ago|later)|weeks? (?:between|until|from|"
                  r"after|ago)|what day|which day|day of (?:the )?week|weekday|what (?:is the )?date|how old|how long ago|"
                  r"when is (?:next|this|last|the next) \w+|(?:next|this|last|coming) (?:mon|tues|wednes|thurs|fri|"
                  r"satur|sun)day(?!\s+(?:of|in)\b)|leap years?|which (?:fiscal |financial )?(?:quarter|iso week|week number)|"
                  r"(?:unix |epoch )?timestamp\b[^.?!\n]{0,20}\d{9,}|\d{9,}[^.?!\n]{0,25}\b(?:to|as|in)\s+(?:a\s+)?(?:date|utc|iso)|\d+ (?:business|working|calendar) days|(?:takes?|lasts?|runs? for) \d+ "
                  r"(?:days|weeks)|born\b[^?\n]{0,40}\bage\b|\bage\b[^?\n]{0,40}\bborn|months? (?:between|until|since)|"
                  # when a stated date plus a period ends: 'when's the invoice due', 'when does it expire'
                  # a date moved by a period: 'today + 45 days', 'now - 3 weeks'
                  r"(?:today|now|tomorrow|yesterday)\s*[-+]\s*\d+\s*(?:days?|weeks?|months?|years?|d|w)|"
                  # days of a kind in a stated span: 'number of weekdays in january 2027'
                  r"(?:number of|how many|count(?: the)?) (?:weekdays|weekend days|working days|business days|"
                  r"(?:mon|tues|wednes|thurs|fri|satur|sun)days|days|weeks|weekends) (?:are )?(?:in|between|until|"
                  r"till|left|from|before)|"
                  # two dates compared: 'which date is earlier: 2026-11-30 or 2026-12-01?'
                  r"which (?:date|day|deadline|one)\b[^?\n]{0,20}\b(?:earlier|later|sooner|first)\b|"
                  r"when(?:'s|s| is| will| does| do| would)\b[^.?!\n]{0,30}\b(?:due|end|ends|expire|expires|"
                  r"finish|finishes|over|done|run out|arrive|land))\b"),
    ("time_interval", r"\b(how long|what time|(?:hours?|hrs?) (?:between|from|after|later)|(?:minutes?|mins?) "
                      r"(?:between|from|after|later)|duration|elapsed|time diff(?:erence)?|(?:arrival|finish|end|landing) time|"
                      r"(?:flight|travel|drive|journey) time|total (?:hours|time))\b|"
                      # the gap between two stated times ('diff between 3:45pm and 11:10pm')
                      r"\b(?:diff|difference|gap|time)\s+between\s+\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s+and\s+\d|"
                      # a span of clock times to measure ('Mon 8:50-17:05')
                      r"\b\d{1,2}:\d{2}\s*[-–]\s*\d{1,2}:\d{2}\b|"
                      # a shift between two clock times and the hours it pays ('19:00 to 07:30 ... paid hours?')
                      r"\b\d{1,2}:\d{2}\s*(?:to|until|till)\s*\d{1,2}:\d{2}\b[^?\n]{0,60}\b(?:paid|working|worked|billable|net) hours\b"),
    ("conversion", r"\d\s*°?(?-i:[CF])\b[^.?!\n]{0,30}\b(?:in|to|into)\s+°?(?-i:[CF])\b|"  # '180C, what is that in F'
                   # a clock time at a stated UTC offset asked in another: '09:30 their time (UTC+8) ... in UTC?'
                   r"\b(?:utc|gmt)\s*[+\-−]\s*\d{1,2}\b[^?\n]{0,80}\bin (?:utc|gmt)\b|"
                   r"\d[\d,.]*\s*" + _CURRENCY + r"\b[^.?!\n]{0,20}\b(?:in|to|into)\s+" + _CURRENCY + r"\b|"
                   r"\b(convert|(?:in|to|into) " + _UNITS + r"|how many " + _UNITS + r"(?=\s*(?:\?|$)| (?:in|is|are|per|make|"
                   r"to|for)\b))(?![\w/])|"
                   # a measure, then the unit asked alone: '350 F, celsius?', 'I ran 5 km, miles?'
                   r"\d\s*(?:°?(?-i:[CF])|" + _UNITS + r")(?![\w/])[^?\n\d]{0,40}[,;:\u2014\u2013-]\s*" + _UNITS + r"\s*\?"),
    # (bounded gaps: an unbounded `.*` between two alternatives is quadratic on 'false false ...')
    ("boolean", r"\b(true|false)\b[^\n]{0,300}?\b(and|or|not)\b|\b(and|or|not)\b[^\n]{0,300}?\b(true|false)\b|"
                # written as code ('!(true && false) || false') or with named values ('A=false B=true')
                r"\b(?:true|false)\)?\s*(?:&&|\|\||\^)|(?:&&|\|\||!)\s*\(?\s*(?:true|false)\b|"
                r"\b[a-z]\w*\s*=\s*(?:true|false)\b"),
    # two stated amounts compared: 'is 4,850 greater than 4,805?', 'is 1450 kg more than 1.5 t?'
    ("compare", r"\bis\s+[$£€]?-?\d[\d,]*(?:\.\d+)?\s*(?:[a-z%]{1,5}\s+)?(?:greater|more|less|bigger|smaller|higher|"
                r"lower|larger|fewer|longer|shorter|heavier|lighter)\s+than\s+[$£€]?-?\d"),
    # (Slack italics '_lowercase_' wrap the word in underscores)
    ("string_op", r"(?<![^\W_])(reverse|upper ?case|lower ?case|palindrome|anagram|backwards)(?![^\W_])"),
    # rewriting a given string in a letter case or order (words with no everyday meaning)
    ("case_style", r"\b(?:spell|write|read|say|print|type)\b[^.?!\n]{0,30}\bbackwards\b|\bbackwards\s*:|"
                   r"\b(snake[_ ]?case|camel ?case|kebab[- ]?case|pascal ?case|title ?case|sentence case|"
                   r"slugify)\b|"
                   # other rewrites of a given string: initials, a replacement, separators taken out
                   r"\b(?:initials|acronym)\b|"
                   # zeros or spaces taken off its ends, a name turned round, an encoding
                   r"\b(?:strip|remove|drop|trim|take off|cut)\b[^.?!\n]{0,20}\b(?:leading|trailing) (?:zeros|zeroes|0s|"
                   r"spaces|whitespace|dashes|slashes)\b|\b(?:last,? first|surname,? first ?name|first ?name,? last ?name)\b|"
                   r"\b(?:base ?64|b64|rot ?13|url[- ]?(?:en|de)code[sd]?|percent[- ]encod\w*)\b|"
                   r"\bcapitali[sz]e (?:the first|every|each|all|this|these|it)\b|"
                   # a character class checked of a given string: 'does `3fa9c0zz1` contain only hex chars?'
                   r"\b(?:contains?|has|have|is|are)\b[^.?!\n]{0,15}\b(?:only|all|any|just) (?:hex|digits|numbers|letters|"
                   r"alphanumeric|ascii|lower ?case|upper ?case|vowels|consonants)(?: chars| characters| letters)?\b|"
                   # a replacement in a given string: 'replace all - with / in DE-HAM-0042'
                   r"\breplace(?: all| every| the)?\s+(?:\"[^\"\n]{1,25}\"|'[^'\n]{1,25}'|\S{1,25})\s+with\s+"
                   r"(?:\"[^\"\n]{0,25}\"|'[^'\n]{0,25}'|\S{1,25})(?:\s+in\b|\s*$)|\breplace\b[^.?!\n]{0,30}\bwith\b[^.?!\n]{0,40}(?::|\bin (?:this|the "
                   r"following|these)\b)|\b(?:without|remove|strip|drop)\b(?: (?:the|all|any)){0,2} (?:spaces|whitespace|"
                   r"dashes|hyphens|commas|punctuation|vowels)\b|\b(?:spaces|dashes|hyphens|commas)\b[^\n]{0,80}"
                   r"\bwithout (?:them|those)\b|"
                   # characters of a given string by position ('first 5 characters of', '3rd letter in')
                   r"\b(?:first|last) (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) (?:characters|chars|"
                   r"letters|digits)\b|\b\d{1,2}(?:st|nd|rd|th) (?:character|char|letter)\b|"
                   r"\b(?:character|letter|char) (?:is )?at position \d|\bcharacters \d{1,2} (?:to|through|-) \d|"
                   r"\b(?:sort|order|arrange) the letters\b|\bletters of \S+ in alphabetical order\b|"
                   # everyday edits of given strings: leading zeros, name order, slugs, base64, colour codes, a cut
                   # to a length, padding, repeated words, a letter case applied to 'this'/'these'
                   r"\b(?:strip|remove|drop|trim|lose|without|no|pad|add)\b[^.?!\n:]{0,30}\bleading (?:zeros|zeroes|0s)\b|"
                   r"\b(?:last,? first|first,? last|base ?64)\b|\bslugs? (?:for|of)\b|\b(?:make|turn|convert|create|generate|"
                   r"give me)\b[^.?!\n:]{0,30}\bslugs?\b|\b(?:as|into|to) (?:url )?slugs?\b|\bhex\b[^.?!\n]{0,30}\brgb\b|"
                   r"\brgb\b[^.?!\n]{0,40}\bhex\b|\b(?:trim|truncate|cut|shorten|chop)\b[^.?!\n:]{0,40}\b(?:to|at) \d{1,3} ?"
                   r"(?:chars?|characters)\b|\bpad\b[^.?!\n:]{0,40}\b\d{1,2} ?(?:digits|chars|characters)\b|"
                   r"\b(?:duplicate|repeated|doubled) words\b|\b(?:upper|lower) ?case (?:this|these|them|it|each|all)\b|"
                   r"\b(?:in|to|into) all caps\b|\b(?:these|this|it|them) (?:all )?(?:in )?all caps\b|"
                   r"\bchar(?:acter)?s? count\b|\b(?:characters|chars)\b[^.?!\n:]{0,20}\b(?:incl|including|excl|excluding)\b|"
                   r"\bcapitali[sz]e (?:the first letter of )?(?:each|every) word\b|"
                   r"\b(?:character|char|string|text|tweet|sms|message|title|headline|subject(?: line)?)\s+length\b|\blength check\b"),
    ("brackets", r"\b(balanced|parenthes[ie]s|brackets|closers?|unclosed|unmatched|close (?:this|it|them|these|"
                 r"everything)(?: off| out)?|(?:everything|all|it|they) (?:is|are) closed|what closes|"
                 r"(?:missing|needed|goes) at the end|bracketed|nesting(?: depth)?|closing (?:sequence|brackets|parens)|"
                 r"close[sd]? (?:properly|correctly)|(?:does|do|will) (?:it|this|that|they|these|the)(?: \w+)? close)\b|"
                 r"\bclos(?:e|es|ing):?\s+`?[\[({]|\bclos(?:e|es|ed|ing) (?:properly|correctly|cleanly|ok)\b|"
                 r"\bclosing (?:sequence|chars?|characters|brackets|tags?|ones)\b|\bproperly (?:closed|nested)\b"),  # 'what should I type to close `{{[(`'
    ("filtering", r"\b(which (?:of these )?numbers|which ones|"
                  r"which (?:of (?:these|those|them) )?(?:\w+ ){0,2}(?:are|were|have|begin|start|end|contain)\b|filter|even numbers|odd numbers|primes?|divisible|duplicates?|"
                  r"dupes|dedupe)\b"),
    ("split", r"\bsplit(?:s|ting)?\b.{0,40}\b(?:ways|between|among|evenly|equally)\b"),
    ("number_theory", r"\b(?:lcm|gcd|hcf|l\.c\.m|g\.c\.d|(?:lowest|least) common (?:multiple|denominator)|"
                      r"(?:greatest|highest) common (?:divisor|factor))\b|\b(?:(?:prime )?factors|divisors|multiples) of\b|\bis [\d,.]+ (?:a )?prime\b|"
                      r"\b(?:even or odd|odd or even)\b|\b(?:a |an )?(?:exact )?power of (?:\d+|two|ten)\b|\bis [\d,.]+ (?:an? )?(?:even|odd)\b|"
                      r"\bdivisible by [\d,]+|\bprime factori[sz]ation\b|\bfactori[sz]e\b|"
                      r"\b(?:sum of (?:the )?digits|digit ?sum) (?:of|for) \d|\b(?:next|previous) prime\b|"
                      r"\bprimes? (?:numbers )?between \d|\b(?:smallest|largest|biggest|greatest) prime (?:factor|divisor)\b|"
                      r"\b\d{1,4}(?:st|nd|rd|th) fibonacci\b|^\W*\d{1,3}!\W*$"),
    # pulling things out of pasted text: a verb then what to pull (or what to pull, then where it is)
    ("extraction", r"\b(?:extract|pull(?: out)?|grab|get|list|find|pick out|give me|show me|collect|which|what)\b"
                   r"[^.?!\n]{0,25}?\b" + _ENTITY + r"\b|\b" + _ENTITY + r"\b[^.?!\n]{0,25}?(?:\b(?:in|from|out of)"
                   r" (?:this|here|these|that|the following|it|the (?:log|text|msg|message|note|list|snippet))\b|"
                   r"\bmentioned\b|\bcontained\b|\bin here\b|\bappear)|\b" + _ENTITY + r"\b[^.?!\n]{0,40}?\b(?:pull|"
                   r"extract|grab|pick|list)(?:ed)?\b"),
    # grouping a pasted list: a grouping verb with its key, or a total/count per key
    ("grouping", r"\b(?:group(?:s|ed|ing)?|bucket|categori[sz]e|cluster)\b[^.?!\n]{0,30}?\b(?:by|into(?!\s+\d)|per)\b|"
                 r"\b(?:split|break (?:it |them |these |this )?down|organi[sz]e)\b[^.?!\n]{0,30}?\b(?:by|per)\b|"
                 r"\b(?:split|separate|sort|divide|put)\b[^.?!\n]{0,20}?\binto [a-z]+ (?:and|or|vs\.?) [a-z]+\b|"
                 r"^\s*(?:pls |please |can you )?tally\b|"
                 r"\b(?:combine|merge|collapse|consolidate)\b[^.?!\n]{0,30}?\b(?:by|per|so (?:each|every|one line per))\b|"
                 # 'combine these so each quarter is on one line' over 'Q1: a, b' lines
                 r"^\s*(?:pls |please |can you )?(?:combine|merge|consolidate)\b[^\n]{0,60}\b(?:on|in) (?:one|a single|its own) "
                 r"(?:line|row)\b|"
                 # a grouping asked as a noun phrase over a pasted list: 'orders by status?'
                 r"(?:^|\n)\s*[a-z]+(?: [a-z]+)? (?:by|per) [a-z]+\s*(?:(?:please|pls)\s*)?(?:\?|[:—–]\s*\n)|"
                 r"\bhow many (?:per|each|for each)\b|\b(?:totals?|sums?|counts?|averages?|avg|mean)\b[^.?!\n]{0,15}"
                 r"\b(?:by|per|for each) (?!cent\b|hour\b|day\b|week\b|month\b|year\b|annum\b)\w+|"
                 r"\bthe total for each\b|\b(?:total|sum|count|average|avg)\s+(?:for\s+)?(?:each|every|per)\s+\w+"),
    # keeping the items of a pasted list that pass a test: 'which of these are over 100ms'
    ("filter_compare", r"\b(?:which|anything)\b[^.?!\n]{0,40}?\b(?:over|under|above|"
                       r"below|more than|less than|greater than|fewer than|bigger than|smaller than|longer than|"
                       r"shorter than|at least|at most)\s*[$£€]?\d|\bwhich\b[^.?!\n]{0,30}?\b(?:begin|start|end)s? "
                       r"with\b|\b(?:keep|filter|drop|remove|exclude|only|just)\b[^.?!\n]{0,25}?\b(?:end(?:s|ing)?|"
                       r"start(?:s|ing)?|begin(?:s|ning)?) (?:with|in)\b|\b(?:only|just|keep|those|ones|items|words|"
                       r"numbers|values|names)\b[^.?!\n]{0,25}?\b(?:longer|shorter|bigger|smaller|greater|less|more|"
                       r"fewer|higher|lower) than\s*[$£€]?\d|\b(?:keep|filter|drop|remove)\b[^.?!\n]{0,20}\b"
                       r"(?:over|under|above|below|more than|less than|greater than|fewer than)\b"),
    # money over time: a savings/loan/interest word and a period
    ("money_time", r"\b(?:sav(?:e|ing|ings)|put (?:away|aside)|deposit|invest(?:ed|ing)?|borrow(?:ed)?|loan|mortgage|"
                   r"repay(?:ment)?s?|pay(?:ing)? (?:back|off)|paid off|instal?ments?|apr|interest|compound(?:ed|ing)?|"
                   r"rent|salary|price|stock)\b[^\n]{0,60}?(?:\b(?:a|per|each|every) (?:month|year|week|annum)\b|"
                   r"\b(?:monthly|yearly|annually|annual)\b|/(?:mo|month|yr|year)\b|\b(?:over|for|in|after) "
                   r"(?:\d+|one|two|three|four|five|six|ten|twelve) (?:years?|months?|weeks?)\b)|\bgrowth rate\b|"
                   r"\bcagr\b|\bdouble (?:my|our|your|the) money\b|\bpaid off\b|"
                   # an amount restated over another period: 'the monthly cost if the annual plan is $1,188'
                   r"\b(?:monthly|weekly|daily|hourly|yearly|annual) (?:cost|price|rate|fee|payment|amount|salary|"
                   r"spend|bill|equivalent)\b[^\n]{0,60}?\b(?:annual|annually|yearly|per year|a year|monthly|per month|"
                   r"a month|weekly|per week|a week|hourly|per hour|an hour)\b|\bmonthly (?:payment|repayment|"
                   r"instal?ment)\b"),
    ("state_tracking", r"\b(swap|switch|trade)s? (partners|balls|books|positions|gifts|presents)\b|"
                       r"\breturn to the starting point\b|\btells the truth\b"),
    ("ordering_puzzle", r"\b(leftmost|rightmost|second from the|finished (?:first|last|above|below)|"
                        r"older than|newer than|more expensive than|less expensive than)\b"),
))

NEGATIVE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.I)) for k, p in (
    ("how_to", r"\b(how (?:do|can|should|would) (?:i|we|you|one)(?! spell\b)|(?<!forgot )(?<!forget )(?<!know )(?<!remember )how to|best way|what'?s the best|good way|"
               r"easiest way|fastest way|recommended way|is there a way|way to|any tips|tips (?:on|to|for saving)|some tips|ideas|ways to)\b"),
    # asked outright ('explain why 0.1 + 0.2 != 0.3'), an explanation is wanted however many numbers follow
    ("explain_request", r"(?:^|[.!?;\n—–]\s*|\s-\s)(?:pls |please )?(?:explain|why)\b|"
                        # how a rule or a scheme works: 'how does reverse charge VAT work for ...?'
                        r"^\W*how (?:does|do|did|would) [^?\n]{1,60}\bwork\b|"
                        # a review of a formula or a method: 'double check my formula', 'second pair of eyes'
                        r"\b(?:double[- ]check|sanity[- ]check|look over|review) (?:my|our|the|this) (?:formula|"
                        r"logic|query|code|approach|method)\b|\bsecond pair of eyes\b|\b(?:can|could|would) (?:you|u) explain\b|"
                        r"\bwhat happened\b|\bwhat'?s going on\b|\bany (?:idea|ideas|theories|thoughts)\b|"
                        r"\bwhat\b[^.?!\n]{0,20}\b(?:behind|causing|driving|caused|explains?)\b|"
                        # what the numbers imply: 'what does this say about our hiring strategy?'
                        r"\bwhat (?:does|do|did|would|might|could) (?:this|that|these|those|it|they|the \w+) "
                        r"(?:say|tell (?:us|me)|mean|imply|suggest|indicate|signal)\b"),
    ("explain", r"\b(explain|why|what (?:could|might|would|may) (?:cause|explain|be causing)|what caused|"
                r"reasons? for|what'?s going on|what happened|any idea|what does .{1,80}? mean|meaning of|definition|define|describe|tell me about|"
                r"what is an?\b|overview|intuition|concept|theory|mislead|difference between|"
                # the way to compute, or what is allowed, not a value: 'the formula to convert C to F'
                r"formula|formulas|equation for|rules? (?:on|for|about|around)|regulations?|legally)\b"),
    ("code", r"\b(python|javascript|typescript|java|golang|rust|sql|excel|spreadsheet|pandas|numpy|function|"
             r"script|code|algorithm|library|api|regex|bash|lambda|implement|write a|in c\+\+|snippet)\b"),
    ("world_knowledge", r"(?:^|[.!?;\n]\s*)(?:does|do|did) (?:our|your|their|my|his|her) (?:\w+ ){1,2}(?:count|include|"
                        r"exclude|cover|apply to)\b|"  # a rule of one's own policy: 'does our SLA count weekends?'
                        r"\b(live in|population|people (?:live|are|in)|in the world|on earth|in (?:the )?(?:us|usa|"
                        r"uk|france|germany|china|india|europe|america|africa|asia)(?!\s+(?:fl\.?|fluid|liquid|dry|gal\w*|pints?|quarts?|"
                        r"qts?|cups?|tbsp|tsp|tons?|ounces?|oz|bushels?|sizes?|shoe|units?|customary|imperial)\b)|countries|stars|planets|"
                        r"calories|historically|history|invented|founded|capital of|who (?:is|was|wrote|won)|as of (?:19|20)\d\d|"
                        r"worldwide|globally|americans|nationwide|per capita|gdp|survey(?:ed)?|reported|right now|at the moment|"
                        r"these days|going rate|typical|expected to be|who'?s|who are|who will|"
                        r"entitled|public holiday|what time (?:does|do|is|did) (?:the|our|my|your)|"
                        # the time somewhere else: time zones and daylight saving are knowledge, not arithmetic
                        r"(?:usually|typically|normally|generally) (?:exclude|include|cover|mean|count)s?|"
                        # a word in another language: a translation, not a count of the word written
                        r"in (?:spanish|french|german|italian|portuguese|dutch|polish|japanese|chinese|mandarin|korean|"
                        r"arabic|russian|hindi|latin|greek|turkish|swedish)|"
                        r"time ?zones?|what time is (?:it|that|this) (?:in|for)|(?:\d|am|pm) (?:est|edt|pst|pdt|cst|cdt|"
                        r"cet|cest|gmt|bst|jst|ist|aest)|(?:est|edt|pst|pdt|cet|cest|gmt|bst|jst) in)\b"),
    ("opinion", r"\b(?:sort|order|rank|rate|prioriti[sz]e)\b.{0,30}\bby (?!(?:quantity|capacity|velocity|density|"
                r"city|entity|amount|distance|balance|difference)\b)\w+(?:ness|ity|ance|ence)\b|"
                r"\b(?:sort|order|rank|rate|prioriti[sz]e)\b.{0,30}\bby how (?!many\b|much\b|long\b|far\b|old\b|big\b|"
                r"tall\b|heavy\b|often\b|fast\b|large\b|small\b)\w+|"
                r"\b(?:sort|order|rank|prioriti[sz]e)\b.{0,30}\bby (?!(?:total|net|gross|order|stock|market|dollar|cash|"
                r"face|resale|deal|contract|invoice|unit|item|line|pipeline|lifetime) )(?:\w+ )?(?:priority|severity|importance|relevance|"
                r"impact|urgency|effort|risk|value)\b|\bthoughts\s*\??\s*$|\bwhat'?s a (?:good|reasonable|fair|sensible)\b|\b(should (?:i|we) (?:use|pick|choose|go with)|which (?:one )?should|(?<!much )(?<!many )(?<!long )(?<!often )should (?:i|we)|(?:we|i) should|do you think|opinion|(?:you|u) recommend|recommend (?:me |us )?(?:a|an|some|any)|recommendations?|advice|worth it|better to|pros and cons)\b|"
                r"(?:^|[.!?;:\n]\s*|\b(?:please|pls|can you|could you)\s+)(?:rank|sort|order|rate)\b[^.?!\n]{0,40}\b"
                r"for (?:a|an|our|my|the|use|us|me)\b|"
                # 'which … deserves the prize / look most promising / would you retire and why / are the most fun'
                r"\b(?:which|who)\b[^.?!\n]{0,50}\b(?:deserves?|promising|(?:most|more|the) fun|would (?:you|u)|"
                r"and why|fairest|most fair)\b|"
                # what someone makes of material, names for it, or a choice between two courses
                r"\bwhat (?:do|would) (?:you|u) make of\b|\bhelp (?:me |us )?(?:name|title|label)\b|"
                # others' taste asked ('which schedule do staff prefer?'), or ideas asked for ('can you suggest initials')
                r"\b(?:which|who|what)\b[^.?!\n]{0,50}\b(?:prefers?|preferred)\b|"
                r"\b(?:can|could|would) (?:you|u|someone|anyone) suggest\b|(?:^|[.!?;:\n]\s*)suggest\b|\bany suggestions?\b|"
                r"\bshould (?:i|we)\b[^.?!\n]{0,60}\bor\b[^.?!\n]{0,60}\b(?:first|instead)\b|"
                # the asker's items picked by someone's belief: 'the order ids you think are fraudulent'
                r"\b(?:you|u) (?:think|reckon|believe|suspect|feel) (?:\w+ )?(?:is|are|was|were|looks?|might|could|may)\b"),
    # a judgement asked about the numbers, not a value computed from them
    # (word problems use the same adjectives as plain description — 'a normal movie costs $10', 'enough
    # cookies for 30 days', 'how many should he buy' — so the cue is the adjective as what a yes/no
    # question asks about, or a word that only a judgement uses)
    ("judgement", r"\b(?:rate|score|grade)\b[^.?!\n]{0,40}?\b[01]\s*(?:-|–|to)\s*(?:5|10|100)\b|"
                  r"\bfeedback (?:welcome|please|pls|appreciated)\b|\bany feedback\b|"
                  r"(?:^|[.!?;:\n—–]\s*|\s-\s|\b(?:and|but|so|or)\s+)(?:is|are|was|were|does|do|would|will)\b"
                  r"(?:[^.?!\n]|(?<=\d)\.(?=\d)){0,50}?\b(?:normal|fair|"
                  r"good|bad|reasonable|sensible|enough|sufficient|typical|ok|okay|wise|realistic|legit|right|"
                  r"too (?:late|early|long|short|soon|much|many|expensive|cheap|high|low))\b"
                  r"(?=\s*(?:\?|$|for\b|when\b|in\b|to\b|if\b|after\b|as\b|that\b|given\b|considering\b))|"
                  r"\b(?:a good|good (?:idea|choice|deal|option|fit|name)|(?:is|are|which|what'?s|be) (?:\w+ ){0,3}better|"
                  r"better (?:to|option|choice|idea|off)|best(?![- ]friends?\b|-)|worse|worst|"
                  r"fair (?:price|raise|rate|share|deal|way|amount)|reasonable|sensible|wise|risky|suspicious|"
                  r"polite|(?:un)?professional|friendl(?:y|ier)|(?:in)?appropriate|rude|tacky|"
                  r"worth it|is it worth|worth (?:paying|buying)|"
                  r"worried|rip[- ]?off|sounds?|seems?|looks? like|suit|ideal|would (?:you|u) (?:pick|choose|take|"
                  r"prefer)|do you prefer|should (?:a|an|the|it|this|that|they|we|i) (?:\S+ ){0,3}be|"
                  r"trends?|patterns?|themes?|sentiment|tone|urgency|insights?|takeaways?|story|narrative|(?:you|u|we|i) notice|"
                  r"(?:by|into) (?:topics?|themes?|categories|severity|priority|importance|relevance|mood|meaning|"
                  r"similarity|(?:root )?causes?|reasons?)|"
                  r"like (?:more|better|best)|stands? out|(?:looks?|seems?|sounds?|feels?|reads?) (?:more|less|most|"
                  r"least|better|worse|cleaner|nicer|right|wrong|off|correct|balanced|reasonable|fine|ok|okay)|jumps? out|up[- ]to[- ]date|outdated|"
                  r"is it (?:true|right|correct|accurate|fair) (?:that|to say)|makes? sense|right approach|"
                  r"smart(?:er|est)? (?:choice|option|move|pick|call)|reputation|(?:has|have|had) (?:the |a )?better|"
                  r"generally speaking|what (?:usually |typically |commonly |normally )?causes|"  # a rule, a reason
                  r"(?:does|do|would|will|should)\b[^.?!\n]{0,40}\bcount as)\b"),
    # writing, not computing: a message, an e-mail, a translation, a reformatted table
    ("writing", r"\bhelp (?:me |us )?(?:with )?(?:writing|drafting|wording|phrasing|composing)\b|"
                r"(?:^|[.!?;:\n]\s*|\b(?:please|pls|can you|could you|would you|can u|help me|i need to|"
                r"i want to|and|then)\s+)(?:draft|write(?!\s+(?:'[^'\n]{1,60}'|\"[^\"\n]{1,60}\"|`[^`\n]{1,60}`)\s+(?:as|in)\b)"  # a given string rewritten
                r"(?!\s+(?:it\s+|this\s+|that\s+|the following\s+|these\s+)?(?:backwards|"
                r"in reverse|in (?:all )?(?:block )?capital(?:s| letters)|in (?:all )?caps|in "
                r"(?:upper|lower|title) ?case|in (?:binary|hex|words|roman)|as an? (?:number|decimal|fraction|"
                r"percentage)))|rewrite|reword|rephrase|proofread|translate|remind(?! me\b)|compose)\b|"
                r"\b(?:tl;?dr|haiku|linkedin post|thank you note|birthday message|summari[sz]e)\b|"
                r"\bpost (?:it|them|this|that|these)\b|"
                r"\b(?:turn|make|convert)\b[^.?!\n]{0,30}\b(?:into|as) (?:an?|the|my|our)? ?(?:\w+ ){0,3}"
                r"(?:message|email|e-mail|post|ticket|paragraph|update|summary|story|slide|announcement|chart|graph|"
                r"plot|diagram|deck|bullets?|bullet points?|tweet|slides)\b|"
                r"(?:^|[.!?;:\n]\s*|\b(?:please|pls|can you|could you|would you|can u|help me)\s+)(?:design|lay out|"
                r"redesign)\s+(?:a|an|the|this|it|these|my|our)\b|"
                r"\bsound (?:more|less|nicer|better)\b|\b(?:bold|italics?|highlighted|underlined)\b|"
                r"\b(?:prettier|nicer|cleaner|more readable|tidy (?:it|this|up)|"
                r"reformat|format (?:it|this|these|that)|need an? (?:paragraph|blurb|write-?up|sentence|caption)|"
                r"(?:nice|pretty|proper|formatted) (?:excel|spreadsheet|sheet|pdf|doc|word doc)|with colou?rs)\b"),
    ("analysis", r"\b(summari[sz]e|summary|review|analy[sz]e|analysis|audit|critique|postmortem|incident report)\b|"
                 r"(?:^|[.!?;:\n]\s*|\b(?:please|pls|can you|could you|help me)\s+)compare\b"),
    ("meta", r"\b(how many (?:tokens|messages|requests|users|people|tabs|times have)|can you count|(?<!how )do you)\b"),
    # an imperative change to code: the numbers and money words around it are the spec, not operands
    # (the verb opens a clause or follows please/can you; "she needs to make masks for her class" is a story)
    ("code_change", r"(?:^|[.!?;:\n]\s*|\b(?:please|can you|could you|would you|and|then)\s+)"
                    r"(?:add|update|change|modify|rename|refactor|extend|remove|delete|move|extract|replace|"
                    r"make|rewrite|implement|expose|deprecate)\b[^.?!]{0,40}?(?:\b(?:parameter|argument|kwarg|"
                    r"function|method|endpoint|docstring|signature|decorator|unit test|test suite|test)"
                    r"(?:e?s)?\b|" + CODE_IDENTIFIER.pattern + ")"),
))

NUMBER_WORD_RE = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"half|twice|double|triple|dozen|quarter|third)\b", re.I)
DIGIT_RE = re.compile(r"(?<![A-Za-z])\$?\d[\d,]*(?:\.\d+)?%?")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_RE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b" + _MONTH +
                     r"\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?!\w)|"
                     r"\b(?:next|this|last|coming) (?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                     r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? (?:19|20)\d\d\b", re.I)
TIME_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\b|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b", re.I)
LIST_RE = re.compile(r"(?:[^,\n]{1,40},\s*){2,}[^,\n]{1,40}|:\s*\S+(?:\s+\S+){2,}")
# a date that cannot be a sum or a division someone asks about: ISO (2026-12-03 is not 6-1), a d/m date
# with a year, a day above 12 ('due 30/11'), a zero-padded part ('back 02/01'), or a d/m after a
# preposition of time ('the launch on 12/01')
_SURE_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b0[1-9]/\d{2}\b|\b\d{2}/0[1-9]\b|\b\d{1,2}/0[1-9]\b|"
                        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])\b|"
                        r"\b(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])\b|"
                        r"\b(?:on|by|until|till|from|due|before|after|since) \d{1,2}/\d{1,2}\b")
# a rating scale ('rate it 1-10', 'score from 0 to 5'): a judgement asked, not a subtraction
_SCALE = re.compile(r"\b(?:rate|score|grade|scale|rank)\b[^.?!\n]{0,40}?\b([01]\s*(?:-|–|to)\s*(?:5|10|100))\b", re.I)
# addresses and versions whose dots and slashes are not arithmetic ('10.0.0.0/8', 'v1.2.3-rc1', URLs)
_NOT_ARITHMETIC = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b|\bv?\d+\.\d+\.\d+(?:-[\w.]+)?\b|"
                             r"https?://\S+|"
                             # ISO dates and timestamps ('2026-12-07T09:01:22Z' is not 2026 - 12 - 7)
                             r"\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?|"
                             # a span of clock times ('22:00-23:30', '9am-5pm') is not a subtraction
                             r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]m)?\s*[-–]\s*\d{1,2}(?::\d{2})?\s*[ap]m\b|"
                             r"\b\d{1,2}:\d{2}\s*[-–]\s*\d{1,2}:\d{2}\b|"
                             # a range of a unit ('3-4 hours', '3-5 working days', '14-23 Dec') is not a subtraction
                             r"\b\d{1,3}[-–]\d{1,3}\s*(?=(?:working |business )?(?:hours?|hrs?|days?|nights?|weeks?|"
                             r"wks?|months?|years?|yrs?|mins?|minutes?|seconds?|secs?|people|ppl|[ap]m|"
                             r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b)",
                             re.I)
# a list given after a colon or question mark: 'which of these are even: 3, 8, 12'
PAYLOAD_LIST_RE = re.compile(r"[:?]\s*[^,;\n]{1,40}(?:[,;]\s*[^,;\n]{1,40}){2,}")
ONE_ON_ONE_RE = re.compile(r"\b1[:-]1s?\b")
BRACKET_RUN_RE = re.compile(r"(?:[\[\](){}<>]\s*){4,}")
BRACKET_CHAR_RE = re.compile(r"[\[\](){}]")
QUOTED_RE = re.compile(r"\"[^\"]+\"|“[^”]+”|`[^`]+`|'[^']{2,}'")
QUESTION_RE = re.compile(r"\?\s*$|^\s*(what|whats|how|which|when|who|is|are|does|do|can|could)\b", re.I)
# a request stated otherwise: a question after a comma ('12 of 80 failed, what % is that'), one inside a
# statement ('10k steps is how many miles', 'by what percent did we grow') or an
# imperative operation verb opening the message ('group these by team: ...')
REQUEST_RE = re.compile(r"[,;:\n—–]\s*(?:so\s+|by\s+|in\s+|and\s+)?(?:what|whats|how|which|when|who|"
                        r"(?:could|can|would) (?:you|u))\b|\?[ \t]*[^\s]|"
                        r"\b(?:is|are|was|by|in|to)\s+(?:what|how (?:many|much|long|far|old))\b|"
                        # a question after its condition: 'if we hire 2 more at 65k what does payroll go up by'
                        r"^\s*if\b[^?\n]{0,80}?\b(?:what|how (?:many|much|long|far|old))\b|"
                        r"^\s*(?:pls\s+|please\s+)?(?:group|bucket|"
                        r"categori[sz]e|extract|pull|grab|list|find|count|sort|convert|make|calculate|compute|sum|"
                        r"total|get|filter|keep|remove|dedupe|rank|order)\b", re.I)
# a question about data the message itself gives: 'what percentage is that?', 'how much is it in total?',
# 'what's that per seat'
POINTS_AT_DATA = re.compile(r"\b(?:what|how)\b[^.?!\n]{0,30}\b(?:is|was|are|were|does|do) (?:that|this|it|these|those)\b|"
                            r"\b(?:what(?:'s|s| is| does)?|how much(?: is| does)?) (?:that|this|it)\b(?! (?:to|about|in)\b)",
                            re.I)
W_POINTS = 0.5
# a percentage as an operation: '7.5% of 1,200', '20% off', 'in %', 'what % is'
PERCENT_OF = re.compile(r"%\s*(?:of|off|on|from|more|less|tip|discount|vat|tax|interest|change|increase|decrease|"
                        r"diff)\b|\bwhat ?%|\b(?:in|as an?|as)\s*%|\bpercent(?:age)?\b|\bper cent\b", re.I)
# Slack escapes these three characters in message text
_SLACK_ESCAPES = re.compile(r"&(?:amp|lt|gt);")
_UNESCAPED = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
# a code snippet (its brackets are operands: 'missing closers for `f(a[i], {k: (v`')
_SNIPPET = re.compile(r"`[^`\n]+`")
_RELATIVE_DAY = re.compile(r"\b(?:today|tomorrow|yesterday|now)\b", re.I)
_TRUTH = re.compile(r"\b(?:true|false)\b", re.I)
# a name of two or more capitalised words after the first word ('initials for Maria Elena Gonzalez')
_NAME_RUN = re.compile(r"(?<=\s)(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)")
# the names of letter cases ('camelCase or snake_case?') are not strings to rewrite
_CASE_NAMES = re.compile(r"\b(?:camel|pascal|snake|kebab|title|upper|lower|sentence)[_-]?case\b", re.I)
# the string a rewrite acts on, given after a colon at the end ('uppercase this: acme-emea-renewal-fy27')
_STRING_PAYLOAD = re.compile(r":[ \t]*\S+(?:[ \t]+\S+){0,7}[ \t]*$")
# a number with a unit of measure ('64 bytes', '26.2 miles')
# or a pair of units to convert between ('lbs to kg: 185')
_MEASURE = re.compile(r"\d\s*" + _UNITS + r"(?![\w/])|\d\s*°?(?-i:[CF])\b|\b" + _UNITS + r"\s+(?:to|in|into|->|→)\s+" + _UNITS +
                      r"(?![\w/])", re.I)
# the words of a request around pasted data are few: beyond this many it is a document with a question
REQUEST_MAX_WORDS = 40
# a terse message (an operation and its operands, '5'11 in cm') is a request as it stands
TERSE_WORDS = 6
# the header of a report ('status: ...', 'weekly numbers: ...', 'meeting notes -'): it tells, unless it also asks
REPORT_HEADER = lex.REPORT_HEADER
# A remark that shares something rather than asking ('TIL …', 'fyi …', 'btw …').
STATEMENT_RE = re.compile(r"^\W*(?:til|fyi|btw|psa|heads[- ]up|fun fact)\b|" + REPORT_HEADER, re.I)


@dataclass(frozen=True)
class Trigger:
    """One piece of evidence: its kind, where it is in the text and the matched words."""

    kind: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        """Plain data for JSON."""
        return {"kind": self.kind, "span": [self.start, self.end], "text": self.text}


@dataclass(frozen=True)
class Evidence:
    """Counts of what a query asks for and what data it carries, and the score they add up to."""

    operations: tuple[Trigger, ...]
    negatives: tuple[Trigger, ...]
    numbers: int
    dates: int
    times: int
    has_list: bool
    has_quoted: bool
    is_question: bool
    score: float  # probability-like, 0–1, that the query is better computed than reasoned
    # how the message asks (see `request_mood`): "asks", "terse", "states" or "asks_other"
    mood: str = "asks"


# 'max'/'min' after a count is a limit or minutes ('3 bullet points max', '5 min'), not a maximum asked for
_LIMIT = re.compile(r"\d\s*(?:[a-z]+\s+){0,3}$", re.I)


# 'mean' as a verb ('what does the poet mean by', 'what do you mean'), not an average
_VERB_MEAN = re.compile(r"\b(?:does|do|did|would|could|might|to|i|you|we|they|really)\b(?:\s+\w+){0,3}\s*$", re.I)


# superlatives a list of words answers by counting ('which option was the most popular?')
_COUNTABLE = frozenset("popular common frequent frequently mentioned used requested repeated often voted picked "
                       "chosen letters words characters vowels".split())
_SUPERLATIVE = re.compile(r"\bthe (?:most|least) (\w+)", re.I)


def _unmeasured_superlative(said: str, text: str) -> bool:
    """'which is the most reputable?' over a list with no numbers: nothing to measure, a judgement."""
    m = _SUPERLATIVE.search(said)
    return m is not None and not re.search(r"\d", text) and m.group(1).lower() not in _COUNTABLE


# a measured quantity after 'best'/'worst' ('the best activation rate', 'worst p95 latency'): a superlative of it
_MEASURED_AFTER = re.compile(r"(?:\s+[\w%-]+)?\s+(?:rate|ratio|score|margin|conversion|ctr|cpa|cpc|roi|roas|yield|return|"
                             r"average|avg|percentage|%|total|latency|time|uptime|retention|churn)\b", re.I)


def find_triggers(text: str) -> tuple[list[Trigger], list[Trigger]]:
    """Operation triggers and counter-cues of `text`, each with its span."""
    dates = [m.span() for m in _SURE_DATE.finditer(text)] + [m.span() for m in _NOT_ARITHMETIC.finditer(text)] + \
        [m.span(1) for m in _SCALE.finditer(text)]
    ops = [Trigger(kind, m.start(), m.end(), m.group(0)) for kind, pat in OPERATION_PATTERNS
           for m in pat.finditer(text)
           if not (kind == "arithmetic" and any(a <= m.start() and m.end() <= b + 1 for a, b in dates))
           and not (kind == "statistics" and m.group(0).lower() in {"max", "min"}
                    and _LIMIT.search(text, max(0, m.start() - 40), m.start()))
           and not (kind == "statistics" and m.group(0).lower() == "mean"
                    and _VERB_MEAN.search(text, max(0, m.start() - 40), m.start()))
           and not (kind == "statistics" and _unmeasured_superlative(m.group(0), text))]
    ops += [Trigger(kind, a, b, said) for kind, reader in (("conversion", conversion_asks),
                                                           ("date_math", date_shift_asks), ("money_time", period_asks),
                                                           ("quantity", value_asks),
                                                           ("filter_compare", selection_asks),
                                                           ("compare", threshold_asks), ("boolean", rule_asks),
                                                           ("compare", range_asks), ("compare", settled_asks))
            for a, b, said in reader(text)]
    negs = [Trigger(kind, m.start(), m.end(), m.group(0)) for kind, pat in NEGATIVE_PATTERNS
            for m in pat.finditer(text)
            if not (kind == "code" and m.group(0).lower() == "code"
                    and _LABEL_CODE_BEFORE.search(text, max(0, m.start() - 20), m.start()))]
    negs = [t for t in negs if not (t.kind == "judgement" and t.text.lower() in {"best", "worst"}
                                    and _MEASURED_AFTER.match(text, t.end))]
    negs += [Trigger("judgement", a, b, said) for a, b, said in verdict_asks(text)]
    checked = claim_check(text)
    if checked is not None:  # 'insists 221 is prime. is he right?': 'right' asks whether the claim holds
        negs = [t for t in negs if not (t.kind == "judgement" and checked[0] - 2 <= t.start and t.end <= checked[1])]
    return sorted(ops, key=lambda t: t.start), sorted(negs, key=lambda t: t.start)


# weights of the evidence score (a small logistic model, fitted by hand on the development sets and
# checked on held-out splits; see benchmarks/compute.py)
W_BIAS = -3.15
W_OPERATION = 1.5        # first distinct kind of operation asked
W_MORE_OPERATIONS = 0.35  # each further kind, up to three
W_OPERANDS = 1.25        # per unit of operand evidence (log-scaled)
W_QUESTION = 0.4
W_INLINE_EXPRESSION = 1.0  # '345 + 789' written out is itself strong evidence
INLINE_EXPRESSION = re.compile(r"\d(?:h|m|s|ms|min|hrs?|d|k|bn?)?\s*[$€£]?\s*[-+*/×÷^]\s*[$€£]?\s*\(?\s*-?\d|\d\s+x\s+\d|"
                               r"\b(?:sqrt|cbrt|log(?:2|10)?|ln|factorial|abs)\s*(?:of\s*|\()\s*-?\d|"
                               r"\b(?:true|false)\)?\s*(?:&&|\|\|)|(?:&&|\|\|)\s*!?\(?\s*(?:true|false)\b|"
                               r"\b[a-z]\w*\s*=\s*(?:true|false)\b.{0,20}\b[a-z]\w*\s*=\s*(?:true|false)\b|"
                               r"\b(?:true|false)\)?\s+(?:and|or)\s+(?:not\s+)?\(?\s*(?:true|false)\b", re.I)
# cue kinds that alone are weak evidence of a computation (words with everyday meanings)
WEAK_KINDS = frozenset({"filtering", "string_op", "boolean", "brackets", "ordering_puzzle", "state_tracking"})
# cue kinds specific enough that one of them with a single operand makes the case ('factors of 84')
STRONG_KINDS = frozenset({"number_theory", "case_style", "money_time", "grouping", "extraction", "filter_compare",
                          "table_query"})
# counter-cues that, outside a pasted table, say a question about it wants no computation ('who was'
# is a knowledge cue in prose, but 'who was fastest' under a table of times asks for a minimum)
TABLE_VETOES = frozenset({"how_to", "judgement", "writing", "opinion", "analysis", "explain", "explain_request", "code"})
# Words around a pasted table that ask for advice or a forecast about it ('who do you reckon will improve', 'what
# should Raj focus on', 'suggest better column names', 'is any of this likely to be rejected'): no value to compute.
TABLE_ADVICE = re.compile(r"\b(?:reckon|suggest(?:ions?)?|likely|unlikely|focus on|advi[sc]e|improve|hypothes[ie]s|"
                          r"(?:what|how|who|whom) should|which (?:\w+ ){0,3}should|should (?:we|i|they|he|she)\b)", re.I)
W_STRONG = 0.6  # added to W_OPERATION when a strong kind is asked
DAMPED_NEGATIVES = frozenset({"world_knowledge", "explain", "meta"})
W_NEGATIVE = {"how_to": -2.6, "explain": -1.9, "code": -1.7, "world_knowledge": -2.2, "opinion": -1.8, "analysis": -1.8,
              "meta": -1.5, "code_change": -2.0, "judgement": -2.2, "writing": -3.2, "explain_request": -1.5}


# Beyond this length a query is a story plus a question: only the question asks for an operation.
LONG_QUERY_CHARS = 240
_IMPERATIVE = re.compile(r"(?:^|,)\s*(?:please\s+)?(calculate|compute|evaluate|sort|count|convert|sum|add up|"
                         r"average|reverse|find|determine|list|order|alphabeti[sz]e|work out|figure out)\b", re.I)


# Operand evidence of very long texts (pasted logs, documents) is read from their head and tail.
MAX_SCAN_CHARS = 2000


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# a question that only asks for help, its object said in the sentence before it
_BARE_ASK = re.compile(r"^\s*(?:(?:could|can|would) (?:you|u|someone|anyone)(?: please| pls)? help(?: me| us)?(?: out)?|"
                       r"any help|help(?: me| us)?(?: out)?(?: please| pls)?)\s*\?\s*$", re.I)


def ask_spans(text: str) -> list[tuple[int, int]]:
    """Where a long query asks its question: the last question sentence and imperative sentences."""
    end = len(text)
    m = re.search(r"\n\s*(?:Options|Answer choices|Choices):", text)
    if m:
        end = m.start()
    spans = []
    sentences = [(s.start(), s.end()) for s in re.finditer(r"[^.!?\n]+[.!?]?", text[:end])]
    questions = [sp for sp in sentences if text[sp[0]:sp[1]].rstrip().endswith("?")]
    if questions:
        spans.append(questions[-1])
        i = sentences.index(questions[-1])
        if i > 0 and _BARE_ASK.match(text[questions[-1][0]:questions[-1][1]]):
            # 'Could you help?' asks for what the sentence before it says ('... how many weeks we have left')
            spans.append(sentences[i - 1])
    elif sentences:
        spans.append(sentences[-1])
    if sentences and "\n" in text[sentences[0][1]:end]:
        spans.append(sentences[0])  # the ask opening the material: 'can u pull out the req_ids from the ERROR lines\n```...'
    spans += [sp for sp in sentences if _IMPERATIVE.search(text[sp[0]:sp[1]])]
    return spans


_CHOICES = re.compile(r"\n\s*(?:Options|Answer choices|Choices):|\n\s*\(?[A-E][.)]\s+\S.*\n\s*\(?[B-F][.)]\s", re.I)


def question_body(text: str) -> str:
    """The query without its multiple-choice options (numbers in options are not operands)."""
    m = _CHOICES.search(text)
    return text[: m.start()] if m else text


def evidence(text: str) -> Evidence:
    """Score how strongly `text` asks for a computation on data it contains."""
    full = collapse_long_numbers(ONE_ON_ONE_RE.sub("meeting", _SLACK_ESCAPES.sub(lambda m: _UNESCAPED[m.group(0)], text)))
    text = question_body(full)
    offered = text != full  # answer options offered: the message asks to pick one, however it is worded
    if len(text) > LONG_QUERY_CHARS:
        ops, negs = [], []
        for a, b in _merge(ask_spans(text)):
            o, n = find_triggers(text[a:b])
            ops += [Trigger(t.kind, t.start + a, t.end + a, t.text) for t in o]
            negs += [Trigger(t.kind, t.start + a, t.end + a, t.text) for t in n]
    else:
        ops, negs = find_triggers(text)
        negs = _outside_payload(text, ops, negs)
    text = text if len(text) <= MAX_SCAN_CHARS else text[: MAX_SCAN_CHARS // 2] + "\n" + text[-MAX_SCAN_CHARS // 2:]
    digits = [m.group(0) for m in DIGIT_RE.finditer(text)]
    years = sum(1 for d in digits if re.fullmatch(r"(1[5-9]|20)\d\d", d))
    words = NUMBER_WORD_RE.findall(text)
    numbers = len(digits) - years + len(words)
    dates = len(DATE_RE.findall(text))
    times = len(TIME_RE.findall(text))
    pasted = read_operands(text)
    has_list = bool(LIST_RE.search(text)) or pasted.list_items > 0
    has_quoted = bool(QUOTED_RE.search(text))
    is_question = bool(QUESTION_RE.search(text.strip()))
    if len(BRACKET_CHAR_RE.findall(text)) < 2:
        ops = [t for t in ops if t.kind != "brackets"]  # 'does that mix look balanced?': no brackets to balance
    kinds = {t.kind for t in ops}
    weak = kinds <= WEAK_KINDS
    if kinds == {"filtering"} and (pasted.list_items or PAYLOAD_LIST_RE.search(text)) and \
            (is_question or REQUEST_RE.search(text)):
        weak = False  # 'filter to the .csv files: a.csv, b.txt' — an everyday word applied to a pasted list
    brackets = bool(BRACKET_RUN_RE.search(text)) or any(
        sum(c in "[](){}<>" for c in m.group(0)) >= 4 for m in _SNIPPET.finditer(text)) or (
        "brackets" in kinds and len(BRACKET_CHAR_RE.findall(text)) >= 3)  # 'close this: foo(bar[baz(1'
    if "brackets" in kinds and brackets:
        weak = False  # 'are these brackets ok: [ ( ] )', 'closers for `f(a[i], {k: (v`': the brackets are written out
    # truth values are operands when they make an expression ('A=false B=true', '!(true && false)'), not
    # when they are words ('true shape, true size and true distance')
    truths = len(_TRUTH.findall(text)) if "boolean" in kinds and INLINE_EXPRESSION.search(text) else 0
    if truths:
        weak = False
    if "case_style" in kinds and _NAME_RUN.search(text):
        has_quoted = True  # 'initials for Maria Elena Gonzalez': the string to rewrite is a name
    if kinds & {"case_style", "string_op"} and (_STRING_PAYLOAD.search(text) or
                                                CODE_IDENTIFIER.search(_CASE_NAMES.sub(" ", lex.QUOTED.sub(" ", text)))):
        has_quoted = True  # 'uppercase this for the campaign code: acme-emea-fy27', 'getUserProfileData to snake_case'
        weak = False  # the rewrite has its string: the word is an operation, not an everyday word
    asks = is_question or bool(REQUEST_RE.search(text))
    asked = asks or bool(lex.ASKED.search(text) or lex.REQUESTED.search(text) or lex.IMPERATIVE.search(text))
    # the words of the request around the pasted data: 'failed' or 'review' in a pasted line is data
    request = blank_data(text) if pasted.table_rows or pasted.list_items else text
    if len(request.split()) > REQUEST_MAX_WORDS:
        request = text  # a document with a question (a passage, a poem), not a request around pasted data
    if request is not text:
        negs = [t for t in negs if request[t.start:t.end].strip()]
        # an operation word inside the pasted lines ('1. count fridge items 07:00') is data, not the request
        ops = [t for t in ops if request[t.start:t.end].strip()]
        kinds = {t.kind for t in ops}
    around = _around_data(text, request)  # (request words, data) of a short request around pasted data
    amount = around is not None and bool(lex.AMOUNT_ASK.search(around[0]))
    selects = around is not None and bool(_SELECTS_ROWS.search(around[0]))
    if (not kinds or around is not None) and (pasted.table_rows and (asks or "?" in text or asked and (amount or selects)) or
                      asked and around is not None and (amount or _names_data(*around))) and \
            not {t.kind for t in find_triggers(prose(text) if request is text else request)[1]} & TABLE_VETOES and \
            not TABLE_ADVICE.search(request if request is not text else prose(text)):
        # a question asked under (or over) a pasted table is a question about the table; over a pasted
        # list, when it asks for an amount ('hours per person:') or names values of the list ('which jobs
        # failed?' over 'e2e: failed'); unless its words outside the data ask for a judgement or a piece
        # of writing: then no operation is implied
        ops.append(Trigger("table_query", 0, 0, ""))
        kinds.add("table_query")
        weak = False
    # a year is an operand of date arithmetic ('how old will I be in 2040 if I was born in 1995'), elsewhere
    # mostly a label ('in 2023 we ...')
    if "date_math" in kinds and _RELATIVE_DAY.search(text):
        dates += 1  # 'today + 45 days': today is the date the period is added to
    operand_units = min(numbers, 6) * 0.5 + (0.7 if "date_math" in kinds else 0.2) * min(years, 3) + dates + times + \
        (1.0 if has_list else 0) + \
        (1.0 if has_quoted else 0) + (2.0 if pasted.table_rows else 0) + 0.5 * min(pasted.entities, 4) + \
        (1.0 if brackets else 0) + 0.5 * min(truths, 4) + \
        (1.0 if "conversion" in kinds and _MEASURE.search(text) else 0)  # '64 bytes': a measure carries its unit
    z = W_BIAS
    if kinds:
        z += (W_OPERATION * (0.6 if weak else 1.0)) + W_MORE_OPERATIONS * min(len(kinds) - 1, 3)
        # a strong kind asked, or material paired with an ask by a reader ('12 kg ... how many lb?')
        z += W_STRONG if kinds & STRONG_KINDS or paired_asks(text) else 0.0
    z += W_OPERANDS * math.log1p(operand_units) * 1.6
    # a question, a request, an imperative verb of computing opening the message ('round up 4,567 to ...'),
    # or a terse operation and its operands
    asks = asks or (kinds and (bool(lex.IMPERATIVE.match(text)) or not weak and len(text.split()) <= TERSE_WORDS))
    z += W_QUESTION if asks else 0.0
    if INLINE_EXPRESSION.search(_NOT_ARITHMETIC.sub(" ", DATE_RE.sub(" ", text))):  # 3/14 is a date, not a division
        z += W_INLINE_EXPRESSION
    # a question that states three or more numbers carries its own data: a counter-cue ('calories',
    # 'population', 'difference between') is then much weaker evidence of a knowledge question
    points = numbers >= 2 and bool(POINTS_AT_DATA.search(text))
    if points and kinds:
        z += W_POINTS  # 'Out of 640 responses, 208 said yes. What percentage is that?'
    damp = 1.0 if numbers < 2 else (0.65 if numbers == 2 and not points else 0.4)
    if points:
        damp = 0.2
    if pasted.table_rows or pasted.list_items or around is not None:
        damp = 0.4  # so does a pasted table or list ('how many people said yes?' over a list of replies)
    for kind in {t.kind for t in negs}:
        # code words inside a data list ('sort: python, rust, go') are data, not a request for code
        z += W_NEGATIVE[kind] * (0.4 if kind == "code" and has_list else 1.0) * \
            (damp if kind in DAMPED_NEGATIVES else 1.0)
    score = 1.0 / (1.0 + math.exp(-z))
    mood = "asks" if offered else request_mood(text, ops, pasted)
    if mood in {"states", "terse"} and any(re.fullmatch(r"[^\w.]*", text[b:]) or re.match(
            r"(?:wants|needs|expects|requires|only (?:takes|accepts))\b", said, re.I) for _, b, said in conversion_asks(text)):
        mood = "asks"  # 'recipe says 180°C, my oven is in fahrenheit 🙃': the other unit closing the message asks for it
    if mood == "asks" and _judged_ask(text, ops, negs):
        mood = "asks_other"
    if mood in {"asks", "terse"} and not offered and any(True for _ in verdict_asks(text)):
        mood = "asks_other"  # '... 2 lives scheduled — does that mix look balanced to u?': a verdict on the numbers  # '... 03/11, 10/11, 17/11. does the billing pattern look suspicious?': a verdict asked
    # a percentage written down is a value, not an operation: 'error rate at 4.2%', 'notes: 1) budget +5%'
    lone_value = mood == "terse" and kinds == {"percentage"} and (numbers < 2 or not PERCENT_OF.search(text))
    if not kinds or mood in NOT_ASKING or lone_value or (STATEMENT_RE.match(text) and not asks):
        # data without a question is not a computation, however much data there is; nor is a message
        # that only tells something ('TIL 2^31 - 1 is a Mersenne prime'), or asks something its numbers
        # do not answer
        score = min(score, 0.2)
    return Evidence(tuple(ops), tuple(negs), numbers, dates, times, has_list, has_quoted, is_question, score, mood)


_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{2,}", re.I)
_FUNCTION_WORDS = frozenset("the and for are was were is with from these those this that them which what who how "
                            "many much any all of to in on at by out our your my their its has have had can you "
                            "please pls".split())


# counter-cues that, inside the question itself, ask for a verdict or a piece of writing, not a value
_JUDGED_KINDS = frozenset({"judgement", "opinion", "writing", "how_to"})


def _judged_ask(text: str, ops: list[Trigger], negs: list[Trigger]) -> bool:
    """Whether the question that closes the message (after its material) asks for a verdict or a piece of
    writing and names no operation: 'who should get the promotion?', 'which is the smarter choice ...?',
    'what story do these numbers tell?'. The material before it is then context, not operands."""
    span = ask_clause(text)
    if span is None:
        return False
    a, b = span
    if a == 0 and (not _MATERIAL_AFTER.search(text, b) or lex.VALUE_ASK.search(text, a, b)):
        # the message is its question (the operation score reads all of it), or its opening question names
        # a value of the material ('total story points in this table?\n| Feature | Pts |')
        return False
    if not any(a <= t.start < b and t.kind in _JUDGED_KINDS for t in negs):
        return False
    return not any(a <= t.start < b for t in ops if t.kind != "table_query")


# a one-line request, a colon, then the text it acts on ('capitalize every word pls: five ways to grow on threads')
_REQUEST_COLON = re.compile(r"^([^\n:?]{3,80}?):[ \t]+(?=\S)([^\n?]*)$")


_LINK = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.I)


def _outside_payload(text: str, ops: list[Trigger], negs: list[Trigger]) -> list[Trigger]:
    """Counter-cues inside the text a one-line request acts on are words of that text, not of the request:
    'ways to' in 'capitalize the first letter of every word pls: five ways to grow on threads'; so are the words
    of a link ('…?utm_medium=story')."""
    links = [(u.start(), u.end()) for u in _LINK.finditer(text)]
    negs = [t for t in negs if not any(a <= t.start and t.end <= b for a, b in links)]
    m = _REQUEST_COLON.match(text.strip())
    if m is None or not negs:
        return negs
    offset = text.find(m.group(1))
    head_end = offset + len(m.group(1))
    head = m.group(1)
    if not any(t.end <= head_end for t in ops) or not (lex.IMPERATIVE.search(head) or lex.REQUESTED.search(head)):
        return negs
    return [t for t in negs if t.start < head_end]


# a request that keeps some rows of pasted data ('give me only the orders going to germany pls')
_SELECTS_ROWS = re.compile(r"\b(?:only|just|except|excluding|without|where|whose|that (?:are|have|were|had))\b", re.I)
# material after a question that opens the message ('does this structure make sense? ...\nacv 132,500 x 9%')
_MATERIAL_AFTER = re.compile(r"\n[^\n]*\d|\n[^\n]*\n", re.I)


def _around_data(text: str, request: str) -> tuple[str, str] | None:
    """The words of a short request and the data pasted with it: the lines `blank_data` blanked out,
    or an inline list of short items ('which of these are even: 3, 8, 12'); None for anything else."""
    if request is not text:
        return request, "".join(c if r == " " else " " for c, r in zip(text, request))
    m = PAYLOAD_LIST_RE.search(text)
    if m is None or len(text) > LONG_QUERY_CHARS:
        return None
    data = re.split(r"[.?!](?:\s|$)", m.group(0)[1:])[0]
    items = re.split(r"[,;]|\band\b|\bor\b", data)
    if len(items) < 3 or any(len(i.split()) > 3 for i in items):
        return None
    return text.replace(data, " ", 1), data


def _names_data(request: str, data: str) -> bool:
    """Whether the words of a request name values of the data pasted with it ('failed', 'yes')."""
    asked = {w.lower() for w in _CONTENT_WORD.findall(request)} - _FUNCTION_WORDS
    return bool(asked & {w.lower() for w in _CONTENT_WORD.findall(data)})


# moods of a message that asks for no value: it states something, or asks for a person, a reason, a verdict
NOT_ASKING = frozenset({"states", "asks_other"})
# where a question's clause begins: after a sentence, a line, a dash, or a comma before a question word
_CLAUSE_CUT = re.compile(r"[.!?]\s+|\n|\s[-–—]\s|,\s*(?=(?:so\s+)?(?:what|whats|how|which|who|when|is|are|does|do|can)\b)",
                         re.I)


def ask_clause(text: str) -> tuple[int, int] | None:
    """The span of the clause that ends at the last '?' of `text` (None without a question mark)."""
    end = text.rfind("?")
    if end < 0:
        return None
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(text, 0, end)]
    return (max(cuts) if cuts else 0), end + 1


# a message that says it only keeps its numbers for the record ('just logging it here', 'no action needed')
_RECORDS = re.compile(r"\b(?:just |only )?(?:logging|noting|recording|parking|leaving|dropping|posting|putting) (?:it|this|these|"
                      r"them|that|the (?:numbers|figures|stats))(?: down)? (?:here|for (?:later|the record|reference|posterity))\b|"
                      r"\bfor the record\b|\bno action (?:needed|required)\b|\bnothing (?:to do|needed) (?:here|for now)\b",
                      re.I)


def request_mood(text: str, ops: list[Trigger] | tuple[Trigger, ...] = (), pasted: Operands | None = None) -> str:
    """How a message asks: "asks" (a question or a request), "terse" (an expression or a noun phrase:
    'sqrt of 7225', 'monthly payment on a 25k loan'), "states" (it only tells: 'the migration will take
    3-4 hours') or "asks_other" (its question asks for a person, a reason, a process or a verdict, and
    no operation is in it: '... charged twice (£49.99 x2) - what's the refund process?')."""
    said = fix_typos(text)  # 'wht are the amounts in ...' asks as 'what' does
    if "?" not in text and _RECORDS.search(text):
        return "states"  # '... escalated: 61. just logging it here for later': kept for the record, nothing asked
    asked = bool(lex.ASKED.search(said) or lex.REQUESTED.search(said) or lex.IMPERATIVE.search(said))
    if not asked:
        return "states" if lex.DECLARES.search(text) else "terse"
    span = ask_clause(text)
    if span is None or span[0] == 0:
        return "asks"  # the message is its question: the operation score reads all of it
    a, b = span
    clause = text[a:b]
    pasted = pasted or read_operands(text)
    if _BARE_ASK.match(clause) and any(t.start < a for t in ops):
        return "asks"  # 'Could you help?' after '... work out how many weeks we have left'
    if any(True for _ in settled_asks(text)) or claim_check(text) is not None:
        return "asks"  # '... cap is 48 — can she take a 4h extra?', '… insists 221 is prime. is he right?': a yes/no its numbers settle
    if {w.lower() for w in re.findall(r"[a-z_]\w*", clause, re.I)} & \
            {w.lower() for w in re.findall(r"\b([a-z_]\w*)\s*(?:=|:=)(?!=)", text, re.I)}:
        return "asks"  # 'on = `(plan == pro) or beta` ... is it on?': the question names a value the message defines
    if lex.IMPERATIVE.search(text, b - 1) and any(t.start >= b for t in ops):
        return "asks"  # '... who goes first? sort earliest → latest': an instruction after the question asks
    if lex.OTHER_ASK.match(clause) and not lex.VALUE_ASK.search(clause) and \
            not any(a <= t.start < b for t in ops) and not (pasted.table_rows or pasted.list_items) and \
            not lex.IMPERATIVE.match(text):
        return "asks_other"
    return "asks"
