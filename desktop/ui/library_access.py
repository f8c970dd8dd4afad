"""The UI's view of the reference library (Qt-free): run these on the database thread.

They return plain records, so the GUI thread never touches SQLAlchemy objects. Like
``desktop.chat.history_ops``, the database layer is imported inside the functions: the chat page imports
this module on the GUI thread at start-up, and SQLAlchemy/pypdf load on the database thread.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.library.answer import LibraryPlan
from desktop.library.modes import LibraryMode
from desktop.library.passages import Passage
from desktop.ui.context import AppContext

if TYPE_CHECKING:
    from desktop.history.sources import SourceRecord
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
    from desktop.library.search_settings import save_search_mode as save

    save(ctx.settings, mode)


def embed(ctx: AppContext, progress: Any, task: Any) -> EmbedReport | None:
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
    ctx: AppContext, paths: list[Path], collection: str | None, progress: Any, task: Any
) -> ImportReport:
    from desktop.library.importer import import_paths

    report = import_paths(ctx.library, paths, collection, progress=progress, cancel=task.token)
    if not report.cancelled:
        embed(ctx, progress, task)
    return report


def reindex_all(ctx: AppContext, collection: str | None, progress: Any, task: Any) -> ImportReport:
    from desktop.library.importer import reindex

    report = reindex(ctx.library, collection, progress=progress, cancel=task.token)
    if not report.cancelled:
        embed(ctx, progress, task)
    return report


def remove(ctx: AppContext, document_ids: list[int]) -> int:
    return sum(ctx.library.remove_document(i) for i in document_ids)


def plan(ctx: AppContext, question: str, mode: LibraryMode) -> LibraryPlan:
    from desktop.library.answer import plan_answer

    return plan_answer(searcher(ctx), question, mode)


def attach(ctx: AppContext, writer: Any, library_plan: LibraryPlan) -> int:
    """Save the plan's passages with the answer that ``writer`` streams into."""
    from desktop.library.saved_answers import attach_sources

    if writer is None:
        return 0
    return attach_sources(ctx.history, writer.message_id, library_plan)


def finalize(ctx: AppContext, writer: Any) -> tuple[str, list[int]] | None:
    from desktop.library.saved_answers import finalize_saved_answer

    if writer is None:
        return None
    return finalize_saved_answer(ctx.history, writer.message_id)


def records(library_plan: LibraryPlan) -> list[SourceRecord]:
    """The plan's passages as history records (the DB thread has loaded SQLAlchemy by then)."""
    from desktop.library.saved_answers import source_records

    return source_records(library_plan)
