"""LLaMA 1/2/3 (also SmolLM2, TinyLlama): llama rope layout, optional llama3 rope factors."""

from __future__ import annotations

import gguf
import numpy as np

from convert.arch.base import Architecture, tensor_name
from convert.arch.registry import register
from convert.arch.rope import llama3_rope_factors


@register
class Llama(Architecture):
    hf_classes = ("LlamaForCausalLM",)
    model_types = ("llama",)
    gguf_arch = gguf.MODEL_ARCH.LLAMA
    family = "LLaMA 1/2/3, SmolLM2, TinyLlama"
    permute_qk = True
    rope_types = frozenset({"llama3"})

    def add_arch_hparams(self, writer: gguf.GGUFWriter, extra: dict[str, np.ndarray]) -> None:
        if str(self.rope["rope_type"]).lower() == "llama3":
            extra[tensor_name(gguf.MODEL_TENSOR.ROPE_FREQS)] = llama3_rope_factors(
                self.config, self.head_dim
            )
