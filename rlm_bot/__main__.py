"""`python -m rlm_bot` runs the `rlm-bot` command."""

from rlm_bot.cli import main

raise SystemExit(main())
