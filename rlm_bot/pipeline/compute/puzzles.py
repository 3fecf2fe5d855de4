"""Templates for reasoning puzzles that are really state or search problems.

Object counting, navigation, swap tracking, truth-teller chains, free time slots, ordering puzzles
(brute force over permutations), coloured objects in a row, SVG shapes. The host
only parses the text into data; the sandbox does the computing.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.dates import parse_times
from rlm_bot.pipeline.compute.plan import NUMBER_WORDS, Plan, WORD_NUMBERS, choose_code, lit, to_number
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.svg_geometry import path_segments, shape_names

CATEGORIES: dict[str, frozenset[str]] = {
    "musical instrument": frozenset("""accordion piano trombone violin clarinet drum flute trumpet guitar bass
        cello viola harp saxophone oboe bassoon tuba banjo ukulele harmonica mandolin xylophone tambourine
        organ keyboard synthesizer bagpipe bagpipes sitar triangle cymbal french horn horn piccolo""".split()),
    "fruit": frozenset("""apple banana strawberry peach orange plum raspberry grape nectarine blackberry pear
        cherry mango kiwi lemon lime melon watermelon cantaloupe pineapple apricot blueberry cranberry fig date
        papaya pomegranate grapefruit tangerine coconut guava lychee persimmon quince avocado loquat""".split()),
    "vegetable": frozenset("""cabbage carrot cauliflower garlic onion potato yam lettuce broccoli celery
        spinach kale pepper cucumber zucchini eggplant pea bean corn radish beet turnip leek asparagus
        artichoke squash pumpkin tomato shallot parsnip""".split()),
    "animal": frozenset("""bear cat chicken cow dog donkey duck fish frog goat mouse pig rabbit snail snake
        horse sheep lion tiger elephant monkey bird parrot owl fox wolf deer hamster turtle lizard goose
        rat squirrel bee ant spider whale dolphin shark crab goldfish puppy kitten hen rooster camel zebra
        giraffe hippo rhino kangaroo koala panda penguin seal otter bat butterfly moth worm octopus""".split()),
}
IRREGULAR = {"mice": "mouse", "geese": "goose", "sheep": "sheep", "fish": "fish", "teeth": "tooth",
             "potatoes": "potato", "tomatoes": "tomato", "peaches": "peach", "couches": "couch",
             "radishes": "radish", "squashes": "squash", "loaves": "loaf", "knives": "knife"}


def _singular(word: str) -> str:
    w = word.lower()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("ches") or w.endswith("shes") or w.endswith("xes"):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _head(item: str) -> str:
    """The noun an item phrase is about: 'two heads of broccoli' -> broccoli, 'a lettuce head' -> lettuce."""
    words = re.findall(r"[a-z]+", item.lower())
    if "of" in words:
        words = words[words.index("of") + 1:]
    words = [w for w in words if w not in {"head", "heads", "stalk", "stalks", "bunch", "bunches"}]
    for n in (2, 1):
        if len(words) >= n:
            phrase = " ".join(_singular(w) for w in words[-n:])
            for cat, members in CATEGORIES.items():
                if phrase in members:
                    return phrase
    return _singular(words[-1]) if words else ""


def solve_object_counting(q: Query) -> Plan | None:
    """'I have a flute, two lamps and a violin. How many musical instruments do I have?'"""
    if "do i have" not in q.lower:
        return None
    m = re.search(r"\bI (?:have|own|bought|got)\s+(.+?)\.\s*how many ([a-z ]+?) do I have", q.body, re.I | re.S)
    if not m:
        return None
    listing, asked = m.group(1), m.group(2).strip().lower()
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", listing) if p.strip()]
    items = []
    for p in parts:
        first, _, rest = p.partition(" ")
        n = to_number(first)
        if n is None:
            return None
        items.append((rest, int(n), _head(rest)))
    cat = _singular(asked.split()[-1]) if asked not in {"objects", "things", "items"} else None
    if cat is not None:
        cat = "musical instrument" if "instrument" in asked else cat
        if cat not in CATEGORIES:
            return None
    members = sorted(CATEGORIES[cat]) if cat else None
    code = f"items = {lit([(name, n) for name, n, _ in items])}\n"
    code += f"kinds = {lit({name: head for name, _, head in items})}\n"
    if members is None:
        code += "sum(n for name, n in items)"
        expl = "Added up the quantities of every item."
    else:
        code += f"category = {lit(members)}\nsum(n for name, n in items if kinds[name] in category)"
        expl = f"Added up the quantities of the items that are {asked}."
    return Plan("counting", code, expl, specificity=0.95, template="object_counting")


_DIRS = {"forward": (0, 1), "forwards": (0, 1), "backward": (0, -1), "backwards": (0, -1),
         "left": (-1, 0), "right": (1, 0)}


def solve_navigate(q: Query) -> Plan | None:
    """Step instructions: do you return to the starting point?"""
    t = q.lower
    if not re.search(r"return to the starting point|end up (?:back )?(?:at|where)|back (?:at|to) the start", t):
        return None
    steps = []
    for m in re.finditer(r"(take (\d+) steps?(?: (forward|backward|left|right))?|turn (left|right|around))", t):
        if m.group(2):
            steps.append(("step", int(m.group(2)), m.group(3) or "forward"))
        else:
            steps.append(("turn", 0, m.group(4)))
    if not steps:
        return None
    code = (f"instructions = {lit(steps)}\nx = 0\ny = 0\nheading = (0, 1)\n"
            "for kind, n, where in instructions:\n"
            "    if kind == 'turn':\n"
            "        if where == 'left':\n            heading = (-heading[1], heading[0])\n"
            "        elif where == 'right':\n            heading = (heading[1], -heading[0])\n"
            "        else:\n            heading = (-heading[0], -heading[1])\n"
            "        continue\n"
            "    hx, hy = heading\n"
            "    if where == 'forward':\n        dx, dy = hx, hy\n"
            "    elif where == 'backward':\n        dx, dy = -hx, -hy\n"
            "    elif where == 'left':\n        dx, dy = -hy, hx\n"
            "    else:\n        dx, dy = hy, -hx\n"
            "    x = x + dx * n\n    y = y + dy * n\n"
            "answer = 'Yes' if (x, y) == (0, 0) else 'No'\n" + choose_code(q.options))
    return Plan("state_simulation", code, "Walked the steps on a grid and checked whether we end at (0, 0).",
                specificity=0.96, template="navigate")


def solve_swaps(q: Query) -> Plan | None:
    """Alice, Bob, ... trade partners/balls/books/positions: who has what at the end?"""
    body = q.body
    if "At the end of" not in body or "At the start of" not in body:
        return None
    m = re.search(r"^(.+?) are .+?\.\s*At the start of .+?:\s*(.+?)\.\s*\n?(.+?)At the end of .+?, (\w+) (?:is|has)"
                  r"(?: dancing with| playing| the)?\s*(.*)$", body, re.S)
    if not m:
        return None
    names = [n for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1).strip()) if n]
    if not 2 <= len(names) <= 12:
        return None
    start = {}
    for part in re.split(r",\s*(?:and\s+)?", m.group(2)):
        pm = re.match(r"\s*(?:and\s+)?(\w+) (?:is dancing with|is playing|has an?|has|gets|is holding|is)\s+(.+?)\s*$", part)
        if not pm or pm.group(1) not in names:
            return None
        start[pm.group(1)] = pm.group(2).strip()
    if set(start) != set(names):
        return None
    swaps = re.findall(r"(\w+) and (\w+) (?:switch|swap|trade)", m.group(3))
    if not swaps or any(a not in names or b not in names for a, b in swaps):
        return None
    who = m.group(4)
    code = f"holding = {lit(start)}\nswaps = {lit(swaps)}\nfor a, b in swaps:\n" \
           "    holding[a], holding[b] = holding[b], holding[a]\n" \
           f"answer = holding[{who!r}]\n"
    opts = q.options
    if opts:
        # options may carry the held thing with extra words ('orange ball' vs 'orange'): match by containment
        code += (f"options = {lit(opts)}\n"
                 "picked = [k for k in options if options[k].lower() == answer.lower()]\n"
                 "if not picked:\n    picked = [k for k in options if answer.lower() in options[k].lower() "
                 "or options[k].lower() in answer.lower()]\n"
                 "'(' + picked[0] + ') ' + options[picked[0]] if picked else answer")
    else:
        code += "answer"
    return Plan("state_simulation", code, f"Replayed the {len(swaps)} swaps on a dictionary of who holds what.",
                specificity=0.97, template="swaps")


def solve_truth_chain(q: Query) -> Plan | None:
    """'A tells the truth. B says A lies. ... Does E tell the truth?'"""
    t = q.body
    if "tell the truth?" not in t or " says " not in t:
        return None
    first = re.search(r"(\w+) (tells the truth|lies)\.", t)
    ask = re.search(r"Does (\w+) tell the truth\?", t)
    if not first or not ask:
        return None
    claims = re.findall(r"(\w+) says (\w+) (tells the truth|lies)", t)
    if not claims:
        return None
    code = (f"truthful = {{{first.group(1)!r}: {first.group(2) == 'tells the truth'}}}\n"
            f"claims = {lit([(a, b, c == 'tells the truth') for a, b, c in claims])}\n"
            "changed = True\nwhile changed:\n    changed = False\n"
            "    for speaker, subject, says_truthful in claims:\n"
            "        if subject in truthful and speaker not in truthful:\n"
            "            truthful[speaker] = truthful[subject] == says_truthful\n            changed = True\n"
            f"answer = 'Yes' if truthful[{ask.group(1)!r}] else 'No'\n" + choose_code(q.options))
    return Plan("boolean", code, "Propagated truth values along the chain of statements.", specificity=0.97,
                template="truth_chain")


def solve_free_slot(q: Query) -> Plan | None:
    """Who-saw-whom-when schedules: between what times could X have gone somewhere?"""
    t = q.body
    if not re.search(r"between what times", t, re.I) or not q.options:
        return None
    wake = re.search(r"woke up at ([^.\n]+)", t)
    closed = re.search(r"closed after ([^.\n]+)", t)
    if not wake or not closed:
        return None
    busy = []
    for m in re.finditer(r"from (\d{1,2}\s*[ap]m) to (\d{1,2}\s*[ap]m)", t.split("Options:")[0], re.I):
        a, b = parse_times(m.group(1)), parse_times(m.group(2))
        if a and b:
            busy.append((a[0][0], b[0][0]))
    w, c = parse_times(wake.group(1)), parse_times(closed.group(1))
    if not w or not c or not busy:
        return None
    options = {}
    for k, v in q.options.items():
        om = re.match(r"(\d{1,2}\s*[ap]m) to (\d{1,2}\s*[ap]m)", v.strip(), re.I)
        if om:
            options[k] = (parse_times(om.group(1))[0][0], parse_times(om.group(2))[0][0])
    if not options:
        return None
    code = (f"awake_from = {w[0][0]}  # minutes after midnight\nopen_until = {c[0][0]}\nbusy = {lit(busy)}\n"
            f"options = {lit(options)}\nlabels = {lit(q.options)}\n"
            "free = [k for k in options if awake_from <= options[k][0] and options[k][1] <= open_until and\n"
            "        all(end <= options[k][0] or start >= options[k][1] for start, end in busy)]\n"
            "'(' + free[0] + ') ' + labels[free[0]] if free else 'no free slot'")
    return Plan("time_interval", code, "Kept the option interval that overlaps no sighting and fits the opening hours.",
                specificity=0.96, template="free_slot")


# --- ordering puzzles -------------------------------------------------------------------------------

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
# each axis: words meaning "low end" and "high end"; comparatives that mean "lower than" / "higher than"
_AXES = [
    (r"leftmost", r"rightmost", r"to the left of", r"to the right of", "from the left", "from the right"),
    (r"oldest", r"newest", r"older than", r"newer than", "oldest", "newest"),
    (r"cheapest", r"most expensive", r"(?:less expensive|cheaper) than", r"more expensive than", "cheapest",
     "most expensive"),
    (r"first", r"last", r"(?:finished )?above", r"(?:finished )?below", "", "to-last"),
]


def _ordering_condition(sentence: str, objects: list[str], n: int) -> str | None:
    s = sentence.lower().strip().rstrip(".")
    found = sorted({o for o in objects if re.search(r"\b" + re.escape(o) + r"\b", s)},
                   key=lambda o: s.index(o))
    if not found:
        return None
    a = found[0]
    pa = f"pos[{a!r}]"
    if len(found) == 2:
        b = found[1]
        for low, high, lower, higher, _, _ in _AXES:
            if re.search(lower, s):
                return f"{pa} < pos[{b!r}]"
            if re.search(higher, s):
                return f"{pa} > pos[{b!r}]"
        return None
    m = re.search(r"(first|second|third|fourth|fifth|sixth|seventh) (?:from the )?(left|right)", s)
    if m:
        k = _ORDINALS[m.group(1)]
        return f"{pa} == {k if m.group(2) == 'left' else n + 1 - k}"
    m = re.search(r"(second|third|fourth|fifth|sixth)[- ]to[- ]last", s)
    if m:
        return f"{pa} == {n + 1 - _ORDINALS[m.group(1)]}"
    m = re.search(r"(second|third|fourth|fifth|sixth)[- ](oldest|newest|cheapest|most expensive)", s)
    if m:
        k = _ORDINALS[m.group(1)]
        return f"{pa} == {k if m.group(2) in {'oldest', 'cheapest'} else n + 1 - k}"
    for word, value in (("leftmost", 1), ("rightmost", n), ("oldest", 1), ("newest", n), ("cheapest", 1),
                        ("most expensive", n), ("last", n)):
        if re.search(r"\b" + word + r"\b", s):
            return f"{pa} == {value}"
    m = re.search(r"finished (first|second|third|fourth|fifth|sixth|seventh)\b", s)
    if m:
        return f"{pa} == {_ORDINALS[m.group(1)]}"
    return None


def solve_ordering(q: Query) -> Plan | None:
    """'There are five birds: ... The owl is the leftmost. ...' → brute force over orderings."""
    body = q.body
    if not q.options:
        return None
    m = re.search(r"(?:there (?:are|were)|sells|has|holds|shows|contains) (three|four|five|six|seven) \w+(?: \w+)?: (.+?)\.\s",
                  body, re.I)
    if not m or not q.options:
        return None
    n = WORD_NUMBERS[m.group(1).lower()]
    objects = [re.sub(r"^(?:and\s+)?(?:an?|the)\s+", "", o.strip(), flags=re.I).lower()
               for o in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(2))]
    if len(objects) != n:
        return None
    sentences = [s for s in re.split(r"(?<=\.)\s+", body[m.end():]) if s.strip()]
    conds = []
    for s in sentences:
        c = _ordering_condition(s, objects, n)
        if c is None:
            return None
        conds.append(c)
    option_conds = {}
    for k, v in q.options.items():
        c = _ordering_condition(v, objects, n)
        if c is None:
            return None
        option_conds[k] = c
    code = (f"objects = {lit(objects)}\n"
            "def consistent(pos):\n    return " + " and ".join(conds) + "\n"
            "solutions = []\nfor order in permutations(objects):\n"
            "    pos = {name: i + 1 for i, name in enumerate(order)}\n"
            "    if consistent(pos):\n        solutions.append(pos)\n"
            "pos = solutions[0]\n"
            f"labels = {lit(q.options)}\n"
            "checks = {\n" + "".join(f"    {k!r}: {c},\n" for k, c in option_conds.items()) + "}\n"
            "true_options = [k for k in checks if checks[k]]\n"
            "'(' + true_options[0] + ') ' + labels[true_options[0]] if len(solutions) == 1 and true_options "
            "else 'ambiguous: ' + str(len(solutions)) + ' orderings fit'")
    return Plan("constraint_search", code, f"Tried all orderings of the {n} objects and kept the one that satisfies "
                "every statement.", specificity=0.95, template="ordering")


# --- coloured objects in a row ---------------------------------------------------------------------

COLORS = ("red orange yellow green blue brown magenta fuchsia mauve teal turquoise burgundy silver gold black "
          "grey gray purple pink white").split()
_COLOR_RE = r"(" + "|".join(COLORS) + r")"


def solve_colored_objects(q: Query) -> Plan | None:
    """A row (or set) of coloured objects: colour of X, left/right/furthest, counts, removals."""
    body = q.body
    if not q.options or not re.search(r"\b(?:you see|I see|there is|there are)\b", body):
        return None
    m = re.search(r"(?:you see|I see|there is|there are)(?:\s+(?:a set of|a bunch of|several|the following)\s+\w+\s+"
                  r"arranged in a row:)?\s+(.+?)\.\s+(.+)$", body, re.S)
    if not m or not q.options:
        return None
    items = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:an?|one|two|three|four|five|six)\s)", m.group(1)):
        pm = re.match(r"\s*(?:and\s+)?(an?|one|two|three|four|five|six) " + _COLOR_RE + r" (.+?)\s*$", part.strip(), re.I)
        if not pm:
            return None
        count = WORD_NUMBERS[pm.group(1).lower()]
        items.append([int(count), pm.group(2).lower(), _singular_phrase(pm.group(3))])
    question = m.group(2).strip().lower()
    nouns = {it[2] for it in items}
    generic = r"(?:thing|object|item)s?"
    code = f"row = {lit(items)}  # [count, colour, object] in order\n"
    ref = _colored_ref(question, nouns)
    if re.search(r"what is the colou?r of the (?:" + generic + r") directly to the (left|right)", question) and ref:
        side = re.search(r"directly to the (left|right)", question).group(1)
        code += _find_ref(ref) + f"neighbour = row[index {'-' if side == 'left' else '+'} 1]\nanswer = neighbour[1]\n"
    elif re.search(r"colou?r of the (?:" + generic + r") furthest from", question) and ref:
        code += _find_ref(ref) + "far = row[0] if index >= len(row) - 1 - index else row[-1]\nanswer = far[1]\n"
    elif re.search(r"colou?r of the (left|right)-most", question):
        side = re.search(r"(left|right)-most", question).group(1)
        code += f"answer = row[{0 if side == 'left' else -1}][1]\n"
    elif re.search(r"how many non-(\w+) (?:" + generic + r") do you see to the (left|right) of", question) and ref:
        mm = re.search(r"how many non-(\w+) (?:" + generic + r") do you see to the (left|right) of", question)
        code += _find_ref(ref) + (f"side = row[:index] if {mm.group(2)!r} == 'left' else row[index + 1:]\n"
                                  f"answer = sum(c for c, colour, name in side if colour != {mm.group(1)!r})\n")
    elif re.search(r"how many (?:" + generic + r") are neither (\w+) nor (\w+)", question):
        mm = re.search(r"neither (\w+) nor (\w+)", question)
        code += f"answer = sum(c for c, colour, name in row if colour not in ({mm.group(1)!r}, {mm.group(2)!r}))\n"
    elif re.search(r"if i remove all the (.+?) from .+?, how many (.+?) remain", question):
        mm = re.search(r"if i remove all the (.+?) from .+?, how many (.+?) remain", question)
        removed, asked = mm.group(1), mm.group(2)
        code += f"kept = [it for it in row if not ({_match_expr(removed, nouns)})]\n"
        code += f"answer = sum(it[0] for it in kept if {_match_expr(asked, nouns)})\n"
    elif re.search(r"how many (.+?) (?:do you see|are there|are on)", question):
        mm = re.search(r"how many (.+?) (?:do you see|are there|are on)", question)
        code += f"answer = sum(it[0] for it in row if {_match_expr(mm.group(1), nouns)})\n"
    elif re.search(r"what colou?r is the (.+?)\?", question) or re.search(r"what is the colou?r of the (.+?)\?", question):
        mm = re.search(r"what colou?r is the (.+?)\?", question) or re.search(r"what is the colou?r of the (.+?)\?", question)
        noun = _singular_phrase(mm.group(1))
        code += f"answer = [colour for c, colour, name in row if name == {noun!r}][0]\n"
    elif re.search(r"^is the (.+?) " + _COLOR_RE + r"\?", question):
        mm = re.search(r"^is the (.+?) " + _COLOR_RE + r"\?", question)
        noun = _singular_phrase(mm.group(1))
        code += f"answer = 'yes' if [colour for c, colour, name in row if name == {noun!r}][0] == {mm.group(2)!r} else 'no'\n"
    else:
        return None
    code += ("number_words = " + lit(NUMBER_WORDS_LIST) + "\n"
             "if isinstance(answer, int):\n    answer = number_words[answer]\n" + choose_code(q.options))
    return Plan("counting", code, "Laid the objects out as a list of (count, colour, object) and read the answer off it.",
                specificity=0.93, template="colored_objects")


NUMBER_WORDS_LIST = [NUMBER_WORDS[i] for i in range(0, 21)]


def _singular_phrase(phrase: str) -> str:
    words = phrase.strip().lower().split()
    if not words:
        return ""
    if words[0] in {"pair", "pairs"}:
        return "pair of " + " ".join(words[2:])
    words[-1] = _singular(words[-1])
    return " ".join(words)


def _colored_ref(question: str, nouns: set[str]) -> tuple[str, str] | None:
    m = re.search(r"(?:of|from) the " + _COLOR_RE + r" (?:thing|object|item)", question)
    if m:
        return ("colour", m.group(1))
    m = re.search(r"(?:of|from) the ((?:(?!\bthe\b)[a-z ])+?)\?", question)
    if m and _singular_phrase(m.group(1)) in nouns:
        return ("name", _singular_phrase(m.group(1)))
    return None


def _find_ref(ref: tuple[str, str]) -> str:
    field = 1 if ref[0] == "colour" else 2
    return f"index = [i for i, it in enumerate(row) if it[{field}] == {ref[1]!r}][0]\n"


def _match_expr(phrase: str, nouns: set[str]) -> str:
    words = phrase.strip().lower().split()
    colour = words[0] if words and words[0] in COLORS else None
    rest = " ".join(words[1:] if colour else words)
    conds = []
    if colour:
        conds.append(f"it[1] == {colour!r}")
    noun = _singular_phrase(rest) if rest else ""
    if noun and noun not in {"thing", "object", "item"}:
        conds.append(f"it[2] == {noun!r}")
    return " and ".join(conds) or "True"


# --- SVG paths -------------------------------------------------------------------------------------

_SVG_PATH = re.compile(r"""<path\b[^>]*?\bd\s*=\s*(["'])([^"']+)\1""")
_SVG_COUNT = re.compile(r"how many (sides|edges|segments|lines|vertices|corners|points)\b")


def solve_svg_shape(q: Query) -> Plan | None:
    """'This SVG path element <path d="..."/> draws a' / 'what shape is <path d=...>' / 'how many sides ...'."""
    body = q.body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    m = _SVG_PATH.search(body)
    count = _SVG_COUNT.search(q.lower)
    if not m or not (q.options or count or re.search(r"\b(what|which) shape\b|\bdraws? an?\b|\bshape\b", q.lower)):
        return None
    code = "import re\n\n\n" + shipped(path_segments, shape_names) + f"\n\n\nd = {lit(m.group(2))}\n"
    if count and not q.options:
        what = count.group(1)
        if what in ("vertices", "corners", "points"):
            code += ("ends = [(round(s[1][0], 2), round(s[1][1], 2)) for s in path_segments(d)] + "
                     "[(round(s[2][0], 2), round(s[2][1], 2)) for s in path_segments(d)]\n"
                     f"str(len(set(ends))) + ' {what}'")
        else:
            code += ("drawn = [s for s in path_segments(d) if s[1] != s[2]]\n"
                     "pieces = set((min(s[1], s[2]), max(s[1], s[2])) for s in drawn)\n"
                     f"str(len(pieces)) + ' {what}'")
        return Plan("geometry", code, f"Read the path data and counted its distinct {what}.", specificity=0.9,
                    template="svg_shape")
    code += "names = shape_names(d)\n"
    if q.options:
        code += (f"offered = {lit(sorted({v.strip().lower() for v in q.options.values()}))}\n"
                 "fitting = [n for n in names if n in offered]\n"
                 "answer = fitting[0] if fitting else names[0]\n" + choose_code(q.options))
    else:
        code += ("article = 'an ' if names[0][0] in 'aeiou' else 'a '\n"
                 "'It draws ' + article + names[0] + '.'")
    return Plan("geometry", code, "Read the path's segments, found the distinct vertices and named the shape "
                "(side lengths, diagonals and parallel sides for quadrilaterals).", specificity=0.9,
                template="svg_shape")
