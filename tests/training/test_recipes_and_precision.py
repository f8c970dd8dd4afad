"""The GPU recipes parse and validate as shipped; the precision rules (bf16 only where native).

The CUDA checks replace torch's device queries: this machine has no GPU, and the rule under test
is the decision, not the hardware."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from training.config import FinetuneConfig, parse_config
from training.errors import ConfigError
from training.precision import mixed_precision, weight_dtype

RECIPES = Path(__file__).resolve().parents[2] / "training" / "recipes"


def test_recipes_parse() -> None:
    full = parse_config(["--config", str(RECIPES / "alpacare_full_fsdp.yaml")])
    assert full.full and full.lr == 2e-5 and full.epochs == 3 and full.max_length == 1024
    assert full.scheduler == "cosine" and full.warmup_ratio == 0.03
    qlora = parse_config(["--config", str(RECIPES / "qlora_llama3_8b.yaml")])
    assert qlora.load_in_4bit and not qlora.full and qlora.system_prompt == "app"
    assert "distributed_type: FSDP" in (RECIPES / "accelerate_fsdp.yaml").read_text()


@pytest.mark.parametrize(
    ("capability", "auto", "lora_dtype"),
    [((7, 5), "fp16", torch.float16), ((8, 0), "bf16", torch.bfloat16)],
)
def test_gpu_precision_follows_compute_capability(
    monkeypatch: pytest.MonkeyPatch, capability, auto: str, lora_dtype: torch.dtype
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda *a: capability)
    cfg = FinetuneConfig(data=["x"])
    assert mixed_precision(cfg) == auto
    assert weight_dtype(cfg, auto) == lora_dtype  # a 7B LoRA base: 14 GB, not 28
    assert weight_dtype(FinetuneConfig(data=["x"], full=True), auto) == torch.float32
    if capability < (8, 0):
        with pytest.raises(ConfigError, match="compute capability 8.0"):
            mixed_precision(FinetuneConfig(data=["x"], precision="bf16"))


def test_cpu_trains_in_fp32(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert mixed_precision(FinetuneConfig(data=["x"])) == "no"
    assert weight_dtype(FinetuneConfig(data=["x"]), "no") == torch.float32
    with pytest.raises(ConfigError, match="needs a CUDA GPU"):
        mixed_precision(FinetuneConfig(data=["x"], precision="bf16"))


def test_merge_keeps_the_base_dtype(tmp_path: Path, tiny_base: Path) -> None:
    from peft import LoraConfig, get_peft_model
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from training.merge import merge_adapter

    bf16 = tmp_path / "bf16-base"
    AutoModelForCausalLM.from_pretrained(str(tiny_base), dtype=torch.bfloat16).save_pretrained(
        str(bf16)
    )
    AutoTokenizer.from_pretrained(str(tiny_base)).save_pretrained(str(bf16))
    lora = get_peft_model(
        AutoModelForCausalLM.from_pretrained(str(bf16), dtype=torch.bfloat16),
        LoraConfig(r=4, target_modules=["q_proj"], task_type="CAUSAL_LM"),
    )
    lora.save_pretrained(str(tmp_path / "adapter"))
    out = merge_adapter(str(bf16), tmp_path / "adapter", tmp_path / "merged")
    weights = load_file(str(out / "model.safetensors"))
    assert {t.dtype for t in weights.values()} == {torch.bfloat16}
    assert '"dtype": "bf16"' in (out / "provenance.json").read_text()
