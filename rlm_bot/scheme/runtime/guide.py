"""The usage guide and the code-generation API reference, generated from the live tables
(primitives and patterns), so they always say what the code does."""

from __future__ import annotations

import functools

from rlm_bot.resources import resource_dir
from rlm_bot.scheme.patterns import catalog
from rlm_bot.scheme.runtime import state as S
from rlm_bot.scheme.runtime.table import CATEGORY_TITLES, describe_rows

_RULES = f"""\
## Rules of the sandbox
- Only the primitives below and the standard Racket-flavoured forms exist; there is no file,
  network or environment access. End with `(finish value)` or let the last expression be the value.
- `llm-query` returns a *syntax object*: unwrap it with `syntax-e` before using the text.
  `await`, `await-all`, `await-any` and `map-async` return plain strings (or jsexprs with `#:json #t`).
- Budgets: `(parameterize ([token-budget n]) ...)` and `cost-budget` can only *lower* the limit in
  force. Every call is checked before it is sent (prompt tokens + max tokens); a call that does
  not fit raises an `exn:fail` whose message says "budget" (catch it with `with-handlers`).
- A run also has caps on calls, tokens and (when configured) dollars; hitting one ends the run.
- `#:max-concurrent` is clamped to {S.MAX_CONCURRENT_CAP}; default {S.DEFAULT_MAX_CONCURRENT}.
  Futures still running when the run ends are cancelled.
- `#:recursive #t` lets the model write a program that runs in a child sandbox (at most
  {S.MAX_RECURSION_DEPTH} levels) with your remaining budget.
- `checkpoint!` keys are opaque strings (never paths) in your workspace; values must be data.
- `context` holds the data given with `load-context`; it is also `context` in Python.
"""


def api_reference() -> str:
    """Every primitive: signature, one line, example; grouped by category (markdown)."""
    rows = describe_rows()
    out = ["# RLM Scheme API reference", ""]
    for cat, title in CATEGORY_TITLES.items():
        items = [r for r in rows if r.category == cat]
        if not items:
            continue
        out += [f"## {title}", ""]
        for r in items:
            out += [f"### `{r.name}`", f"`{r.signature}`", "", r.doc, "", "```scheme", r.example,
                    "```", ""]
    out += _pattern_section()
    return "\n".join(out)


def _pattern_section() -> list[str]:
    out = ["## Pattern procedures (preloaded)", ""]
    for p in catalog():
        out.append(f"- `{p.signature}` — {p.summary}")
    return out + [""]


_INTRO = ["# Writing RLM Scheme programs", "",
          "Programs orchestrate model calls in a sandboxed Scheme: fan out in parallel, stay within",
          "budgets, save progress, and compute in a Python sandbox.", ""]


@functools.lru_cache(maxsize=1)
def usage_guide() -> str:
    """The guide a model (or person) reads before writing a program: rules, API, patterns."""
    return "\n".join([*_INTRO, _RULES, api_reference(), _example()])


def seed_usage_guide() -> str:
    """The usage guide as memory/seed/usage_guide.md holds it: rules and example only, pointing
    to api_reference.md, so memory never holds the reference's sections twice."""
    return "\n".join([*_INTRO, _RULES,
                      "Every primitive (signature, one line, an example) and the preloaded pattern procedures",
                      "are listed in the RLM Scheme API reference (`api_reference.md`).", "",
                      _example()])


def _example() -> str:
    return "\n".join([
        "## A complete program", "", "```scheme",
        '(load-context "alpha\\nbeta\\ngamma")',
        '(define lines (string-split context "\\n"))',
        "(define summaries",
        "  (map-async (lambda (line)",
        '               (llm-query-async #:instruction "Summarise in 3 words" #:data line',
        "                                #:max-tokens 20))",
        "             lines #:max-concurrent 5))",
        '(finish (string-join summaries "; "))', "```", ""])


def seed_docs() -> dict[str, str]:
    """The pattern doc pages shipped in memory/seed/patterns (name -> markdown)."""
    folder = resource_dir("seed") / "patterns"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}


def write_seed_files() -> list[str]:
    """Regenerate memory/seed/usage_guide.md and api_reference.md from the live tables."""
    folder = resource_dir("seed")
    written = []
    for name, text in (("usage_guide.md", seed_usage_guide()), ("api_reference.md", api_reference())):
        (folder / name).write_text(text + "\n", encoding="utf-8")
        written.append(name)
    return written


if __name__ == "__main__":  # python -m rlm_bot.scheme.runtime.guide
    print("wrote", ", ".join(write_seed_files()))
