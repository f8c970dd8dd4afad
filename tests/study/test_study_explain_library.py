"""Study review: "Explain from my library" on the real default model and a real library with a
PDF written here — the cards point to the right page; an uncovered question gets the notice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from sqlalchemy import select

from desktop.engine import EngineConfig, SamplingSettings
from desktop.explain.setting import explain_from_library
from desktop.library import import_paths
from desktop.study.tables import StudyExplanation
from tests.explain.guide import TITLE, plain_text_bank, write_guide
from tests.study.test_study_page import check_banks, settle, shot

DB_TIMEOUT = 30_000
MODEL_TIMEOUT = 180_000


@pytest.fixture
def page(qtbot: Any, tmp_home: Path) -> Iterator[Any]:
    from desktop.ui.context import AppContext
    from desktop.ui.study import create_page

    ctx = AppContext(home=tmp_home)
    widget = create_page(ctx)
    widget.resize(1200, 820)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.on_close()
    ctx.shutdown()


def _explain(qtbot: Any, page: Any, saved_before: int) -> None:
    panel = page.review.panel
    panel.explain_button.click()
    assert page.explain_request is not None and panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: page.explain_request is None, timeout=MODEL_TIMEOUT)
    qtbot.waitUntil(
        lambda: getattr(page, "explanations_saved", 0) == saved_before + 1, timeout=DB_TIMEOUT
    )


def test_review_explanation_from_the_library(
    qtbot: Any, page: Any, default_model_path: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    page.ctx.bridge.load(
        EngineConfig(model_path=str(default_model_path), n_ctx=2048, n_threads=1, seed=3)
    )
    page.explain_sampling = SamplingSettings(temperature=0.0, max_tokens=40, seed=3)
    pdf = write_guide(tmp_path)
    imported: list[Any] = []
    page.ctx.run_db(lambda: import_paths(page.ctx.library, [pdf]), imported.append)
    page.on_shown()
    qtbot.waitUntil(lambda: bool(imported) and page.home.banks.count() == 1, timeout=DB_TIMEOUT)
    page.import_path(plain_text_bank(tmp_path / "guide_questions.txt"), "Library check")
    qtbot.waitUntil(lambda: page.import_task is None, timeout=DB_TIMEOUT)
    assert page.last_import.n_imported == 2
    qtbot.waitUntil(lambda: page.home.banks.count() == 2, timeout=DB_TIMEOUT)
    check_banks(page, ["Library check"])
    home = page.home
    home.size.setValue(2)
    home.order.setCurrentIndex(home.order.findData("sequential"))
    settle(qtbot, page)
    page.start_block(home.spec())
    qtbot.waitUntil(lambda: page.session is not None, timeout=DB_TIMEOUT)
    session = page.session
    for index, wrong in enumerate(("D", "B")):  # both answered wrongly
        qtbot.waitUntil(lambda index=index: session.index == index, timeout=DB_TIMEOUT)
        page.answer(wrong)
        qtbot.waitUntil(lambda: session.current.revealed, timeout=DB_TIMEOUT)
        page.go(+1)
    page.end_block()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.review, timeout=DB_TIMEOUT)
    qtbot.waitUntil(lambda: page.ctx.bridge.is_loaded, timeout=MODEL_TIMEOUT)
    review, panel = page.review, page.review.panel
    assert "haemodialysis" in review.current_item.question.stem
    assert [it.selected for it in session.items] == ["D", "B"]

    assert not panel.library_toggle.isChecked()
    panel.library_toggle.setChecked(True)
    assert explain_from_library(page.ctx.settings)
    _explain(qtbot, page, 0)
    sources = panel.sources_view.sources
    assert sources and sources[0].where == f"{TITLE}, p. 2"
    assert f"{TITLE}, p. 2" in panel.sources_view.toPlainText()
    shown = panel.model_text.toPlainText()
    assert shown.strip()
    assert {int(n) for n in re.findall(r"\[(\d+)\]", shown)} <= {s.number for s in sources}
    opened: list[QUrl] = []
    panel.sources_view.source_opener = opened.append
    match = re.search(r'href="([^"]+)"', panel.sources_view.toHtml())
    assert match is not None
    panel.sources_view.anchorClicked.emit(QUrl(match.group(1).replace("&amp;", "&")))
    assert opened[0].toLocalFile() == str(pdf.resolve()) and opened[0].fragment() == "page=2"
    qid = review.current_item.question.id
    with page.store.session() as s:
        saved = s.scalar(select(StudyExplanation).where(StudyExplanation.question_id == qid))
    assert saved is not None and saved.text.startswith(shown.strip()[:30])
    assert saved.text.endswith(f"Sources (your library): [1] {TITLE}, p. 2")
    shot(page, artifacts_dir, "explain_library")

    review.items.setCurrentRow(1)  # the nerve question: nothing in the library
    qtbot.waitUntil(lambda: "humerus" in review.current_item.question.stem, timeout=DB_TIMEOUT)
    settle(qtbot, page)
    assert not panel.sources_view.isVisible()  # the previous cards went with their question
    _explain(qtbot, page, 1)
    assert panel.sources_view.sources == ()
    assert "Not found in your library" in panel.sources_view.toPlainText()
    assert "not backed by your library" in panel.sources_view.toPlainText()
    assert panel.model_text.toPlainText().strip()
    shot(page, artifacts_dir, "explain_not_in_library")
