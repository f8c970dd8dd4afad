"""The one registry of embedder kinds for dense retrieval, and loading one by its spec.

Only kinds that need no download: static embeddings shipped inside an installed wheel, and an
embedding GGUF the user imports, run by llama.cpp on its own worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.library.embed_gguf import GgufEmbedder
from desktop.library.embed_static import WordLlamaEmbedder
from desktop.library.embedding import Embedder, EmbedderError, EmbedderSpec


@dataclass(frozen=True)
class EmbedderKind:
    label: str
    factory: Callable[[EmbedderSpec], Embedder]
    needs_file: bool


EMBEDDER_KINDS: dict[str, EmbedderKind] = {
    "wordllama": EmbedderKind(
        "WordLlama static embeddings (shipped inside the wordllama wheel)",
        lambda spec: WordLlamaEmbedder(),
        needs_file=False,
    ),
    "gguf": EmbedderKind(
        "An embedding GGUF you import (run by llama.cpp)", GgufEmbedder.from_spec, needs_file=True
    ),
}
DEFAULT_EMBEDDER = EmbedderSpec("wordllama")


def load_embedder(spec: EmbedderSpec) -> Embedder:
    """The embedder ``spec`` names; :class:`EmbedderError` when unknown or unloadable."""
    kind = EMBEDDER_KINDS.get(spec.kind)
    if kind is None:
        known = ", ".join(sorted(EMBEDDER_KINDS))
        raise EmbedderError(f"Unknown embedder kind {spec.kind!r} (known: {known}).")
    if kind.needs_file and not spec.path:
        raise EmbedderError(f"{kind.label}: choose the model file first.")
    return kind.factory(spec)
