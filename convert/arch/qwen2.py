"""Qwen2 / Qwen2.5: neox rope layout (no Q/K permutation), q/k/v biases."""

from __future__ import annotations

import gguf

from convert.arch.base import Architecture
from convert.arch.registry import register


@register
class Qwen2(Architecture):
    hf_classes = ("Qwen2ForCausalLM",)
    model_types = ("qwen2",)
    gguf_arch = gguf.MODEL_ARCH.QWEN2
    family = "Qwen2, Qwen2.5"
    write_vocab_size = False
    write_rope_dims = False
