"""Settings → Clinic server and a chat answered by a real ``llama_cpp.server`` on 127.0.0.1.

The API key goes to a real (in-process) keyring backend set for this test only; the server
is killed mid-answer at the end, and one click brings answers back to this computer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.engine.local_server import LocalServer, start_server
from desktop.engine.server_settings import KEYRING_SERVICE, ServerSettings, load_server_settings
from tests.file_keyring import MemoryKeyring
from tests.ui.conftest import ANSWER_TIMEOUT_MS, wait_db, wait_idle, wait_loaded

KEY = "clinic-key-91c2"




@pytest.fixture(scope="module")
def server(
    default_model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalServer]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    srv = start_server(default_model_path, KEY, log, n_ctx=1024, logits_all=False)
    yield srv
    srv.stop()


def _answers(window: Any, max_tokens: int) -> None:
    window.ctx.settings.merge("sampling", {"max_tokens": max_tokens, "temperature": 0.0})


def test_server_settings_chat_crash_and_back_to_local(
    qtbot: Any,
    make_window: Any,
    server: LocalServer,
    memory_keyring: MemoryKeyring,
    artifacts_dir: Path,
    tmp_home: Path,
) -> None:
    window = make_window()
    wait_loaded(qtbot, window)
    bridge = window.ctx.bridge
    assert window.server_status.where_label.text() == "Answers from: this computer"
    page = window.show_page("settings")
    section = page.server_section

    # A wrong key: a plain-language refusal, nothing switched.
    section.url.setText(server.url)
    section.api_key.setText("wrong-key")
    section.test_button.click()
    qtbot.waitUntil(lambda: "Not connected" in section.result.text(), timeout=30_000)
    assert "refused the API key" in section.result.text() and not bridge.on_server

    # The right key: the server's models fill the list.
    section.api_key.setText(KEY)
    section.test_button.click()
    qtbot.waitUntil(lambda: section.result.text().startswith("Connected"), timeout=30_000)
    assert section.model.currentText() == server.model
    assert "llama-cpp-python" in section.result.text()

    # A public address needs explicit confirmation; saying no sends nothing.
    section.url.setText("http://1.1.1.1:8080")
    section.use_button.click()
    qtbot.waitUntil(lambda: section.confirm_box is not None, timeout=10_000)
    assert "patient details" in section.confirm_box.text()
    section.confirm_box.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: "Not switched" in section.result.text(), timeout=10_000)
    assert not bridge.on_server

    # Use the (loopback, private) server: key in the keyring, never in the settings file.
    section.url.setText(server.url)
    section.use_button.click()
    qtbot.waitUntil(lambda: bridge.on_server and bridge.is_loaded, timeout=30_000)
    qtbot.waitUntil(lambda: "now come from" in section.result.text(), timeout=10_000)
    assert window.server_status.where_label.text() == "Answers from: server 127.0.0.1"
    assert "server 127.0.0.1" in window.model_status.text()
    stored = load_server_settings(window.ctx.settings)
    assert stored.use_server and stored.url == server.url
    assert memory_keyring.store[(KEYRING_SERVICE, stored.key_user)] == KEY
    assert all(KEY not in p.read_text() for p in tmp_home.rglob("*.json"))
    window.grab().save(str(artifacts_dir / "server_settings.png"))

    # A chat answered by the server, recorded as the server's model.
    chat = window.show_page("chat")
    _answers(window, 48)
    chat.send("What is hypertension? Answer in two sentences.")
    wait_idle(qtbot, chat)
    answer = chat.messages[-1]
    assert answer.role == "assistant" and answer.complete and answer.text.strip()
    assert "tok/s" in window.speed_label.text()
    wait_db(qtbot, window)
    saved = window.ctx.history.get_messages(chat.conversation_id)
    assert saved[-1].model_id == f"127.0.0.1:{server.model}"
    window.grab().save(str(artifacts_dir / "server_chat.png"))

    # The server dies mid-answer: clear error, the partial answer saved and marked.
    _answers(window, 400)
    chat.send("List ten causes of acute kidney injury, with one line on each.")
    # Under load the one-thread server reads the longer history slowly: allow a full answer time.
    qtbot.waitUntil(lambda: len(chat.stream_text) > 40, timeout=ANSWER_TIMEOUT_MS)
    server.kill()
    wait_idle(qtbot, chat)
    partial = chat.messages[-1]
    assert chat.last_error and "broke off" in chat.last_error
    assert not partial.complete and partial.text and partial.text == chat.session.stream_text
    assert "could not answer" in chat.transcript.toPlainText()
    wait_db(qtbot, window)
    saved = window.ctx.history.get_messages(chat.conversation_id)
    assert saved[-1].text == partial.text and not saved[-1].complete
    assert saved[-1].finish_reason == "error"

    # One click: answers from this computer again, and the app keeps working.
    assert window.server_status.local_button.isVisible()
    window.server_status.local_button.click()
    qtbot.waitUntil(lambda: bridge.is_loaded and not bridge.on_server, timeout=120_000)
    assert window.server_status.where_label.text() == "Answers from: this computer"
    assert not load_server_settings(window.ctx.settings).use_server
    _answers(window, 16)
    chat.send("What is anaemia?")
    wait_idle(qtbot, chat)
    assert chat.messages[-1].complete and chat.messages[-1].text.strip()


def test_server_down_at_start_falls_back_to_this_computer(
    qtbot: Any, make_window: Any, tmp_home: Path, memory_keyring: MemoryKeyring
) -> None:
    from desktop.settings_store import SettingsStore

    dead = ServerSettings(url="http://127.0.0.1:9", use_server=True, connect_timeout=2.0)
    SettingsStore(tmp_home).set("server", dead.to_dict())
    window = make_window()
    status = window.server_status
    qtbot.waitUntil(lambda: status.last_error is not None, timeout=60_000)
    assert "could not be reached" in status.last_error
    wait_loaded(qtbot, window)
    assert not window.ctx.bridge.on_server
    assert window.server_status.where_label.text() == "Answers from: this computer"
