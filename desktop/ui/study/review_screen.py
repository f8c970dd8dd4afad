"""Review of a finished block: per-question answer key, your answer, time, Explain, model view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.study.session import BlockSession, ItemState
from desktop.study.stats import group_stat
from desktop.ui.study.render import stem_html, stem_label, verdict_html
from desktop.ui.study.widgets import ExplanationPanel, OptionButton, fmt_seconds


def item_line(i: int, it: ItemState) -> str:
    mark = "✓" if it.correct else ("–" if it.selected is None else "✗")
    answer = it.selected or "—"
    flag = " ⚑" if it.marked else ""
    return (
        f"{i + 1:>2}  {mark}  {answer}→{it.question.answer}  {fmt_seconds(it.time_spent_s)}{flag}"
    )


class ReviewScreen(QWidget):
    """List of the block's questions on the left, the selected one on the right."""

    sig_back = Signal()
    sig_item_shown = Signal(object, object)  # question id, its ExplanationPanel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: BlockSession | None = None
        self.option_buttons: list[OptionButton] = []
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.score = QLabel("")
        self.score.setStyleSheet("font-weight: 600; font-size: 14px;")
        back = QPushButton("◀ Blocks")
        back.clicked.connect(lambda _c=False: self.sig_back.emit())
        header.addWidget(back)
        header.addWidget(self.score, 1)
        outer.addLayout(header)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.items = QListWidget()
        self.items.setStyleSheet("font-family: monospace;")
        self.items.currentRowChanged.connect(self._show)
        self.items.setMinimumWidth(150)
        splitter.addWidget(self.items)
        middle = QScrollArea()
        middle.setWidgetResizable(True)
        middle.setFrameShape(QFrame.Shape.NoFrame)
        middle.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        middle.setWidget(inner)
        ml = QVBoxLayout(inner)
        ml.setContentsMargins(0, 0, 8, 0)
        self.tags = QLabel("")
        self.tags.setStyleSheet("color: #57606a;")
        self.tags.setWordWrap(True)
        self.stem = stem_label()
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(4)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        ml.addWidget(self.tags)
        ml.addWidget(self.stem)
        ml.addLayout(self.options_box)
        ml.addWidget(self.note)
        ml.addStretch(1)
        middle.setMinimumWidth(300)
        splitter.addWidget(middle)
        self.panel = ExplanationPanel()
        self.panel.setMinimumWidth(280)  # (its buttons wrap; fits a 1024 px window)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([200, 520, 460])
        outer.addWidget(splitter, 1)

    def show_session(self, session: BlockSession, row: int = 0) -> None:
        self.session = session
        correct, answered, total = session.score()
        pct = 100 * correct / answered if answered else 0.0
        avg = group_stat("block", session.answer_times()).avg_time_s  # as in Statistics
        self.score.setText(
            f"{session.name} · {correct}/{total} correct ({pct:.0f}% of {answered} answered)"
            f" · {fmt_seconds(avg)} average per question"
        )
        self.items.blockSignals(True)
        self.items.clear()
        for i, it in enumerate(session.items):
            entry = QListWidgetItem(item_line(i, it))
            color = "#1e8e3e" if it.correct else ("#9a6700" if it.selected is None else "#d93025")
            entry.setForeground(Qt.GlobalColor.black)
            entry.setData(Qt.ItemDataRole.ToolTipRole, it.question.stem[:200])
            entry.setData(Qt.ItemDataRole.ForegroundRole, _brush(color))
            self.items.addItem(entry)
        self.items.blockSignals(False)
        self.items.setCurrentRow(min(row, len(session) - 1))
        self._show(self.items.currentRow())

    @property
    def current_item(self) -> ItemState | None:
        if self.session is None or self.items.currentRow() < 0:
            return None
        return self.session.items[self.items.currentRow()]

    def _show(self, row: int) -> None:
        if self.session is None or row < 0:
            return
        it = self.session.items[row]
        q = it.question
        self.tags.setText(f"Question {row + 1} · {q.tag_line}")
        self.stem.setText(stem_html(q))
        for b in self.option_buttons:
            b.setParent(None)
            b.deleteLater()
        self.option_buttons = []
        for label, text in q.options:
            b = OptionButton(label, text)
            b.setCursor(Qt.CursorShape.ArrowCursor)
            b.setToolTip("")
            if label == q.answer:
                b.set_state("correct", label in it.struck, "✓ correct")
            elif label == it.selected:
                b.set_state("wrong", label in it.struck, "✗ your answer")
            else:
                b.set_state("normal", label in it.struck)
            self.options_box.addWidget(b)
            self.option_buttons.append(b)
        self.note.setText(f"Your note: {it.note}" if it.note else "")
        self.note.setVisible(bool(it.note))
        self.panel.show_key(verdict_html(it), q.explanation)
        self.panel.reset_model()
        self.sig_item_shown.emit(q.id, self.panel)


def _brush(color: str) -> QBrush:
    return QBrush(QColor(color))
