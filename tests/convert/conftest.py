"""Fixtures: the embedded SmolLM2 dequantized to an HF folder, and tiny random HF models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")


@pytest.fixture(scope="session")
def smol_hf_dir(default_model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SmolLM2-135M-Instruct dequantized (Q4_1 -> fp32) into a plain HF folder."""
    from convert.hf_from_gguf import dequantize_gguf_to_hf

    return dequantize_gguf_to_hf(default_model_path, tmp_path_factory.mktemp("smol_hf"))


def _config(arch: str, *, n_kv: int, tied: bool, **extra):
    from transformers import LlamaConfig, MistralConfig, Qwen2Config

    common = dict(
        vocab_size=49152,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=n_kv,
        max_position_embeddings=512,
        rms_norm_eps=1e-5,
        tie_word_embeddings=tied,
        initializer_range=0.2,  # larger weights -> well separated logits
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=2,
        **extra,
    )
    classes = {"llama": LlamaConfig, "mistral": MistralConfig, "qwen2": Qwen2Config}
    return classes[arch](**common)


@pytest.fixture
def make_tiny_model(smol_hf_dir: Path, tmp_path: Path):
    """Build a tiny random llama/qwen2 model with the real SmolLM2 BPE tokenizer."""

    def build(
        arch: str = "llama",
        *,
        n_kv: int = 4,
        tied: bool = True,
        dtype: str = "float32",
        shard: str | None = None,
        pytorch_bin: bool = False,
        name: str = "tiny",
        **extra,
    ) -> Path:
        import torch
        from transformers import AutoModelForCausalLM

        torch.manual_seed(0)
        config = _config(arch, n_kv=n_kv, tied=tied, **extra)
        model = AutoModelForCausalLM.from_config(config)
        with torch.no_grad():
            for module_name, param in model.named_parameters():
                if module_name.endswith("bias"):
                    param.normal_(0.0, 0.5)  # make qwen2's q/k/v biases matter
                elif "norm" in module_name:
                    param.uniform_(0.5, 1.5)  # non-trivial norm weights
        if dtype == "bfloat16":
            model = model.to(torch.bfloat16)
            model.config.dtype = torch.bfloat16
        out = tmp_path / name
        if pytorch_bin:
            out.mkdir()
            model.config.save_pretrained(out)
            torch.save(model.state_dict(), out / "pytorch_model.bin")
        else:
            kwargs = {"max_shard_size": shard} if shard else {}
            model.save_pretrained(out, **kwargs)
        for fname in TOKENIZER_FILES:
            if (smol_hf_dir / fname).is_file():
                shutil.copy(smol_hf_dir / fname, out / fname)
        return out

    return build
