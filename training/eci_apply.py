"""Apply an exported ECI head on-device to a GGUF with llama.cpp (no Qt, no torch).

llama.cpp with embeddings switched on returns the final hidden state after the model's output norm
for the last evaluated token -- exactly what the head was trained on.

    clf = ECIClassifier("model.gguf", "merged_dir")     # folder holding eci_head.{safetensors,json}
    clf = ECIClassifier(engine.llama, head_dir)          # or share an already loaded Llama
    clf.classify(question="...", context="...")          # -> {"yes": 0.7, "no": 0.2, "maybe": 0.1}
    clf.classify_prompt(text)                            # an already rendered prompt
    clf.close()

Not thread-safe: use one instance per thread (e.g. on the engine worker thread).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

HEAD_FILE = "eci_head.safetensors"
META_FILE = "eci_head.json"


class ECIHeadError(Exception):
    """The head files are missing/corrupt or do not fit the model."""


def load_head_arrays(folder: str | Path) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """``(weight [n_labels, hidden], bias [n_labels], meta)`` of an exported head."""
    from safetensors.numpy import load_file

    folder = Path(folder)
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        tensors = load_file(str(folder / HEAD_FILE))
        weight, bias = tensors["weight"].astype(np.float32), tensors["bias"].astype(np.float32)
        labels = meta["labels"]
        prompt = meta["prompt"]
    except (OSError, ValueError, KeyError) as exc:
        raise ECIHeadError(f"{folder}: not a valid ECI head ({exc})") from exc
    if weight.shape != (len(labels), int(meta["hidden_size"])) or bias.shape != (len(labels),):
        raise ECIHeadError(f"{folder}: head shape {weight.shape} does not match its labels")
    if "prompt_format" not in prompt:
        raise ECIHeadError(f"{folder}: {META_FILE} has no prompt format")
    return weight, bias, meta


def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max())
    return z / z.sum()


class ECIClassifier:
    """A GGUF in llama.cpp plus a linear ECI head.

    ``model`` is a GGUF path (a ``Llama`` is loaded) or an already loaded ``llama_cpp.Llama``
    -- e.g. the app engine's own, so the head needs no second copy of the model. Only public
    llama-cpp-python API is used: embeddings are switched on for one ``Llama.eval`` (llama.cpp
    then returns the final-normed hidden state of the last token) and off again.
    """

    def __init__(
        self,
        model: str | Path | Any,
        head_dir: str | Path,
        n_threads: int | None = None,
        n_ctx: int | None = None,
    ) -> None:
        import llama_cpp

        self.weight, self.bias, self.meta = load_head_arrays(head_dir)
        self.labels: list[str] = list(self.meta["labels"])
        self.prompt: dict[str, Any] = self.meta["prompt"]
        self.max_tokens = int(self.prompt.get("max_prompt_tokens", 512))
        self._owned = isinstance(model, str | Path)
        if self._owned:
            n = n_ctx or max(512, self.max_tokens + 16)
            model = llama_cpp.Llama(
                model_path=str(model), n_ctx=n, n_batch=min(n, 512), n_threads=n_threads,
                n_threads_batch=n_threads, verbose=False,
            )  # fmt: skip
        self.llama = model
        if self.llama.n_embd() != self.weight.shape[1]:
            raise ECIHeadError(
                f"head expects hidden size {self.weight.shape[1]}, model has {self.llama.n_embd()}"
            )

    # ---------------------------------------------------------------- prompts
    def render(self, question: str, context: str = "") -> str:
        """The exact prompt text the head was trained on (context cut to fit, as in training)."""
        text = self._fill(question, context)
        excess = len(self.tokenize(text)) - self.max_tokens
        if excess > 0:
            ctx = self.llama.tokenize(context.encode("utf-8"), add_bos=False, special=False)
            keep = max(0, len(ctx) - excess - 8)
            cut = self.llama.detokenize(ctx[:keep]).decode("utf-8", errors="ignore")
            text = self._fill(question, cut + " ...")
        return text

    def _fill(self, question: str, context: str) -> str:
        marker = "\x00CTX\x00"
        fmt = self.prompt["prompt_format"].replace("{context}", marker)
        return fmt.replace("{question}", question).replace(marker, context)

    def tokenize(self, text: str) -> list[int]:
        """Tokens as in training: special tokens parsed, BOS only if the tokenizer adds one."""
        toks = self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        if self.prompt.get("add_bos"):
            toks = [self.llama.token_bos(), *toks]
        return toks

    # ------------------------------------------------------------- inference
    def hidden_state(self, tokens: list[int]) -> np.ndarray:
        """Final-normed hidden state of the last token (llama.cpp's embedding output)."""
        import llama_cpp

        if not tokens:
            raise ValueError("empty prompt")
        llama = self.llama
        if len(tokens) >= llama.n_ctx():
            raise ValueError(f"prompt has {len(tokens)} tokens; the context holds {llama.n_ctx()}")
        llama.reset()  # evaluate from position 0 (a chat's cached prefix is not reused)
        llama_cpp.llama_set_embeddings(llama.ctx, True)
        try:
            llama.eval(tokens)
            ptr = llama_cpp.llama_get_embeddings_ith(llama.ctx, -1)
            if not ptr:
                raise ECIHeadError("llama.cpp returned no hidden state for this model")
            vec = np.ctypeslib.as_array(ptr, shape=(llama.n_embd(),)).astype(np.float32).copy()
        finally:
            llama_cpp.llama_set_embeddings(llama.ctx, False)
            llama.reset()
        return vec

    def logits_for_tokens(self, tokens: list[int]) -> np.ndarray:
        return self.weight @ self.hidden_state(tokens) + self.bias

    def classify_prompt(self, text: str) -> dict[str, float]:
        """Per-label probabilities for an already rendered prompt."""
        probs = softmax(self.logits_for_tokens(self.tokenize(text)))
        return {lab: float(p) for lab, p in zip(self.labels, probs, strict=True)}

    def classify(self, question: str, context: str = "") -> dict[str, float]:
        """Per-label probabilities for a question (and optional context/abstract)."""
        return self.classify_prompt(self.render(question, context))

    def close(self) -> None:
        """Free the model if this classifier loaded it (a shared engine's stays open)."""
        if self._owned:
            self.llama.close()


def apply_eci(
    gguf_path: str | Path, head_dir: str | Path, question: str, context: str = ""
) -> dict[str, float]:
    """One-shot convenience: load, classify, close."""
    clf = ECIClassifier(gguf_path, head_dir)
    try:
        return clf.classify(question, context)
    finally:
        clf.close()
