"""Privacy: owner-only files, and no socket at all during a full headless session."""

from __future__ import annotations

import os
import socket
import stat
import sys
import threading
from pathlib import Path

import pytest

from desktop.history import HistoryStore
from desktop.safety import assess, augment_messages
from desktop.settings_store import SettingsStore


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_data_dir_db_wal_shm_are_owner_only(tmp_home: Path) -> None:
    from models.paths import data_dir

    old = os.umask(0o022)  # a typical, permissive umask must not leak into our files
    try:
        home = data_dir()
        with HistoryStore(home / "history.db") as store:
            conv = store.create_conversation()
            mid = store.begin_assistant_message(conv.id)
            store.append_to_message(mid, "private patient details")
            store.flush_message(mid)
            files = {p.name: _mode(p) for p in home.iterdir()}
            assert {"history.db", "history.db-wal", "history.db-shm"} <= set(files)
            assert all(mode == 0o600 for mode in files.values()), files
            store.finish_message(mid)
            settings = SettingsStore(home)
            settings.set("sampling", {"temperature": 0.2})
            assert _mode(settings.path) == 0o600
            export = store.write_export(home / "exports" / "all.json")
            assert _mode(export) == 0o600
    finally:
        os.umask(old)
    assert _mode(home) == 0o700
    # another process reading the files (same user) still works: WAL content is readable
    assert HistoryStore(home / "history.db").search("patient")


# -- no sockets -----------------------------------------------------------------------------
_events: list[str] = []
_recording = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if _recording.is_set() and event.startswith("socket."):
        _events.append(f"{event} {args!r}"[:200])


sys.addaudithook(_audit)  # audit hooks cannot be removed: it only records while enabled


def _socket_fds() -> set[str]:
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return set()
    out = set()
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:"):
            out.add(target)
    return out


def test_audit_hook_sees_sockets() -> None:
    """The detector works: creating a socket is recorded."""
    _events.clear()
    _recording.set()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM):
            pass
    finally:
        _recording.clear()
    assert any(e.startswith("socket.__new__") for e in _events)


def test_full_headless_session_opens_no_socket(
    tmp_home: Path, default_model_path: Path, tmp_path: Path
) -> None:
    from desktop.engine import Engine
    from models.paths import data_dir

    _events.clear()
    before = _socket_fds()
    _recording.set()
    try:
        home = data_dir()
        settings = SettingsStore(home)
        settings.update("app", model_path=str(default_model_path), first_run_done=True)
        settings.update("engine", n_threads=1, n_ctx=1024)  # 1 thread: fast on a busy machine
        app = settings.load()
        engine = Engine(app.engine_config())
        try:
            store = HistoryStore(home / "history.db")
            conv = store.create_conversation(model_id="default")
            question = "A 70 kg adult has a sore throat. What dose of paracetamol?"
            check = assess(question)
            assert check.dose_question
            store.add_user_message(conv.id, question)
            prompt = augment_messages(store.chat_messages(conv.id), check)
            sampling = app.sampling
            sampling.max_tokens = 24
            mid = store.begin_assistant_message(conv.id, model_id="default", sampling=sampling)
            stream = engine.stream_chat(prompt, sampling)
            for event in stream:
                store.append_to_message(mid, event.text)
            answer = store.finish_message(mid, stream.result)
            assert answer is not None and answer.text and answer.complete
            assert store.search("paracetamol")
            exported = store.write_export(tmp_path / "export.json")
            store.write_export(tmp_path / "export.md", "markdown")
            with HistoryStore(tmp_path / "copy.db") as copy:
                copy.import_json(exported)
                assert copy.get_messages(copy.list_conversations()[0].id)[-1].text == answer.text
            store.close()
        finally:
            engine.close()
    finally:
        _recording.clear()
    assert _events == [], f"sockets were used: {_events}"
    assert _socket_fds() <= before, "a socket file descriptor was left open"


@pytest.mark.parametrize("name", ["history.db"])
def test_reopen_keeps_private_modes(tmp_path: Path, name: str) -> None:
    path = tmp_path / "d" / name
    with HistoryStore(path) as store:
        store.create_conversation()
    os.chmod(path, 0o644)  # e.g. restored from a backup with loose permissions
    with HistoryStore(path):
        assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
