"""Tiny random llama/qwen2 models -> GGUF: loads in llama.cpp, F32 logits and tokens match HF."""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import numpy as np
import pytest

from convert import Thresholds, convert_model
from convert.verify import MEDICAL_CORPUS

STRICT = Thresholds(max_logit_diff=1e-3, min_top1=1.0, max_kl=1e-5)


def _fields(path: Path) -> dict:
    reader = gguf.GGUFReader(path)
    return {k: f for k, f in reader.fields.items()}, {t.name: t for t in reader.tensors}


def _assert_parity(report) -> None:
    v = report.verify
    assert v is not None and v.passed, report.summary()
    assert v.max_abs_logit_diff <= 1e-3
    assert v.top1_agreement == 1.0
    assert all(c.identical for c in v.tokenization), report.summary()
    labels = {c.label for c in v.tokenization}
    assert {"medical text", "special tokens", "chat template"} <= labels
    assert sum(1 for c in v.tokenization if c.label.startswith("corpus")) == len(MEDICAL_CORPUS)


@pytest.mark.parametrize(
    ("arch", "n_kv", "tied", "extra"),
    [
        ("llama", 4, True, {}),  # MHA, tied embeddings
        ("llama", 2, False, {}),  # GQA, separate lm_head
        (
            "llama",
            2,
            True,
            {
                "rope_parameters": {
                    "rope_type": "llama3",
                    "rope_theta": 500000.0,
                    "factor": 8.0,
                    "low_freq_factor": 1.0,
                    "high_freq_factor": 4.0,
                    "original_max_position_embeddings": 64,
                }
            },
        ),
        ("qwen2", 2, True, {}),  # GQA + q/k/v biases, no rotary permutation
        (
            "mistral",
            2,
            False,
            {"head_dim": 32, "sliding_window": None},
        ),  # head_dim != n_embd/n_head
    ],
    ids=[
        "llama-mha-tied",
        "llama-gqa-untied",
        "llama3-rope-gqa-tied",
        "qwen2-gqa-tied",
        "mistral-headdim-untied",
    ],
)
def test_f32_matches_hf(make_tiny_model, tmp_path, arch, n_kv, tied, extra):
    src = make_tiny_model(arch, n_kv=n_kv, tied=tied, **extra)
    out = tmp_path / "tiny.gguf"
    report = convert_model(src, out, "F32", thresholds=STRICT)
    _assert_parity(report)
    fields, tensors = _fields(out)
    assert fields["general.architecture"].contents() == ("llama" if arch == "mistral" else arch)
    assert ("output.weight" in tensors) is (not tied)
    assert fields["tokenizer.ggml.model"].contents() == "gpt2"
    assert fields["tokenizer.ggml.pre"].contents() == "smollm"
    types = fields["tokenizer.ggml.token_type"]
    tokens = fields["tokenizer.ggml.tokens"]
    im_start = [i for i in range(len(tokens.data)) if tokens.contents(i) == "<|im_start|>"][0]
    assert types.contents(im_start) == gguf.TokenType.CONTROL
    assert fields["tokenizer.ggml.add_bos_token"].contents() is False
    gguf_arch = fields["general.architecture"].contents()
    assert fields[f"{gguf_arch}.attention.head_count_kv"].contents() == n_kv
    if "head_dim" in extra:
        assert fields["llama.attention.key_length"].contents() == extra["head_dim"]
    if "rope_parameters" in extra:
        assert "rope_freqs.weight" in tensors
        factors = np.asarray(tensors["rope_freqs.weight"].data)
        assert factors.min() == pytest.approx(1.0) and factors.max() == pytest.approx(8.0)
    if arch == "qwen2":
        assert "blk.0.attn_q.bias" in tensors and "blk.0.attn_k.bias" in tensors
    assert report.to_dict()["passed"] is True
    json.loads(report.to_json())


def test_bf16_sharded_source_to_f16(make_tiny_model, tmp_path):
    src = make_tiny_model("llama", n_kv=2, tied=False, dtype="bfloat16", shard="2MB")
    assert (src / "model.safetensors.index.json").is_file()
    events = []
    report = convert_model(
        src, tmp_path / "t.gguf", "F16", progress=events.append,
        thresholds=Thresholds(max_logit_diff=2e-2, min_top1=0.99, max_kl=1e-4),
    )  # fmt: skip
    assert report.verify.passed, report.summary()
    writes = [e for e in events if e.stage == "write"]
    assert writes[-1].done == writes[-1].total and writes[-1].fraction == 1.0
    assert [e.done for e in writes] == sorted(e.done for e in writes)
    assert events[-1].stage == "verify"
    _, tensors = _fields(tmp_path / "t.gguf")
    assert tensors["blk.0.attn_q.weight"].tensor_type == gguf.GGMLQuantizationType.F16
    assert tensors["blk.0.attn_norm.weight"].tensor_type == gguf.GGMLQuantizationType.F32


def test_pytorch_bin_qwen2_untied_via_cli(make_tiny_model, tmp_path, capsys):
    from convert.cli import main

    src = make_tiny_model("qwen2", n_kv=4, tied=False, pytorch_bin=True)
    report_path = tmp_path / "report.json"
    argv = [str(src), "--out", str(tmp_path / "q.gguf"), "--quant", "f32", "-q",
            "--max-logit-diff", "1e-3", "--min-top1", "1.0", "--max-kl", "1e-5",
            "--name", "tiny-qwen", "--dataset", "pubmedqa", "--report-json", str(report_path)]  # fmt: skip
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "verification: PASSED" in printed and "top-1 agreement 100.00%" in printed
    data = json.loads(report_path.read_text())
    assert data["passed"] is True and data["architecture"] == "qwen2"
    assert data["verify"]["thresholds"]["max_logit_diff"] == 1e-3
    assert data["verify"]["max_abs_logit_diff"] <= 1e-3
    fields, tensors = _fields(tmp_path / "q.gguf")
    assert "output.weight" in tensors and "blk.0.attn_v.bias" in tensors
    assert fields["general.name"].contents() == "tiny-qwen"


def test_direct_q8_0_is_bit_identical_to_llama_cpp_quantizer(make_tiny_model, tmp_path):
    """Our Q8_0 writer (gguf package) and llama.cpp's quantizer agree byte for byte, so a
    Q8_0 fidelity gap is llama.cpp's Q8_0 arithmetic, not our conversion."""
    from convert.quantize import quantize_gguf

    src = make_tiny_model("llama", n_kv=2, tied=True)
    f32 = convert_model(src, tmp_path / "f32.gguf", "F32", verify=False).out_path
    ours = convert_model(src, tmp_path / "ours.gguf", "Q8_0", verify=False).out_path
    ref = tmp_path / "llama_cpp.gguf"
    quantize_gguf(Path(f32), ref, "Q8_0", n_threads=1)
    _, a = _fields(Path(ours))
    _, b = _fields(ref)
    assert a.keys() == b.keys()
    q8 = [n for n, t in a.items() if t.tensor_type == gguf.GGMLQuantizationType.Q8_0]
    assert "token_embd.weight" in q8 and "blk.0.attn_q.weight" in q8
    for name, tensor in a.items():
        assert tensor.tensor_type == b[name].tensor_type, name
        assert np.asarray(tensor.data).tobytes() == np.asarray(b[name].data).tobytes(), name
