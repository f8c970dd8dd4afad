"""Run in a child process by test_netguard.py: install the guard, try everything, print JSON."""

from __future__ import annotations

import _socket
import json
import socket
import sys
import threading
import urllib.error
import urllib.request

from desktop import netguard


def attempt(fn) -> str:  # noqa: ANN001 - any zero-argument callable
    """'ok', 'blocked' (NetworkBlockedError) or 'oserror' (the OS said no: not our guard)."""
    try:
        fn()
    except netguard.NetworkBlockedError:
        return "blocked"
    except urllib.error.URLError as exc:
        return "blocked" if isinstance(exc.reason, netguard.NetworkBlockedError) else "oserror"
    except OSError:
        return "oserror"
    return "ok"


def tcp(host: str, port: int, raw: bool = False) -> None:
    cls = _socket.socket if raw else socket.socket  # raw: below the socket-level layer
    s = cls(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(0.5)
    try:
        s.connect((host, port))
    finally:
        s.close()


def main() -> None:
    netguard.install()
    out: dict[str, str | list[str]] = {}
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    threading.Thread(target=lambda: server.accept()[0].close(), daemon=True).start()
    out["loopback_connect"] = attempt(lambda: tcp("127.0.0.1", port))
    out["localhost_lookup"] = attempt(lambda: socket.getaddrinfo("localhost", port))
    out["unix_pair"] = attempt(lambda: [s.close() for s in socket.socketpair()])
    out["dns_lookup"] = attempt(lambda: socket.getaddrinfo("huggingface.co", 443))
    out["gethostbyname"] = attempt(lambda: socket.gethostbyname("example.com"))
    out["tcp_public"] = attempt(lambda: tcp("93.184.215.14", 80))
    out["tcp_public_raw_socket"] = attempt(lambda: tcp("93.184.215.14", 80, raw=True))
    out["create_connection"] = attempt(lambda: socket.create_connection(("10.1.2.3", 443), 0.5))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    out["udp_sendto"] = attempt(lambda: udp.sendto(b"x", ("8.8.8.8", 53)))
    out["bind_all"] = attempt(lambda: socket.socket().bind(("0.0.0.0", 0)))
    out["urllib"] = attempt(lambda: urllib.request.urlopen("http://example.com/", timeout=0.5))
    # Using a clinic server allows exactly its host. ``.invalid`` never resolves (RFC 6761), so
    # no connection is ever attempted to anything but the machine's own resolver.
    from desktop.engine.remote import RemoteBackend, ServerConfig, ServerError

    try:
        RemoteBackend(ServerConfig(url="http://clinic.invalid:8080", connect_timeout=2.0))
        out["server_error"] = "none"
    except ServerError as exc:
        out["server_error"] = type(exc).__name__
    out["allowed_after_server"] = sorted(netguard.allowed_hosts())
    out["configured_host"] = "ok" if netguard.host_allowed("clinic.invalid") else "blocked"
    out["other_host_still_blocked"] = attempt(lambda: tcp("other-clinic.invalid", 9))
    out["refused"] = netguard.refused()
    print("NETGUARD " + json.dumps(out))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
