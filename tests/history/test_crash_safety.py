"""SIGKILL a process in the middle of streaming a real answer: nothing committed is lost."""

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

CHILD = Path(__file__).with_name("stream_child.py")
REPO = Path(__file__).resolve().parents[2]


def _reader(stream, out: queue.Queue) -> None:  # noqa: ANN001
    for line in stream:
        out.put(line.rstrip("\n"))
    out.put(None)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_mid_stream_keeps_everything_flushed(
    tmp_path: Path, default_model_path: Path
) -> None:
    db = tmp_path / "home" / "history.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), str(default_model_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
        env=env,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    earlier: list[int] = []
    flushed: dict[int, str] = {}  # message id -> last committed text reported
    done: list[int] = []
    current_flushes = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"child exited early with code {proc.wait()}")
            kind, _, rest = line.partition(" ")
            if kind == "READY":
                earlier = json.loads(rest)
            elif kind == "FLUSH":
                mid_text, _, payload = rest.partition(" ")
                flushed[int(mid_text)] = json.loads(payload)
                current_flushes += 1
            elif kind == "DONE":
                done.append(int(rest))
                current_flushes = 0
            # Kill once the running answer has been committed twice (and has text).
            if current_flushes >= 2 and flushed[max(flushed)]:
                proc.send_signal(signal.SIGKILL)
                break
        else:
            pytest.fail("timed out waiting for the child to stream")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, "the child must die by SIGKILL mid-stream"
    # Markers printed before the kill may still be in the pipe: take them into account.
    while True:
        try:
            line = lines.get(timeout=2)
        except queue.Empty:
            break
        if line is None:
            break
        kind, _, rest = line.partition(" ")
        if kind == "FLUSH":
            mid_text, _, payload = rest.partition(" ")
            flushed[int(mid_text)] = json.loads(payload)
        elif kind == "DONE":
            done.append(int(rest))

    streaming = max(flushed)
    assert streaming not in done
    with HistoryStore(db) as store:
        (conv,) = store.list_conversations()
        messages = {m.id: m for m in store.get_messages(conv.id)}
        for mid in earlier:
            assert mid in messages and messages[mid].complete
        for mid in done:  # finished answers are complete and hold all text
            assert messages[mid].complete and messages[mid].text == flushed[mid]
        partial = messages[streaming]
        assert not partial.complete
        assert partial.role == "assistant"
        assert len(flushed[streaming]) > 0
        assert partial.text.startswith(flushed[streaming]), (
            f"lost committed text: db has {len(partial.text)} chars, "
            f"{len(flushed[streaming])} were reported committed"
        )
        # the partial answer is searchable like any other message
        word = next(w for w in flushed[streaming].split() if w.strip(".,:;-*()").isalpha())
        assert any(h.message_id == streaming for h in store.search(word.strip(".,:;-*()")))
