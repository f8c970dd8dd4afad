"""The Study tab offscreen: import, builder, tutor and timed blocks, review with the real model,
statistics with charts and export. Writes screenshots of every screen to ``artifacts_dir``."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop.engine import SamplingSettings
from desktop.study.stats import compute_stats
from desktop.study.tables import StudyBlockItem, StudyExplanation, StudyModelScore
from desktop.ui.context import AppContext
from desktop.ui.study import create_page
from desktop.ui.study.page import StudyPage

DB_TIMEOUT = 30_000
MODEL_TIMEOUT = 180_000


@pytest.fixture
def page(qtbot: Any, tmp_home: Path) -> Iterator[Any]:
    from desktop.ui.context import AppContext
    from desktop.ui.study import PAGE_TITLE, create_page

    assert PAGE_TITLE == "Study"
    ctx = AppContext(home=tmp_home)
    widget = create_page(ctx)
    widget.resize(1200, 820)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.on_close()
    ctx.shutdown()


@pytest.fixture
def open_page(qtbot: Any, tmp_home: Path) -> Callable[[], StudyPage]:
    """Opens a new Study page (its own context) on ``tmp_home``, once its bank is listed.

    Tests call it twice to check what survives closing the window; each page is closed by
    the test itself (closing is part of what they check).
    """

    def open_one() -> StudyPage:
        widget = create_page(AppContext(home=tmp_home))
        assert isinstance(widget, StudyPage)
        qtbot.addWidget(widget)
        widget.show()
        widget.on_shown()
        qtbot.waitUntil(lambda: widget.home.banks.count() == 1, timeout=DB_TIMEOUT)
        return widget

    return open_one


def wait_db(qtbot: Any, page: Any) -> None:
    done: list[bool] = []
    page.ctx.run_db(lambda: None, lambda _r: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=DB_TIMEOUT)


def settle(qtbot: Any, page: Any) -> None:
    """Let queued DB jobs and their GUI callbacks (and the count debounce) run."""
    for _ in range(2):
        wait_db(qtbot, page)
        qtbot.wait(200)


def shot(page: Any, artifacts_dir: Path, name: str) -> Path:
    path = artifacts_dir / f"study_{name}.png"
    assert page.grab().save(str(path))
    return path


def check_banks(page: Any, names: list[str]) -> None:
    home = page.home
    for i in range(home.banks.count()):
        item = home.banks.item(i)
        wanted = any(item.text().startswith(n) for n in names)
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def test_study_page_end_to_end(
    qtbot: Any, page: Any, medqa_path: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    home = page.home
    page.on_shown()  # first open: the sample bank is imported
    qtbot.waitUntil(lambda: home.banks.count() == 1, timeout=DB_TIMEOUT)
    assert home.banks.item(0).text().startswith("Sample USMLE-style questions")
    assert "21 questions imported" in home.import_report.toPlainText()

    # import the MedQA dev file in the background, then a malformed file
    page.import_path(medqa_path, "MedQA dev")
    qtbot.waitUntil(lambda: page.import_task is None, timeout=DB_TIMEOUT)
    assert page.last_import.n_imported == 273
    assert "273 questions imported into 'MedQA dev'" in home.import_report.toPlainText()
    bad = tmp_path / "broken.jsonl"
    rows = [
        {
            "question": "Which electrolyte causes peaked T waves?",
            "options": {"A": "K+", "B": "Na+"},
            "answer": "A",
            "subject": "Renal",
            "step": "step1",
        },
        "{not json",
        {"question": "Options missing?", "answer": "A"},
        {"question": "Unknown letter?", "options": {"A": "x", "B": "y"}, "answer": "E"},
    ]
    bad.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    page.import_path(bad, "My notes")
    qtbot.waitUntil(lambda: page.import_task is None, timeout=DB_TIMEOUT)
    report = home.import_report.toPlainText()
    assert "1 question imported" in report and "3 rows could not be read" in report
    for line in (2, 3, 4):
        assert f"line {line}:" in report
    settle(qtbot, page)
    assert home.banks.count() == 3

    # block builder: MedQA only, tutor, 10 questions
    check_banks(page, ["MedQA dev"])
    home.size.setValue(10)
    home.seed.setValue(11)
    settle(qtbot, page)
    assert home.matching.text() == "273 matching questions"
    shot(page, artifacts_dir, "1_block_builder")
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.block, timeout=DB_TIMEOUT)
    session = page.session
    assert len(session) == 10 and not session.timed

    screen = page.block
    for i in range(10):
        q = session.current.question
        qtbot.waitUntil(lambda q=q: list(screen.option_buttons) == q.labels, timeout=DB_TIMEOUT)
        wrong = [label for label in q.labels if label != q.answer]
        if i == 0:  # strike one option with a right click, and mark the question
            qtbot.mouseClick(screen.option_buttons[wrong[-1]], Qt.MouseButton.RightButton)
            qtbot.mouseClick(screen.mark_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda w=wrong[-1]: screen.option_buttons[w].struck, timeout=DB_TIMEOUT)
        choice = q.answer if i < 7 else wrong[0]  # 7 right, 3 wrong
        if i == 1:  # keyboard: the option letter, then Enter
            screen.setFocus()
            qtbot.keyClick(screen, getattr(Qt.Key, f"Key_{choice}"))
            qtbot.waitUntil(lambda c=choice: session.current.selected == c, timeout=DB_TIMEOUT)
            qtbot.keyClick(screen, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(screen.option_buttons[choice], Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: screen.submit_button.isEnabled(), timeout=DB_TIMEOUT)
            qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: session.current.revealed, timeout=DB_TIMEOUT)
        settle(qtbot, page)
        assert screen.panel.isVisible()
        assert screen.option_buttons[q.answer].state == "correct"
        if i == 7:
            assert screen.option_buttons[choice].state == "wrong"
            assert "Incorrect" in screen.panel.verdict.text()
            shot(page, artifacts_dir, "2_tutor_answer_revealed")
        if i < 9:
            qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda i=i: session.index == i + 1, timeout=DB_TIMEOUT)
    page.end_block()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.review, timeout=DB_TIMEOUT)
    assert session.score() == (7, 10, 10)
    assert "7/10 correct" in page.review.score.text()
    assert page.review.items.count() == 10
    assert session.items[0].marked and len(session.items[0].struck) == 1

    # timed block: 2 questions x 5 s, the real QTimer counts down and ends the block
    check_banks(page, ["Sample USMLE"])
    home.set_mode("timed")
    home.size.setValue(2)
    home.seconds.setValue(5)
    home.order.setCurrentIndex(home.order.findData("sequential"))
    page.show_home()
    settle(qtbot, page)
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.session is not session and page.session is not None, timeout=DB_TIMEOUT
    )
    timed = page.session
    assert timed.timed and timed.time_limit_s == 10
    q = timed.current.question
    qtbot.mouseClick(screen.option_buttons[q.answer], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timed.current.selected == q.answer, timeout=DB_TIMEOUT)
    assert not screen.panel.isVisible()  # nothing revealed during a timed block
    assert not screen.submit_button.isVisible()
    qtbot.wait(1200)
    screen.update_timer(timed)
    assert screen.timer.text().startswith("Time left 00:0")
    shot(page, artifacts_dir, "3_timed_block")
    qtbot.waitUntil(lambda: timed.finished, timeout=20_000)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.review, timeout=DB_TIMEOUT)
    assert timed.expired and timed.score() == (1, 1, 2)
    assert 9.0 <= sum(it.time_spent_s for it in timed.items) <= 10.0 + 1e-6

    # statistics: 11 answered (8 right), 1 omitted
    page.show_stats()
    qtbot.waitUntil(lambda: page.stats.stats is not None, timeout=60_000)
    stats = page.stats.stats
    assert (stats.overall.answered, stats.overall.correct, stats.omitted) == (11, 8, 1)
    assert stats.overall.accuracy == pytest.approx(8 / 11)
    store = page.store
    fresh = compute_stats(store)
    assert fresh.overall.avg_time_s == pytest.approx(stats.overall.avg_time_s)
    with store.session() as s:
        graded = s.scalar(
            select(func.count()).select_from(StudyBlockItem).where(StudyBlockItem.submitted)
        )
    assert graded == 12
    assert "72.7%" in page.stats.summary.text()
    assert not page.stats.chart.pixmap().isNull() and page.stats.chart.pixmap().width() >= 900
    shot(page, artifacts_dir, "5_stats_charts")
    page.export_stats(tmp_path / "stats.png", "png")
    page.export_stats(tmp_path / "stats.csv", "csv")
    qtbot.waitUntil(
        lambda: (tmp_path / "stats.png").exists() and (tmp_path / "stats.csv").exists(),
        timeout=DB_TIMEOUT,
    )
    qtbot.wait(300)
    assert (tmp_path / "stats.png").read_bytes()[:4] == b"\x89PNG"
    for exported in ("stats.png", "stats.csv"):  # owner-only, like every user file
        assert (tmp_path / exported).stat().st_mode & 0o777 == 0o600
    rows = list(csv.DictReader((tmp_path / "stats.csv").open()))
    assert rows[0]["answered"] == "11" and rows[0]["correct"] == "8"

    # the blocks list shows both blocks with their scores
    page.show_home()
    settle(qtbot, page)
    table = page.home.blocks
    assert table.rowCount() == 2
    assert [table.item(r, 4).text() for r in range(2)] == ["1/2 (100%)", "7/10 (70%)"]
    assert "5 due for review" not in page.status.text()  # missed items are due in 10 min
    shot(page, artifacts_dir, "6_blocks_list")


def test_review_explain_with_real_model(
    qtbot: Any, page: Any, default_model_path: Path, artifacts_dir: Path
) -> None:
    from desktop.engine import EngineConfig

    page.ctx.bridge.load(
        EngineConfig(model_path=str(default_model_path), n_ctx=2048, n_threads=1, seed=3)
    )
    page.explain_sampling = SamplingSettings(temperature=0.3, max_tokens=48, seed=3)
    page.on_shown()
    qtbot.waitUntil(lambda: page.home.banks.count() == 1, timeout=DB_TIMEOUT)
    home = page.home
    home.size.setValue(3)
    home.order.setCurrentIndex(home.order.findData("sequential"))
    settle(qtbot, page)
    page.start_block(home.spec())
    qtbot.waitUntil(lambda: page.session is not None, timeout=DB_TIMEOUT)
    session = page.session
    q = session.current.question
    wrong = next(label for label in q.labels if label != q.answer)
    page.answer(wrong)
    qtbot.waitUntil(lambda: session.current.revealed, timeout=DB_TIMEOUT)
    page.go(+1)
    qtbot.waitUntil(lambda: session.index == 1, timeout=DB_TIMEOUT)
    page.answer(session.current.question.answer)
    qtbot.waitUntil(lambda: session.current.revealed, timeout=DB_TIMEOUT)
    page.end_block()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.review, timeout=DB_TIMEOUT)
    review = page.review
    assert review.current_item.question.id == q.id
    assert review.items.item(0).text().startswith(" 1  ✗")
    qtbot.waitUntil(lambda: page.ctx.bridge.is_loaded, timeout=MODEL_TIMEOUT)

    panel = review.panel
    tokens: list[str] = []
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    assert page.explain_request is not None and panel.stop_button.isEnabled()
    page.explain_request.sig_token.connect(lambda text, _e: tokens.append(text))
    qtbot.waitUntil(lambda: page.explain_request is None, timeout=MODEL_TIMEOUT)
    qtbot.waitUntil(lambda: getattr(page, "explanations_saved", 0) == 1, timeout=DB_TIMEOUT)
    shown = panel.model_text.toPlainText()
    assert len(tokens) > 5 and len(shown) > 40
    assert "saved" in panel.model_status.text()
    with page.store.session() as s:
        saved = s.scalar(select(StudyExplanation).where(StudyExplanation.question_id == q.id))
    assert saved is not None and saved.text == shown.strip()
    assert saved.model == default_model_path.name

    qtbot.mouseClick(panel.probs_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.probabilities.bars) == len(q.labels), timeout=MODEL_TIMEOUT)
    total = sum(bar.value() for bar in panel.probabilities.bars.values())
    assert 990 <= total <= 1010  # probabilities sum to 1 (per-mille bars)
    settle(qtbot, page)
    with page.store.session() as s:
        assert s.scalar(select(func.count()).select_from(StudyModelScore)) == 1
    shot(page, artifacts_dir, "4_review_explanation")

    # a saved explanation comes back when the question is opened again
    review.items.setCurrentRow(1)
    settle(qtbot, page)
    review.items.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.model_text.toPlainText() == shown, timeout=DB_TIMEOUT)
    assert "Saved explanation" in panel.model_status.text()

    # Stop cancels a running explanation
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    page.stop_explain()
    qtbot.waitUntil(lambda: page.explain_request is None, timeout=MODEL_TIMEOUT)
    assert not panel.stop_button.isEnabled() and panel.explain_button.isEnabled()


def test_block_resumes_in_a_new_window(qtbot: Any, open_page: Callable[[], StudyPage]) -> None:
    """Suspend (or close) mid-block; a new window on the same home resumes it from the list."""
    first = open_page()
    first.home.set_mode("timed")
    first.home.size.setValue(3)
    settle(qtbot, first)
    first.start_block(first.home.spec())
    qtbot.waitUntil(lambda: first.session is not None, timeout=DB_TIMEOUT)
    session = first.session
    first.select(session.current.question.labels[2])
    first.go(+1)
    qtbot.waitUntil(lambda: session.index == 1, timeout=DB_TIMEOUT)
    first.toggle_mark()
    qtbot.waitUntil(lambda: session.current.marked, timeout=DB_TIMEOUT)
    qtbot.wait(300)
    first.on_close()  # window closing: the clock stops and the block is saved
    first.ctx.shutdown()
    left = session.remaining_s
    assert left is not None and left < 270

    second = open_page()
    table = second.home.blocks
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=DB_TIMEOUT)
    assert table.item(0, 2).text() == "in progress" and table.item(0, 3).text() == "1/3 answered"
    assert table.item(0, 4).text() == "hidden"  # no score while a timed block runs
    table.setCurrentCell(0, 0)
    qtbot.mouseClick(second.home.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.stack.currentWidget() is second.block, timeout=DB_TIMEOUT)
    resumed = second.session
    assert resumed.snapshot() == session.snapshot()
    assert resumed.index == 1 and resumed.current.marked
    assert resumed.items[0].selected == resumed.items[0].question.labels[2]
    assert second.block.title.text() == "Timed · Question 2 of 3"
    assert second.block.mark_button.isChecked()
    second.on_close()
    second.ctx.shutdown()


def test_builder_choices_survive_a_restart(
    qtbot: Any, open_page: Callable[[], StudyPage]
) -> None:
    """Issue 13: mode, size, order, seed, time and tag are as the user left them."""
    first = open_page()
    home = first.home
    home.set_mode("timed")
    home.size.setValue(7)
    home.order.setCurrentIndex(home.order.findData("sequential"))
    home.seed.setValue(42)
    home.seconds.setValue(45)
    settle(qtbot, first)
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.session is not None, timeout=DB_TIMEOUT)
    chosen = home.choices()
    first.on_close()
    first.ctx.shutdown()

    second = open_page()
    assert second.home.choices() == chosen
    assert second.home.mode.currentData() == "timed" and second.home.size.value() == 7
    second.on_close()
    second.ctx.shutdown()
