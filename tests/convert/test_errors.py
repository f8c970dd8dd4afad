"""Bad input gets a clear ConvertError and loses nothing; cancel removes partial output."""

from __future__ import annotations

import json

import gguf
import numpy as np
import pytest

from convert import (
    ConvertCancelled,
    ConvertError,
    ModelSourceError,
    UnsupportedArchitectureError,
    convert_model,
)
from convert.cli import main as cli_main
from tests.convert.reference import LLAMA_CONFIG, raw_llama


def test_unsupported_architecture_names_it_and_the_supported_ones(tmp_path, capsys):
    src = tmp_path / "gpt2"
    src.mkdir()
    (src / "config.json").write_text(json.dumps({"architectures": ["GPT2LMHeadModel"]}))
    with pytest.raises(UnsupportedArchitectureError) as err:
        convert_model(src, tmp_path / "x.gguf", "F16", verify=False)
    msg = str(err.value)
    assert "GPT2LMHeadModel" in msg and "LlamaForCausalLM" in msg and "Qwen2ForCausalLM" in msg
    assert not (tmp_path / "x.gguf").exists()
    assert cli_main([str(src), "--out", str(tmp_path / "y.gguf"), "-q"]) == 2
    assert "GPT2LMHeadModel" in capsys.readouterr().err


def test_truncated_safetensors(tmp_path):
    src = raw_llama(tmp_path / "m")
    weights = src / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelSourceError, match="truncated"):
        convert_model(src, tmp_path / "x.gguf", "F16", verify=False)
    assert list(tmp_path.glob("x.gguf*")) == []


def test_garbage_safetensors(tmp_path):
    src = raw_llama(tmp_path / "m")
    (src / "model.safetensors").write_bytes(np.random.default_rng(1).bytes(4096))
    with pytest.raises(ModelSourceError, match="model.safetensors"):
        convert_model(src, tmp_path / "x.gguf", "F16", verify=False)


def test_corrupt_header_json(tmp_path):
    src = raw_llama(tmp_path / "m")
    (src / "model.safetensors").write_bytes(
        (20).to_bytes(8, "little") + b"{not json at all!!}" + b"x" * 64
    )
    with pytest.raises(ModelSourceError, match="not valid JSON"):
        convert_model(src, tmp_path / "x.gguf", "F16", verify=False)


def test_missing_shard_and_missing_weights(tmp_path):
    src = raw_llama(tmp_path / "m")
    (src / "model.safetensors").rename(src / "model-00001-of-00002.safetensors")
    index = {"weight_map": {"model.norm.weight": "model-00002-of-00002.safetensors"}}
    (src / "model.safetensors.index.json").write_text(json.dumps(index))
    with pytest.raises(ModelSourceError, match="missing"):
        convert_model(src, tmp_path / "x.gguf", "F16", verify=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "config.json").write_text(json.dumps(LLAMA_CONFIG))
    with pytest.raises(ModelSourceError, match="no model weights"):
        convert_model(empty, tmp_path / "x.gguf", "F16", verify=False)


def test_no_tokenizer_and_not_a_model_folder(tmp_path):
    src = raw_llama(tmp_path / "m")
    with pytest.raises(ModelSourceError, match="tokenizer"):
        convert_model(src, tmp_path / "x.gguf", "F16", verify=False)
    assert not (tmp_path / "x.gguf.part").exists()
    with pytest.raises(ModelSourceError, match="config.json"):
        convert_model(tmp_path, tmp_path / "x.gguf", "F16", verify=False)


def test_refuses_to_overwrite_and_unknown_quant(tmp_path):
    src = raw_llama(tmp_path / "m")
    out = tmp_path / "keep.gguf"
    out.write_bytes(b"precious")
    with pytest.raises(ConvertError, match="already exists"):
        convert_model(src, out, "F16", verify=False)
    assert out.read_bytes() == b"precious"
    with pytest.raises(ConvertError, match="Q4_K_M"):
        convert_model(src, tmp_path / "n.gguf", "Q3_XL", verify=False)


def test_cancel_removes_partial_output(make_tiny_model, tmp_path):
    from desktop.engine import CancelToken

    src = make_tiny_model("llama", n_kv=2)
    token = CancelToken()
    events = []

    def on_progress(event):
        events.append(event)
        token.cancel()

    out = tmp_path / "c.gguf"
    with pytest.raises(ConvertCancelled):
        convert_model(src, out, "F32", verify=False, progress=on_progress, cancel=token)
    assert len(events) == 1
    assert list(tmp_path.glob("c.gguf*")) == []


def test_provenance_and_name_metadata(make_tiny_model, tmp_path):
    src = make_tiny_model("llama", n_kv=2, name="merged-run")
    (src / "adapter_config.json").write_text(
        json.dumps(
            {
                "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M-Instruct",
                "peft_type": "LORA",
                "r": 16,
            }
        )
    )
    (src / "provenance.json").write_text(json.dumps({"datasets": ["medqa-usmle-train"]}))
    out = tmp_path / "p.gguf"
    report = convert_model(
        src, out, "F16", verify=False, name="Clinical Tiny", adapter="LoRA r=16 (run 7)"
    )
    assert report.verify is None and "verification: skipped" in report.summary()
    fields = gguf.GGUFReader(out).fields
    assert fields["general.name"].contents() == "Clinical Tiny"
    assert fields["general.base_model.0.name"].contents() == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert fields["general.dataset.0.name"].contents() == "medqa-usmle-train"
    assert fields["general.finetune"].contents() == "LoRA r=16 (run 7)"
    record = json.loads(fields["clinassist.provenance"].contents())
    assert record["datasets"] == ["medqa-usmle-train"]
    assert "im_start" in fields["tokenizer.chat_template"].contents()
