"""Library search by mode: BM25 alone (the default), or BM25 fused with dense vectors.

``hybrid`` ranks the passages BM25 finds and the passages nearest to the question's vector
(each list :data:`DEPTH` deep) by reciprocal rank fusion, so a passage that says the same
thing in other words can be found. Passages without a vector yet (embedding not finished or
cancelled) still come through BM25.
"""

from __future__ import annotations

from desktop.library.fusion import K, rrf
from desktop.library.modes import DEFAULT_SEARCH_MODE, SearchMode
from desktop.library.passages import Passage
from desktop.library.store import LibraryStore
from desktop.library.vectors import VectorIndex

DEPTH = 50  # passages taken from each ranking before fusion


def dense_search(
    store: LibraryStore, index: VectorIndex, query: str, limit: int = 10,
    collection: str | None = None,
) -> list[Passage]:  # fmt: skip
    """Passages by cosine similarity alone (measured by the benchmark; not a user mode)."""
    ids = [chunk_id for chunk_id, _score in index.search(query, limit, collection)]
    return store.passages(query, ids)


def hybrid_search(
    store: LibraryStore,
    index: VectorIndex,
    query: str,
    limit: int = 10,
    collection: str | None = None,
    depth: int = DEPTH,
    k: int = K,
) -> list[Passage]:
    """BM25 ⊕ cosine by reciprocal rank fusion; the top ``limit`` passages."""
    limit = max(1, int(limit))
    depth = max(depth, limit)
    lexical = store.ranked_ids(query, depth, collection)
    dense = [chunk_id for chunk_id, _score in index.search(query, depth, collection)]
    return store.passages(query, rrf([lexical, dense], k)[:limit])


def search_library(
    store: LibraryStore,
    query: str,
    limit: int = 10,
    collection: str | None = None,
    mode: SearchMode = DEFAULT_SEARCH_MODE,
    index: VectorIndex | None = None,
) -> list[Passage]:
    """Search in ``mode``; hybrid without a vector index falls back to BM25."""
    if mode is SearchMode.HYBRID and index is not None:
        return hybrid_search(store, index, query, limit, collection)
    return store.search(query, limit=limit, collection=collection)
