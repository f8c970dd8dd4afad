"""transformers implementation of the MCQ ``LogitsBackend`` (merged HF models before GGUF).

The same :class:`desktop.mcq.MCQScorer` logic (prompt, label tokens, renormalisation) runs on
HF logits, so a model can be compared before and after conversion.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from desktop.engine import CancelToken
from desktop.mcq.backend import log_softmax
from desktop.mcq.result import MCQError


class HFBackend:
    """Wraps a causal LM and its tokenizer (CPU, float32, no gradient)."""

    name = "hf"

    def __init__(self, model: Any, tokenizer: Any, n_ctx: int | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        limit = getattr(model.config, "max_position_embeddings", None) or 4096
        self.n_ctx = int(n_ctx or min(limit, 8192))

    @classmethod
    def load(cls, path: str) -> HFBackend:
        """An HF model folder, or a GGUF (dequantized by transformers)."""
        from training.base_model import load_base_model, load_tokenizer, resolve_base

        ref = resolve_base(path)
        model = load_base_model(ref)
        model.config.use_cache = True  # training turns it off; generation wants it
        return cls(model, load_tokenizer(ref))

    def render(self, messages: list[dict[str, str]]) -> str:
        return self.tokenizer.apply_chat_template(
            messages, tokenize=False, add_generation_prompt=True
        )

    def tokenize_prompt(self, text: str) -> list[int]:
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        bos = self.tokenizer.bos_token
        if getattr(self.tokenizer, "add_bos_token", False) and bos and not text.startswith(bos):
            ids = [self.tokenizer.bos_token_id, *ids]
        return list(ids)

    def tokenize_piece(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _check_fits(self, n: int) -> None:
        if n >= self.n_ctx:
            raise MCQError(f"the question needs {n} tokens; the model holds {self.n_ctx}")

    @torch.no_grad()
    def _logits(self, tokens: Sequence[int]) -> np.ndarray:
        ids = torch.tensor([list(tokens)], dtype=torch.long)
        return self.model(input_ids=ids).logits[0].float().numpy()

    def next_logprobs(self, tokens: Sequence[int]) -> np.ndarray:
        self._check_fits(len(tokens))
        return log_softmax(self._logits(tokens)[-1])

    def continuation_logprobs(
        self, prefix: Sequence[int], continuations: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        out: list[list[float]] = []
        for cont in continuations:
            self._check_fits(len(prefix) + len(cont))
            logits = self._logits([*prefix, *cont])
            start = len(prefix) - 1
            out.append([float(log_softmax(logits[start + i])[tok]) for i, tok in enumerate(cont)])
        return out

    @torch.no_grad()
    def generate(
        self,
        tokens: Sequence[int],
        max_tokens: int,
        grammar: str | None = None,  # not supported here: the caller re-scores the labels
        temperature: float = 0.0,
        seed: int | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        self._check_fits(len(tokens) + 1)
        if seed is not None:
            torch.manual_seed(seed)
        ids = torch.tensor([list(tokens)], dtype=torch.long)
        kwargs: dict[str, Any] = {"do_sample": temperature > 0, "max_new_tokens": max_tokens}
        if temperature > 0:
            kwargs["temperature"] = temperature
        pad = self.tokenizer.pad_token_id or self.tokenizer.eos_token_id
        out = self.model.generate(
            ids, attention_mask=torch.ones_like(ids), pad_token_id=pad, **kwargs
        )
        return self.tokenizer.decode(out[0, len(tokens) :], skip_special_tokens=True)
