"""Gemma 3 text models (also MedGemma text): Gemma 2's norms plus Q/K norms, a separate rope
base for the sliding-window layers, five sliding layers per full one, no attention softcapping.
"""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np

from convert.arch.base import Architecture
from convert.arch.gemma2 import Gemma2
from convert.arch.registry import register
from convert.arch.rope import add_rope_scaling, local_rope_theta
from convert.errors import UnsupportedArchitectureError


@register
class Gemma3(Gemma2):
    hf_classes = ("Gemma3ForCausalLM",)
    model_types = ("gemma3_text",)
    gguf_arch = gguf.MODEL_ARCH.GEMMA3
    family = "Gemma 3, MedGemma (text)"
    swa_period = 6

    def add_hparams(self, writer: gguf.GGUFWriter, n_vocab: int) -> dict[str, np.ndarray]:
        self.check_layout()
        c, rope = self.config, self.rope
        if c.get("attn_logit_softcapping") is not None:
            raise UnsupportedArchitectureError(
                "Gemma 3 with attn_logit_softcapping is not supported by llama.cpp."
            )
        writer.add_block_count(self.n_layers)
        writer.add_context_length(int(c.get("max_position_embeddings") or 131072))
        writer.add_embedding_length(int(c["hidden_size"]))
        writer.add_feed_forward_length(int(c["intermediate_size"]))
        writer.add_head_count(self.n_heads)
        writer.add_head_count_kv(self.n_kv_heads)
        add_rope_scaling(writer, rope, set())  # Gemma 3 4B+: linear x8 on the global layers
        writer.add_rope_freq_base(float(rope.get("rope_theta") or 1_000_000.0))
        if (local := local_rope_theta(c)) is not None:
            writer.add_rope_freq_base_swa(local)
        writer.add_layer_norm_rms_eps(float(c.get("rms_norm_eps", 1e-6)))
        writer.add_key_length(self.head_dim)
        writer.add_value_length(self.head_dim)
        if softcap := c.get("final_logit_softcapping"):
            writer.add_final_logit_softcapping(float(softcap))
        writer.add_sliding_window(int(c.get("sliding_window") or 4096))
        return {}

    def skip_tensor(self, hf_name: str) -> bool:
        return Architecture.skip_tensor(self, hf_name)  # Gemma 3 may have its own output layer

    def vocab_kind(self, model_dir: Path) -> str | None:
        return "llama" if (model_dir / "tokenizer.model").is_file() else "gpt2"
