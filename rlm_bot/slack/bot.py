"""The Slack bot's core: a user's request, from the claimed event to the answer in the thread.

`SlackBot` holds the engines (the pipeline, the SQL store, the work pool, the limits) and the
Web API client. Listeners (listeners.py) turn Slack payloads into `BotRequest`s and call
`SlackBot.accept`, which checks the limits, shows a status at once and queues the work. The work
reads the thread's history and the shared files, runs the pipeline with live progress, delivers
the answer, attaches it to its outcome (so reactions and buttons find it) and keeps the exchange
as a `conversation` memory in the scope it happened in. Every failure becomes a short friendly
message with an error id; the detail goes to the log, and the outcome is recorded as failed.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from rlm_bot.config import Settings
from rlm_bot.errors import RlmError
from rlm_bot.learning.feedback import Satisfaction
from rlm_bot.learning.outcomes import attach_message, record_stages
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.limits import Limits
from rlm_bot.memory.secrets import redact_secrets
from rlm_bot.pipeline.pipeline import Pipeline, error_class
from rlm_bot.pipeline.types import StageTelemetry, Task
from rlm_bot.slack.claims import Claims
from rlm_bot.slack.exchanges import ExchangeWriter
from rlm_bot.slack.files import files_as_context, read_shared_files
from rlm_bot.slack.history import dm_turns, render_turns, thread_turns
from rlm_bot.slack.pool import WorkPool
from rlm_bot.slack.reply import Reply
from rlm_bot.storage.models import Outcome
from rlm_bot.text import one_line

log = logging.getLogger(__name__)

BUSY = ("I'm busy with other requests right now and my queue is full — please try again in a "
        "minute.")
INTERNAL = "Something went wrong on my side and I could not answer."
ANSWERED_CACHE = 4096
TITLE_CHARS = 80
FRIENDLY_CHARS = 400  # a failure's reason, shown to the user on one line


@dataclass(frozen=True)
class BotRequest:
    """One user message for the bot, wherever it came from (mention, DM, thread, `/rlm ask`)."""

    text: str
    user: str
    channel: str
    team: str
    ts: str  # the user's message (or the command's head message)
    thread_ts: str | None  # where the answer goes; None: top level of a DM
    is_dm: bool = False
    agent_thread: bool = False
    files: tuple[dict[str, Any], ...] = ()
    history: str = ""  # "thread" | "dm" | "": where earlier messages are read from
    source: str = "slack"
    bot_user_id: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


class SlackBot:
    """Engines and state of one serving process; thread-safe."""

    def __init__(self, settings: Settings, client: Any, *, pipeline: Any = None) -> None:
        self.settings = settings
        self.client = client
        self.pipeline = pipeline or Pipeline(settings)
        self.pool = WorkPool(settings.slack.workers, settings.slack.queue_size)
        self.exchanges = ExchangeWriter(self.pipeline.memory)
        self._claims: Claims | None = None
        self._answered: dict[tuple[str, str], bool] = {}
        self._lock = threading.Lock()
        self._secrets = settings.secret_values()
        self.bot_user_id: str | None = None

    @property
    def db(self):
        """The SQL store (migrated on first use)."""
        return self.pipeline.db

    @property
    def claims(self) -> Claims:
        """The exactly-once claims of this process's database."""
        if self._claims is None:
            self._claims = Claims(self.db)
        return self._claims

    def limits(self):
        """The request rates and daily budgets, shared by replicas through SQL."""
        return self.pipeline.engine("limits", lambda: Limits(self.db, self.settings.slack))

    def satisfaction(self):
        """Turns reactions, button clicks and `/rlm feedback` into an answer's satisfaction."""
        return self.pipeline.engine("satisfaction", lambda: Satisfaction(
            self.db, self.settings.learning, self.pipeline.learner()))

    def scrub(self, text: str) -> str:
        """`text` without the bot's own keys and tokens, or anything shaped like a credential."""
        return redact_secrets(text, self._secrets).text

    # --- threads the bot is part of --------------------------------------------------------------

    def answered_thread(self, channel: str, thread_ts: str) -> bool:
        """Whether the bot has answered (or tried to answer) in this thread."""
        key = (channel, thread_ts)
        with self._lock:
            if self._answered.get(key):
                return True
        import sqlalchemy as sa

        with self.db.session() as s:
            found = s.scalar(sa.select(Outcome.id).where(Outcome.channel == channel,
                                                        Outcome.thread_ts == thread_ts).limit(1))
        if found:
            self._remember_thread(channel, thread_ts)
        return bool(found)

    def _remember_thread(self, channel: str, thread_ts: str) -> None:
        with self._lock:
            if len(self._answered) >= ANSWERED_CACHE:
                self._answered.clear()
            self._answered[(channel, thread_ts)] = True

    # --- one request -----------------------------------------------------------------------------

    def accept(self, request: BotRequest) -> None:
        """Check limits, show a status at once, and queue the work (or say the bot is busy)."""
        if request.agent_thread and request.thread_ts:
            self._title(request)
        if request.thread_ts:
            self._remember_thread(request.channel, request.thread_ts)
        decision = self._admit(request)
        if decision is not None:
            self._notice(request, decision)
            return
        reply = Reply(self.client, channel=request.channel, thread_ts=request.thread_ts,
                      user=request.user, team=request.team, agent_thread=request.agent_thread,
                      stream=self.settings.slack.stream,
                      update_interval=self.settings.slack.update_interval_seconds,
                      scrub=self.scrub)
        ready = threading.Event()

        def job() -> None:
            ready.wait(30)
            self.work(request, reply)

        admission = self.pool.submit(job)
        if not admission.accepted:
            self._notice(request, BUSY)
            return
        try:
            reply.start(admission.position)
        finally:
            ready.set()

    def _title(self, request: BotRequest) -> None:
        """An agent thread's first request names the thread."""
        from slack_sdk.errors import SlackApiError

        if self.answered_thread(request.channel, request.thread_ts):
            return
        title = one_line(request.text, TITLE_CHARS) or "New conversation"
        try:
            self.client.assistant_threads_setTitle(channel_id=request.channel,
                                                   thread_ts=request.thread_ts, title=title)
        except SlackApiError as exc:
            log.info("could not title the agent thread: %s", exc)

    def _admit(self, request: BotRequest) -> str | None:
        """None when the request may run; else the friendly message saying why not."""
        try:
            decision = self.limits().admit(workspace=request.team, user=request.user,
                                           channel=request.channel)
        except Exception:  # noqa: BLE001 - limits unreadable: answer rather than block everyone
            log.warning("limits could not be checked; the request runs", exc_info=True)
            return None
        return None if decision.allowed else decision.message

    def unavailable(self, *, channel: str, user: str, thread_ts: str | None, is_dm: bool) -> None:
        """Tell a user their message cannot be taken now (the store is down)."""
        error_id = uuid.uuid4().hex[:8]
        log.error("a request in %s was refused: storage unavailable (error id %s)", channel, error_id)
        self._notice(BotRequest(text="", user=user, channel=channel, team="", ts="",
                                thread_ts=thread_ts, is_dm=is_dm),
                     f":warning: I can't take requests right now — my storage is unavailable "
                     f"(error id `{error_id}`). Please try again in a few minutes.")

    def _notice(self, request: BotRequest, text: str) -> None:
        """A short message to the requester: ephemeral in a channel, plain in a DM."""
        from slack_sdk.errors import SlackApiError

        try:
            if request.is_dm:
                kwargs: dict[str, Any] = {"channel": request.channel, "text": text}
                if request.thread_ts:
                    kwargs["thread_ts"] = request.thread_ts
                self.client.chat_postMessage(**kwargs)
            else:
                kwargs = {"channel": request.channel, "user": request.user, "text": text}
                if request.thread_ts:
                    kwargs["thread_ts"] = request.thread_ts
                self.client.chat_postEphemeral(**kwargs)
        except SlackApiError as exc:
            log.warning("could not tell %s: %s", request.user, exc)

    def work(self, request: BotRequest, reply: Any) -> None:
        """Run the pipeline for `request` and deliver the answer (or a friendly failure)."""
        thread = request.thread_ts or request.ts
        try:
            text, notes = self._with_files(request)
            for note in notes:
                reply.say(note)
            conversation = self._conversation(request)
            context = dict(request.context)
            if conversation:
                context["conversation"] = conversation
            task = Task(text=text, user=request.user, channel=request.channel, thread=thread,
                        workspace=request.team, source=request.source, is_dm=request.is_dm,
                        context=context)
            result = self.pipeline.run(task, progress=reply.progress)
        except RlmError as exc:
            self._failed(request, reply, exc, friendly=one_line(str(exc), FRIENDLY_CHARS))
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback to the user
            self._failed(request, reply, exc, friendly=INTERNAL)
            return
        posted = reply.finish(result)
        if result.outcome_id and posted:
            self._attach(result.outcome_id, request, posted, thread)
        self._keep_exchange(request, result)

    def _with_files(self, request: BotRequest) -> tuple[str, list[str]]:
        if not request.files:
            return request.text, []
        token = self.settings.slack.bot_token.reveal()
        shared, notes = read_shared_files(list(request.files), token=token,
                                          settings=self.settings.slack)
        if not shared:
            return request.text, notes
        question = request.text or "Summarise the attached file(s)."
        return f"{question}\n\n{files_as_context(shared)}", notes

    def _conversation(self, request: BotRequest) -> str:
        budget = self.settings.slack.history_tokens
        if request.history == "thread" and request.thread_ts:
            turns = thread_turns(self.client, channel=request.channel, thread_ts=request.thread_ts,
                                 exclude_ts=request.ts, bot_user_id=request.bot_user_id,
                                 budget_tokens=budget)
        elif request.history == "dm":
            turns = dm_turns(self.client, channel=request.channel, exclude_ts=request.ts,
                             bot_user_id=request.bot_user_id, budget_tokens=budget)
        else:
            return ""
        return render_turns(turns)

    def _attach(self, outcome_id: str, request: BotRequest, posted: list[str], thread: str) -> None:
        try:
            attach_message(self.db, outcome_id, channel=request.channel, message_ts=posted[0],
                           thread_ts=thread, more_parts=posted[1:])
        except Exception:  # noqa: BLE001 - the answer is out; its feedback link is best effort
            log.warning("could not attach answer %s to its message", outcome_id, exc_info=True)

    def _keep_exchange(self, request: BotRequest, result: Any) -> None:
        """Queue the exchange as a `conversation` memory where it happened (DM: private)."""
        if not self.settings.slack.thread_memory or not result.success:
            return
        self.exchanges.keep(question=request.text, answer=result.answer, workspace=request.team,
                            channel=request.channel, user=request.user, is_dm=request.is_dm,
                            source=f"slack:{request.channel}:{request.ts}")

    def _failed(self, request: BotRequest, reply: Any, exc: BaseException, *, friendly: str) -> None:
        error_id = uuid.uuid4().hex[:8]
        friendly = redact_secrets(friendly, self.settings.secret_values()).text
        if isinstance(exc, RlmError):
            log.warning("request %s failed (error id %s): %s", request.ts, error_id, exc)
        else:
            log.error("request %s failed (error id %s)", request.ts, error_id, exc_info=exc)
        reply.fail(f":warning: {friendly} (error id `{error_id}`)")
        self._record_failure(request, exc, error_id)

    def _record_failure(self, request: BotRequest, exc: BaseException, error_id: str) -> None:
        """Record a failure as a failed outcome, unless the pipeline did (`exc.outcome_id`): then
        only the error id the user was shown is added to its telemetry."""
        outcome_id = getattr(exc, "outcome_id", None)
        try:
            if outcome_id:
                record_stages(self.db, outcome_id, [StageTelemetry(
                    "slack", 0.0, "failed", f"the user was told: error id {error_id}")])
                return
            self.pipeline.learner().learn(OutcomeRecord(
                query_text=request.text or "(empty)", workspace=request.team,
                channel=request.channel, user_id=request.user,
                thread_ts=request.thread_ts or request.ts, source=request.source, success=False,
                error_class=error_class(exc), answer=f"error id {error_id}"))
        except Exception:  # noqa: BLE001
            log.warning("could not record the failed request", exc_info=True)

    def close(self) -> None:
        """Stop taking work, let running answers finish and keep their exchanges."""
        self.pool.close()
        self.exchanges.close()
