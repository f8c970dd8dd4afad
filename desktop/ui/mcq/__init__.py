"""MCQ / classification page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

PAGE_TITLE = "MCQ"


def create_page(ctx) -> QWidget:  # noqa: ANN001 - AppContext
    from desktop.ui.mcq.page import MCQPage

    return MCQPage(ctx)
