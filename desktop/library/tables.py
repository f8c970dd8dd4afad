"""SQLAlchemy tables of the reference library (documents, chunks, a little state).

The schema is created by the Alembic migrations ``0003_library`` (which also creates the FTS5
index ``library_fts`` and its sync triggers) and ``0004_library_vectors``; keep them in step.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.storage.db import Base
from desktop.storage.types import UTCDateTime, utcnow

FTS_TABLE = "library_fts"
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"  # as in the migration
DEFAULT_COLLECTION = "My library"


class LibraryDocument(Base):
    __tablename__ = "library_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    fmt: Mapped[str] = mapped_column(String(16), default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[int] = mapped_column(Integer, default=0)
    mtime: Mapped[float] = mapped_column(Float, default=0.0)
    collection: Mapped[str] = mapped_column(String(200), default=DEFAULT_COLLECTION, index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    chunks: Mapped[list[LibraryChunk]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="LibraryChunk.ordinal",
        passive_deletes=True,
    )


class LibraryChunk(Base):
    __tablename__ = "library_chunks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("library_documents.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1-based; None: no pages
    char_start: Mapped[int] = mapped_column(Integer)  # offsets into the page's extracted text
    char_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    document: Mapped[LibraryDocument] = relationship(back_populates="chunks")


class LibraryState(Base):
    """Small key/value facts, e.g. that the sample document was offered once."""

    __tablename__ = "library_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class LibraryVector(Base):
    """One passage's embedding by one embedder (float32, unit length, little-endian bytes).

    Keyed by (chunk, embedder): switching embedders keeps the other's vectors; a chunk's
    removal (its document re-indexed or removed) removes its vectors by the foreign key.
    """

    __tablename__ = "library_vectors"

    chunk_id: Mapped[int] = mapped_column(
        ForeignKey("library_chunks.id", ondelete="CASCADE"), primary_key=True
    )
    embedder: Mapped[str] = mapped_column(String(200), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
