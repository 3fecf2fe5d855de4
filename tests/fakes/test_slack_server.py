"""The fake Slack Web API answers slack_sdk's WebClient like Slack, and records every call."""

from __future__ import annotations

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


@pytest.fixture
def client(fake_slack) -> WebClient:
    return WebClient(token=fake_slack.token, base_url=fake_slack.url)


def test_fake_slack_auth_test_names_the_bot(client, fake_slack):
    response = client.auth_test()
    assert response["ok"] and response["user_id"] == "U0FAKEBOT"
    assert fake_slack.calls_to("auth.test")[0].token == fake_slack.token


def test_fake_slack_post_message_gets_fresh_ts_and_lands_in_thread(client, fake_slack):
    parent = fake_slack.add_message("C1", "what is 2+2?")
    first = client.chat_postMessage(channel="C1", text="4", thread_ts=parent["ts"])
    second = client.chat_postMessage(channel="C1", text="(really 4)", thread_ts=parent["ts"])
    assert first["ts"] != second["ts"]
    replies = client.conversations_replies(channel="C1", ts=parent["ts"])
    assert [m["text"] for m in replies["messages"]] == ["what is 2+2?", "4", "(really 4)"]
    call = fake_slack.calls_to("chat.postMessage")[0]
    assert call.params["thread_ts"] == parent["ts"] and call.content_type.startswith("application/json")


def test_fake_slack_update_ephemeral_users_reactions_status_views(client, fake_slack):
    ts = client.chat_postMessage(channel="C1", text="thinking…")["ts"]
    updated = client.chat_update(channel="C1", ts=ts, text="done",
                                 blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "done"}}])
    assert updated["message"]["text"] == "done" and updated["message"]["blocks"][0]["type"] == "section"
    assert client.chat_postEphemeral(channel="C1", user="U1", text="only you")["message_ts"]
    fake_slack.add_user("U42", real_name="Ada Lovelace")
    assert client.users_info(user="U42")["user"]["real_name"] == "Ada Lovelace"
    assert client.users_info(user="U77")["user"]["id"] == "U77"
    client.reactions_add(channel="C1", timestamp=ts, name="eyes")
    with pytest.raises(SlackApiError) as exc:
        client.reactions_add(channel="C1", timestamp=ts, name="eyes")
    assert exc.value.response["error"] == "already_reacted"
    client.assistant_threads_setStatus(channel_id="D1", thread_ts=ts, status="is thinking…")
    assert fake_slack.statuses[-1]["status"] == "is thinking…"
    view = client.views_publish(user_id="U42", view={"type": "home", "blocks": []})
    assert view["view"]["id"].startswith("V") and fake_slack.views["U42"]["type"] == "home"


def test_fake_slack_update_of_unknown_message_is_message_not_found(client):
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel="C1", ts="1.000000", text="x")
    assert exc.value.response["error"] == "message_not_found"


def test_fake_slack_files_upload_v2_flow(client, fake_slack):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    response = client.files_upload_v2(channel="C9", content=png, filename="chart.png",
                                      title="Cost per day", initial_comment="Weekly report")
    assert response["file"]["title"] == "Cost per day"
    methods = [c.method for c in fake_slack.calls]
    assert methods == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    (entry,) = fake_slack.uploads.values()
    assert entry["data"] == png and entry["length"] == len(png)
    shared = fake_slack.messages["C9"][-1]
    assert shared["subtype"] == "file_share" and shared["text"] == "Weekly report"


def test_fake_slack_complete_without_upload_is_file_not_found(client):
    ticket = client.files_getUploadURLExternal(filename="a.txt", length=3)
    with pytest.raises(SlackApiError) as exc:
        client.files_completeUploadExternal(files=[{"id": ticket["file_id"], "title": "a"}],
                                            channel_id="C1")
    assert exc.value.response["error"] == "file_not_found"


def test_fake_slack_rejects_wrong_and_missing_token(fake_slack):
    with pytest.raises(SlackApiError) as exc:
        WebClient(token="xoxb-wrong", base_url=fake_slack.url).auth_test()
    assert exc.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as exc:
        WebClient(base_url=fake_slack.url).auth_test()
    assert exc.value.response["error"] == "not_authed"


def test_fake_slack_accepts_token_in_form_body_and_json_bodies(fake_slack):
    form = urllib.request.Request(fake_slack.url + "chat.postMessage",
                                  data=f"token={fake_slack.token}&channel=C1&text=hi".encode(),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert json.loads(urllib.request.urlopen(form, timeout=5).read())["ok"] is True
    body = json.dumps({"channel": "C1", "text": "json"}).encode()
    req = urllib.request.Request(fake_slack.url + "chat.postMessage", data=body,
                                 headers={"Content-Type": "application/json",
                                          "Authorization": f"Bearer {fake_slack.token}"})
    assert json.loads(urllib.request.urlopen(req, timeout=5).read())["ok"] is True
    assert [p["text"] for p in fake_slack.posted("C1")] == ["hi", "json"]


def test_fake_slack_ratelimited_has_retry_after_then_recovers(client, fake_slack):
    fake_slack.fail("chat.postMessage", "ratelimited", retry_after=7)
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x")
    assert exc.value.response.status_code == 429
    assert exc.value.response.headers["Retry-After"] == "7"
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_fake_slack_rate_limit_retry_handler_retries(fake_slack):
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

    client = WebClient(token=fake_slack.token, base_url=fake_slack.url,
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    fake_slack.fail("chat.postMessage", "ratelimited", retry_after=0)
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_fake_slack_injected_errors_match_parameters(client, fake_slack):
    fake_slack.fail("chat.postMessage", "channel_not_found", times=None, when={"channel": "C404"})
    fake_slack.fail("auth.test", "invalid_auth")
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C404", text="x")
    assert exc.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C404", text="again")
    with pytest.raises(SlackApiError) as exc:
        client.auth_test()
    assert exc.value.response["error"] == "invalid_auth"
    assert client.auth_test()["ok"]


def test_fake_slack_post_without_text_is_no_text(client):
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1")
    assert exc.value.response["error"] == "no_text"


def test_fake_slack_fixture_sets_settings_env(fake_slack):
    from rlm_bot.config import load_settings

    settings = load_settings()
    assert settings.slack.api_url == fake_slack.url.rstrip("/")
    assert settings.slack.bot_token.reveal() == fake_slack.token


# --- length limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, error", [
    ({"text": "x" * 4001}, "msg_too_long"),
    ({"text": "x", "blocks": [{"type": "divider"}] * 51}, "invalid_blocks"),
    ({"text": "x", "blocks": [{"type": "markdown", "text": "y" * 12_001}]}, "invalid_blocks"),
])
def test_fake_slack_length_limits_of_post_and_update(client, fake_slack, kwargs, error):
    ts = client.chat_postMessage(channel="C1", text="short")["ts"]
    for call in (lambda: client.chat_postMessage(channel="C1", **kwargs),
                 lambda: client.chat_update(channel="C1", ts=ts, **kwargs)):
        with pytest.raises(SlackApiError) as exc:
            call()
        assert exc.value.response["error"] == error
    assert [m["text"] for m in fake_slack.messages["C1"]] == ["short"]


def test_fake_slack_accepts_messages_at_the_limits(client):
    assert client.chat_postMessage(channel="C1", text="x" * 4000)["ok"]
    blocks = [{"type": "markdown", "text": "y" * 12_000}] + [{"type": "divider"}] * 49
    assert client.chat_postMessage(channel="C1", text="x", blocks=blocks)["ok"]


# --- native streaming ------------------------------------------------------------------------------


def test_fake_slack_stream_start_append_stop_builds_the_message(client, fake_slack):
    parent = fake_slack.add_message("C1", "explain")
    start = client.chat_startStream(channel="C1", thread_ts=parent["ts"], markdown_text="Hel",
                                    recipient_user_id="U1", recipient_team_id="T1")
    ts = start["ts"]
    client.chat_appendStream(channel="C1", ts=ts, markdown_text="lo, ")
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel="C1", ts=ts, text="no")
    assert exc.value.response["error"] == "streaming_state_conflict"
    buttons = [{"type": "context_actions", "elements": []}]
    client.chat_stopStream(channel="C1", ts=ts, markdown_text="world", blocks=buttons)
    replies = client.conversations_replies(channel="C1", ts=parent["ts"])["messages"]
    assert replies[-1]["text"] == "Hello, world" and replies[-1]["blocks"] == buttons
    assert fake_slack.streams[("C1", ts)]["state"] == "stopped"
    with pytest.raises(SlackApiError) as exc:
        client.chat_appendStream(channel="C1", ts=ts, markdown_text="more")
    assert exc.value.response["error"] == "message_not_in_streaming_state"
    assert client.chat_update(channel="C1", ts=ts, text="edited after")["ok"]


def test_fake_slack_stream_through_slack_sdk_chat_stream_chunks(client, fake_slack):
    stream = client.chat_stream(channel="D1", thread_ts="1.000001", buffer_size=5)
    stream.append(markdown_text="ab")
    stream.append(markdown_text="cdef")
    stream.append(markdown_text="gh")
    stream.stop(markdown_text="!")
    (message,) = fake_slack.messages["D1"]
    assert message["text"] == "abcdefgh!" and message["thread_ts"] == "1.000001"
    assert [c.method for c in fake_slack.calls] == ["chat.startStream", "chat.stopStream"]


def test_fake_slack_stream_rules_of_arguments(client, fake_slack):
    with pytest.raises(SlackApiError) as exc:
        client.chat_startStream(channel="C1", thread_ts="1.000001", markdown_text="x")
    assert exc.value.response["error"] == "invalid_arguments"  # channels need the recipient
    ts = client.chat_startStream(channel="D1", thread_ts="1.000001")["ts"]
    with pytest.raises(SlackApiError) as exc:
        client.chat_appendStream(channel="D1", ts=ts, markdown_text="x" * 12_001)
    assert exc.value.response["error"] == "msg_too_long"
    assert client.chat_appendStream(channel="D1", ts=ts, markdown_text="x" * 12_000)["ok"]
    plain = client.chat_postMessage(channel="D1", text="not a stream")["ts"]
    with pytest.raises(SlackApiError) as exc:
        client.chat_stopStream(channel="D1", ts=plain)
    assert exc.value.response["error"] == "message_not_in_streaming_state"


def test_fake_slack_expired_and_failing_streams(client, fake_slack):
    ts = client.chat_startStream(channel="D1", thread_ts="1.000001", markdown_text="partial")["ts"]
    assert fake_slack.expire_streams() == 1
    with pytest.raises(SlackApiError) as exc:
        client.chat_appendStream(channel="D1", ts=ts, markdown_text="more")
    assert exc.value.response["error"] == "message_not_in_streaming_state"
    updated = client.chat_update(channel="D1", ts=ts, text="partial, then the rest")
    assert updated["message"]["text"] == "partial, then the rest"
    fake_slack.fail("chat.startStream", "ratelimited", retry_after=3)
    with pytest.raises(SlackApiError) as exc:
        client.chat_startStream(channel="D1", thread_ts="1.000001")
    assert exc.value.response.status_code == 429
    assert len(fake_slack.wait_for("chat.startStream", 2)) == 2


# --- history, info, permalink, delete, ephemeral -------------------------------------------------


def test_fake_slack_history_is_newest_first_paged_and_windowed(client, fake_slack):
    sent = [fake_slack.add_message("C1", f"m{i}") for i in range(5)]
    fake_slack.add_message("C1", "a reply", thread_ts=sent[0]["ts"])
    first = client.conversations_history(channel="C1", limit=2)
    assert [m["text"] for m in first["messages"]] == ["m4", "m3"] and first["has_more"]
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_history(channel="C1", limit=2, cursor=cursor)
    assert [m["text"] for m in second["messages"]] == ["m2", "m1"]
    window = client.conversations_history(channel="C1", oldest=sent[1]["ts"], latest=sent[4]["ts"])
    assert [m["text"] for m in window["messages"]] == ["m3", "m2"] and not window["has_more"]
    with pytest.raises(SlackApiError) as exc:
        client.conversations_history(channel="C1", cursor="bm9wZQ==")
    assert exc.value.response["error"] == "invalid_cursor"
    with pytest.raises(SlackApiError) as exc:
        client.conversations_history(channel="X1")
    assert exc.value.response["error"] == "channel_not_found"


def test_fake_slack_replies_oldest_first_with_parent_and_cursor(client, fake_slack):
    parent = fake_slack.add_message("C1", "parent")
    for i in range(4):
        fake_slack.add_message("C1", f"r{i}", thread_ts=parent["ts"])
    texts, cursor = [], None
    while True:
        page = client.conversations_replies(channel="C1", ts=parent["ts"], limit=2, cursor=cursor)
        texts.append([m["text"] for m in page["messages"]])
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert texts == [["parent", "r0"], ["r1", "r2"], ["r3"]]


def test_fake_slack_conversations_info_kinds(client, fake_slack):
    assert client.conversations_info(channel="D1")["channel"]["is_im"] is True
    public = client.conversations_info(channel="C1")["channel"]
    assert public["is_channel"] and not public["is_private"] and not public["is_im"]
    assert client.conversations_info(channel="G1")["channel"]["is_private"] is True
    fake_slack.add_channel("C2", is_private=True, name="secret")
    assert client.conversations_info(channel="C2")["channel"]["name"] == "secret"


def test_fake_slack_delete_permalink_and_ephemeral(client, fake_slack):
    parent = client.chat_postMessage(channel="C1", text="parent")["ts"]
    reply = client.chat_postMessage(channel="C1", text="reply", thread_ts=parent)["ts"]
    link = client.chat_getPermalink(channel="C1", message_ts=reply)["permalink"]
    assert f"/archives/C1/p{reply.replace('.', '')}" in link and f"thread_ts={parent}" in link
    assert client.chat_delete(channel="C1", ts=reply)["ok"]
    assert [m["text"] for m in fake_slack.messages["C1"]] == ["parent"]
    with pytest.raises(SlackApiError) as exc:
        client.chat_delete(channel="C1", ts=reply)
    assert exc.value.response["error"] == "message_not_found"
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "only you"}}]
    client.chat_postEphemeral(channel="C1", user="U1", text="only you", blocks=blocks)
    (eph,) = fake_slack.ephemerals
    assert (eph["channel"], eph["user"], eph["text"], eph["blocks"]) == ("C1", "U1", "only you", blocks)
    assert "only you" not in [m["text"] for m in fake_slack.messages["C1"]]


def test_fake_slack_assistant_prompts_title_and_admin_users(client, fake_slack):
    prompts = [{"title": "Summarise", "message": "Summarise this channel"}]
    client.assistant_threads_setSuggestedPrompts(channel_id="D1", prompts=prompts)
    client.assistant_threads_setSuggestedPrompts(channel_id="D1", thread_ts="1.1", prompts=prompts,
                                                 title="Try")
    assert [p["thread_ts"] for p in fake_slack.suggested_prompts] == [None, "1.1"]
    assert fake_slack.suggested_prompts[1]["prompts"] == prompts
    with pytest.raises(SlackApiError) as exc:
        client.assistant_threads_setSuggestedPrompts(channel_id="D1", prompts=[{"title": "x"}])
    assert exc.value.response["error"] == "invalid_arguments"
    client.assistant_threads_setTitle(channel_id="D1", thread_ts="1.1", title="Costs")
    assert fake_slack.titles == [{"channel_id": "D1", "thread_ts": "1.1", "title": "Costs"}]
    assert client.users_info(user="U5")["user"]["is_admin"] is False
    fake_slack.add_user("U6", is_admin=True)
    assert client.users_info(user="U6")["user"]["is_admin"] is True


# --- shared files ----------------------------------------------------------------------------------


def _get(url: str, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


def test_fake_slack_shared_file_served_with_a_valid_token(client, fake_slack):
    shared = fake_slack.add_file("notes.txt", b"hello file")
    assert shared["filetype"] == "text" and shared["size"] == 10
    assert shared["url_private_download"].startswith(fake_slack.root + "/files-pri/")
    with _get(shared["url_private_download"], fake_slack.token) as response:
        assert response.read() == b"hello file"
        assert response.headers["Content-Type"].startswith("text/plain")
    assert client.files_info(file=shared["id"])["file"]["name"] == "notes.txt"
    with pytest.raises(SlackApiError) as exc:
        client.files_info(file="F404")
    assert exc.value.response["error"] == "file_not_found"
    (call,) = fake_slack.wait_for("file.download")
    assert call.params["file"] == shared["id"] and call.response["status"] == 200


@pytest.mark.parametrize("token", [None, "xoxb-wrong"])
def test_fake_slack_shared_file_without_valid_token_is_the_signin_page(fake_slack, token):
    shared = fake_slack.add_file("notes.txt", b"secret bytes")
    with _get(shared["url_private"], token) as response:  # urllib follows the 302
        body = response.read()
        assert response.headers["Content-Type"].startswith("text/html")
    assert b"secret bytes" not in body and b"<html" in body
    assert fake_slack.calls_to("file.download")[0].response["status"] == 302


# --- response_url ----------------------------------------------------------------------------------


def test_fake_slack_response_url_records_posts(fake_slack):
    from slack_sdk.webhook import WebhookClient

    url = fake_slack.response_url("cmd1")
    webhook = WebhookClient(url)
    response = webhook.send(text="working", response_type="ephemeral", replace_original=False)
    assert (response.status_code, response.body) == (200, "ok")
    assert fake_slack.responses == [{"name": "cmd1", "text": "working",
                                     "response_type": "ephemeral", "replace_original": False}]
    assert webhook.send(text="").status_code == 400  # no_text
    for _ in range(4):
        assert webhook.send(text="again").status_code == 200
    assert webhook.send(text="sixth").body == "used_url"
    assert WebhookClient(f"{fake_slack.root}/response/unknown").send(text="x").status_code == 404
    assert len(fake_slack.wait_for("response_url", 8)) == 8


def test_fake_slack_reset_clears_new_state(client, fake_slack):
    fake_slack.add_file("a.txt", b"a")
    fake_slack.response_url("r")
    client.chat_startStream(channel="D1", thread_ts="1.1")
    client.assistant_threads_setTitle(channel_id="D1", thread_ts="1.1", title="t")
    client.chat_postEphemeral(channel="C1", user="U1", text="e")
    fake_slack.reset()
    assert not (fake_slack.files or fake_slack.streams or fake_slack.titles or fake_slack.ephemerals
                or fake_slack.calls or fake_slack.messages)
