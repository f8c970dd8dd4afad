"""What MCQ scoring needs from a model: tokens, chat rendering, next-token log-probabilities.

:class:`desktop.mcq.llama_backend.LlamaBackend` implements it on llama.cpp; the evaluation
harness has a transformers implementation (``training.eval_hf``) for merged HF models, so the
same scoring code runs on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from desktop.engine import CancelToken


class LogitsBackend(Protocol):
    name: str
    n_ctx: int

    def render(self, messages: list[dict[str, str]]) -> str:
        """The model's chat template with the assistant turn opened."""
        ...

    def tokenize_prompt(self, text: str) -> list[int]:
        """Tokenize rendered prompt text (special tokens parsed, BOS as the model wants)."""
        ...

    def tokenize_piece(self, text: str) -> list[int]:
        """Tokenize a continuation (no BOS, no special tokens)."""
        ...

    def next_logprobs(self, tokens: Sequence[int]) -> np.ndarray:
        """Log-softmax of the next-token distribution after ``tokens`` (vocab-sized)."""
        ...

    def continuation_logprobs(
        self, prefix: Sequence[int], continuations: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        """Per-token log-probabilities of each continuation after the shared ``prefix``."""
        ...

    def generate(
        self,
        tokens: Sequence[int],
        max_tokens: int,
        grammar: str | None = None,
        temperature: float = 0.0,
        seed: int | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        """Generate text after ``tokens`` (greedy at temperature 0), optionally under GBNF."""
        ...


def log_softmax(logits: np.ndarray) -> np.ndarray:
    x = np.asarray(logits, dtype=np.float64)
    top = x.max()
    return x - (top + np.log(np.exp(x - top).sum()))
