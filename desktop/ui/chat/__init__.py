"""Chat page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

PAGE_TITLE = "Chat"


def create_page(ctx) -> QWidget:  # noqa: ANN001 - AppContext
    from desktop.ui.chat.page import ChatPage

    return ChatPage(ctx)
