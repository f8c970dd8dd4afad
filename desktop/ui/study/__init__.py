"""Study tab (USMLE-style question banks): Qt view over the Qt-free ``desktop.study``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.context import AppContext

PAGE_TITLE = "Study"


def create_page(ctx: AppContext) -> QWidget:
    from desktop.ui.study.page import StudyPage  # lazy: the page loads when its tab is built

    return StudyPage(ctx)
