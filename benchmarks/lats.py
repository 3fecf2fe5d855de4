"""`rlm-bot bench lats`: LATS tool search vs the reactive baseline on a built task set.

Every model call (planner, judge, reflection) goes through litellm to the scripted
OpenAI-compatible provider on 127.0.0.1 (testing/fakes), which plays a fallible planner model:
per task it has a behaviour — its first idea may use a tool that is down, may be a confident
wrong guess, may list a broken action before a good one, may be right at once, or may never find
the answer. The tools are real: the Python sandbox and the Scheme interpreter compute every
observation, and the judge scores only the answers it is shown. Both strategies get the same
planner, tools and limits; the report gives success rates, model and tool calls, side by side.
"""

from __future__ import annotations

import argparse
import json
import threading
import time

from benchmarks._paths import parse_args

# (behaviour, task, code that computes it, expected answer)
TASKS = (
    ("fallback", "What is 17*23+5?", "17*23+5", "396"),
    ("fallback", "What is the sum of the squares of 1..20?", "sum(i*i for i in range(1, 21))", "2870"),
    ("fallback", "How many days are there from 2024-01-15 to 2024-03-01?",
     "(datetime.date(2024,3,1) - datetime.date(2024,1,15)).days", "46"),
    ("fallback", "What is 2**40 mod 997?", "pow(2, 40, 997)", str(pow(2, 40, 997))),
    ("reflection", "How many vowels are in 'banana split'?",
     "sum(1 for c in 'banana split' if c in 'aeiou')", "4"),
    ("reflection", "How many times does the letter r occur in 'strawberry rhubarb'?",
     "'strawberry rhubarb'.count('r')", "5"),
    ("reflection", "What is the median of 7, 1, 9, 4, 12, 3?", "statistics.median([7, 1, 9, 4, 12, 3])", "5.5"),
    ("reflection", "How many primes are below 100?",
     "len([n for n in range(2, 100) if all(n % d for d in range(2, n))])", "25"),
    ("branching", "What is the product of 123 and 457?", "123*457", "56211"),
    ("branching", "What is the 20th Fibonacci number (F1 = F2 = 1)?",
     "a, b = 1, 1\nfor _ in range(18):\n    a, b = b, a + b\nresult = b", "6765"),
    ("branching", "How many words are in 'the quick brown fox jumps over the lazy dog'?",
     "len('the quick brown fox jumps over the lazy dog'.split())", "9"),
    ("direct", "What is 6 times 7?", "6*7", "42"),
    ("direct", "What is 1000 - 1?", "1000-1", "999"),
    ("direct", "What is 2 + 2 * 3?", "2 + 2 * 3", "8"),
    ("hopeless", "What is the name of the user's first pet?", None, "Rex"),
    ("hopeless", "What did the team decide in yesterday's meeting?", None, "ship on Friday"),
)


def main(argv: list[str], settings) -> int:
    """Run both strategies on every task; print success rates side by side."""
    parser = argparse.ArgumentParser(prog="rlm-bot bench lats", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parse_args(parser, argv)
    from dataclasses import replace

    from rlm_bot.llm import LLMClient
    from rlm_bot.pipeline.execute import react, search
    from rlm_bot.sandbox import get_pool
    from testing.fakes.openai_server import FakeOpenAIServer

    server = FakeOpenAIServer().start()
    pool = get_pool(settings)
    rows = []
    try:
        llm = replace(settings.llm, api_base=server.base_url, max_retries=0)
        client = LLMClient(llm)
        server.rule(_Planner().reply)
        started = time.perf_counter()
        for behaviour, task, _code, expected in TASKS:
            registry = _registry(behaviour, pool)
            row = {"behaviour": behaviour, "task": task}
            for name, fn in (("react", react), ("lats", search)):
                before = len(server.chat_calls)
                result = fn(task, client=client, registry=registry, planner="haiku", task_type="computation")
                ok = result.answer is not None and result.answer.strip() == expected
                row[name] = {"success": ok, "model_calls": len(server.chat_calls) - before,
                             "tool_calls": result.tool_calls, "answer": result.answer}
            rows.append(row)
        seconds = time.perf_counter() - started
        client.close()
    finally:
        server.stop()
    summary = _summary(rows, seconds)
    if args.json:
        print(json.dumps(summary | {"tasks": rows}, sort_keys=True))
    else:
        _print(summary, rows)
    return 0


def _registry(behaviour: str, pool):
    from rlm_bot.pipeline.execute import ToolRegistry, python_tool, scheme_tool

    registry = ToolRegistry()
    python = python_tool(pool)
    registry.register("scheme", scheme_tool())
    if behaviour == "fallback":  # the deployment's calculator service is down today
        registry.register("calculator", _down, capabilities=["compute"], fallbacks=["python"])
    else:
        registry.register("calculator", python, capabilities=["compute"], fallbacks=["python"])
    registry.register("python", python)
    registry.register("memory_search", _empty_memory, capabilities=["recall", "facts"])
    return registry


def _down(text: str) -> str:
    raise ConnectionError("calculator service: connection refused")


def _empty_memory(text: str) -> str:
    from rlm_bot.pipeline.execute import ToolFailure

    raise ToolFailure("memory has nothing on this")


class _Planner:
    """The scripted model: planner, judge and critic, with a per-task behaviour."""

    def __init__(self) -> None:
        self.by_task = {task: (behaviour, code, expected) for behaviour, task, code, expected in TASKS}
        self.lock = threading.Lock()

    def reply(self, req) -> str:
        text = req.last_user
        task = _field(text, "Task:")
        behaviour, code, expected = self.by_task.get(task, ("hopeless", None, ""))
        if text.startswith("You plan tool use"):
            return json.dumps({"actions": self._plan(text, behaviour, code, expected)})
        if text.startswith("Judge whether"):
            answer = _field(text, "Proposed final answer:")
            observed = text.split("Steps (action → observation):", 1)[1].split("Proposed final answer:", 1)[0]
            # a judge trusts an answer a tool computed; it doubts an unsupported one
            supported = answer in observed and "value:" in observed
            score = 0.9 if supported else 0.3
            return json.dumps({"score": score, "critique": "supported by a tool result" if supported else "no tool evidence"})
        return json.dumps({"reflection": "The guess had no evidence; compute it with code instead."})

    def _plan(self, prompt: str, behaviour: str, code: str | None, expected: str) -> list[dict]:
        history = prompt.split("Steps taken so far on this path", 1)[-1].split("Lessons from", 1)[0]
        computed = _value(history)
        if computed is not None:
            return [{"tool": "finish", "input": computed}]
        if behaviour == "hopeless":
            return [{"tool": "memory_search", "input": _field(prompt, "Task:")},
                    {"tool": "finish", "input": "I do not know"}]
        if behaviour == "fallback":
            return [{"tool": "calculator", "input": code}]
        if behaviour == "reflection":
            if "compute it with code" in prompt:
                return [{"tool": "python", "input": code}]
            wrong = str(_off_by_one(expected))
            return [{"tool": "finish", "input": wrong}]
        if behaviour == "branching":  # the first idea is malformed code, the second is right
            return [{"tool": "python", "input": code.replace("(", "((", 1) if "(" in code else code + " +"},
                    {"tool": "python", "input": code}]
        return [{"tool": "python", "input": code}]


def _value(history: str) -> str | None:
    found = None
    for line in history.splitlines():
        if "→ value: " in line:
            found = line.rsplit("→ value: ", 1)[1].strip().strip('"')
    return found


def _off_by_one(expected: str) -> str:
    try:
        number = float(expected)
    except ValueError:
        return expected + "?"
    return str(int(number) + 1) if number.is_integer() else str(number + 1)


def _field(text: str, label: str) -> str:
    if label not in text:
        return ""
    rest = text.split(label, 1)[1]
    return rest.strip().splitlines()[0].strip() if rest.strip() else ""


def _summary(rows: list[dict], seconds: float) -> dict:
    n = len(rows)
    out = {"tasks_total": n, "seconds": round(seconds, 1)}
    for name in ("react", "lats"):
        out[f"{name}_success_rate"] = sum(r[name]["success"] for r in rows) / n
        out[f"{name}_model_calls"] = sum(r[name]["model_calls"] for r in rows) / n
        out[f"{name}_tool_calls"] = sum(r[name]["tool_calls"] for r in rows) / n
    out["success_ratio"] = out["lats_success_rate"] / out["react_success_rate"] if out["react_success_rate"] else None
    behaviours = sorted({r["behaviour"] for r in rows})
    out["by_behaviour"] = {
        b: {name: sum(r[name]["success"] for r in rows if r["behaviour"] == b) for name in ("react", "lats")}
        | {"tasks": sum(r["behaviour"] == b for r in rows)}
        for b in behaviours
    }
    return out


def _print(summary: dict, rows: list[dict]) -> None:
    print(f"LATS vs reactive baseline: {summary['tasks_total']} tasks, real sandbox/Scheme tools, "
          f"scripted planner over litellm ({summary['seconds']} s)")
    print(f"{'behaviour':12}{'tasks':>6}{'react':>8}{'lats':>8}")
    for name, b in summary["by_behaviour"].items():
        print(f"{name:12}{b['tasks']:>6}{b['react']:>8}{b['lats']:>8}")
    print(f"success rate: react {summary['react_success_rate']:.2f}  lats {summary['lats_success_rate']:.2f}"
          f"  (ratio {summary['success_ratio']:.2f}x)" if summary["success_ratio"] else "")
    print(f"per task: model calls react {summary['react_model_calls']:.1f} / lats {summary['lats_model_calls']:.1f};"
          f" tool calls react {summary['react_tool_calls']:.1f} / lats {summary['lats_tool_calls']:.1f}")
