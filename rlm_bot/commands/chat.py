"""`rlm-bot chat`: a console chat with the bot, through the same pipeline the Slack app uses.

Type a task and press Enter. After an answer, `+1` or `-1` records your satisfaction with it (as
a reaction in Slack would), `why` shows what each stage decided, `help` lists the commands, and
`quit` (or end of input) leaves. A failed request prints one line and the chat goes on.

`/rlm …` lines run the Slack app's own subcommands (rlm_bot.slack.subcommands: remember, forget,
memories, budget, status, why, report, feedback, scheme, plan, help; `/rlm <question>` asks) as
user `--user` in the channel "console" of workspace "local", as in a DM: what you remember here
is private to you. The console's user is the operator (it has the database anyway), so it may
set budgets. `/rlm report` writes its charts under the data directory's `reports/`.

While the prompt waits for the first line, the engines (database, memory and its embedding model,
the model client, the learned router) warm up in the background, so the first answer is as quick
as the next. On a terminal the chat shows what the bot is doing on one status line of stderr, and a streamed
answer arrives live on stdout; with --json, or when the output is not a terminal, only the answers
are printed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import threading

from rlm_bot.commands.ask import to_json
from rlm_bot.commands.why import explain_outcome
from rlm_bot.config import Settings
from rlm_bot.errors import RlmError
from rlm_bot.pipeline.types import PROGRESS_DELTA, PROGRESS_DISCARD, PROGRESS_STAGE, PROGRESS_STREAM, Task
from rlm_bot.text import clean_text

PROMPT = "you> "
HELP = ("commands: +1 / -1 rate the last answer · why: how it was produced · help · quit\n"
        "/rlm …: the Slack app's commands (/rlm help lists them) · anything else is a task for the bot")
WORKSPACE = "local"  # the Task default: answers, memories and budgets of the console live here
CHANNEL = "console"
FEEDBACK = {"+1": 1, "-1": -1, ":+1:": 1, ":-1:": -1, "👍": 1, "👎": -1}
CLEAR_LINE = "\r\x1b[K"
WARM_JOIN_SECONDS = 60  # at the end, how long a warm-up still under way is waited for


def configure(parser: argparse.ArgumentParser) -> None:
    """--user NAME: who you are in the outcomes (default: your login name)."""
    parser.add_argument("--user", default=None, help="user name recorded with your answers")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Read tasks from standard input until `quit` or end of input."""
    # deferred: the pipeline loads when the chat starts, not for --help
    from rlm_bot.pipeline.pipeline import Pipeline
    from rlm_bot.pipeline.warm import start_warm

    user = args.user or _login()
    pipeline = Pipeline(settings)
    # the engines and the embedding model load while the prompt waits for the first line
    warming = start_warm(pipeline, workspace=WORKSPACE, channel=CHANNEL)
    try:
        return _loop(args, pipeline, user)
    finally:
        warming.join(WARM_JOIN_SECONDS)  # never leave while it is inside native code


def _loop(args: argparse.Namespace, pipeline, user: str) -> int:
    """The read-answer loop."""
    from rlm_bot.slack.subcommands import Services  # deferred: loads slack_sdk and SQLAlchemy

    services = Services(pipeline=pipeline, is_admin=lambda _user: True)
    interactive = sys.stdin.isatty()
    if interactive and not args.json:
        print("rlm_bot console chat — " + HELP.splitlines()[0])
    last_id: str | None = None
    while True:
        line = _read(PROMPT if interactive and not args.json else "")
        if line is None:
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in {"quit", "exit", "/quit", "/exit"}:
            break
        try:
            if text.split(maxsplit=1)[0].lower() == "/rlm":
                last_id = _command(text[len("/rlm"):], services, user, last_id, args.json)
            else:
                last_id = _handle(text, pipeline, user, last_id, args.json)
        except RlmError as exc:
            _say(args.json, {"ok": False, "error": " ".join(str(exc).split())},
                 f"error: {' '.join(str(exc).split())}")
    return 0


def _handle(text: str, pipeline, user: str, last_id: str | None, as_json: bool) -> str | None:
    if text.lower() == "help":
        _say(as_json, {"ok": True, "help": HELP}, HELP)
        return last_id
    if text in FEEDBACK:
        if last_id is None:
            raise RlmError("there is no answer to rate yet")
        done = pipeline.feedback(last_id, user=user, value=FEEDBACK[text])
        sat = "-" if done.satisfaction is None else f"{done.satisfaction:.2f} (0 = unhappy … 1 = happy)"
        _say(as_json, {"ok": True, "feedback": FEEDBACK[text], "outcome_id": last_id,
                       "satisfaction": done.satisfaction}, f"(thanks — satisfaction of {last_id[:8]} is {sat})")
        return last_id
    if text.lower() == "why":
        if last_id is None:
            raise RlmError("there is no answer to explain yet")

        report = explain_outcome(pipeline.settings, last_id)
        lines = [f"{s['stage']:<8} {s['duration_ms']:>8.1f} ms  {s['decision']}"
                 + (f" — {s['reason']}" if s["reason"] else "") for s in report["stages"]]
        _say(as_json, {"ok": True, **report}, "\n".join(lines))
        return last_id
    return _ask(text, pipeline, user, as_json)


def _ask(text: str, pipeline, user: str, as_json: bool) -> str | None:
    """Run one task through the pipeline, with live progress on a terminal; its outcome id."""
    console = None if as_json else _Console(sys.stderr.isatty(), sys.stdout.isatty())
    try:
        result = pipeline.run(Task(text=text, user=user, channel=CHANNEL, workspace=WORKSPACE,
                                   source="chat", is_dm=True),
                              progress=console if console is not None and console.wanted else None)
    finally:
        if console is not None:
            console.clear()
    meta = f"({result.outcome_id[:8] if result.outcome_id else '-'} · {result.strategy}" \
           f"{' · ' + result.model if result.model else ''} · ${result.cost:.4f} · {result.latency_ms:.0f} ms)"

    if console is not None and console.live and result.streamed:  # the answer is on screen already
        _say(False, {}, f"\n{meta}")
    else:
        _say(as_json, to_json(result), f"bot> {result.render()}\n{meta}")
    return result.outcome_id


def _command(line: str, services, user: str, last_id: str | None, as_json: bool) -> str | None:
    """One `/rlm …` line, through the same subcommand functions the Slack app runs."""
    # deferred: loads slack_sdk and SQLAlchemy, only for a /rlm line
    from rlm_bot.slack.subcommands import HELP as RLM_HELP
    from rlm_bot.slack.subcommands import CommandContext, execute, parse, unknown_help

    parsed = parse(line)
    if parsed.name == "help":
        _say(as_json, {"ok": True, "help": RLM_HELP}, RLM_HELP)
        return last_id
    if parsed.name == "unknown":
        text = unknown_help(parsed.rest)
        _say(as_json, {"ok": False, "command": parsed.rest, "error": text.split("\n")[0],
                       "help": RLM_HELP}, text)
        return last_id
    if parsed.name == "ask":
        if not parsed.rest:
            raise RlmError("ask me something: /rlm what is …")
        return _ask(parsed.rest, services.pipeline, user, as_json)
    ctx = CommandContext(workspace=WORKSPACE, channel=CHANNEL, user=user, is_dm=True)
    reply = execute(parsed.name, parsed.rest, ctx, services)
    data = {"ok": reply.ok, "command": parsed.name, "text": reply.text, **reply.data}
    text = reply.text if reply.ok else f"error: {reply.text}"
    if not reply.ok:
        data["error"] = reply.text
    if reply.report is not None:
        charts = _charts(reply.report, services.settings)
        data["charts"] = [str(p) for p in charts]
        text += "\ncharts: " + ", ".join(str(p) for p in charts)
    _say(as_json, data, text)
    return last_id


def _charts(report, settings) -> list:
    """Render the report's charts under <data dir>/reports/<time>/ (the console's way to show them)."""
    from datetime import datetime, timezone

    from rlm_bot.learning.charts import render_charts  # deferred: loads SQLAlchemy and the report

    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    return render_charts(report, settings.data_dir / "reports" / stamp)


class _Console:
    """A progress callback for a terminal: stage messages on one status line of stderr, a
    streamed answer's pieces live on stdout (each only when that stream is a terminal)."""

    def __init__(self, status: bool, stream: bool) -> None:
        self.status, self.stream = status, stream
        self.live = False  # a streamed answer is being printed (and not withdrawn)
        self._shown = False  # the status line holds text
        self._lock = threading.Lock()  # pieces arrive on the LLM client's thread

    @property
    def wanted(self) -> bool:
        """True when either stream is a terminal."""
        return self.status or self.stream

    def __call__(self, event) -> None:
        with self._lock:
            if event.kind == PROGRESS_STAGE and self.status and not self.live:
                sys.stderr.write(f"{CLEAR_LINE}{event.message}")
                sys.stderr.flush()
                self._shown = True
            elif event.kind == PROGRESS_STREAM and self.stream:
                self._clear()
                sys.stdout.write("bot> ")
                self.live = True
            elif event.kind == PROGRESS_DELTA and self.live:
                sys.stdout.write(event.text)
            elif event.kind == PROGRESS_DISCARD and self.live:
                sys.stdout.write(" [withdrawn]\n")
                self.live = False
            sys.stdout.flush()

    def clear(self) -> None:
        """Wipe the status line (before the answer is printed)."""
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        if self._shown:
            sys.stderr.write(CLEAR_LINE)
            sys.stderr.flush()
            self._shown = False


def _say(as_json: bool, data: dict, text: str) -> None:
    print(json.dumps(data, default=str) if as_json else text, flush=True)


def _read(prompt: str) -> str | None:
    try:
        return clean_text(input(prompt))
    except EOFError:
        return None


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"
