"""The usage guide / API reference come from the live primitive table; `rlm-bot scheme --json`
reports tokens and cost of runs that call models."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rlm_bot.resources import resource_dir
from rlm_bot.memory.seed import chunk_markdown
from rlm_bot.scheme.runtime.guide import api_reference, seed_usage_guide, usage_guide
from rlm_bot.scheme.runtime.table import describe_rows
from tests.helpers.runtime import run_ok


def test_seed_guide_files_match_the_live_tables():
    seed = resource_dir("seed")
    assert (seed / "usage_guide.md").read_text(encoding="utf-8") == seed_usage_guide() + "\n", \
        "regenerate with: python -m rlm_bot.scheme.runtime.guide"
    assert (seed / "api_reference.md").read_text(encoding="utf-8") == api_reference() + "\n"


def test_seed_files_share_no_chunk_so_memory_holds_each_section_once():
    seed = resource_dir("seed")
    chunks: dict[str, str] = {}
    for path in sorted(seed.rglob("*.md")):
        for chunk in chunk_markdown(path.read_text(encoding="utf-8")):
            assert chunk not in chunks, f"{path.name} repeats a chunk of {chunks.get(chunk)}: {chunk[:80]!r}"
            chunks[chunk] = path.name
    # the guide served to models (MCP get_usage_guide, recursive prompts) still carries the whole API
    assert api_reference() in usage_guide() and "`map-async`" in seed_usage_guide() + api_reference()


def test_every_documented_primitive_is_bound_and_every_runtime_binding_is_documented(rt):
    names = [row.name for row in describe_rows()]
    assert {"llm-query", "map-async", "checkpoint!", "py-exec", "token-budget", "get-scope-log"} <= set(names)
    bound = {row.name for row in rt.table}
    assert bound == set(names)
    for name in names:
        assert f"`{name}`" in api_reference()
    out = run_ok(rt, f"(finish (list {' '.join(names)}))")
    assert out.ok


@pytest.mark.slow
def test_scheme_cli_json_reports_tokens_and_cost(fake_llm):
    fake_llm.script("hello")
    proc = subprocess.run([sys.executable, "-m", "rlm_bot", "scheme", "--json", "-"],
                          input='(finish (syntax-e (llm-query #:instruction "hi" #:model "sonnet")))',
                          capture_output=True, text=True, timeout=120)
    result = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stderr
    assert result["ok"] and result["value"] == "hello"
    call = fake_llm.chat_calls[0]
    assert result["tokens"] == call.prompt_tokens + call.completion_tokens and result["cost"] > 0
