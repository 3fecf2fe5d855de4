"""Progress of a request through the whole pipeline: stage events as each stage starts, the
answer streamed when one model call's text is the answer, withdrawn when it is not; against the
real sandbox, SQL store and a scripted provider reached through litellm (and the http transport)."""

from __future__ import annotations

import itertools
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rlm_bot.config import load_settings
from rlm_bot.llm import load_profiles
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.types import (
    PROGRESS_DELTA,
    PROGRESS_DISCARD,
    PROGRESS_STAGE,
    PROGRESS_STREAM,
    ProgressEvent,
    Task,
)
from rlm_bot.storage import close_all
from testing.fakes.openai_server import Fail
from tests.helpers.long_input import long_log, note_taker, part_calls
from tests.scenarios.test_pipeline_scheme import WINDOWS_16K
from tests.scenarios.test_pipeline_tools import TASK as TOOL_TASK
from tests.scenarios.test_pipeline_tools import _planner

CAPITAL = "What is the capital of France?"
PARIS = "The capital of France is Paris, a city on the Seine with about two million people."
QUESTION = "Which year did the Berlin Wall fall, and what were the main political causes that led up to it?"


class Events:
    """A progress callback that keeps every event (deltas come on the LLM client's loop thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: list[ProgressEvent] = []

    def __call__(self, event: ProgressEvent) -> None:
        with self._lock:
            self.events.append(event)

    def messages(self) -> list[str]:
        return [e.message for e in self.events if e.kind == PROGRESS_STAGE]

    def stages(self) -> list[str]:
        return [e.stage for e in self.events if e.kind == PROGRESS_STAGE]

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def live_text(self) -> str:
        """What a consumer shows: the deltas since the last stream began, '' once withdrawn."""
        text = ""
        for event in self.events:
            if event.kind in (PROGRESS_STREAM, PROGRESS_DISCARD):
                text = ""
            elif event.kind == PROGRESS_DELTA:
                text += event.text
        return text


@pytest.fixture
def pipeline(monkeypatch):
    made: list[Pipeline] = []

    def build(**env: str) -> Pipeline:
        monkeypatch.setenv("RLM_LLM_RETRY_BACKOFF", "0.01")
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        made.append(Pipeline(load_settings()))
        return made[-1]

    yield build
    close_all()


def test_progress_of_a_computed_answer_is_analyse_then_compute_and_nothing_streams(pipeline):
    events = Events()
    result = pipeline().run(Task("what is 17% of 2300?"), progress=events)
    assert result.computed and result.answer == "391"
    assert events.stages() == ["analyze", "compute"]
    assert events.messages() == ["analysing your request…", "computing in the sandbox…"]
    assert events.kinds() == [PROGRESS_STAGE, PROGRESS_STAGE] and result.streamed is False


@pytest.mark.parametrize("transport", ["litellm", "http"])
def test_progress_of_a_simple_answer_streams_it_whole(fake_llm, pipeline, transport):
    fake_llm.rule(lambda req: PARIS)
    events = Events()
    result = pipeline(RLM_LLM_TRANSPORT=transport).run(Task(CAPITAL), progress=events)

    assert result.answer == PARIS and result.strategy == "simple" and result.streamed is True
    assert events.messages() == ["analysing your request…", "asking haiku…"]
    kinds = events.kinds()
    assert kinds[:3] == [PROGRESS_STAGE, PROGRESS_STAGE, PROGRESS_STREAM]
    assert set(kinds[3:]) == {PROGRESS_DELTA} and len(kinds[3:]) > 1  # streamed in pieces
    assert events.events[2].model == "haiku"
    assert "".join(e.text for e in events.events[3:]) == PARIS
    assert [c.stream for c in fake_llm.chat_calls] == [True]


def test_without_a_progress_callback_nothing_is_streamed(fake_llm, pipeline):
    fake_llm.rule(lambda req: PARIS)
    result = pipeline().run(Task(CAPITAL))
    assert result.answer == PARIS and result.streamed is False
    assert [c.stream for c in fake_llm.chat_calls] == [False]


@pytest.mark.slow
def test_progress_of_an_escalating_cascade_streams_the_last_tier(fake_llm, pipeline):
    haiku = load_profiles()["haiku"].wire_model
    years = itertools.count(1986)
    fake_llm.rule(lambda req: f"It fell in {next(years)}." if req.model == haiku else "It fell in 1989.")
    pipe = pipeline(RLM_ROUTER="profiles", RLM_COST_SENSITIVITY="1.0", RLM_CASCADE_ORDER="haiku,sonnet")
    events = Events()
    result = pipe.run(Task(QUESTION), progress=events)

    assert result.strategy == "cascade" and result.models == ("haiku", "sonnet")
    assert result.answer == "It fell in 1989." and result.streamed is True
    assert events.messages() == ["analysing your request…", "recalling what I know…", "choosing a model…",
                                 "planning…", "asking haiku…", "escalating to sonnet…"]
    streams = [e for e in events.events if e.kind == PROGRESS_STREAM]
    assert [e.model for e in streams] == ["sonnet"]  # haiku's three samples are not the answer
    after = events.events[events.events.index(streams[0]):]
    assert events.messages()[-1] == "escalating to sonnet…" and after[0] is streams[0]
    assert events.live_text() == result.answer and PROGRESS_DISCARD not in events.kinds()
    samples = [c for c in fake_llm.chat_calls if c.model == haiku]
    assert len(samples) == 3 and not any(c.stream for c in samples)


@pytest.mark.slow
def test_a_streamed_tier_that_fails_is_withdrawn_and_the_next_tier_streams(fake_llm, pipeline):
    profiles = load_profiles()
    failing = {profiles["haiku"].wire_model, profiles[profiles["haiku"].fallback].wire_model}
    fake_llm.rule(lambda req: Fail.server_error(503) if req.model in failing else "It fell in 1989.")
    pipe = pipeline(RLM_ROUTER="profiles", RLM_COST_SENSITIVITY="1.0", RLM_CASCADE_ORDER="haiku,sonnet",
                    RLM_CASCADE_SAMPLES="1", RLM_LLM_MAX_RETRIES="0")
    events = Events()
    result = pipe.run(Task(QUESTION), progress=events)

    assert result.answer == "It fell in 1989." and result.model == "sonnet" and result.streamed is True
    execute = [e for e in events.events if e.stage == "execute"]
    assert [(e.kind, e.message or e.model) for e in execute[:4]] == [
        (PROGRESS_STAGE, "asking haiku…"), (PROGRESS_STREAM, "haiku"), (PROGRESS_DISCARD, "the call failed: ModelCallError"),
        (PROGRESS_STAGE, "escalating to sonnet…")]
    assert execute[4].kind == PROGRESS_STREAM and execute[4].model == "sonnet"
    assert events.live_text() == result.answer


@pytest.mark.slow
def test_progress_of_a_long_input_reads_it_part_by_part(fake_llm, pipeline, tmp_path):
    models = tmp_path / "windows-16k.toml"
    models.write_text(WINDOWS_16K)
    fake_llm.rule(note_taker)
    events = Events()
    pipe = pipeline(RLM_MODELS_FILE=str(models), RLM_LLM_MAX_RETRIES="0")
    result = pipe.run(Task(long_log()), progress=events)

    assert result.strategy == "scheme" and result.success
    assert result.answer == "Operator Zephyrine rotated it, at 03:14:15." and result.streamed is True
    parts = len(part_calls(fake_llm))
    assert parts >= 4 and result.detail["scheme"]["parts"] == parts
    reading = [e for e in events.events if e.kind == PROGRESS_STAGE and e.data.get("part")]
    assert [e.data["part"] for e in reading] == list(range(1, parts + 1))  # one per part, in order
    assert [e.message for e in reading] == [f"reading part {n} of {parts}…" for n in range(1, parts + 1)]
    messages = events.messages()
    assert messages[:4] == ["analysing your request…", "recalling what I know…", "choosing a model…",
                            "planning…"]
    assert messages[4] == f"reading your message in {parts} parts…"
    assert messages[-2:] == ["merging notes…", "writing the answer…"]
    assert messages.index("merging notes…") > messages.index(f"reading part {parts} of {parts}…")
    streams = [e for e in events.events if e.kind == PROGRESS_STREAM]
    assert [e.model for e in streams] == [result.model]
    assert events.live_text() == result.answer
    assert [c.stream for c in fake_llm.chat_calls].count(True) == 1 and fake_llm.chat_calls[-1].stream


@pytest.mark.slow
def test_progress_of_a_tool_search_counts_its_rollouts(fake_llm, pipeline):
    fake_llm.rule(_planner)
    events = Events()
    result = pipeline().run(Task(TOOL_TASK), progress=events)
    assert result.strategy == "lats" and result.success and result.streamed is False
    rollouts = [e for e in events.events if e.data.get("rollout")]
    total = load_settings().routing.lats_max_rollouts
    assert [e.data["rollout"] for e in rollouts] == list(range(1, len(rollouts) + 1)) and len(rollouts) >= 2
    assert rollouts[0].message == f"searching with tools (rollout 1 of {total})…"
    assert events.messages()[:4] == ["analysing your request…", "recalling what I know…",
                                     "choosing a model…", "planning…"]
    assert PROGRESS_STREAM not in events.kinds()


def test_a_progress_callback_that_raises_never_breaks_the_request(fake_llm, pipeline):
    fake_llm.rule(lambda req: PARIS)
    seen: list[str] = []

    def broken(event: ProgressEvent) -> None:
        seen.append(event.kind)
        raise RuntimeError("the consumer fell over")

    result = pipeline().run(Task(CAPITAL), progress=broken)
    assert result.answer == PARIS and result.streamed is True
    assert seen[:3] == [PROGRESS_STAGE, PROGRESS_STAGE, PROGRESS_STREAM] and PROGRESS_DELTA in seen


@pytest.mark.parametrize("transport", ["litellm", "http"])
def test_a_stream_broken_midway_is_withdrawn_and_asked_again(fake_llm, pipeline, transport):
    fake_llm.script(Fail.drop_midstream(), PARIS)
    events = Events()
    result = pipeline(RLM_LLM_TRANSPORT=transport).run(Task(CAPITAL), progress=events)

    assert result.answer == PARIS and result.streamed is True
    kinds = events.kinds()
    assert kinds.count(PROGRESS_STREAM) == 2 and kinds.count(PROGRESS_DISCARD) == 1
    first, discard, second = (kinds.index(PROGRESS_STREAM), kinds.index(PROGRESS_DISCARD),
                              len(kinds) - 1 - kinds[::-1].index(PROGRESS_STREAM))
    assert first < discard < second
    assert "".join(e.text for e in events.events[first:discard] if e.kind == PROGRESS_DELTA) == "partial"
    assert events.live_text() == PARIS
    assert len(fake_llm.chat_calls) == 2 and all(c.stream for c in fake_llm.chat_calls)


def _read_all(fd: int, into: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the child closed its end
            return
        if not data:
            return
        into.append(data)


@pytest.mark.slow
def test_chat_on_a_terminal_shows_progress_and_the_answer_as_it_streams(fake_llm):
    fake_llm.rule(lambda req: PARIS)
    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "RLM_LLM_API_BASE": fake_llm.base_url, "RLM_LLM_API_KEY": "test",
           "PYTHONPATH": str(root)}
    child = subprocess.Popen([sys.executable, "-m", "rlm_bot", "chat", "--user", "U9"], stdin=subprocess.PIPE,
                             stdout=out_slave, stderr=err_slave, env=env, cwd=root)
    os.close(out_slave)
    os.close(err_slave)
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=_read_all, args=(fd, sink), daemon=True)
               for fd, sink in ((out_master, out), (err_master, err))]
    for reader in readers:
        reader.start()
    try:
        child.communicate(f"{CAPITAL}\nquit\n".encode(), timeout=180)
    finally:
        child.kill()
        for reader in readers:
            reader.join(10)
        os.close(out_master)
        os.close(err_master)
    stdout, stderr = b"".join(out).decode(), b"".join(err).decode()
    assert child.returncode == 0, stderr
    assert "asking haiku…" in stderr and stderr.endswith("\r\x1b[K")  # the status line, wiped
    assert f"bot> {PARIS}" in stdout and stdout.count(PARIS) == 1  # streamed, not printed twice
    assert "· simple · haiku ·" in stdout and fake_llm.chat_calls[0].stream
