"""Study tab (USMLE-style question banks): Qt view over the Qt-free ``desktop.study``."""

from __future__ import annotations

from typing import Any

from desktop.ui.context import AppContext

PAGE_TITLE = "Study"


def create_page(ctx: AppContext) -> Any:
    from desktop.ui.study.page import StudyPage

    return StudyPage(ctx)
