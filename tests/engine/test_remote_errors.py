"""Failures a real inference server cannot be made to produce on demand (busy, loading,
garbled stream, stalled, TLS): a small HTTP(S) server on 127.0.0.1 answers each way, and the
client must turn every one into a plain-language message that keeps the partial answer."""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from desktop.engine import SamplingSettings
from desktop.engine.remote import (
    RemoteBackend,
    ServerBusyError,
    ServerConfig,
    ServerProtocolError,
    ServerTLSError,
    ServerUnreachableError,
)
from desktop.engine.server_settings import ServerSettings, configured_hosts

CHUNK = {"choices": [{"delta": {"content": "Part"}, "finish_reason": None}]}


class Handler(BaseHTTPRequestHandler):
    """``/v1/models`` like vLLM; chat behaviour chosen by the user message."""

    def log_message(self, *_args: object) -> None:  # keep test output clean
        pass

    def _json(self, code: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self._json(200, {"data": [{"id": "m", "owned_by": "vllm", "max_model_len": 4096}]})

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        mode = body["messages"][-1]["content"]
        if mode in ("busy", "loading"):
            code = 429 if mode == "busy" else 503
            self._json(code, {"error": {"message": "try later"}})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(f"data: {json.dumps(CHUNK)}\n\n".encode())
        self.wfile.flush()
        if mode == "garbled":
            self.wfile.write(b"data: {not json\n\n")
        elif mode == "stall":
            time.sleep(2.0)
        elif mode == "ok":
            done = {"choices": [{"delta": {}, "finish_reason": "stop"}], "usage": {
                "prompt_tokens": 7, "completion_tokens": 1}}  # fmt: skip
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
        # "cut": end the response without [DONE] or a finish reason
        self.wfile.flush()
        self.close_connection = True


def _serve(server: ThreadingHTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def http_url() -> Iterator[str]:
    for address in _serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler)):
        yield f"http://{address}"


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for address in _serve(server):
        yield f"https://{address}", cert


def _ask(backend: RemoteBackend, mode: str) -> str:
    messages = [{"role": "user", "content": mode}]
    return backend.chat(messages, SamplingSettings(max_tokens=8)).text


def test_each_failure_has_a_clear_message_and_keeps_the_partial(http_url: str) -> None:
    backend = RemoteBackend(ServerConfig(url=http_url + "/v1", read_timeout=0.5))
    assert backend.server_kind == "vllm" and backend.n_ctx == 4096
    assert _ask(backend, "ok") == "Part"
    with pytest.raises(ServerBusyError, match="busy .HTTP 429: too many requests"):
        _ask(backend, "busy")
    with pytest.raises(ServerBusyError, match="HTTP 503: unavailable or still loading"):
        _ask(backend, "loading")
    with pytest.raises(ServerProtocolError, match="cannot read") as err:
        _ask(backend, "garbled")
    assert err.value.partial == "Part"
    with pytest.raises(ServerProtocolError, match="before the answer was complete") as err:
        _ask(backend, "cut")
    assert err.value.partial == "Part"
    with pytest.raises(ServerUnreachableError, match="stopped answering") as err:
        _ask(backend, "stall")
    assert err.value.partial == "Part" and "switch back" in str(err.value)
    backend.close()


def test_tls_is_verified_and_a_clinic_ca_file_is_accepted(tls: tuple[str, Path]) -> None:
    url, cert = tls
    with pytest.raises(ServerTLSError, match="certificate could not be verified"):
        RemoteBackend(ServerConfig(url=url))
    backend = RemoteBackend(ServerConfig(url=url, ca_file=str(cert)))
    assert _ask(backend, "ok") == "Part"
    backend.close()


def test_configured_hosts_for_the_network_guard() -> None:
    class Store(dict):
        def set(self, name: str, values: dict[str, object]) -> None:
            self[name] = values

    store = Store()
    assert configured_hosts(store) == []
    store.set("server", ServerSettings(url="https://llm.clinic.internal:8443/v1").to_dict())
    assert configured_hosts(store) == ["llm.clinic.internal"]
