"""First-run dialog: fully offline and private, decision-support disclaimer, default model load."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout

from desktop.ui.context import AppContext

WELCOME_HTML = """
<h2>Welcome to the offline Clinical Assistant</h2>
<p><b>Fully offline and private.</b> The language model runs on this computer. Nothing you type
is sent anywhere: the app opens no network connections, has no telemetry and keeps your
conversations in an owner-only database in your user folder.</p>
<p><b>Decision support — not a clinician.</b> Answers can be incomplete or wrong. Check them
against current guidelines, local protocols and your own clinical judgement; never use them as
the sole basis for diagnosis, dosing or treatment. In an emergency, call your local emergency
number.</p>
<p>The built-in model (SmolLM2-135M-Instruct) is small and fast; import a larger GGUF model in
the <i>Models</i> tab for better answers.</p>
"""


class FirstRunDialog(QDialog):
    """Shown once; the default model keeps loading in the background meanwhile."""

    def __init__(self, ctx: AppContext, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Welcome — Clinical Assistant")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        text = QLabel(WELCOME_HTML)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)
        try:
            from desktop.safety import DISCLAIMER  # lazy: optional (see main_window)

            disclaimer = QLabel(str(DISCLAIMER))
            disclaimer.setWordWrap(True)
            disclaimer.setStyleSheet(
                "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; padding: 6px;"
            )
            layout.addWidget(disclaimer)
        except ImportError:
            pass
        self.status = QLabel("Loading the default model …")
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator until the model is loaded
        layout.addWidget(self.progress)
        self.ok_button = QPushButton("I understand — start")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        layout.addWidget(self.ok_button)
        ctx.bridge.sig_model_loaded.connect(self._loaded)
        ctx.bridge.sig_model_error.connect(self._failed)
        if ctx.bridge.is_loaded:
            self._loaded(ctx.bridge.info)

    def _loaded(self, _info: object) -> None:
        self.status.setText(f"Model ready: {self.ctx.bridge.model_name} (offline).")
        self.progress.setRange(0, 1)
        self.progress.setValue(1)

    def _failed(self, message: str) -> None:
        self.status.setText(f"The model could not be loaded: {message}")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.ctx.settings.merge("app", {"first_run_done": True})
        super().done(result)


def needs_first_run(ctx: AppContext) -> bool:
    app = ctx.settings.get("app", {}) or {}
    return not (isinstance(app, dict) and app.get("first_run_done"))
