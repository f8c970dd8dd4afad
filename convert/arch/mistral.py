"""Mistral: a llama-layout model; its sliding window is recorded in the GGUF."""

from __future__ import annotations

import gguf
import numpy as np

from convert.arch.llama import Llama
from convert.arch.registry import register


@register
class Mistral(Llama):
    hf_classes = ("MistralForCausalLM",)
    model_types = ("mistral",)
    family = "Mistral"

    def add_arch_hparams(self, writer: gguf.GGUFWriter, extra: dict[str, np.ndarray]) -> None:
        super().add_arch_hparams(writer, extra)
        # Mistral 7B v0.1 attends within a 4096-token window. llama.cpp's llama graph attends to
        # the whole context, so the key is informational; v0.2+ set it to null (no window).
        if window := self.config.get("sliding_window"):
            writer.add_sliding_window(int(window))
