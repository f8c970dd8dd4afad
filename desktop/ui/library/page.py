"""The Library tab: add/remove/re-index documents, collections with counts, search.

Search works without any model. Imports run on the background pool (each file is its own
short SQLite transaction), with progress and Cancel; lists are read on the database thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.library.extract import EXTRACTORS
from desktop.library.importer import ImportReport
from desktop.library.modes import SearchMode
from desktop.library.passages import Passage
from desktop.library.store import DocumentInfo
from desktop.library.tables import DEFAULT_COLLECTION
from desktop.library.vectors import EmbedReport
from desktop.ui import library_access as L
from desktop.ui.background import BackgroundTask
from desktop.ui.chat.sources import open_source
from desktop.ui.context import AppContext

ALL = "__all__"
FILE_FILTER = "Documents (" + " ".join(f"*{ext}" for ext in sorted(EXTRACTORS)) + ")"
COLUMNS = ("Title", "Type", "Pages", "Passages", "Collection", "File")


class LibraryPage(QWidget):
    """Collections on the left, documents and search results on the right."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self.last_report: ImportReport | None = None
        self.last_error: str | None = None
        self.results: list[Passage] = []
        self.documents: list[DocumentInfo] = []
        self.source_opener = open_source
        self._build()
        QTimer.singleShot(0, self.refresh)

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        search_row = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search your library (works without a model)…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(lambda: self.search(self.search_box.text()))
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.search_button)
        self.mode_box = QComboBox()  # see desktop/library/README.md for the measured default
        self.mode_box.addItem("Words (BM25)", SearchMode.BM25.value)
        self.mode_box.addItem("Words + meaning (hybrid)", SearchMode.HYBRID.value)
        self.mode_box.setToolTip(
            "Hybrid also finds passages that say the same in other words (static embeddings "
            "shipped with the app, no download); on PubMedQA BM25 alone ranked best."
        )
        saved = (self.ctx.settings.get("library", {}) or {}).get("search_mode")
        self.mode_box.setCurrentIndex(max(0, self.mode_box.findData(saved)))
        self.mode_box.currentIndexChanged.connect(lambda _i: self.set_search_mode())
        search_row.addWidget(self.mode_box)
        layout.addLayout(search_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel("<b>Collections</b>"))
        self.collection_list = QListWidget()
        self.collection_list.itemClicked.connect(lambda _i: self.refresh())
        lv.addWidget(self.collection_list, 1)
        splitter.addWidget(left)

        right = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._open_row)
        right.addWidget(self.table)
        self.results_view = QTextBrowser()
        self.results_view.setOpenLinks(False)
        self.results_view.anchorClicked.connect(lambda url: self.source_opener(url))
        self.results_view.setPlaceholderText("Search results appear here, matches in bold.")
        right.addWidget(self.results_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 900])
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        self.add_files_button = QPushButton("Add files…")
        self.add_files_button.clicked.connect(self._ask_files)
        self.add_folder_button = QPushButton("Add folder…")
        self.add_folder_button.clicked.connect(self._ask_folder)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(QLabel("into collection:"))
        self.target_box = QComboBox()
        self.target_box.setEditable(True)
        self.target_box.setMinimumWidth(180)
        self.target_box.setToolTip("Type a new name to start a new collection.")
        buttons.addWidget(self.target_box)
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.clicked.connect(self.remove_selected)
        self.reindex_button = QPushButton("Re-index")
        self.reindex_button.setToolTip(
            "Check every file again: changed files are indexed again, removed files leave."
        )
        self.reindex_button.clicked.connect(self.reindex)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.reindex_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.task is not None
        for b in (self.add_files_button, self.add_folder_button, self.reindex_button):
            b.setEnabled(not busy)
        self.remove_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    # -- lists -------------------------------------------------------------------------
    def selected_collection(self) -> str | None:
        item = self.collection_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL
        return None if value in (None, ALL) else str(value)

    def refresh(self) -> None:
        chosen = self.selected_collection()
        self.ctx.run_db(lambda: L.overview(self.ctx, chosen), self._show_overview, self._error)

    def _show_overview(self, data: L.LibraryOverview) -> None:
        chosen = self.selected_collection()
        self.collection_list.clear()
        total = sum(c.documents for c in data.collections)
        passages = sum(c.chunks for c in data.collections)
        every = QListWidgetItem(f"All collections\n   {total} documents · {passages} passages")
        every.setData(Qt.ItemDataRole.UserRole, ALL)
        self.collection_list.addItem(every)
        current = every
        for coll in data.collections:
            pages = f" · {coll.pages} pages" if coll.pages else ""
            item = QListWidgetItem(
                f"{coll.name}\n   {coll.documents} documents{pages} · {coll.chunks} passages"
            )
            item.setData(Qt.ItemDataRole.UserRole, coll.name)
            self.collection_list.addItem(item)
            if coll.name == chosen:
                current = item
        self.collection_list.setCurrentItem(current)
        names = [c.name for c in data.collections] or [DEFAULT_COLLECTION]
        typed = self.target_box.currentText()
        self.target_box.clear()
        self.target_box.addItems(
            names if DEFAULT_COLLECTION in names else [DEFAULT_COLLECTION, *names]
        )
        self.target_box.setCurrentText(typed or chosen or DEFAULT_COLLECTION)
        self.documents = list(data.documents)
        self.table.setRowCount(len(self.documents))
        for row, doc in enumerate(self.documents):
            values = (
                doc.title,
                doc.fmt.upper(),
                str(doc.pages) if doc.pages else "–",
                str(doc.chunks),
                doc.collection,
                doc.path,
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(doc.path)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def _open_row(self, row: int, _col: int) -> None:
        if 0 <= row < len(self.documents):
            self.source_opener(QUrl.fromLocalFile(self.documents[row].path))

    # -- search ------------------------------------------------------------------------
    def search(self, query: str) -> None:
        query = query.strip()
        if not query:
            self.results_view.clear()
            self.results = []
            return
        chosen = self.selected_collection()
        self.ctx.run_db(lambda: L.search(self.ctx, query, chosen), self._show_results, self._error)

    def _show_results(self, hits: list[Passage]) -> None:
        self.results = list(hits)
        if not hits:
            self.results_view.setHtml("<p><i>No passage matches.</i></p>")
            return
        blocks = []
        for n, hit in enumerate(hits, start=1):
            url = QUrl.fromLocalFile(hit.path)
            if hit.page:
                url.setFragment(f"page={hit.page}")
            blocks.append(
                f'<p style="margin-bottom:8px;"><b>{n}.</b> <a href="{url.toString()}">'
                f"{_escape(hit.where)}</a> <span style='color:#777777;'>"
                f"[{_escape(hit.collection)}]</span><br/>{hit.snippet_html}</p>"
            )
        self.results_view.setHtml("".join(blocks))

    # -- import / re-index / remove ----------------------------------------------------
    def _ask_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add documents", str(Path.home()), FILE_FILTER
        )
        if paths:
            self.add_paths([Path(p) for p in paths])

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder", str(Path.home()))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path], collection: str | None = None) -> None:
        target = collection or self.target_box.currentText().strip() or DEFAULT_COLLECTION
        self._start(lambda progress, task: L.add(self.ctx, paths, target, progress, task))

    def reindex(self) -> None:
        chosen = self.selected_collection()
        self._start(lambda progress, task: L.reindex_all(self.ctx, chosen, progress, task))

    def set_search_mode(self) -> None:
        """Save the ranking; hybrid first computes the vectors passages lack (cancellable)."""
        mode = SearchMode(self.mode_box.currentData())
        L.save_search_mode(self.ctx, mode)
        if mode is SearchMode.HYBRID:
            self._start(lambda progress, task: L.embed(self.ctx, progress, task), self._embedded)

    def _embedded(self, report: EmbedReport) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.status.setText(report.text())
        self._update_buttons()

    def _start(
        self,
        job: Callable[..., ImportReport | EmbedReport | None],
        finished: Callable[..., None] | None = None,
    ) -> None:
        if self.task is not None:
            return
        self.last_error = None
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText("Working…")
        self.task = self.ctx.run_in_background(
            job, finished or self._finished, self._error, self._progress, pass_task=True
        )
        self._update_buttons()

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(f"{done}/{total} {name}")

    def _finished(self, report: ImportReport) -> None:
        self.task = None
        self.last_report = report
        self.progress.setVisible(False)
        self.status.setText(report.text())
        self._update_buttons()
        self.refresh()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling after the current file…")

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        ids = [self.documents[r].id for r in rows if r < len(self.documents)]
        if ids:
            self.ctx.run_db(lambda: L.remove(self.ctx, ids), lambda _n: self.refresh(), self._error)

    def _error(self, exc: BaseException) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.last_error = str(exc)
        self.status.setText(f"Library error: {exc}")
        self._update_buttons()

    def on_shown(self) -> None:
        self.refresh()


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
