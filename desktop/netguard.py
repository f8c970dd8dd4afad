"""Network guard for the app process: only loopback and hosts the user configured.

``install(allowed_hosts)`` is called once at start-up (``desktop.app.main``) and cannot be
undone; ``set_allowed_hosts(hosts)`` changes the list later (e.g. when the user configures a
clinic server). Two layers, both refusing with :class:`NetworkBlockedError`:

* a Python audit hook (PEP 578; cannot be removed once added) on ``socket.connect``,
  ``socket.sendto``, ``socket.sendmsg``, ``socket.bind``, ``socket.getaddrinfo``,
  ``socket.gethostbyname(_ex)``, ``socket.gethostbyaddr`` and ``socket.getnameinfo``: every
  Python-level socket use, including libraries such as ``urllib``, ``http.client``,
  ``requests`` and ``huggingface_hub``, passes through these events;
* socket-level refusal: ``socket.socket`` is replaced by a subclass whose ``connect``,
  ``connect_ex``, ``sendto`` and ``bind`` check the address, and ``socket.getaddrinfo`` /
  ``socket.create_connection`` check the host. The wrapper also learns the addresses an
  allowed host name resolves to, so connecting to them is allowed.

Unix-domain sockets (local IPC: D-Bus for the keyring, the X server) are always allowed.

What it cannot see: native code that calls the C library's ``connect()``/``getaddrinfo()``
directly, without going through Python's ``socket`` module — llama.cpp's C/C++ code (the
build used here has no network code: no ``LLAMA_CURL``), Qt's own network stack
(``QtNetwork``, which the app does not use and the bundle leaves out), SQLite/SQLCipher and
any other C extension. For those, the OS must enforce it (a firewall, or ``unshare -n`` as the
offline test does).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from collections.abc import Iterable

_lock = threading.Lock()
_allowed_names: frozenset[str] = frozenset()
_allowed_addresses: set[str] = set()
_installed = False
_refused: list[str] = []  # what was refused, for the log and for tests
_original_socket = socket.socket
_original_getaddrinfo = socket.getaddrinfo
_original_create_connection = socket.create_connection
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
UNIX_FAMILY = getattr(socket, "AF_UNIX", None)


class NetworkBlockedError(PermissionError):
    """A connection to a host that is neither loopback nor configured by the user."""


def _normal(host: object) -> str:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    text = str(host).strip().lower()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return text.split("%", 1)[0]  # drop an IPv6 zone id


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_allowed(host: object) -> bool:
    """True for loopback names/addresses, configured hosts and the addresses they resolved to."""
    if host is None or host == "":  # getaddrinfo(None, ...): the local wildcard, no lookup
        return True
    name = _normal(host)
    with _lock:
        return _is_loopback(name) or name in _allowed_names or name in _allowed_addresses


def _address_host(address: object) -> object | None:
    """The host part of a socket address, or None for a Unix-domain path."""
    if isinstance(address, tuple) and address:
        return address[0]
    return None


def _check_address(family: object, address: object, action: str, bind: bool = False) -> None:
    if UNIX_FAMILY is not None and family == UNIX_FAMILY:
        return
    if isinstance(address, str | bytes):  # a Unix-domain path
        return
    host = _address_host(address)
    if host is None:
        return
    if bind and _normal(host) in {"", "0.0.0.0", "::"}:
        raise _refuse(f"{action} on all interfaces refused: only loopback is allowed")
    if not host_allowed(host):
        raise _refuse(
            f"{action} to {host!r} refused: this app only talks to this computer (loopback) "
            "and servers configured in Settings"
        )


def _refuse(message: str) -> NetworkBlockedError:
    with _lock:
        _refused.append(message)
    return NetworkBlockedError(message)


def refused() -> list[str]:
    """Every attempt refused so far in this process (oldest first)."""
    with _lock:
        return list(_refused)


def _check_host(host: object, action: str) -> None:
    if not host_allowed(host):
        raise _refuse(
            f"{action} of {host!r} refused: this app only talks to this computer (loopback) "
            "and servers configured in Settings"
        )


_LOOKUP_EVENTS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
    }
)


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not event.startswith("socket."):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[1]
        _check_address(getattr(sock, "family", None), address, event)
    elif event == "socket.bind":
        sock, address = args[0], args[1]
        _check_address(getattr(sock, "family", None), address, event, bind=True)
    elif event in _LOOKUP_EVENTS:
        _check_host(args[0], event)
    elif event == "socket.getnameinfo":
        _check_host(_address_host(args[0]), event)


class GuardedSocket(_original_socket):
    """``socket.socket`` that refuses non-allowed peers before the system call."""

    def connect(self, address: object) -> None:  # type: ignore[override]
        _check_address(self.family, address, "connect")
        super().connect(address)

    def connect_ex(self, address: object) -> int:  # type: ignore[override]
        _check_address(self.family, address, "connect")
        return super().connect_ex(address)

    def sendto(self, data: bytes, *args: object) -> int:  # type: ignore[override]
        _check_address(self.family, args[-1], "sendto")
        return super().sendto(data, *args)

    def bind(self, address: object) -> None:  # type: ignore[override]
        _check_address(self.family, address, "bind", bind=True)
        super().bind(address)


def _guarded_getaddrinfo(
    host: str | bytes | None, port: str | int | None, *args: int, **kwargs: int
) -> list[tuple]:
    _check_host(host, "name lookup")
    results = _original_getaddrinfo(host, port, *args, **kwargs)
    name = _normal(host) if host else ""
    with _lock:
        if name in _allowed_names:  # connecting to what an allowed name resolves to is fine
            _allowed_addresses.update(_normal(r[4][0]) for r in results)
    return results


def _guarded_create_connection(
    address: tuple[str, int], *args: object, **kwargs: object
) -> socket.socket:
    _check_host(_address_host(address), "connect")
    return _original_create_connection(address, *args, **kwargs)


def set_allowed_hosts(hosts: Iterable[str]) -> None:
    """Allow exactly these hosts (names or IP addresses) besides loopback."""
    names = frozenset(_normal(h) for h in hosts if str(h).strip())
    global _allowed_names
    with _lock:
        _allowed_names = names
        _allowed_addresses.clear()
        _allowed_addresses.update(n for n in names if _is_ip(n))


def allowed_hosts() -> frozenset[str]:
    with _lock:
        return _allowed_names


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def installed() -> bool:
    return _installed


def install(allowed_hosts: Iterable[str] = ()) -> None:
    """Install both layers in this process (idempotent) and allow ``allowed_hosts``."""
    global _installed
    set_allowed_hosts(allowed_hosts)
    with _lock:
        if _installed:
            return
        _installed = True
    sys.addaudithook(_audit)
    socket.socket = GuardedSocket  # type: ignore[misc]
    socket.getaddrinfo = _guarded_getaddrinfo
    socket.create_connection = _guarded_create_connection
