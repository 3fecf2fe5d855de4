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
