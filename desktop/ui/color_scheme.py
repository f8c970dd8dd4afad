"""Follow the system's light/dark colour scheme (Qt's style hints), now and when it changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.ui.chat import render

DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181a",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2d2f33",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.ToolTipBase: "#2d2f33",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#4c8bf5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#a0a4aa",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Mid: "#5f6368",
}
_LIGHT: list[QPalette] = []  # the platform's own light palette, kept before switching


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def apply_color_scheme(dark: bool | None = None) -> bool:
    """Dark palette (and transcript colours) when the system is dark (or ``dark``)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    if not _LIGHT:
        _LIGHT.append(QPalette(app.palette()))
    dark = is_dark() if dark is None else dark
    if dark:
        app.setStyle("Fusion")  # honours the palette on every platform
        palette = QPalette(_LIGHT[0])
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        for role in (  # disabled buttons and text must look disabled
            QPalette.ColorRole.ButtonText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.WindowText,
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f8389"))
        app.setPalette(palette)
    else:
        app.setPalette(_LIGHT[0])
    render.use_dark_colors(dark)
    return dark


def follow_system_scheme() -> None:
    """Apply the scheme now and whenever the system switches."""
    apply_color_scheme()
    hints = QGuiApplication.styleHints()
    if hints is not None and not getattr(follow_system_scheme, "connected", False):
        hints.colorSchemeChanged.connect(lambda _s: apply_color_scheme())
        follow_system_scheme.connected = True  # type: ignore[attr-defined]
