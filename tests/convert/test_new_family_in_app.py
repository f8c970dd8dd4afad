"""A new family end to end: the model manager's job converts a tiny Qwen3 (real Qwen tokenizer
and chat template), verifies and registers it, and the app's engine answers with it."""

from __future__ import annotations

import json

from convert import Thresholds, run_conversion_job
from desktop.engine import Engine, EngineConfig, SamplingSettings
from models.registry import ModelRegistry
from tests.convert.reference import PEER, Case, build_tiny_model


def test_qwen3_converted_by_the_model_manager_answers(tmp_path):
    src = build_tiny_model(Case("qwen3", "qwen2", {"head_dim": 32}), tmp_path / "tiny-qwen3")
    template = (PEER / "models" / "templates" / "Qwen-Qwen3-0.6B.jinja").read_text("utf-8")
    cfg_path = src / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text("utf-8"))
    cfg.update(chat_template=template, eos_token="<|im_end|>")
    cfg_path.write_text(json.dumps(cfg), "utf-8")
    registry = ModelRegistry(tmp_path / "models")
    result = run_conversion_job(
        src, "Q8_0", registry=registry, n_threads=1,
        thresholds=Thresholds(min_top1=0.8, max_kl=0.05),  # random tiny model: near-ties
    )  # fmt: skip
    report = result.report
    assert report.passed and report.architecture == "qwen3" and report.tokenizer_pre == "qwen2"
    assert all(c.identical for c in report.verify.tokenization), report.summary()
    assert "chat template" in {c.label for c in report.verify.tokenization}
    assert registry.get(result.entry.id).path == result.entry.path
    engine = Engine(EngineConfig(model_path=result.entry.path, n_ctx=512, n_threads=1))
    try:
        answer = engine.chat(
            [{"role": "user", "content": "What is the first-line treatment for anaphylaxis?"}],
            SamplingSettings(temperature=0.0, max_tokens=8, seed=1),
        )
    finally:
        engine.close()
    assert answer.completion_tokens > 0
