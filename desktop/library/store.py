"""``LibraryStore``: documents and chunks in the app database, searched with FTS5 BM25.

Every method opens its own short session (like the history store), so one store may be shared
by threads as long as writes are serialised (the app uses one database thread).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from desktop.library.analysis import (
    FrequencyCache,
    QueryPlan,
    candidate_words,
    plan_query,
    stem_sets,
)
from desktop.library.chunking import ChunkSpec, chunk_pages
from desktop.library.extracted import ExtractedDocument
from desktop.library.passages import ELLIPSIS, HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, Passage
from desktop.library.query import match_expression, query_terms
from desktop.library.tables import (
    DEFAULT_COLLECTION,
    FTS_TABLE,
    LibraryChunk,
    LibraryDocument,
    LibraryState,
)
from desktop.storage.types import utcnow

SNIPPET_TOKENS = 24
COLLECTION_OVERFETCH = 8  # a collection filter is applied after ranking: fetch more first


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    path: str
    title: str
    fmt: str
    pages: int
    chunks: int
    collection: str
    sha256: str
    size: int
    is_sample: bool
    indexed_at: datetime


@dataclass(frozen=True)
class CollectionInfo:
    name: str
    documents: int
    chunks: int
    pages: int


def _doc_info(doc: LibraryDocument, chunks: int) -> DocumentInfo:
    return DocumentInfo(
        id=doc.id,
        path=doc.path,
        title=doc.title,
        fmt=doc.fmt,
        pages=doc.pages,
        chunks=chunks,
        collection=doc.collection,
        sha256=doc.sha256,
        size=doc.size,
        is_sample=bool(doc.is_sample),
        indexed_at=doc.indexed_at,
    )


class LibraryStore:
    """The reference library on one SQLAlchemy engine (from ``open_database``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._frequencies = FrequencyCache()
        self._generation = 0

    @classmethod
    def open(cls, path: str | Path) -> LibraryStore:
        from desktop.storage.db import open_database  # lazy: Alembic, only when opening a file

        return cls(open_database(path))

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short transaction, for the library's own modules (vectors, hybrid search)."""
        with self._session() as s:
            yield s

    @property
    def generation(self) -> int:
        """Grows with every change this store makes (caches compare it)."""
        return self._generation

    def mark_changed(self) -> None:
        """Passages or their vectors changed: drop the cached word counts, bump generation."""
        self._frequencies.clear()
        self._generation += 1

    # -- documents -----------------------------------------------------------------------
    def document_by_path(self, path: str | Path) -> DocumentInfo | None:
        with self._session() as s:
            doc = s.scalar(select(LibraryDocument).where(LibraryDocument.path == str(path)))
            return None if doc is None else _doc_info(doc, self._chunk_count(s, doc.id))

    def documents(self, collection: str | None = None) -> list[DocumentInfo]:
        counts = (
            select(LibraryChunk.document_id, func.count(LibraryChunk.id).label("n"))
            .group_by(LibraryChunk.document_id)
            .subquery()
        )
        query = (
            select(LibraryDocument, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.document_id == LibraryDocument.id)
            .order_by(LibraryDocument.collection, LibraryDocument.title, LibraryDocument.id)
        )
        if collection is not None:
            query = query.where(LibraryDocument.collection == collection)
        with self._session() as s:
            return [_doc_info(doc, int(n)) for doc, n in s.execute(query).all()]

    def collections(self) -> list[CollectionInfo]:
        """Every collection with its document, chunk and page counts, by name."""
        with self._session() as s:
            rows = s.execute(
                select(
                    LibraryDocument.collection,
                    func.count(func.distinct(LibraryDocument.id)),
                    func.count(LibraryChunk.id),
                )
                .outerjoin(LibraryChunk, LibraryChunk.document_id == LibraryDocument.id)
                .group_by(LibraryDocument.collection)
                .order_by(LibraryDocument.collection)
            ).all()
            pages = dict(
                s.execute(
                    select(LibraryDocument.collection, func.sum(LibraryDocument.pages)).group_by(
                        LibraryDocument.collection
                    )
                ).all()
            )
        return [
            CollectionInfo(name, int(d), int(c), int(pages.get(name) or 0)) for name, d, c in rows
        ]

    def chunk_count(self) -> int:
        with self._session() as s:
            return int(s.scalar(select(func.count(LibraryChunk.id))) or 0)

    def chunks(self, document_id: int) -> list[ChunkSpec]:
        with self._session() as s:
            rows = s.scalars(
                select(LibraryChunk)
                .where(LibraryChunk.document_id == document_id)
                .order_by(LibraryChunk.ordinal)
            ).all()
            return [ChunkSpec(c.page, c.char_start, c.char_end, c.text) for c in rows]

    def put_document(
        self,
        path: str | Path,
        doc: ExtractedDocument,
        sha256: str,
        collection: str = DEFAULT_COLLECTION,
        size: int = 0,
        mtime: float = 0.0,
        is_sample: bool = False,
        chunks: list[ChunkSpec] | None = None,
    ) -> DocumentInfo:
        """Add (or replace, by path) one document and its chunks in one transaction."""
        specs = chunk_pages(doc.pages, doc.paged) if chunks is None else chunks
        now = utcnow()
        self.mark_changed()
        with self._session() as s:
            row = s.scalar(select(LibraryDocument).where(LibraryDocument.path == str(path)))
            if row is None:
                row = LibraryDocument(path=str(path), added_at=now)
                s.add(row)
            else:
                s.execute(delete(LibraryChunk).where(LibraryChunk.document_id == row.id))
            row.sha256 = sha256
            row.title = (doc.title or Path(path).stem)[:300]
            row.fmt = doc.fmt
            row.pages = doc.n_pages
            row.size = size
            row.mtime = mtime
            row.collection = (collection or DEFAULT_COLLECTION)[:200]
            row.is_sample = is_sample
            row.indexed_at = now
            s.flush()
            s.add_all(
                LibraryChunk(
                    document_id=row.id,
                    ordinal=i,
                    page=c.page,
                    char_start=c.char_start,
                    char_end=c.char_end,
                    text=c.text,
                )
                for i, c in enumerate(specs)
            )
            s.flush()
            return _doc_info(row, len(specs))

    def touch(self, document_id: int, mtime: float) -> None:
        """Remember a new mtime of an unchanged file (same sha256): no re-indexing."""
        with self._session() as s:
            row = s.get(LibraryDocument, document_id)
            if row is not None:
                row.mtime = mtime

    def move_to_collection(self, document_id: int, collection: str) -> None:
        with self._session() as s:
            row = s.get(LibraryDocument, document_id)
            if row is not None:
                row.collection = collection[:200]

    def remove_document(self, document_id: int) -> bool:
        """Remove a document and its chunks (its passages saved with answers stay)."""
        self.mark_changed()
        with self._session() as s:
            row = s.get(LibraryDocument, document_id)
            if row is None:
                return False
            s.delete(row)
        return True

    def remove_collection(self, collection: str) -> int:
        self.mark_changed()
        with self._session() as s:
            ids = list(
                s.scalars(
                    select(LibraryDocument.id).where(LibraryDocument.collection == collection)
                )
            )
            for doc_id in ids:
                s.delete(s.get(LibraryDocument, doc_id))
        return len(ids)

    # -- state ---------------------------------------------------------------------------
    def state(self, key: str) -> str | None:
        with self._session() as s:
            row = s.get(LibraryState, key)
            return None if row is None else row.value

    def set_state(self, key: str, value: str) -> None:
        with self._session() as s:
            row = s.get(LibraryState, key) or LibraryState(key=key)
            row.value = value
            s.add(row)

    # -- search --------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, collection: str | None = None) -> list[Passage]:
        """The best passages for ``query`` (BM25 over content words), with matches marked.

        Any user text is safe: words are quoted, so ``"``, ``AND(``, ``*`` never raise.
        """
        terms = query_terms(query)
        if not terms:
            return []
        limit = max(1, int(limit))
        fetch = limit * COLLECTION_OVERFETCH if collection is not None else limit
        with self._session() as s:
            plan = plan_query(s, terms, self._frequencies)
            match = match_expression(plan.searched)
            if match is None:
                return []
            # ORDER BY rank on the FTS table alone lets FTS5 sort internally and compute the
            # highlight/snippet only for the rows returned, not for every matching chunk.
            sql = (
                f"SELECT rowid, rank, "
                f"highlight({FTS_TABLE}, 0, :open, :close) AS hl, "
                f"snippet({FTS_TABLE}, 0, :open, :close, :ellipsis, {SNIPPET_TOKENS}) AS snip "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match ORDER BY rank LIMIT :limit"
            )
            params: dict[str, Any] = {
                "open": HIGHLIGHT_OPEN,
                "close": HIGHLIGHT_CLOSE,
                "ellipsis": ELLIPSIS,
                "match": match,
                "limit": fetch,
            }
            hits = s.execute(text(sql), params).all()
            if not hits:
                return []
            ids = [int(h.rowid) for h in hits]
            rows = {
                c.id: (c, d)
                for c, d in s.execute(
                    select(LibraryChunk, LibraryDocument)
                    .join(LibraryDocument, LibraryDocument.id == LibraryChunk.document_id)
                    .where(LibraryChunk.id.in_(ids))
                ).all()
            }
            ids = [i for i in ids if i in rows]
            if collection is not None:
                ids = [i for i in ids if rows[i][1].collection == collection]
            return self._passages(s, ids[:limit], rows, {int(h.rowid): h for h in hits}, plan)

    def ranked_ids(self, query: str, limit: int = 50, collection: str | None = None) -> list[int]:
        """The ids of :meth:`search`'s passages in its order, without building passages
        (highlights and matched words cost more than ranking; fusion needs only the order)."""
        terms = query_terms(query)
        if not terms:
            return []
        fetch = max(1, int(limit)) * (COLLECTION_OVERFETCH if collection is not None else 1)
        with self._session() as s:
            match = match_expression(plan_query(s, terms, self._frequencies).searched)
            if match is None:
                return []
            sql = (
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
                f"ORDER BY rank LIMIT :limit"
            )
            ids = [int(r[0]) for r in s.execute(text(sql), {"match": match, "limit": fetch})]
            if collection is not None and ids:
                inside = set(
                    s.scalars(
                        select(LibraryChunk.id)
                        .join(LibraryDocument, LibraryDocument.id == LibraryChunk.document_id)
                        .where(LibraryChunk.id.in_(ids), LibraryDocument.collection == collection)
                    )
                )
                ids = [i for i in ids if i in inside]
        return ids[: max(1, int(limit))]

    def passages(self, query: str, chunk_ids: list[int]) -> list[Passage]:
        """The passages ``chunk_ids`` in that order (gone ones left out), with the words of
        ``query`` marked where they occur (for hits found by another ranking than BM25)."""
        terms = query_terms(query)
        with self._session() as s:
            plan = plan_query(s, terms, self._frequencies)
            match = match_expression(plan.searched)
            hits = []
            if match is not None and chunk_ids:
                marks = ",".join(str(int(i)) for i in chunk_ids)
                sql = (
                    f"SELECT rowid, rank, "
                    f"highlight({FTS_TABLE}, 0, :open, :close) AS hl, "
                    f"snippet({FTS_TABLE}, 0, :open, :close, :ellipsis, {SNIPPET_TOKENS}) "
                    f"AS snip FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
                    f"AND rowid IN ({marks})"
                )
                params: dict[str, Any] = {
                    "open": HIGHLIGHT_OPEN,
                    "close": HIGHLIGHT_CLOSE,
                    "ellipsis": ELLIPSIS,
                    "match": match,
                }
                hits = s.execute(text(sql), params).all()
            rows = {
                c.id: (c, d)
                for c, d in s.execute(
                    select(LibraryChunk, LibraryDocument)
                    .join(LibraryDocument, LibraryDocument.id == LibraryChunk.document_id)
                    .where(LibraryChunk.id.in_(chunk_ids))
                ).all()
            }
            ids = [i for i in chunk_ids if i in rows]
            return self._passages(s, ids, rows, {int(h.rowid): h for h in hits}, plan)

    def _passages(
        self,
        s: Session,
        ids: list[int],
        rows: dict[int, tuple[LibraryChunk, LibraryDocument]],
        hits: dict[int, Any],
        plan: QueryPlan,
    ) -> list[Passage]:
        chunk_stems = stem_sets(s, [candidate_words(rows[i][0].text, plan.terms) for i in ids])
        out = []
        for chunk_id, stems in zip(ids, chunk_stems, strict=True):
            c, d = rows[chunk_id]
            h = hits.get(chunk_id)
            found = plan.matched(stems)
            out.append(
                Passage(
                    chunk_id=c.id,
                    document_id=d.id,
                    title=d.title,
                    path=d.path,
                    fmt=d.fmt,
                    collection=d.collection,
                    page=c.page,
                    char_start=c.char_start,
                    char_end=c.char_end,
                    text=c.text,
                    highlighted=(h.hl if h is not None else "") or c.text,
                    snippet=(h.snip if h is not None else "") or "",
                    rank=float(h.rank) if h is not None else 0.0,
                    matched_terms=found,
                    coverage=plan.coverage(found),
                )
            )
        return out

    # -- internals -----------------------------------------------------------------------
    def _chunk_count(self, s: Session, document_id: int) -> int:
        return int(
            s.scalar(
                select(func.count(LibraryChunk.id)).where(LibraryChunk.document_id == document_id)
            )
            or 0
        )
