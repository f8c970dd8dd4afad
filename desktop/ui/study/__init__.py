"""Study tab (USMLE-style question banks): Qt view over the Qt-free ``desktop.study``."""

from __future__ import annotations

from typing import Any

PAGE_TITLE = "Study"


def create_page(ctx: Any) -> Any:
    from desktop.ui.study.page import StudyPage

    return StudyPage(ctx)
