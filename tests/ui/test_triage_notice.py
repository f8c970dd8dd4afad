"""Chat shows the triage result (level, reasons, advice) above the answer, on the real model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.engine import SamplingSettings
from tests.ui.conftest import open_page, wait_db, wait_idle


def test_triage_reasons_shown_before_the_answer(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window, chat = open_page(qtbot, make_window, "chat")
    s = SamplingSettings(temperature=0.3, max_tokens=4, seed=7).to_dict()
    window.ctx.settings.merge("sampling", s)

    # vitals only, no diagnosis named: sepsis / NEWS2 with the values that fired
    chat.send("HR 128, BP 82/45, RR 28, T 39.4, new confusion")
    qtbot.waitUntil(lambda: "Possible sepsis" in chat.transcript.toPlainText(), timeout=10_000)
    chat.stop()  # the notice is shown before the model answers; no need to wait for it
    wait_idle(qtbot, chat)
    shown = chat.transcript.toPlainText()
    assert shown.index("Possible sepsis") < shown.index("Assistant")
    assert "qSOFA 3" in shown and "NEWS2" in shown and "Why:" in shown
    window.grab().save(str(artifacts_dir / "chat_triage_emergency.png"))

    # urgent today (a transient episode): amber notice with its reason, no emergency header
    chat.new_conversation()
    chat.send("yesterday my hand went numb for 10 minutes but it all went back to normal")
    qtbot.waitUntil(lambda: "24 hours" in chat.transcript.toPlainText(), timeout=10_000)
    chat.stop()
    wait_idle(qtbot, chat)
    shown = chat.transcript.toPlainText()
    assert "Needs medical assessment today" in shown and "Possible emergency" not in shown
    assert shown.index("24 hours") < shown.index("Assistant")
    wait_db(qtbot, window)
    saved = window.ctx.history.get_messages(chat.conversation_id)
    assert saved[1].stats["notice_kind"] == "context"
    window.grab().save(str(artifacts_dir / "chat_triage_urgent.png"))

    # no rule matches, the learned backstop does: its own label, its score and the words shown
    chat.new_conversation()
    chat.send(
        "my grandad keeps going grey and clammy and now he wont answer us properly, "
        "hes breathing really strange and slow"
    )
    qtbot.waitUntil(lambda: "Reads like an emergency" in chat.transcript.toPlainText(),
                    timeout=10_000)  # fmt: skip
    chat.stop()
    wait_idle(qtbot, chat)
    shown = chat.transcript.toPlainText()
    assert shown.index("Reads like an emergency") < shown.index("Assistant")
    assert "no specific rule matched" in shown and "learned check" in shown
    window.grab().save(str(artifacts_dir / "chat_triage_backstop.png"))
