"""Statistics screen: summary numbers, matplotlib charts (Agg -> QPixmap), PNG/CSV export."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.study.stats import StudyStats
from desktop.ui.study.widgets import fmt_seconds


class StatsScreen(QWidget):
    sig_back = Signal()
    sig_refresh = Signal()
    sig_export = Signal(str)  # "png" or "csv"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: StudyStats | None = None
        self.png: bytes = b""
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        back = QPushButton("◀ Blocks")
        back.clicked.connect(lambda _c=False: self.sig_back.emit())
        self.summary = QLabel("Loading statistics…")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 13px;")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(lambda _c=False: self.sig_refresh.emit())
        self.png_button = QPushButton("Export PNG…")
        self.png_button.clicked.connect(lambda _c=False: self.sig_export.emit("png"))
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.clicked.connect(lambda _c=False: self.sig_export.emit("csv"))
        header.addWidget(back)
        header.addStretch(1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.png_button)
        header.addWidget(self.csv_button)
        outer.addLayout(header)
        outer.addWidget(self.summary)
        self.chart = QLabel("")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)

    def show_stats(self, stats: StudyStats, png: bytes) -> None:
        self.stats, self.png = stats, png
        o = stats.overall
        self.summary.setText(
            f"<b>{o.answered}</b> answered · <b>{100 * o.accuracy:.1f}%</b> correct "
            f"({o.correct}/{o.answered}) · <b>{fmt_seconds(o.avg_time_s)}</b> average per "
            f"question · {stats.omitted} omitted · {stats.unused} of {stats.total_questions} "
            f"questions unused · {stats.scheduled} scheduled for review, "
            f"<b>{stats.due_now}</b> due now"
        )
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.chart.setPixmap(pixmap)
