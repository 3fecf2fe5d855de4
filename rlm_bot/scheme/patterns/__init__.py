"""The 16 orchestration patterns: Scheme procedures preloaded into every session (the *.scm
files here) and their catalog (what each is for, its cost and latency model, a program template
the planner fills in). Doc pages with runnable examples live in memory/seed/patterns/."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Pattern:
    """One pattern: names, when to use it, how many calls and rounds it takes, a template."""

    name: str  # catalog name, e.g. "parallel-fan-out"
    procedure: str  # the Scheme procedure
    signature: str
    summary: str
    keywords: tuple[str, ...]  # task words that suggest it
    roles: tuple[str, ...]  # model roles, e.g. ("worker",) or ("writer", "critic")
    calls: Callable[[int], float]  # model calls for n items
    rounds: Callable[[int, int], float]  # sequential round trips for n items at concurrency c
    template: str  # a Scheme program; {task} {models} {concurrency} placeholders
    doc: str  # file stem of the doc page in memory/seed/patterns/


def _ceil(x: float) -> int:
    return max(1, math.ceil(x))


_C = "#:max-concurrent {concurrency}"

CATALOG: tuple[Pattern, ...] = (
    Pattern("parallel-fan-out", "fan-out",
            "(fan-out instruction items [#:model m] [#:max-concurrent n] [#:max-tokens k])",
            "the same instruction over many items at once, results in input order",
            ("each", "every", "all of", "per item", "batch", "list of", "documents", "files", "items"),
            ("worker",), lambda n: n, lambda n, c: _ceil(n / c),
            '(define items (if (string? context) (string-split context "\\n") context))\n'
            '(finish (fan-out {task} items #:model {worker} ' + _C + '))', "parallel_fan_out"),
    Pattern("code-generation", "generate-and-run",
            "(generate-and-run task [#:data s] [#:model m] [#:attempts k])",
            "the model writes Python, the sandbox runs it, errors feed a retry",
            ("compute", "calculate", "count", "sum", "average", "statistics", "parse", "convert",
             "how many", "exact", "algorithm"),
            ("coder",), lambda n: 1.5, lambda n, c: 2,
            "(finish (generate-and-run {task} #:data (or context \"\") #:model {coder}))",
            "code_generation"),
    Pattern("recursive-delegation", "delegate", "(delegate task [#:data s] [#:model m])",
            "a model writes a sub-program that runs in a child sandbox with the remaining budget",
            ("complex", "multi-step", "plan and", "open-ended", "research", "investigate"),
            ("delegate",), lambda n: 4, lambda n, c: 3,
            "(finish (delegate {task} #:data (or context \"\") #:model {delegate}))",
            "recursive_delegation"),
    Pattern("critique-refine", "critique-refine",
            "(critique-refine task [#:data s] [#:writer m] [#:critic m] [#:rounds k])",
            "draft, critique, revise until the critic approves",
            ("write", "draft", "improve", "polish", "review", "essay", "email", "refine", "quality"),
            ("writer", "critic"), lambda n: 5, lambda n, c: 5,
            "(finish (critique-refine {task} #:data (or context \"\") #:writer {writer} "
            "#:critic {critic} #:rounds 2))", "critique_refine"),
    Pattern("cumulative-fold", "fold-cumulative",
            "(fold-cumulative instruction chunks [#:init s] [#:model m])",
            "read chunks in order carrying a running result",
            ("running", "incremental", "in order", "sequential", "timeline", "chapter", "narrative"),
            ("worker",), lambda n: n, lambda n, c: n,
            '(finish (fold-cumulative {task} (string-split context "\\n\\n") #:model {worker}))',
            "cumulative_fold"),
    Pattern("meta-orchestration", "orchestrate",
            "(orchestrate task [#:data s] [#:planner m] [#:model m])",
            "a planner model picks the strategy, the program runs it",
            ("unclear", "figure out", "best way", "strategy", "decide how"),
            ("planner", "worker"), lambda n: 2 + n / 2, lambda n, c: 3,
            "(finish (orchestrate {task} #:data (or context \"\") #:planner {planner} "
            "#:model {worker}))", "meta_orchestration"),
    Pattern("speculative-execution", "speculate",
            "(speculate instruction [#:data s] [#:models list] [#:accept pred])",
            "race several models, keep the first acceptable reply",
            ("fast", "quickly", "asap", "latency", "urgent", "right now"),
            ("racer",), lambda n: 2, lambda n, c: 1,
            "(finish (speculate {task} #:data (or context \"\") #:models (list {racers})))",
            "speculative_execution"),
    Pattern("ensemble-voting", "ensemble-vote",
            "(ensemble-vote question [#:n k] [#:models list] [#:temperature t])",
            "ask several times, return the majority answer",
            ("accurate", "reliable", "verify", "correct answer", "which", "classify", "true or false",
             "yes or no", "multiple choice"),
            ("voter",), lambda n: 5, lambda n, c: 1,
            "(finish (ensemble-vote {task} #:n 5 #:models (list {voters})))", "ensemble_voting"),
    Pattern("active-learning", "active-label",
            "(active-label items instruction [#:cheap m] [#:strong m] [#:threshold x])",
            "a cheap model labels all, a strong model re-labels the uncertain ones",
            ("label", "classify each", "categorize", "tag", "triage", "sentiment"),
            ("cheap", "strong"), lambda n: n * 1.3, lambda n, c: 2 * _ceil(n / c),
            '(finish (active-label (string-split context "\\n") {task} #:cheap {cheap} '
            '#:strong {strong}))', "active_learning"),
    Pattern("tree-aggregation", "tree-reduce",
            "(tree-reduce instruction items [#:fan-in k] [#:model m])",
            "combine many partial results k at a time, level by level",
            ("summarize", "summarise", "combine", "merge", "aggregate", "overall", "digest",
             "synthesize"),
            ("reducer",), lambda n: max(1, (n - 1) / 3), lambda n, c: _ceil(math.log(max(n, 2), 4)),
            '(finish (tree-reduce {task} (string-split context "\\n\\n") #:fan-in 4 '
            '#:model {reducer} ' + _C + '))', "tree_aggregation"),
    Pattern("consensus-protocol", "consensus", "(consensus question [#:models list] [#:rounds k])",
            "models answer, see each other's answers and revise until they agree",
            ("agree", "consensus", "controversial", "debate", "high stakes", "critical"),
            ("member",), lambda n: 6, lambda n, c: 2,
            "(finish (consensus {task} #:models (list {members}) #:rounds 3))",
            "consensus_protocol"),
    Pattern("backtracking-search", "backtrack",
            "(backtrack task valid? done? [#:branching b] [#:max-depth d] [#:max-nodes k])",
            "propose steps, prune with a checker, back up on dead ends",
            ("puzzle", "search", "solve", "constraint", "find a sequence", "path", "schedule",
             "satisfy"),
            ("proposer",), lambda n: 8, lambda n, c: 8,
            "(finish (backtrack {task} (lambda (path) #t) (lambda (path) (>= (length path) 3)) "
            "#:model {proposer}))", "backtracking_search"),
    Pattern("anytime-algorithm", "anytime",
            "(anytime task score [#:rounds k] [#:reserve tokens] [#:key checkpoint-key])",
            "answer at once, keep improving while budget remains",
            ("deadline", "as good as possible", "best effort", "within budget", "time limit",
             "anytime"),
            ("worker",), lambda n: 4, lambda n, c: 4,
            "(finish (anytime {task} string-length #:rounds 3 #:model {worker}))",
            "anytime_algorithm"),
    Pattern("memoization", "memo-query", "(memo-query instruction [#:data s] [#:model m])",
            "identical requests answered from the checkpoint store across runs",
            ("again", "repeated", "same question", "cache", "frequently", "faq"),
            ("worker",), lambda n: 1, lambda n, c: 1,
            "(finish (memo-query {task} #:data (or context \"\") #:model {worker}))",
            "memoization"),
    Pattern("stream-processing", "stream-process",
            "(stream-process instruction chunks [#:window k] [#:key checkpoint-key])",
            "window by window with bounded concurrency, resumable after a restart",
            ("stream", "log", "logs", "feed", "continuous", "large file", "lines", "events", "resume"),
            ("worker",), lambda n: n, lambda n, c: _ceil(n / min(c, 10)),
            '(finish (stream-process {task} (string-split context "\\n") #:window {concurrency} '
            '#:model {worker}))', "stream_processing"),
    Pattern("multi-armed-bandit", "bandit-run", "(bandit-run tasks arms reward [#:explore c])",
            "route a series of tasks across models with UCB1, learning from rewards",
            ("which model", "cheapest model", "explore", "route", "compare models", "series of"),
            ("arm",), lambda n: n, lambda n, c: n,
            '(finish (car (bandit-run (string-split context "\\n") (list {arms}) '
            "(lambda (task answer) (if (> (string-length answer) 0) 1 0)))))", "multi_armed_bandit"),
)


def catalog() -> tuple[Pattern, ...]:
    """Every pattern, in the order of the design."""
    return CATALOG


def by_name(name: str) -> Pattern | None:
    """A pattern by catalog name or procedure name."""
    for p in CATALOG:
        if name in (p.name, p.procedure):
            return p
    return None


@functools.lru_cache(maxsize=1)
def prelude_source() -> str:
    """The Scheme source of every pattern file, loaded into each session."""
    files = sorted(_DIR.glob("*.scm"))
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@functools.lru_cache(maxsize=1)
def prelude_names() -> frozenset[str]:
    """Every name the prelude defines at top level (`(define (name ...` and `(define name ...`;
    a test checks these are exactly the globals loading it binds)."""
    return frozenset(re.findall(r"^\(define\s+\(?([^\s()\[\]]+)", prelude_source(), re.MULTILINE))


@functools.lru_cache(maxsize=1)
def _prelude_definitions() -> tuple[tuple[int, str], ...]:
    """(first line, name) of each top-level `(define (name ...` in the prelude source."""
    out = []
    for number, line in enumerate(prelude_source().splitlines(), start=1):
        m = re.match(r"\(define \(([^\s()]+)", line)
        if m:
            out.append((number, m.group(1)))
    return tuple(out)


def describe_prelude_position(pos: tuple[int, int]) -> str:
    """What an error at `pos` (line, column of the prelude source) was inside: "pattern
    parallel-fan-out (fan-out)", "pattern helper rlm:tally", or "the pattern prelude"."""
    name = None
    for first, defined in _prelude_definitions():
        if first > pos[0]:
            break
        name = defined
    if name is None:
        return "the pattern prelude"
    pattern = by_name(name)
    if pattern is not None:
        return f"pattern {pattern.name} ({pattern.procedure})"
    return f"pattern helper {name}"
