"""LoRA adapter -> llama.cpp LoRA GGUF, applied by llama.cpp to our GGUF of the base.

A tiny random LLaMA (GQA: Q and K rotary permutations with different head counts) is trained
for a few real steps by ``training.finetune`` (LoRA on every linear layer, alpha != r, the
Alpaca template, which travels with the adapter and replaces the base's ChatML), the
adapter exported with ``python -m convert lora``, the base converted by our converter and
loaded by llama.cpp with ``lora_path``: its logits equal those of the merged model (merge ->
our converter -> GGUF, all F32) and differ from the base alone. Then what the export refuses,
and the registry attaching the adapter to its own base only.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from convert import convert_model
from convert.cli import main as convert_main
from convert.errors import ConvertError, UnsupportedArchitectureError
from convert.lora_adapter import UnsupportedAdapterError, export_lora_adapter
from desktop.engine import Engine, EngineConfig
from desktop.settings_store import SettingsStore
from models.adapters import AdapterMismatchError, read_adapter_info
from models.registry import ModelRegistry
from tests.training.conftest import toy_records
from training.finetune import main as finetune_main
from training.templates import ALPACA_CHAT_TEMPLATE

pytestmark = pytest.mark.slow

TEXT = "The patient reports chest pain radiating to the left arm and shortness of breath."
LOGIT_TOL = 1e-3


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("lora_gguf")
    data = work / "toy.json"
    data.write_text(json.dumps(toy_records(16)), encoding="utf-8")
    run = work / "run"
    rc = finetune_main(
        ["--base", str(tiny_base), "--data", str(data), "--output", str(run),
         "--max-steps", "4", "--batch-size", "4", "--lr", "2e-2", "--lora-r", "8",
         "--lora-alpha", "24", "--eval-size", "0", "--max-length", "128", "--threads", "1",
         "--warmup-steps", "0", "--template", "alpaca", "--merge"]
    )  # fmt: skip
    assert rc == 0
    adapter_gguf = work / "adapter.gguf"
    rc = convert_main(
        ["lora", str(run / "adapter"), "--base", str(tiny_base), "-o", str(adapter_gguf),
         "--quant", "F32"]
    )  # fmt: skip
    assert rc == 0
    base_gguf, merged_gguf = work / "base.gguf", work / "merged.gguf"
    convert_model(tiny_base, base_gguf, "F32", verify=False, n_threads=1)
    convert_model(run / "merged", merged_gguf, "F32", verify=False, n_threads=1)
    return {
        "work": work,
        "base": tiny_base,
        "adapter": run / "adapter",
        "adapter_gguf": adapter_gguf,
        "base_gguf": base_gguf,
        "merged_gguf": merged_gguf,
    }


def _logits(model: Path, lora: Path | None = None) -> np.ndarray:
    import llama_cpp

    llm = llama_cpp.Llama(
        model_path=str(model), lora_path=str(lora) if lora else None, n_ctx=256, n_threads=1,
        n_threads_batch=1, logits_all=True, verbose=False,
    )  # fmt: skip
    try:
        tokens = llm.tokenize(TEXT.encode(), add_bos=True)
        llm.eval(tokens)
        return np.array(llm.scores[: len(tokens)], dtype=np.float64)
    finally:
        llm.close()


def test_llama_cpp_applies_the_adapter_like_the_merged_model(pipeline: dict[str, Path]) -> None:
    import gguf

    reader = gguf.GGUFReader(pipeline["adapter_gguf"])
    fields = {k: f.contents() for k, f in reader.fields.items() if k.startswith(("gen", "ada"))}
    assert fields["general.type"] == "adapter" and fields["adapter.type"] == "lora"
    assert fields["general.architecture"] == "llama" and fields["adapter.lora.alpha"] == 24.0
    shapes = {t.name: tuple(int(d) for d in t.shape) for t in reader.tensors}
    # 2 layers x 7 linear modules, ggml ne: lora_a [n_in, r], lora_b [r, n_out]
    assert len(shapes) == 2 * 7 * 2
    assert shapes["blk.0.attn_q.weight.lora_a"] == (64, 8)
    assert shapes["blk.0.attn_k.weight.lora_b"] == (8, 32)  # 2 KV heads x 16
    assert shapes["blk.1.ffn_down.weight.lora_a"] == (128, 8)

    merged = _logits(pipeline["merged_gguf"])
    with_lora = _logits(pipeline["base_gguf"], pipeline["adapter_gguf"])
    plain = _logits(pipeline["base_gguf"])
    diff = float(np.abs(with_lora - merged).max())
    effect = float(np.abs(plain - merged).max())
    print(f"max |logit diff| base+LoRA vs merged: {diff:.2e}; adapter effect: {effect:.3f}")
    assert diff <= LOGIT_TOL
    assert effect > 50 * LOGIT_TOL  # the adapter is not a no-op, so equality means something
    assert (with_lora.argmax(-1) == merged.argmax(-1)).all()


def test_without_the_rotary_permutation_the_adapter_would_be_wrong(
    pipeline: dict[str, Path], tmp_path: Path
) -> None:
    """The permutation of lora_b is what makes Q/K right: undo it and the logits move."""
    import gguf

    from convert.arch.base import rotary_row_permutation

    reader = gguf.GGUFReader(pipeline["adapter_gguf"])
    broken = tmp_path / "unpermuted.gguf"
    writer = gguf.GGUFWriter(broken, "llama")
    for key in ("general.type", "adapter.type"):
        writer.add_string(key, str(reader.fields[key].contents()))
    writer.add_float32("adapter.lora.alpha", float(reader.fields["adapter.lora.alpha"].contents()))
    for t in reader.tensors:
        data = np.array(t.data)
        if t.name.endswith(("attn_q.weight.lora_b", "attn_k.weight.lora_b")):
            heads = 4 if "attn_q" in t.name else 2
            data = data[np.argsort(rotary_row_permutation(data.shape[0], heads))]
        writer.add_tensor(t.name, data)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    merged = _logits(pipeline["merged_gguf"])
    wrong = _logits(pipeline["base_gguf"], broken)
    assert float(np.abs(wrong - merged).max()) > 10 * LOGIT_TOL


def _adapter_copy(pipeline: dict[str, Path], tmp_path: Path, **config) -> Path:
    target = tmp_path / "adapter"
    shutil.copytree(pipeline["adapter"], target)
    path = target / "adapter_config.json"
    cfg = json.loads(path.read_text())
    cfg.update(config)
    path.write_text(json.dumps(cfg))
    return target


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ({"use_dora": True}, "DoRA"),
        ({"use_rslora": True}, "rank-stabilised"),
        ({"modules_to_save": ["lm_head"]}, "modules_to_save"),
        ({"alpha_pattern": {"q_proj": 4}}, "per-module alphas"),
        ({"bias": "lora_only"}, "trains biases"),
        ({"init_lora_weights": "pissa"}, "changes the base weights"),
        ({"peft_type": "IA3"}, "only LoRA"),
    ],
    ids=["dora", "rslora", "modules_to_save", "alpha_pattern", "bias", "pissa", "ia3"],
)
def test_refuses_what_llama_cpp_cannot_apply(
    pipeline: dict[str, Path], tmp_path: Path, config: dict, says: str
) -> None:
    adapter = _adapter_copy(pipeline, tmp_path, **config)
    out = tmp_path / "out.gguf"
    with pytest.raises(UnsupportedAdapterError, match=says):
        export_lora_adapter(adapter, pipeline["base"], out)
    assert not out.exists() and not out.with_name("out.gguf.part").exists()


def test_refuses_unknown_modules_extra_tensors_and_other_bases(
    pipeline: dict[str, Path], tmp_path: Path
) -> None:
    adapter = _adapter_copy(pipeline, tmp_path)
    weights = adapter / "adapter_model.safetensors"
    tensors = load_file(str(weights))
    key = next(k for k in tensors if "q_proj.lora_A" in k)
    renamed = {
        (k.replace("q_proj", "gate_x_proj") if "layers.0.self_attn.q_proj" in k else k): v
        for k, v in tensors.items()
    }
    save_file(renamed, str(weights))
    with pytest.raises(UnsupportedAdapterError, match="gate_x_proj has no GGUF tensor"):
        export_lora_adapter(adapter, pipeline["base"], tmp_path / "a.gguf")
    save_file(
        {**tensors, key.replace("lora_A", "lora_magnitude_vector"): tensors[key]}, str(weights)
    )
    with pytest.raises(UnsupportedAdapterError, match="DoRA magnitude vector"):
        export_lora_adapter(adapter, pipeline["base"], tmp_path / "b.gguf")
    save_file(tensors, str(weights))
    # a model of the same family with other shapes
    from transformers import LlamaConfig, LlamaForCausalLM

    cfg = json.loads((pipeline["base"] / "config.json").read_text())
    other = tmp_path / "other"
    LlamaForCausalLM(LlamaConfig(**{**cfg, "intermediate_size": 96})).save_pretrained(str(other))
    with pytest.raises(UnsupportedAdapterError, match="trained on another model"):
        export_lora_adapter(adapter, other, tmp_path / "c.gguf")
    # an architecture the converter does not know
    gpt2 = tmp_path / "gpt2"
    shutil.copytree(pipeline["base"], gpt2)
    cfg = json.loads((gpt2 / "config.json").read_text())
    cfg["architectures"] = ["GPT2LMHeadModel"]
    (gpt2 / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(UnsupportedArchitectureError, match="Unsupported architecture"):
        export_lora_adapter(adapter, gpt2, tmp_path / "d.gguf")
    with pytest.raises(ConvertError, match="already exists"):
        export_lora_adapter(adapter, pipeline["base"], pipeline["adapter_gguf"])
    assert not list(tmp_path.glob("*.gguf"))


def test_export_against_the_base_gguf_equals_export_against_the_hf_folder(
    pipeline: dict[str, Path], tmp_path: Path
) -> None:
    import gguf

    out = tmp_path / "from-gguf.gguf"
    report = export_lora_adapter(pipeline["adapter"], pipeline["base_gguf"], out, "F32")
    assert report.n_modules == 14 and report.rank == 8 and len(report.permuted) == 4
    ours = {t.name: np.array(t.data) for t in gguf.GGUFReader(out).tensors}
    ref = {t.name: np.array(t.data) for t in gguf.GGUFReader(pipeline["adapter_gguf"]).tensors}
    assert ours.keys() == ref.keys()
    for name, data in ours.items():
        np.testing.assert_array_equal(data, ref[name])
    info = read_adapter_info(out)
    assert info.base is not None and info.base.sha256 is not None  # the exact base file
    assert info.chat_template == ALPACA_CHAT_TEMPLATE and report.chat_template


def test_registry_attaches_the_adapter_to_its_base_only(
    pipeline: dict[str, Path], tmp_home: Path, default_model_path: Path
) -> None:
    import llama_cpp

    registry = ModelRegistry()
    base = registry.import_gguf(pipeline["base_gguf"])
    sibling = registry.import_gguf(pipeline["merged_gguf"])  # same shapes, other weights
    with pytest.raises(AdapterMismatchError, match="same shape but not the same weights"):
        registry.import_adapter(pipeline["adapter_gguf"], sibling.id)
    with pytest.raises(AdapterMismatchError, match="another size or layout"):
        registry.import_adapter(pipeline["adapter_gguf"], registry.default_entry().id)
    with pytest.raises(Exception, match="not a LoRA adapter"):
        registry.import_adapter(pipeline["merged_gguf"], base.id)
    assert registry.adapters.list() == []

    entry = registry.import_adapter(pipeline["adapter_gguf"], base.id)
    assert entry.base_id == base.id and entry.name == "run"
    assert stat.S_IMODE(os.stat(entry.path).st_mode) == 0o600
    assert Path(entry.path).parent == registry.models_dir
    assert [a.id for a in registry.adapters.list(base.id)] == [entry.id]
    assert registry.adapters.list(sibling.id) == []
    assert registry.import_adapter(pipeline["adapter_gguf"], base.id).id == entry.id  # once

    # the app's settings remember the adapter per base and hand it to llama.cpp
    settings = SettingsStore()
    settings.merge("adapters", {base.path: entry.path})
    config = settings.engine_config(base.path)
    assert config.lora_path == entry.path and settings.engine_config(sibling.path).lora_path is None
    config.n_threads, config.n_ctx = 1, 256
    engine = Engine(config)
    try:
        # served with the template the adapter was trained with, not the base's ChatML
        assert "<|im_start|>" in (engine.info.chat_template or "")
        rendered = engine.render([{"role": "user", "content": "Organ: liver"}])
        assert rendered.endswith("### Response:\n") and "<|im_start|>" not in rendered
        engine.llama.eval(engine.tokenize(TEXT))  # logits of the last token only
        last = llama_cpp.llama_get_logits_ith(engine.llama.ctx, -1)
        got = np.ctypeslib.as_array(last, shape=(engine.llama.n_vocab(),)).astype(np.float64)
    finally:
        engine.close()
    want = _logits(pipeline["merged_gguf"])[-1]
    assert float(np.abs(got - want).max()) <= LOGIT_TOL

    registry.remove(base.id)  # its adapters go with it
    assert registry.adapters.list() == [] and not Path(entry.path).exists()


def test_engine_refuses_a_model_file_given_as_adapter(
    pipeline: dict[str, Path], default_model_path: Path
) -> None:
    from desktop.engine.errors import ModelLoadError

    config = EngineConfig(str(pipeline["base_gguf"]), n_ctx=256, n_threads=1)
    config.lora_path = str(pipeline["merged_gguf"])
    with pytest.raises(ModelLoadError, match="not a LoRA adapter"):
        Engine(config)
    assert EngineConfig(str(default_model_path)).lora_path is None


def test_qwen2_adapter_has_no_rotary_permutation_and_matches_the_merged_model(
    tmp_path: Path, tokenizer_dir: Path
) -> None:
    """Qwen2 (neox rope, q/k/v biases): lora_b keeps its row order; peft-initialised nonzero B
    on q/k/v/o; base + adapter in llama.cpp equals the merged model."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM

    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    torch.manual_seed(0)
    config = Qwen2Config(
        vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        tie_word_embeddings=True, bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id,
    )  # fmt: skip
    model = Qwen2ForCausalLM(config)
    base = tmp_path / "qwen2"
    model.save_pretrained(str(base))
    tok.save_pretrained(str(base))
    lora = LoraConfig(r=4, lora_alpha=8, init_lora_weights=False,
                      target_modules=["q_proj", "k_proj", "v_proj", "o_proj"])  # fmt: skip
    peft_model = get_peft_model(model, lora)
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.mul_(20.0)  # a visible effect on a 0.02-initialised random model
    peft_model.save_pretrained(str(tmp_path / "adapter"))
    merged = tmp_path / "merged"
    peft_model.merge_and_unload().save_pretrained(str(merged))
    tok.save_pretrained(str(merged))
    report = export_lora_adapter(tmp_path / "adapter", base, tmp_path / "a.gguf", "F32")
    assert report.architecture == "qwen2" and report.permuted == [] and report.n_modules == 8
    convert_model(base, tmp_path / "base.gguf", "F32", verify=False, n_threads=1)
    convert_model(merged, tmp_path / "merged.gguf", "F32", verify=False, n_threads=1)
    want = _logits(tmp_path / "merged.gguf")
    got = _logits(tmp_path / "base.gguf", tmp_path / "a.gguf")
    plain = _logits(tmp_path / "base.gguf")
    assert float(np.abs(got - want).max()) <= LOGIT_TOL
    assert float(np.abs(plain - want).max()) > 50 * LOGIT_TOL
