"""llama.cpp implementation of :class:`desktop.mcq.backend.LogitsBackend`.

Reads logits straight from the llama.cpp context after each decode (llama-cpp-python 0.3.x
no longer copies them to ``Llama.scores`` unless ``logits_all``), and reuses the KV cache:
a prompt sharing a prefix with the previous one (system prompt, k-shot exemplars, the same
question scored by several methods) only decodes its new tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from desktop.engine import CancelToken, Engine, SamplingSettings
from desktop.mcq.backend import log_softmax
from desktop.mcq.result import MCQError

if TYPE_CHECKING:
    from llama_cpp import Llama


class LlamaBackend:
    """Wraps an :class:`Engine`, or a raw ``llama_cpp.Llama`` (adopted by one). Not thread-safe."""

    name = "gguf"

    def __init__(self, model: Engine | Llama) -> None:
        self.engine = model if isinstance(model, Engine) else Engine.adopt(model)
        self.llama = self.engine.llama
        self.n_ctx = self.llama.n_ctx()
        self.n_vocab = self.llama.n_vocab()

    # -- LogitsBackend -------------------------------------------------------------
    def render(self, messages: list[dict[str, str]]) -> str:
        return self.engine.render(messages)

    def tokenize_prompt(self, text: str) -> list[int]:
        return self.engine.tokenize(text)

    def tokenize_piece(self, text: str) -> list[int]:
        return self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def _check_fits(self, n: int) -> None:
        if n >= self.n_ctx:
            raise MCQError(
                f"The question needs {n} tokens but the model's context window holds "
                f"{self.n_ctx}. Use fewer exemplars, a shorter context, or a larger context size."
            )

    def _decode(self, tokens: Sequence[int], all_logits: bool) -> np.ndarray:
        """Decode ``tokens`` after the current cache; return logits (rows: all or last)."""
        llama = self.llama
        ctx = llama._ctx
        ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        rows: list[np.ndarray] = []
        step = llama.n_batch
        for i in range(0, len(tokens), step):
            batch = list(tokens[i : i + step])
            n_past = llama.n_tokens
            llama._batch.set_batch(batch=batch, n_past=n_past, logits_all=all_logits)
            ctx.decode(llama._batch)
            llama.input_ids[n_past : n_past + len(batch)] = batch
            llama.n_tokens += len(batch)
            n_out = len(batch) if all_logits else 1
            out = np.ctypeslib.as_array(ctx.get_logits(), shape=(n_out * self.n_vocab,))
            rows.append(out.reshape(n_out, self.n_vocab).copy())
        # The cached state now matches input_ids; llama-cpp's own generate() may reuse it.
        llama._requires_eval = False
        return np.concatenate(rows) if all_logits else rows[-1]

    def _sync_prefix(self, tokens: Sequence[int]) -> int:
        """Rewind the cache to the longest common prefix, keeping >= 1 token to decode."""
        llama = self.llama
        common = 0
        for a, b in zip(llama.input_ids[: llama.n_tokens], tokens, strict=False):
            if a != b:
                break
            common += 1
        common = min(common, len(tokens) - 1)
        llama.n_tokens = common
        return common

    def next_logprobs(self, tokens: Sequence[int]) -> np.ndarray:
        self._check_fits(len(tokens))
        start = self._sync_prefix(tokens)
        logits = self._decode(tokens[start:], all_logits=False)
        return log_softmax(logits[-1] if logits.ndim == 2 else logits)

    def continuation_logprobs(
        self, prefix: Sequence[int], continuations: Sequence[Sequence[int]]
    ) -> list[list[float]]:
        longest = max((len(c) for c in continuations), default=0)
        self._check_fits(len(prefix) + longest)
        first = self.next_logprobs(prefix)
        out: list[list[float]] = []
        for cont in continuations:
            if not cont:
                out.append([])
                continue
            scores = [float(first[cont[0]])]
            if len(cont) > 1:
                self.llama.n_tokens = len(prefix)
                rows = self._decode(cont[:-1], all_logits=True)
                scores += [float(log_softmax(rows[i])[cont[i + 1]]) for i in range(len(cont) - 1)]
            out.append(scores)
        self.llama.n_tokens = len(prefix)
        self.llama._requires_eval = True  # the live logits belong to a continuation, not prefix
        return out

    def generate(
        self,
        tokens: Sequence[int],
        max_tokens: int,
        grammar: str | None = None,
        temperature: float = 0.0,
        seed: int | None = None,
        cancel: CancelToken | None = None,
    ) -> str:
        import llama_cpp  # lazy: keeps the native llama.cpp library off start-up

        self._check_fits(len(tokens) + 1)
        max_tokens = max(1, min(max_tokens, self.n_ctx - len(tokens)))
        compiled = llama_cpp.LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
        # The engine's loop: cancellable prefill, KV-prefix reuse, incremental UTF-8.
        sampling = SamplingSettings(
            temperature=temperature,
            top_k=0 if temperature > 0 else 1,
            top_p=1.0,
            min_p=0.0,
            repeat_penalty=1.0,
            max_tokens=max_tokens,
            seed=seed,
        )
        stream = self.engine.stream_prompt(list(tokens), sampling, cancel, grammar=compiled)
        for _ in stream:
            pass
        assert stream.result is not None
        return stream.result.text
