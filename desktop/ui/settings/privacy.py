"""Settings → Privacy: the "encrypt the history database" switch (applied at the next start)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout

from desktop.storage.encryption_setting import (
    EncryptionSupport,
    encryption_support,
    set_encryption_wanted,
    stored_choice,
)
from desktop.ui.context import AppContext

NOTE = (
    "Encrypts the history database, its backups and set-aside copies with SQLCipher; the key "
    "is kept only in the OS keyring (losing the keyring entry means losing the history). "
    "Takes effect the next time the app starts; turning it off decrypts the database then. "
    "Exports (Markdown/JSON/CSV/PNG) are always plain files: keep them somewhere safe."
)


class PrivacyBox(QGroupBox):
    """One checkbox bound to ``storage.encrypt_db``; disabled where SQLCipher/keyring lack."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__("Privacy")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.encrypt = QCheckBox("Encrypt the history database (SQLCipher, key in the OS keyring)")
        self.encrypt.setObjectName("encrypt_db")
        self.encrypt.setChecked(stored_choice(ctx.settings))
        self.encrypt.setEnabled(False)  # until the driver/keyring check below has answered
        self.encrypt.toggled.connect(self._toggled)
        layout.addWidget(self.encrypt)
        self.note = QLabel(NOTE)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.status = QLabel("")
        self.status.setObjectName("encrypt_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.support: EncryptionSupport | None = None
        ctx.run_in_background(encryption_support, self._got_support)

    def _got_support(self, support: EncryptionSupport) -> None:
        self.support = support
        self.encrypt.setEnabled(support.available or self.encrypt.isChecked())
        if not support.available:
            self.status.setText(f"Not available here: {support.reason}")

    def _toggled(self, on: bool) -> None:
        set_encryption_wanted(self.ctx.settings, on)
        state = "on" if on else "off"
        self.status.setText(f"Saved: encryption at rest turns {state} when the app next starts.")
