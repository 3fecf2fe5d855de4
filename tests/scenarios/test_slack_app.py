"""The Slack app end to end: signed requests → Bolt over HTTP → the pipeline → the fake Web API.

Each test runs the app `rlm-bot serve` runs (rlm_bot.slack.build_app + HttpServer) on
127.0.0.1; its WebClient calls the fake Slack Web API and its pipeline the scripted provider.
"""

from __future__ import annotations

import time

import pytest

from testing.fakes.openai_server import Fail, Reply
from testing.fakes.slack_server import BOT_USER_ID
from testing.fakes.slack_signing import post_command, post_event
from tests.scenarios.slack_harness import (
    CHANNEL, SECRET, USER, next_ts, prompt_of, serve_bot, slack_bot, slack_env, visible_text, wait_until,
)

__all__ = ["slack_bot", "slack_env"]  # fixtures used by name below

SIMPLE = "What is the capital of France?"


def _sleep_settle(seconds: float = 0.8) -> None:
    time.sleep(seconds)  # let anything that would (wrongly) happen happen before counting


def test_slack_mention_is_answered_in_its_thread_with_footer_and_buttons(slack_bot):
    slack_bot.llm.rule(lambda req: "The capital of France is **Paris**.")
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    assert "Paris" in visible_text(answer)  # streamed: Slack renders the Markdown itself
    context = next(b for b in answer["blocks"] if b.get("block_id") == "rlm_context")
    assert "haiku" in context["elements"][0]["text"] and "$" in context["elements"][0]["text"]
    outcome_id = slack_bot.outcome_of(answer)
    from rlm_bot.learning.outcomes import find_by_message

    assert wait_until(lambda: find_by_message(slack_bot.bot.db, CHANNEL, answer["ts"]) == outcome_id,
                      what="the answer attached to its outcome")


def test_slack_answer_without_streaming_is_converted_to_mrkdwn(slack_env, fake_llm, fake_slack,
                                                               monkeypatch):
    monkeypatch.setenv("RLM_SLACK_STREAM", "false")
    with serve_bot(fake_llm, fake_slack) as bot:
        fake_llm.rule(lambda req: "## Answer\nThe capital is **Paris**, see [the map](https://maps.example/paris).")
        ts = bot.mention(SIMPLE)
        shown = visible_text(bot.answer(CHANNEL, ts))
        assert "*Paris*" in shown and "**" not in shown and "##" not in shown
        assert "<https://maps.example/paris|the map>" in shown
        assert not fake_slack.calls_to("chat.startStream")


def test_slack_forged_and_stale_requests_get_401_and_no_answer(slack_bot):
    event = {"type": "app_mention", "user": USER, "text": f"<@{BOT_USER_ID}> hi", "ts": next_ts(),
             "channel": CHANNEL}
    assert post_event(slack_bot.url, "not-the-secret", event)[0] == 401
    assert post_event(slack_bot.url, SECRET, event, timestamp=int(time.time()) - 6 * 60)[0] == 401
    assert post_command(slack_bot.url, "forged", "/rlm", "help")[0] == 401
    _sleep_settle()
    assert slack_bot.slack.calls_to("chat.postMessage") == []
    assert slack_bot.llm.chat_calls == []


def test_slack_url_verification_echoes_the_challenge(slack_bot):
    import json

    from testing.fakes.slack_signing import post_signed

    status, body = post_signed(slack_bot.url, SECRET, json.dumps(
        {"token": "legacy", "challenge": "c-123", "type": "url_verification"}),
        content_type="application/json")
    assert status == 200 and "c-123" in body


def test_slack_retried_event_and_duplicate_deliveries_are_answered_once(slack_bot):
    slack_bot.llm.rule(lambda req: "Paris.")
    ts = slack_bot.mention(SIMPLE, event_id="EvSAME0001")
    for retry in (1, 2):  # Slack's retries of the same delivery
        event = {"type": "app_mention", "user": USER, "text": f"<@{BOT_USER_ID}> {SIMPLE}", "ts": ts,
                 "channel": CHANNEL}
        assert slack_bot.event(event, event_id="EvSAME0001", retry_num=retry)[0] == 200
    # the same message as a `message` event (another event id)
    status, _ = slack_bot.event({"type": "message", "user": USER, "channel_type": "channel",
                                 "text": f"<@{BOT_USER_ID}> {SIMPLE}", "ts": ts, "channel": CHANNEL},
                                event_id="EvOTHER0001")
    assert status == 200
    slack_bot.answer(CHANNEL, ts)
    _sleep_settle()
    answers = [m for m in slack_bot.thread(CHANNEL, ts) if any(
        b.get("block_id") == "rlm_context" for b in m.get("blocks") or [])]
    assert len(answers) == 1 and len(slack_bot.llm.chat_calls) == 1


def test_slack_two_instances_sharing_a_database_answer_an_event_once(slack_env, fake_llm, fake_slack):
    fake_llm.rule(lambda req: "Paris.")
    with serve_bot(fake_llm, fake_slack) as a, serve_bot(fake_llm, fake_slack) as b:
        ts = next_ts()
        event = {"type": "app_mention", "user": USER, "text": f"<@{BOT_USER_ID}> {SIMPLE}", "ts": ts,
                 "channel": CHANNEL}
        assert a.event(event, event_id="EvREPLICA01")[0] == 200
        assert b.event(event, event_id="EvREPLICA01")[0] == 200
        a.answer(CHANNEL, ts)
        _sleep_settle()
        assert len(fake_llm.chat_calls) == 1


def test_slack_thread_follow_up_without_mention_uses_the_thread_as_context(slack_bot):
    slack_bot.llm.rule(lambda req: "About 2.1 million." if "population" in req.last_user else "It is Paris.")
    ts = slack_bot.mention(SIMPLE)
    slack_bot.answer(CHANNEL, ts)
    follow = slack_bot.message("What is its population?", thread_ts=ts)
    wait_until(lambda: len(slack_bot.llm.chat_calls) >= 2, what="the follow-up's model call")
    answers = wait_until(lambda: [m for m in slack_bot.thread(CHANNEL, ts)
                                  if "2.1 million" in visible_text(m)], what="the follow-up answer")
    assert answers
    prompt = prompt_of(slack_bot.llm.chat_calls[-1])
    assert "capital of France" in prompt and "It is Paris" in prompt, "the thread is the context"
    assert follow not in prompt
    calls = len(slack_bot.llm.chat_calls)
    slack_bot.message("<@U0COLLEAGUE> can you double-check that number?", thread_ts=ts)
    _sleep_settle()
    assert len(slack_bot.llm.chat_calls) == calls, "talk between people in the thread is left alone"


def test_slack_text_reaches_the_pipeline_as_the_person_typed_it(slack_bot):
    slack_bot.llm.rule(lambda req: "It means both comparisons hold.")
    ts = slack_bot.mention("what does `x &lt; y &amp;&amp; y &gt; z` mean in C? ask "
                           "<mailto:ana@acme.io|ana@acme.io>, see <https://acme.io/c|acme.io/c> "
                           "in <#C0OPS|ops>")
    slack_bot.answer(CHANNEL, ts)
    prompt = prompt_of(slack_bot.llm.chat_calls[-1])
    assert "x < y && y > z" in prompt and "ask ana@acme.io, see acme.io/c in #ops" in prompt
    assert "&lt;" not in prompt and "mailto:" not in prompt and BOT_USER_ID not in prompt


def test_slack_ignores_chatter_bots_edits_and_its_own_messages(slack_bot):
    slack_bot.message("just people talking")  # no mention, not a bot thread
    slack_bot.message("a bot says hi", bot_id="B0OTHER", subtype="bot_message")
    slack_bot.message("edited", subtype="message_changed")
    slack_bot.message(f"<@{BOT_USER_ID}> I am the bot", user=BOT_USER_ID)
    slack_bot.message("joined", subtype="channel_join")
    _sleep_settle()
    assert slack_bot.slack.calls_to("chat.postMessage") == []
    assert slack_bot.llm.chat_calls == []


def test_slack_dm_is_answered_in_the_dm_with_its_history(slack_bot):
    dm = "D0DIRECT01"
    slack_bot.llm.rule(lambda req: "You said blue." if req.last_user.endswith("what colour did I say?")
                       else "Noted: blue.")
    slack_bot.slack.add_message(dm, "my favourite colour is blue", user=USER)
    slack_bot.slack.add_message(dm, "Noted: blue.", user=BOT_USER_ID)
    slack_bot.message("what colour did I say?", channel=dm, channel_type="im")
    answer = slack_bot.answer(dm, None)
    assert "You said blue." in visible_text(answer)
    assert "favourite colour is blue" in prompt_of(slack_bot.llm.chat_calls[-1])


def test_slack_agent_thread_gets_prompts_status_and_a_threaded_answer(slack_bot):
    dm, thread = "D0AGENT001", next_ts()
    slack_bot.event({"type": "assistant_thread_started", "assistant_thread": {
        "user_id": USER, "channel_id": dm, "thread_ts": thread, "context": {}}})
    wait_until(lambda: slack_bot.slack.suggested_prompts, what="suggested prompts")
    slack_bot.llm.rule(lambda req: Reply("Paris.", latency=0.6))
    slack_bot.message(SIMPLE, channel=dm, channel_type="im", thread_ts=thread)
    answer = slack_bot.answer(dm, thread)
    assert "Paris." in visible_text(answer)
    titles = [t for t in slack_bot.slack.titles if t.get("thread_ts") == thread]
    assert titles and "capital of France" in titles[0]["title"]
    statuses = [s for s in slack_bot.slack.statuses if s["thread_ts"] == thread]
    assert statuses and statuses[0]["status"], "the agent status shows the stage"


def test_slack_progress_shows_before_the_answer(slack_bot):
    slack_bot.llm.rule(lambda req: Reply("Paris.", latency=1.5))
    ts = slack_bot.mention(SIMPLE)
    first = wait_until(lambda: slack_bot.thread(CHANNEL, ts), timeout=5, what="a placeholder")
    assert first[0]["text"].startswith("_") and "…" in first[0]["text"]
    answer = slack_bot.answer(CHANNEL, ts)
    placeholder_at = slack_bot.slack.calls_to("chat.postMessage")[0].at
    replied_at = time.time() - (time.monotonic() - slack_bot.llm.chat_calls[0].ended)
    assert placeholder_at < replied_at - 0.5, "the status showed while the model was working"
    assert "Paris." in visible_text(answer)


def test_slack_answer_streams_natively_and_ends_with_the_footer(slack_bot):
    words = " ".join(f"word{i}" for i in range(120))
    slack_bot.llm.rule(lambda req: Reply(words, latency=0.2, chunk_delay=0.03))
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    assert slack_bot.slack.calls_to("chat.startStream"), "the answer streamed"
    stream = slack_bot.slack.streams[(CHANNEL, answer["ts"])]
    assert stream["state"] == "stopped"
    assert "word0" in answer["text"] and "word119" in answer["text"]
    assert not [m for m in slack_bot.thread(CHANNEL, ts) if m["ts"] != answer["ts"]], \
        "the placeholder made way for the stream"


def test_slack_stream_that_expires_midway_still_delivers_the_whole_answer_once(slack_bot):
    pieces = " ".join(f"part{i}" for i in range(400))
    slack_bot.llm.rule(lambda req: Reply(pieces, latency=0.1, chunk_delay=0.01))
    slack_bot.slack.fail("chat.appendStream", "message_not_in_streaming_state", times=None)
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    assert "part0" in visible_text(answer) and "part399" in visible_text(answer)
    assert len([m for m in slack_bot.thread(CHANNEL, ts) if "part0" in visible_text(m)]) == 1


def test_slack_long_answer_is_split_and_a_very_long_one_goes_as_a_file(slack_bot):
    paragraph = "This paragraph explains one more detail of the design. " * 12
    long = "\n\n".join(f"{i}. {paragraph}" for i in range(14))  # ~9,500 characters
    slack_bot.llm.rule(lambda req: long)
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    messages = slack_bot.thread(CHANNEL, ts)
    assert len(messages) >= 3 and all(len(m["text"]) <= 3900 for m in messages)
    assert "13. This paragraph" in visible_text(answer)
    # a reaction on a later part (the one with the buttons, where people react) counts for the answer
    from rlm_bot.learning.feedback import Satisfaction

    outcome_id = slack_bot.outcome_of(answer)
    assert answer["ts"] != messages[0]["ts"]
    sat = Satisfaction(slack_bot.bot.db, slack_bot.settings.learning)
    slack_bot.event({"type": "reaction_added", "user": USER, "reaction": "+1",
                     "item": {"type": "message", "channel": CHANNEL, "ts": answer["ts"]},
                     "event_ts": f"{time.time():.6f}"})
    wait_until(lambda: sat.of(outcome_id) == 1.0, timeout=20, what="satisfaction from a later part")
    huge = "\n\n".join(f"{i}. {paragraph}" for i in range(80))  # ~55,000 characters
    slack_bot.llm.rule(lambda req: huge)
    ts2 = slack_bot.mention("What is the capital of Spain?")
    summary = slack_bot.answer(CHANNEL, ts2)
    assert "file" in visible_text(summary)
    uploads = list(slack_bot.slack.uploads.values())
    assert uploads and b"79. This paragraph" in uploads[-1]["data"]
    assert not [c for c in slack_bot.slack.calls if c.response.get("error") == "msg_too_long"]


def test_slack_mentions_in_model_output_are_neutralised(slack_bot):
    slack_bot.llm.rule(lambda req: "<!channel> <!here> hey <@U0BOSS1> see [https://bank.example](https://evil.example)")
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    shown = visible_text(answer)
    for marker in ("<!channel>", "<!here>", "<@U0BOSS1>", "|https://bank.example>"):
        assert marker not in shown
    assert "evil.example" in shown


def test_slack_reaction_and_button_become_satisfaction_and_removal_undoes(slack_bot):
    from rlm_bot.learning.feedback import Satisfaction

    slack_bot.llm.rule(lambda req: "Paris.")
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    outcome_id = slack_bot.outcome_of(answer)
    sat = Satisfaction(slack_bot.bot.db, slack_bot.settings.learning)
    wait_until(lambda: __import__("rlm_bot.learning.outcomes", fromlist=["x"]).find_by_message(
        slack_bot.bot.db, CHANNEL, answer["ts"]), what="attached")
    item = {"type": "message", "channel": CHANNEL, "ts": answer["ts"]}
    slack_bot.event({"type": "reaction_added", "user": USER, "reaction": "+1", "item": item,
                     "event_ts": f"{time.time():.6f}"})
    wait_until(lambda: sat.of(outcome_id) == 1.0, what="satisfaction from the reaction")
    slack_bot.event({"type": "reaction_removed", "user": USER, "reaction": "+1", "item": item,
                     "event_ts": f"{time.time():.6f}"})
    wait_until(lambda: sat.of(outcome_id) is None, what="the removal undoing it")
    from testing.fakes.slack_signing import block_action

    click = block_action("rlm_feedback_buttons", f"{outcome_id}:-1", channel_id=CHANNEL,
                         message_ts=answer["ts"], block_id="rlm_feedback")
    click["message"] = answer
    assert slack_bot.action(click)[0] == 200
    wait_until(lambda: sat.of(outcome_id) == 0.0, what="satisfaction from the button")
    wait_until(lambda: slack_bot.slack.ephemerals, what="the click acknowledged to the clicker")


def test_slack_reaction_that_beats_its_answers_record_still_counts(slack_bot):
    """A reaction on a just-posted message the bot has not linked to its outcome yet (the answer is
    visible in Slack a moment before the link is stored) counts once the link is there."""
    from rlm_bot.learning.feedback import Satisfaction
    from rlm_bot.learning.outcomes import attach_message

    slack_bot.llm.rule(lambda req: "Paris.")
    ts = slack_bot.mention(SIMPLE)
    outcome_id = slack_bot.outcome_of(slack_bot.answer(CHANNEL, ts))
    sat = Satisfaction(slack_bot.bot.db, slack_bot.settings.learning)
    posted = next_ts()
    assert slack_bot.event({"type": "reaction_added", "user": USER, "reaction": "+1",
                            "item": {"type": "message", "channel": CHANNEL, "ts": posted},
                            "event_ts": f"{time.time():.6f}"})[0] == 200
    time.sleep(0.3)
    assert sat.of(outcome_id) is None  # nothing links the reacted message to an answer yet
    attach_message(slack_bot.bot.db, outcome_id, channel=CHANNEL, message_ts=posted, thread_ts=ts)
    wait_until(lambda: sat.of(outcome_id) == 1.0, timeout=20, what="the early reaction counted")


def test_slack_provider_failure_gives_a_friendly_message_and_a_failed_outcome(slack_bot, monkeypatch):
    slack_bot.llm.rule(lambda req: Fail.error(400, "the model refuses"))
    ts = slack_bot.mention(SIMPLE)
    message = wait_until(lambda: [m for m in slack_bot.thread(CHANNEL, ts) if "error id" in m["text"]],
                         what="the friendly failure")[0]
    assert "Traceback" not in message["text"] and ":warning:" in message["text"]
    import sqlalchemy as sa

    from rlm_bot.storage.models import Outcome

    from rlm_bot.storage.models import StageEvent

    def told():  # the Slack layer's last step: the error id joins the outcome the pipeline recorded
        with slack_bot.bot.db.session() as s:
            return s.scalars(sa.select(StageEvent).where(StageEvent.stage == "slack")).all()
    [event] = wait_until(told, what="the error id in the failed outcome's telemetry")
    assert "error id" in event.reason
    with slack_bot.bot.db.session() as s:
        rows = s.scalars(sa.select(Outcome).where(Outcome.success.is_(False))).all()
    assert len(rows) == 1 and rows[0].id == event.outcome_id  # recorded once, by the pipeline
    assert rows[0].error_class == "ModelCallError" and rows[0].channel == CHANNEL


@pytest.mark.parametrize("limit_env", [{"RLM_SLACK_USER_RATE": "1"}])
def test_slack_rate_limit_tells_the_user_when_to_retry(limit_env, slack_env, fake_llm, fake_slack,
                                                        monkeypatch):
    for key, value in limit_env.items():
        monkeypatch.setenv(key, value)
    with serve_bot(fake_llm, fake_slack) as bot:
        fake_llm.rule(lambda req: "Paris.")
        first = bot.mention(SIMPLE)
        bot.answer(CHANNEL, first)
        bot.mention("What is the capital of Italy?")
        notice = wait_until(lambda: fake_slack.ephemerals, what="the rate-limit notice")[0]
        assert "try again" in notice["text"].lower()
        assert len(fake_llm.chat_calls) == 1


def test_slack_full_queue_says_busy(slack_env, fake_llm, fake_slack, monkeypatch):
    monkeypatch.setenv("RLM_SLACK_WORKERS", "1")
    monkeypatch.setenv("RLM_SLACK_QUEUE", "0")
    with serve_bot(fake_llm, fake_slack) as bot:
        fake_llm.rule(lambda req: Reply("Paris.", latency=2.0))
        first = bot.mention(SIMPLE)
        wait_until(lambda: fake_llm.calls, what="the first request at the provider")
        bot.mention("What is the capital of Italy?")
        notice = wait_until(lambda: fake_slack.ephemerals, what="the busy notice")[0]
        assert "busy" in notice["text"].lower()
        bot.answer(CHANNEL, first)


def test_slack_web_api_429_and_5xx_are_retried(slack_bot):
    words = "Paris. " + " ".join(f"word{i}" for i in range(60))
    slack_bot.llm.rule(lambda req: Reply(words, chunk_delay=0.03))
    slack_bot.slack.fail("chat.postMessage", "ratelimited", times=1, retry_after=1)
    slack_bot.slack.fail("chat.startStream", "internal_error", times=1, status=503)
    ts = slack_bot.mention(SIMPLE)
    answer = slack_bot.answer(CHANNEL, ts)
    assert "Paris." in visible_text(answer)
    posts = slack_bot.slack.calls_to("chat.postMessage")
    assert posts[0].response.get("error") == "ratelimited" and posts[1].response.get("ok")
    streams = slack_bot.slack.calls_to("chat.startStream")
    assert len(streams) >= 2 and streams[0].response.get("error") == "internal_error"


def test_slack_answers_never_carry_the_bots_own_secrets(slack_bot):
    from tests.fakes.fixtures import FAKE_LLM_API_KEY

    words = " ".join(f"w{i}" for i in range(40))
    leaky = f"Sure, the key is {FAKE_LLM_API_KEY} and the signing secret is {SECRET} . {words}"
    slack_bot.llm.rule(lambda req: Reply(leaky, chunk_delay=0.02))
    ts = slack_bot.mention(SIMPLE)
    slack_bot.answer(CHANNEL, ts)
    seen = [str(c.params) for c in slack_bot.slack.calls if c.method.startswith(("chat.", "files."))]
    assert seen and not [s for s in seen if FAKE_LLM_API_KEY in s or SECRET in s]
    assert any("redacted" in s for s in seen)


def test_slack_web_api_down_loses_no_worker(slack_bot, caplog):
    slack_bot.llm.rule(lambda req: "Paris.")
    slack_bot.answer(CHANNEL, slack_bot.mention(SIMPLE))  # Bolt has checked its token by now
    slack_bot.slack.stop()  # the Web API goes away: every call of the next reply fails to connect
    event = {"type": "app_mention", "user": USER, "text": f"<@{BOT_USER_ID}> {SIMPLE}",
             "ts": next_ts(), "channel": CHANNEL}
    assert slack_bot.event(event)[0] == 200
    wait_until(lambda: len(slack_bot.llm.chat_calls) == 2, what="the question still answered")
    wait_until(lambda: slack_bot.bot.pool.stats()["running"] == 0, timeout=90,
               what="the worker freed")
    with slack_bot.bot.db.session() as s:
        import sqlalchemy as sa

        from rlm_bot.storage.models import Outcome

        assert s.scalar(sa.select(sa.func.count()).select_from(Outcome)) == 2
    escaped = [r for r in caplog.records if "outside its own error handling" in r.getMessage()]
    assert not escaped, "an unreachable Slack is handled by the reply, not by the pool's last guard"
