"""Model manager: a vocabulary-only GGUF is refused in plain words, nothing is imported."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from models.registry import ModelEntry
from tests.ui.conftest import open_page

REPO = Path(__file__).resolve().parents[2]
VOCAB = (
    REPO / ".." / "shared" / "peer" / "llama.cpp" / "models" / "ggml-vocab-qwen2.gguf"
).resolve()


def test_model_manager_refuses_a_vocab_only_gguf(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window, page = open_page(qtbot, make_window, "models")
    qtbot.waitUntil(lambda: len(page.rows) >= 1, timeout=30_000)
    registry = window.ctx.registry
    before = [e.id for e in registry.list()]
    files_before = sorted(p.name for p in registry.models_dir.iterdir())

    page.import_file(VOCAB)
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=30_000)
    assert page.last_error.startswith("ggml-vocab-qwen2.gguf is not a usable model")
    assert "no weights" in page.last_error and "vocabulary-only" in page.last_error
    assert page.error_box is not None and page.error_box.isVisible()
    assert page.error_box.windowTitle() == "Nothing was imported"
    assert "tokenizer of a qwen2 model" in page.error_box.text()
    assert page.import_button.isEnabled() and not page.progress.isVisible()
    qtbot.wait(100)  # let the layout take the wrapped status line
    window.grab().save(str(artifacts_dir / "models-not-a-model.png"))
    page.error_box.grab().save(str(artifacts_dir / "models-not-a-model-dialog.png"))
    page.error_box.close()
    assert [e.id for e in registry.list()] == before
    assert sorted(p.name for p in registry.models_dir.iterdir()) == files_before
    assert window.ctx.bridge.is_loaded  # the active model is untouched

    # An entry that an older version let in is shown with the reason, not a memory estimate.
    old = ModelEntry(
        id="qwen2-vocab", name="Qwen2 vocab", path=str(VOCAB), sha256="0" * 64, imported_at=0.0
    )
    registry.index_path.write_text(json.dumps([asdict(old)]), encoding="utf-8")
    page.refresh()
    # reading a 151k-token vocabulary's metadata takes tens of seconds on a loaded 2-core machine
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=120_000)
    assert page.rows[1].info is None
    assert "not a usable model" in page.rows[1].error
    assert "not a usable model" in page.table.item(1, 6).text()
