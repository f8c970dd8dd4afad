"""Small chat widgets: the ‹ n/m › answer-version switcher and the multi-line system prompt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QWidget

from desktop.chat import VersionInfo


class VersionBar(QWidget):
    """‹ 1/2 › under the last answer; hidden while it has a single version."""

    sig_step = Signal(int)  # -1 previous, +1 next

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.prev_button = QToolButton()
        self.prev_button.setText("‹")
        self.prev_button.setToolTip("Previous version of this answer")
        self.prev_button.clicked.connect(lambda: self.sig_step.emit(-1))
        self.label = QLabel("")
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.setToolTip("Next version of this answer")
        self.next_button.clicked.connect(lambda: self.sig_step.emit(1))
        row.addWidget(self.prev_button)
        row.addWidget(self.label)
        row.addWidget(self.next_button)
        row.addStretch(1)
        self.hide()

    def show_info(self, _index: int, info: VersionInfo | None) -> None:
        if info is None or info.count < 2:
            self.hide()
            return
        self.label.setText(f"answer {info.number}/{info.count}")
        self.prev_button.setEnabled(info.number > 1)
        self.next_button.setEnabled(info.number < info.count)
        self.show()


class SystemPromptEdit(QPlainTextEdit):
    """A few lines high; ``sig_edited`` when focus leaves it (like QLineEdit.editingFinished)."""

    sig_edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(line * 3 + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.sig_edited.emit()
