"""Library tab: the reference library's collections, documents and search (Qt view)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.ui.context import AppContext

PAGE_TITLE = "Library"


def create_page(ctx: AppContext) -> QWidget:
    from desktop.ui.library.page import LibraryPage  # lazy: the page loads when its tab is built

    return LibraryPage(ctx)
