"""MCQ page: "Explain from my library" on the real default model and a real library holding a
PDF written here — source cards to the right page, or the plain "not found" notice."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl

from desktop.engine import SamplingSettings
from desktop.explain.library import NOT_IN_LIBRARY
from desktop.explain.setting import explain_from_library
from desktop.library import import_paths
from desktop.settings_store import SettingsStore
from tests.explain.guide import (
    OPTIONS,
    STEM,
    TITLE,
    UNCOVERED_OPTIONS,
    UNCOVERED_STEM,
    pasted,
    write_guide,
)
from tests.ui.conftest import close_window, wait_db, wait_loaded

TIMEOUT = 120_000


def _href(html: str) -> QUrl:
    match = re.search(r'href="([^"]+)"', html)
    assert match is not None
    return QUrl(match.group(1).replace("&amp;", "&"))


def _answer_and_explain(qtbot: Any, page: Any, text: str) -> None:
    page.question_edit.setPlainText(text)
    page.set_method("letter")
    page.run()
    qtbot.waitUntil(lambda: not page._busy and page.saved_answer is not None, timeout=TIMEOUT)
    page.explain_button.click()
    qtbot.waitUntil(lambda: page.explain_request is None, timeout=TIMEOUT)


def test_mcq_explanation_from_the_library(
    qtbot: Any, make_window: Any, tmp_home: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    settings = SettingsStore(tmp_home)  # one thread, short explanations
    settings.update("engine", n_threads=1, n_ctx=2048)
    settings.set_sampling(SamplingSettings(temperature=0.0, max_tokens=40, seed=7))
    window = make_window()
    page = window.show_page("mcq")
    wait_loaded(qtbot, window)
    pdf = write_guide(tmp_path)
    imported: list[Any] = []
    window.ctx.run_db(lambda: import_paths(window.ctx.library, [pdf]), imported.append)
    qtbot.waitUntil(lambda: bool(imported), timeout=60_000)
    assert len(imported[0].added) == 1

    assert not page.library_toggle.isChecked()  # off by default
    page.library_toggle.setChecked(True)
    assert explain_from_library(window.ctx.settings)

    # covered: every option of this question is on page 2, so whatever the model picks
    _answer_and_explain(qtbot, page, pasted(STEM, OPTIONS))
    assert page.explanation.strip()
    sources = page.sources_view.sources
    assert sources and sources[0].where == f"{TITLE}, p. 2"
    shown = page.sources_view.toPlainText()
    assert "Sources" in shown and f"{TITLE}, p. 2" in shown
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", page.explanation)}
    assert cited <= {s.number for s in sources}  # no marker naming a passage not given
    opened: list[QUrl] = []
    page.sources_view.source_opener = opened.append
    page.sources_view.anchorClicked.emit(_href(page.sources_view.toHtml()))
    assert opened[0].toLocalFile() == str(pdf.resolve()) and opened[0].fragment() == "page=2"
    wait_db(qtbot, window)
    answer_id = page.saved_answer[0]
    saved = window.ctx.history.get_message(answer_id)
    assert page.explanation.strip()[:30] in saved.text
    assert [(s.title, s.page) for s in saved.sources][:1] == [(TITLE, 2)]
    window.resize(1180, 780)
    window.grab().save(str(artifacts_dir / "mcq_explain_library.png"))

    # nothing relevant: said plainly, explained without sources, and saved so
    _answer_and_explain(qtbot, page, pasted(UNCOVERED_STEM, UNCOVERED_OPTIONS))
    assert page.explanation.strip() and page.sources_view.sources == ()
    assert "Not found in your library" in page.sources_view.toPlainText()
    assert page.sources_view.isVisible()
    wait_db(qtbot, window)
    saved = window.ctx.history.get_message(page.saved_answer[0])
    assert NOT_IN_LIBRARY in saved.text and saved.sources == ()
    window.grab().save(str(artifacts_dir / "mcq_explain_not_in_library.png"))
    window.ensure_all_pages()
    close_window(window)
