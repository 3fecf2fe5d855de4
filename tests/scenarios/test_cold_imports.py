"""What a cold `rlm-bot` process imports: litellm (seconds) only when a call needs it.

The CLI runs in a subprocess with `-X importtime`, whose stderr lists every module the process
imported; an endpoint-only configuration (RLM_LLM_API_BASE, the default `auto` transport) must
answer a Scheme fan-out without litellm or the litellm worker machinery ever loading.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)\s*$")
# one llm-query, then a fan-out wide enough to start litellm's worker processes if it were used
PROGRAM = ('(define one (syntax-e (llm-query #:instruction "ping" #:max-tokens 8)))\n'
           '(define many (map-async (lambda (i) (syntax-e (llm-query #:instruction "ping" #:max-tokens 8)))'
           ' (range 24) #:max-concurrent 12))\n'
           '(list one (length many))\n')


def _imports(*args: str, stdin: str | None = None, **env: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    full_env = {**os.environ, **env, "RLM_LLM_WORKERS": "2"}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "rlm_bot", *args], input=stdin,
                          capture_output=True, text=True, env=full_env, timeout=180, cwd=ROOT)
    modules = {m.group(1) for line in proc.stderr.splitlines() if (m := IMPORT_LINE.match(line))}
    return proc, modules


def _imports_in_order(*args: str, stdin: str | None = None) -> tuple[subprocess.CompletedProcess, set[str], list[str]]:
    """As `_imports`, with the modules in the order their imports finished."""
    proc, modules = _imports(*args, stdin=stdin)
    order = [m.group(1) for line in proc.stderr.splitlines() if (m := IMPORT_LINE.match(line))]
    return proc, modules, order


def _litellm(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "litellm" or m.startswith("litellm.")}


def test_cold_imports_endpoint_fan_out_never_loads_litellm(fake_llm):
    proc, modules = _imports("scheme", "-", stdin=PROGRAM)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "'(\"OK\" 24)"
    assert len(fake_llm.chat_calls) == 25
    assert "rlm_bot.llm.http_transport" in modules  # the calls went through the lean transport
    assert not _litellm(modules), sorted(_litellm(modules))[:5]
    assert "rlm_bot.llm.workers" not in modules and "rlm_bot.llm.litellm_transport" not in modules


def test_cold_imports_first_request_path_is_lean(fake_llm):
    # what loads before the HTTP transport (which the first request needs, so everything before
    # it is on the way there) leaves out what only rarer paths need: uuid (and the platform
    # module it loads), secrets/hmac/hashlib for a run-id prefix, the email package for a
    # Retry-After given as a date. (The usage ledger may load more later, on its own thread,
    # once answers come back. ssl is not asserted: asyncio's event loop imports it itself.)
    proc, modules, order = _imports_in_order("scheme", "-", stdin=PROGRAM)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "'(\"OK\" 24)"
    before_first = set(order[:order.index("rlm_bot.llm.http_transport")])
    assert {"asyncio", "rlm_bot.config", "rlm_bot.llm.client"} <= before_first  # the check sees the path
    rare = {"uuid", "platform", "secrets", "hmac", "hashlib", "email", "email.utils"}
    assert not rare & before_first, sorted(rare & before_first)


def test_cold_imports_cli_start_never_loads_litellm(fake_llm):
    proc, modules = _imports("config")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "llm.transport = auto" in proc.stdout and "llm.transport_in_use = http" in proc.stdout
    assert "rlm_bot.config" in modules and not _litellm(modules)


def test_cold_imports_litellm_loads_when_chosen(fake_llm):
    # the control: the same check sees litellm when the configuration asks for it
    proc, modules = _imports("scheme", "-", stdin='(syntax-e (llm-query #:instruction "ping" #:max-tokens 8))',
                             RLM_LLM_TRANSPORT="litellm")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == '"OK"' and len(fake_llm.chat_calls) == 1
    assert "litellm" in modules and "rlm_bot.llm.litellm_transport" in modules
