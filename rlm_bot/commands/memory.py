"""`rlm-bot memory add|import|search|list|forget|upkeep`: the bot's long-term memory from the shell.

Scope flags say whose memory it is (add) or who is asking (search):
--workspace W --channel C --user U --visibility dm|channel|workspace|global. A search sees what
that requester would see in Slack; `--visibility dm` (or `--dm`) searches as in a DM with the bot.
A search ranks as enrichment does (pipeline/enrich/memory_recall.py): the packaged guide is left out unless the
query is about orchestration programs or `--include-docs` / `--kind document` asks for it, and with
a model configured an unsure search also tries the cheapest model's rewrite (`--no-expand`: never).
Bulk work loads the embedding model once: `import FILE|-` (JSON lines) and `search --jsonl`
(see memory_batch.py); `add --document` stores a long text as chunks.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rlm_bot.commands import memory_batch
from rlm_bot.commands.argtypes import fraction, non_negative_int, positive_int
from rlm_bot.commands.memory_scopes import default_visibility, search_scope
from rlm_bot.config import Settings
from rlm_bot.errors import UsageError
from rlm_bot.memory.printable import is_blank
from rlm_bot.memory.scope import Owner, Scope

if TYPE_CHECKING:  # annotations only: command modules load no third-party package (cli.py)
    from rlm_bot.llm import LLMClient, UsageLedger

KINDS = ("fact", "preference", "experience", "conversation", "document")
VISIBILITIES = ("dm", "channel", "workspace", "global")
MODES = ("hybrid", "vector", "keyword")
PREVIEW_CHARS = 100


def _scope_flags(parser: argparse.ArgumentParser, *, visibility_help: str) -> None:
    parser.add_argument("--workspace", default="local", help="workspace id (default: local)")
    parser.add_argument("--channel", default="cli", help="channel id (default: cli)")
    parser.add_argument("--user", default="local", help="user id (default: local)")
    parser.add_argument("--visibility", choices=VISIBILITIES, help=visibility_help)
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")


def _write_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=KINDS, default=None, help="default: fact")
    parser.add_argument("--source", default=None, help="where the memory comes from (default: cli)")
    parser.add_argument("--confidence", type=fraction, default=1.0, help="0..1 (default 1)")
    parser.add_argument("--no-merge", action="store_true", help="never merge into a near-duplicate")
    _scope_flags(parser, visibility_help="who may see it (default: channel when --channel is "
                                         "given, else workspace)")


def configure(parser: argparse.ArgumentParser) -> None:
    """Sub-commands add, import, search, list, forget, upkeep."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    add = sub.add_parser("add", help="remember TEXT (or - for stdin)")
    add.add_argument("text", help="what to remember, or - to read stdin")
    add.add_argument("--document", action="store_true",
                     help="a long text: store it as chunks (kind document); re-adding the same "
                          "--source replaces its chunks")
    _write_flags(add)
    imp = sub.add_parser("import", help="remember every line of FILE (or - for stdin), JSON lines "
                                        "with text and optional kind/workspace/channel/user/"
                                        "visibility/source/confidence; the flags give defaults")
    imp.add_argument("file", help="JSON-lines file, or - to read stdin")
    imp.add_argument("--batch", type=positive_int, default=64,
                     help="lines embedded and written per batch (default 64)")
    _write_flags(imp)
    search = sub.add_parser(
        "search", help="memories matching QUERY, as the requester would see them",
        description="Memories matching QUERY, ranked the way enrichment ranks them for the bot's "
                    "answers. The packaged guide (the Scheme / RLM documentation shipped as global "
                    "document memories) is left out, as enrichment leaves it out of a team's "
                    "questions, unless the query is about orchestration programs, or --include-docs "
                    "or --kind document asks for it. With a model configured (and RLM_MEMORY_EXPAND "
                    "on), a search whose offline match is unsure also searches the cheapest "
                    "model's rewrite of the query; that call is recorded in the usage table.")
    search.add_argument("query", nargs="?", help="the text to look for (omit with --jsonl)")
    search.add_argument("--jsonl", action="store_true",
                        help="one query per stdin line (text, or a JSON object with query and "
                             "scope fields); one JSON result per line")
    search.add_argument("-k", "--limit", type=positive_int, default=5, help="how many (default 5)")
    search.add_argument("--mode", choices=MODES, default="hybrid")
    search.add_argument("--kind", choices=KINDS, action="append", help="only these kinds")
    search.add_argument("--dm", action="store_true", help="search as in a DM with the bot")
    search.add_argument("--include-docs", action="store_true",
                        help="also search the packaged guide (global seed documents), which is "
                             "otherwise left out unless the query is about orchestration programs")
    search.add_argument("--no-expand", action="store_true",
                        help="never ask a model to rewrite the query (offline search only)")
    _scope_flags(search, visibility_help="dm: search as in a DM with the bot")
    listing = sub.add_parser("list", help="stored memories (an operator's view), newest first")
    listing.add_argument("--kind", choices=KINDS)
    listing.add_argument("--limit", type=positive_int, default=50)
    listing.add_argument("--offset", type=non_negative_int, default=0)
    _scope_flags(listing, visibility_help="only this visibility")
    for action in listing._actions:  # list filters only on what is given explicitly
        if action.dest in ("workspace", "channel", "user"):
            action.default = None
            action.help = f"only this {action.dest}"
    forget = sub.add_parser("forget", help="delete memories by id, by --query, or --all of --user")
    forget.add_argument("ids", nargs="*", help="memory ids")
    forget.add_argument("--query", help="delete memories close to this text (in the given scope)")
    forget.add_argument("--min-similarity", type=fraction, default=0.75)
    forget.add_argument("--all", action="store_true", help="every memory of --user in --workspace")
    forget.add_argument("--dm", action="store_true", help="the --query scope is a DM")
    _scope_flags(forget, visibility_help="dm: the --query scope is a DM")
    for action in forget._actions:  # --all must name its user explicitly
        if action.dest == "user":
            action.default = None
    upkeep = sub.add_parser("upkeep", help="decay unused memories and consolidate experiences")
    upkeep.add_argument("--prune-below", type=fraction, default=None,
                        help="delete memories whose decayed confidence is below this")
    upkeep.add_argument("--workspace", default=None)
    upkeep.add_argument("--json", action="store_true", default=argparse.SUPPRESS)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch to the chosen action."""
    action = getattr(args, "action", None)
    if not action:
        raise UsageError("name an action: rlm-bot memory add|import|search|list|forget|upkeep")
    _check(args)  # before the store (and its embedding model) loads, which takes seconds
    items = memory_batch.read_import(args) if action == "import" else None
    # deferred: the store loads SQLAlchemy and Chroma, after the arguments are checked
    from rlm_bot.memory.store import open_memory

    store = open_memory(settings)
    if action == "import":
        return memory_batch.import_lines(args, store, items)
    if action == "search":
        rewriter = Rewriter.open(settings, enabled=not args.no_expand, db=store.db)
        try:
            if args.jsonl:
                return memory_batch.search_lines(args, store, rewriter)
            return _search(args, store, rewriter)
        finally:
            rewriter.close()
    return {"add": _add, "list": _list, "forget": _forget, "upkeep": _upkeep}[action](args, store)


def _check(args: argparse.Namespace) -> None:
    """Refuse empty or contradictory arguments at once; `add -` reads standard input here."""
    if args.action == "add":
        if args.text == "-":
            args.text = sys.stdin.read()
        if is_blank(args.text):
            raise UsageError("nothing to remember: the text is empty (control characters such as "
                             "NUL bytes do not count); give readable text")
        if args.document and args.kind not in (None, "document"):
            raise UsageError("--document stores chunks of kind document; drop --kind")
    elif args.action == "search" and args.jsonl:
        if args.query not in (None, "-"):
            raise UsageError("--jsonl reads queries from standard input; do not pass QUERY as well")
    elif args.action == "search" and (args.query is None or is_blank(args.query)):
        raise UsageError("the search query is empty; give the text to look for (or use --jsonl)")
    elif args.action == "forget":
        if args.query is not None and not args.query.strip():
            raise UsageError("--query is empty; give the text of the memories to forget")
        if sum(bool(x) for x in (args.ids, args.query, args.all)) != 1:
            raise UsageError("forget takes memory ids, or --query TEXT, or --all (with --user)")
        if args.all and not args.user:
            raise UsageError("forget --all needs --user U (and --workspace W)")


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> int:
    if getattr(args, "json", False):
        print(json.dumps({"ok": True, **data}, default=str))
    else:
        for line in lines:
            print(line)
    return 0


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def _add(args: argparse.Namespace, store: Any) -> int:
    text = args.text  # standard input already read by _check
    visibility = default_visibility(args.channel, args.visibility)
    owner = Owner(args.workspace, args.channel, args.user, visibility)
    if args.document:
        return _add_document(args, store, owner)
    kind = args.kind or "fact"
    result = store.add(text, owner=owner, kind=kind, source=args.source or "cli",
                       confidence=args.confidence, merge=not args.no_merge)
    verb = "merged into" if result.merged else "remembered as"
    lines = [f"{verb} {result.id} ({kind}, {visibility})"]
    if result.redacted:
        lines.append(f"redacted: {', '.join(result.redacted)}")
    return _emit(args, {"id": result.id, "merged": result.merged, "visibility": visibility,
                        "redacted": list(result.redacted)}, lines)


def _add_document(args: argparse.Namespace, store: Any, owner: Any) -> int:
    from rlm_bot.memory.store import content_hash  # deferred with the store (see run)

    # Without --source, the text's own hash names it: the same document re-added replaces itself,
    # two different documents never replace each other.
    source = args.source or f"cli-doc-{content_hash(args.text)[:12]}"
    results = store.add_document(args.text, owner=owner, source=source)
    redacted = sorted({name for r in results for name in r.redacted})
    lines = [f"remembered {len(results)} document chunk{'' if len(results) == 1 else 's'} "
             f"as source {source} ({owner.visibility})", *(r.id for r in results)]
    if redacted:
        lines.append(f"redacted: {', '.join(redacted)}")
    return _emit(args, {"ids": [r.id for r in results], "source": source,
                        "visibility": owner.visibility, "redacted": redacted}, lines)


def _requester(args: argparse.Namespace) -> Any:
    is_dm = bool(getattr(args, "dm", False) or args.visibility == "dm")
    return Scope(args.workspace, args.channel, args.user, is_dm=is_dm)


class Rewriter:
    """The model a search may ask for a rewrite (None: offline), and the ledger of its calls."""

    def __init__(self, llm: LLMClient | None = None, alias: str | None = None,
                 ledger: UsageLedger | None = None) -> None:
        self.llm, self.alias, self.ledger = llm, alias, ledger

    @classmethod
    def open(cls, settings: Settings, *, enabled: bool, db: Any) -> Rewriter:
        """The cheapest cascade model when one is configured and rewrites are on."""
        # deferred, as below: the pipeline and the model client load only for a search
        from rlm_bot.pipeline.pipeline import model_configured

        if not (enabled and settings.memory.expand_queries and model_configured(settings)):
            return cls()
        # deferred: the model client (asyncio, ssl, ~15 modules), only for a search
        from rlm_bot.llm import LLMClient
        from rlm_bot.llm.ledger import UsageLedger

        ledger = UsageLedger(db)
        return cls(LLMClient(settings.llm, on_call=ledger.record), settings.routing.cascade_order[0],
                   ledger)

    def recall(self, store: Any, query: str, scope: Any, **kwargs: Any) -> Any:
        """`pipeline.enrich.recall` with this model."""
        from rlm_bot.pipeline.enrich import recall  # deferred: loaded only for a search

        return recall(store, query, scope, llm=self.llm, alias=self.alias, **kwargs)

    def close(self) -> None:
        """Write the usage rows and close the client."""
        if self.llm is not None:
            self.llm.close()
        if self.ledger is not None:
            self.ledger.flush()
            self.ledger.close()


def _search(args: argparse.Namespace, store: Any, rewriter: Rewriter) -> int:
    kinds = tuple(args.kind) if args.kind else None
    scope = search_scope(args.query, _requester(args), kinds, args.include_docs)
    found = rewriter.recall(store, args.query, scope, k=args.limit, mode=args.mode, kinds=kinds)
    hits = found.hits
    lines = [f"{i}. [{h.score:.4f}] ({h.record.kind}, {h.record.visibility}) "
             f"{_preview(h.record.text)}  id={h.record.id}" for i, h in enumerate(hits, 1)]
    if rewriter.llm is not None:
        lines.append(f"({found.note})")
    return _emit(args, {"hits": [h.as_dict() for h in hits], "rewrite": found.note,
                        "expansions": list(found.expansion.texts) if found.expansion else [],
                        "packaged_guide": scope.include_global},
                 lines if hits else ["no memories match", *lines])


def _list(args: argparse.Namespace, store: Any) -> int:
    records = store.list(workspace=args.workspace, channel=args.channel, user=args.user,
                         visibility=args.visibility, kind=args.kind, limit=args.limit,
                         offset=args.offset)
    lines = [f"{r.id}  {r.created_at:%Y-%m-%d %H:%M}  {r.kind:<12} {r.visibility:<9} "
             f"{r.workspace}/{r.channel}/{r.user}  conf={r.confidence:.2f}  {_preview(r.text)}"
             for r in records]
    return _emit(args, {"memories": [r.as_dict() for r in records]}, lines or ["no memories"])


def _forget(args: argparse.Namespace, store: Any) -> int:
    if args.ids:
        gone = store.forget(args.ids)
        missing = sorted(set(args.ids) - set(gone))
    elif args.query:
        args.user = args.user or "local"
        gone = store.forget_matching(args.query, _requester(args), min_similarity=args.min_similarity)
        missing = []
    else:
        gone = store.forget_user(args.workspace, args.user)
        missing = []
    lines = [f"forgot {len(gone)} memor{'y' if len(gone) == 1 else 'ies'}", *gone]
    if missing:
        lines.append(f"not found: {', '.join(missing)}")
    return _emit(args, {"forgotten": gone, "missing": missing}, lines)


def _upkeep(args: argparse.Namespace, store: Any) -> int:
    decay = store.decay(prune_below=args.prune_below)
    merged = store.consolidate(workspace=args.workspace)
    lines = [f"decay: {decay['updated']} updated, {decay['pruned']} pruned of {decay['checked']}",
             f"consolidation: {merged['groups']} groups, {merged['removed']} experiences merged"]
    return _emit(args, {"decay": decay, "consolidation": merged}, lines)
