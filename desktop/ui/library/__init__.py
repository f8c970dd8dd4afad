"""Library tab: the reference library's collections, documents and search (Qt view)."""

from __future__ import annotations

from typing import Any

from desktop.ui.context import AppContext

PAGE_TITLE = "Library"


def create_page(ctx: AppContext) -> Any:
    from desktop.ui.library.page import LibraryPage

    return LibraryPage(ctx)
