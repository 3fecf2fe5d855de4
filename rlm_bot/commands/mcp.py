"""`rlm-bot mcp`: serve the Scheme orchestration sandbox over MCP on stdio."""

from __future__ import annotations

import argparse

HELP = "serve the Scheme sandbox over MCP on stdio"


def configure(parser: argparse.ArgumentParser) -> None:
    """No arguments beyond --json (ignored: MCP speaks JSON-RPC on stdio)."""
    parser.add_argument("--workspace", default=None,
                        help="checkpoint namespace (default: the local namespace)")


def run(args: argparse.Namespace, settings) -> int:
    """Serve until the client closes stdin."""
    from rlm_bot.mcp_server import build_server  # deferred: the MCP server loads when serving, not for --help

    server = build_server(settings, workspace=args.workspace)
    try:
        server.run(transport="stdio")
    finally:
        server.host.close()
    return 0
