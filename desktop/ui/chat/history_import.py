"""Chat → "Import…": bring conversations back from a JSON export (validated, all or nothing)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.chat import history_ops as H
from desktop.ui.background import BackgroundTask
from desktop.ui.context import AppContext

FILE_FILTER = "Clinical Assistant export (*.json)"


def ask_history_file(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Import conversations", str(Path.home()), FILE_FILTER
    )
    return Path(path) if path else None


def import_history_file(
    ctx: AppContext,
    path: Path,
    on_done: Callable[[int], None],
    on_error: Callable[[BaseException], None],
) -> BackgroundTask:
    """Import on the database thread; ``on_done(n_conversations)`` on the GUI thread."""
    return ctx.run_db(lambda: len(H.import_history(ctx.history, path)), on_done, on_error)


def show_import_error(parent: QWidget, path: Path, exc: BaseException) -> QMessageBox:
    """A non-blocking message box; nothing was imported (the import is one transaction)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Import conversations",
        f"{path.name} could not be imported: {exc}\n\nNothing was changed.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("import_error")
    box.open()
    return box
