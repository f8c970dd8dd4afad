"""Models page: one renamable model identity, duplicates refused, the model in use kept."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from desktop.engine import SamplingSettings
from models.default_model import DEFAULT_MODEL_ID
from tests.ui.conftest import open_page, wait_db, wait_idle


def test_identity_rename_duplicate_and_in_use(
    qtbot: Any, make_window: Any, tmp_path: Path, default_model_path: Path, artifacts_dir: Path
) -> None:
    window, page = open_page(qtbot, make_window, "models")
    qtbot.waitUntil(lambda: len(page.rows) == 1, timeout=30_000)
    registry = window.ctx.registry

    # the same bytes as an installed model: refused with a message, nothing copied
    same = tmp_path / "same-as-default.gguf"
    shutil.copyfile(default_model_path, same)
    page.import_file(same)
    qtbot.waitUntil(lambda: page.task is None, timeout=120_000)
    assert page.last_error is None
    assert "already installed" in page.status.text() and "nothing was copied" in page.status.text()
    assert list(registry.models_dir.glob("*.gguf")) == [] and len(registry.list()) == 1

    # one identity: the registry's id in history, its (renamed) name on every page
    qtbot.waitUntil(lambda: window.ctx.bridge.identity is not None, timeout=30_000)
    assert window.ctx.bridge.model_id == DEFAULT_MODEL_ID
    page.rename(page.rows[0].entry, "Ward assistant")
    qtbot.waitUntil(lambda: "Renamed" in page.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: "Ward assistant" in window.model_status.text(), timeout=30_000)
    assert "Smollm2 135M 8k" not in window.model_status.text()  # not GGUF general.name
    assert "Ward assistant" in page.table.item(0, 0).text()
    assert "Ward assistant" in page.active_label.text()
    window.grab().save(str(artifacts_dir / "models_renamed.png"))
    chat = window.show_page("chat")
    window.ctx.settings.merge("sampling", SamplingSettings(max_tokens=4, seed=1).to_dict())
    chat.send("Hello")
    wait_idle(qtbot, chat)
    wait_db(qtbot, window)
    conv = window.ctx.history.get_conversation(chat.conversation_id)
    assert conv.model_id == DEFAULT_MODEL_ID

    # the model in use cannot be removed
    other = tmp_path / "other.gguf"
    shutil.copyfile(default_model_path, other)
    with other.open("ab") as fh:
        fh.write(b"\0" * 32)  # distinct bytes
    window.show_page("models")
    page.import_file(other)
    qtbot.waitUntil(lambda: page.task is None and len(page.rows) == 2, timeout=120_000)
    imported = page.rows[1].entry
    page.switch_to(imported)
    qtbot.waitUntil(
        lambda: window.ctx.bridge.is_loaded and window.ctx.bridge.model_id == imported.id,
        timeout=120_000,
    )
    page.table.selectRow(1)
    page.remove_selected()
    assert "in use" in page.status.text()
    assert Path(imported.path).is_file() and len(registry.list()) == 2
