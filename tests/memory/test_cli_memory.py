"""`rlm-bot memory ...` end to end through the CLI entry point (in-process: the model loads once)."""

from __future__ import annotations

import json

import pytest

from rlm_bot.cli import main


def _run(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["memory", *argv, "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1]) if out else {}


@pytest.fixture(autouse=True)
def _fresh_stores():
    from rlm_bot.memory.store import close_memory

    close_memory()
    yield
    close_memory()


def test_cli_memory_add_search_list_forget(capsys, embedder) -> None:
    code, added = _run(capsys, "add", "The on-call handbook lives at go/oncall", "--workspace", "T1",
                       "--channel", "C1", "--user", "U1")
    assert code == 0 and added["visibility"] == "channel" and not added["merged"]
    code, found = _run(capsys, "search", "where is the on-call handbook?", "--workspace", "T1",
                       "--channel", "C1", "--user", "U2")
    assert code == 0 and found["hits"][0]["id"] == added["id"]
    code, elsewhere = _run(capsys, "search", "where is the on-call handbook?", "--workspace", "T1",
                           "--channel", "C2", "--user", "U1")
    assert code == 0 and all(h["id"] != added["id"] for h in elsewhere["hits"])
    code, listed = _run(capsys, "list", "--workspace", "T1")
    assert [m["id"] for m in listed["memories"]] == [added["id"]]
    code, gone = _run(capsys, "forget", added["id"])
    assert code == 0 and gone["forgotten"] == [added["id"]]
    assert _run(capsys, "list", "--workspace", "T1")[1]["memories"] == []


def test_cli_memory_dm_visibility_and_forget_all(capsys, embedder) -> None:
    _run(capsys, "add", "I like answers as bullet points", "--kind", "preference", "--workspace", "T1",
         "--channel", "D1", "--user", "U1", "--visibility", "dm")
    in_channel = _run(capsys, "search", "answer format preference", "--workspace", "T1",
                      "--channel", "C1", "--user", "U1", "--kind", "preference")[1]
    in_dm = _run(capsys, "search", "answer format preference", "--workspace", "T1",
                 "--channel", "D1", "--user", "U1", "--dm", "--kind", "preference")[1]
    assert not [h for h in in_channel["hits"] if h["visibility"] == "dm"]
    assert in_dm["hits"] and in_dm["hits"][0]["visibility"] == "dm"
    code, gone = _run(capsys, "forget", "--all", "--workspace", "T1", "--user", "U1")
    assert code == 0 and len(gone["forgotten"]) == 1


def test_cli_memory_refuses_secret_and_bad_usage(capsys, embedder) -> None:
    code, body = _run(capsys, "add", "xoxb-1234567890-0987654321-AbCdEfGh")
    assert code == 1 and body["ok"] is False and "secret" in body["error"]
    assert "xoxb" not in capsys.readouterr().err
    code, body = _run(capsys, "forget")
    assert code == 2 and body["ok"] is False
    code, body = _run(capsys, "forget", "--all")
    assert code == 2 and "--user" in body["error"]
    code, body = _run(capsys, "add", "x" * 30, "--confidence", "7")
    assert code == 2


def test_cli_memory_upkeep_reports_decay_and_consolidation(capsys, embedder) -> None:
    _run(capsys, "add", "Nightly backups run at 02:00 UTC on the primary", "--workspace", "T1")
    code, body = _run(capsys, "upkeep", "--prune-below", "0.01")
    # the shipped seed knowledge (global) is checked too, and never pruned
    assert code == 0 and body["decay"]["checked"] >= 1 and body["decay"]["pruned"] == 0
    listed = _run(capsys, "list", "--workspace", "T1")[1]["memories"]
    assert [m["text"] for m in listed] == ["Nightly backups run at 02:00 UTC on the primary"]
    assert body["consolidation"]["groups"] == 0


def test_cli_memory_search_leaves_the_packaged_guide_apart_unless_asked(capsys, embedder) -> None:
    fact = "The payments service is written in Go and owned by the Billing squad"
    _run(capsys, "add", fact, "--workspace", "T1")
    question = "Which programming language is the billing backend built with?"
    code, found = _run(capsys, "search", question, "--workspace", "T1", "-k", "5")
    assert code == 0 and found["hits"][0]["text"] == fact
    assert found["packaged_guide"] is False and {h["visibility"] for h in found["hits"]} == {"workspace"}
    assert "offline" in found["rewrite"]  # no model configured: no rewrite, no error
    _, docs = _run(capsys, "search", question, "--workspace", "T1", "-k", "5", "--include-docs")
    assert docs["packaged_guide"] is True and "global" in {h["visibility"] for h in docs["hits"]}
    _, kind = _run(capsys, "search", question, "--workspace", "T1", "--kind", "document")
    assert kind["hits"] and {h["visibility"] for h in kind["hits"]} == {"global"}
    _, scheme = _run(capsys, "search", "how do I fan out llm-query calls in a Scheme program?",
                     "--workspace", "T1")
    assert scheme["packaged_guide"] is True and scheme["hits"][0]["visibility"] == "global"


def test_cli_memory_search_help_says_how_it_ranks(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["memory", "search", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--include-docs" in text and "packaged guide" in text and "left out" in text
    assert "--no-expand" in text and "rewrite" in text
