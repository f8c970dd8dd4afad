"""Model manager page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

PAGE_TITLE = "Models"


def create_page(ctx) -> QWidget:  # noqa: ANN001 - AppContext
    from desktop.ui.models.page import ModelsPage

    return ModelsPage(ctx)
