"""Chat page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.ui.context import AppContext

PAGE_TITLE = "Chat"


def create_page(ctx: AppContext) -> QWidget:
    from desktop.ui.chat.page import ChatPage  # lazy: the page loads when its tab is built

    return ChatPage(ctx)
