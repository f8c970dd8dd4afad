"""The question screen of a running block: options, strike-out, mark, note, timer, navigation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.study.session import BlockSession, ItemState
from desktop.ui.study.render import stem_html, stem_label, verdict_html
from desktop.ui.study.widgets import ExplanationPanel, OptionButton, fmt_seconds


class BlockScreen(QWidget):
    """Shows a block session's current item; every user action leaves as a ``sig_*`` signal."""

    sig_select = Signal(str)  # option label chosen
    sig_strike = Signal(str)  # option label struck out / restored
    sig_submit = Signal()
    sig_go = Signal(int)  # -1 previous, +1 next
    sig_go_to = Signal(int)  # item index
    sig_mark_toggled = Signal()
    sig_note_changed = Signal(str)
    sig_end_requested = Signal()
    sig_suspend_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option_buttons: dict[str, OptionButton] = {}
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel("")
        self.title.setStyleSheet("font-weight: 600; font-size: 14px;")
        self.tags = QLabel("")
        self.tags.setStyleSheet("color: #57606a;")
        self.timer = QLabel("")
        self.timer.setObjectName("timer")
        self.timer.setStyleSheet(
            "QLabel#timer { font: 600 16px monospace; padding: 2px 10px; border-radius: 4px;"
            " background: #eaeef2; }"
        )
        self.mark_button = QPushButton("⚑ Mark")
        self.mark_button.setCheckable(True)
        self.mark_button.setToolTip("Mark this question to revisit it (also schedules a review)")
        self.mark_button.clicked.connect(lambda _c=False: self.sig_mark_toggled.emit())
        self.strike_mode = QPushButton("Strike-out mode")
        self.strike_mode.setCheckable(True)
        self.strike_mode.setToolTip("When on, clicking an option strikes it out (or right-click)")
        header.addWidget(self.title)
        header.addWidget(self.tags, 1)
        header.addWidget(self.strike_mode)
        header.addWidget(self.mark_button)
        header.addWidget(self.timer)
        outer.addLayout(header)

        self.strip = QHBoxLayout()
        self.strip.setSpacing(3)
        strip_holder = QWidget()
        strip_holder.setLayout(self.strip)
        self.strip.setContentsMargins(0, 0, 0, 0)
        strip_scroll = QScrollArea()
        strip_scroll.setWidget(strip_holder)
        strip_scroll.setWidgetResizable(True)
        strip_scroll.setFixedHeight(44)
        strip_scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(strip_scroll)
        self.strip_buttons: list[QPushButton] = []

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setFrameShape(QFrame.Shape.NoFrame)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        left.setWidget(inner)
        left_layout = QVBoxLayout(inner)
        left_layout.setContentsMargins(0, 0, 8, 0)
        self.stem = stem_label()
        left_layout.addWidget(self.stem)
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(5)
        left_layout.addLayout(self.options_box)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel("Note"))
        self.note = QLineEdit()
        self.note.setPlaceholderText("your note on this question (saved)")
        self.note.editingFinished.connect(lambda: self.sig_note_changed.emit(self.note.text()))
        note_row.addWidget(self.note, 1)
        left_layout.addLayout(note_row)
        left_layout.addStretch(1)
        splitter.addWidget(left)
        self.panel = ExplanationPanel()
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([660, 520])
        outer.addWidget(splitter, 1)

        nav = QHBoxLayout()
        self.prev_button = QPushButton("◀ Previous")
        self.prev_button.clicked.connect(lambda _c=False: self.sig_go.emit(-1))
        self.submit_button = QPushButton("Submit answer")
        self.submit_button.setStyleSheet("font-weight: 600; padding: 5px 16px;")
        self.submit_button.clicked.connect(lambda _c=False: self.sig_submit.emit())
        self.next_button = QPushButton("Next ▶")
        self.next_button.clicked.connect(lambda _c=False: self.sig_go.emit(+1))
        self.end_button = QPushButton("End block")
        self.end_button.clicked.connect(lambda _c=False: self.sig_end_requested.emit())
        self.suspend_button = QPushButton("Suspend")
        self.suspend_button.setToolTip("Leave the block; resume it later from the Blocks list")
        self.suspend_button.clicked.connect(lambda _c=False: self.sig_suspend_requested.emit())
        nav.addWidget(self.suspend_button)
        nav.addWidget(self.end_button)
        nav.addStretch(1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.submit_button)
        nav.addWidget(self.next_button)
        outer.addLayout(nav)
        self._shortcuts()

    def _shortcuts(self) -> None:
        """Keyboard: A-J choose, Enter submits, Left/Right navigate, M marks."""
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def add(key: str, slot: Callable[[], None]) -> None:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

        for letter in "ABCDEFGHIJ":
            add(letter, lambda label=letter: self._key_option(label))
        add("Return", self.sig_submit.emit)
        add("Right", lambda: self.sig_go.emit(+1))
        add("Left", lambda: self.sig_go.emit(-1))
        add("M", self.sig_mark_toggled.emit)

    def _key_option(self, label: str) -> None:
        if label in self.option_buttons:
            self._clicked(label)

    # -- rendering ---------------------------------------------------------------------
    def render(self, session: BlockSession) -> None:
        item = session.current
        q = item.question
        mode = "Tutor" if not session.timed else "Timed"
        self.title.setText(f"{mode} · Question {session.index + 1} of {len(session)}")
        self.tags.setText(q.tag_line)
        self.stem.setText(stem_html(q))
        self._render_options(item)
        self.mark_button.setChecked(item.marked)
        if self.note.text() != item.note and not self.note.hasFocus():
            self.note.setText(item.note)
        self.prev_button.setEnabled(session.index > 0)
        self.next_button.setEnabled(session.index < len(session) - 1)
        self.submit_button.setVisible(not session.timed)
        self.submit_button.setEnabled(item.selected is not None and not item.submitted)
        self.panel.setVisible(item.revealed)
        if item.revealed:
            self.panel.show_key(verdict_html(item), q.explanation)
        self._render_strip(session)
        self.update_timer(session)

    def _render_options(self, item: ItemState) -> None:
        q = item.question
        if list(self.option_buttons) != q.labels or any(
            b.text.text() != q.option_text(k) for k, b in self.option_buttons.items()
        ):
            for button in self.option_buttons.values():
                button.setParent(None)
                button.deleteLater()
            self.option_buttons = {}
            for label, text in q.options:
                button = OptionButton(label, text)
                button.sig_clicked.connect(self._clicked)
                button.sig_strike.connect(self.sig_strike.emit)
                self.options_box.addWidget(button)
                self.option_buttons[label] = button
        for label, button in self.option_buttons.items():
            struck = label in item.struck
            if item.revealed:
                if label == q.answer:
                    state, suffix = "correct", "✓ correct"
                elif label == item.selected:
                    state, suffix = "wrong", "✗ your answer"
                else:
                    state, suffix = "normal", ""
            else:
                state = "selected" if label == item.selected else "normal"
                suffix = ""
            button.set_state(state, struck, suffix)

    def _render_strip(self, session: BlockSession) -> None:
        if len(self.strip_buttons) != len(session):
            while self.strip.count():
                entry = self.strip.takeAt(0)
                if entry.widget() is not None:
                    entry.widget().deleteLater()
            self.strip_buttons = []
            for i in range(len(session)):
                b = QPushButton(str(i + 1))
                b.setFixedSize(34, 30)
                b.clicked.connect(lambda _c=False, i=i: self.sig_go_to.emit(i))
                self.strip.addWidget(b)
                self.strip_buttons.append(b)
            self.strip.addStretch(1)
        for i, (b, it) in enumerate(zip(self.strip_buttons, session.items, strict=True)):
            if it.revealed:
                bg = "#e6f4ea" if it.correct else "#fce8e6"
            elif it.selected is not None:
                bg = "#dbe7fb"
            else:
                bg = "#ffffff"
            border = "2px solid #1f2328" if i == session.index else "1px solid #c9ced6"
            flag = "⚑" if it.marked else ""
            b.setText(f"{i + 1}{flag}")
            b.setStyleSheet(f"QPushButton {{ background: {bg}; border: {border}; }}")

    def update_timer(self, session: BlockSession) -> None:
        if session.timed:
            left = session.live_remaining()
            self.timer.setText(f"Time left {fmt_seconds(left)}")
            warn = left is not None and left <= 60
            color = "#fce8e6" if warn else "#eaeef2"
            self.timer.setStyleSheet(
                f"QLabel#timer {{ font: 600 16px monospace; padding: 2px 10px;"
                f" border-radius: 4px; background: {color}; }}"
            )
        else:
            self.timer.setText(f"This question {fmt_seconds(session.live_item_time())}")

    def _clicked(self, label: str) -> None:
        if self.strike_mode.isChecked():
            self.sig_strike.emit(label)
        else:
            self.sig_select.emit(label)
