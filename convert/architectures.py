"""Supported HF architectures -> GGUF architecture, hyper-parameters, rope and tensor layout."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import gguf
import numpy as np

from convert.errors import UnsupportedArchitectureError


@dataclass(frozen=True)
class ArchSpec:
    """How one HF architecture is written as GGUF."""

    hf_name: str
    arch: gguf.MODEL_ARCH
    permute_qk: bool  # HF rotate-half -> GGUF interleaved rope layout (llama yes, qwen2 no)

    @property
    def gguf_name(self) -> str:
        return gguf.MODEL_ARCH_NAMES[self.arch]


_BY_CLASS: dict[str, ArchSpec] = {
    "LlamaForCausalLM": ArchSpec("LlamaForCausalLM", gguf.MODEL_ARCH.LLAMA, True),
    "MistralForCausalLM": ArchSpec("MistralForCausalLM", gguf.MODEL_ARCH.LLAMA, True),
    "Qwen2ForCausalLM": ArchSpec("Qwen2ForCausalLM", gguf.MODEL_ARCH.QWEN2, False),
}
_BY_MODEL_TYPE = {
    "llama": "LlamaForCausalLM",
    "mistral": "MistralForCausalLM",
    "qwen2": "Qwen2ForCausalLM",
}
SUPPORTED_ARCHITECTURES = tuple(_BY_CLASS)


def resolve_architecture(config: dict[str, Any]) -> ArchSpec:
    """Pick the ArchSpec for an HF config.json dict, or raise a clear error."""
    classes = config.get("architectures") or []
    for name in classes:
        if name in _BY_CLASS:
            return _BY_CLASS[name]
    model_type = config.get("model_type")
    if not classes and model_type in _BY_MODEL_TYPE:
        return _BY_CLASS[_BY_MODEL_TYPE[model_type]]
    found = ", ".join(classes) or f"model_type={model_type!r}"
    raise UnsupportedArchitectureError(
        f"Unsupported architecture {found}. This converter supports: "
        f"{', '.join(SUPPORTED_ARCHITECTURES)} (LLaMA 1/2/3, Mistral, SmolLM2, TinyLlama, Qwen2)."
    )


# -- hyper-parameters ----------------------------------------------------------------------
def head_dim(config: dict[str, Any]) -> int:
    n_head = int(config["num_attention_heads"])
    return int(config.get("head_dim") or config["hidden_size"] // n_head)


def n_kv_heads(config: dict[str, Any]) -> int:
    return int(config.get("num_key_value_heads") or config["num_attention_heads"])


def rope_parameters(config: dict[str, Any]) -> dict[str, Any]:
    """Rope settings from either transformers 5 ``rope_parameters`` or older ``rope_scaling``."""
    params = dict(config.get("rope_parameters") or {})
    scaling = config.get("rope_scaling") or {}
    for key, value in scaling.items():
        params.setdefault(key, value)
    if "rope_type" not in params:
        params["rope_type"] = params.get("type", "default")
    params.setdefault("rope_theta", config.get("rope_theta", 10000.0))
    return params


def llama3_rope_factors(config: dict[str, Any]) -> np.ndarray:
    """Per-frequency divisors for llama3 rope scaling (llama.cpp's ``rope_freqs`` tensor).

    From the Llama 3.1 scaling rule: low frequencies are divided by ``factor``, high ones are
    kept, and the band in between is blended smoothly.
    """
    p = rope_parameters(config)
    dim = head_dim(config)
    base = float(p["rope_theta"])
    factor = float(p.get("factor", 8.0))
    low = float(p.get("low_freq_factor", 1.0))
    high = float(p.get("high_freq_factor", 4.0))
    old_ctx = float(p.get("original_max_position_embeddings", 8192))
    low_wavelen, high_wavelen = old_ctx / low, old_ctx / high
    factors = []
    for i in range(0, dim, 2):
        freq = 1.0 / (base ** (i / dim))
        wavelen = 2 * math.pi / freq
        if wavelen < high_wavelen:
            factors.append(1.0)
        elif wavelen > low_wavelen:
            factors.append(factor)
        else:
            smooth = (old_ctx / wavelen - low) / (high - low)
            factors.append(1.0 / ((1 - smooth) / factor + smooth))
    return np.asarray(factors, dtype=np.float32)


def add_hparams(writer: gguf.GGUFWriter, config: dict[str, Any], n_vocab: int) -> dict[str, Any]:
    """Write the architecture's GGUF keys; return any extra tensors needed (e.g. rope_freqs)."""
    n_head = int(config["num_attention_heads"])
    hd = head_dim(config)
    writer.add_vocab_size(n_vocab)
    writer.add_context_length(int(config.get("max_position_embeddings") or 2048))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_block_count(int(config["num_hidden_layers"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_kv_heads(config))
    writer.add_layer_norm_rms_eps(float(config.get("rms_norm_eps", 1e-6)))
    writer.add_rope_dimension_count(hd)
    if hd * n_head != int(config["hidden_size"]):
        writer.add_key_length(hd)
        writer.add_value_length(hd)
    rope = rope_parameters(config)
    writer.add_rope_freq_base(float(rope["rope_theta"]))
    extra: dict[str, Any] = {}
    rope_type = rope["rope_type"]
    if rope_type == "llama3":
        extra[gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.ROPE_FREQS] + ".weight"] = llama3_rope_factors(
            config
        )
    elif rope_type == "linear":
        writer.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        writer.add_rope_scaling_factor(float(rope["factor"]))
    elif rope_type == "yarn":
        writer.add_rope_scaling_type(gguf.RopeScalingType.YARN)
        writer.add_rope_scaling_factor(float(rope["factor"]))
        if "original_max_position_embeddings" in rope:
            writer.add_rope_scaling_orig_ctx_len(int(rope["original_max_position_embeddings"]))
    elif rope_type not in ("default", None):
        raise UnsupportedArchitectureError(
            f"Rope scaling type {rope_type!r} is not supported (supported: default, linear, "
            "llama3, yarn)."
        )
    return extra


def rotary_row_permutation(n_rows: int, n_heads: int) -> np.ndarray:
    """Row order turning HF's rotate-half Q/K layout into GGUF llama's interleaved layout.

    Within each head HF keeps the two halves of every rotary pair ``head_dim/2`` rows apart;
    llama.cpp expects them adjacent. Output row ``h*hd + 2*i + j`` = input row
    ``h*hd + j*hd/2 + i``.
    """
    hd = n_rows // n_heads
    idx = np.arange(n_rows).reshape(n_heads, 2, hd // 2)
    return idx.transpose(0, 2, 1).reshape(-1)
