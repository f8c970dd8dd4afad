"""A damaged history database is set aside at start-up and the window tells the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.conftest import wait_db


def test_corrupt_database_is_quarantined_and_reported(
    qtbot: Any, make_window: Any, tmp_home: Path
) -> None:
    from desktop.ui.context import DB_FILE

    tmp_home.mkdir(parents=True, exist_ok=True)
    db = tmp_home / DB_FILE
    db.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 4000)  # header, then garbage
    window = make_window()
    qtbot.waitUntil(lambda: window.database_messages is not None, timeout=60_000)
    wait_db(qtbot, window)
    assert any("damaged" in m for m in window.database_messages)
    quarantined = list(tmp_home.glob(DB_FILE + ".corrupt-*"))
    assert len(quarantined) == 1 and quarantined[0].read_bytes()[16:18] == b"\xde\xad"
    # A fresh, working database took its place.
    conversation = window.ctx.history.create_conversation(title="after recovery")
    assert window.ctx.history.get_conversation(conversation.id).title == "after recovery"
    from PySide6.QtWidgets import QMessageBox

    notice = window.findChild(QMessageBox, "database_notice")
    assert notice is not None and notice.isVisible()
    assert str(quarantined[0]) in notice.text()
