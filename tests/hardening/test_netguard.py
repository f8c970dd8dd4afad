"""``desktop.netguard`` in a child process (the guard cannot be removed once installed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_guard_allows_loopback_and_configured_hosts_only() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "tests.hardening.netguard_child"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("NETGUARD "))
    out = json.loads(line.removeprefix("NETGUARD "))
    for allowed in ("loopback_connect", "localhost_lookup", "unix_pair"):
        assert out[allowed] == "ok", (allowed, out)
    for blocked in (
        "dns_lookup",
        "gethostbyname",
        "tcp_public",
        "tcp_public_raw_socket",  # _socket.socket bypasses the class: the audit hook refuses
        "create_connection",
        "udp_sendto",
        "bind_all",
        "urllib",
        "other_host_still_blocked",
    ):
        assert out[blocked] == "blocked", (blocked, out)
    # The configured clinic server (and nothing else) is allowed: its lookup fails on the
    # network (a name that never resolves), not on the guard.
    assert out["server_error"] == "ServerUnreachableError", out
    assert out["allowed_after_server"] == ["clinic.invalid"], out
    assert out["configured_host"] == "ok", out
    assert any("huggingface.co" in r for r in out["refused"])
    assert any("other-clinic.invalid" in r for r in out["refused"])
    assert not any("'clinic.invalid'" in r for r in out["refused"])
