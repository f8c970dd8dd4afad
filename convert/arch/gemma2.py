"""Gemma 2: RMSNorm weights stored as w - 1, attention and final logit softcapping, post-norms,
sliding-window attention on every other layer.

llama.cpp hard-codes Gemma 2's layer pattern (even layers sliding) and its query scale
(1/sqrt(head_dim), 1/sqrt(n_embd/n_head) for 27B), so a config that differs is refused rather
than converted into a model that silently computes something else.
"""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np

from convert.arch.base import Architecture, TensorRule
from convert.arch.registry import register
from convert.errors import UnsupportedArchitectureError


@register
class Gemma2(Architecture):
    hf_classes = ("Gemma2ForCausalLM",)
    model_types = ("gemma2",)
    gguf_arch = gguf.MODEL_ARCH.GEMMA2
    family = "Gemma 2"
    add_space_prefix = False
    swa_period = 2  # llama.cpp: layer i slides unless (i + 1) % period == 0

    def add_hparams(self, writer: gguf.GGUFWriter, n_vocab: int) -> dict[str, np.ndarray]:
        self.check_layout()
        c = self.config
        writer.add_context_length(int(c.get("max_position_embeddings") or 8192))
        writer.add_embedding_length(int(c["hidden_size"]))
        writer.add_block_count(self.n_layers)
        writer.add_feed_forward_length(int(c["intermediate_size"]))
        writer.add_head_count(self.n_heads)
        writer.add_head_count_kv(self.n_kv_heads)
        writer.add_layer_norm_rms_eps(float(c.get("rms_norm_eps", 1e-6)))
        writer.add_key_length(self.head_dim)
        writer.add_value_length(self.head_dim)
        writer.add_rope_freq_base(float(self.rope["rope_theta"]))
        for key, default in (("attn_logit_softcapping", 50.0), ("final_logit_softcapping", 30.0)):
            if c.get(key, default) is None:  # llama.cpp's Gemma 2 graph always softcaps
                raise UnsupportedArchitectureError(f"Gemma 2 with {key}=null is not supported.")
        writer.add_attn_logit_softcapping(float(c.get("attn_logit_softcapping", 50.0)))
        writer.add_final_logit_softcapping(float(c.get("final_logit_softcapping", 30.0)))
        writer.add_sliding_window(int(c.get("sliding_window") or 4096))
        return {}

    def check_layout(self) -> None:
        """Refuse what llama.cpp's fixed Gemma graph cannot reproduce."""
        c = self.config
        expected = [
            "full_attention" if (i + 1) % self.swa_period == 0 else "sliding_attention"
            for i in range(self.n_layers)
        ]
        if (types := c.get("layer_types")) and list(types) != expected:
            raise UnsupportedArchitectureError(
                f"{self.hf_name}: layer_types {types} differ from the pattern llama.cpp uses "
                f"(one full-attention layer every {self.swa_period})."
            )
        pattern = c.get("sliding_window_pattern")
        if pattern is not None and int(pattern) != self.swa_period:
            raise UnsupportedArchitectureError(
                f"{self.hf_name}: sliding_window_pattern={pattern} differs from llama.cpp's "
                f"{self.swa_period}."
            )
        scalar = c.get("query_pre_attn_scalar")
        allowed = {self.head_dim, int(c["hidden_size"]) // self.n_heads}
        if scalar is not None and int(scalar) not in allowed:
            raise UnsupportedArchitectureError(
                f"{self.hf_name}: query_pre_attn_scalar={scalar} is not supported by llama.cpp "
                f"(it scales queries by head_dim or hidden_size/heads: {sorted(allowed)})."
            )

    def skip_tensor(self, hf_name: str) -> bool:
        if hf_name == "lm_head.weight" and not self.config.get("tie_word_embeddings", True):
            # llama.cpp's Gemma 2 graph always reuses the embedding as the output layer
            raise UnsupportedArchitectureError(
                "Gemma 2 with a separate (untied) lm_head is not supported by llama.cpp."
            )
        return super().skip_tensor(hf_name) or hf_name == "lm_head.weight"

    def tensor_rule(self, ttype: gguf.MODEL_TENSOR, hf_name: str) -> TensorRule:
        # GemmaRMSNorm computes x * (1 + w); llama.cpp's RMSNorm computes x * w
        if hf_name.endswith("norm.weight"):
            return TensorRule(add=1.0)
        return super().tensor_rule(ttype, hf_name)

    def vocab_kind(self, model_dir: Path) -> str | None:
        return "llama"
