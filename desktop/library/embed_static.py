"""WordLlama static embeddings read from the files inside the installed ``wordllama`` wheel.

The wheel (MIT) ships one model, ``l2_supercat`` at 256 dimensions (a 16 MB token-embedding
table and its tokenizer): a passage's vector is the mean of its tokens' rows, scaled to unit
length, exactly as ``WordLlamaInference.embed(norm=True)`` computes it. The package's own
loader is not used: it looks for the tokenizer in a folder the wheel does not have and then
falls back to downloading it, and importing it configures the root logger.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from safetensors import safe_open
from tokenizers import Tokenizer

from desktop.library.embedding import EmbedderError, unit_rows

MODEL = "l2_supercat"
DIM = 256
BATCH = 64
MAX_TOKENS = 2048  # a passage is ~200 tokens; this only bounds memory for odd input


def package_dir() -> Path:
    """The installed wordllama package folder, found without importing (running) it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError(
            "The static embedder is not installed (the wordllama package is missing)."
        )
    return Path(next(iter(spec.submodule_search_locations)))


class WordLlamaEmbedder:
    """Static embeddings: no model thread needed (a table lookup and a mean per passage)."""

    def __init__(self) -> None:
        root = package_dir()
        weights = root / "weights" / f"{MODEL}_{DIM}.safetensors"
        tokenizer = root / "tokenizers" / f"{MODEL}_tokenizer_config.json"
        if not weights.is_file() or not tokenizer.is_file():
            raise EmbedderError(f"The wordllama package has no bundled {MODEL} model files.")
        with safe_open(str(weights), framework="np", device="cpu") as f:
            table = f.get_tensor("embedding.weight")
        self._table = np.ascontiguousarray(table, dtype=np.float32)
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)

    @property
    def identity(self) -> str:
        return f"wordllama:{MODEL}_{DIM}"

    @property
    def dim(self) -> int:
        return int(self._table.shape[1])

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        last = self._table.shape[0] - 1
        for start in range(0, len(texts), BATCH):
            batch = list(texts[start : start + BATCH])
            encoded = self._tokenizer.encode_batch(batch, add_special_tokens=False)
            for i, enc in enumerate(encoded):
                if enc.ids:
                    ids = np.clip(np.asarray(enc.ids, dtype=np.int64), 0, last)
                    out[start + i] = self._table[ids].mean(axis=0)
        return unit_rows(out)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]

    def close(self) -> None:
        """Nothing to release (the table is freed with the object)."""
