"""Stage 1, analysis: what the query wants, whether to compute it, and how hard it is.

`analyze(task) -> QueryFeatures` is pure, deterministic and fast (regexes, counts and one small linear
model, no model call): intent with an evidence-based confidence, computation triggers with spans (and
the learned detector's second opinion when no rule fired, learned.py), difficulty from four
0–1 factors, `is_simple` (see `is_definitely_simple`, the one definition used everywhere) and a
coarse `query_type` the router and the learner key on.
"""

from __future__ import annotations

import math
from rlm_bot.pipeline import lazy_re as re
import time
from dataclasses import asdict, dataclass, field

from rlm_bot.pipeline.analyze import lexicon as lex
from rlm_bot.pipeline.analyze.asked import no_value_asked
from rlm_bot.pipeline.analyze.learned import MAX_CHARS as DETECTOR_MAX_CHARS
from rlm_bot.pipeline.analyze.learned import LearnedDetector, shipped_detector_or_none
from rlm_bot.pipeline.analyze.operands import prose
from rlm_bot.pipeline.analyze.triggers import NOT_ASKING, Evidence, Trigger, evidence, question_body
from rlm_bot.pipeline.compute import Plan, find_plan, strip_mention
from rlm_bot.pipeline.types import Task

INTENTS = ("code_task", "debug_task", "analysis_task", "question", "computation", "chat")
# A query is computation-suitable when a template parses it, or when the evidence score passes this.
COMPUTATION_THRESHOLD = 0.5
# Counter-cues that a query wants advice, a judgement or a piece of writing rather than a value: with
# one of them and an evidence score below VETO_MAX_EVIDENCE, a template's parse is not a computation.
VETO_KINDS = frozenset({"how_to", "judgement", "writing", "opinion", "world_knowledge", "explain_request"})
# templates whose parse settles a time zone's offset (a named zone, sure on the day meant)
ZONE_TEMPLATES = frozenset({"zone_time", "zone_span"})
VETO_MAX_EVIDENCE = 0.1
# with no template parsing the query, an opinion asked outweighs evidence up to this score
NO_TEMPLATE_VETO_EVIDENCE = 0.98
# how a computation claimed by the learned detector (no rule fired) opens its reason
LEARNED_REASON = "learned detector:"
CODE_INTENTS = frozenset({"code_task", "debug_task"})  # requests the learned detector never turns into computations
# Simple questions are short: at most this many words.
SIMPLE_MAX_WORDS = 12
# Difficulty blend (weights sum to 1).
DIFFICULTY_WEIGHTS = {"reasoning_depth": 0.4, "domain_specificity": 0.25, "ambiguity": 0.15, "context_size": 0.2}
# Cue counts of long texts read this many characters (half from the head, half from the tail).
SAMPLE_CHARS = 1200
# Length, in characters, at which context_size reaches 1 (log scale).
CONTEXT_FULL_CHARS = 40_000


@dataclass(frozen=True)
class Difficulty:
    """Four 0–1 factors and their weighted combination."""

    reasoning_depth: float
    domain_specificity: float
    ambiguity: float
    context_size: float
    score: float


@dataclass(frozen=True)
class QueryFeatures:
    """Everything later stages need to know about a query, computed without a model."""

    intent: str
    confidence: float
    intent_scores: dict[str, float]
    computation: bool
    computation_confidence: float
    computation_kind: str | None
    computation_template: str | None
    triggers: tuple[Trigger, ...]
    counter_cues: tuple[Trigger, ...]
    difficulty: Difficulty
    is_simple: bool
    query_type: str
    words: int
    chars: int
    duration_ms: float = 0.0
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        """JSON-ready form; `difficulty` is the combined score, its factors under `difficulty_factors`."""
        d = asdict(self)
        d["triggers"] = [t.to_dict() for t in self.triggers]
        d["counter_cues"] = [t.to_dict() for t in self.counter_cues]
        d["difficulty_factors"] = {k: v for k, v in d.pop("difficulty").items() if k != "score"}
        d["difficulty"] = self.difficulty.score
        d["reasons"] = list(self.reasons)
        return d


def analyze(task: Task, *, detector: LearnedDetector | None = None) -> QueryFeatures:
    """Analyse one task: intent, computation suitability, difficulty, simplicity, query type.

    `detector` is the learned second opinion on computation (default: the package's shipped one); the
    detector's own training command passes a candidate to measure it."""
    started = time.perf_counter()
    raw = task.text or ""
    text = strip_mention(raw)
    spoken = strip_mention(raw, fillers=False)
    today = task.stated_today()
    plan = find_plan(text, today, conversation=str((task.context or {}).get("conversation") or ""))
    ev = evidence(text)
    comp, comp_conf, comp_reason, left_open = _computation(plan, ev, text)
    social = _social_kind(spoken)
    sample = _sample(prose(text))
    simple = _is_simple(text, ev, plan, social)
    if left_open and not simple:  # a greeting or a short factual question ('when did WW2 end?') is no ask to compute
        second = _second_opinion(raw, sample, ev, detector)
        if second is not None:
            comp, (comp_conf, comp_reason) = True, second
    scores = _intent_scores(sample, ev, comp, comp_conf, simple, social)
    intent, confidence = _pick(scores)
    diff = _difficulty(sample, task, ev, plan, simple, len(text))
    qtype = _query_type(sample, intent, ev, simple, social)
    reasons = [comp_reason, f"intent {intent}: softmax share {confidence:.2f} of the intent evidence scores"]
    if simple:
        reasons.append("definitely simple: greeting/thanks or a short factual question")
    features = QueryFeatures(
        intent=intent, confidence=round(confidence, 4),
        intent_scores={k: round(v, 4) for k, v in scores.items()},
        computation=comp, computation_confidence=round(comp_conf, 4),
        computation_kind=plan.kind if plan else (_dominant_kind(ev) if comp else None),
        computation_template=plan.template if plan else None,
        triggers=ev.operations, counter_cues=ev.negatives, difficulty=diff, is_simple=simple,
        query_type=qtype, words=len(text.split()), chars=len(raw),
        reasons=tuple(reasons),
    )
    return _with_duration(features, started)


def is_definitely_simple(text: str) -> bool:
    """True for greetings, thanks, acknowledgements and short self-contained factual questions.

    The one definition of "simple" used by every stage: simple queries skip compute, enrich, route and
    plan. Computation queries, code/debug/analysis requests and anything referring to our own context
    ("our deploy", "this error") are never simple.
    """
    return analyze(Task(text=text or "")).is_simple


# --- computation ------------------------------------------------------------------------------------

def _computation(plan: Plan | None, ev: Evidence, text: str = "") -> tuple[bool, float, str, bool]:
    """(is a computation, confidence, reason, left open: no rule fired and nothing vetoed it)."""
    other = no_value_asked(text)
    if other is not None:
        # 'average response time went from 200ms to 350ms, why?' carries numbers a template parses, but
        # what it asks (a reason, an action, a meaning, a method, an opinion) no computation answers
        return False, 1.0 - ev.score, f"not a computation: {other}", False
    if ev.mood in NOT_ASKING:
        # 'I'm off 14-23 Dec' tells; '... £49.99 x2 - what's the refund process?' asks for no value:
        # whatever a template or the operation words make of the numbers, nobody asked for them
        what = "states something and asks nothing" if ev.mood == "states" else \
            "asks for a person, a reason, a process or a verdict, not a value"
        return False, 1.0 - ev.score, f"not a computation: the message {what}", False
    vetoes = sorted({t.kind for t in ev.negatives if t.kind in VETO_KINDS}) if plan is not None else []
    if plan is not None and plan.template in ZONE_TEMPLATES:
        # '9am PST in EST?': the zone reader answers only when each zone's offset is sure on the day meant, so the
        # zone names are no knowledge left to the model
        vetoes = [v for v in vetoes if v != "world_knowledge"]
    # two different counter-cues ('what's a good discount ...' is opinion and judgement) outweigh more evidence
    if plan is not None and vetoes and ev.score < VETO_MAX_EVIDENCE * (2.5 if len(vetoes) > 1 else 1.0):
        # a template can parse the numbers of "what's the best way to split a 9k bonus among 4 people
        # fairly?", but the person asks for advice, not for 2250
        return False, 1.0 - ev.score, f"template {plan.template!r} parsed the query, but it asks for " \
                                      f"{'/'.join(vetoes)} (evidence {ev.score:.2f} < {VETO_MAX_EVIDENCE})", False
    if plan is not None:
        # noisy-or of two independent signals: the template parsed it, and the evidence score
        conf = 1.0 - (1.0 - plan.specificity) * (1.0 - ev.score)
        return True, conf, f"template {plan.template!r} parsed the query (specificity {plan.specificity:.2f}, " \
                           f"evidence {ev.score:.2f})", False
    counter = sorted({t.kind for t in ev.negatives if t.kind in ("opinion", "judgement")})
    if counter and ev.score < NO_TEMPLATE_VETO_EVIDENCE:
        # no reader parses it and it asks for an opinion or a judgement ('what do you make of these numbers?',
        # 'which of them deserves the prize?', 'which of these dates is better for us'): the operation words alone
        # do not make it a computation
        return False, 1.0 - ev.score, f"not a computation: no template fits and it asks for {'/'.join(counter)}", False
    if ev.score >= COMPUTATION_THRESHOLD:
        return True, ev.score, f"no template fits, but the evidence score {ev.score:.2f} >= {COMPUTATION_THRESHOLD} " \
                               "(an operation asked on operands in the query)", False
    return False, 1.0 - ev.score, f"not a computation: evidence score {ev.score:.2f} < {COMPUTATION_THRESHOLD}", True


def _second_opinion(text: str, sample: str, ev: Evidence, detector: LearnedDetector | None) -> tuple[float, str] | None:
    """(confidence, reason) when the learned detector claims a computation the rules left open.

    Asked only when no rule fired and nothing vetoed it (the caller's rules verdict fell to a low evidence
    score), the message asks, carries material (numbers, dates, times, a list, a quote), is no long paste,
    is not simple (a greeting, a short factual question), and read without a computation it would not be a
    request to write or debug code; then the detector reads asks the rules have no words for ('any chance u
    could tally these up') and claims a computation only when it is sure."""
    if ev.mood != "asks" or any(t.kind in VETO_KINDS for t in ev.negatives):
        return None  # a terse line that asks nothing ('ticket 4521 and 4522 are duplicates, closing one')
    if not (ev.numbers or ev.dates or ev.times or ev.has_list or ev.has_quoted):
        return None  # nothing in the message to compute over ('how many vacation days do i have left?')
    if len(text) > DETECTOR_MAX_CHARS:
        return None  # a long paste (a log, a document) is unlike what it learned from: the rules and the long-input path decide
    if _pick(_intent_scores(sample, ev, False, 0.0, False, None))[0] in CODE_INTENTS:
        return None
    model = detector or shipped_detector_or_none()
    if model is None:
        return None
    p = model.probability(text)
    if p < model.threshold:
        return None
    return p, f"{LEARNED_REASON} P(computation) {p:.2f} >= {model.threshold:.2f} (evidence score {ev.score:.2f}, no rule fired)"


def _dominant_kind(ev: Evidence) -> str | None:
    kinds = [t.kind for t in ev.operations]
    return max(set(kinds), key=kinds.count) if kinds else None


# --- simplicity ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9']+")
_SOCIAL_FILLER = {"you", "so", "much", "very", "there", "bot", "team", "all", "everyone", "guys", "folks", "again",
                  "a", "lot", "for", "the", "help", "man", "mate", "buddy", "y'all", "!", "good", "job", "it",
                  "works", "now", "thank", "that", "was", "quick", "fast", "great", "this", "is", "morning", "to"}
_CONTEXTUAL = re.compile(r"\b(my|our|we|us|this|that|these|those|it|above|below|attached|here)\b", re.I)


def _social_kind(text: str) -> str | None:
    words = _WORD.findall(text.lower())
    if not words or len(words) > 8:
        return None
    if any(p.search(text.strip()) for p in lex.SMALL_TALK):
        return "greeting"
    vocab = lex.GREETINGS | lex.THANKS | lex.ACKS | _SOCIAL_FILLER
    if all(w in vocab for w in words):
        if any(w in lex.THANKS for w in words):
            return "thanks"
        if any(w in lex.GREETINGS for w in words):
            return "greeting"
        return "ack"
    # "thanks, that fixed it" / "hey team!": opens with thanks or a greeting, short, asks nothing
    if words[0] in lex.THANKS | lex.GREETINGS and len(words) <= 6 and "?" not in text and \
            not (lex.DEBUG_CUES.search(text) and not re.search(r"\bfixed\b", text, re.I)) and \
            not lex.CODE_ACTIONS.search(text) and not re.search(r"\d|\bbut\b|\bcan you\b|\bplease\b", text, re.I):
        return "thanks" if words[0] in lex.THANKS else "greeting"
    return None


def _is_simple(text: str, ev: Evidence, plan: Plan | None, social: str | None) -> bool:
    if social:
        return True
    if plan is not None or ev.score >= COMPUTATION_THRESHOLD * 0.6:
        return False
    words = text.split()
    if not words or len(words) > SIMPLE_MAX_WORDS or text.count("?") > 1 or "\n" in text.strip():
        return False
    if not lex.FACTUAL_START.match(text.strip()):
        return False
    if lex.CODE_BLOCK.search(text) or lex.DEBUG_CUES.search(text) or lex.ANALYSIS_CUES.search(text):
        return False
    if lex.CODE_ACTIONS.search(text) or lex.REASONING_CUES.search(text) or _CONTEXTUAL.search(text):
        return False
    return True


# --- intent -------------------------------------------------------------------------------------------

_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+at [\w.$]+\(|^\s*File \".+\", line \d+|"
                        r"\b\w+(Error|Exception): ", re.M)


def _intent_scores(text: str, ev: Evidence, comp: bool, comp_conf: float, simple: bool,
                   social: str | None) -> dict[str, float]:
    code_actions = len(lex.CODE_ACTIONS.findall(text))
    code_cues = len(lex.CODE_CUES.findall(text))
    # names written as code (cart_total, sortItems, parse()) in the prose of a request; in a
    # traceback they are what broke, evidence for debugging rather than for writing code
    traceback = bool(_TRACEBACK.search(text))
    # (in a computation, names in the data — 'player_health, mana_regen_rate' to camelCase — are operands)
    identifiers = 0 if traceback else len(lex.CODE_IDENTIFIER.findall(lex.QUOTED.sub(" ", _request_words(text) if comp else text)))
    code_block = bool(lex.CODE_BLOCK.search(text))
    # in a computation, debug words in the data ('error' in a pasted log line, 'failed' in a status
    # column) are operands; only those of the request itself say "debug this"
    debug_cues = len(lex.DEBUG_CUES.findall(_request_words(text) if comp else text))
    # likewise analysis words in the data ('DOC-2 in review' in a pasted status list) are operands
    analysis = len(lex.ANALYSIS_CUES.findall(_request_words(text) if comp else text))
    # ev.is_question reads the query without its answer options; a query offering options asks to pick one
    question = ev.is_question or question_body(text) != text or bool(re.search(r"\?\s*$", text.strip())) or bool(lex.WH_START.match(text.strip())) or \
        bool(re.match(r"(explain|describe|tell me|define|summari[sz]e what|walk me through|help me understand)\b",
                      text.strip(), re.I))
    return {
        # below the threshold the evidence *for* a computation (not comp_conf, which is then the
        # confidence that it is NOT one) counts only towards the softmax: it stays under chat's 0.2
        # floor, so the intent is "computation" exactly when the compute stage will run
        "computation": (3.2 * comp_conf if comp else 0.15 * ev.score),
        "debug_task": 1.1 * min(debug_cues, 4) + (1.8 if traceback else 0.0)
                      + (0.4 if code_block and debug_cues else 0.0),
        "code_task": 1.6 * min(code_actions, 2) + 0.35 * min(code_cues, 4) + 0.9 * min(identifiers, 2)
                     + (0.9 if code_block else 0.0),
        "analysis_task": 1.2 * min(analysis, 3) + (0.3 if len(text) > 400 else 0.0),
        "question": (1.3 if question else 0.0) + (0.5 if simple and not social else 0.0),
        "chat": (3.0 if social else 0.0) + (0.6 if not question and len(text.split()) < 6 else 0.0) + 0.2,
    }


def _request_words(text: str) -> str:
    """The words of a request around its data: no quoted text, nothing after the first colon or code
    fence, and of several lines only the first and the last (a pasted log's lines have colons in their
    times only, and the ask opens or closes the paste), without the words the lines between also hold
    (in "how many ERROR lines?" over a log, ERROR is what is counted, not a fault to debug)."""
    head = re.split(r":(?!\d)|```", lex.QUOTED.sub(" ", text), maxsplit=1)[0]
    lines = [line for line in head.splitlines() if line.strip()]
    if len(lines) <= 2:
        return head
    data = set(re.findall(r"\w+", " ".join(lines[1:-1]).lower()))
    ask = "\n".join((lines[0], lines[-1]))
    return re.sub(r"\w+", lambda m: " " if m.group(0).lower() in data else m.group(0), ask)


def _pick(scores: dict[str, float]) -> tuple[str, float]:
    """The best intent and its softmax share (temperature 1): a real, evidence-driven confidence."""
    exp = {k: math.exp(v) for k, v in scores.items()}
    total = sum(exp.values())
    best = max(INTENTS, key=lambda k: (scores[k], -INTENTS.index(k)))
    return best, exp[best] / total


# --- difficulty ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z_][\w.+#/-]*")
_CODEY = re.compile(r"^[a-z]+[A-Z]\w*$|^\w+_\w+$|^\w+\.\w+|^--?\w|\(\)$")


def _sample(text: str) -> str:
    """What the cue counts read: the whole text, or the head and tail of a long one (keeps analyze fast)."""
    if len(text) <= SAMPLE_CHARS:
        return text
    return text[: SAMPLE_CHARS // 2] + "\n" + text[-SAMPLE_CHARS // 2:]


def _difficulty(text: str, task: Task, ev: Evidence, plan: Plan | None, simple: bool,
                full_chars: int) -> Difficulty:
    sentences = max(1, len(re.findall(r"[.!?](\s|$)", text)))
    questions = text.count("?")
    reasoning = len(lex.REASONING_CUES.findall(text))
    steps = len(re.findall(r"\b(then|after that|and then|also|additionally|first|second|finally|next)\b", text, re.I))
    depth = 1.0 - math.exp(-(0.45 * reasoning + 0.2 * steps + 0.12 * (sentences - 1) + 0.2 * max(0, questions - 1)))
    if plan is not None:
        depth *= 0.35  # a template turns the reasoning into a fixed computation
    tokens = _TOKEN.findall(text)
    tech = sum(1 for t in tokens if t.lower().strip(".,") in lex.TECH_TERMS or _CODEY.search(t))
    ratio = tech / max(1, len(tokens))
    domain = min(1.0, 3.0 * ratio + 0.08 * tech + (0.25 if lex.CODE_BLOCK.search(text) else 0.0))
    vague = len(lex.VAGUE_CUES.findall(text))
    words = len(text.split())
    ambiguity = 1.0 - math.exp(-(0.25 * vague / max(1.0, words / 12) + (0.4 if 0 < words < 4 and not simple else 0)
                                 + 0.25 * max(0, questions - 1)
                                 + (0.3 if re.search(r"\b(or something|somehow|maybe|not sure|kind of|sort of)\b",
                                                     text, re.I) else 0)))
    if plan is not None:
        ambiguity *= 0.3
    ctx_chars = full_chars + sum(len(str(v)) for v in (task.context or {}).values())
    context = min(1.0, math.log10(1 + ctx_chars) / math.log10(1 + CONTEXT_FULL_CHARS))
    w = DIFFICULTY_WEIGHTS
    score = (w["reasoning_depth"] * depth + w["domain_specificity"] * domain + w["ambiguity"] * ambiguity
             + w["context_size"] * context)
    if simple:
        score *= 0.5
    r = lambda x: round(min(1.0, max(0.0, x)), 4)  # noqa: E731
    return Difficulty(r(depth), r(domain), r(ambiguity), r(context), r(score))


# --- query type ---------------------------------------------------------------------------------------

def _query_type(text: str, intent: str, ev: Evidence, simple: bool, social: str | None) -> str:
    if social:
        return social if social != "ack" else "chat"
    if intent == "computation":
        return "computation"
    if intent in {"code_task", "debug_task", "analysis_task"}:
        return intent.removesuffix("_task")
    if simple:
        return "factual"
    kinds = {t.kind for t in ev.negatives}
    if "how_to" in kinds:
        return "how_to"
    if "opinion" in kinds:
        return "opinion"
    if "explain" in kinds or lex.REASONING_CUES.search(text):
        return "explanation"
    return "question" if intent == "question" else "chat"


def _with_duration(f: QueryFeatures, started: float) -> QueryFeatures:
    from dataclasses import replace

    return replace(f, duration_ms=round((time.perf_counter() - started) * 1000, 3))
