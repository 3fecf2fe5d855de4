"""Slack formatting: Markdown → mrkdwn, neutralisation, splitting, file plan, markdown blocks."""

from __future__ import annotations

import random
import re
import time

import pytest

from rlm_bot.errors import RlmError
from rlm_bot.slack.format import (
    MAX_BLOCKS,
    RULE,
    SplitError,
    long_answer_plan,
    markdown_block_chunks,
    neutralize,
    split_for_stream,
    split_message,
    summary_for_file,
    to_block_markdown,
    to_mrkdwn,
)

AT = "\uff20"  # the inert, full-width at sign

CONVERSIONS = [
    ("**bold**", "*bold*"),
    ("__bold__", "*bold*"),
    ("*italic*", "_italic_"),
    ("_italic_", "_italic_"),
    ("~~strike~~", "~strike~"),
    ("***both***", "*_both_*"),
    ("a **bold** and *it* word", "a *bold* and _it_ word"),
    ("2*3*4 = 24", "2*3*4 = 24"),
    ("call __init__ first", "call __init__ first"),
    ("[docs](https://example.com/a?b=1&c=2)", "<https://example.com/a?b=1&amp;c=2|docs>"),
    ("[mail me](mailto:bob@example.com)", "<mailto:bob@example.com|mail me>"),
    ("[**Bold** label](https://example.com)", "<https://example.com|Bold label>"),
    ("[a](https://en.wikipedia.org/wiki/Foo_(bar))", "<https://en.wikipedia.org/wiki/Foo_(bar)|a>"),
    ("![chart](https://example.com/c.png)", "<https://example.com/c.png|chart>"),
    ("<https://example.com>", "<https://example.com>"),
    ("[README.md](https://github.com/o/r/blob/main/README.md)",
     "<https://github.com/o/r/blob/main/README.md|README.md>"),
    ("[python.org](https://docs.python.org/3/)", "<https://docs.python.org/3/|python.org>"),
    ("[x](javascript:alert(1))", "x (javascript:alert(1))"),
    ("[x](ftp://files.example.com/a)", "x (ftp://files.example.com/a)"),
    ("# Title", "*Title*"),
    ("## **Bold** title ##", "*Bold title*"),
    ("Title\n=====", "*Title*"),
    ("intro\n\n### Steps\nfirst", "intro\n\n*Steps*\nfirst"),
    ("- a\n  - b\n    - c\n* d\n+ e", "• a\n  • b\n    • c\n• d\n• e"),
    ("- [ ] todo\n- [x] done", "• ☐ todo\n• ☑ done"),
    ("1. one\n2. **two**\n10) ten", "1. one\n2. *two*\n10. ten"),
    ("> quote **b**\n> > nested", "> quote *b*\n> nested"),
    ("---", RULE),
    ("* * *", RULE),
    ("above\n\n___\n\nbelow", f"above\n\n{RULE}\n\nbelow"),
    ("```python\nx = 1 < 2 and **y**\n```", "```\nx = 1 &lt; 2 and **y**\n```"),
    ("```\n  indented\n\n  kept\n```", "```\n  indented\n\n  kept\n```"),
    ("~~~\ncode with ``` inside\n~~~", "```\ncode with ``\u2060` inside\n```"),
    ("`a < b` and `**x**` and ``a`b``", "`a &lt; b` and `**x**` and `a`b`"),
    ("`` ``` `` fence", "`\u0060\u0060\u2060\u0060` fence"),
    ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
    ("AT&amp;T &copy; 2024", "AT&amp;T © 2024"),
    ("\\*not italic\\*", "*not italic*"),
    ("| Name | Qty |\n|:--|--:|\n| Apple | 3 |\n| **Kiwi** | 12 |",
     "```\nName  | Qty\n------+----\nApple |   3\nKiwi  |  12\n```"),
    ("| a | b |\n|---|---|\n| [l](https://x.io) | <b> |",
     "```\na                | b\n-----------------+----\nl (https://x.io) | &lt;b&gt;\n```"),
    ("| 名前 | n |\n|---|---|\n| 東京 | 1 |", "```\n名前 | n\n-----+--\n東京 | 1\n```"),
]


@pytest.mark.parametrize(("markdown", "expected"), CONVERSIONS)
def test_to_mrkdwn_converts(markdown: str, expected: str) -> None:
    assert to_mrkdwn(markdown) == expected


@pytest.mark.parametrize(("markdown", "expected"), CONVERSIONS)
def test_to_mrkdwn_output_is_a_fixed_point_of_neutralize(markdown: str, expected: str) -> None:
    assert neutralize(to_mrkdwn(markdown)) == to_mrkdwn(markdown)


NEUTRALISED = [
    ("<!channel>", f"{AT}channel"),
    ("<!here>", f"{AT}here"),
    ("<!here|here>", f"{AT}here"),
    ("<!everyone>", f"{AT}everyone"),
    ("<!channel|click me>", f"{AT}channel"),
    ("<@U0123ABC>", f"{AT}U0123ABC"),
    ("<@U0123ABC|alice>", f"{AT}alice"),
    ("<@W0123ABC>", f"{AT}W0123ABC"),
    ("<!subteam^S1>", f"{AT}S1"),
    ("<!subteam^S123|@team>", f"{AT}team"),
    ("<#C123|general>", "#general"),
    ("<#C123>", "#C123"),
    ("<!date^1392734382^{date} at {time}|Feb 18, 2014>", "Feb 18, 2014"),
    ("<!date^1392734382^{date}>", "2014-02-18 14:39 UTC"),
    ("hey @here, @channel and @Everyone!", f"hey {AT}here, {AT}channel and {AT}Everyone!"),
    ("mail bob@here.com about @heres", "mail bob@here.com about @heres"),
    ("<https://example.com|docs>", "<https://example.com|docs>"),
    ("<https://example.com/?a=1&amp;b=2>", "<https://example.com/?a=1&amp;b=2>"),
    ("<https://evil.com|https://good.com>", "<https://evil.com>"),
    ("<https://evil.com|good.com>", "<https://evil.com>"),
    ("<https://evil.com|www.good.org/login>", "<https://evil.com>"),
    ("<mailto:eve@evil.com|bob@good.com>", "<mailto:eve@evil.com>"),
    ("<https://docs.good.com/x|good.com>", "<https://docs.good.com/x|good.com>"),
    ("<https://x.com|@here>", f"<https://x.com|{AT}here>"),
    ("<javascript:alert(1)|click>", "click (javascript:alert(1))"),
    ("<slack://open|open>", "open (slack://open)"),
    ("<@U1|<!here>>", f"&lt;@U1|{AT}here&gt;"),
    ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"),
    ("&lt;!here&gt; stays", "&lt;!here&gt; stays"),
    ("> a quote\n>>> rest", "> a quote\n>>> rest"),
    ("`<!here>`", "`&lt;!here&gt;`"),
    ("```\n<!here> @here <@U1>\n```", "```\n&lt;!here&gt; @here &lt;@U1&gt;\n```"),
]


@pytest.mark.parametrize(("text", "expected"), NEUTRALISED)
def test_neutralize_makes_slack_syntax_inert(text: str, expected: str) -> None:
    assert neutralize(text) == expected
    assert neutralize(expected) == expected


INJECTIONS = [
    "<!channel>", "<!here|here>", "<!everyone>", "<@U0123ABC>", "<!subteam^S1>", "<#C1|x>",
    "<!channel|@channel> please", "<<!here>>", "<!here\n>", "@here", "@channel", "@everyone",
    "[<!here>](https://x.com)", "[click](<!here>)", "**<!channel>**", "- <@U1> item",
    "# <!here>", "> <!everyone>", "| <!here> | x |\n|---|---|\n| <@U1> | y |",
    "```\n<!here>\n```", "`<!channel>`", "&lt;!here&gt;<!here>",
]
_PING = re.compile(r"<[!@#]|(?<![\w@\uff20])@(?i:here|channel|everyone)\b")


def _prose(mrkdwn: str) -> str:
    return re.sub(r"```.*?```|`[^`\n]+`", "", mrkdwn, flags=re.S)


@pytest.mark.parametrize("text", INJECTIONS)
def test_injections_never_ping_in_mrkdwn(text: str) -> None:
    for out in (to_mrkdwn(text), neutralize(text)):
        assert not re.search(r"<[!@#]", out), out
        assert not _PING.search(_prose(out)), out


@pytest.mark.parametrize("text", INJECTIONS)
def test_injections_never_ping_in_markdown_blocks(text: str) -> None:
    for block in markdown_block_chunks(text):
        assert not re.search(r"<[!@#]", block["text"]), block
        assert not _PING.search(_prose(block["text"])), block


@pytest.mark.parametrize(("markdown", "expected"), [
    ("[https://good.com](https://evil.com)", "<https://evil.com>"),
    ("[good.com/login](https://evil.example/login)", "<https://evil.example/login>"),
    ("[bob@good.com](mailto:eve@evil.com)", "<mailto:eve@evil.com>"),
    ("[https://good.com](https://good.com/path)", "<https://good.com/path|https://good.com>"),
])
def test_to_mrkdwn_shows_the_real_target_of_a_disguised_link(markdown: str, expected: str) -> None:
    assert to_mrkdwn(markdown) == expected


BLOCK_MARKDOWN = [
    ("**bold** and [docs](https://example.com)", "**bold** and [docs](https://example.com)"),
    ("# Title\n\n- item", "# Title\n\n- item"),
    ("<!here> look", f"{AT}here look"),
    ("<https://example.com|docs>", "[docs](https://example.com)"),
    ("[https://good.com](https://evil.com)", "<https://evil.com>"),
    ("[x](javascript:alert(1))", "x (javascript:alert(1))"),
    ("a < b & c", "a < b & c"),
    ("---", RULE),
    ("```python\nprint('<!here>')\n```", "```\nprint('<\u2060!here>')\n```"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "```\na | b\n--+--\n1 | 2\n```"),
]


@pytest.mark.parametrize(("markdown", "expected"), BLOCK_MARKDOWN)
def test_to_block_markdown_keeps_markdown_and_drops_what_the_block_lacks(
        markdown: str, expected: str) -> None:
    assert to_block_markdown(markdown) == expected


def test_markdown_block_chunks_are_blocks_within_limits() -> None:
    text = "\n\n".join(f"Paragraph {i}: " + "word " * 300 for i in range(100))
    blocks = markdown_block_chunks(text, limit=2000)
    assert len(blocks) == MAX_BLOCKS
    assert all(b["type"] == "markdown" and 0 < len(b["text"]) <= 2000 for b in blocks)
    assert "left out" in blocks[-1]["text"]
    small = markdown_block_chunks("| a | b |\n|---|---|\n| 1 | 2 |")
    assert small == [{"type": "markdown", "text": "```\na | b\n--+--\n1 | 2\n```"}]


# --- splitting -------------------------------------------------------------------------------

WORDS = ("alpha", "beta", "gamma", "delta", "*bold*", "_it_", "&amp;", "&lt;x&gt;",
         "<https://example.com/a?b=1&amp;c=2|a link with spaces>", f"{AT}here", "`code`")


def _paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _code(rng: random.Random, lines: int) -> str:
    body = "\n".join(f"    line {i} = {_paragraph(rng, rng.randint(1, 12))}" for i in range(lines))
    return "```\n" + body + "\n```"


def _document(seed: int) -> str:
    rng = random.Random(seed)
    chunks = []
    for _ in range(rng.randint(5, 40)):
        kind = rng.random()
        if kind < 0.2:
            chunks.append(_code(rng, rng.randint(1, 250)))
        elif kind < 0.25:
            chunks.append("w" * 10_000)
        elif kind < 0.35:
            chunks.append("\n".join(_paragraph(rng, rng.randint(1, 20)) for _ in range(40)))
        else:
            chunks.append(_paragraph(rng, rng.randint(1, 600)))
    return "\n\n".join(chunks)


def _content(text: str) -> str:
    return re.sub(r"\s+|```", "", text)


def _check_parts(text: str, parts: list[str], limit: int) -> None:
    assert parts, "no parts"
    for part in parts:
        assert part.strip(), "an empty part"
        assert len(part) <= limit, (len(part), limit)
        assert part.count("```") % 2 == 0, part
        assert "```\n```" not in part, part
    assert _content("".join(parts)) == _content(text)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("limit", [3900, 1000, 120])
def test_split_message_parts_fit_are_balanced_and_lose_nothing(seed: int, limit: int) -> None:
    text = _document(seed)
    _check_parts(text, split_message(text, limit), limit)


@pytest.mark.parametrize("seed", range(6))
def test_split_for_stream_chunks_join_back_exactly(seed: int) -> None:
    text = _document(seed)
    for limit in (12_000, 500):
        chunks = split_for_stream(text, limit)
        assert "".join(chunks) == text
        assert all(0 < len(chunk) <= limit for chunk in chunks)
    assert split_for_stream(text) == split_for_stream(text, 12_000)


def test_split_message_closes_and_reopens_a_long_code_block() -> None:
    code = "```\n" + "\n".join(f"value_{i} = {i} * 2" for i in range(400)) + "\n```"
    assert len(code) > 5_000
    parts = split_message("Here is the code:\n\n" + code + "\n\nThat is all.", 3900)
    _check_parts("Here is the code:\n\n" + code + "\n\nThat is all.", parts, 3900)
    assert parts[0].endswith("\n```") and parts[1].startswith("```\n")
    assert all(line.startswith("value_") or line == "```" for line in parts[1].splitlines())


def test_split_message_never_ends_a_part_on_an_opening_fence() -> None:
    prose = ("word " * 778).strip()  # 3,889 characters: the fence line after it still fits
    code = "```\n" + "\n".join(f"code line {i}" for i in range(300)) + "\n```"
    parts = split_message(prose + "\n" + code, 3900)
    _check_parts(prose + "\n" + code, parts, 3900)
    assert parts[0] == prose
    assert parts[1].startswith("```\ncode line 0\n")


def test_split_message_cuts_a_10000_character_word() -> None:
    word = "x" * 10_000
    parts = split_message(word, 3900)
    assert [len(p) for p in parts] == [3900, 3900, 2200]
    assert "".join(parts) == word


def test_split_message_prefers_paragraphs_then_lines_then_words() -> None:
    first, second = "a " * 1000, "b " * 1000
    parts = split_message(first.strip() + "\n\n" + second.strip() + "\n" + "c " * 500, 3900)
    assert parts[0] == first.strip()
    lines = "\n".join(f"line {i:03d} " + "z" * 90 for i in range(100))
    for part in split_message(lines, 1000):
        assert all(re.fullmatch(r"line \d{3} z{90}", line) for line in part.splitlines())
    words = " ".join(f"w{i:04d}" for i in range(2000))
    for part in split_message(words, 1000):
        assert all(re.fullmatch(r"w\d{4}", w) for w in part.split())


def test_split_message_never_cuts_a_link_or_an_entity() -> None:
    links = " ".join(f"<https://example.com/{i}|label number {i}>" for i in range(400))
    for part in split_message(links, 500):
        assert part.count("<") == part.count(">")
    entities = "&amp;" * 3000
    assert all(part.replace("&amp;", "") == "" for part in split_message(entities, 1000))


def test_split_message_closes_a_fence_the_text_left_open() -> None:
    text = "start\n```\n" + "\n".join("open code" for _ in range(1000))
    parts = split_message(text, 3900)
    _check_parts(text, parts, 3900)
    assert parts[-1].endswith("\n```")


def test_split_message_keeps_a_short_text_whole() -> None:
    assert split_message("hello\n\nworld") == ["hello\n\nworld"]
    assert split_message("") == [] and split_message("\n \n") == []


@pytest.mark.parametrize("call", [lambda: split_message("x", 5), lambda: split_for_stream("x", 0),
                                  lambda: summary_for_file("x", 3)])
def test_too_small_limits_are_refused_with_an_rlm_error(call) -> None:
    with pytest.raises(SplitError, match="at least") as caught:
        call()
    assert isinstance(caught.value, RlmError)


def test_long_answer_plan_sends_more_than_max_messages_as_a_file() -> None:
    short = "A short answer."
    assert long_answer_plan(short) == ([short], False)
    long = "\n\n".join("p" + "q " * 1500 for _ in range(5))
    parts, as_file = long_answer_plan(long)
    assert len(parts) == 5 and as_file
    assert long_answer_plan(long, max_messages=5)[1] is False
    parts, as_file = long_answer_plan(long, message_limit=12_000, max_messages=1)
    assert len(parts) == 2 and as_file


def test_summary_for_file_takes_the_first_paragraphs_that_fit() -> None:
    assert summary_for_file("Short answer.") == "Short answer."
    first, second = "First paragraph. " * 10, "Second paragraph. " * 30
    assert summary_for_file(first + "\n\n" + second, limit=600) == first.strip()
    headed = to_mrkdwn("Intro line.\n\n## Details\n\n" + "Long detail. " * 100)
    assert summary_for_file(headed, limit=200) == "Intro line."


def test_summary_for_file_cuts_at_a_sentence_or_a_word_with_an_ellipsis() -> None:
    sentences = " ".join(f"Sentence number {i} says something." for i in range(60))
    lead = summary_for_file(sentences, limit=300)
    assert len(lead) <= 300 and lead.endswith(". …")
    words = " ".join(f"word{i}" for i in range(500))
    lead = summary_for_file(words, limit=300)
    assert len(lead) <= 300 and lead.endswith("…")
    assert all(re.fullmatch(r"word\d+", w) for w in lead[:-1].split())


def test_summary_for_file_skips_code_keeps_links_whole_and_neutralises() -> None:
    text = "```\n" + "code\n" * 100 + "```\n\nThe fix is above."
    assert summary_for_file(text) == "The fix is above."
    links = " ".join(f"<https://example.com/{i}|label {i}>" for i in range(100))
    lead = summary_for_file(links, limit=200)
    assert lead.count("<") == lead.count(">") and len(lead) <= 200
    assert summary_for_file("<!here> read this") == f"{AT}here read this"
    only_code = summary_for_file("```\n" + "x = 1\n" * 500 + "```", limit=100)
    assert only_code.startswith("```\n") and only_code.endswith("\n```") and len(only_code) <= 100


def test_a_100kb_answer_converts_and_splits_quickly() -> None:
    answer = _document(99).replace("&amp;", "&")
    while len(answer) < 100_000:
        answer += "\n\n" + answer
    answer = answer[:100_000]
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        parts = split_message(to_mrkdwn(answer))
        best = min(best, time.process_time() - started)
    assert parts
    # The target is well under 50 ms; the bound only catches runaway (quadratic) behaviour.
    assert best < 1.0


PATHOLOGICAL = {
    "unclosed bold": "**a " * 25_000, "unclosed italic": "*a " * 33_000, "dunders": "__a " * 25_000,
    "strikes": "~~a " * 25_000, "brackets": "[" * 100_000, "open links": "[a](" * 25_000,
    "backticks": "`a " * 33_000, "angles": "<!" * 50_000, "ampersands": "&" * 100_000,
    "fences": "```\n" * 25_000, "pipes": ("| a " * 100 + "\n") * 250, "newlines": "\n" * 100_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_100kb_inputs_stay_linear(text: str) -> None:
    started = time.process_time()
    parts = split_message(to_mrkdwn(text))
    markdown_block_chunks(text)
    neutralize(text)
    # Each takes tens of milliseconds; a backtracking regex would take tens of seconds.
    assert time.process_time() - started < 3.0
    assert all(len(p) <= 3900 and p.count("```") % 2 == 0 for p in parts)
