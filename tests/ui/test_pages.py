"""Model manager, settings, MCQ and first-run screens on the real default model (with screenshots)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

from desktop.ui.mcq.page import EXAMPLE
from models.checksum import sha256_file
from tests.ui.conftest import close_window, open_page, wait_db, wait_loaded


def test_model_manager_import_switch_and_reject(
    qtbot: Any, make_window: Any, tmp_path: Path, default_model_path: Path, artifacts_dir: Path
) -> None:
    window, page = open_page(qtbot, make_window, "models")
    qtbot.waitUntil(lambda: len(page.rows) >= 1, timeout=30_000)
    row = page.rows[0]
    assert row.entry.builtin and row.info.architecture == "llama"
    assert page.table.item(0, 1).text() == "llama"
    assert "MiB" in page.table.item(0, 6).text()  # RAM estimate at the configured context

    # a non-GGUF file: clear error, nothing imported, active model unchanged
    bad = tmp_path / "notes.gguf"
    bad.write_text("patient list, definitely not a model\n", encoding="utf-8")
    before = [e.id for e in window.ctx.registry.list()]
    page.import_file(bad)
    qtbot.waitUntil(lambda: page.last_error is not None, timeout=30_000)
    assert "not a GGUF" in page.last_error
    assert page.error_box is not None and page.error_box.isVisible()
    assert "not a GGUF" in page.error_box.text()
    page.error_box.close()
    assert [e.id for e in window.ctx.registry.list()] == before
    assert window.ctx.bridge.config.model_path == str(default_model_path)

    # a real GGUF copy: imported with its checksum, then switched to without restarting
    # (issue 13: an identical copy is refused as already installed, so these bytes differ:
    # llama.cpp ignores the padding after the tensor data)
    copy = tmp_path / "copy-of-default.gguf"
    shutil.copyfile(default_model_path, copy)
    with copy.open("ab") as fh:
        fh.write(b"\0" * 32)
    page.import_file(copy)
    qtbot.waitUntil(lambda: page.task is None and page.last_error is None, timeout=120_000)
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=30_000)
    imported = page.rows[1].entry
    assert not imported.builtin and Path(imported.path).parent == window.ctx.registry.models_dir
    assert imported.sha256 == sha256_file(copy)  # checksum recorded
    page.table.selectRow(1)
    page.switch_selected()
    qtbot.waitUntil(
        lambda: (
            window.ctx.bridge.is_loaded and window.ctx.bridge.config.model_path == imported.path
        ),
        timeout=120_000,
    )
    qtbot.waitUntil(lambda: "●" in page.table.item(1, 0).text(), timeout=30_000)
    assert window.ctx.settings.get("app")["model_path"] == imported.path
    window.grab().save(str(artifacts_dir / "models.png"))


def test_model_manager_makes_a_faster_copy(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window, page = open_page(qtbot, make_window, "models")
    qtbot.waitUntil(lambda: len(page.rows) >= 1 and page.rows[0].info is not None, timeout=30_000)
    values: list[int] = []
    page.progress.valueChanged.connect(values.append)
    page.table.selectRow(0)
    page.fast_button.click()
    assert not page.fast_button.isEnabled() and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: page.task is None, timeout=240_000)
    assert page.last_error is None, page.last_error
    qtbot.waitUntil(lambda: len(page.rows) == 2, timeout=30_000)
    copy = page.rows[1]
    assert copy.info.quantization == "Q8_0" and "(Q8_0)" in copy.entry.name
    assert Path(copy.entry.path).parent == window.ctx.registry.models_dir
    assert "prompt processing" in page.status.text() and "mean KL" in page.status.text()
    assert values and max(values) == 1000 and values == sorted(values)  # the bar moved forward
    window.grab().save(str(artifacts_dir / "models_fast_copy.png"))

    page.table.selectRow(1)  # already Q8_0: said so, nothing started
    page.fast_button.click()
    assert page.task is None and "already Q8_0" in page.status.text()


def test_settings_persist_and_first_run(qtbot: Any, make_window: Any, artifacts_dir: Path) -> None:
    window = make_window(first_run=True)
    qtbot.waitUntil(lambda: getattr(window, "first_run", None) is not None, timeout=10_000)
    dialog = window.first_run
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    assert "offline" in dialog.findChildren(type(dialog.status))[0].text().lower()
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: "ready" in dialog.status.text(), timeout=10_000)
    dialog.grab().save(str(artifacts_dir / "first_run.png"))
    dialog.accept()
    assert window.ctx.settings.get("app")["first_run_done"] is True

    page = window.show_page("settings")
    page.temperature.setValue(0.55)
    page.top_k.setValue(20)
    page.max_tokens.setValue(300)
    page.n_ctx.setValue(2048)
    page.n_threads.setValue(1)
    assert page.save() is True  # engine options changed: the model reloads
    qtbot.waitUntil(
        lambda: window.ctx.bridge.is_loaded and window.ctx.bridge.config.n_ctx == 2048,
        timeout=120_000,
    )
    n_ctx = window.ctx.bridge.submit(lambda engine: engine.n_ctx).result(timeout=60)
    assert n_ctx == 2048
    assert page.save() is False  # unchanged engine options: no reload
    window.grab().save(str(artifacts_dir / "settings.png"))
    close_window(window)

    window2 = make_window(first_run=True)
    page2 = window2.show_page("settings")
    assert math.isclose(page2.temperature.value(), 0.55)
    assert page2.top_k.value() == 20 and page2.max_tokens.value() == 300
    assert page2.n_ctx.value() == 2048 and page2.n_threads.value() == 1
    sampling = window2.ctx.sampling()
    assert math.isclose(sampling.temperature, 0.55) and sampling.max_tokens == 300
    wait_loaded(qtbot, window2)
    assert window2.ctx.bridge.config.n_ctx == 2048
    assert getattr(window2, "first_run", None) is None  # shown once only


def test_mcq_probability_bars_explain_and_history(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    window, page = open_page(qtbot, make_window, "mcq")

    page.question_edit.setPlainText("Blood pressure")  # no options: clear message, no crash
    page.run()
    assert page.error and "at least two options" in page.error

    page.question_edit.setPlainText(EXAMPLE)
    page.set_method("letter")
    page.answer_button.click()
    qtbot.waitUntil(lambda: page.result is not None or page.error is not None, timeout=60_000)
    assert page.result is not None, page.error
    result = page.result
    assert result.choice in "ABCDE"
    assert math.isclose(sum(result.probabilities.values()), 1.0, rel_tol=1e-6)
    assert set(page.bars) == set("ABCDE")
    for label, bar in page.bars.items():
        assert bar.value() == round(result.probabilities[label] * 1000)
    assert page.answer_label.text().startswith(f"Answer: {result.choice}.")

    # saved to history with the probabilities in the message stats
    qtbot.waitUntil(lambda: page.saved_conversation_id is not None, timeout=30_000)
    saved = window.ctx.history.get_messages(page.saved_conversation_id)
    assert [m.role for m in saved] == ["user", "assistant"]
    assert saved[1].stats["mcq"]["probabilities"] == result.probabilities
    chat = window.pages["chat"]
    qtbot.waitUntil(
        lambda: any(t.startswith("MCQ:") for t in chat.conversation_titles()), timeout=30_000
    )

    # yes/no/maybe labels with the log-likelihood method
    page.question_edit.setPlainText("Does regular aspirin reduce the risk of colorectal cancer?")
    page.labels_edit.setText("yes, no, maybe")
    page.set_method("loglik")
    page.run()
    qtbot.waitUntil(lambda: not page._busy, timeout=60_000)
    assert page.result.method == "loglik" and page.result.choice in ("yes", "no", "maybe")
    assert set(page.bars) == {"yes", "no", "maybe"}

    # back to the A-E question for the explanation and the screenshot
    page.labels_edit.clear()
    page.question_edit.setPlainText(EXAMPLE)
    page.set_method("letter")
    page.run()
    qtbot.waitUntil(lambda: not page._busy, timeout=60_000)
    page.explain_button.click()
    qtbot.waitUntil(lambda: len(page.explanation) > 30, timeout=60_000)
    page.stop()
    qtbot.waitUntil(lambda: page.explain_request is None, timeout=60_000)
    assert page.explain_view.toPlainText().strip()
    wait_db(qtbot, window)
    window.grab().save(str(artifacts_dir / "mcq.png"))


def test_mcq_one_entry_per_question_and_explanation_kept(
    qtbot: Any, make_window: Any, artifacts_dir: Path
) -> None:
    """Issue 13: re-answering clears the old explanation; one entry per question; it is saved."""
    window, page = open_page(qtbot, make_window, "mcq")
    page.question_edit.setPlainText(EXAMPLE)
    page.set_method("letter")
    page.run()
    qtbot.waitUntil(
        lambda: not page._busy and page.saved_conversation_id is not None, timeout=60_000
    )
    first_conv = page.saved_conversation_id
    page.explain_button.click()
    qtbot.waitUntil(
        lambda: page.explain_request is None and bool(page.explanation), timeout=120_000
    )
    explanation = page.explanation
    wait_db(qtbot, window)
    saved = window.ctx.history.get_messages(first_conv)
    assert [m.role for m in saved] == ["user", "assistant"]
    assert explanation.strip()[:40] in saved[1].text  # kept with the MCQ entry

    page.set_method("loglik")  # the same question, another method
    page.run()
    assert page.explanation == "" and not page.explain_view.toPlainText().strip()
    qtbot.waitUntil(lambda: not page._busy, timeout=60_000)
    wait_db(qtbot, window)
    assert page.saved_conversation_id == first_conv
    titles = [c.title for c in window.ctx.history.list_conversations()]
    assert len([t for t in titles if t.startswith("MCQ:")]) == 1
    saved = window.ctx.history.get_messages(first_conv)
    assert [m.role for m in saved] == ["user", "assistant"]
    assert saved[1].stats["mcq"]["method"] == "loglik"
    window.grab().save(str(artifacts_dir / "mcq_reanswered.png"))
