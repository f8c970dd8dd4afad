"""Phi-3 / Phi-3.5 (mini, medium): fused qkv and gate-up projections, longrope factors.

llama.cpp's phi3 graph reads the fused ``attn_qkv`` and ``ffn_up`` (gate and up stacked) as
they are, so the tensors need no transform. Long-context models ("longrope"/"su") carry two
per-frequency factor tensors and an attention factor; llama.cpp picks the long factors when the
context exceeds ``original_max_position_embeddings``, as HF does.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import gguf
import numpy as np

from convert.arch.base import Architecture, tensor_name
from convert.arch.registry import register
from convert.errors import UnsupportedArchitectureError


@register
class Phi3(Architecture):
    hf_classes = ("Phi3ForCausalLM",)
    model_types = ("phi3",)
    gguf_arch = gguf.MODEL_ARCH.PHI3
    family = "Phi-3, Phi-3.5"

    @property
    def rope_dims(self) -> int:
        factor = float(self.rope.get("partial_rotary_factor", 1.0))
        return int(factor * int(self.config["hidden_size"])) // self.n_heads

    def add_hparams(self, writer: gguf.GGUFWriter, n_vocab: int) -> dict[str, np.ndarray]:
        c, rope = self.config, self.rope
        n_ctx = int(c.get("max_position_embeddings") or 4096)
        orig_ctx = int(rope.get("original_max_position_embeddings") or n_ctx)
        writer.add_context_length(n_ctx)
        writer.add_rope_scaling_orig_ctx_len(orig_ctx)
        writer.add_embedding_length(int(c["hidden_size"]))
        writer.add_feed_forward_length(int(c["intermediate_size"]))
        writer.add_block_count(self.n_layers)
        writer.add_head_count(self.n_heads)
        writer.add_head_count_kv(self.n_kv_heads)
        writer.add_layer_norm_rms_eps(float(c.get("rms_norm_eps", 1e-5)))
        writer.add_rope_dimension_count(self.rope_dims)
        writer.add_rope_freq_base(float(rope["rope_theta"]))
        # 0 = no window (Phi-4); Phi-3 mini uses 2047
        writer.add_sliding_window(int(c.get("sliding_window") or 0))
        extra: dict[str, np.ndarray] = {}
        long, short = rope.get("long_factor"), rope.get("short_factor")
        rope_type = str(rope.get("rope_type") or "default").lower()
        if not long:
            if rope_type not in ("default", "none"):
                raise UnsupportedArchitectureError(
                    f"Phi-3 rope scaling {rope_type!r} without long_factor is not supported."
                )
            return extra
        if rope_type not in ("longrope", "su"):
            raise UnsupportedArchitectureError(
                f"Phi-3 rope scaling {rope_type!r} is not supported (supported: longrope, su)."
            )
        if not short or len(long) != len(short) or len(long) * 2 != self.rope_dims:
            raise UnsupportedArchitectureError(
                f"Phi-3 longrope needs long_factor and short_factor of {self.rope_dims // 2} "
                f"values each (got {len(long)} and {len(short or [])})."
            )
        scale = n_ctx / orig_ctx
        attn = math.sqrt(1 + math.log(scale) / math.log(orig_ctx)) if scale > 1.0 else 1.0
        writer.add_rope_scaling_attn_factors(attn)
        extra[tensor_name(gguf.MODEL_TENSOR.ROPE_FACTORS_LONG)] = np.asarray(long, np.float32)
        extra[tensor_name(gguf.MODEL_TENSOR.ROPE_FACTORS_SHORT)] = np.asarray(short, np.float32)
        return extra

    def vocab_kind(self, model_dir: Path) -> str | None:
        # Phi-4 ships a GPT-2 BPE tokenizer under the same architecture class
        cfg = model_dir / "tokenizer_config.json"
        if cfg.is_file():
            data = json.loads(cfg.read_text(encoding="utf-8"))
            if data.get("tokenizer_class") == "GPT2Tokenizer":
                return "gpt2"
        return "llama"
