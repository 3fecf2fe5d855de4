"""`/rlm` and App Home end to end: signed slash commands and events → the served app → the fake
Slack Web API (acks, response_url POSTs, channel threads, uploads, home views).

Memory commands open the embedding model and seed a fresh store the first time (~10–15 s), so
the memory checks are grouped into two tests.
"""

from __future__ import annotations

import json
import re
import time
import uuid

from testing.fakes.slack_server import BOT_USER_ID, TEAM_ID
from tests.scenarios.slack_harness import (
    CHANNEL, USER, serve_bot, slack_bot, slack_env, visible_text, wait_until,
)

__all__ = ["slack_bot", "slack_env"]  # fixtures used by name below

DM = "D0DIRECT01"
ADMIN = "U0ADMIN01"
OTHER = "U0OTHER01"
SLOW = 90.0  # generous: the first memory command loads the embedding model


def _respond(bot, text: str, *, timeout: float = 30.0, **fields: str) -> str:
    """Send `/rlm text`; return what the app posted to the command's response_url."""
    name = f"r{uuid.uuid4().hex[:8]}"
    status, body = bot.command(text, response_url=bot.slack.response_url(name), **fields)
    assert status == 200, body
    found = wait_until(lambda: [r for r in bot.slack.responses if r["name"] == name], timeout,
                       f"the answer to /rlm {text}")
    return found[0]["text"]


def _ack(bot, text: str, **fields: str) -> dict:
    status, body = bot.command(text, **fields)
    assert status == 200
    return json.loads(body)


def _head(bot, question: str) -> dict:
    """The head message `/rlm <question>` posted in the channel."""
    def find():
        with bot.slack._lock:
            return [m for m in bot.slack.messages.get(CHANNEL, [])
                    if m.get("user") == BOT_USER_ID and "asked:" in m.get("text", "")
                    and question in m.get("text", "") and not m.get("thread_ts")]
    return wait_until(find, what="the head message")[0]


def _answered(bot, question: str = "What is the capital of France?") -> dict:
    """Mention the bot and wait for its answer (the fake provider answers "Paris.")."""
    bot.llm.rule(lambda req: "Paris.")
    ts = bot.mention(question)
    return bot.answer(CHANNEL, ts)


def _memory_id(reply: str) -> str:
    match = re.search(r"Id `([0-9a-f]{8})`", reply)
    assert match, reply
    return match.group(1)


def test_slack_command_help_and_unknown_answer_with_ephemeral_help(slack_bot):
    for text in ("", "help", "frobnicate"):
        ack = _ack(slack_bot, text)
        assert ack["response_type"] == "ephemeral"
        assert "/rlm remember" in ack["text"] and "/rlm budget" in ack["text"]
    assert "frobnicate" in _ack(slack_bot, "frobnicate")["text"]
    time.sleep(0.5)
    assert not slack_bot.slack.calls_to("chat.postMessage") and not slack_bot.llm.chat_calls


def test_slack_command_question_and_ask_post_a_head_and_answer_in_its_thread(slack_bot):
    slack_bot.llm.rule(lambda req: "Paris." if "France" in req.last_user else "Rome.")
    for text, question in (("What is the capital of France?", "What is the capital of France?"),
                           ("ask what is the capital of Italy", "what is the capital of Italy")):
        status, _ = slack_bot.command(text)
        assert status == 200
        head = _head(slack_bot, question)
        assert f"<@{USER}>" in head["text"]
        answer = slack_bot.answer(CHANNEL, head["ts"])
        assert ("Paris." if "France" in question else "Rome.") in visible_text(answer)


def test_slack_command_memories_remember_forget_scope_and_secrets(slack_bot):
    bot = slack_bot
    fact = "the release train leaves on Thursdays at noon"
    said = _respond(bot, f"remember {fact}", timeout=SLOW)
    assert "Remembered for this channel" in said
    first = _memory_id(said)
    private = _respond(bot, "remember my desk is on the fourth floor near the window",
                       channel_id=DM)
    assert "privately" in private
    listed = _respond(bot, "memories")
    assert fact in listed and "fourth floor" not in listed, "a DM-private fact never shows in a channel"
    in_dm = _respond(bot, "memories", channel_id=DM)
    assert "fourth floor" in in_dm and fact not in in_dm
    assert "fourth floor" not in _respond(bot, "memories", channel_id=DM, user_id=OTHER)
    assert "release train" in _respond(bot, "memories release train")

    assert "Forgot 1 memory" in _respond(bot, f"forget {first}")
    assert fact not in _respond(bot, "memories")
    _respond(bot, "remember the staging database is rebuilt every Monday morning")
    assert "Forgot" in _respond(bot, "forget the staging database is rebuilt every Monday")
    assert "staging database" not in _respond(bot, "memories")
    assert "nothing" in _respond(bot, "forget a fact nobody ever told me about penguins").lower()

    key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4"
    kept = _respond(bot, f"remember the billing service uses the key {key} in production")
    assert "secrets" in kept and key not in kept
    assert "billing service" in _respond(bot, "memories")
    assert key not in _respond(bot, "memories")
    refused = _respond(bot, f"remember {key}")
    assert "refused" in refused.lower() and key not in refused
    memory = bot.bot.pipeline.memory()
    assert not [r for r in memory.list(workspace=TEAM_ID, limit=100) if key in r.text]


def test_slack_thread_memory_keeps_exchanges_in_their_scope(slack_env, fake_llm, fake_slack,
                                                           monkeypatch):
    from rlm_bot.memory.scope import Scope

    monkeypatch.setenv("RLM_SLACK_THREAD_MEMORY", "true")
    with serve_bot(fake_llm, fake_slack) as bot:
        fake_llm.rule(lambda req: "The retry policy is three attempts with backoff.")
        ts = bot.mention("What is our retry policy for the payments queue?", channel="C1")
        bot.answer("C1", ts, timeout=SLOW)
        memory = bot.bot.pipeline.memory()

        def kept(scope: Scope, words: str) -> list:
            return [h for h in memory.search(words, scope, k=5, kinds=("conversation",), touch=False)
                    if words.split()[0] in h.record.text]

        c1 = Scope(workspace=TEAM_ID, channel="C1", user=OTHER)
        found = wait_until(lambda: kept(c1, "payments queue retry policy"), SLOW,
                           "the exchange kept in C1")
        assert "three attempts" in found[0].record.text and found[0].record.visibility == "channel"
        assert not kept(Scope(workspace=TEAM_ID, channel="C2", user=USER), "payments queue retry policy")

        bot.message("What is the name of my cat, Whiskers?", channel=DM, channel_type="im")
        bot.answer(DM, None)
        mine = Scope(workspace=TEAM_ID, channel=DM, user=USER, is_dm=True)
        found = wait_until(lambda: kept(mine, "Whiskers cat"), SLOW, "the DM exchange kept")
        assert found[0].record.visibility == "dm"
        assert not kept(Scope(workspace=TEAM_ID, channel="C1", user=USER), "Whiskers cat")
        assert not kept(Scope(workspace=TEAM_ID, channel=DM, user=OTHER, is_dm=True), "Whiskers cat")


def test_slack_command_budget_show_set_refuse_and_enforce(slack_bot):
    bot = slack_bot
    bot.slack.add_user(ADMIN, is_admin=True)
    shown = _respond(bot, "budget", user_id=OTHER)
    assert "Budgets" in shown and "no daily budget" in shown
    refused = _respond(bot, f"budget user <@{USER}> 5", user_id=OTHER)
    assert "Only workspace admins" in refused
    _answered(bot)  # the user has spent something today
    done = _respond(bot, f"budget user <@{USER}|human> 0.000001", user_id=ADMIN)
    assert "0.000001" in done and USER in done
    assert "0.000001" in _respond(bot, "budget")
    channel = _respond(bot, "budget channel 10", user_id=ADMIN)
    assert "this channel" in channel and "$10.00" in channel
    calls = len(bot.llm.chat_calls)
    bot.mention("What is the capital of Spain?")
    notice = wait_until(lambda: bot.slack.ephemerals, what="the budget notice")[-1]
    assert "budget" in notice["text"] and "resets" in notice["text"] and notice["user"] == USER
    time.sleep(0.5)
    assert len(bot.llm.chat_calls) == calls, "a blocked request never reaches the model"
    assert "Removed" in _respond(bot, f"budget user <@{USER}> none", user_id=ADMIN)
    assert "not an amount of dollars" in _respond(bot, "budget user <@U0X> lots", user_id=ADMIN)


def test_slack_command_status_why_and_feedback_after_an_answer(slack_bot):
    from rlm_bot.learning.feedback import Satisfaction

    bot = slack_bot
    status = _respond(bot, "status")
    assert "Status" in status and "queued" in status and "spent today" in status
    assert "no answer here" in _respond(bot, "why")
    answer = _answered(bot)
    outcome = bot.outcome_of(answer)
    why = _respond(bot, "why")
    assert outcome[:8] in why and "analyze" in why and "execute" in why
    assert outcome[:8] in _respond(bot, f"why {outcome[:8]}")
    assert "No answer" in _respond(bot, "why ffffffffff")
    sat = Satisfaction(bot.bot.db, bot.settings.learning)
    assert sat.of(outcome) is None
    assert outcome[:8] in _respond(bot, "feedback +1 spot on")
    assert sat.of(outcome) == 1.0
    assert "not a verdict" in _respond(bot, "feedback maybe")


def test_slack_command_scheme_shows_value_and_names_errors(slack_bot):
    shown = _respond(slack_bot, "scheme (finish (+ 1 2))")
    assert "```3```" in shown
    printed = _respond(slack_bot, 'scheme ```(display "hi &amp; bye") (* 6 7)```')
    # Slack shows `&amp;` as `&` (message text escapes &, < and >)
    assert "hi &amp; bye" in printed and "```42```" in printed
    failed = _respond(slack_bot, "scheme (car '())")
    assert "Error" in failed and "car: contract violation" in failed
    assert "Give me a program" in _respond(slack_bot, "scheme")


def test_slack_command_plan_names_the_pattern_and_its_program(slack_bot):
    plan = _respond(slack_bot, "plan summarise each of 40 support tickets")
    assert "fan-out" in plan and "tree-reduce" in plan and "estimated" in plan
    assert "*-*" not in plan


def test_slack_command_report_answers_privately_and_uploads_charts_to_the_users_dm(slack_bot):
    bot = slack_bot
    _answered(bot)
    text = _respond(bot, "report", timeout=60)
    assert "Tasks" in text or "tasks" in text
    opened = wait_until(lambda: bot.slack.calls_to("conversations.open"), 60, "the DM opened")
    assert opened[0].params["users"] == USER
    done = wait_until(lambda: [c for c in bot.slack.calls_to("files.completeUploadExternal")
                               if c.response.get("ok")], 60, "the charts uploaded")
    dm = opened[0].response["channel"]["id"]
    assert done[0].params.get("channel_id") == dm
    pngs = [u for u in bot.slack.uploads.values() if u["filename"].endswith(".png")]
    assert len(pngs) == 3 and all(u["data"][:4] == b"\x89PNG" for u in pngs)
    assert not [m for m in bot.slack.posted(CHANNEL) if "report" in (m.get("text") or "").lower()]


def test_slack_app_home_shows_recent_tasks_with_satisfaction_and_prompts(slack_bot):
    from rlm_bot.learning.feedback import Satisfaction

    bot = slack_bot
    answer = _answered(bot, "What is the capital of Portugal?")
    outcome = bot.outcome_of(answer)
    Satisfaction(bot.bot.db, bot.settings.learning).button(outcome_id=outcome, user_id=USER, value=1)
    bot.event({"type": "app_home_opened", "user": USER, "channel": DM, "tab": "home",
               "event_ts": f"{time.time():.6f}"})
    view = wait_until(lambda: bot.slack.views.get(USER), what="the home view")
    text = json.dumps(view["blocks"])
    assert "capital of Portugal" in text and ":+1:" in text
    assert "Spend this week" in text and "Budgets" in text and "Try asking" in text
    bot.event({"type": "app_home_opened", "user": USER, "channel": DM, "tab": "messages",
               "event_ts": f"{time.time():.6f}"})
    prompts = wait_until(lambda: bot.slack.suggested_prompts, what="suggested prompts")
    assert prompts[-1]["channel_id"] == DM and prompts[-1]["prompts"]


def test_slack_command_delivered_twice_runs_once(slack_bot):
    url = slack_bot.slack.response_url("twice")
    for _ in range(2):  # a Socket Mode redelivery, or the same request reaching two replicas
        status, _ = slack_bot.command("status", response_url=url, trigger_id="1234.5678.dup")
        assert status == 200
    wait_until(lambda: [r for r in slack_bot.slack.responses if r["name"] == "twice"],
               what="the status answer")
    time.sleep(0.8)
    assert len([r for r in slack_bot.slack.responses if r["name"] == "twice"]) == 1
