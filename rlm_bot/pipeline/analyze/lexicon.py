"""Word lists and patterns the analysis stage scores queries with (policy as data)."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

GREETINGS = frozenset(
    "hi hello hey hiya yo howdy sup morning evening afternoon gm hallo hola bonjour greetings".split()
)
THANKS = frozenset("thanks thank thx ty cheers appreciated appreciate kudos tysm".split())
ACKS = frozenset("ok okay k kk cool great nice awesome perfect got it sure yep yes no nope lol".split())
SMALL_TALK = (
    re.compile(r"^(good (morning|afternoon|evening|night)|how are (you|u)|what'?s up|how'?s it going)\b", re.I),
)

WH_START = re.compile(r"^(what|who|whom|whose|when|where|which|why|how|is|are|was|were|does|do|did|can|could|"
                      r"should|would|will|has|have)\b", re.I)
FACTUAL_START = re.compile(r"^(what|who|when|where|which)( is| are| was| were|'s| does| did)?\b", re.I)

# Names as code spells them: snake_case (`cart_total`), camelCase (`sortItems`) or a call (`parse()`).
# Math subscripts (S_5, Z_26, x_1) are not names: the first part needs two lowercase letters and
# the last part a letter; nor are the names of letter cases ('make this snake_case').
CODE_IDENTIFIER = re.compile(
    r"(?-i:\b(?!(?:snake|kebab|camel|pascal|title|upper|lower|sentence)_case\b)[a-z][a-z0-9]+(?:_[a-z0-9]+)*_[a-z][a-z0-9]*\b|\b[a-z]{2,}[A-Z][A-Za-z0-9]*\b|\b[A-Za-z_][\w.]*\(\))")
# Quoted text is data ('rlm_bot v0.1'), not a name in code.
QUOTED = re.compile(r"\"[^\"\n]*\"|(?<!\w)'[^'\n]*'(?!\w)|“[^”\n]*”")
# What a change to code is made on: code nouns (singular or plural), and names as code spells them.
CODE_OBJECTS = (r"(?:function|class|method|script|code|test|endpoint|query|regex|program|module|component|cli|api|"
                r"handler|parameter|param|argument|kwarg|field|attribute|property|variable|constant|signature|"
                r"docstring|decorator|interface|enum|schema|migration|fixture|type hint)(?:e?s)?\b|"
                + CODE_IDENTIFIER.pattern)
CODE_CUES = re.compile(
    r"\b(write|implement|refactor|code|function|class|method|script|regex|sql query|unit tests?|endpoint|"
    r"api|dockerfile|yaml|json schema|snippet|program|module|library|compile|typescript|python|javascript|"
    r"golang|rust|java|bash|kotlin|swift|parameters?|arguments?|kwargs?|docstrings?|test suite|signature)\b", re.I)
# An imperative verb of writing or changing code, then (within the clause) what it acts on.
CODE_ACTIONS = re.compile(
    r"\b(write|implement|refactor|create|generate|build|add|port|convert|rewrite|optimi[sz]e|update|change|modify|"
    r"rename|extend|remove|delete|move|extract|replace|expose|deprecate|migrate)\b[^.?!]{0,40}?"
    r"(?:\b(?:" + CODE_OBJECTS + r"))",
    re.I)
CODE_BLOCK = re.compile(r"```|^\s{4}\S|\bdef \w+\(|\bclass \w+[:(]|=>|\bimport \w+|#include|\bfunc \w+\(", re.M)
DEBUG_CUES = re.compile(
    r"\b(traceback|stack ?trace|exception|error|errors|bug|crash(es|ed|ing)?|fails?|failing|failed|broken|"
    r"doesn'?t work|not working|segfault|panic|undefined|null pointer|nullpointer|TypeError|ValueError|"
    r"KeyError|AttributeError|ImportError|NameError|IndexError|RuntimeError|\w+Exception|exit code|"
    r"timeout|hangs?|flaky|regression|debug)\b", re.I)
ANALYSIS_CUES = re.compile(
    r"\b(analy[sz]e|analysis|compare|comparison|evaluate|assess|review|summari[sz]e|summary|pros and cons|"
    r"trade-?offs?|critique|audit|investigate|break down|breakdown|insights?|implications?|"
    r"recommend(ation)?s?|strategy|versus|vs\.?)\b", re.I)
REASONING_CUES = re.compile(
    r"\b(why|explain|prove|derive|design|architect|plan|step by step|reason|justify|how (would|should|could)|"
    r"what if|trade-?offs?|optimi[sz]e|best way|approach|implications?|consequences?|root cause|"
    r"if .{1,40} then|because|therefore|whereas|however)\b", re.I)
VAGUE_CUES = re.compile(
    r"\b(it|this|that|these|those|stuff|thing|things|something|somehow|whatever|etc|the issue|the problem|"
    r"the thing|same as before|like before|you know)\b", re.I)
TECH_TERMS = frozenset(
    """api kubernetes k8s docker container pod helm terraform aws gcp azure lambda s3 ec2 iam vpc dns tls ssl
    http https grpc rest graphql oauth jwt sso ldap saml postgres postgresql mysql sqlite redis kafka rabbitmq
    elasticsearch mongodb cassandra index query schema migration orm sqlalchemy django flask fastapi react vue
    angular node npm webpack vite typescript python javascript golang rust java kotlin swift c++ compiler
    runtime thread mutex async await coroutine goroutine latency throughput p99 cache cdn load balancer nginx
    kernel syscall memory leak heap stack gc garbage regression gradient tensor pytorch torch model embedding
    transformer llm prompt token tokens fine-tune finetune inference vector chroma eigenvalue derivative
    integral matrix theorem lemma hypothesis p-value regression variance covariance bayesian markov
    ci cd pipeline deploy deployment rollback canary ingress egress firewall subnet cidr ipv4 ipv6 tcp udp
    websocket protobuf serialization deserialization hash sha256 encryption cryptography git rebase merge
    commit branch repo monorepo linter pytest unittest mock fixture benchmark profiling flamegraph
    statute liability tort plaintiff ebitda amortization depreciation gaap ifrs arbitrage derivative
    diagnosis pathology pharmacokinetics dosage""".split())

# --- request mood: does a message ask for something, or only tell something? -------------------------
# A question asked outright: a '?', a wh-word that is not an indirect 'what to say' / 'how to', or an
# opening auxiliary ('is 4,817 even', 'can u add these').
ASKED = re.compile(r"\?|\b(?:what|whats|how|which|when)\b(?!\s+to\b)|\by/n\b|"
                   # an auxiliary after a filler, on a number or a pointer: 'random but is 1021 prime'
                   r"\b(?:but|so|also|btw|ok|okay)\s+(?:is|are|was|does|do|did|can|could|would|will)\s+"
                   r"(?:[$€£]?\d[\d,.]*|it|this|that|these|those|there|we|my|our)\b|"
                   r"(?:^|[.!?:;\n]\s*)(?:is|are|does|do|did|can|could|would|will)\b|(?:^|[.!?\n]\s*)(?:who|whose|whom|where|why)\b|"
                   r"^\s*in (?:python3?|javascript|js)\s*,?\s*(?:is|does|do|what)\b",  # 'in python is '10' == 10'
                   re.I)
# Someone asking for something to be done without a question mark.
REQUESTED = re.compile(r"\b(?:pls|plz|please|can (?:you|u|someone|somebody|sb)|could (?:you|u|someone)|would you|"
                       r"need\b(?!\s+(?:\d|a few|some|more)\b)|want|i'd like|help me|give me|tell me|show me|let me know|quick (?:q|one|math|check)|"
                       r"sanity check|true or false)\b", re.I)
# A verb of a compute request opening a clause, followed by its object (not by a number: 'order #48290').
IMPERATIVE = re.compile(r"(?:^|[.!?;:,\n—–]\s*|\b(?:and|then|just|now)\s+)(?:calc(?:ulate)?|compute|evaluate|sort|count|"
                        r"convert|sum|total|add|subtract|multiply|divide|average|reverse|find|determine|list|order|"
                        r"alphabeti[sz]e|work out|figure out|split|group|extract|pull|grab|get|round|put|arrange|"
                        r"increase|decrease|reduce|uppercase|lowercase|check|make|turn|replace|remove|strip|keep|"
                        r"filter|dedupe|rank|complete|close|spell|write|tally|break|bucket|categori[sz]e|separate|"
                        r"pick|collect|drop|exclude|double|halve|apply|deduct|take|slugify|capitali[sz]e|swap|"
                        r"merge|combine)\b(?!\s*#|\s*\d(?![\d,.]*\s*(?:days?|weeks?|months?|years?|business|working)\b))", re.I)
# The header of a report: it tells ('status: dec close ~70% done, AP cleared 1.1m, ...'), unless it also asks.
REPORT_HEADER = (r"^\W*(?:status|update|recap|reminder|notes|meeting notes|minutes|eod|eow|standup|stand-up|"
                 r"(?:weekly|daily|monthly|quarterly) (?:update|numbers|recap|report|review|status)|progress|"
                 r"quarterly review|changelog|release notes)\s*(?:update\s*)?[:\-–—]")
# A clause that states something: a subject and a finite verb, or a status opener ('TIL', 'FYI').
DECLARES = re.compile(r"(?:^|[.!?;:,\n—–]\s*|\b(?:and|but|so)\s+|^\W*(?:haha\w*|lol|lmao|omg|wow|ok|okay|yeah|yep|oh|ah)"
                      r"\W+)(?:i|i'm|im|i've|i'll|we|we're|we've|we'll|you|he|she|it|it's|they|there|that's|this|"
                      r"(?:the|that|these|those|his|her|their) \w+(?: \w+)?|my \w+|our \w+)\s+(?:is|are|was|"
                      r"were|will|'ll|am|has|have|had|\w+s|\w+ed)\b|^\s*(?:til|fyi|psa|heads[- ]up|reminder|announcement)\b|"
                      + REPORT_HEADER + "|"
                      r"[,;—–]\s*[a-z]+ (?:will|'ll|is|are|was|were|has|have|had)\b|"
                      r"^\s*[a-z]+(?: [a-z]+)? (?:is|are|was|were|will be|has|have)\b|"
                      r"\b(?:i'm|im|we're|i'll|we'll|i've|we've|that's)\b", re.I)
# What a question asks for when it asks for a value: a quantity word, a selection from data, a date or
# time, a truth value ...
_VALUE_WORDS = (
    r"how (?:many|much|long|far|old|big|fast|often|tall|heavy|large|small|wide|deep|high|late|early|"
    r"soon)|which|when|what (?:date|day|time|year|month|week)|total|sum|cost|costs|price|average|difference|"
    r"remainder|evenly|divisible|balance|profit|result|answer|area|perimeter|volume|speed|rate|ratio|amount|distance|age|number|"
    r"percent|percentage|bill|change|score|length|width|height|per|each|left|come to|comes to|add up|adds up|"
    r"work out|works out|altogether|in all|monthly|weekly|yearly|daily|annual|pay|owe|spend|save|earn|"
    r"revenue|profit|loss|roi|runway|margin|yield|burn|net|gross|growth|savings|budget|most|least|"
    r"true|false|truth|lies?|liar|enabled|disabled|valid|invalid|returns?|evaluates?|contains?|consists?|only")
# ... or a pointer at the data the message gives
_POINTERS = r"these|those|them|the following|below|above|this list|in here|from this|out of this"
VALUE_ASK = re.compile(r"\d|%|\b(?:" + _VALUE_WORDS + "|" + _POINTERS + r")\b", re.I)
# What a request over a pasted list asks when it asks for an amount of it (not which of them is 'best').
AMOUNT_ASK = re.compile(r"\b(?:how (?:many|much)|total|sum|per|each|count|average|altogether|in all|add up)\b",
                        re.I)
# Questions that ask for a person, a place, a reason, a process or a verdict, not a value.
# ('what's the ...' asks for a value unless what it names is a procedure, a rule or a contact)
OTHER_ASK = re.compile(r"^\s*(?:who|whom|whose|where|why|any (?:idea|ideas|thoughts)|(?:is|are|was|were|does|do|did|"
                       r"can|could|should|will|would|has|have)\b|what(?:'s| is| are| was)? (?:the|our|your) (?:\w+ )?"
                       r"(?:process|policy|procedure|plan|status|deal|rules?|reason|story|catch|point|etiquette|protocol|"
                       r"workaround|fix|link|channel|owner|contact|command|password|address|name|steps?|next steps?|"
                       r"playbook|runbook|escalation|approach)\b)", re.I)
