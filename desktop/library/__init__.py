"""Reference library (Qt-free): import PDFs, HTML, Markdown and text; BM25 search; cited answers."""

from desktop.library.answer import (
    LibraryMode,
    LibraryPlan,
    augment_messages,
    finalize_answer,
    plan_answer,
    source_records,
)
from desktop.library.citations import cited_numbers, clean_citations
from desktop.library.errors import ExtractError, ImportCancelled, LibraryError
from desktop.library.extract import EXTRACTORS, extract
from desktop.library.importer import FileError, ImportReport, import_paths, reindex
from desktop.library.passages import Passage
from desktop.library.sample import ensure_sample_library
from desktop.library.store import CollectionInfo, DocumentInfo, LibraryStore

__all__ = [
    "EXTRACTORS",
    "CollectionInfo",
    "DocumentInfo",
    "ExtractError",
    "FileError",
    "ImportCancelled",
    "ImportReport",
    "LibraryError",
    "LibraryMode",
    "LibraryPlan",
    "LibraryStore",
    "Passage",
    "augment_messages",
    "cited_numbers",
    "clean_citations",
    "ensure_sample_library",
    "extract",
    "finalize_answer",
    "import_paths",
    "plan_answer",
    "reindex",
    "source_records",
]
