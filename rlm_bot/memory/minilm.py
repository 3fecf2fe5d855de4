"""A BERT sentence encoder in numpy: all-MiniLM-L6-v2 without torch or sentence-transformers.

sentence-transformers pulls in torch, transformers, scikit-learn and scipy (~8.5 s of imports
on a busy 2-core machine) to run a 6-layer, 384-wide BERT. This module runs the same network
from the same files — `tokenizer.json` through the `tokenizers` library (the tokenizer
sentence-transformers itself uses), the weights read straight from `model.safetensors` — with
the same mean pooling over real tokens and L2 normalisation; the first vector is ready in
~0.3 s. Its vectors equal sentence-transformers' to ~1e-6 (tests/memory/test_minilm.py checks
it against sentence-transformers whenever that is installed), so stored vectors stay valid.

It runs a model directory only when it is exactly that shape: a BERT with absolute positions
and erf GELU, then mean pooling, then Normalize (`supports`); other directories are left to
sentence-transformers.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

__all__ = ["BertEncoder", "supports"]

BATCH = 32  # texts per forward pass (sorted by length, so a batch pads little)
_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": None, "I64": "<i8", "I32": "<i4"}
# Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): erf for the exact ("gelu") activation
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def supports(path: str | Path) -> bool:
    """True when `path` is a sentence-transformers BERT model this encoder runs exactly."""
    root = Path(path)
    try:
        modules = [m.get("type", "") for m in _read_json(root / "modules.json")]
        config = _read_json(root / "config.json")
        pooling_dir = next((m["path"] for m in _read_json(root / "modules.json")
                            if m.get("type", "").endswith("Pooling")), None)
        pooling = _read_json(root / pooling_dir / "config.json") if pooling_dir else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                 "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens",
                                 "pooling_mode_lasttoken"))
    return (modules == ["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                        "sentence_transformers.models.Normalize"]
            and config.get("model_type") == "bert" and config.get("hidden_act") == "gelu"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and bool(mean_only)
            and (root / "model.safetensors").is_file() and (root / "tokenizer.json").is_file())


def load_safetensors(path: Path) -> dict[str, Any]:
    """name -> array of a .safetensors file (8-byte header length, JSON header, data), mapped
    read-only from the file (a query touches a few rows of the 47 MB word table, not all of it);
    float16/bfloat16 become float32 copies."""
    import numpy as np

    with open(path, "rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r")
    base = 8 + size
    tensors: dict[str, Any] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = data[base + start:base + end]
        dtype = _DTYPES.get(info["dtype"], "missing")
        if dtype is None:  # bfloat16: the high half of a float32
            array = (raw.view("<u2").astype(np.uint32) << 16).view(np.float32)
        elif dtype == "missing":
            raise ValueError(f"unsupported tensor dtype {info['dtype']} in {path.name}")
        else:
            array = raw.view(dtype)
            if array.dtype.kind == "f" and array.dtype != np.float32:
                array = array.astype(np.float32)
        tensors[name] = np.asarray(array).reshape(info["shape"])
    return tensors


class BertEncoder:
    """Mean-pooled, L2-normalised BERT sentence vectors (float32), computed with numpy."""

    def __init__(self, path: str | Path) -> None:
        from tokenizers import Tokenizer

        root = Path(path)
        config = _read_json(root / "config.json")
        st_config = {}
        if (root / "sentence_bert_config.json").is_file():
            st_config = _read_json(root / "sentence_bert_config.json")
        self.max_length = int(st_config.get("max_seq_length") or config.get("max_position_embeddings", 512))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dimension = int(config["hidden_size"])
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        weights = load_safetensors(root / "model.safetensors")
        self.w = {name.removeprefix("bert."): value for name, value in weights.items()}
        self._fuse_qkv()

    def _fuse_qkv(self) -> None:
        """One (hidden, 3·hidden) matrix per layer for the query, key and value projections, and
        every dense matrix transposed into its own contiguous copy (a third faster per query than
        multiplying by transposed views); the word table stays mapped from the file."""
        import numpy as np

        for i in range(self.layers):
            p = f"encoder.layer.{i}.attention.self."
            self.w[f"{p}qkv.weight"] = np.ascontiguousarray(np.concatenate(
                [self.w[f"{p}{n}.weight"] for n in ("query", "key", "value")], axis=0).T)
            self.w[f"{p}qkv.bias"] = np.concatenate([self.w[f"{p}{n}.bias"] for n in ("query", "key", "value")])
            for kind in ("attention.output.dense", "intermediate.dense", "output.dense"):
                name = f"encoder.layer.{i}.{kind}.weight"
                self.w[f"{name}.T"] = np.ascontiguousarray(self.w[name].T)

    def encode(self, texts: list[str]) -> Any:
        """Vectors (n × hidden, float32, unit length) of `texts`."""
        import numpy as np

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            out[chosen] = self._forward([encodings[i].ids for i in chosen])
        return out

    def _forward(self, batch: list[list[int]]) -> Any:
        import numpy as np

        w = self.w
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, seq in enumerate(batch):
            ids[row, :len(seq)] = seq
            mask[row, :len(seq)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None, :, :]
             + w["embeddings.token_type_embeddings.weight"][0][None, None, :])
        x = self._norm(x, "embeddings.LayerNorm")
        # padding keys get the smallest float added to their scores, as transformers does
        key_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for i in range(self.layers):
            x = self._layer(x, key_bias, f"encoder.layer.{i}.")
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def _layer(self, x: Any, key_bias: Any, p: str) -> Any:
        import numpy as np

        w = self.w
        batch, length, hidden = x.shape
        size = hidden // self.heads
        flat = x.reshape(batch * length, hidden)  # dense layers as one 2-D matrix product each
        qkv = flat @ w[f"{p}attention.self.qkv.weight"] + w[f"{p}attention.self.qkv.bias"]
        qkv = qkv.reshape(batch, length, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
        q, k, v = (np.ascontiguousarray(part) for part in qkv)
        scores = q @ k.transpose(0, 1, 3, 2)  # batched: one BLAS call per (text, head)
        scores *= np.float32(1.0 / math.sqrt(size))
        scores += key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
        attended = context @ w[f"{p}attention.output.dense.weight.T"] + w[f"{p}attention.output.dense.bias"]
        flat = self._norm(attended + flat, f"{p}attention.output.LayerNorm")
        inner = _gelu(flat @ w[f"{p}intermediate.dense.weight.T"] + w[f"{p}intermediate.dense.bias"])
        out = inner @ w[f"{p}output.dense.weight.T"] + w[f"{p}output.dense.bias"]
        return self._norm(out + flat, f"{p}output.LayerNorm").reshape(batch, length, hidden)

    def _norm(self, x: Any, name: str) -> Any:
        import numpy as np

        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=-1, keepdims=True)
        return centred / np.sqrt(var + np.float32(self.eps)) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]


def _gelu(x: Any) -> Any:
    """x · Φ(x) with erf (BERT's "gelu"), in a few passes over preallocated arrays."""
    import numpy as np

    z = np.abs(x)
    z *= np.float32(1.0 / math.sqrt(2.0))
    t = z * np.float32(_ERF_P)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * np.float32(_ERF_A[4])
    for coefficient in reversed(_ERF_A[:4]):
        poly += np.float32(coefficient)
        poly *= t
    z *= z
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|)
    # 1 + erf(x) is 2 - poly for x >= 0 and poly for x < 0
    out = np.where(x >= 0, np.float32(2.0) - poly, poly)
    out *= x
    out *= np.float32(0.5)
    return out
