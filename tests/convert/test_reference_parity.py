"""Our converter vs llama.cpp's reference converter on tiny random models of every family.

Each model is built from a transformers config (seconds, CPU) with a real tokenizer rebuilt
from llama.cpp's vocabulary GGUFs, converted to F32 by ours and by ``convert_hf_to_gguf.py``
(one subprocess for all), and the two files must agree: tensor names, shapes and data; every
metadata value; llama.cpp logits on the medical text. HF's own logits are checked too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gguf
import numpy as np
import pytest

from convert import convert_model
from convert.verify import MEDICAL_TEXT, gguf_logits, gguf_tokenize, hf_logits
from tests.convert.reference import (
    Case,
    build_tiny_model,
    read_gguf,
    run_reference_converter,
    vocab_cases,
)

N_TOKENS = 96  # logits compared on the first tokens of the medical text (tiny models, big vocabs)


CASES: dict[str, Case] = {
    "llama-mha-untied-spm": Case("llama", "llama-spm", {"num_key_value_heads": 4}),
    "llama3-gqa-tied-rope": Case(
        "llama",
        "llama-bpe",
        {
            "tie_word_embeddings": True,
            "rope_parameters": {
                "rope_type": "llama3",
                "rope_theta": 500000.0,
                "factor": 8.0,
                "low_freq_factor": 1.0,
                "high_freq_factor": 4.0,
                "original_max_position_embeddings": 64,
            },
        },
    ),  # fmt: skip
    "mistral-swa-headdim": Case("mistral", "llama-spm", {"head_dim": 32, "sliding_window": 4096}),
    "qwen2-yarn": Case(
        "qwen2",
        "qwen2",
        {
            "tie_word_embeddings": True,
            "rope_parameters": {
                "rope_type": "yarn",
                "rope_theta": 1000000.0,
                "factor": 4.0,
                "original_max_position_embeddings": 128,
                "beta_fast": 32.0,
                "beta_slow": 1.0,
            },
        },
    ),  # fmt: skip
    "qwen3": Case("qwen3", "qwen2", {"head_dim": 32, "tie_word_embeddings": True}),
    "phi3-longrope": Case(
        "phi3",
        "phi-3",
        {
            "max_position_embeddings": 4096,
            "original_max_position_embeddings": 512,
            "rope_parameters": {
                "rope_type": "longrope",
                "rope_theta": 10000.0,
                "long_factor": [1.0 + i for i in range(8)],
                "short_factor": [1.0 + 0.1 * i for i in range(8)],
            },
        },
    ),  # fmt: skip
    "gemma2": Case(
        "gemma2",
        "llama-spm",
        {
            "head_dim": 16,
            "query_pre_attn_scalar": 16,
            "sliding_window": 16,
            "num_hidden_layers": 2,
            "tie_word_embeddings": True,
            "attn_logit_softcapping": 50.0,
            "final_logit_softcapping": 30.0,
        },
        dummy_prefix=False,
    ),  # fmt: skip
    "gemma3": Case(
        "gemma3_text",
        "llama-spm",
        {
            "head_dim": 16,
            "query_pre_attn_scalar": 16,
            "sliding_window": 16,
            "num_hidden_layers": 6,
            "tie_word_embeddings": True,
            "rope_parameters": {
                "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
                "full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000000.0},
            },
        },
        dummy_prefix=False,
    ),  # fmt: skip
}

# written by ours only, not read by llama.cpp's graph for that architecture (recorded for users)
INFORMATIONAL = {"llama.attention.sliding_window"}
# names, sizes, our provenance: descriptive, not read for compute
IGNORED_PREFIXES = ("general.", "clinassist.")
# BOS/EOS flags only we write (llama.cpp's converter leaves llama.cpp's per-vocabulary
# default): their effect is checked by tokenizing with add_bos through both files
FLAGS = {"tokenizer.ggml.add_bos_token", "tokenizer.ggml.add_eos_token"}


def _llama_cpp_default(short: str, kv: dict[str, Any], arch: str) -> Any:
    """What llama.cpp assumes for ``{arch}.{short}`` when a file lacks the key."""
    n_embd = kv[f"{arch}.embedding_length"]
    n_head = kv[f"{arch}.attention.head_count"]
    return {
        "vocab_size": len(kv["tokenizer.ggml.tokens"]),
        "rope.dimension_count": kv.get(f"{arch}.attention.key_length", n_embd // n_head),
        "attention.key_length": n_embd // n_head,
        "attention.value_length": n_embd // n_head,
        "rope.freq_base": 10000.0,
    }.get(short, KeyError(short))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    """name -> (HF folder, our GGUF, reference GGUF), every case built and converted once."""
    root = tmp_path_factory.mktemp("parity")
    out: dict[str, tuple[Path, Path, Path]] = {}
    for name, case in CASES.items():
        src = build_tiny_model(case, root / name)
        ours = root / f"{name}.ours.gguf"
        convert_model(src, ours, "F32", verify=False)
        out[name] = (src, ours, root / f"{name}.ref.gguf")
    run_reference_converter([(src, ref) for src, _, ref in out.values()])
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_same_file_as_llama_cpp_converter(converted, name):
    src, ours, ref = converted[name]
    our_kv, our_t = read_gguf(ours)
    ref_kv, ref_t = read_gguf(ref)
    # tensors: names, shapes, types and F32 data, bit for bit
    assert sorted(our_t) == sorted(ref_t)
    for tname, t in ref_t.items():
        mine = our_t[tname]
        assert mine.shape == t.shape, tname
        assert mine.type == t.type == gguf.GGMLQuantizationType.F32, tname
        np.testing.assert_array_equal(mine.data, t.data, err_msg=tname)
    # metadata: every key either writes has the same value; keys only we write are ones
    # llama.cpp would otherwise default, and they carry the default value
    arch = ref_kv["general.architecture"]
    assert our_kv["general.architecture"] == arch
    keys = {k for k in ref_kv | our_kv if not k.startswith(IGNORED_PREFIXES)}
    for key in sorted(keys):
        if key in ref_kv and key in our_kv:
            assert our_kv[key] == ref_kv[key], key
        else:
            assert key in our_kv, f"{key} written by llama.cpp's converter only"
            if key not in FLAGS | INFORMATIONAL:
                short = key.removeprefix(f"{arch}.")
                assert our_kv[key] == _llama_cpp_default(short, our_kv, arch), key
    # llama.cpp logits: identical
    ids = gguf_tokenize(ours, [MEDICAL_TEXT])[0][:N_TOKENS]
    assert ids == gguf_tokenize(ref, [MEDICAL_TEXT])[0][:N_TOKENS]
    a = gguf_logits(ours, ids, n_threads=1)
    b = gguf_logits(ref, ids, n_threads=1)
    np.testing.assert_array_equal(a, b)
    # and they reproduce the HF model
    hf = hf_logits(src, ids)
    # 1e-2: llama.cpp evaluates GELU (Gemma, Phi) from an fp16 table; SiLU models agree to ~1e-4
    assert np.abs(hf - a).max() <= 1e-2, np.abs(hf - a).max()
    assert (hf.argmax(-1) == a.argmax(-1)).all()


@pytest.mark.parametrize(
    ("name", "vocab"),
    [("llama-mha-untied-spm", "llama-spm"), ("llama3-gqa-tied-rope", "llama-bpe"),
     ("qwen3", "qwen2"), ("phi3-longrope", "phi-3")],
)  # fmt: skip
def test_tokenizer_cases_through_our_gguf(converted, name, vocab):
    """llama.cpp's own tokenizer test cases, tokenized by llama.cpp from our GGUF."""
    from llama_cpp import Llama

    _, ours, _ = converted[name]
    cases = vocab_cases(vocab)
    llama = Llama(model_path=str(ours), vocab_only=True, verbose=False)
    try:
        got = [llama.tokenize(t.encode("utf-8"), add_bos=False, special=False) for t, _ in cases]
    finally:
        llama.close()
    wrong = [(t, g[:8], e[:8]) for (t, e), g in zip(cases, got, strict=True) if g != e]
    assert not wrong, wrong[:3]
    assert len(cases) >= 40
