"""The Models page's "Adapter: none / <name>" row for the active base model (shows, forwards)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from models.adapters import AdapterEntry

NONE_LABEL = "none"


class AdapterPicker(QWidget):
    """Choose the LoRA adapter applied to the active model, or add one made for it."""

    sig_chosen = Signal(object)  # AdapterEntry, or None for "none"
    sig_add = Signal(str)  # path of an adapter GGUF to attach to the active model

    def __init__(self) -> None:
        super().__init__()
        self.adapters: list[AdapterEntry] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Adapter:"))
        self.combo = QComboBox()
        self.combo.setToolTip(
            "A LoRA adapter made for the active model (python -m convert lora) changes what it "
            "learned without a second copy of the model; “none” uses the model as it is."
        )
        self.combo.setMinimumContentsLength(24)
        self.combo.activated.connect(self._on_activated)
        layout.addWidget(self.combo)
        self.add_button = QPushButton("Add adapter…")
        self.add_button.setToolTip("Add a LoRA adapter GGUF made for the active model.")
        self.add_button.clicked.connect(self._choose_file)
        layout.addWidget(self.add_button)
        layout.addStretch(1)
        self.show_adapters([], None)

    def show_adapters(self, adapters: list[AdapterEntry], active_path: str | None) -> None:
        """List ``adapters`` of the active model, selecting the one at ``active_path``."""
        self.adapters = list(adapters)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NONE_LABEL)
        for entry in self.adapters:
            self.combo.addItem(entry.name, entry.id)
        index = next(
            (i + 1 for i, e in enumerate(self.adapters) if active_path and e.path == active_path),
            0,
        )
        self.combo.setCurrentIndex(index)
        self.combo.setEnabled(bool(self.adapters))
        self.combo.blockSignals(False)

    def current(self) -> AdapterEntry | None:
        index = self.combo.currentIndex()
        return self.adapters[index - 1] if index > 0 else None

    def _on_activated(self, _index: int) -> None:
        self.sig_chosen.emit(self.current())

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Add a LoRA adapter", str(Path.home()), "GGUF adapters (*.gguf);;All files (*)"
        )
        if path:
            self.sig_add.emit(path)
