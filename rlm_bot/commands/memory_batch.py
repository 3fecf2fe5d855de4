"""Bulk memory work in one process (the embedding model loads once):

    rlm-bot memory import FILE|-     JSON lines {"text": …, "kind"?, "workspace"?, "channel"?,
                                     "user"?, "visibility"?, "source"?, "confidence"?}
    rlm-bot memory search --jsonl    one query per stdin line: plain text, or a JSON object
                                     {"query": …, "workspace"?, "channel"?, "user"?, "dm"?,
                                     "visibility"?, "k"?, "mode"?, "kind"?, "include_docs"?}
                                     ranked as `memory search` ranks (the packaged guide apart
                                     unless asked for; a model's rewrite when one is configured)

An import is checked whole before anything is written: a bad line stops it with one line naming
the line number, and nothing is imported. A bad search line gets an error object; the rest go on.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, TextIO

from rlm_bot.commands.argtypes import MAX_COUNT
from rlm_bot.commands.inputs import open_input
from rlm_bot.commands.memory_scopes import default_visibility, search_scope
from rlm_bot.errors import RlmError, UsageError
from rlm_bot.memory.errors import MemoryStoreError
from rlm_bot.memory.printable import is_blank
from rlm_bot.memory.scope import Owner, Scope, check_kind
from rlm_bot.memory.writes import NewMemory
from rlm_bot.text import clean_text

IMPORT_FIELDS = frozenset({"text", "kind", "workspace", "channel", "user", "visibility", "source",
                           "confidence"})
SEARCH_FIELDS = frozenset({"query", "workspace", "channel", "user", "visibility", "dm", "k",
                           "limit", "mode", "kind", "include_docs"})
FIELD_TYPES: dict[str, tuple[type, ...]] = {"confidence": (int, float), "k": (int, float),
                                            "limit": (int, float), "dm": (bool,), "kind": (str, list),
                                            "include_docs": (bool,)}
MAX_LINE_CHARS = 200_000  # a longer line is a mistake (a document belongs in `add --document`)


class LineError(UsageError):
    """One input line cannot be used (exit 2, as other bad input); the message names it."""


def _object(line: str, number: int, fields: frozenset[str]) -> dict[str, Any]:
    if len(line) > MAX_LINE_CHARS:
        raise LineError(f"line {number}: longer than {MAX_LINE_CHARS} characters")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise LineError(f"line {number}: expected a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - fields)
    if unknown:
        raise LineError(f"line {number}: unknown field {', '.join(map(repr, unknown))}; "
                        f"use {', '.join(sorted(fields))}")
    for key, value in data.items():
        wanted = FIELD_TYPES.get(key, (str,))
        if key == "kind" and "query" not in fields:
            wanted = (str,)  # an import line has one kind; a search line may name several
        if (isinstance(value, bool) and bool not in wanted) or not isinstance(value, wanted):
            raise LineError(f"line {number}: field {key!r} has the wrong type ({type(value).__name__})")
    return data


def _numbered(stream: TextIO) -> Any:
    for number, raw in enumerate(stream, start=1):
        line = clean_text(raw.rstrip("\r\n"))
        if line.strip():
            yield number, line


def read_import(args: argparse.Namespace) -> list[tuple[int, Any]]:
    """Every line of the import as (line number, NewMemory), checked before the model loads."""
    stream = open_input(args.file, "a JSON-lines file", UsageError)
    items: list[tuple[int, Any]] = []
    try:
        for number, line in _numbered(stream):
            try:
                data = _object(line, number, IMPORT_FIELDS)
                if "text" not in data or is_blank(data["text"]):
                    raise LineError(f"line {number}: no text (empty, or only control characters)")
                confidence = float(data.get("confidence", args.confidence))
                if not (math.isfinite(confidence) and 0.0 <= confidence <= 1.0):
                    raise LineError(f"line {number}: confidence must be between 0 and 1")
                channel = data.get("channel", args.channel)
                owner = Owner(data.get("workspace", args.workspace), channel,
                              data.get("user", args.user),
                              default_visibility(channel, data.get("visibility", args.visibility)))
                kind = check_kind(data.get("kind", args.kind or "fact"))
                items.append((number, NewMemory(text=data["text"], owner=owner, kind=kind,
                                                source=data.get("source", args.source or "cli"),
                                                confidence=confidence)))
            except MemoryStoreError as exc:
                raise LineError(f"line {number}: {exc}") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    if not items:
        raise UsageError(f"nothing to import: {args.file} has no lines")
    return items


def import_lines(args: argparse.Namespace, store: Any, items: list[tuple[int, Any]]) -> int:
    """Write the checked lines in batches of --batch; print the counts (and ids with --json)."""
    for number, item in items:  # the store's own refusals (credentials, length) before any write
        try:
            store.check(item)
        except MemoryStoreError as exc:  # same class (exit 1), as `memory add` would refuse it
            raise type(exc)(f"line {number}: {exc}") from None
    results = []
    for start in range(0, len(items), args.batch):
        batch = [item for _, item in items[start:start + args.batch]]
        results.extend(store.add_many(batch, merge=not args.no_merge))
    merged = sum(r.merged for r in results)
    redacted = sum(bool(r.redacted) for r in results)
    if getattr(args, "json", False):
        print(json.dumps({"ok": True, "imported": len(results), "merged": merged,
                          "redacted": redacted, "ids": [r.id for r in results]}))
    else:
        print(f"imported {len(results)} line{'' if len(results) == 1 else 's'}: "
              f"{len(results) - merged} new, {merged} merged into near-duplicates, "
              f"{redacted} with secrets redacted")
    return 0


def _query(line: str, number: int, args: argparse.Namespace) -> dict[str, Any]:
    """One search line as keyword arguments: the flags, overridden by a JSON object's fields."""
    data = _object(line, number, SEARCH_FIELDS) if line.lstrip().startswith("{") else {"query": line}
    query = data.get("query")
    if not isinstance(query, str) or is_blank(query):
        raise LineError(f"line {number}: the query is empty")
    kinds = data.get("kind", args.kind)
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if kinds is not None and not all(isinstance(k, str) for k in kinds):
        raise LineError(f"line {number}: field 'kind' must be a kind or a list of kinds")
    k = data.get("k", data.get("limit", args.limit))
    if (isinstance(k, float) and not k.is_integer()) or not 1 <= k <= MAX_COUNT:
        raise LineError(f"line {number}: k must be a whole number from 1 to {MAX_COUNT:,}")
    visibility = data.get("visibility", args.visibility)
    return {"query": query, "workspace": data.get("workspace", args.workspace),
            "channel": data.get("channel", args.channel), "user": data.get("user", args.user),
            "is_dm": bool(data.get("dm", args.dm) or visibility == "dm"), "k": int(k),
            "mode": data.get("mode", args.mode), "kinds": tuple(kinds) if kinds else None,
            "include_docs": bool(data.get("include_docs", args.include_docs))}


def search_lines(args: argparse.Namespace, store: Any, rewriter: Any) -> int:
    """Answer each stdin line with one JSON line; exit 1 when any line failed."""
    failures = 0
    for number, line in _numbered(sys.stdin):
        try:
            q = _query(line, number, args)
            scope = search_scope(q["query"], Scope(q["workspace"], q["channel"], q["user"],
                                                   is_dm=q["is_dm"]), q["kinds"], q["include_docs"])
            found = rewriter.recall(store, q["query"], scope, k=q["k"], mode=q["mode"],
                                    kinds=q["kinds"])
            out = {"ok": True, "line": number, "query": q["query"],
                   "hits": [h.as_dict() for h in found.hits], "rewrite": found.note}
        except RlmError as exc:
            failures += 1
            message = str(exc) if str(exc).startswith(f"line {number}:") else f"line {number}: {exc}"
            out = {"ok": False, "line": number, "error": " ".join(message.split())}
        print(json.dumps(out, default=str), flush=True)
    return 1 if failures else 0
