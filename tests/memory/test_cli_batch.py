"""Bulk memory from the CLI (issue 18): `memory import`, `memory search --jsonl`,
`memory add --document`, and text that is nothing but control characters refused in one line.
In-process `main([...])` calls, so the embedding model loads once for the whole file."""

from __future__ import annotations

import io
import json

import pytest

from rlm_bot.cli import main
from rlm_bot.memory.errors import MemoryStoreError
from rlm_bot.memory.scope import Owner

FACTS = [
    {"text": "The payments service is written in Go and deployed from the billing repo",
     "workspace": "T1", "channel": "C1", "user": "U1"},
    {"text": "Standup is at 09:30 every weekday in the Blue room", "workspace": "T1"},
    {"text": "I prefer answers with a short summary first", "kind": "preference",
     "workspace": "T1", "channel": "D1", "user": "U2", "visibility": "dm"},
]


@pytest.fixture(autouse=True)
def _fresh_stores():
    from rlm_bot.memory.store import close_memory

    close_memory()
    yield
    close_memory()


def _main(capsys, monkeypatch, argv: list[str], stdin: str = "") -> tuple[int, list[str], str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["memory", *argv])
    captured = capsys.readouterr()
    return code, captured.out.strip().splitlines(), captured.err


def _jsonl(*rows: dict) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def test_cli_batch_import_then_search_jsonl_in_scope(capsys, monkeypatch, embedder, tmp_path) -> None:
    path = tmp_path / "facts.jsonl"
    path.write_text(_jsonl(FACTS[0]) + "\n   \n" + _jsonl(*FACTS[1:]), encoding="utf-8")
    code, out, _ = _main(capsys, monkeypatch, ["import", str(path), "--batch", "2", "--json"])
    body = json.loads(out[-1])
    assert code == 0 and body["imported"] == 3 and body["merged"] == 0 and len(set(body["ids"])) == 3
    listed = {m["id"]: m for m in json.loads(_main(capsys, monkeypatch, [
        "list", "--workspace", "T1", "--json"])[1][-1])["memories"]}
    assert set(listed) == set(body["ids"])
    go, standup, pref = (listed[i] for i in body["ids"])
    assert (go["visibility"], go["channel"], go["source"]) == ("channel", "C1", "cli")
    assert (standup["visibility"], standup["kind"]) == ("workspace", "fact")
    assert (pref["visibility"], pref["kind"], pref["user"]) == ("dm", "preference", "U2")

    queries = [
        "which language is the payments service written in?",  # flags' scope: workspace local
        json.dumps({"query": "which language is the payments service written in?",
                    "workspace": "T1", "channel": "C1", "user": "U9", "k": 3.0}),
        json.dumps({"query": "which language is the payments service written in?",
                    "workspace": "T1", "channel": "C2", "user": "U1", "kind": ["fact"]}),
        json.dumps({"query": "how should answers be formatted", "workspace": "T1",
                    "channel": "D1", "user": "U2", "dm": True, "kind": "preference"}),
        "{not json",
        json.dumps({"query": "standup time", "workspace": "T1", "mode": "fuzzy"}),
        json.dumps({"query": "standup time", "k": 2.5}),
        "\x00\x00\x00",
    ]
    code, out, _ = _main(capsys, monkeypatch, ["search", "--jsonl"], "\n".join(queries) + "\n")
    rows = [json.loads(line) for line in out]
    assert code == 1 and [r["line"] for r in rows] == list(range(1, 9))
    local, in_c1, in_c2, in_dm, bad_json, bad_mode, bad_k, nul = rows
    assert local["ok"] and body["ids"][0] not in [h["id"] for h in local["hits"]]
    assert in_c1["ok"] and len(in_c1["hits"]) <= 3 and in_c1["hits"][0]["id"] == go["id"]
    assert in_c2["ok"] and go["id"] not in [h["id"] for h in in_c2["hits"]]
    assert all(h["kind"] == "fact" for h in in_c2["hits"])
    assert in_dm["ok"] and in_dm["hits"][0]["id"] == pref["id"]
    assert not bad_json["ok"] and bad_json["error"].startswith("line 5: not JSON")
    assert not bad_mode["ok"] and "line 6" in bad_mode["error"] and "fuzzy" in bad_mode["error"]
    assert not bad_k["ok"] and bad_k["error"].startswith("line 7: k must be a whole number")
    assert not nul["ok"] and nul["error"] == "line 8: the query is empty"

    code, out, err = _main(capsys, monkeypatch, ["search", "standup", "--jsonl"])
    assert code == 2 and "--jsonl" in err and len(err.strip().splitlines()) == 1


def test_cli_batch_import_bad_line_imports_nothing(capsys, monkeypatch, embedder, tmp_path) -> None:
    good = {"text": "Release notes are drafted on Thursdays by the docs team", "workspace": "T7"}
    cases = [  # (second line, exit code, words the one error line names)
        ('{"workspace": "T7"}', 2, "line 2: no text"),
        (json.dumps({"text": "\x00" * 4096, "workspace": "T7"}), 2, "line 2: no text"),
        (json.dumps({"text": "ok text here", "colour": "red"}), 2, "line 2: unknown field 'colour'"),
        (json.dumps({"text": "ok text here", "visibility": "everyone"}), 2, "line 2: visibility"),
        (json.dumps({"text": "ok text here", "confidence": 3}), 2, "line 2: confidence"),
        ("[1, 2]", 2, "line 2: expected a JSON object"),
        (json.dumps({"text": "xoxb-1234567890-0987654321-AbCdEfGh", "workspace": "T7"}), 1,
         "line 2: refused: the text is a credential"),
        (json.dumps({"text": "y " * 15_000, "workspace": "T7"}), 1, "memory add --document"),
    ]
    for second, expected_code, words in cases:
        path = tmp_path / "in.jsonl"
        path.write_text(_jsonl(good) + second + "\n", encoding="utf-8")
        code, out, err = _main(capsys, monkeypatch, ["import", str(path), "--json"])
        lines = err.strip().splitlines()
        assert (code, len(lines)) == (expected_code, 1), (second[:40], err)
        assert words in lines[0] and json.loads(out[-1])["ok"] is False
        assert "xoxb" not in err
    listed = _main(capsys, monkeypatch, ["list", "--workspace", "T7", "--json"])[1]
    assert json.loads(listed[-1])["memories"] == []  # nothing of any refused file was written

    code, _, err = _main(capsys, monkeypatch, ["import", str(tmp_path / "missing.jsonl")])
    assert code == 2 and "no such file" in err
    code, out, _ = _main(capsys, monkeypatch, ["import", "-", "--workspace", "T7"], _jsonl(good))
    assert code == 0 and out == ["imported 1 line: 1 new, 0 merged into near-duplicates, "
                                 "0 with secrets redacted"]


def test_cli_batch_add_document_and_control_only_text(capsys, monkeypatch, embedder) -> None:
    code, out, err = _main(capsys, monkeypatch, ["add", "\x00" * 4096, "--json"])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "control characters" in err
    code, out, err = _main(capsys, monkeypatch, ["add", "-"], "\x00\x1b\u200b\n")
    assert code == 2 and "nothing to remember" in err

    sections = [f"## Runbook step {i}\n\n" + f"Step {i} of the failover: check replica lag {i}. " * 40
                for i in range(12)]
    document = "# Database failover runbook\n\n" + "\n\n".join(sections)
    assert len(document) > 20_000
    code, out, err = _main(capsys, monkeypatch, ["add", document, "--workspace", "T3"])
    assert code == 1 and "rlm-bot memory add --document" in err  # the refusal names the real way
    code, out, _ = _main(capsys, monkeypatch, ["add", "-", "--document", "--workspace", "T3",
                                               "--json"], document)
    first = json.loads(out[-1])
    assert code == 0 and len(first["ids"]) > 1 and first["source"].startswith("cli-doc-")
    code, out, _ = _main(capsys, monkeypatch, ["add", "-", "--document", "--workspace", "T3",
                                               "--json"], document)
    again = json.loads(out[-1])  # the same document re-added replaces its chunks
    assert again["source"] == first["source"] and len(again["ids"]) == len(first["ids"])
    listed = json.loads(_main(capsys, monkeypatch, ["list", "--workspace", "T3", "--limit", "500",
                                                    "--json"])[1][-1])["memories"]
    assert sorted(m["id"] for m in listed) == sorted(again["ids"])
    assert {m["kind"] for m in listed} == {"document"}
    code, _, err = _main(capsys, monkeypatch, ["add", "-", "--document", "--kind", "fact"], "text")
    assert code == 2 and "--document" in err


def test_store_refuses_text_of_control_characters(store) -> None:
    owner = Owner("T1", "C1", "U1", "channel")
    for text in ("\x00" * 4096, "\x00 \x07\x1b\x7f\x85", "\u200b\ufeff"):
        with pytest.raises(MemoryStoreError, match="control characters"):
            store.add(text, owner=owner)
    with pytest.raises(MemoryStoreError, match="control characters"):
        store.add_document("\x00\n\n\x00", owner=owner, source="nul.md")
    kept = store.add("Deploys\x00 happen on Tuesdays", owner=owner)
    assert store.get(kept.id).text == "Deploys happen on Tuesdays"
    assert store.count() == 1
