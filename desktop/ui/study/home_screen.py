"""Study home: banks (import/delete), the block builder and recent blocks (resume/review)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.study.blocks import DEFAULT_SECONDS_PER_QUESTION, BlockSpec
from desktop.study.labels import step_label

STATUS_CHOICES = [
    ("all", "All questions"),
    ("unused", "Unused"),
    ("incorrect", "Incorrect"),
    ("marked", "Marked"),
    ("due", "Due for review (spaced repetition)"),
]


def _checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def _fill_checkable(widget: QListWidget, rows: list[tuple[str, Any]], keep: set[Any]) -> None:
    widget.blockSignals(True)
    widget.clear()
    for text, value in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in keep else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.blockSignals(False)


class HomeScreen(QWidget):
    """Banks on the left, block builder in the middle, recent blocks below."""

    sig_import_requested = Signal()
    sig_delete_bank_requested = Signal()
    sig_start_block = Signal(object)  # BlockSpec
    sig_count_requested = Signal(object)  # BlockSpec; answer with show_count(n)
    sig_block_opened = Signal(int)  # block id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(150)
        self._count_timer.timeout.connect(self._request_count)
        self._build()

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        # Scrolls instead of cutting the builder off on a 1024x700 or 1280x720 screen.
        shell = QVBoxLayout(self)
        shell.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        scroll.setWidget(inner)
        shell.addWidget(scroll)
        outer = QVBoxLayout(inner)
        top = QHBoxLayout()
        outer.addLayout(top, 3)

        banks_box = QGroupBox("Question banks")
        banks = QVBoxLayout(banks_box)
        self.banks = QListWidget()
        self.banks.setToolTip("Tick banks to draw from (none ticked = all banks)")
        self.banks.itemChanged.connect(lambda _i: self.filters_changed())
        banks.addWidget(self.banks, 1)
        row = QHBoxLayout()
        self.import_button = QPushButton("Import bank…")
        self.import_button.clicked.connect(lambda _c=False: self.sig_import_requested.emit())
        self.delete_button = QPushButton("Delete bank")
        self.delete_button.clicked.connect(lambda _c=False: self.sig_delete_bank_requested.emit())
        row.addWidget(self.import_button)
        row.addWidget(self.delete_button)
        banks.addLayout(row)
        self.import_report = QPlainTextEdit()
        self.import_report.setReadOnly(True)
        self.import_report.setPlaceholderText(
            "Import MedQA / MedMCQA JSONL, MMLU CSV, PubMedQA JSON, MedAlpaca USMLE JSON or "
            "your own JSON/CSV. Broken rows are listed here with their line numbers."
        )
        self.import_report.setMaximumHeight(130)
        banks.addWidget(self.import_report)
        top.addWidget(banks_box, 2)

        builder_box = QGroupBox("Build a block")
        form = QFormLayout(builder_box)
        self.mode = QComboBox()
        self.mode.addItem("Tutor — answer and explanation after each question", "tutor")
        self.mode.addItem("Timed — countdown, answers revealed at the end", "timed")
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.status = QComboBox()
        for value, text in STATUS_CHOICES:
            self.status.addItem(text, value)
        self.status.currentIndexChanged.connect(lambda _i: self.filters_changed())
        self.steps = QListWidget()
        self.steps.setMaximumHeight(70)
        self.steps.itemChanged.connect(lambda _i: self.filters_changed())
        self.subjects = QListWidget()
        self.subjects.setMaximumHeight(110)
        self.subjects.itemChanged.connect(lambda _i: self.filters_changed())
        self.tag = QLineEdit()
        self.tag.setPlaceholderText("optional tag, e.g. electrolytes")
        self.tag.textChanged.connect(lambda _t: self.filters_changed())
        self.size = QSpinBox()
        self.size.setRange(1, 200)
        self.size.setValue(10)
        self.order = QComboBox()
        self.order.addItem("Random", "random")
        self.order.addItem("In bank order", "sequential")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setSpecialValueText("new shuffle each time")
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(5, 600)
        self.seconds.setDecimals(0)
        self.seconds.setSuffix(" s per question")
        self.seconds.setValue(DEFAULT_SECONDS_PER_QUESTION)
        self.matching = QLabel("")
        self.start_button = QPushButton("Start block")
        self.start_button.setDefault(True)
        self.start_button.setStyleSheet("font-weight: 600; padding: 6px 18px;")
        self.start_button.clicked.connect(lambda _c=False: self._start())
        form.addRow("Mode", self.mode)
        form.addRow("Questions", self.status)
        form.addRow("Steps", self.steps)
        form.addRow("Subjects", self.subjects)
        form.addRow("Tag", self.tag)
        form.addRow("Block size", self.size)
        form.addRow("Order", self.order)
        form.addRow("Seed", self.seed)
        form.addRow("Time", self.seconds)
        form.addRow(self.matching, self.start_button)
        top.addWidget(builder_box, 3)
        self._mode_changed()

        blocks_box = QGroupBox("Blocks")
        blocks = QVBoxLayout(blocks_box)
        self.blocks = QTableWidget(0, 5)
        self.blocks.setHorizontalHeaderLabels(["Block", "Mode", "Status", "Progress", "Score"])
        header = self.blocks.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.blocks.verticalHeader().setVisible(False)
        self.blocks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.blocks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.blocks.cellDoubleClicked.connect(lambda r, _c: self._open_row(r))
        blocks.addWidget(self.blocks)
        row = QHBoxLayout()
        self.open_button = QPushButton("Resume / review selected")
        self.open_button.clicked.connect(lambda _c=False: self._open_row(self.blocks.currentRow()))
        row.addStretch(1)
        row.addWidget(self.open_button)
        blocks.addLayout(row)
        outer.addWidget(blocks_box, 2)

    # -- the builder's choices survive a restart (the page keeps them in settings) -------
    def _start(self) -> None:
        self.sig_start_block.emit(self.spec())  # the page also keeps choices() for next time

    def choices(self) -> dict[str, Any]:
        return {
            "mode": self.mode.currentData(),
            "status": self.status.currentData(),
            "tag": self.tag.text(),
            "size": self.size.value(),
            "order": self.order.currentData(),
            "seed": self.seed.value(),
            "seconds": self.seconds.value(),
        }

    def restore_choices(self, saved: object) -> None:
        """Put back what :meth:`choices` returned last time (anything else is ignored)."""
        if not isinstance(saved, dict):
            return
        for box, key in ((self.mode, "mode"), (self.status, "status"), (self.order, "order")):
            index = box.findData(saved.get(key))
            if index >= 0:
                box.setCurrentIndex(index)
        if isinstance(saved.get("tag"), str):
            self.tag.setText(saved["tag"])
        for spin, key in ((self.size, "size"), (self.seed, "seed"), (self.seconds, "seconds")):
            if isinstance(saved.get(key), int | float):
                spin.setValue(saved[key])

    def _mode_changed(self) -> None:
        self.seconds.setEnabled(self.mode.currentData() == "timed")

    # -- data --------------------------------------------------------------------------
    def spec(self) -> BlockSpec:
        return BlockSpec(
            size=self.size.value(),
            mode=self.mode.currentData(),
            status=self.status.currentData(),
            bank_ids=_checked(self.banks),
            steps=_checked(self.steps),
            subjects=_checked(self.subjects),
            tag=self.tag.text().strip(),
            order=self.order.currentData(),
            seed=self.seed.value() or None,
            seconds_per_question=float(self.seconds.value()),
        )

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def set_status(self, status: str) -> None:
        self.status.setCurrentIndex(self.status.findData(status))

    def show_overview(self, overview: dict[str, Any]) -> None:
        """Fill banks, facets and blocks from :meth:`StudyPage.load_overview` data."""
        keep_banks = set(_checked(self.banks))
        _fill_checkable(
            self.banks,
            [(f"{name}  ({n})", bid) for bid, name, n in overview["banks"]],
            keep_banks,
        )
        for i in range(self.banks.count()):
            bid = self.banks.item(i).data(Qt.ItemDataRole.UserRole)
            desc = overview["descriptions"].get(bid, "")
            if desc:
                self.banks.item(i).setToolTip(desc)
        _fill_checkable(
            self.steps,
            [(step_label(s), s) for s in overview["facets"]["steps"]],
            set(_checked(self.steps)),
        )
        _fill_checkable(
            self.subjects,
            [(s, s) for s in overview["facets"]["subjects"]],
            set(_checked(self.subjects)),
        )
        rows = overview["blocks"]
        self.blocks.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row["cells"]):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                self.blocks.setItem(r, c, item)
        self.filters_changed()

    def filters_changed(self) -> None:
        self._count_timer.start()

    def stop_counting(self) -> None:
        self._count_timer.stop()

    def _request_count(self) -> None:
        self.sig_count_requested.emit(self.spec())

    def show_count(self, n: int) -> None:
        self.matching.setText(f"{n} matching question{'s' if n != 1 else ''}")
        self.start_button.setEnabled(n > 0)

    def _open_row(self, row: int) -> None:
        if row < 0 or self.blocks.item(row, 0) is None:
            return
        self.sig_block_opened.emit(int(self.blocks.item(row, 0).data(Qt.ItemDataRole.UserRole)))
