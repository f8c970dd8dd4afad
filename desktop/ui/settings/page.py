"""Settings: sampling and engine options, persisted; engine reloaded when ctx/threads/GPU change."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.engine import SamplingSettings, default_threads
from desktop.settings_store import DEFAULT_SAMPLING, ENGINE_KEYS, default_engine
from desktop.ui.context import AppContext
from desktop.ui.qt_compat import emit
from desktop.ui.settings.appearance import AppearanceBox
from desktop.ui.settings.privacy import PrivacyBox
from desktop.ui.settings.server_section import ServerSection


def _double(lo: float, hi: float, step: float, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    return box


def _int(lo: int, hi: int, step: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setSingleStep(step)
    return box


class SettingsPage(QWidget):
    """Form over the ``sampling`` and ``engine`` settings groups."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        # The form scrolls: sampling, engine, server, privacy and appearance do not fit a
        # 1024x700 laptop screen at once.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        QVBoxLayout(self).addWidget(scroll)
        self.layout().setContentsMargins(0, 0, 0, 0)
        inner = QWidget()
        scroll.setWidget(inner)
        outer = QHBoxLayout(inner)
        column = QWidget()
        column.setMaximumWidth(620)
        outer.addWidget(column)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        sampling_box = QGroupBox("Sampling (how answers are generated)")
        form = QFormLayout(sampling_box)
        self.temperature = _double(0.0, 2.0, 0.05)
        self.top_p = _double(0.0, 1.0, 0.01)
        self.top_k = _int(0, 1000)
        self.min_p = _double(0.0, 1.0, 0.01)
        self.repeat_penalty = _double(0.5, 2.0, 0.01)
        self.max_tokens = _int(16, 8192, 16)
        form.addRow("Temperature", self.temperature)
        form.addRow("Top-p", self.top_p)
        form.addRow("Top-k (0 = off)", self.top_k)
        form.addRow("Min-p", self.min_p)
        form.addRow("Repeat penalty", self.repeat_penalty)
        form.addRow("Max answer tokens", self.max_tokens)
        layout.addWidget(sampling_box)
        engine_box = QGroupBox("Engine (changing these reloads the model)")
        form2 = QFormLayout(engine_box)
        self.n_ctx = _int(512, 131072, 512)
        self.n_threads = _int(1, max(64, default_threads()))
        self.n_gpu_layers = _int(0, 999)
        form2.addRow("Context size (tokens)", self.n_ctx)
        form2.addRow("CPU threads", self.n_threads)
        form2.addRow("GPU layers (0 = CPU only)", self.n_gpu_layers)
        layout.addWidget(engine_box)
        self.server_section = ServerSection(ctx)
        layout.addWidget(self.server_section)
        self.privacy = PrivacyBox(ctx)
        layout.addWidget(self.privacy)
        self.appearance = AppearanceBox(ctx)
        layout.addWidget(self.appearance)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save and apply")
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton("Restore defaults")
        self.defaults_button.clicked.connect(self.restore_defaults)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.load()

    # -- values ------------------------------------------------------------------------
    def _fields(self) -> dict[str, QSpinBox | QDoubleSpinBox]:
        return {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "min_p": self.min_p,
            "repeat_penalty": self.repeat_penalty,
            "max_tokens": self.max_tokens,
            "n_ctx": self.n_ctx,
            "n_threads": self.n_threads,
            "n_gpu_layers": self.n_gpu_layers,
        }

    def _show(self, sampling: SamplingSettings, engine: dict[str, int]) -> None:
        values = {**sampling.to_dict(), **engine}
        for name, box in self._fields().items():
            box.setValue(values[name])

    def load(self) -> None:
        """Show the persisted settings."""
        self._show(self.ctx.settings.sampling(), self.ctx.settings.engine_values())

    def on_shown(self) -> None:
        self.load()

    def restore_defaults(self) -> None:
        self._show(DEFAULT_SAMPLING, default_engine())

    def values(self) -> tuple[dict[str, Any], dict[str, int]]:
        fields = self._fields()
        sampling = {
            k: fields[k].value()
            for k in ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_tokens")
        }
        engine = {k: int(fields[k].value()) for k in ENGINE_KEYS}
        return sampling, engine

    def save(self) -> bool:
        """Persist; reload the engine if an engine option changed. Returns True on reload."""
        store = self.ctx.settings
        before = store.engine_values()
        sampling, engine = self.values()
        store.merge("sampling", sampling)
        store.merge("engine", engine)
        emit(self.ctx.sig_settings_changed)
        bridge = self.ctx.bridge
        reload = engine != before and bridge.config is not None and not bridge.on_server
        if reload:
            self.ctx.bridge.stop()
            self.ctx.bridge.load(self.ctx.engine_config(self.ctx.bridge.config.model_path))
            self.status.setText("Saved. Reloading the model with the new engine settings …")
        else:
            self.status.setText("Saved. New sampling settings apply to the next answer.")
        return reload
