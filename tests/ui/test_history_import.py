"""Chat → Import…: a JSON export comes back as conversations; a bad file changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.ui.conftest import wait_db

REPO = Path(__file__).resolve().parents[2]
NO_MODEL = REPO / "no-model-for-this-test.gguf"  # the import needs no model


def test_import_json_from_the_chat_page(
    qtbot: Any, make_window: Any, tmp_path: Path, artifacts_dir: Path
) -> None:
    window = make_window(str(NO_MODEL))
    page = window.show_page("chat")
    history = window.ctx.history
    conv = history.create_conversation(title="Sepsis bundle review")
    history.add_user_message(conv.id, "What is in the sepsis six?")
    history.add_message(conv.id, "assistant", "Oxygen, cultures, antibiotics, fluids, …")
    export = tmp_path / "sepsis.json"
    history.write_export(export, fmt="json", conversation_id=conv.id)
    history.delete_conversation(conv.id)
    wait_db(qtbot, window)

    page.import_history(export)
    qtbot.waitUntil(lambda: "Sepsis bundle review" in page.conversation_titles(), timeout=30_000)
    (imported,) = history.list_conversations()
    texts = [m.text for m in history.get_messages(imported.id)]
    assert texts == ["What is in the sepsis six?", "Oxygen, cultures, antibiotics, fluids, …"]
    assert "Imported 1 conversation" in window.statusBar().currentMessage()

    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({"conversations": [{"title": "x", "messages": "nope"}]}))
    page.import_history(bad)
    qtbot.waitUntil(lambda: getattr(page, "import_error_box", None) is not None, timeout=30_000)
    box = page.import_error_box
    assert box.isVisible() and "broken.json could not be imported" in box.text()
    assert "Nothing was changed" in box.text()
    assert len(history.list_conversations()) == 1
    window.resize(1100, 700)
    qtbot.wait(50)
    window.grab().save(str(artifacts_dir / "chat_import.png"))
    box.grab().save(str(artifacts_dir / "chat_import_error.png"))
