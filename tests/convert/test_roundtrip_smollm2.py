"""Real model round trip: embedded SmolLM2 (Q4_1) -> HF fp32 -> our GGUF (Q8_0, Q4_K_M).

Figures are written to test-artifacts/convert_roundtrip.json. The HF reference is the Q4_1
weights dequantized, so it is exactly the model the original GGUF encodes; the original GGUF
evaluated by llama.cpp against that same reference is the noise floor of llama.cpp's
quantized-activation matmuls, measured in the same run.
"""

from __future__ import annotations

import json

import pytest

from convert import convert_model
from convert.verify import (
    MEDICAL_TEXT,
    decisive_agreement,
    gguf_logits,
    hf_logits,
    softmax_stats,
)

TOKENS = 200


@pytest.fixture(scope="session")
def smol_q8(smol_hf_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("q8") / "smollm2-q8_0.gguf"
    return convert_model(smol_hf_dir, out, "Q8_0", verify_tokens=TOKENS)


def test_q8_0_and_q4_k_m_match_hf(
    smol_hf_dir, smol_q8, default_model_path, tmp_path, artifacts_dir
):
    from transformers import AutoTokenizer

    q4 = convert_model(smol_hf_dir, tmp_path / "q4km.gguf", "Q4_K_M", verify_tokens=TOKENS)
    ids = AutoTokenizer.from_pretrained(str(smol_hf_dir))(MEDICAL_TEXT)["input_ids"][:TOKENS]
    ref, floor_gg = hf_logits(smol_hf_dir, ids), gguf_logits(default_model_path, ids)
    _, floor_kl, floor_top1 = softmax_stats(ref, floor_gg)
    floor_decisive, near_ties = decisive_agreement(ref, floor_gg)
    figures = {
        "tokens": TOKENS,
        "near_tie_fraction": near_ties,
        "Q8_0": {"top1": smol_q8.verify.top1_agreement, "kl": smol_q8.verify.mean_kl,
                 "top1_decisive": smol_q8.verify.top1_decisive, "mb": smol_q8.out_bytes / 1e6},
        "Q4_K_M": {"top1": q4.verify.top1_agreement, "kl": q4.verify.mean_kl,
                   "top1_decisive": q4.verify.top1_decisive,
                   "mb": q4.out_bytes / 1e6, "quantize_s": q4.quantize_seconds},
        "original_Q4_1_vs_same_weights": {"top1": floor_top1, "kl": floor_kl,
                                          "top1_decisive": floor_decisive},
    }  # fmt: skip
    (artifacts_dir / "convert_roundtrip.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    for report in (smol_q8, q4):
        assert report.verify.passed, report.summary()
        assert all(c.identical for c in report.verify.tokenization)
        assert report.tokenizer_pre == "smollm"
    # Q8_0 is at the llama.cpp noise floor; Q4_K_M loses a little more.
    assert smol_q8.verify.top1_agreement >= min(0.99, floor_top1 - 0.02)
    assert smol_q8.verify.mean_kl <= max(0.01, 2 * floor_kl)
    # Where HF clearly prefers one token, Q8_0 agrees at least as often as the floor, less 1%.
    assert smol_q8.verify.top1_decisive >= min(0.99, floor_decisive) - 0.01
    assert q4.verify.top1_agreement >= 0.84
    assert q4.verify.mean_kl <= 0.15
    assert q4.out_bytes < smol_q8.out_bytes


def test_engine_answers_with_converted_model(smol_q8):
    from desktop.engine import Engine, EngineConfig, SamplingSettings

    engine = Engine(EngineConfig(model_path=smol_q8.out_path, n_ctx=1024, n_threads=2))
    try:
        assert engine.info.architecture == "llama"
        prompt = engine.render([{"role": "user", "content": "Name one symptom of anemia."}])
        assert "<|im_start|>" in prompt  # our chat template made it into the GGUF
        assert len(engine.tokenize("<|im_start|>")) == 1  # CONTROL token stays one token
        result = engine.chat(
            [{"role": "user", "content": "Name one symptom of anemia."}],
            SamplingSettings(temperature=0.0, max_tokens=24, seed=1),
        )
    finally:
        engine.close()
    assert result.completion_tokens > 0
    assert result.text.strip()
    assert result.finish_reason in ("stop", "length")
    assert "<|im_end|>" not in result.text
