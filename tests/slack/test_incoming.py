"""Slack's delivered text back to what the person typed (rlm_bot.slack.incoming.as_written)."""

from __future__ import annotations

import pytest

from rlm_bot.slack.incoming import as_written


@pytest.mark.parametrize(("delivered", "typed"), [
    ("if a &lt; b &amp;&amp; b &gt; c", "if a < b && b > c"),
    ("literal &amp;lt; stays an entity", "literal &lt; stays an entity"),
    ("<@UBOT> sum these", "sum these"),
    ("<@UBOT|rlm> sum these", "sum these"),
    ("ask <@U0ANA> or <@W0BEN|ben>", "ask @U0ANA or @W0BEN"),
    ("posted in <#C0OPS|ops> and <#C0DEV>", "posted in #ops and #C0DEV"),
    ("<!here> and <!channel> and <!subteam^S0X|@oncall>", "@here and @channel and @@oncall"),
    ("mail <mailto:ana@acme.io|ana@acme.io> or <mailto:ben@acme.io>", "mail ana@acme.io or ben@acme.io"),
    ("see <https://acme.io/a?b=1&amp;c=2|acme.io/a> and <https://x.dev/p>",
     "see acme.io/a and https://x.dev/p"),
    ("no markup at all", "no markup at all"),
])
def test_delivered_text_reads_as_typed(delivered: str, typed: str) -> None:
    assert as_written(delivered, bot_user_id="UBOT") == typed


def test_other_people_can_be_anonymised() -> None:
    assert as_written("<@UBOT> <@U0ANA> said 3 &gt; 2", bot_user_id="UBOT",
                      others="@someone") == "@someone said 3 > 2"
