"""A real keyring backend for tests: passwords in an owner-only JSON file.

Not a mock: it implements ``keyring.backend.KeyringBackend`` and goes through the same
``keyring.get_password``/``set_password``/``delete_password`` calls as GNOME Keyring would.
Select it in this process with ``keyring.set_keyring(FileKeyring(path))``, or in a child
process with ``PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring`` and
``CLINASSIST_TEST_KEYRING=<file>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

PATH_ENV = "CLINASSIST_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    """Passwords in ``{service: {username: password}}`` JSON at ``path``."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - keyring's classproperty convention
        """Only chosen automatically when a test names its file (never on a user machine)."""
        if PATH_ENV not in os.environ:
            raise RuntimeError(f"{PATH_ENV} is not set")
        return 0.1

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        self.path = Path(path or os.environ[PATH_ENV])

    def _read(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _write(self, data: dict[str, dict[str, str]]) -> None:
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data.setdefault(service, {})[username] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.get(service, {}).pop(username, None) is None:
            raise PasswordDeleteError(username)
        self._write(data)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that lives in this process only (for in-process tests)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
