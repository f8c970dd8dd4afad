"""The whole app session runs with networking unavailable, and opens no network socket.

A child process runs a real session: question import, model registry, the GUI app's headless
smoke mode (``desktop.app.main(['--quit-after-load'])``: Qt offscreen, model load, streamed
answer), then history writes and search. It runs:

* inside a new network namespace (``unshare -n``, or ``unshare -rn`` when not root) where only
  a down loopback exists, so any network access would fail, and
* with a Python audit hook that records every socket created/connected/resolved; any
  AF_INET/AF_INET6 socket or name lookup fails the test (AF_UNIX local IPC is allowed).

Without ``unshare`` (e.g. macOS CI) only the audit hook applies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

SESSION = r"""
import json, os, socket, sys
events = []
FORBIDDEN = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
             "socket.connect", "socket.sendto", "socket.bind"}

def hook(event, args):
    if event == "socket.__new__":
        family = args[1]
        if family not in (socket.AF_UNIX, -1):
            events.append(f"{event} family={family}")
    elif event in FORBIDDEN:
        sock = args[0] if args else None
        if getattr(sock, "family", None) != socket.AF_UNIX:
            events.append(f"{event} {args[1:]!r}"[:200])

sys.addaudithook(hook)
home = sys.argv[1]
os.environ["CLINASSIST_HOME"] = home
out = {}
try:  # the interfaces of THIS process's network namespace
    with open("/proc/self/net/dev") as fh:
        out["interfaces"] = sorted(l.split(":")[0].strip() for l in fh.readlines()[2:])
except OSError:
    out["interfaces"] = None

from desktop.questions import read_questions
from desktop.study.importer import SAMPLE_BANK_PATH
report = read_questions(SAMPLE_BANK_PATH)
out["questions"] = len(report.questions)

from models.registry import ModelRegistry
out["models"] = [m.id for m in ModelRegistry().list()]

from desktop.app import main
code = main(["--quit-after-load", "--home", home])
out["app_exit"] = code

from desktop.history import HistoryStore
from desktop.storage.integrity import open_checked_database
engine, startup = open_checked_database(os.path.join(home, "clinassist.db"))
store = HistoryStore(engine)
cid = store.create_conversation(title="offline").id
store.add_user_message(cid, "offline question about sepsis")
out["search_hits"] = len(store.search("sepsis"))
store.close()
engine.dispose()
out["socket_events"] = list(events)
# Positive control: the hook does see an INET socket (created, never connected: no traffic).
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
out["control_events"] = events[len(out["socket_events"]):]
print("SESSION-RESULT " + json.dumps(out))
"""


def _isolation_prefix() -> list[str]:
    """``unshare`` arguments that give the child a private, empty network namespace."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return []
    for args in ([unshare, "-n"], [unshare, "-rn"]):
        probe = subprocess.run([*args, "true"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return args
    return []


def test_session_without_network(tmp_path: Path) -> None:
    script = tmp_path / "session.py"
    script.write_text(SESSION)
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
        "LANG": "C.UTF-8",
    }
    prefix = _isolation_prefix()
    proc = subprocess.run(
        [*prefix, sys.executable, str(script), str(home)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=800,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    line = next(x for x in proc.stdout.splitlines() if x.startswith("SESSION-RESULT "))
    out = json.loads(line.removeprefix("SESSION-RESULT "))
    print(f"offline session ({' '.join(prefix) or 'audit hook only'}): {out}")
    if prefix:
        assert out["interfaces"] == ["lo"], "the child was not in an isolated network namespace"
    assert out["app_exit"] == 0
    assert out["questions"] > 0
    assert out["models"], "the registry lists the embedded model"
    assert out["search_hits"] == 1
    assert out["socket_events"] == [], f"network activity: {out['socket_events']}"
    assert out["control_events"] and "family=2" in out["control_events"][0]
