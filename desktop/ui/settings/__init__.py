"""Settings page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

PAGE_TITLE = "Settings"


def create_page(ctx) -> QWidget:  # noqa: ANN001 - AppContext
    from desktop.ui.settings.page import SettingsPage

    return SettingsPage(ctx)
