"""Start llama-cpp-python's OpenAI-compatible server (``python -m llama_cpp.server``) on
127.0.0.1 for a GGUF: used by the clinic-server tests and ``bench server_backend``, and handy
for trying the server mode on one desktop. A clinic runs ``llama-server`` or vLLM instead
(``installer/DEPLOYMENT.md``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    """A running server process; ``stop()`` ends it, ``kill()`` kills it (crash test)."""

    process: subprocess.Popen[bytes]
    url: str
    api_key: str
    model: str
    log: Path
    started_s: float = field(default=0.0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_server(
    model: str | Path,
    api_key: str,
    log: Path,
    n_threads: int = 1,
    n_ctx: int = 2048,
    logits_all: bool = True,
    timeout_s: float = 120.0,
) -> LocalServer:
    """Start the server and wait until ``/v1/models`` answers. ``logits_all`` is what
    llama-cpp-python's server needs to return logprobs (it costs prompt speed)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--api_key",
        api_key,
        "--n_threads",
        str(n_threads),
        "--n_threads_batch",
        str(n_threads),
        "--n_ctx",
        str(n_ctx),
        "--logits_all",
        str(logits_all),
        "--verbose",
        "False",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": str(n_threads), "HF_HUB_OFFLINE": "1"}
    log.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    headers = {"Authorization": f"Bearer {api_key}"}
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited ({process.returncode}); see {log}")
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.get(f"{url}/v1/models", headers=headers, timeout=2.0)
            if response.status_code == 200:
                model_id = response.json()["data"][0]["id"]
                return LocalServer(process, url, api_key, model_id, log, time.perf_counter() - t0)
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"llama_cpp.server did not start within {timeout_s:g} s")
        time.sleep(0.2)
