"""Passage vectors in the library database: computed for passages that lack them, searched
by cosine similarity.

Vectors are computed after an import or re-index, for every passage that has none from the
current embedder, in batches of one transaction each: a cancel keeps the batches done and
leaves no half-written vector; the next run computes only what is still missing. A passage
re-indexed or removed loses its vectors through the foreign key, so the table never holds a
vector of text that is no longer there.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from common.tasks import CancelToken, ProgressCallback, report
from desktop.library.embedding import Embedder, EmbedderError
from desktop.library.store import LibraryStore
from desktop.library.tables import LibraryChunk, LibraryDocument, LibraryVector

EMBED_BATCH = 32
STAGE = "embedding passages"


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes, dim: int) -> np.ndarray:
    vector = np.frombuffer(blob, dtype="<f4")
    if vector.shape != (dim,):
        raise EmbedderError(f"A stored vector has {vector.size} values instead of {dim}.")
    return vector


@dataclass(frozen=True)
class EmbedReport:
    embedded: int  # passages given a vector in this run
    missing: int  # passages still without one (after a cancel)
    cancelled: bool

    def text(self) -> str:
        """A summary for the user."""
        if self.cancelled:
            return (
                f"Cancelled: {self.embedded} passages got vectors, {self.missing} still have "
                "none (they are found by their words until the next re-index)."
            )
        return f"Hybrid search ready: {self.embedded} passages given vectors."


def missing_chunk_ids(session: Session, embedder: str) -> list[int]:
    have = select(LibraryVector.chunk_id).where(LibraryVector.embedder == embedder)
    return list(
        session.scalars(
            select(LibraryChunk.id).where(LibraryChunk.id.not_in(have)).order_by(LibraryChunk.id)
        )
    )


def embed_missing(
    store: LibraryStore,
    embedder: Embedder,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> EmbedReport:
    """Give every passage without a vector from ``embedder`` one; see the module doc."""
    with store.session() as s:
        todo = missing_chunk_ids(s, embedder.identity)
    total, done = len(todo), 0
    report(progress, STAGE, 0, total)
    for start in range(0, total, EMBED_BATCH):
        if cancel is not None and cancel.cancelled:
            return EmbedReport(done, total - done, cancelled=True)
        ids = todo[start : start + EMBED_BATCH]
        with store.session() as s:
            texts = dict(s.execute(select(LibraryChunk.id, LibraryChunk.text).where(
                LibraryChunk.id.in_(ids))).all())  # fmt: skip
        ids = [i for i in ids if i in texts]  # a passage removed meanwhile is skipped
        matrix = embedder.embed_documents([texts[i] for i in ids])
        with store.session() as s:
            alive = set(s.scalars(select(LibraryChunk.id).where(LibraryChunk.id.in_(ids))))
            s.add_all(
                LibraryVector(
                    chunk_id=i, embedder=embedder.identity, dim=embedder.dim, vector=to_blob(v)
                )
                for i, v in zip(ids, matrix, strict=True)
                if i in alive
            )
        store.mark_changed()
        done += len(ids)
        report(progress, STAGE, done, total)
    return EmbedReport(done, 0, cancelled=False)


def vector_count(store: LibraryStore, embedder: str | None = None) -> int:
    with store.session() as s:
        query = select(func.count()).select_from(LibraryVector)
        if embedder is not None:
            query = query.where(LibraryVector.embedder == embedder)
        return int(s.scalar(query) or 0)


def drop_vectors(store: LibraryStore, embedder: str) -> None:
    """Forget one embedder's vectors (e.g. the user removed that model)."""
    with store.session() as s:
        s.execute(delete(LibraryVector).where(LibraryVector.embedder == embedder))
    store.mark_changed()


@dataclass(frozen=True)
class _Matrix:
    generation: int
    chunk_ids: np.ndarray
    collections: tuple[str, ...]
    matrix: np.ndarray


class VectorIndex:
    """One embedder's vectors in memory (reloaded when the library changed), searched exactly.

    An exact dot product over every passage: at 100,000 passages of 256 floats it is one
    ~100 MB matrix and a few milliseconds per question, with no approximate index to keep.
    """

    def __init__(self, store: LibraryStore, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self._lock = threading.Lock()
        self._loaded: _Matrix | None = None

    def _matrix(self) -> _Matrix:
        with self._lock:
            generation = self.store.generation
            if self._loaded is None or self._loaded.generation != generation:
                self._loaded = self._load(generation)
            return self._loaded

    def _load(self, generation: int) -> _Matrix:
        dim = self.embedder.dim
        with self.store.session() as s:
            rows = s.execute(
                select(LibraryVector.chunk_id, LibraryVector.vector, LibraryDocument.collection)
                .join(LibraryChunk, LibraryChunk.id == LibraryVector.chunk_id)
                .join(LibraryDocument, LibraryDocument.id == LibraryChunk.document_id)
                .where(LibraryVector.embedder == self.embedder.identity)
                .order_by(LibraryVector.chunk_id)
            ).all()
        matrix = np.zeros((len(rows), dim), dtype=np.float32)
        for i, row in enumerate(rows):
            matrix[i] = from_blob(row.vector, dim)
        ids = np.asarray([r.chunk_id for r in rows], dtype=np.int64)
        return _Matrix(generation, ids, tuple(r.collection for r in rows), matrix)

    def search(
        self, query: str, limit: int = 50, collection: str | None = None
    ) -> list[tuple[int, float]]:
        """``(chunk_id, cosine)`` of the ``limit`` passages nearest to ``query``, best first."""
        loaded = self._matrix()
        if not len(loaded.chunk_ids) or not query.strip():
            return []
        scores = loaded.matrix @ self.embedder.embed_query(query)
        if collection is not None:
            keep = np.asarray([c == collection for c in loaded.collections])
            scores = np.where(keep, scores, -np.inf)
        k = min(limit, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(loaded.chunk_ids[i]), float(scores[i])) for i in top if scores[i] > -np.inf]
