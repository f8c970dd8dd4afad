"""Model manager page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.ui.context import AppContext

PAGE_TITLE = "Models"


def create_page(ctx: AppContext) -> QWidget:
    from desktop.ui.models.page import ModelsPage  # lazy: the page loads when its tab is built

    return ModelsPage(ctx)
