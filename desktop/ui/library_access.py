"""The UI's view of the reference library (Qt-free): run these on the database thread.

They return plain records, so the GUI thread never touches SQLAlchemy objects. Like
``desktop.chat.history_ops``, the database layer is imported inside the functions: the chat page imports
this module on the GUI thread at start-up, and SQLAlchemy/pypdf load on the database thread.
"""

from __future__ import annotations

import threading
import weakref
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
    from desktop.library.modes import SearchMode
    from desktop.library.search_settings import LibrarySearch
    from desktop.library.store import CollectionInfo, DocumentInfo, LibraryStore
    from desktop.library.vectors import EmbedReport

# Searches run on the database thread, imports on the background pool: both use this.
_searchers: weakref.WeakKeyDictionary[AppContext, LibrarySearch] = weakref.WeakKeyDictionary()
_searchers_lock = threading.Lock()


def searcher(ctx: AppContext) -> LibrarySearch:
    """The search of the saved setting (BM25 or hybrid); rebuilt when the setting changed."""
    # lazy: SQLAlchemy, numpy and the embedders load on the database thread
    from desktop.library.search_settings import LibrarySearch, read_search_settings

    choice = read_search_settings(ctx.settings)
    with _searchers_lock:
        current = _searchers.get(ctx)
        if current is None or current.choice != choice or current.store is not ctx.library:
            if current is not None:
                current.close()
            current = _searchers[ctx] = LibrarySearch(ctx.library, choice)
        return current


def save_search_mode(ctx: AppContext, mode: SearchMode) -> None:
    from desktop.library.search_settings import save_search_mode as save  # lazy: as above

    save(ctx.settings, mode)


def embed(
    ctx: AppContext,
    progress: Callable[[int, int, str], None] | None,
    task: BackgroundTask,
) -> EmbedReport | None:
    """Hybrid mode: vectors for passages that lack one (cancellable, with progress)."""
    return searcher(ctx).embed(
        lambda e: progress(int(e.done), int(e.total), e.stage) if progress else None,
        task.token,
    )


@dataclass(frozen=True)
class LibraryOverview:
    collections: list[CollectionInfo]
    documents: list[DocumentInfo]


def overview(ctx: AppContext, collection: str | None = None) -> LibraryOverview:
    store: LibraryStore = ctx.library
    return LibraryOverview(store.collections(), store.documents(collection))


def search(ctx: AppContext, query: str, collection: str | None = None, limit: int = 20) -> list[Passage]:
    return searcher(ctx).search(query, limit=limit, collection=collection)


def add(
    ctx: AppContext,
    paths: list[Path],
    collection: str | None,
    progress: Callable[[int, int, str], None],
    task: BackgroundTask,
) -> ImportReport:
    from desktop.library.importer import import_paths  # lazy: pypdf, on the database thread

    report = import_paths(ctx.library, paths, collection, progress=progress, cancel=task.token)
    if not report.cancelled:
        embed(ctx, progress, task)
    return report


def reindex_all(
    ctx: AppContext,
    collection: str | None,
    progress: Callable[[int, int, str], None],
    task: BackgroundTask,
) -> ImportReport:
    from desktop.library.importer import reindex  # lazy: pypdf, on the database thread

    report = reindex(ctx.library, collection, progress=progress, cancel=task.token)
    if not report.cancelled:
        embed(ctx, progress, task)
    return report


def remove(ctx: AppContext, document_ids: list[int]) -> int:
    return sum(ctx.library.remove_document(i) for i in document_ids)


def plan(ctx: AppContext, question: str, mode: LibraryMode) -> LibraryPlan:
    return plan_answer(searcher(ctx), question, mode)


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
