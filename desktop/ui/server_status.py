"""Status-bar face of the clinic server: where answers come from, and one click back home.

``start_backend`` picks the model at start (the configured server, else this computer; a
server that cannot be reached falls back to this computer with a message).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QStatusBar, QWidget

from desktop.engine import EngineConfig
from desktop.engine.info import SERVER, BackendInfo
from desktop.engine.remote import config_from_settings
from desktop.engine.server_settings import (
    get_api_key,
    load_server_settings,
    save_server_settings,
)
from desktop.ui.context import AppContext


def use_local(ctx: AppContext) -> None:
    """Switch answers back to this computer's model (and remember that choice)."""
    settings = load_server_settings(ctx.settings)
    if settings.use_server:
        settings.use_server = False
        save_server_settings(ctx.settings, settings)
    ctx.bridge.stop()
    model_path = ctx.bridge.config.model_path if ctx.bridge.config else None
    ctx.bridge.load(ctx.engine_config(model_path))


def start_backend(ctx: AppContext, config: EngineConfig) -> None:
    """At start: the clinic server if the user chose it, else the local model ``config``."""
    settings = load_server_settings(ctx.settings)
    if not (settings.use_server and settings.url):
        ctx.bridge.load(config)
        return
    ctx.bridge.config = config  # the local model to fall back to

    def fallback(_message: str) -> None:
        ctx.bridge.sig_server_error.disconnect(fallback)
        if not ctx.bridge.is_loaded:
            ctx.bridge.load(config)

    ctx.bridge.sig_server_error.connect(fallback)
    # The keyring may be slow (D-Bus): read the key off the GUI thread, then connect.
    ctx.run_in_background(
        lambda: get_api_key(settings),
        lambda key: ctx.bridge.connect_server(config_from_settings(settings, key)),
        lambda exc: fallback(str(exc)),
    )


class ServerStatus(QWidget):
    """A label "Answers from: …" and, when a server is in use, "Use this computer"."""

    def __init__(self, ctx: AppContext, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.ctx = ctx
        self.where_label = QLabel("Answers from: this computer")
        self.where_label.setObjectName("answers_from")
        self.local_button = QPushButton("Use this computer's model")
        self.local_button.setToolTip("Stop sending questions to the clinic server")
        self.local_button.clicked.connect(lambda _c=False: use_local(ctx))
        self.local_button.setVisible(False)
        self.last_error: str | None = None
        bar.addPermanentWidget(self.where_label)
        bar.addPermanentWidget(self.local_button)
        bridge = ctx.bridge
        bridge.sig_model_loaded.connect(self._on_loaded)
        bridge.sig_server_error.connect(self._on_server_error)
        bridge.sig_error.connect(self._on_request_error)

    def _on_loaded(self, info: object) -> None:
        on_server = isinstance(info, BackendInfo) and info.kind == SERVER
        self.where_label.setText(f"Answers from: {self.ctx.bridge.where}")
        if on_server:
            self.where_label.setToolTip("Questions and patient text are sent to this server")
        self.local_button.setVisible(on_server)

    def _on_server_error(self, message: str) -> None:
        self.last_error = message
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Clinic server",
            f"The clinic server could not be used:\n\n{message}\n\n"
            f"Answers come from {self.ctx.bridge.where}.",
            QMessageBox.StandardButton.Ok,
            self.window(),
        )
        box.setObjectName("server_error")
        box.open()

    def _on_request_error(self, message: str) -> None:
        if self.ctx.bridge.on_server:
            self.last_error = message
            self.local_button.setVisible(True)


def install_server_status(ctx: AppContext, bar: QStatusBar) -> ServerStatus:
    return ServerStatus(ctx, bar)
