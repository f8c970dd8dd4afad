"""What an embedder for dense retrieval is: a Protocol, the user's choice, errors, helpers.

Only embedders that need no download are registered: static embeddings shipped inside an
installed wheel, and an embedding GGUF the user imports, run by llama.cpp. Each returns
float32 unit vectors, so a dot product is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from desktop.library.errors import LibraryError


class EmbedderError(LibraryError):
    """An embedder could not be loaded or failed (the message says why, in plain words)."""


class Embedder(Protocol):
    """Turns passages and questions into unit vectors of :attr:`dim` floats."""

    @property
    def identity(self) -> str:
        """Names the model exactly (vectors of another identity are never compared)."""
        ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 unit rows."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """``(dim,)`` float32 unit vector."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class EmbedderSpec:
    """What the user chose: a registered ``kind`` and, for a GGUF, its file and prefixes.

    Some embedding models are trained with instruction prefixes (nomic-embed:
    ``search_query: `` / ``search_document: ``; E5: ``query: `` / ``passage: ``).
    """

    kind: str
    path: str = ""
    query_prefix: str = ""
    document_prefix: str = ""
    n_threads: int = 1


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (an all-zero row, e.g. an empty text, stays zero)."""
    rows = np.asarray(matrix, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.ascontiguousarray(rows / np.where(norms > 0, norms, 1.0), dtype=np.float32)
