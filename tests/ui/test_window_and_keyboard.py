"""Window size, text size, kept geometry, menus and shortcuts, examples, speed notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.engine import GenerationResult, SamplingSettings
from desktop.ui.chat.examples import EXAMPLES
from desktop.ui.window_state import apply_font_size
from tests.ui.conftest import close_window, wait_db, wait_idle, wait_loaded


def test_small_screens_fit_and_geometry_and_text_size_persist(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window = make_window()
    qtbot.waitExposed(window)
    pages = window.ensure_all_pages()
    assert window.minimumSize().width() <= 1024 and window.minimumSize().height() <= 700
    for width, height in ((1024, 700), (1280, 720)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width, h=height: window.size().toTuple() == (w, h), timeout=5000)
        for name, page in pages.items():
            window.show_page(name)
            qtbot.wait(20)  # lay the tab out at this size
            slot = page.parentWidget()
            hint = page.minimumSizeHint()
            assert hint.width() <= slot.width() and hint.height() <= slot.height(), name
    window.show_page("models")
    window.grab().save(str(artifacts_dir / "window_1280x720_models.png"))

    # the transcript keeps readable lines on a wide screen
    window.resize(1920, 1080)
    chat = window.show_page("chat")
    qtbot.waitUntil(lambda: window.width() == 1920, timeout=5000)
    assert chat.transcript.viewport().width() <= chat.transcript.max_text_width() + 2

    # text size: applied to every page at once and kept
    settings = window.show_page("settings")
    settings.appearance.font_size.setValue(15)
    assert QApplication.font().pointSize() == 15
    qtbot.waitUntil(lambda: chat.transcript.font().pointSize() == 15, timeout=5000)
    assert pages["models"].font().pointSize() == 15 and pages["mcq"].font().pointSize() == 15
    window.resize(1100, 720)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1100, 720), timeout=5000)
    close_window(window)
    apply_font_size(None)  # as a fresh process would start
    assert QApplication.font().pointSize() != 15

    again = make_window()
    qtbot.waitExposed(again)
    try:
        assert again.size().toTuple() == (1100, 720)  # geometry restored
        assert QApplication.font().pointSize() == 15  # text size restored
        assert again.show_page("settings").appearance.font_size.value() == 15
    finally:
        again.ctx.settings.merge("ui", {"font_size": None})
        apply_font_size(None)


def test_menus_shortcuts_examples_search_and_speed_notice(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window = make_window()
    chat = window.show_page("chat")
    wait_loaded(qtbot, window)
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "Chat", "View"]
    actions = window.actions_by_name
    assert actions["New chat"].shortcut().toString() == "Ctrl+N"
    assert actions["Find in conversations"].shortcut().toString() == "Ctrl+F"
    assert actions["Stop answering"].shortcut().toString() == "Esc"

    # a new empty chat offers examples; one click puts it in the composer
    assert chat.examples.isVisible() and not chat.transcript.isVisible()
    window.grab().save(str(artifacts_dir / "chat_examples.png"))
    chat.examples.buttons[1].linkActivated.emit("1")  # what a click on the link does
    assert chat.input.toPlainText() == EXAMPLES[1]

    window.ctx.settings.merge("sampling", SamplingSettings(max_tokens=400, seed=2).to_dict())
    chat.input.setPlainText("Name the causes of pneumonia in adults, one line each.")
    chat.send_from_input()
    qtbot.waitUntil(lambda: len(chat.stream_text) > 10, timeout=60_000)
    assert not chat.examples.isVisible() and chat.transcript.isVisible()
    actions["Stop answering"].trigger()  # Esc
    wait_idle(qtbot, chat)
    assert not chat.messages[-1].complete and "(stopped)" in chat.transcript.toPlainText()
    wait_db(qtbot, window)
    first_id = chat.conversation_id

    actions["New chat"].trigger()  # Ctrl+N
    assert chat.conversation_id is None and chat.examples.isVisible()
    actions["Find in conversations"].trigger()  # Ctrl+F
    assert chat.search_box.hasFocus() or QApplication.focusWidget() is chat.search_box
    chat.search_box.setText("pneumonia")  # no Enter: search as you type
    qtbot.waitUntil(lambda: bool(getattr(chat, "last_hits", None)), timeout=30_000)
    assert chat.last_hits[0].conversation_id == first_id
    chat.search_box.clear()

    # a collapsed speed is explained with what to do (after a normal answer set the baseline)
    chat.open_conversation(first_id)
    qtbot.waitUntil(lambda: chat.conversation_id == first_id, timeout=30_000)
    window.ctx.settings.merge("sampling", SamplingSettings(max_tokens=24, seed=2).to_dict())
    chat.regenerate()
    wait_idle(qtbot, chat)
    normal = chat.speed_watch.best[window.ctx.bridge.config.model_path]
    assert normal > 0 and chat.speed_notice.isHidden()
    slow = GenerationResult("x", "stop", 10, 0, 40, 0.1, 39 / (normal * 0.05), 4096, 0)
    chat._check_speed(slow)
    assert chat.speed_notice.isVisible() and "slower than usual" in chat.speed_notice.text()
    assert "Close" in chat.speed_notice.text()
    window.grab().save(str(artifacts_dir / "chat_speed_notice.png"))
    qtbot.keyClick(chat.input, Qt.Key.Key_A)  # the composer still takes input
    assert chat.input.toPlainText().endswith("a")


def test_dark_mode_palette_and_transcript_colours(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    """The dark scheme as applied when the system is dark (offscreen Qt cannot switch its
    colour-scheme hint, so the scheme is passed in; the window follows is_dark() at start)."""
    from PySide6.QtGui import QPalette

    from desktop.ui.chat import render
    from desktop.ui.color_scheme import apply_color_scheme, is_dark

    window = make_window()
    chat = window.show_page("chat")
    assert not is_dark() and render.ROLE_COLORS == render.LIGHT_ROLE_COLORS
    light = QApplication.palette().color(QPalette.ColorRole.Base).lightness()
    try:
        assert apply_color_scheme(dark=True)
        assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 60
        qtbot.waitUntil(  # widgets get the new palette through Qt's change events
            lambda: chat.transcript.palette().color(QPalette.ColorRole.Base).lightness() < 60,
            timeout=5000,
        )
        assert render.ROLE_COLORS == render.DARK_ROLE_COLORS
        chat.transcript.show_messages(
            [
                render.message_html("user", "Dark question"),
                render.message_html("assistant", "Dark text", "(stopped)"),
            ]
        )
        chat.examples.hide()
        chat.transcript.show()
        window.grab().save(str(artifacts_dir / "chat_dark.png"))
    finally:
        apply_color_scheme(dark=False)
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() == light
    assert render.ROLE_COLORS == render.LIGHT_ROLE_COLORS
