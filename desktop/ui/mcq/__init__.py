"""MCQ / classification page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.ui.context import AppContext

PAGE_TITLE = "MCQ"


def create_page(ctx: AppContext) -> QWidget:
    from desktop.ui.mcq.page import MCQPage  # lazy: the page loads when its tab is built

    return MCQPage(ctx)
