"""plan_strategy: choose orchestration patterns for a task, with model roles, estimates and a
ready-to-run Scheme program for each option.

Without a model it scores the 16 patterns from the task's words, the data's shape and the
priority; with one (`ask`), the planner prompt lets the model re-rank, and its choice is kept
only when it names real patterns. Estimates come from the model profiles' prices.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rlm_bot.resources import load_prompt
from rlm_bot.scheme.patterns import Pattern, by_name, catalog

if TYPE_CHECKING:  # annotations only: rlm_bot.llm loads httpx and SQLAlchemy
    from rlm_bot.llm import LLMClient

PRIORITIES = ("balanced", "cost", "speed", "quality")
EXPERIMENTAL = ("recursive-delegation", "meta-orchestration", "multi-armed-bandit",
                "speculative-execution", "backtracking-search", "anytime-algorithm",
                "consensus-protocol")
STRONG_ROLES = {"critic", "strong", "planner", "delegate", "coder", "writer"}
PROMPT_OVERHEAD_TOKENS = 150
DEFAULT_OUTPUT_TOKENS = 256
BASE_LATENCY_S = 0.6
OUTPUT_TOKENS_PER_S = 80.0
DEFAULT_CONCURRENCY = 10
MIN_QUALITY = 0.7  # quality baseline a worker model needs under "balanced"/"speed"
MIN_QUALITY_COST = 0.6  # ... and under "cost"


@dataclass(frozen=True)
class ModelInfo:
    """What the planner needs of a model profile."""

    alias: str
    cost_in_1k: float
    cost_out_1k: float
    quality: float
    context_window: int = 128_000


@dataclass
class StrategyOption:
    """One option the planner weighs: patterns composed, models per role, estimates, a program."""

    name: str
    patterns: list[str]
    models: dict[str, str]
    estimated_calls: int
    estimated_tokens: int
    estimated_cost: float
    estimated_latency_s: float
    program: str
    rationale: str
    fits_constraints: bool = True


@dataclass
class StrategyPlan:
    """The planner's answer: a primary strategy, two alternatives, one experimental option."""

    primary: StrategyOption
    alternatives: list[StrategyOption]
    experimental: StrategyOption
    source: str  # "heuristic" | "llm"
    features: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain data (for JSON and MCP)."""
        return asdict(self)


def plan_strategy(task: str, data_characteristics: Mapping[str, Any] | None = None,
                  constraints: Mapping[str, Any] | None = None, priority: str = "balanced", *,
                  models: Mapping[str, ModelInfo] | None = None,
                  ask: Callable[[str], str] | None = None) -> StrategyPlan:
    """Plan how to run `task`; `ask(prompt) -> reply` lets a model re-rank the options."""
    text = getattr(task, "text", task)
    if not isinstance(text, str) or not text.strip():
        raise ValueError("plan_strategy needs a non-empty task description")
    if priority not in PRIORITIES:
        raise ValueError(f"priority must be one of {', '.join(PRIORITIES)}")
    data = _data_features(text, data_characteristics or {})
    limits = dict(constraints or {})
    infos = dict(models) if models else default_models()
    scored = sorted(catalog(), key=lambda p: -_score(p, text, data, priority))
    ranked = [p.name for p in scored]
    source = "heuristic"
    if ask is not None:
        chosen = _ask_model(ask, text, data, limits, priority)
        if chosen:
            ranked = chosen + [n for n in ranked if n not in chosen]
            source = "llm"
    build = lambda name: _strategy(by_name(name), text, data, limits, priority, infos)  # noqa: E731
    stable = [n for n in ranked if n not in EXPERIMENTAL] or ranked
    primary_name = ranked[0] if source == "llm" else stable[0]
    rest = [n for n in ranked if n != primary_name]
    alternatives = [n for n in rest if n not in EXPERIMENTAL][:2]
    if len(alternatives) < 2:
        alternatives += [n for n in rest if n not in alternatives][: 2 - len(alternatives)]
    experimental = next(n for n in ranked if n in EXPERIMENTAL and n != primary_name
                        and n not in alternatives)
    options = [build(primary_name)] + [build(n) for n in alternatives]
    if data["items"] > 1 and _wants_one_result(text) and primary_name in MAP_REDUCE:
        # "summarise all of these": map each item, then combine the results into one
        options = [_map_reduce(text, data, limits, priority, infos)] + options[:2]
    if not options[0].fits_constraints:  # prefer an option that fits the constraints
        fitting = [s for s in options if s.fits_constraints]
        if fitting:
            options.remove(fitting[0])
            options.insert(0, fitting[0])
    return StrategyPlan(options[0], options[1:], build(experimental), source, data)


MAP_REDUCE = ("parallel-fan-out", "tree-aggregation", "stream-processing")
_ONE_RESULT = ("summar", "overall", "combine", "digest", "synthes", "report on", "common theme",
               "in total", "aggregate", "one answer", "merge")


def _wants_one_result(text: str) -> bool:
    low = text.lower()
    return any(word in low for word in _ONE_RESULT)


def _map_reduce(text: str, data: dict, limits: dict, priority: str,
                infos: dict[str, ModelInfo]) -> StrategyOption:
    """parallel-fan-out composed with tree-aggregation: one call per item, then a tree of
    combining calls; estimates are the sum of both parts."""
    fan = _strategy(by_name("parallel-fan-out"), text, data, limits, priority, infos)
    reduced = dict(data, items=data["items"], item_tokens=DEFAULT_OUTPUT_TOKENS)
    tree = _strategy(by_name("tree-aggregation"), text, reduced, limits, priority, infos)
    worker, reducer = fan.models["worker"], tree.models["reducer"]
    concurrency = int(limits.get("max_concurrent", DEFAULT_CONCURRENCY))
    q = _quote
    body = ('(define items (if (string? context) (string-split context "\\n") context))\n'
            f"(define partials (fan-out {q(text)} items #:model {q(worker)} "
            f"#:max-concurrent {concurrency}))\n"
            f'(finish (tree-reduce {q("Combine these partial results into one answer to: " + text)}'
            f" partials #:fan-in 4 #:model {q(reducer)} #:max-concurrent {concurrency}))")
    program = ";; parallel-fan-out + tree-aggregation: map every item, then combine\n" + \
        _with_budgets(body, limits) + "\n"
    cost = fan.estimated_cost + tree.estimated_cost
    fits = (cost <= float(limits.get("max_cost", math.inf))
            and fan.estimated_latency_s + tree.estimated_latency_s
            <= float(limits.get("max_latency_s", math.inf)))
    return StrategyOption("fan-out+tree-aggregation", ["parallel-fan-out", "tree-aggregation"],
                          {"worker": worker, "reducer": reducer},
                          fan.estimated_calls + tree.estimated_calls,
                          fan.estimated_tokens + tree.estimated_tokens, round(cost, 6),
                          round(fan.estimated_latency_s + tree.estimated_latency_s, 2), program,
                          f"map each of {data['items']} items in parallel, then combine the results "
                          "4 at a time, so no prompt holds everything", fits)


def quote_string(s: str) -> str:
    """`s` as a Scheme string literal (backslashes and double quotes escaped)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


_quote = quote_string


def _with_budgets(body: str, limits: dict) -> str:
    budgets = []
    if "max_tokens" in limits:
        budgets.append(f"[token-budget {int(limits['max_tokens'])}]")
    if "max_cost" in limits:
        budgets.append(f"[cost-budget {float(limits['max_cost'])}]")
    if not budgets:
        return body
    indented = body.replace("\n", "\n  ")
    return f"(parameterize ({' '.join(budgets)})\n  {indented})"


def _data_features(text: str, given: Mapping[str, Any]) -> dict[str, Any]:
    items = given.get("items") or given.get("count") or given.get("n_items")
    if items is None:
        match = re.search(r"\b(\d{1,7})\s+(?:\w+\s+)?(documents|files|items|reviews|tickets|emails|"
                          r"records|rows|lines|pages|messages|articles|questions)\b", text, re.I)
        items = int(match.group(1)) if match else 1
    item_tokens = int(given.get("item_tokens") or given.get("tokens_per_item") or 300)
    total = int(given.get("total_tokens") or items * item_tokens)
    return {"items": int(items), "item_tokens": item_tokens, "total_tokens": total,
            "structure": str(given.get("structure", "list" if items > 1 else "text"))}


def _score(p: Pattern, text: str, data: dict, priority: str) -> float:
    low = text.lower()
    score = sum(1.0 for k in p.keywords if k in low)
    n = data["items"]
    if n > 1 and p.name in ("parallel-fan-out", "tree-aggregation", "active-learning"):
        score += 1.0 + min(2.0, math.log10(n))
    if n > 200 and p.name == "stream-processing":
        score += 1.5
    if data["total_tokens"] > 100_000 and p.name in ("tree-aggregation", "stream-processing",
                                                     "cumulative-fold"):
        score += 1.5
    if n <= 1 and p.name in ("parallel-fan-out", "active-learning", "stream-processing"):
        score -= 1.0
    calls, rounds = p.calls(n), p.rounds(n, DEFAULT_CONCURRENCY)
    if priority == "cost":
        score -= 0.15 * math.log2(1 + calls)
    elif priority == "speed":
        score -= 0.3 * math.log2(1 + rounds)
    elif priority == "quality" and p.name in ("ensemble-voting", "critique-refine",
                                              "consensus-protocol", "active-learning"):
        score += 1.0
    return score


def _ask_model(ask: Callable[[str], str], text: str, data: dict, limits: dict,
               priority: str) -> list[str]:
    lines = "\n".join(f"- {p.name}: {p.summary}" for p in catalog())
    prompt = load_prompt("planner", catalog=lines, task=text, data=json.dumps(data),
                         constraints=json.dumps(limits), priority=priority)
    try:
        reply = ask(prompt)
        start, end = reply.find("{"), reply.rfind("}")
        obj = json.loads(reply[start:end + 1])
    except Exception:  # noqa: BLE001 - a bad planner reply falls back to the heuristic ranking
        return []
    names = [obj.get("primary")] + list(obj.get("alternatives") or []) + [obj.get("experimental")]
    out: list[str] = []
    for name in names:
        p = by_name(str(name)) if name else None
        if p is not None and p.name not in out:
            out.append(p.name)
    return out


def _strategy(p: Pattern, text: str, data: dict, limits: dict, priority: str,
              infos: dict[str, ModelInfo]) -> StrategyOption:
    n = data["items"]
    concurrency = int(limits.get("max_concurrent", DEFAULT_CONCURRENCY))
    roles = {role: _pick_model(role, priority, infos, data) for role in p.roles}
    calls = max(1, math.ceil(p.calls(n)))
    out_tokens = int(limits.get("max_output_tokens", DEFAULT_OUTPUT_TOKENS))
    in_tokens = PROMPT_OVERHEAD_TOKENS + min(data["item_tokens"], data["total_tokens"])
    main = infos[next(iter(roles.values()))]
    tokens = calls * (in_tokens + out_tokens)
    cost = calls * (in_tokens * main.cost_in_1k + out_tokens * main.cost_out_1k) / 1000
    latency = p.rounds(n, concurrency) * (BASE_LATENCY_S + out_tokens / OUTPUT_TOKENS_PER_S)
    fits = (cost <= float(limits.get("max_cost", math.inf))
            and latency <= float(limits.get("max_latency_s", math.inf))
            and tokens <= float(limits.get("max_tokens", math.inf)))
    program = _program(p, text, roles, concurrency, limits)
    why = (f"{p.summary}; {n} item(s), priority {priority}; about {calls} call(s) in "
           f"{math.ceil(p.rounds(n, concurrency))} round(s)")
    return StrategyOption(p.name, [p.name], roles, calls, int(tokens), round(cost, 6), round(latency, 2),
                          program, why, fits)


def _pick_model(role: str, priority: str, infos: dict[str, ModelInfo], data: dict) -> str:
    fitting = [m for m in infos.values() if m.context_window >= data["item_tokens"] * 2] or list(
        infos.values())
    price = lambda m: m.cost_in_1k + m.cost_out_1k  # noqa: E731
    if role in STRONG_ROLES or priority == "quality":
        return max(fitting, key=lambda m: (m.quality, -price(m))).alias
    # cost / balanced / speed: the cheapest model that clears a quality floor
    floor = MIN_QUALITY_COST if priority == "cost" else MIN_QUALITY
    decent = [m for m in fitting if m.quality >= floor] or fitting
    return min(decent, key=lambda m: (price(m), -m.quality)).alias


def _program(p: Pattern, text: str, roles: dict[str, str], concurrency: int, limits: dict) -> str:
    q = _quote
    role_list = " ".join(q(m) for m in dict.fromkeys(roles.values()))
    values = {"task": q(text), "concurrency": concurrency, "racers": role_list, "voters": role_list,
              "members": role_list, "arms": role_list}
    values.update({role: q(model) for role, model in roles.items()})
    for role in ("worker", "coder", "delegate", "writer", "critic", "planner", "cheap", "strong",
                 "reducer", "proposer"):
        values.setdefault(role, q(next(iter(roles.values()))))
    body = p.template.format(**values)
    return f";; {p.name}: {p.summary}\n" + _with_budgets(body, limits) + "\n"


def default_models() -> dict[str, ModelInfo]:
    """The model profiles of the LLM client, as the planner sees them."""
    return planner_models()


def planner_models(settings: Any = None):
    """The model profiles as the planner's ModelInfo rows."""
    # deferred: the rlm_bot.llm package loads the HTTP client and SQLAlchemy; planning with
    # models handed in never needs it
    from rlm_bot.llm import load_profiles

    path = settings.llm.models_file if settings is not None else None
    return {p.alias: ModelInfo(p.alias, float(p.input_cost_per_1k or 0.0),
                               float(p.output_cost_per_1k or 0.0), float(p.quality),
                               int(p.context_window or 128_000))
            for p in load_profiles(path).values()}


PLANNER_MAX_TOKENS = 300


def model_asker(client: LLMClient, alias: str | None = None) -> Callable[[str], str]:
    """An `ask` for plan_strategy that sends the planner prompt through an LLMClient."""
    chosen = alias or max(client.profiles.values(), key=lambda p: p.quality).alias

    def ask(prompt: str) -> str:
        return client.complete(chosen, prompt, json_mode=True, max_tokens=PLANNER_MAX_TOKENS).text

    return ask
