"""Shared files become the task's context: read through the fake Slack file URLs with the bot token."""

from __future__ import annotations

import dataclasses

import pytest

from rlm_bot.config import SlackSettings
from rlm_bot.slack.files import (
    FileError, SharedFile, decode_text, files_as_context, read_shared_file, read_shared_files,
)

SETTINGS = SlackSettings()


def _read(fake, files, *, token=None, settings=SETTINGS):
    return read_shared_files(files, token=token or fake.token, settings=settings, timeout=20)


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF (Helvetica text, one content stream a page) with a correct xref table."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, lines in enumerate(pages):
        ops = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       f"{5 + 2 * i} 0 R /Resources << /Font << /F1 3 0 R >> >> >>".encode())
        objects.append(f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream".encode())
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_files_text_file_read_with_the_bot_token(fake_slack):
    shared = fake_slack.add_file("notes.txt", "Café notes: ship on Friday\n".encode())
    files, notes = _read(fake_slack, [shared])
    assert notes == []
    assert files == [SharedFile(name="notes.txt", filetype="text", size=28,
                                text="Café notes: ship on Friday\n")]
    (call,) = fake_slack.calls_to("file.download")
    assert call.token == fake_slack.token and call.params["path"].endswith("/download/notes.txt")


def test_files_chunked_download_read_whole(fake_slack):
    data = b"".join(b"row %d\n" % i for i in range(40_000))
    files, notes = _read(fake_slack, [fake_slack.add_file("rows.txt", data, chunked=True)])
    assert notes == [] and files[0].size == len(data) and files[0].text.endswith("row 39999\n")


def test_files_csv_keeps_its_rows(fake_slack):
    csv = b"region,revenue\nnorth,120\nsouth,80\n"
    files, notes = _read(fake_slack, [fake_slack.add_file("sales.csv", csv, filetype="csv")])
    assert notes == [] and files[0].text.splitlines() == ["region,revenue", "north,120", "south,80"]
    assert files[0].filetype == "csv"


def test_files_megabyte_log_keeps_the_needle_in_the_middle(fake_slack):
    line = "2026-01-01T00:00:00 INFO heartbeat ok\n"
    half = line * (512 * 1024 // len(line))
    log = (half + "2026-01-01T12:00:00 ERROR disk /dev/sdb1 full (needle-7731)\n" + half).encode()
    assert len(log) > 1_000_000
    files, notes = _read(fake_slack, [fake_slack.add_file("server.log", log)])
    assert notes == [] and files[0].size == len(log)
    assert "ERROR disk /dev/sdb1 full (needle-7731)" in files[0].text
    context = files_as_context(files)
    assert "needle-7731" in context and len(context) > len(log)  # nothing cut


def test_files_pdf_read_page_by_page(fake_slack):
    pdf = _pdf([["Quarterly revenue was 42 million"], ["Churn fell to 3 percent"]])
    shared = fake_slack.add_file("q3.pdf", pdf, mimetype="application/pdf", filetype="pdf")
    files, notes = _read(fake_slack, [shared])
    assert notes == []
    text = files[0].text
    assert text.index("--- page 1 ---") < text.index("Quarterly revenue was 42 million")
    assert text.index("--- page 2 ---") < text.index("Churn fell to 3 percent")
    assert text.index("42 million") < text.index("--- page 2 ---")


def test_files_pdf_without_text_is_a_note(fake_slack):
    shared = fake_slack.add_file("scan.pdf", _pdf([[]]), mimetype="application/pdf")
    files, notes = _read(fake_slack, [shared])
    assert files == [] and len(notes) == 1
    assert "no text in scan.pdf" in notes[0]


def test_files_damaged_pdf_is_a_note(fake_slack):
    shared = fake_slack.add_file("broken.pdf", b"%PDF-1.4\nthis is not a pdf at all")
    files, notes = _read(fake_slack, [shared])
    assert files == [] and "broken.pdf" in notes[0] and "PDF" in notes[0]


def test_files_wrong_type_is_skipped_before_download(fake_slack):
    exe = fake_slack.add_file("report.exe", b"MZ\x90\x00", filetype="binary")
    text = fake_slack.add_file("ok.md", b"# fine")
    files, notes = _read(fake_slack, [exe, text])
    assert [f.name for f in files] == ["ok.md"]
    assert notes[0].startswith("skipped report.exe: .exe files are not read (accepted: txt, md,")
    assert [c.params["file"] for c in fake_slack.calls_to("file.download")] == [text["id"]]


def test_files_without_extension_judged_by_filetype(fake_slack):
    files, notes = _read(fake_slack, [fake_slack.add_file("Makefile", b"all:\n\ttrue\n",
                                                          filetype="text")])
    assert notes == [] and files[0].text.startswith("all:")


def test_files_declared_too_big_skipped_without_download(fake_slack):
    settings = dataclasses.replace(SETTINGS, max_file_bytes=1024)
    shared = fake_slack.add_file("big.log", b"x" * 2048)
    files, notes = _read(fake_slack, [shared], settings=settings)
    assert files == [] and notes == ["skipped big.log: it is 2 KB, over the 1 KB limit for shared files"]
    assert fake_slack.calls_to("file.download") == []


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_files_actual_size_over_the_cap_refused_when_size_lies(fake_slack, chunked):
    settings = dataclasses.replace(SETTINGS, max_file_bytes=100 * 1024)
    shared = fake_slack.add_file("liar.txt", b"y" * (300 * 1024), size=10, chunked=chunked)
    files, notes = _read(fake_slack, [shared], settings=settings)
    assert files == [] and notes == ["refused liar.txt: it is larger than the 100 KB limit for shared files"]
    assert len(fake_slack.calls_to("file.download")) == 1


def test_files_bad_token_gets_signin_page_and_a_scope_note(fake_slack):
    shared = fake_slack.add_file("notes.txt", b"secret plans")
    files, notes = _read(fake_slack, [shared], token="xoxb-not-this-one")
    assert files == []
    assert "files:read" in notes[0] and "notes.txt" in notes[0]
    assert "xoxb-not-this-one" not in notes[0]
    with pytest.raises(FileError) as exc:
        read_shared_file(shared, token="xoxb-not-this-one", settings=SETTINGS, timeout=20)
    assert "xoxb-not-this-one" not in str(exc.value)
    assert fake_slack.calls_to("file.download")[0].response["status"] == 302


def test_files_html_file_with_a_good_token_is_read(fake_slack):
    page = b"<html><body><p>release notes</p></body></html>"
    files, notes = _read(fake_slack, [fake_slack.add_file("notes.html", page)])
    assert notes == [] and "release notes" in files[0].text


def test_files_non_utf8_bytes_replaced_and_nul_dropped(fake_slack):
    data = b"caf\xe9 au lait\x00\nline two \xff\xfe?\n"
    files, notes = _read(fake_slack, [fake_slack.add_file("latin.txt", data)])
    assert notes == []
    assert files[0].text == "caf\ufffd au lait\nline two \ufffd\ufffd?\n"


@pytest.mark.parametrize("data, text", [
    (b"\xef\xbb\xbfhello", "hello"),
    ("hello".encode("utf-16-le"), "hello"),  # no BOM: NUL bytes dropped from the UTF-8 reading
    (b"\xff\xfe" + "h\u00e9llo".encode("utf-16-le"), "h\u00e9llo"),
    (b"\xfe\xff" + "h\u00e9llo".encode("utf-16-be"), "h\u00e9llo"),
])
def test_files_decode_text_honours_boms(data, text):
    assert decode_text(data) == text


def test_files_gone_and_unreachable_are_notes(fake_slack):
    gone = fake_slack.add_file("gone.txt", b"x")
    fake_slack.files.clear()
    deleted = {"id": "F1", "name": "old.txt", "mode": "tombstone"}
    nowhere = {"id": "F2", "name": "a.txt", "url_private_download": "http://127.0.0.1:9/a.txt"}
    nolink = {"id": "F3", "name": "b.txt", "url_private": "file:///etc/passwd"}
    files, notes = _read(fake_slack, [gone, deleted, nowhere, nolink])
    assert files == [] and len(notes) == 4
    assert "gone.txt" in notes[0] and "no longer" in notes[0]
    assert notes[1] == "skipped old.txt: it was deleted"
    assert notes[2].startswith("could not download a.txt")
    assert notes[3] == "skipped b.txt: Slack gave no download link for it"


def test_files_as_context_headers_each_file():
    context = files_as_context([SharedFile("a.txt", "text", 3, "abc"),
                                SharedFile("b.csv", "csv", 4, "x,y\n")])
    assert context == ("=== file: a.txt (text, 3 bytes) ===\nabc\n\n"
                       "=== file: b.csv (csv, 4 bytes) ===\nx,y\n")
    assert files_as_context([]) == ""
