"""How the chat uses the library (a plain enum: importable without the database layer)."""

from __future__ import annotations

from enum import StrEnum


class LibraryMode(StrEnum):
    OFF = "off"
    USE = "use"  # cite the library when it has something relevant, else answer as usual
    ONLY = "only"  # answer only from the library; refuse when nothing relevant is found


class SearchMode(StrEnum):
    """How library passages are ranked (see README.md for the measured choice)."""

    BM25 = "bm25"  # SQLite FTS5 BM25 alone: needs no model
    HYBRID = "hybrid"  # BM25 fused with passage vectors of a download-free embedder


DEFAULT_SEARCH_MODE = SearchMode.BM25
