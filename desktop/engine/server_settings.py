"""Persisted clinic-server settings (``server`` group of the settings JSON) and its API key.

The key lives in the OS keyring (service :data:`KEYRING_SERVICE`, user = the server's base
URL), never in the settings file, logs or history.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Protocol
from urllib.parse import urlsplit

import keyring
import keyring.errors

GROUP = "server"
KEYRING_SERVICE = "ClinicalAssistant clinic server"


class SettingsLike(Protocol):
    """The part of ``desktop.settings_store.SettingsStore`` used here."""

    def get(self, name: str, default: Any = None) -> Any: ...

    def set(self, name: str, values: dict[str, Any]) -> None: ...


@dataclass
class ServerSettings:
    url: str = ""
    model: str = ""
    use_server: bool = False  # answers come from the server instead of this computer
    verify: bool = True
    ca_file: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 120.0
    template_gguf: str = ""
    confirmed_hosts: list[str] = field(default_factory=list)  # public hosts the user accepted

    @property
    def host(self) -> str:
        url = self.url.strip()
        if url and "://" not in url:
            url = "http://" + url
        return urlsplit(url).hostname or ""

    @property
    def key_user(self) -> str:
        """Keyring user name: the base URL without path (one key per server)."""
        url = self.url.strip().rstrip("/")
        if url and "://" not in url:
            url = "http://" + url
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def load_server_settings(store: SettingsLike) -> ServerSettings:
    data = store.get(GROUP, {})
    return ServerSettings.from_dict(dict(data) if isinstance(data, dict) else {})


def save_server_settings(store: SettingsLike, settings: ServerSettings) -> None:
    store.set(GROUP, settings.to_dict())


def get_api_key(settings: ServerSettings) -> str | None:
    """The stored key for this server, or None (also when no keyring is available)."""
    if not settings.url:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.key_user)
    except keyring.errors.KeyringError:
        return None


def set_api_key(settings: ServerSettings, key: str | None) -> None:
    """Store (or, with an empty key, forget) the server's key; raises ``KeyringError`` with
    the keyring's own message when the OS keyring refuses."""
    if key:
        keyring.set_password(KEYRING_SERVICE, settings.key_user, key)
        return
    with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored
        keyring.delete_password(KEYRING_SERVICE, settings.key_user)


def configured_hosts(store: SettingsLike) -> list[str]:
    """Host names the app may open sockets to besides loopback: the configured server.

    Meant for the network guard (``desktop.netguard.set_allowed_hosts``).
    """
    host = load_server_settings(store).host
    return [host] if host else []
