"""`rlm-bot config`: print the effective settings, secrets masked."""

from __future__ import annotations

import argparse
import json

from rlm_bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    """No arguments beyond --json."""


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print every setting, with secrets shown only as "set"."""
    data = settings.to_dict(masked=True)
    if args.json:
        print(json.dumps(data, indent=2, sort_keys=True))
        return 0
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                print(f"{key}.{sub} = {_show(subvalue)}")
        else:
            print(f"{key} = {_show(value)}")
    return 0


def _show(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return "(unset)" if value in (None, "") else str(value)
