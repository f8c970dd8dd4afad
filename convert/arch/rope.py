"""Rope settings shared by the architectures: parameter lookup, llama3 factors, scaling keys."""

from __future__ import annotations

import math
from typing import Any

import gguf
import numpy as np

from convert.errors import UnsupportedArchitectureError


def rope_parameters(config: dict[str, Any]) -> dict[str, Any]:
    """Rope settings of the full-attention layers, from transformers 5 ``rope_parameters``
    (flat, or split into ``full_attention``/``sliding_attention``) or older ``rope_scaling``.
    """
    raw = dict(config.get("rope_parameters") or {})
    params = dict(raw.get("full_attention") or raw)
    for key, value in (config.get("rope_scaling") or {}).items():
        params.setdefault(key, value)
    if "rope_type" not in params:
        params["rope_type"] = params.get("type", "default")
    params.setdefault("rope_theta", config.get("rope_theta", 10000.0))
    if "original_max_position_embeddings" in config:
        params.setdefault(
            "original_max_position_embeddings", config["original_max_position_embeddings"]
        )
    if "partial_rotary_factor" in config:
        params.setdefault("partial_rotary_factor", config["partial_rotary_factor"])
    return params


def local_rope_theta(config: dict[str, Any]) -> float | None:
    """Rope base of the sliding-window layers when it differs from the global one (Gemma 3)."""
    raw = config.get("rope_parameters") or {}
    sliding = raw.get("sliding_attention") if isinstance(raw, dict) else None
    if isinstance(sliding, dict) and "rope_theta" in sliding:
        return float(sliding["rope_theta"])
    for key in ("rope_local_base_freq", "local_rope_theta", "swa_rope_theta"):
        if config.get(key) is not None:
            return float(config[key])
    return None


def llama3_rope_factors(config: dict[str, Any], head_dim: int | None = None) -> np.ndarray:
    """Per-frequency divisors for llama3 rope scaling (llama.cpp's ``rope_freqs`` tensor).

    From the Llama 3.1 scaling rule: low frequencies are divided by ``factor``, high ones are
    kept, and the band in between is blended smoothly. Computed in float32 throughout, like
    llama.cpp's reference converter, so the tensor matches it bit for bit.
    """
    p = rope_parameters(config)
    dim = head_dim or int(
        config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    )
    f32 = np.float32
    base = f32(p["rope_theta"])
    factor = f32(p.get("factor", 8.0))
    low = f32(p.get("low_freq_factor", 1.0))
    high = f32(p.get("high_freq_factor", 4.0))
    old_ctx = f32(p.get("original_max_position_embeddings", 8192))
    low_wavelen, high_wavelen = old_ctx / low, old_ctx / high
    freqs = f32(1.0) / (base ** (np.arange(0, dim, 2, dtype=f32) / f32(dim)))
    factors = []
    for freq in freqs:
        wavelen = f32(2 * math.pi) / freq
        if wavelen < high_wavelen:
            factors.append(f32(1.0))
        elif wavelen > low_wavelen:
            factors.append(factor)
        else:
            smooth = (old_ctx / wavelen - low) / (high - low)
            factors.append(f32(1.0) / ((f32(1.0) - smooth) / factor + smooth))
    return np.asarray(factors, dtype=f32)


def add_rope_scaling(writer: gguf.GGUFWriter, params: dict[str, Any], supported: set[str]) -> str:
    """Write the scaling keys for ``params['rope_type']``; return the type. Refuse unknown ones.

    ``supported`` lists the types the calling architecture handles beyond default/linear/yarn
    (llama3 and longrope need tensors the architecture writes itself).
    """
    rope_type = str(params.get("rope_type") or "default").lower()
    factor = params.get("factor")
    if rope_type == "linear" and factor is not None:
        writer.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        writer.add_rope_scaling_factor(float(factor))
    elif rope_type == "yarn" and factor is not None:
        writer.add_rope_scaling_type(gguf.RopeScalingType.YARN)
        writer.add_rope_scaling_factor(float(factor))
        if "original_max_position_embeddings" not in params:
            raise UnsupportedArchitectureError(
                "yarn rope scaling needs original_max_position_embeddings in config.json."
            )
        writer.add_rope_scaling_orig_ctx_len(int(params["original_max_position_embeddings"]))
        if (ext := params.get("extrapolation_factor")) is not None:
            writer.add_rope_scaling_yarn_ext_factor(float(ext))
        attn = params.get("attention_factor", params.get("attn_factor"))
        if attn is not None:
            writer.add_rope_scaling_yarn_attn_factor(float(attn))
        if (fast := params.get("beta_fast")) is not None:
            writer.add_rope_scaling_yarn_beta_fast(float(fast))
        if (slow := params.get("beta_slow")) is not None:
            writer.add_rope_scaling_yarn_beta_slow(float(slow))
    elif rope_type in ("default", "none"):
        pass
    elif rope_type not in supported:
        known = ", ".join(sorted({"default", "linear", "yarn", *supported}))
        raise UnsupportedArchitectureError(
            f"Rope scaling type {rope_type!r} is not supported for this architecture "
            f"(supported: {known})."
        )
    return rope_type
