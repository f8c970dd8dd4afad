"""Window geometry and appearance that survive a restart (settings group ``ui``)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop.settings_store import SettingsStore

MIN_SIZE = (960, 640)  # fits 1024x700 and a 1280x720 laptop screen with a task bar
DEFAULT_SIZE = (1180, 760)
FONT_RANGE = (8, 24)  # point sizes offered in Settings


def ui_values(settings: SettingsStore) -> dict[str, object]:
    value = settings.get("ui", {})
    return dict(value) if isinstance(value, dict) else {}


def restore_geometry(window: QMainWindow, settings: SettingsStore) -> None:
    """The size and place of the last session, else a default that fits the screen."""
    window.setMinimumSize(*MIN_SIZE)
    saved = ui_values(settings).get("window")
    if isinstance(saved, dict) and all(isinstance(saved.get(k), int) for k in "xywh"):
        window.resize(max(int(saved["w"]), MIN_SIZE[0]), max(int(saved["h"]), MIN_SIZE[1]))
        place = QPoint(int(saved["x"]), int(saved["y"]))
        if QGuiApplication.screenAt(place) is not None:  # that screen is still there
            window.move(place)
        if saved.get("maximized") is True:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    screen = QGuiApplication.primaryScreen()
    width, height = DEFAULT_SIZE
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width()), min(height, free.height())
    window.resize(max(width, MIN_SIZE[0]), max(height, MIN_SIZE[1]))


def save_geometry(window: QMainWindow, settings: SettingsStore) -> None:
    rect = window.normalGeometry() if window.isMaximized() else window.geometry()
    place = {"x": rect.x(), "y": rect.y(), "w": rect.width(), "h": rect.height()}
    settings.merge("ui", {"window": {**place, "maximized": window.isMaximized()}})


_DEFAULT_FONT: list[QFont] = []  # the platform's font, kept before the first change


def apply_font_size(size: int | None) -> None:
    """Every widget's base font size (``None``: the platform default)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _DEFAULT_FONT:
        _DEFAULT_FONT.append(QFont(app.font()))
    font = QFont(_DEFAULT_FONT[0])
    if size is not None:
        font.setPointSize(max(FONT_RANGE[0], min(FONT_RANGE[1], int(size))))
    app.setFont(font)


def saved_font_size(settings: SettingsStore) -> int | None:
    size = ui_values(settings).get("font_size")
    return int(size) if isinstance(size, int) and not isinstance(size, bool) else None
