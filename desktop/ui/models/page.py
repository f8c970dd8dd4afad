"""Model manager: installed models with metadata, RAM fit, import, switch, convert."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from common.tasks import ProgressEvent
from desktop.ui.background import BackgroundTask
from desktop.ui.context import AppContext
from desktop.ui.models.adapter_picker import AdapterPicker
from models.adapters import AdapterEntry
from models.checksum import sha256_file
from models.gguf_info import GGUFInfo, check_magic
from models.memory import MemoryEstimate, estimate_memory
from models.registry import ModelEntry
from models.usable import check_usable_file

if TYPE_CHECKING:
    from convert.requantize import RequantizeReport

COLUMNS = ("Model", "Arch", "Params", "Quant", "Context", "Size", "RAM at ctx", "SHA-256")


@dataclass
class ModelRow:
    """One table row, computed off the GUI thread."""

    entry: ModelEntry
    info: GGUFInfo | None = None
    memory: MemoryEstimate | None = None
    error: str | None = None
    adapters: list[AdapterEntry] = field(default_factory=list)  # LoRA adapters made for this model


def collect_rows(ctx: AppContext, n_ctx: int) -> list[ModelRow]:
    """Read GGUF metadata and a memory estimate for every installed model."""
    rows = []
    for entry in ctx.registry.list():
        row = ModelRow(entry)
        try:
            row.adapters = ctx.registry.adapters.list(entry.id)
            # An entry imported before files without weights were refused shows why it won't run.
            check_usable_file(entry.path)
            row.info = entry.info()
            row.memory = estimate_memory(row.info, n_ctx)
        except Exception as exc:  # noqa: BLE001 - shown in the row
            row.error = str(exc)
        rows.append(row)
    return rows


def _installed(*modules: str) -> bool:
    try:
        return all(importlib.util.find_spec(m) is not None for m in modules)
    except (ImportError, ValueError):
        return False


def converter_available() -> bool:
    """True when HF folders can be converted: ``convert`` plus the torch/transformers stack its
    fidelity check runs (a developer install; the app bundle leaves them out)."""
    return _installed("convert", "torch", "transformers")


def fast_copy_available() -> bool:
    """True when "Make faster copy" can run: ``convert.requantize`` needs only llama.cpp and
    the ``gguf`` package, both in the app bundle."""
    return _installed("convert", "gguf", "llama_cpp")


def _progress_fraction(args: tuple[ProgressEvent | float, ...]) -> float | None:
    """0..1 from ``(done, total)``, ``(fraction,)`` or an event with ``.fraction``."""
    if len(args) == 1 and isinstance(getattr(args[0], "fraction", None), float):
        return args[0].fraction
    nums = [a for a in args if isinstance(a, int | float)]
    if len(nums) >= 2 and nums[1]:
        return float(nums[0]) / float(nums[1])
    if len(nums) == 1 and 0 <= nums[0] <= 1:
        return float(nums[0])
    return None


class ModelsPage(QWidget):
    """Lists models; all file work (hashing, copying, converting) runs in the background."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[ModelRow] = []
        self.task: BackgroundTask | None = None
        self.last_error: str | None = None
        # the adapter a pending reload applies, named when chosen: the rows are refreshed in
        # the background and may not list a just-added adapter yet when the model is loaded
        self.switching_adapter: str | None = None
        self.error_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Models run entirely on this computer. Import a GGUF file (its SHA-256 is recorded) "
            "or convert a Hugging Face folder; switching model does not restart the app."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.active_label = QLabel("Active model: loading …")
        self.active_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.active_label)
        self.adapter_picker = AdapterPicker()
        self.adapter_picker.sig_chosen.connect(self.choose_adapter)
        self.adapter_picker.sig_add.connect(self.add_adapter)
        layout.addWidget(self.adapter_picker)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.switch_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.use_button = QPushButton("Use selected model")
        self.use_button.clicked.connect(self.switch_selected)
        self.import_button = QPushButton("Import GGUF…")
        self.import_button.clicked.connect(self._choose_import)
        self.convert_button = QPushButton("Convert HF folder…")
        self.convert_button.clicked.connect(self._choose_convert)
        self.convert_button.setEnabled(converter_available())
        if not self.convert_button.isEnabled():
            self.convert_button.setToolTip(
                "Converting needs the developer install (the convert package with torch and "
                "transformers for its fidelity check)."
            )
        self.fast_button = QPushButton("Make faster copy (Q8_0)")
        self.fast_button.setToolTip(
            "Requantize the selected model to Q8_0 with llama.cpp: prompts are processed up to "
            "about twice as fast on CPUs; the copy is compared with the original before it is added."
        )
        self.fast_button.clicked.connect(self._fast_copy_selected)
        self.fast_button.setEnabled(fast_copy_available())
        self.rename_button = QPushButton("Rename…")
        self.rename_button.setToolTip("Give the selected model the name shown on every page.")
        self.rename_button.clicked.connect(self._ask_rename)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_task)
        for button in (
            self.use_button,
            self.import_button,
            self.convert_button,
            self.fast_button,
            self.rename_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        ctx.bridge.sig_model_loaded.connect(self._on_model_loaded)
        ctx.bridge.sig_model_loading.connect(
            lambda path: self.active_label.setText(f"Active model: loading {Path(path).name} …")
        )
        ctx.bridge.sig_model_error.connect(self._on_model_error)
        self._loaded_once = False

    # -- listing -----------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    def refresh(self) -> None:
        n_ctx = self.ctx.settings.engine_values()["n_ctx"]
        self.ctx.run_in_background(
            lambda: collect_rows(self.ctx, n_ctx), self._fill, self._on_error_exc
        )

    def _fill(self, rows: list[ModelRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        active = self.ctx.bridge.config.model_path if self.ctx.bridge.config else None
        for r, row in enumerate(rows):
            entry, info, mem = row.entry, row.info, row.memory
            is_active = active is not None and Path(active) == Path(entry.path)
            name = ("● " if is_active else "") + entry.name
            if info is None:
                cells = [name, "?", "?", "?", "?", "?", row.error or "unreadable", entry.sha256]
            else:
                fit = "fits" if mem.fits else "does NOT fit"
                cells = [
                    name,
                    info.architecture,
                    info.params_human,
                    info.quantization,
                    str(info.context_length),
                    f"{info.file_size / 2**20:.0f} MiB",
                    f"{mem.total_mib:.0f} MiB · {fit}",
                    entry.sha256[:16] + "…",
                ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 7:
                    item.setToolTip(entry.sha256)
                if c == 6 and mem is not None:
                    item.setToolTip(mem.describe())
                    item.setForeground(Qt.GlobalColor.darkGreen if mem.fits else Qt.GlobalColor.red)
                if c == 0:
                    item.setToolTip(entry.path)
                self.table.setItem(r, c, item)
        self._show_active()

    def _show_active(self) -> None:
        bridge = self.ctx.bridge
        if bridge.info is not None and bridge.config is not None:
            active = Path(bridge.config.model_path)
            row = next((r for r in self.rows if Path(r.entry.path) == active), None)
            name = row.entry.name if row is not None else bridge.model_name
            if row is not None:
                bridge.set_identity(row.entry.identity)  # after a rename: every page follows
            self.active_label.setText(f"Active model: {name} — {active.name}")
            self.adapter_picker.show_adapters(
                row.adapters if row is not None else [], bridge.config.lora_path
            )

    def selected_entry(self) -> ModelEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.rows[rows[0].row()].entry

    # -- switching ---------------------------------------------------------------------
    def switch_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.switch_to(entry)

    def switch_to(self, entry: ModelEntry) -> None:
        """Load ``entry`` on the engine thread and remember it as the current model."""
        if self.ctx.bridge.busy:
            self.ctx.bridge.stop()
        self.ctx.settings.merge("app", {"model_path": entry.path, "model_id": entry.id})
        config = self.ctx.engine_config(entry.path)
        self.switching_adapter = next(
            (a.name for r in self.rows for a in r.adapters if config.lora_path == a.path), None
        )
        self.ctx.bridge.load(config)
        self.status.setText(f"Switching to {entry.name} …")

    def _on_model_loaded(self, info: GGUFInfo) -> None:
        if self.status.text().startswith("Switching"):
            adapter = self.switching_adapter
            extra = f" with adapter {adapter}" if adapter else ""
            self.status.setText(
                f"Now using {self.ctx.bridge.model_name} ({info.quantization}){extra}."
            )
        self.refresh()

    # -- LoRA adapters of the active model ----------------------------------------------
    def active_entry(self) -> ModelEntry | None:
        config = self.ctx.bridge.config
        active = Path(config.model_path) if config else None
        return next((r.entry for r in self.rows if Path(r.entry.path) == active), None)

    def choose_adapter(self, adapter: AdapterEntry | None) -> None:
        """Apply ``adapter`` (None: no adapter) to the active model: it is reloaded with it."""
        base = self.active_entry()
        if base is None:
            return
        if self.ctx.bridge.busy:
            self.ctx.bridge.stop()
        self.ctx.settings.merge("adapters", {base.path: adapter.path if adapter else None})
        self.switching_adapter = adapter.name if adapter else None
        self.ctx.bridge.load(self.ctx.engine_config(base.path))
        what = f"adapter {adapter.name}" if adapter else "no adapter"
        self.status.setText(f"Switching to {base.name} with {what} …")

    def add_adapter(self, path: str | Path) -> BackgroundTask | None:
        """Attach an adapter GGUF to the active model in the background, then apply it."""
        base = self.active_entry()
        if base is None:
            self.status.setText("Wait until the model has loaded, then add its adapter.")
            return None
        self._start(f"Checking {Path(path).name} against {base.name} …")
        registry = self.ctx.registry
        self.task = self.ctx.run_in_background(
            lambda progress: registry.import_adapter(Path(path), base.id, progress),
            self._adapter_added, self._on_adapter_error, self._on_progress,
        )  # fmt: skip
        return self.task

    def _adapter_added(self, adapter: AdapterEntry) -> None:
        self._stop(f"Added adapter {adapter.name}.")
        self.choose_adapter(adapter)

    def _on_adapter_error(self, exc: BaseException) -> None:
        self._stop("")
        self.show_error("The adapter was not added", str(exc) or type(exc).__name__)

    # -- rename ------------------------------------------------------------------------
    def _ask_rename(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.status.setText("Select the model to rename first.")
            return
        name, ok = QInputDialog.getText(self, "Rename model", "Name:", text=entry.name)
        if ok:
            self.rename(entry, name)

    def rename(self, entry: ModelEntry, name: str) -> BackgroundTask:
        """Store a new display name off the GUI thread, then show it everywhere."""
        registry = self.ctx.registry
        return self.ctx.run_in_background(
            lambda: registry.rename(entry.id, name), self._renamed, self._on_rename_error
        )

    def _renamed(self, entry: ModelEntry) -> None:
        self.status.setText(f"Renamed to {entry.name}.")
        self.refresh()

    def _on_rename_error(self, exc: BaseException) -> None:
        self.show_error("Could not rename the model", str(exc))

    def _on_model_error(self, message: str) -> None:
        self.active_label.setText("Active model: none (loading failed)")
        self.show_error("The model could not be loaded", message)

    # -- import ------------------------------------------------------------------------
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> BackgroundTask:
        """Validate, checksum and copy ``path`` into the model folder in the background."""
        self._start(f"Importing {Path(path).name} (computing SHA-256) …")
        registry = self.ctx.registry

        def job(progress: Callable[[int, int], None]) -> tuple[ModelEntry, bool]:
            check_magic(Path(path))  # a plain-language error before hashing a wrong file
            digest = sha256_file(Path(path), progress)
            existing = registry.installed_with_sha256(digest)
            if existing is not None:
                return existing, True  # the same bytes are installed: nothing is copied
            return registry.import_gguf(Path(path), copy=True, digest=digest), False

        self.task = self.ctx.run_in_background(
            job, self._import_done, self._on_error_exc, self._on_progress
        )
        return self.task

    def _import_done(self, result: tuple[ModelEntry, bool]) -> None:
        entry, existed = result
        if existed:
            self._stop(f"This file is already installed as “{entry.name}”; nothing was copied.")
            self.refresh()
            return
        self._imported(entry)

    def _imported(self, entry: ModelEntry) -> None:
        self._stop(f"Imported {entry.name} (sha256 {entry.sha256[:16]}…).")
        self.refresh()

    # -- convert -----------------------------------------------------------------------
    def _choose_convert(self) -> None:
        src = QFileDialog.getExistingDirectory(self, "Hugging Face model folder", str(Path.home()))
        if src:
            self.convert_folder(src)

    def convert_folder(self, src: str | Path, quant: str = "Q8_0") -> BackgroundTask:
        """Convert an HF folder to GGUF in the background, then import the result."""
        # lazy: the converter (torch, transformers) is optional; guarded by converter_available()
        from convert.background import run_conversion_job

        src = Path(src)
        self._start(f"Converting {src.name} to GGUF ({quant}) …")
        registry = self.ctx.registry

        def job(
            progress: Callable[[ProgressEvent], None], task: BackgroundTask
        ) -> ModelEntry:
            result = run_conversion_job(
                src, quant, registry=registry, progress=progress, cancel=task.token
            )
            return result.entry

        self.task = self.ctx.run_in_background(
            job, self._imported, self._on_error_exc, self._on_progress, pass_task=True
        )
        return self.task

    # -- faster copy -------------------------------------------------------------------
    def _fast_copy_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.status.setText("Select the model to copy first.")
            return
        self.make_fast_copy(entry)

    def make_fast_copy(self, entry: ModelEntry, quant: str = "Q8_0") -> BackgroundTask | None:
        """Requantize ``entry`` in the background, check it, then add it to the list."""
        # lazy: convert and gguf are optional here; guarded by fast_copy_available()
        from convert.requantize import make_fast_copy

        row = next((r for r in self.rows if r.entry.id == entry.id), None)
        if row is not None and row.info is not None and row.info.quantization == quant:
            self.status.setText(f"{entry.name} is already {quant}.")
            return None
        out = self.ctx.registry.models_dir / f"{entry.id}-{quant.lower()}.gguf"
        self._start(f"Making a {quant} copy of {entry.name} …")
        registry = self.ctx.registry

        def job(
            progress: Callable[[ProgressEvent], None], task: BackgroundTask
        ) -> tuple[ModelEntry, RequantizeReport]:
            report = make_fast_copy(
                entry.path, out, quant, progress=progress, cancel=task.token
            )
            return registry.import_gguf(out, take=True), report

        self.task = self.ctx.run_in_background(
            job, self._fast_copied, self._on_error_exc, self._on_progress, pass_task=True
        )
        return self.task

    def _fast_copied(self, result: tuple[ModelEntry, RequantizeReport]) -> None:
        entry, report = result
        self._stop(f"Added {entry.name}. {report.summary()}")
        self.refresh()

    # -- remove ------------------------------------------------------------------------
    def remove_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.builtin:
            self.status.setText("The embedded default model cannot be removed.")
            return
        active = self.ctx.bridge.config.model_path if self.ctx.bridge.config else None
        if active is not None and Path(active) == Path(entry.path):
            self.status.setText(
                f"{entry.name} is the model in use; switch to another model before removing it."
            )
            return
        try:
            self.ctx.registry.remove(entry.id)
        except Exception as exc:  # noqa: BLE001
            self.show_error("Could not remove the model", str(exc))
            return
        self.status.setText(f"Removed {entry.name}.")
        self.refresh()

    # -- progress and errors -----------------------------------------------------------
    def _start(self, message: str) -> None:
        self.last_error = None
        self.status.setText(message)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self.convert_button.setEnabled(False)
        self.fast_button.setEnabled(False)

    def _stop(self, message: str) -> None:
        self.status.setText(message)
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.import_button.setEnabled(True)
        self.convert_button.setEnabled(converter_available())
        self.fast_button.setEnabled(fast_copy_available())
        self.task = None

    def _on_progress(self, *args: ProgressEvent | float) -> None:
        fraction = _progress_fraction(args)
        if fraction is not None:
            self.progress.setValue(int(fraction * 1000))

    def cancel_task(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling …")

    def _on_error_exc(self, exc: BaseException) -> None:
        self._stop("")
        self.show_error("Nothing was imported", str(exc) or type(exc).__name__)

    def show_error(self, title: str, message: str) -> None:
        """Show a clear, non-blocking error dialog and keep the text for tests/logs."""
        self.last_error = message
        self.status.setText(f"⚠ {title}: {message}")
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.error_box = box
