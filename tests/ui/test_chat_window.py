"""Drive the real window on the real default model: chat, stop, regenerate, restart, search, export.

The whole session runs with every socket constructor refused (audit hook + patches).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.engine import SamplingSettings
from tests.ui.conftest import close_window, wait_db, wait_idle, wait_loaded

QUESTION = "What are the first-line treatments for community-acquired pneumonia in adults?"


def _short_answers(window: Any, max_tokens: int = 48) -> None:
    s = SamplingSettings(temperature=0.3, max_tokens=max_tokens, seed=7).to_dict()
    window.ctx.settings.merge("sampling", s)


def test_full_session_without_sockets(
    qtbot: Any, make_window: Any, tmp_path: Path, artifacts_dir: Path, no_sockets: list[Any]
) -> None:
    window = make_window()
    qtbot.waitExposed(window)
    chat = window.show_page("chat")
    wait_loaded(qtbot, window)
    _short_answers(window, max_tokens=120)

    # 1. send, watch text stream in, stop mid-answer
    chat.input.setPlainText(QUESTION)
    chat.send_button.click()
    assert chat.request is not None
    assert not chat.send_button.isEnabled() and chat.stop_button.isEnabled()
    qtbot.waitUntil(lambda: len(chat.stream_text) > 20, timeout=60_000)
    qtbot.waitUntil(lambda: chat.transcript.render_count >= 2, timeout=10_000)
    assert QUESTION in chat.transcript.toPlainText()
    first_word = chat.stream_text.split()[0]  # streamed tokens reach the screen (it repaints
    qtbot.waitUntil(lambda: first_word in chat.transcript.toPlainText(), timeout=10_000)  # ~5/s)
    chat.stop_button.click()
    wait_idle(qtbot, chat)
    first = chat.messages[-1]
    assert first.role == "assistant" and not first.complete  # cancelled
    assert "(stopped)" in chat.transcript.toPlainText()
    assert "context" in window.context_bar.format() and window.context_bar.value() > 0
    assert "tok/s" in window.speed_label.text()

    # 2. regenerate: the stopped answer is replaced by a complete one
    _short_answers(window, max_tokens=24)
    chat.regen_button.click()
    wait_idle(qtbot, chat)
    assert [m.role for m in chat.messages] == ["user", "assistant"]
    answer = chat.messages[-1].text
    assert answer.strip() and chat.messages[-1].complete
    assert chat.copy_last_answer() == answer

    # 3. edit-and-resend replaces the question and its answer
    chat.edit_button.click()
    assert chat.input.toPlainText() == QUESTION
    chat.input.setPlainText(QUESTION + " Keep it brief.")
    chat.send_button.click()
    wait_idle(qtbot, chat)
    assert [m.role for m in chat.messages] == ["user", "assistant"]
    assert chat.messages[0].text.endswith("Keep it brief.")
    final_answer = chat.messages[-1].text
    window.grab().save(str(artifacts_dir / "chat.png"))
    wait_db(qtbot, window)
    conv_id = chat.conversation_id
    assert conv_id is not None
    close_window(window)

    # 4. restart on the same home: the conversation, its text, search and export
    window2 = make_window()
    chat2 = window2.show_page("chat")
    qtbot.waitUntil(lambda: chat2.conv_list.count() >= 1, timeout=30_000)
    assert any("first-line treatments" in t for t in chat2.conversation_titles())
    chat2.open_conversation(conv_id)
    qtbot.waitUntil(lambda: len(chat2.messages) == 2, timeout=30_000)
    assert chat2.messages[0].text == QUESTION + " Keep it brief."
    assert chat2.messages[1].text == final_answer
    assert "Keep it brief." in chat2.transcript.toPlainText()

    chat2.search_box.setText("pneumonia")
    chat2.search("pneumonia")
    qtbot.waitUntil(lambda: bool(getattr(chat2, "last_hits", None)), timeout=30_000)
    assert chat2.last_hits[0].conversation_id == conv_id
    assert "pneumonia" in chat2.conv_list.item(0).text().lower()

    out = tmp_path / "export.md"
    chat2.export(out)
    qtbot.waitUntil(out.exists, timeout=30_000)
    text = out.read_text(encoding="utf-8")
    assert "Keep it brief." in text
    assert final_answer.strip()[:40] in text
    assert no_sockets == []


def test_stream_is_persisted_while_generating(qtbot: Any, make_window: Any) -> None:
    """The question is saved at once; the streamed answer reaches the DB before it ends."""
    window = make_window()
    chat = window.show_page("chat")
    wait_loaded(qtbot, window)
    _short_answers(window, max_tokens=400)
    chat.send("List the causes of acute kidney injury, with one line on each.")
    qtbot.waitUntil(lambda: chat.conversation_id is not None, timeout=30_000)
    store = window.ctx.history
    qtbot.waitUntil(
        lambda: any(m.role == "user" for m in store.get_messages(chat.conversation_id)),
        timeout=10_000,
    )

    # While the answer streams, committed text appears in the database (flushed every second).
    def committed_row() -> tuple[str, bool] | None:
        with store.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT text, complete FROM messages WHERE role='assistant' "
                    "ORDER BY id DESC LIMIT 1"
                )
            ).first()
        return (row[0], bool(row[1])) if row and row[0] else None

    seen: dict[str, Any] = {}

    def committed_mid_stream() -> bool:
        # Runs on the GUI thread between events: chat.request cannot change during this call,
        # and the final save is queued only after the request has ended.
        row = committed_row()
        if row is not None and "row" not in seen:
            seen.update(row=row, streaming=chat.request is not None, shown=chat.stream_text)
        return row is not None

    qtbot.waitUntil(committed_mid_stream, timeout=60_000)
    chat.stop()
    wait_idle(qtbot, chat)
    assert seen["streaming"], "the answer ended before any of it reached the database"
    partial, complete = seen["row"]
    assert not complete  # saved as an unfinished answer while streaming
    assert seen["shown"].startswith(partial)  # what was saved had been shown
    wait_db(qtbot, window)
    saved = store.get_messages(chat.conversation_id)
    assert [m.role for m in saved] == ["user", "assistant"]
    assert saved[1].text == chat.messages[-1].text
    assert saved[1].text.startswith(partial)

    # A red-flag presentation: emergency advice above the answer, saved with it.
    _short_answers(window, max_tokens=8)
    chat.new_conversation()
    chat.send("My father has crushing chest pain spreading to his left arm and is sweating")
    wait_idle(qtbot, chat)
    shown = chat.transcript.toPlainText()
    advice = shown.index("call your local emergency number")
    assert advice < shown.index("Assistant")  # the notice comes before the model's answer
    wait_db(qtbot, window)
    saved = store.get_messages(chat.conversation_id)
    assert saved[1].text.startswith("Possible emergency.")
    assert saved[1].stats["notice_kind"] == "emergency"
    assert "acute_coronary_syndrome" in saved[1].stats["red_flags"]

    # A dose question without weight/renal function: the missing details are asked for.
    chat.new_conversation()
    chat.send("What dose of amoxicillin should I give?")
    wait_idle(qtbot, chat)
    assert "body weight" in chat.transcript.toPlainText()
