"""The UI's view of the reference library (Qt-free): run these on the database thread.

They return plain records, so the GUI thread never touches SQLAlchemy objects. Like
``desktop.chat.history_ops``, the database layer is imported inside the functions: the chat page imports
this module on the GUI thread at start-up, and SQLAlchemy/pypdf load on the database thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.library.answer import LibraryPlan, plan_answer
from desktop.library.modes import LibraryMode
from desktop.library.passages import Passage
from desktop.ui.background import BackgroundTask
from desktop.ui.context import AppContext

if TYPE_CHECKING:
    from desktop.history.sources import SourceRecord
    from desktop.history.writer import StreamingMessageWriter
    from desktop.library.importer import ImportReport
    from desktop.library.store import CollectionInfo, DocumentInfo, LibraryStore


@dataclass(frozen=True)
class LibraryOverview:
    collections: list[CollectionInfo]
    documents: list[DocumentInfo]


def overview(ctx: AppContext, collection: str | None = None) -> LibraryOverview:
    store: LibraryStore = ctx.library
    return LibraryOverview(store.collections(), store.documents(collection))


def search(ctx: AppContext, query: str, collection: str | None = None, limit: int = 20) -> list[Passage]:
    return ctx.library.search(query, limit=limit, collection=collection)


def add(
    ctx: AppContext,
    paths: list[Path],
    collection: str | None,
    progress: Callable[[int, int, str], None],
    task: BackgroundTask,
) -> ImportReport:
    from desktop.library.importer import import_paths  # lazy: pypdf, on the database thread

    return import_paths(ctx.library, paths, collection, progress=progress, cancel=task.token)


def reindex_all(
    ctx: AppContext,
    collection: str | None,
    progress: Callable[[int, int, str], None],
    task: BackgroundTask,
) -> ImportReport:
    from desktop.library.importer import reindex  # lazy: pypdf, on the database thread

    return reindex(ctx.library, collection, progress=progress, cancel=task.token)


def remove(ctx: AppContext, document_ids: list[int]) -> int:
    return sum(ctx.library.remove_document(i) for i in document_ids)


def plan(ctx: AppContext, question: str, mode: LibraryMode) -> LibraryPlan:
    return plan_answer(ctx.library, question, mode)


def attach(
    ctx: AppContext, writer: StreamingMessageWriter | None, library_plan: LibraryPlan
) -> int:
    """Save the plan's passages with the answer that ``writer`` streams into."""
    from desktop.library.saved_answers import attach_sources  # lazy: SQLAlchemy (DB thread)

    if writer is None:
        return 0
    return attach_sources(ctx.history, writer.message_id, library_plan)


def finalize(ctx: AppContext, writer: StreamingMessageWriter | None) -> tuple[str, list[int]] | None:
    from desktop.library.saved_answers import finalize_saved_answer  # lazy: SQLAlchemy

    if writer is None:
        return None
    return finalize_saved_answer(ctx.history, writer.message_id)


def records(library_plan: LibraryPlan) -> list[SourceRecord]:
    """The plan's passages as history records (the DB thread has loaded SQLAlchemy by then)."""
    from desktop.library.saved_answers import source_records  # lazy: SQLAlchemy

    return source_records(library_plan)
