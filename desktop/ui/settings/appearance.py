"""Settings → Appearance: the text size of every page, applied at once and kept."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QSpinBox

from desktop.ui.context import AppContext
from desktop.ui.window_state import FONT_RANGE, apply_font_size, saved_font_size


class AppearanceBox(QGroupBox):
    """Text size in points (0 = the system's default)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__("Appearance")
        self.ctx = ctx
        form = QFormLayout(self)
        self.font_size = QSpinBox()
        self.font_size.setRange(FONT_RANGE[0] - 1, FONT_RANGE[1])
        self.font_size.setSpecialValueText("system default")
        self.font_size.setSuffix(" pt")
        self.font_size.setToolTip("Text size on every page; applied at once and kept.")
        saved = saved_font_size(ctx.settings)
        self.font_size.setValue(saved if saved is not None else FONT_RANGE[0] - 1)
        self.font_size.valueChanged.connect(self.set_font_size)
        form.addRow("Text size", self.font_size)

    def set_font_size(self, value: int) -> None:
        size = None if value < FONT_RANGE[0] else value
        self.ctx.settings.merge("ui", {"font_size": size})
        apply_font_size(size)
