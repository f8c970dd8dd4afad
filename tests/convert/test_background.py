"""The model manager's background job converts (Q8_0 written directly), verifies, registers."""

from __future__ import annotations

import gguf
import pytest

from convert import Thresholds, run_conversion_job


def test_run_conversion_job_registers_model(make_tiny_model, tmp_path):
    from models.registry import ModelRegistry

    registry = ModelRegistry(tmp_path / "models")
    src = make_tiny_model("qwen2", n_kv=2, name="bg-model")
    stages = []
    result = run_conversion_job(
        src,
        "Q8_0",
        registry=registry,
        progress=lambda e: stages.append(e.stage),
        thresholds=Thresholds(min_top1=0.8, max_kl=0.02),  # random tiny model: many near-ties
    )
    assert result.report.verify.passed
    assert [e.id for e in registry.list()][-1] == result.entry.id
    assert result.entry.copied and result.report.out_path == result.entry.path
    assert stages[0] == "write" and "verify" in stages and stages[-1] == "import"
    assert not list((tmp_path / "models").glob(".convert-*"))  # temp file cleaned up
    assert all(c.identical for c in result.report.verify.tokenization)
    types = {t.name: t.tensor_type for t in gguf.GGUFReader(result.entry.path).tensors}
    assert types["blk.1.ffn_up.weight"] == gguf.GGMLQuantizationType.Q8_0
    assert types["token_embd.weight"] == gguf.GGMLQuantizationType.Q8_0
    assert types["blk.1.ffn_norm.weight"] == gguf.GGMLQuantizationType.F32
    assert types["blk.0.attn_q.bias"] == gguf.GGMLQuantizationType.F32


def test_run_conversion_job_does_not_import_a_failed_conversion(make_tiny_model, tmp_path):
    from convert import ParityError
    from models.registry import ModelRegistry

    registry = ModelRegistry(tmp_path / "models")
    src = make_tiny_model("llama", n_kv=2, name="bad-model")
    with pytest.raises(ParityError, match="not imported") as err:
        run_conversion_job(src, "F16", registry=registry, thresholds=Thresholds(min_top1=1.01))
    assert err.value.report is not None and not err.value.report.passed
    assert len(registry.list()) == 1  # only the embedded default
    assert not list((tmp_path / "models").glob("*.gguf"))
