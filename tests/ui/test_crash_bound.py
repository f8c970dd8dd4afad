"""kill -9 the real app while it streams: the saved answer is a prefix of what was shown and
at most ``desktop.history.durability.LOSS_BOUND_S`` behind it."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.history import HistoryStore
from desktop.history.durability import LOSS_BOUND_S

REPO = Path(__file__).resolve().parents[2]
KILL_AFTER_PIECES = 60


def _reader(stream, out: queue.Queue) -> None:  # noqa: ANN001 - a text pipe
    for line in stream:
        out.put(line.rstrip("\n"))
    out.put(None)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_kill_9_mid_stream_loses_at_most_the_stated_bound(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    env["CLINASSIST_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.chat_crash_child", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
        env=env,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    shown: list[tuple[float, str]] = []
    killed_at = None
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and killed_at is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"the app exited early with code {proc.wait()}")
            if line.startswith("SHOWN "):
                _, stamp, payload = line.split(" ", 2)
                shown.append((float(stamp), json.loads(payload)))
                if len(shown) >= KILL_AFTER_PIECES:
                    killed_at = time.monotonic()
                    proc.send_signal(signal.SIGKILL)
        assert killed_at is not None, "timed out waiting for the app to stream"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    while (line := lines.get(timeout=5)) is not None:  # pieces drawn just before the kill
        if line.startswith("SHOWN "):
            _, stamp, payload = line.split(" ", 2)
            shown.append((float(stamp), json.loads(payload)))

    with HistoryStore(home / "clinassist.db") as store:
        (conv,) = store.list_conversations()
        answer = store.get_messages(conv.id)[-1]
    assert answer.role == "assistant" and not answer.complete  # killed mid-stream
    everything_shown = "".join(piece for _t, piece in shown)
    due = "".join(piece for t, piece in shown if t <= killed_at - LOSS_BOUND_S)
    print(
        f"shown {len(everything_shown)} chars, saved {len(answer.text)}, "
        f"shown more than {LOSS_BOUND_S} s before the kill {len(due)}"
    )
    assert len(due) > 0, "the stream had not run for the bound: the check would be empty"
    assert everything_shown.startswith(answer.text), "saved text that was never shown"
    assert answer.text.startswith(due), (
        f"lost text shown more than {LOSS_BOUND_S} s before the kill: "
        f"{len(due) - len(answer.text)} chars"
    )
