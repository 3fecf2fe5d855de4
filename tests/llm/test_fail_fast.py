"""Fail fast and clearly: a request deadline bounds every model call, retry and escalation; a
circuit breaker stops calling an endpoint that refuses connections; missing or refused credentials
are a configuration error at once; a task error is one whole-sentence line on stderr.

Each test drives the real CLI (a subprocess) or the real client against the scripted provider on
127.0.0.1 (or a closed port), and fails on the behaviour measured before the change (98.8 s and
60 provider calls for a hanging provider, 5 retries of a missing key as "HTTP 500", dozens of
WARNING lines before the error, messages cut mid-sentence).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.fakes.fixtures import Fail

ROOT = Path(__file__).resolve().parents[2]
SIMPLE_QUESTION = "What is the capital of France?"  # the simple path: one model, no enrichment


def _cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 240):
    """Run `rlm-bot ARGS`; (process, seconds it took, monotonic time it ended)."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "rlm_bot", *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT)
    ended = time.monotonic()
    return proc, ended - started, ended


def _one_line(proc: subprocess.CompletedProcess) -> str:
    """The task error: exit 1 and exactly one whole-sentence line on stderr."""
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 1, f"{len(lines)} stderr lines:\n" + "\n".join(lines[:5])
    line = lines[0]
    assert line.startswith("error: ") and "…" not in line, line
    return line


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the request deadline ----------------------------------------------------------------------------


@pytest.mark.slow
def test_ask_against_a_hanging_provider_ends_at_the_request_deadline(fake_llm):
    fake_llm.rule(lambda request: Fail.hang())
    proc, seconds, _ = _cli("ask", SIMPLE_QUESTION, env={"RLM_LLM_TIMEOUT": "2", "RLM_REQUEST_DEADLINE": "8"})
    line = _one_line(proc)
    assert "no answer within the request's 8 s deadline" in line and "did not answer" in line, line
    assert "RLM_REQUEST_DEADLINE" in line and line.endswith("."), line
    # before: 4 attempts of 2 s on each model of the fallback chain, 16 calls and over 32 s
    assert len(fake_llm.chat_calls) <= 6, len(fake_llm.chat_calls)
    assert seconds < 30, seconds


@pytest.mark.slow
def test_reasoned_ask_against_a_hanging_provider_stops_escalating_at_the_deadline(fake_llm):
    fake_llm.rule(lambda request: Fail.hang())
    proc, _, ended = _cli("ask", "Explain why the sky is blue, in two paragraphs",
                          env={"RLM_LLM_TIMEOUT": "2", "RLM_REQUEST_DEADLINE": "8"})
    line = _one_line(proc)
    assert "8 s deadline" in line, line
    calls = fake_llm.chat_calls
    assert calls, "the provider was never called"
    # before: 60 calls over ~73 s (three samples, retries, fallbacks, then two escalations)
    assert len(calls) <= 20, len(calls)
    span = ended - min(call.started for call in calls)
    assert span < 30, f"{span:.1f} s from the first model call to the exit"


@pytest.mark.slow
def test_injected_server_errors_stop_within_the_deadline(fake_llm):
    fake_llm.rule(lambda request: Fail.server_error(500, "internal server error"))
    proc, _, ended = _cli("ask", SIMPLE_QUESTION, env={"RLM_LLM_RETRY_BACKOFF": "2", "RLM_REQUEST_DEADLINE": "3"})
    line = _one_line(proc)
    assert "3 s deadline" in line and "kept failing (HTTP 500" in line, line
    # before: backoffs of at least 1 + 2 + 4 s on each of the chain's models, 28 s or more
    span = ended - min(call.started for call in fake_llm.chat_calls)
    assert span < 15, f"{span:.1f} s from the first model call to the exit"
    assert len(fake_llm.chat_calls) <= 4


def test_the_deadline_caps_one_clients_retries_in_process(fake_llm, monkeypatch):
    from rlm_bot.config import load_settings
    from rlm_bot.llm import LLMClient, ModelCallError, request_deadline

    fake_llm.script("warm")  # the first reply; every later request hangs
    fake_llm.rule(lambda request: Fail.hang())
    monkeypatch.setenv("RLM_LLM_TIMEOUT", "30")  # one attempt alone would outlast the deadline
    client = LLMClient(load_settings().llm)
    try:
        assert client.complete("haiku", "warm up the transport").text == "warm"
        started = time.monotonic()
        with request_deadline(3), pytest.raises(ModelCallError) as info:
            client.complete("haiku", "hi")
        seconds = time.monotonic() - started
    finally:
        client.close()
    assert "3 s deadline" in str(info.value)
    assert seconds < 15, seconds  # before: 30 s for the first attempt alone


# --- the circuit breaker -----------------------------------------------------------------------------


def test_refused_connections_open_the_circuit_and_later_calls_fail_at_once(monkeypatch):
    from rlm_bot.config import load_settings
    from rlm_bot.llm import LLMClient, ModelCallError

    monkeypatch.setenv("RLM_LLM_API_BASE", f"http://127.0.0.1:{_closed_port()}/v1")
    monkeypatch.setenv("RLM_LLM_RETRY_BACKOFF", "0.01")
    client = LLMClient(load_settings().llm)
    try:
        with pytest.raises(ModelCallError):
            client.complete("haiku", "first")
        first_attempts = client.status()["attempts"]
        assert client.status()["circuits"]["endpoint"]["state"] == "open"
        started = time.monotonic()
        for n in range(5):
            with pytest.raises(ModelCallError) as info:
                client.complete("haiku", f"later {n}")
        seconds = time.monotonic() - started
        status = client.status()
    finally:
        client.close()
    message = str(info.value)
    assert "paused" in message and "RLM_LLM_API_BASE" in message, message
    # before: every call made 4 attempts on each model of its fallback chain
    assert first_attempts <= 6 and status["attempts"] == first_attempts, status
    assert seconds < 5, seconds


def test_the_circuit_half_opens_after_its_cool_down():
    from rlm_bot.llm.breaker import CircuitBreaker

    breaker = CircuitBreaker(threshold=2, cool_down=0.3)
    assert breaker.allow("e") is None and not breaker.failed("e")
    assert breaker.failed("e") and breaker.allow("e") > 0  # open: fail at once
    deadline = time.monotonic() + 10
    while breaker.allow("e") is not None:  # half-open: one trial goes through...
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert breaker.allow("e") == 0.0  # ...and the others wait for its verdict
    assert breaker.failed("e") and breaker.allow("e") > 0  # a failed trial opens it again
    while breaker.allow("e") is not None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    breaker.succeeded("e")
    assert breaker.allow("e") is None and breaker.state() == {}


# --- credentials ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_refused_key_is_one_clear_line_without_retries(fake_llm):
    fake_llm.rule(lambda request: Fail.error(401, "Incorrect API key provided"))
    proc, _, _ = _cli("ask", SIMPLE_QUESTION)
    line = _one_line(proc)
    assert "refused the credentials" in line and "RLM_LLM_API_KEY" in line and line.endswith("."), line
    per_model = Counter(call.model for call in fake_llm.chat_calls)
    assert per_model and max(per_model.values()) == 1, per_model  # fallbacks, never a retry


def test_a_missing_provider_key_is_a_config_error_at_once():
    from rlm_bot.config import load_settings
    from rlm_bot.errors import ConfigError
    from rlm_bot.llm import LLMClient

    client = LLMClient(load_settings().llm)  # no endpoint, no provider key (the hermetic env)
    try:
        with pytest.raises(ConfigError) as info:
            client.complete("gpt-mini", "hi")
        status = client.status()
    finally:
        client.close()
    message = str(info.value)
    assert "OPENAI_API_KEY" in message and "RLM_LLM_API_BASE" in message, message
    assert "HTTP 500" not in message and status["retries"] == 0, (message, status)


@pytest.mark.slow
def test_scheme_llm_query_without_a_model_fails_at_once():
    proc, seconds, _ = _cli("scheme", "-", stdin='(llm-query "hello")')
    line = _one_line(proc)
    assert "no model is configured" in line and "RLM_LLM_API_BASE" in line, line
    assert seconds < 5, seconds  # before: 5 attempts over 9.3 s, "HTTP 500 server: Missing credentials"


@pytest.mark.slow
def test_scheme_without_model_calls_still_runs():
    proc, _, _ = _cli("scheme", "-", stdin="(+ 1 2)")
    assert proc.returncode == 0 and "3" in proc.stdout, proc.stderr


def test_the_deadline_reaches_model_calls_of_a_scheme_run(fake_llm, monkeypatch):
    """The pipeline answers long inputs with a Scheme program: its calls share the request's deadline."""
    from rlm_bot.config import load_settings
    from rlm_bot.llm import close_shared_clients, request_deadline
    from rlm_bot.scheme.runtime import open_session

    fake_llm.rule(lambda request: Fail.hang())
    monkeypatch.setenv("RLM_LLM_TIMEOUT", "30")
    rt = open_session(load_settings(), workspace="T-test")
    try:
        rt.gateway.warm()
        started = time.monotonic()
        with request_deadline(3):
            outcome = rt.execute('(llm-query #:instruction "hi")', timeout=60)
        seconds = time.monotonic() - started
    finally:
        rt.close()
        rt.gateway.close()
        close_shared_clients()
    assert not outcome.ok and "3 s deadline" in str(outcome.error), outcome.error
    assert seconds < 20, seconds  # before: the 30 s attempt timeout, then retries, up to the 60 s run
