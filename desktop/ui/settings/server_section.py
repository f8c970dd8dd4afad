"""Settings → Clinic server: address, API key (OS keyring), model, test, use / stop using.

Network and keyring work runs on the background pool; the GUI thread only shows results. A
server whose address is not private needs an explicit confirmation that patient text will be
sent there (remembered per host).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.engine.remote import (
    RemoteBackend,
    ServerConfig,
    ServerError,
    address_is_private,
    config_from_settings,
)
from desktop.engine.server_settings import (
    ServerSettings,
    get_api_key,
    load_server_settings,
    save_server_settings,
    set_api_key,
)
from desktop.ui.context import AppContext
from desktop.ui.server_status import use_local


def probe(config: ServerConfig) -> tuple[list[str], str]:
    """Open the server once (``/v1/models``): its model ids and its software."""
    backend = RemoteBackend(config)
    try:
        return backend.list_models(), backend.server_kind
    finally:
        backend.close()


class ServerSection(QGroupBox):
    """The form; ``result`` shows the last test or switch in plain words."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Clinic server (optional: answers from your clinic's own server)", parent)
        self.ctx = ctx
        form = QFormLayout(self)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://llm.clinic.internal:8443")
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("kept in the OS keyring, never in a file")
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setToolTip("Filled from the server's /v1/models by Test connection")
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText("only if the clinic uses its own certificate authority")
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_ca)
        ca_row.addWidget(browse)
        form.addRow("Server address", self.url)
        form.addRow("API key", self.api_key)
        form.addRow("Model", self.model)
        form.addRow("CA certificate (PEM)", ca_row)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(lambda _c=False: self.test_connection())
        self.use_button = QPushButton("Use this server")
        self.use_button.clicked.connect(lambda _c=False: self.use_server())
        self.local_button = QPushButton("Use this computer")
        self.local_button.clicked.connect(lambda _c=False: self.use_this_computer())
        for button in (self.test_button, self.use_button, self.local_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.result = QLabel("Answers come from this computer unless you choose a server.")
        self.result.setObjectName("server_result")
        self.result.setWordWrap(True)
        form.addRow(self.result)
        self.confirm_box: QMessageBox | None = None
        self.load()

    # -- values ------------------------------------------------------------------------
    def load(self) -> None:
        settings = load_server_settings(self.ctx.settings)
        self.url.setText(settings.url)
        self.ca_file.setText(settings.ca_file)
        if settings.model and self.model.findText(settings.model) < 0:
            self.model.addItem(settings.model)
        self.model.setCurrentText(settings.model)
        # The OS keyring may be slow (D-Bus, an unlock prompt): never on the GUI thread.
        self.ctx.run_in_background(
            lambda: get_api_key(settings) or "",
            lambda key: self.api_key.setText(key) if not self.api_key.text() else None,
        )

    def settings(self) -> ServerSettings:
        settings = load_server_settings(self.ctx.settings)
        settings.url = self.url.text().strip()
        settings.model = self.model.currentText().strip()
        settings.ca_file = self.ca_file.text().strip()
        return settings

    def _config(self) -> ServerConfig:
        return config_from_settings(self.settings(), self.api_key.text().strip() or None)

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "CA certificate", "", "PEM (*.pem *.crt)")
        if path:
            self.ca_file.setText(path)

    def _say(self, text: str) -> None:
        self.result.setText(text)

    # -- actions -------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Ask the server for its models in the background; say what happened."""
        if not self.url.text().strip():
            self._say("Enter the server's address first (for example http://10.0.0.5:8080).")
            return
        config = self._config()
        self._say(f"Connecting to {config.base_url} …")
        self.test_button.setEnabled(False)
        self.ctx.run_in_background(lambda: probe(config), self._tested, self._test_failed)

    def _tested(self, found: tuple[list[str], str]) -> None:
        models, kind = found
        self.test_button.setEnabled(True)
        current = self.model.currentText().strip()
        self.model.clear()
        self.model.addItems(models)
        self.model.setCurrentText(current if current in models else models[0])
        names = ", ".join(m.rsplit("/", 1)[-1] for m in models)
        self._say(
            f"Connected. The server ({kind}) offers {len(models)} model(s): {names}. "
            "Press “Use this server” to answer from it."
        )

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        text = str(exc) if isinstance(exc, ServerError) else f"The test failed: {exc}"
        self._say(f"Not connected. {text}")

    def use_server(self) -> None:
        """Save, check the address is private (else ask), store the key, switch."""
        settings = self.settings()
        if not settings.url:
            self._say("Enter the server's address first.")
            return
        host = settings.host
        self._say(f"Checking {host} …")
        self.ctx.run_in_background(
            lambda: address_is_private(host),
            lambda private: self._checked(settings, private),
            lambda exc: self._say(f"Could not check the address: {exc}"),
        )

    def _checked(self, settings: ServerSettings, private: bool) -> None:
        if private or settings.host in settings.confirmed_hosts:
            self._switch(settings)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Send patient text to this server?",
            f"{settings.host} is not a private (clinic-network) address. Every question, "
            "including any patient details you type, will be sent to it.\n\n"
            "Only continue if this server belongs to your clinic and the connection is "
            "encrypted (https).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.window(),
        )
        box.setObjectName("confirm_public_server")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda code: self._confirmed(settings, code))
        self.confirm_box = box
        box.open()

    def _confirmed(self, settings: ServerSettings, code: int) -> None:
        self.confirm_box = None
        if code != QMessageBox.StandardButton.Yes:
            self._say(f"Not switched: nothing was sent to {settings.host}.")
            return
        settings.confirmed_hosts = sorted({*settings.confirmed_hosts, settings.host})
        self._switch(settings)

    def _switch(self, settings: ServerSettings) -> None:
        key = self.api_key.text().strip() or None
        self.ctx.run_in_background(
            lambda: set_api_key(settings, key),
            lambda _r: self._connect(settings, key),
            lambda exc: self._say(f"The API key could not be stored in the OS keyring: {exc}"),
        )

    def _connect(self, settings: ServerSettings, key: str | None) -> None:
        settings.use_server = True
        save_server_settings(self.ctx.settings, settings)
        self._say(f"Switching to {settings.host} …")
        bridge = self.ctx.bridge
        bridge.stop()
        bridge.connect_server(config_from_settings(settings, key))
        bridge.sig_model_loaded.connect(self._switched)
        bridge.sig_server_error.connect(self._switch_failed)

    def _disconnect(self) -> None:
        self.ctx.bridge.sig_model_loaded.disconnect(self._switched)
        self.ctx.bridge.sig_server_error.disconnect(self._switch_failed)

    def _switched(self, _info: object) -> None:
        self._disconnect()
        self._say(f"Answers now come from {self.ctx.bridge.where}.")

    def _switch_failed(self, message: str) -> None:
        self._disconnect()
        self._say(f"Not switched: {message}")

    def use_this_computer(self) -> None:
        use_local(self.ctx)
        self._say("Answers come from this computer again; nothing is sent to the server.")
