"""Reference library (Qt-free): import PDFs, HTML, Markdown and text; BM25 (or hybrid) search;
cited answers.

Names are loaded on first use (PEP 562): the chat page imports the light modules
(``modes``, ``answer``, ``citations``) on the GUI thread without pulling in SQLAlchemy or pypdf.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "LibraryMode": "desktop.library.modes",
    "SearchMode": "desktop.library.modes",
    "LibrarySearch": "desktop.library.search_settings",
    "hybrid_search": "desktop.library.hybrid",
    "LibraryPlan": "desktop.library.answer",
    "augment_messages": "desktop.library.answer",
    "finalize_answer": "desktop.library.answer",
    "plan_answer": "desktop.library.answer",
    "cited_numbers": "desktop.library.citations",
    "clean_citations": "desktop.library.citations",
    "ExtractError": "desktop.library.errors",
    "ImportCancelled": "desktop.library.errors",
    "LibraryError": "desktop.library.errors",
    "EXTRACTORS": "desktop.library.extract",
    "FileError": "desktop.library.importer",
    "ImportReport": "desktop.library.importer",
    "import_paths": "desktop.library.importer",
    "reindex": "desktop.library.importer",
    "Passage": "desktop.library.passages",
    "ensure_sample_library": "desktop.library.sample",
    "source_records": "desktop.library.saved_answers",
    "CollectionInfo": "desktop.library.store",
    "DocumentInfo": "desktop.library.store",
    "LibraryStore": "desktop.library.store",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop.library' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
