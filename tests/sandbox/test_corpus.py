"""Every entry of the shared attack corpus ends in a clear error or a harmless result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.sandbox import assert_no_leak
from tests.helpers.corpus import corpus_path

pytestmark = pytest.mark.slow  # the whole attack corpus through the sandbox

CORPUS = Path(os.environ.get("RLM_SANDBOX_CORPUS",
                             str(corpus_path("python_escapes.jsonl"))))


def _entries() -> list[dict]:
    if not CORPUS.is_file():
        return []
    return [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]


ENTRIES = _entries()
BENIGN = "import json\nprint(json.dumps({'a': [1, 2]}))\nsorted({3, 1, 2})"


@pytest.mark.skipif(not ENTRIES, reason="attack corpus not available on this machine")
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_corpus_entry_is_contained(pool, canaries, entry):
    result = pool.run(entry["code"])
    assert_no_leak(result)
    if not result.ok:
        assert result.error and result.error_type, "a failed run must say why"
    # the host lives on and the next run sees pristine state
    after = pool.run(BENIGN)
    assert after.ok, after.error
    assert after.output == '{"a": [1, 2]}\n'
    assert after.value == [1, 2, 3]


def test_corpus_is_present_on_the_dev_machine():
    if not CORPUS.parent.exists():
        pytest.skip("no shared corpus folder")
    assert len(ENTRIES) >= 50
