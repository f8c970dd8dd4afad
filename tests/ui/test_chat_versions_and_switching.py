"""Real window, real model: regenerate keeps ‹ 1/2 › versions; switching conversations mid-answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.engine import SamplingSettings
from tests.ui.conftest import close_window, wait_db, wait_idle, wait_loaded


def _sampling(window: Any, max_tokens: int, seed: int | None = None) -> None:
    s = SamplingSettings(temperature=1.0, top_k=0, top_p=1.0, min_p=0.0, max_tokens=max_tokens)
    s.seed = seed
    window.ctx.settings.merge("sampling", s.to_dict())


def test_regenerate_gives_a_new_answer_and_keeps_the_old_one(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window = make_window()
    chat = window.show_page("chat")
    wait_loaded(qtbot, window)
    _sampling(window, max_tokens=20)
    chat.send("Name two causes of chest pain.")
    wait_idle(qtbot, chat)
    first = chat.messages[-1].text
    assert chat.versions.isHidden()  # one version: no switcher
    chat.regen_button.click()
    wait_idle(qtbot, chat)
    second = chat.messages[-1].text
    assert [m.role for m in chat.messages] == ["user", "assistant"]
    assert second != first  # not the same answer word for word
    assert chat.versions.isVisible() and chat.versions.label.text() == "answer 2/2"
    window.grab().save(str(artifacts_dir / "chat_versions.png"))
    chat.versions.prev_button.click()
    assert chat.messages[-1].text == first and chat.versions.label.text() == "answer 1/2"
    assert first.strip()[:30] in chat.transcript.toPlainText()
    wait_db(qtbot, window)
    conv_id = chat.conversation_id
    close_window(window)

    window2 = make_window()
    chat2 = window2.show_page("chat")
    chat2.open_conversation(conv_id)
    qtbot.waitUntil(lambda: len(chat2.messages) == 2, timeout=30_000)
    assert chat2.messages[-1].text == first  # the chosen version after a restart
    assert chat2.versions.label.text() == "answer 1/2"
    chat2.versions.next_button.click()
    assert chat2.messages[-1].text == second


def test_switching_conversations_does_not_cancel_or_misplace_the_answer(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window = make_window()
    chat = window.show_page("chat")
    wait_loaded(qtbot, window)
    _sampling(window, max_tokens=8, seed=3)
    chat.send("Say hello.")
    wait_idle(qtbot, chat)
    qtbot.waitUntil(lambda: chat.conversation_id is not None, timeout=30_000)
    quiet_id = chat.conversation_id

    chat.new_conversation()
    _sampling(window, max_tokens=400, seed=3)
    chat.send("List the causes of acute kidney injury, with one line on each.")
    qtbot.waitUntil(lambda: len(chat.stream_text) > 20, timeout=60_000)
    qtbot.waitUntil(lambda: chat.conversation_id is not None, timeout=30_000)
    busy_id = chat.conversation_id
    assert "tok/s" in window.speed_label.text()

    chat.open_conversation(quiet_id)  # while the answer streams
    qtbot.waitUntil(lambda: chat.conversation_id == quiet_id, timeout=30_000)
    assert chat.request is not None  # still answering, not silently cancelled
    grown = len(chat.stream_text)
    qtbot.waitUntil(lambda: len(chat.stream_text) > grown + 10, timeout=60_000)
    shown = chat.transcript.toPlainText()
    assert "acute kidney" not in shown and "Say hello." in shown
    assert "4 tokens" not in window.speed_label.text()  # figures of the quiet conversation
    assert not chat.send_button.isEnabled()  # one model: wait or stop the other answer
    chat.stop()
    wait_idle(qtbot, chat)
    assert "(stopped)" not in chat.transcript.toPlainText()  # not drawn under the wrong one
    wait_db(qtbot, window)
    store = window.ctx.history
    quiet = store.get_messages(quiet_id)
    assert [m.role for m in quiet] == ["user", "assistant"] and quiet[1].complete

    chat.open_conversation(busy_id)
    qtbot.waitUntil(lambda: chat.conversation_id == busy_id, timeout=30_000)
    assert "(stopped)" in chat.transcript.toPlainText()  # a live stop, in its conversation
    assert "tok/s" in window.speed_label.text()
    saved = store.get_messages(busy_id)
    assert saved[1].text == chat.messages[-1].text and not saved[1].complete
    window.grab().save(str(artifacts_dir / "chat_switch_stopped.png"))
    close_window(window)

    window2 = make_window()
    chat2 = window2.show_page("chat")
    chat2.open_conversation(busy_id)
    qtbot.waitUntil(lambda: len(chat2.messages) == 2, timeout=30_000)
    shown = chat2.transcript.toPlainText()
    assert "(interrupted)" in shown and "(stopped)" not in shown  # reloaded: interrupted
