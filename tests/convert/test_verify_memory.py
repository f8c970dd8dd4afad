"""Verification fits a desktop: HF weights stay in their own dtype, computed in fp32 per module."""

from __future__ import annotations

import numpy as np

from convert import Thresholds, convert_model
from convert.verify import hf_logits


def test_bf16_model_is_verified_in_fp32_without_an_fp32_copy(make_tiny_model, tmp_path):
    import torch
    from transformers import AutoModelForCausalLM

    src = make_tiny_model("llama", n_kv=2, tied=True, dtype="bfloat16")
    ids = list(range(5, 69))
    ours = hf_logits(src, ids)  # bf16 storage, fp32 compute module by module
    full = AutoModelForCausalLM.from_pretrained(str(src), dtype=torch.float32)
    with torch.inference_mode():
        reference = full(torch.tensor([ids])).logits[0].numpy()  # a whole fp32 copy
    np.testing.assert_allclose(ours, reference, atol=1e-4)
    stored = AutoModelForCausalLM.from_pretrained(str(src), dtype="auto")
    assert next(stored.parameters()).dtype == torch.bfloat16  # what verification keeps resident
    report = convert_model(
        src, tmp_path / "t.gguf", "F32",
        thresholds=Thresholds(max_logit_diff=1e-3, min_top1=1.0, max_kl=1e-5),
    )  # fmt: skip
    assert report.verify.passed, report.summary()
    assert report.verify.peak_rss_bytes and report.verify.peak_rss_bytes > 10 * 2**20
    assert "verification peak memory" in report.summary()
