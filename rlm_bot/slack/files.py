"""Files shared with a mention or DM: checked, downloaded with the bot token, read as context.

Each Slack file object is checked before any byte is fetched (its type against `file_types`, its
declared size against `max_file_bytes`), then downloaded from `url_private_download` with the bot
token, capped at `max_file_bytes` whatever the server claims. Text is decoded as UTF-8 (BOM-aware,
undecodable bytes replaced); PDFs are read page by page with pypdf. A file that cannot be used
becomes a short note for the user instead of an error; the token never appears in one.
"""

from __future__ import annotations

import codecs
import io
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from rlm_bot.config import SlackSettings
from rlm_bot.errors import RlmError

CHUNK_BYTES = 64 * 1024
HTML_TYPES = ("html", "htm")
# Slack file modes without bytes to read: deleted files, and files hidden by a free plan's limit.
UNREADABLE_MODES = {"tombstone": "it was deleted",
                    "hidden_by_limit": "it is hidden by the workspace's plan"}
# Byte order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class SharedFile:
    """One shared file read as text: its name, Slack filetype, bytes downloaded and text."""

    name: str
    filetype: str
    size: int
    text: str


class FileError(RlmError):
    """A shared file cannot be used; the message names the file, the reason and the limit."""


def read_shared_files(files: list[dict[str, Any]], *, token: str, settings: SlackSettings,
                      timeout: float = 30.0) -> tuple[list[SharedFile], list[str]]:
    """Read every usable file of a message; the others become friendly notes (second list)."""
    read: list[SharedFile] = []
    notes: list[str] = []
    for file in files:
        try:
            read.append(read_shared_file(file, token=token, settings=settings, timeout=timeout))
        except FileError as exc:
            notes.append(str(exc))
    return read, notes


def read_shared_file(file: dict[str, Any], *, token: str, settings: SlackSettings,
                     timeout: float = 30.0) -> SharedFile:
    """Check, download and read one Slack file object; raises FileError with a friendly message."""
    name = str(file.get("name") or file.get("title") or file.get("id") or "a file")
    kind = file_kind(file)
    _check(file, name, kind, settings)
    data, content_type, redirected = _download(file, name, token, settings.max_file_bytes, timeout)
    if content_type.startswith("text/html") and (kind not in HTML_TYPES or redirected):
        raise FileError(f"could not read {name}: Slack answered with its sign-in page instead of "
                        "the file, so the bot token lacks the `files:read` scope; add it in the "
                        "app's OAuth & Permissions page and reinstall the app")
    if kind == "pdf" or data.startswith(b"%PDF-"):
        text = _pdf_text(name, data)
    else:
        text = decode_text(data)
    if not text.strip():
        raise FileError(f"skipped {name}: it holds no text")
    return SharedFile(name=name, filetype=str(file.get("filetype") or kind), size=len(data),
                      text=text)


def files_as_context(files: list[SharedFile]) -> str:
    """All files as one text, each under a `=== file: name (type, N bytes) ===` line; never cut."""
    parts = []
    for shared in files:
        body = shared.text if shared.text.endswith("\n") else shared.text + "\n"
        header = f"=== file: {shared.name} ({shared.filetype}, {shared.size} bytes) ==="
        parts.append(f"{header}\n{body}")
    return "\n".join(parts)


def file_kind(file: dict[str, Any]) -> str:
    """The type a file is judged by: its name's extension, else Slack's filetype (lower case)."""
    name = str(file.get("name") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    if extension and extension.isalnum() and len(extension) <= 10:
        return extension
    return str(file.get("filetype") or "").lower()


def decode_text(data: bytes) -> str:
    """Bytes as text: a BOM picks the encoding, else UTF-8; bad bytes replaced, NULs dropped."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace").replace("\x00", "")
    return data.decode("utf-8", errors="replace").replace("\x00", "")


def _check(file: dict[str, Any], name: str, kind: str, settings: SlackSettings) -> None:
    accepted = ", ".join(settings.file_types)
    if kind not in settings.file_types:
        what = f".{kind} files" if kind else "files without a type"
        raise FileError(f"skipped {name}: {what} are not read (accepted: {accepted})")
    reason = UNREADABLE_MODES.get(str(file.get("mode") or ""))
    if reason:
        raise FileError(f"skipped {name}: {reason}")
    if file.get("is_external"):
        raise FileError(f"skipped {name}: it is a link to an external file; upload the file itself")
    size = file.get("size")
    if isinstance(size, int) and size > settings.max_file_bytes:
        raise FileError(f"skipped {name}: it is {_human(size)}, over the "
                        f"{_human(settings.max_file_bytes)} limit for shared files")


def _download(file: dict[str, Any], name: str, token: str, max_bytes: int,
              timeout: float) -> tuple[bytes, str, bool]:
    """The file's bytes (at most max_bytes), its content type, and whether it was redirected."""
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if urlsplit(url).scheme not in ("https", "http"):
        raise FileError(f"skipped {name}: Slack gave no download link for it")
    request = urllib.request.Request(url, method="GET")
    # Unredirected: the token goes to the URL Slack gave, never to wherever it redirects.
    request.add_unredirected_header("Authorization", f"Bearer {token}")
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(name, max_bytes)
            data = _read_capped(response, name, max_bytes, deadline)
            content_type = (response.headers.get_content_type() or "").lower()
            return data, content_type, response.geturl() != url
    except urllib.error.HTTPError as exc:
        raise FileError(_http_note(name, exc.code)) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise FileError(f"could not download {name} ({reason}); try sharing it again") from None


def _read_capped(response: Any, name: str, max_bytes: int, deadline: float) -> bytes:
    buffer = bytearray()
    while chunk := response.read(CHUNK_BYTES):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise _too_big(name, max_bytes)
        if time.monotonic() > deadline:
            raise FileError(f"could not download {name}: it took too long; try a smaller file")
    return bytes(buffer)


def _too_big(name: str, max_bytes: int) -> FileError:
    return FileError(f"refused {name}: it is larger than the {_human(max_bytes)} limit for "
                     "shared files")


def _http_note(name: str, status: int) -> str:
    if status in (401, 403):
        return (f"could not read {name}: Slack refused the download (HTTP {status}); the bot "
                "token needs the `files:read` scope")
    if status == 404:
        return f"could not read {name}: Slack no longer has it (deleted?)"
    return f"could not download {name}: Slack answered HTTP {status}; try again later"


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader  # imported where used: only PDFs need it

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileError(f"skipped {name}: the PDF is password-protected; share it unlocked")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except FileError:
        raise
    except Exception as exc:  # pypdf raises many types on a damaged file
        raise FileError(f"could not read {name}: it is not a readable PDF "
                        f"({type(exc).__name__})") from None
    if not any(pages):
        raise FileError(f"found no text in {name} (a scan? its pages may be images); paste the "
                        "text or share a text version")
    return "\n".join(f"--- page {n} ---\n{text}" for n, text in enumerate(pages, 1))


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if size >= 1024:
        return f"{size / 1024:.1f} KB".replace(".0 KB", " KB")
    return f"{size} bytes"
