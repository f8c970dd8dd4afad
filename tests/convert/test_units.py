"""Fast unit checks: pre-tokenizer detection, rope factors, rotary permutation, safetensors reader."""

from __future__ import annotations

import json

import numpy as np
import pytest
from safetensors.numpy import save_file

from convert.arch import resolve_architecture
from convert.arch.base import rotary_row_permutation
from convert.arch.rope import llama3_rope_factors
from convert.errors import UnsupportedArchitectureError
from convert.tensor_source import TensorSource
from convert.vocab import detect_bpe_pre

LLAMA3_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)
QWEN2_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
    r"|\s*[\r\n]+|\s+(?!\S)|\s+"
)


def _split(regex: str) -> dict:
    return {
        "type": "Sequence",
        "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": regex}, "behavior": "Isolated"},
            {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False},
        ],
    }


@pytest.mark.parametrize(
    ("pre", "config", "expected"),
    [
        (_split(LLAMA3_SPLIT), {"model_type": "llama"}, "llama-bpe"),
        (_split(QWEN2_SPLIT), {"model_type": "qwen2"}, "qwen2"),
        (
            {
                "type": "Sequence",
                "pretokenizers": [
                    {"type": "Digits", "individual_digits": True},
                    {"type": "ByteLevel", "add_prefix_space": False, "use_regex": True},
                ],
            },
            {"model_type": "llama"},
            "smollm",
        ),
        ({"type": "ByteLevel", "use_regex": True}, {"model_type": "llama"}, "gpt-2"),
        ({"type": "Whitespace"}, {"model_type": "qwen2"}, "qwen2"),  # fallback by model type
        ({"type": "Whitespace"}, {"model_type": "llama", "vocab_size": 128256}, "llama-bpe"),
        ({"type": "Whitespace"}, {"model_type": "llama", "vocab_size": 32000}, "default"),
    ],
)
def test_detect_bpe_pre(pre, config, expected):
    assert detect_bpe_pre({"pre_tokenizer": pre}, config) == expected


def test_resolve_architecture():
    assert resolve_architecture({"architectures": ["MistralForCausalLM"]}).gguf_name == "llama"
    assert resolve_architecture({"model_type": "qwen2"}).permute_qk is False
    with pytest.raises(UnsupportedArchitectureError, match="PhiForCausalLM.*supports"):
        resolve_architecture({"architectures": ["PhiForCausalLM"]})


def test_llama3_rope_factors_follow_the_scaling_rule():
    cfg = {
        "num_attention_heads": 32, "hidden_size": 4096, "max_position_embeddings": 131072,
        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                         "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
        "rope_theta": 500000.0,
    }  # fmt: skip
    f = llama3_rope_factors(cfg)
    assert f.shape == (64,) and f.dtype == np.float32
    assert f[0] == 1.0 and f[-1] == 8.0  # highest frequency kept, lowest divided by factor
    assert np.all(np.diff(f) >= 0)  # smooth, monotone blend in between
    assert 1.0 < f[(f > 1) & (f < 8)].mean() < 8.0


def test_rotary_permutation_turns_rotate_half_into_interleaved():
    """Rope on HF layout (pairs i, i+hd/2) == rope on permuted rows (pairs 2i, 2i+1)."""
    n_heads, hd = 3, 8
    rng = np.random.default_rng(0)
    q = rng.standard_normal(n_heads * hd)
    theta = rng.uniform(0, 6, hd // 2)
    cos, sin = np.cos(theta), np.sin(theta)
    hf = q.reshape(n_heads, hd)
    a, b = hf[:, : hd // 2], hf[:, hd // 2 :]
    hf_rot = np.concatenate([a * cos - b * sin, b * cos + a * sin], axis=1)
    perm = rotary_row_permutation(n_heads * hd, n_heads)
    gg = q[perm].reshape(n_heads, hd // 2, 2)
    x, y = gg[..., 0], gg[..., 1]
    gg_rot = np.stack([x * cos - y * sin, y * cos + x * sin], axis=-1).reshape(n_heads, hd)
    np.testing.assert_allclose(gg_rot, hf_rot.reshape(-1)[perm].reshape(n_heads, hd))


def test_tensor_source_reads_bf16_and_chunks(tmp_path):
    vals = np.arange(-12, 12, dtype=np.float32).reshape(6, 4) / 8
    bits = (vals.view(np.uint32) >> 16).astype(np.uint16)  # exact in bf16
    folder = tmp_path / "m"
    folder.mkdir()
    from safetensors import safe_open  # noqa: F401 - ensure the library is the writer we expect

    save_file({"w": vals, "b": bits}, folder / "model.safetensors")
    # rewrite header dtype of "b" to BF16 (numpy has no bfloat16)
    raw = (folder / "model.safetensors").read_bytes()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n])
    header["b"]["dtype"] = "BF16"
    new = json.dumps(header, separators=(",", ":")).encode().ljust(n)
    assert len(new) == n
    (folder / "model.safetensors").write_bytes(raw[:8] + new + raw[8 + n :])
    src = TensorSource(folder)
    np.testing.assert_array_equal(src.read_f32("b"), vals)
    chunks = list(src.iter_row_chunks("w", chunk_bytes=32))
    assert [start for start, _ in chunks] == [0, 2, 4]
    np.testing.assert_array_equal(np.concatenate([c for _, c in chunks]), vals)


def test_decisive_agreement_ignores_near_ties():
    from convert.verify import decisive_agreement

    hf = np.array([[5.0, 4.95, 0.0], [3.0, 0.0, 1.0], [0.0, 2.0, 1.0], [1.0, 1.0, 0.0]])
    gg = np.array([[4.9, 5.0, 0.0], [3.0, 0.0, 1.0], [0.0, 1.0, 2.0], [0.0, 1.0, 0.0]])
    rate, near = decisive_agreement(hf, gg)
    assert near == pytest.approx(0.5)  # rows 0 and 3 are near-ties
    assert rate == pytest.approx(0.5)  # of the decisive rows 1 and 2, row 2 disagrees
