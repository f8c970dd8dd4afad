"""Small widgets of the study page: answer options, probability bars, explanation panel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.explain_sources import LibraryToggle, SourceCardsView

_STYLE = {
    "normal": ("#ffffff", "#c9ced6", "#1f2328"),
    "selected": ("#e8f0fe", "#1a73e8", "#1f2328"),
    "correct": ("#e6f4ea", "#1e8e3e", "#0d652d"),
    "wrong": ("#fce8e6", "#d93025", "#a50e0e"),
    "struck": ("#f6f7f9", "#e1e4e8", "#8b949e"),
}


class OptionButton(QFrame):
    """One answer option: left click chooses, right click (or strike mode) strikes it out."""

    sig_clicked = Signal(str)
    sig_strike = Signal(str)

    def __init__(self, label: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setObjectName("option")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click to choose · right-click to strike out")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.badge = QLabel(label)
        self.badge.setFixedWidth(26)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.suffix = QLabel("")
        layout.addWidget(self.badge)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.suffix)
        self.state = "normal"
        self.struck = False
        self.enabled_for_answer = True
        self.set_state("normal", False)

    def set_state(self, state: str, struck: bool, suffix: str = "") -> None:
        self.state, self.struck = state, struck
        bg, border, fg = _STYLE["struck" if struck and state in ("normal",) else state]
        width = 2 if state != "normal" else 1
        self.setStyleSheet(
            f"QFrame#option {{ background: {bg}; border: {width}px solid {border};"
            f" border-radius: 6px; }} QLabel {{ color: {fg}; border: none; }}"
        )
        font = self.text.font()
        font.setStrikeOut(struck)
        self.text.setFont(font)
        badge_font = self.badge.font()
        badge_font.setBold(True)
        self.badge.setFont(badge_font)
        self.suffix.setText(suffix)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.RightButton:
            self.sig_strike.emit(self.label)
        elif event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit(self.label)
        event.accept()


class ProbabilityView(QWidget):
    """'What the model thinks': one bar per option."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.bars: dict[str, QProgressBar] = {}

    def show_probabilities(
        self, probabilities: dict[str, float], correct: str, model: str = ""
    ) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.bars = {}
        if not probabilities:
            return
        title = QLabel(
            "What the model thinks"
            + (f" ({model})" if model else "")
            + " — a small local model; its confidence is not evidence."
        )
        title.setWordWrap(True)
        title.setStyleSheet("color: #57606a;")
        self._layout.addWidget(title)
        top = max(probabilities, key=lambda k: probabilities[k]) if probabilities else None
        for label, p in probabilities.items():
            row = QHBoxLayout()
            name = QLabel(label)
            name.setFixedWidth(20)
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(int(round(p * 1000)))
            bar.setFormat(f"{100 * p:.1f}%")
            bar.setMaximumHeight(16)
            color = "#1e8e3e" if label == correct else ("#d93025" if label == top else "#8b949e")
            bar.setStyleSheet(
                f"QProgressBar {{ border: 1px solid #d0d7de; border-radius: 3px;"
                f" text-align: center; background: #f6f8fa; }}"
                f" QProgressBar::chunk {{ background: {color}; }}"
            )
            row.addWidget(name)
            row.addWidget(bar, 1)
            holder = QWidget()
            holder.setLayout(row)
            row.setContentsMargins(0, 0, 0, 0)
            self._layout.addWidget(holder)
            self.bars[label] = bar


class ExplanationPanel(QWidget):
    """Answer key, the bank's explanation, the model's explanation (Explain/Stop) and the
    model's option probabilities. The page wires the buttons to the engine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.bank_text = QLabel("")
        self.bank_text.setWordWrap(True)
        self.bank_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bank_text.setStyleSheet(
            "background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px;"
        )
        buttons = QHBoxLayout()
        self.explain_button = QPushButton("Explain (local model)")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.probs_button = QPushButton("What the model thinks")
        buttons.addWidget(self.explain_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.probs_button)
        buttons.addStretch(1)
        self.model_text = QTextBrowser()
        self.model_text.setPlaceholderText(
            "Press Explain to ask the local model for an explanation (saved for next time)."
        )
        self.model_text.setMinimumHeight(90)
        self.model_text.setMaximumHeight(280)
        self.model_status = QLabel("")
        self.model_status.setWordWrap(True)
        self.model_status.setStyleSheet("color: #57606a;")
        self.library_toggle = LibraryToggle()  # the page binds it to the settings
        self.sources_view = SourceCardsView()  # the library passages the explanation cites
        self.sources_view.setMaximumHeight(240)
        self.probabilities = ProbabilityView()
        layout.addWidget(self.verdict)
        layout.addWidget(self.bank_text)
        layout.addLayout(buttons)
        layout.addWidget(self.library_toggle)
        layout.addWidget(self.model_text, 1)
        layout.addWidget(self.sources_view, 1)
        layout.addWidget(self.model_status)
        layout.addWidget(self.probabilities)
        layout.addStretch(0)

    def show_key(self, verdict_html: str, bank_explanation: str) -> None:
        self.verdict.setText(verdict_html)
        self.bank_text.setText(bank_explanation or "This bank has no explanation; try Explain.")
        self.bank_text.setVisible(True)

    def reset_model(self) -> None:
        self.model_text.clear()
        self.sources_view.clear_sources()
        self.model_status.setText("")
        self.probabilities.show_probabilities({}, "")
        self.set_streaming(False)

    def set_streaming(self, streaming: bool) -> None:
        self.explain_button.setEnabled(not streaming)
        self.stop_button.setEnabled(streaming)


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = max(0, int(round(seconds)))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def small_button(text: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked=False: slot())
    if tip:
        button.setToolTip(tip)
    return button
