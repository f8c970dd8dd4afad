"""The user's library search choice (settings group ``library``) and a searcher built from it.

``LibrarySearch`` loads the embedder only when hybrid search is chosen, and only once; with
BM25 (the default) no model is touched. Run it on a worker thread (the app's database
thread): a llama.cpp embedder then runs on its own worker thread that owns its ``Llama``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from common.tasks import CancelToken, ProgressCallback
from desktop.library.embedders import DEFAULT_EMBEDDER, load_embedder
from desktop.library.embedding import Embedder, EmbedderSpec
from desktop.library.hybrid import search_library
from desktop.library.modes import DEFAULT_SEARCH_MODE, SearchMode
from desktop.library.passages import Passage
from desktop.library.store import LibraryStore
from desktop.library.vectors import EmbedReport, VectorIndex, embed_missing
from desktop.settings_store import SettingsStore

GROUP = "library"


@dataclass(frozen=True)
class SearchSettings:
    mode: SearchMode = DEFAULT_SEARCH_MODE
    embedder: EmbedderSpec = DEFAULT_EMBEDDER


def read_search_settings(settings: SettingsStore) -> SearchSettings:
    values = settings.get(GROUP, {}) or {}
    spec = EmbedderSpec(
        kind=values.get("embedder") or DEFAULT_EMBEDDER.kind,
        path=values.get("embedder_path") or "",
        query_prefix=values.get("query_prefix") or "",
        document_prefix=values.get("document_prefix") or "",
    )
    return SearchSettings(SearchMode(values.get("search_mode") or DEFAULT_SEARCH_MODE), spec)


def save_search_mode(settings: SettingsStore, mode: SearchMode | str) -> None:
    settings.merge(GROUP, {"search_mode": SearchMode(mode).value})


class LibrarySearch:
    """Searches ``store`` in the chosen mode; owns the embedder it loaded."""

    def __init__(self, store: LibraryStore, choice: SearchSettings) -> None:
        self.store = store
        self.choice = choice
        self._embedder: Embedder | None = None
        self._index: VectorIndex | None = None
        self._lock = threading.Lock()  # searches and imports may run on different threads

    @property
    def mode(self) -> SearchMode:
        return self.choice.mode

    def index(self) -> VectorIndex:
        with self._lock:
            if self._index is None:
                self._embedder = load_embedder(self.choice.embedder)
                self._index = VectorIndex(self.store, self._embedder)
            return self._index

    def embed(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> EmbedReport | None:
        """Vectors for passages that lack them (after an import); nothing in BM25 mode."""
        if self.mode is not SearchMode.HYBRID:
            return None
        return embed_missing(self.store, self.index().embedder, progress, cancel)

    def search(self, query: str, limit: int = 10, collection: str | None = None) -> list[Passage]:
        index = self.index() if self.mode is SearchMode.HYBRID else None
        return search_library(self.store, query, limit, collection, self.mode, index)

    def close(self) -> None:
        with self._lock:
            if self._embedder is not None:
                self._embedder.close()
            self._embedder = self._index = None
