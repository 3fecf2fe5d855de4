"""LATS tool orchestration: search over tool plans instead of reacting one step at a time.

Each rollout: SELECT a path from the root by UCB1 (mean value + w·sqrt(2·ln N_parent / N_child),
w = 1.414; unvisited children first, ordered by the tool's fit for the task type and its learned
effectiveness); EXPAND the leaf with the planner model's proposed next actions (the PLAN, which
sees the path so far and the reflections of failed attempts); SIMULATE the chosen action with the
real tool — walking the tool's fallback sequence when it fails; evaluate a `finish` with the judge
model (or the caller's verifier); BACKPROPAGATE the value to the root; REFLECT on a failed
`finish` (a self-critique kept for later expansions and handed to memory as an experience).
Stops at the first answer judged good, or after `max_rollouts`.

`react(...)` is the baseline: the same planner and tools, one action at a time, no fallback, no
backtracking, no reflection.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rlm_bot.llm.errors import ResponseFormatError
from rlm_bot.pipeline.collaborators import ModelClient
from rlm_bot.pipeline.execute.tools import ToolRegistry, ToolRun, execute
from rlm_bot.resources import load_prompt

if TYPE_CHECKING:  # annotations only
    from rlm_bot.llm import UsageMeter

EXPLORATION_WEIGHT = 1.414
MAX_ROLLOUTS = 10
MAX_DEPTH = 5
BRANCHING = 3
SUCCESS_VALUE = 0.8  # a finish judged at least this good ends the search
STEP_VALUE_OK = 0.3  # value of a tool step that produced an observation
STEP_VALUE_FAILED = 0.0
PLANNER_MAX_TOKENS = 600
JUDGE_MAX_TOKENS = 200
MAX_REPLANS = 2  # times a node whose children all failed is re-planned (with the new reflections)

Verifier = Callable[[str], float]  # final answer -> 0..1


@dataclass(frozen=True)
class Action:
    """One step of a plan: a tool and its input (tool "finish": input is the final answer)."""

    tool: str
    input: str
    why: str = ""


@dataclass
class Node:
    """A node of the search tree: the action that led here and what it observed."""

    action: Action | None
    parent: Node | None = None
    depth: int = 0
    run: ToolRun | None = None
    visits: int = 0
    value_sum: float = 0.0
    children: list[Node] = field(default_factory=list)
    prior: float = 0.0
    terminal: bool = False
    expanded: bool = False
    judged: float | None = None
    replans: int = 0

    @property
    def exhausted(self) -> bool:
        """Nothing left to try below: a visited terminal, or every child exhausted."""
        if self.terminal:
            return self.visits > 0
        return self.expanded and self.replans >= MAX_REPLANS and all(c.exhausted for c in self.children)

    @property
    def mean(self) -> float:
        """Mean backed-up value (0 when unvisited)."""
        return self.value_sum / self.visits if self.visits else 0.0

    def path(self) -> list[Node]:
        """The nodes from the root's first child down to this one."""
        nodes, node = [], self
        while node is not None and node.action is not None:
            nodes.append(node)
            node = node.parent
        return nodes[::-1]


@dataclass(frozen=True)
class Step:
    """One executed action on the answer's path."""

    tool: str
    input: str
    ok: bool
    observation: str
    tried: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """What the search found and what it took."""

    success: bool
    answer: str | None
    value: float
    steps: tuple[Step, ...]
    rollouts: int
    tool_calls: int
    model_calls: int
    reflections: tuple[str, ...]
    nodes: int
    cost: float = 0.0
    tokens_in: int = 0
    tokens_out: int = 0


def ucb1(node: Node, parent_visits: int, weight: float = EXPLORATION_WEIGHT) -> float:
    """UCB1 score: mean value + w·sqrt(2·ln(parent visits) / node visits) (∞ if unvisited)."""
    if node.visits == 0:
        return math.inf
    return node.mean + weight * math.sqrt(2.0 * math.log(max(parent_visits, 1)) / node.visits)


class _Run:
    """Model-facing parts shared by the search and the baseline."""

    def __init__(self, client: ModelClient, alias: str, registry: ToolRegistry, task: str, task_type: str,
                 *, verifier: Verifier | None, learned: Mapping[str, float] | None, meter: UsageMeter | None) -> None:
        self.client = client
        self.alias = alias
        self.registry = registry
        self.task = task
        self.task_type = task_type
        self.verifier = verifier
        self.learned = dict(learned or {})
        self.meter = meter
        self.model_calls = 0
        self.tool_calls = 0
        self.cost = 0.0
        self.tokens_in = 0
        self.tokens_out = 0
        self.reflections: list[str] = []

    def _ask(self, prompt: str, max_tokens: int) -> dict:
        self.model_calls += 1
        reply = self.client.complete(self.alias, prompt, max_tokens=max_tokens, json_mode=True,
                                     temperature=0.7, meter=self.meter)
        self.cost += reply.cost
        self.tokens_in += reply.prompt_tokens
        self.tokens_out += reply.completion_tokens
        try:
            data = reply.json()
        except (ResponseFormatError, RecursionError):  # not JSON, or nested past the parser's depth:
            return {}  # the planner gave no usable plan; the search goes on with an empty one
        return data if isinstance(data, dict) else {}

    def plan(self, path: list[Node], branching: int) -> list[Action]:
        """PLAN: ask the planner for the next actions of this path."""
        ranked = self.registry.ranked(self.task_type, self.learned)
        tools = "\n".join(f"- {n}: {self.registry.tools[n].description}" for n in ranked)
        prompt = load_prompt(
            "lats_plan", branching=branching, task=self.task, task_type=self.task_type, tools=tools,
            history=_history(path), reflections="\n".join(f"- {r}" for r in self.reflections) or "(none)",
        )
        actions = []
        for item in self._ask(prompt, PLANNER_MAX_TOKENS).get("actions", [])[:branching]:
            if isinstance(item, dict) and str(item.get("tool", "")).strip():
                actions.append(Action(str(item["tool"]).strip(), str(item.get("input", "")), str(item.get("why", ""))))
        return actions

    def judge(self, path: list[Node], answer: str) -> tuple[float, str]:
        """Value of a final answer: the caller's verifier, else the judge model."""
        if self.verifier is not None:
            score = float(self.verifier(answer))
            return max(0.0, min(1.0, score)), "verifier"
        prompt = load_prompt("lats_evaluate", task=self.task, history=_history(path), answer=answer)
        data = self._ask(prompt, JUDGE_MAX_TOKENS)
        try:
            score = float(data.get("score", 0.0))
        except (TypeError, ValueError):
            score = 0.0
        return max(0.0, min(1.0, score)), str(data.get("critique", ""))

    def reflect(self, path: list[Node], answer: str, critique: str) -> str | None:
        """REFLECT: a self-critique of a failed path, kept for later plans."""
        prompt = load_prompt("lats_reflect", task=self.task, history=_history(path), answer=answer,
                             critique=critique or "(none)")
        text = str(self._ask(prompt, JUDGE_MAX_TOKENS).get("reflection", "")).strip()
        if text:
            self.reflections.append(text)
        return text or None

    def act(self, action: Action, *, fallbacks: bool) -> ToolRun:
        """SIMULATE one action with the real tool (and its fallbacks)."""
        run = execute(self.registry, action.tool, action.input, use_fallbacks=fallbacks)
        self.tool_calls += len(run.tried)
        return run


def search(
    task: str,
    *,
    client: ModelClient,
    registry: ToolRegistry,
    planner: str,
    task_type: str = "question",
    max_rollouts: int = MAX_ROLLOUTS,
    max_depth: int = MAX_DEPTH,
    branching: int = BRANCHING,
    exploration_weight: float = EXPLORATION_WEIGHT,
    verifier: Verifier | None = None,
    learned: Mapping[str, float] | None = None,
    on_experience: Callable[[str, str, str], Any] | None = None,
    meter: UsageMeter | None = None,
    on_rollout: Callable[[int, int], Any] | None = None,
) -> SearchResult:
    """Search tool plans for `task` with LATS; return the best answer found (`on_rollout(n,
    max_rollouts)` is told as each rollout begins)."""
    if max_rollouts < 1 or max_depth < 1 or branching < 1:
        raise ValueError("max_rollouts, max_depth and branching must be at least 1")
    run = _Run(client, planner, registry, task, task_type, verifier=verifier, learned=learned, meter=meter)
    root = Node(action=None)
    best: tuple[float, Node | None, str | None] = (-1.0, None, None)
    rollouts = 0
    nodes = 1
    while rollouts < max_rollouts:
        rollouts += 1
        if on_rollout is not None:
            on_rollout(rollouts, max_rollouts)
        leaf = _select(root, exploration_weight)
        if leaf is None:  # the whole tree is exhausted
            break
        ready = leaf.action is None or leaf.visits > 0  # a step is run before it is expanded
        if ready and not leaf.terminal and leaf.depth < max_depth and _needs_plan(leaf):
            before = len(leaf.children)
            _expand(leaf, run, branching)
            nodes += len(leaf.children) - before
            fresh = [c for c in leaf.children if c.visits == 0]
            leaf = max(fresh, key=lambda c: c.prior) if fresh else leaf
        value, answer = _simulate(leaf, run, max_depth)
        _backpropagate(leaf, value)
        if answer is not None and value > best[0]:
            best = (value, leaf, answer)
        if answer is not None and value >= SUCCESS_VALUE:
            break
        if answer is not None and value < SUCCESS_VALUE:
            reflection = run.reflect(leaf.path(), answer, leaf.run.observation if leaf.run else "")
            if reflection and on_experience is not None:
                on_experience(task, _approach(leaf.path()), f"failed: {reflection}")
    value, node, answer = best
    steps = tuple(_step(n) for n in node.path()) if node is not None else ()
    success = answer is not None and value >= SUCCESS_VALUE
    if success and on_experience is not None:
        on_experience(task, _approach(node.path()), "succeeded")
    return SearchResult(success, answer, max(value, 0.0), steps, rollouts, run.tool_calls, run.model_calls,
                        tuple(run.reflections), nodes, run.cost, run.tokens_in, run.tokens_out)


def react(
    task: str,
    *,
    client: ModelClient,
    registry: ToolRegistry,
    planner: str,
    task_type: str = "question",
    max_depth: int = MAX_DEPTH,
    verifier: Verifier | None = None,
    meter: UsageMeter | None = None,
) -> SearchResult:
    """The reactive baseline: take the planner's first action, run it, repeat until finish."""
    run = _Run(client, planner, registry, task, task_type, verifier=verifier, learned=None, meter=meter)
    node = Node(action=None)
    answer = None
    value = 0.0
    for _ in range(max_depth):
        actions = run.plan(node.path(), 1)
        if not actions:
            break
        child = Node(action=actions[0], parent=node, depth=node.depth + 1)
        node.children.append(child)
        node = child
        if child.action.tool == "finish":
            answer = child.action.input
            value, _ = run.judge(node.path(), answer)
            break
        child.run = run.act(child.action, fallbacks=False)
    steps = tuple(_step(n) for n in node.path())
    return SearchResult(answer is not None and value >= SUCCESS_VALUE, answer, value, steps, 1,
                        run.tool_calls, run.model_calls, (), node.depth + 1, run.cost, run.tokens_in,
                        run.tokens_out)


def _select(root: Node, weight: float) -> Node | None:
    """SELECT: descend by UCB1 to a node to expand or simulate; None when all is exhausted."""
    node = root
    while True:
        if node.exhausted:
            return None if node is root else node
        live = [c for c in node.children if not c.exhausted]
        if not live:  # not expanded yet, or every child failed: plan (again) here
            return node
        node = max(live, key=lambda c: (ucb1(c, node.visits, weight), c.prior))
        if not node.expanded:
            return node


def _needs_plan(node: Node) -> bool:
    if not node.expanded:
        return True
    return node.replans < MAX_REPLANS and all(c.exhausted for c in node.children)


def _expand(node: Node, run: _Run, branching: int) -> None:
    """EXPAND: one child per proposed action (new ones only), prior from the tool's fit."""
    if node.expanded:
        node.replans += 1
    node.expanded = True
    seen = {(c.action.tool, c.action.input.strip()) for c in node.children if c.action}
    for action in run.plan(node.path(), branching):
        key = (action.tool, action.input.strip())
        if key in seen:
            continue
        seen.add(key)
        prior = 1.0 if action.tool == "finish" else run.registry.preference(run.task_type, action.tool) + 0.5 * run.learned.get(action.tool, 0.5)
        node.children.append(Node(action=action, parent=node, depth=node.depth + 1, prior=prior))


def _simulate(node: Node, run: _Run, max_depth: int) -> tuple[float, str | None]:
    """SIMULATE: execute the node's action (or judge its answer); return (value, answer)."""
    if node.action is None:
        return 0.0, None
    if node.action.tool == "finish":
        node.terminal = True
        if node.judged is None:
            node.judged, critique = run.judge(node.path(), node.action.input)
            node.run = ToolRun("finish", True, critique, ("finish",))
        return node.judged, node.action.input
    if node.run is None:
        node.run = run.act(node.action, fallbacks=True)
    if node.depth >= max_depth:
        node.terminal = True
    return (STEP_VALUE_OK if node.run.ok else STEP_VALUE_FAILED), None


def _backpropagate(node: Node | None, value: float) -> None:
    """BACKPROPAGATE: add the value to every node up to the root."""
    while node is not None:
        node.visits += 1
        node.value_sum += value
        node = node.parent


def _history(path: list[Node]) -> str:
    lines = []
    for n in path:
        if n.action is None or n.action.tool == "finish":
            continue
        obs = n.run.observation if n.run else "(not run)"
        via = f" (via fallback {n.run.tool})" if n.run and n.run.tool != n.action.tool else ""
        lines.append(f"{n.action.tool}({n.action.input!r}){via} → {obs}")
    return "\n".join(lines) or "(none yet)"


def _approach(path: list[Node]) -> str:
    return " → ".join(f"{n.action.tool}" for n in path if n.action is not None)


def _step(node: Node) -> Step:
    run = node.run
    return Step(node.action.tool, node.action.input, run.ok if run else False,
                run.observation if run else "", run.tried if run else ())
