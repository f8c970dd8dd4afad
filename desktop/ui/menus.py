"""The main window's menu bar: every everyday action with its keyboard shortcut."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget


class MenuHost(Protocol):
    """What the menus need of the main window (which imports this module)."""

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

    def show_page(self, name: str) -> QWidget: ...

    def close(self) -> bool: ...

# (menu, label, shortcut, page, method): the action calls ``page.method()`` after showing it.
ACTIONS: tuple[tuple[str, str, str, str, str], ...] = (
    ("&File", "&New chat", "Ctrl+N", "chat", "new_conversation"),
    ("&File", "&Export conversation…", "Ctrl+E", "chat", "ask_export"),
    ("&Edit", "&Find in conversations", "Ctrl+F", "chat", "focus_search"),
    ("&Edit", "&Copy answer", "Ctrl+Shift+C", "chat", "copy_last_answer"),
    ("&Chat", "&Send", "", "chat", "send_from_input"),  # Ctrl+Enter: the composer's own
    ("&Chat", "S&top answering", "Esc", "chat", "stop"),
    ("&Chat", "&Regenerate", "Ctrl+R", "chat", "regenerate"),
    ("&Chat", "&Edit last question", "Ctrl+Shift+E", "chat", "edit_last"),
    ("&Chat", "Previous answer version", "Ctrl+[", "chat", "previous_version"),
    ("&Chat", "Next answer version", "Ctrl+]", "chat", "next_version"),
)
def _call(window: MenuHost, page_name: str, method: str) -> Callable[[], None]:
    def run() -> None:
        getattr(window.show_page(page_name), method)()

    return run


def install_menus(window: MenuHost, pages: Sequence[tuple[str, str]]) -> dict[str, QAction]:
    """Build the menu bar on ``window``; ``pages`` are (title, name) for View → Ctrl+1….

    Returns the actions by label."""
    bar = window.menuBar()
    menus = {}
    actions: dict[str, QAction] = {}
    for menu_name, label, keys, page, method in ACTIONS:
        if menu_name not in menus:
            menus[menu_name] = bar.addMenu(menu_name)
        action = QAction(label if keys else f"{label}\tCtrl+Enter", window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(_call(window, page, method))
        menus[menu_name].addAction(action)
        actions[label.replace("&", "")] = action
    view = bar.addMenu("&View")
    for number, (label, page) in enumerate(pages[:9], start=1):
        action = QAction(label, window)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _c=False, p=page: window.show_page(p))
        view.addAction(action)
        actions[label] = action
    quit_action = QAction("&Quit", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    menus["&File"].addSeparator()
    menus["&File"].addAction(quit_action)
    actions["Quit"] = quit_action
    return actions
