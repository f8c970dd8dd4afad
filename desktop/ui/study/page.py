"""The Study tab: wires the Qt screens to the Qt-free ``desktop.study`` logic.

All database work runs on the context's database thread (``ctx.run_db``), imports and chart
rendering on the background pool, model work on the engine thread (``ctx.bridge``). The GUI
thread only shows state and forwards clicks.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from common.tasks import CancelToken
from desktop.engine import GenerationResult, SamplingSettings, StreamEvent
from desktop.explain.library import NOT_IN_LIBRARY, cited_sources, plan_explanation, sources_footer
from desktop.explain.prompt import default_sampling, explanation_messages
from desktop.library.answer import LibraryPlan
from desktop.private_files import write_private_bytes
from desktop.questions import file_dialog_filter
from desktop.storage.encryption_setting import export_warning
from desktop.study.blocks import (
    BlockSpec,
    block_counts,
    create_block,
    list_blocks,
    matching_question_ids,
)
from desktop.study.errors import StudyError
from desktop.study.explanations import latest_explanation, save_explanation
from desktop.study.importer import ImportSummary, ensure_sample_bank, import_file
from desktop.study.session import BlockSession, ItemState
from desktop.study.srs import due_question_ids
from desktop.study.stats import StudyStats, compute_stats, export_csv
from desktop.study.store import StudyStore
from desktop.study.tables import StudyExplanation, StudyModelScore
from desktop.ui.background import BackgroundTask, call_in_gui
from desktop.ui.context import AppContext
from desktop.ui.engine_bridge import ChatRequest
from desktop.ui.explain_sources import LOOKING
from desktop.ui.study.block_screen import BlockScreen
from desktop.ui.study.home_screen import HomeScreen
from desktop.ui.study.review_screen import ReviewScreen
from desktop.ui.study.stats_screen import StatsScreen
from desktop.ui.study.widgets import ExplanationPanel

if TYPE_CHECKING:
    from desktop.engine.backend import ModelBackend
    from desktop.mcq import MCQResult

T = TypeVar("T")
IMPORT_FILTER = file_dialog_filter()  # derived from the registered question formats
RETRIEVING = "retrieving"  # ``explain_request`` while the library is being searched


class StudyPage(QWidget):
    """Banks and block builder, question screen, review, statistics."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.store: StudyStore | None = None  # opened on the DB thread
        self.session: BlockSession | None = None
        self.import_task: BackgroundTask | None = None
        self._import_cancel = CancelToken()
        self.explain_request: ChatRequest | None = None
        self._explain_panel: ExplanationPanel | None = None
        self._explain_qid: int | None = None
        self._opened = False
        self._closed = False
        self.last_import: ImportSummary | None = None
        self._tick_busy = False
        self.explain_sampling: SamplingSettings | None = None  # None: explain.default_sampling()
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self._on_timer)
        self._half_ticks = 0

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        nav = QHBoxLayout()
        self.home_button = QPushButton("Blocks")
        self.home_button.clicked.connect(lambda _c=False: self.show_home())
        self.resume_button = QPushButton("Back to block")
        self.resume_button.clicked.connect(lambda _c=False: self._resume_current())
        self.resume_button.setVisible(False)
        self.stats_button = QPushButton("Statistics")
        self.stats_button.clicked.connect(lambda _c=False: self.show_stats())
        self.status = QLabel("")
        self.status.setStyleSheet("color: #57606a;")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.setVisible(False)
        nav.addWidget(self.home_button)
        nav.addWidget(self.resume_button)
        nav.addWidget(self.stats_button)
        nav.addWidget(self.status, 1)
        nav.addWidget(self.progress)
        layout.addLayout(nav)
        self.stack = QStackedWidget()
        self.home = HomeScreen()
        self.block = BlockScreen()
        self.review = ReviewScreen()
        self.stats = StatsScreen()
        for screen in (self.home, self.block, self.review, self.stats):
            self.stack.addWidget(screen)
        self._connect_screens()
        ui = self.ctx.settings.get("ui", {})
        self.home.restore_choices(ui.get("study_builder") if isinstance(ui, dict) else None)
        layout.addWidget(self.stack, 1)
        for panel in (self.block.panel, self.review.panel):
            panel.explain_button.clicked.connect(lambda _c=False, p=panel: self.explain(p))
            panel.stop_button.clicked.connect(lambda _c=False: self.stop_explain())
            panel.probs_button.clicked.connect(lambda _c=False, p=panel: self.model_view(p))
            panel.library_toggle.bind(self.ctx.settings)

    # -- plumbing ----------------------------------------------------------------------
    def _connect_screens(self) -> None:
        """The screens only emit what the user did; the page acts on it."""
        home, block, review, stats = self.home, self.block, self.review, self.stats
        home.sig_import_requested.connect(self.ask_import)
        home.sig_delete_bank_requested.connect(self.ask_delete_bank)
        home.sig_start_block.connect(self._start_from_builder)
        home.sig_count_requested.connect(lambda spec: self.count_matching(spec, home.show_count))
        home.sig_block_opened.connect(self.open_block)
        block.sig_select.connect(self.select)
        block.sig_strike.connect(self.toggle_strike)
        block.sig_submit.connect(self.submit)
        block.sig_go.connect(self.go)
        block.sig_go_to.connect(self.go_to)
        block.sig_mark_toggled.connect(self.toggle_mark)
        block.sig_note_changed.connect(self.set_note)
        block.sig_end_requested.connect(self.ask_end_block)
        block.sig_suspend_requested.connect(self.suspend_block)
        review.sig_back.connect(self.show_home)
        review.sig_item_shown.connect(self.load_model_output)
        stats.sig_back.connect(self.show_home)
        stats.sig_refresh.connect(self.show_stats)
        stats.sig_export.connect(self.ask_export)

    def _store(self) -> StudyStore:
        """The store (DB thread only); imports the sample bank on the very first open."""
        if self.store is None:
            store = StudyStore(self.ctx.db_engine)
            self.last_import = ensure_sample_bank(store)
            self.store = store
        return self.store

    def _db(
        self, fn: Callable[[StudyStore], T], on_done: Callable[[T], None] | None = None
    ) -> BackgroundTask | None:
        """Run ``fn(store)`` on the DB thread; errors go to the status line."""
        if self._closed:
            return None
        return self.ctx.run_db(lambda: fn(self._store()), on_done, self._show_error)

    def _show_error(self, exc: BaseException | str) -> None:
        text = str(exc) if isinstance(exc, StudyError | str) else f"{type(exc).__name__}: {exc}"
        self.set_status(text, error=True)

    def set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #d93025;" if error else "color: #57606a;")

    def on_shown(self) -> None:
        if not self._opened:
            self._opened = True
            self.load_overview()

    def on_close(self) -> None:
        """Window closing: stop the clock and persist the block (the DB thread is flushed)."""
        if self._closed:
            return
        self.timer.stop()
        self.home.stop_counting()
        self.stop_explain()
        session = self.session
        if session is not None and not session.finished:
            self.ctx.run_db(session.pause)
        self._closed = True

    # -- home --------------------------------------------------------------------------
    def show_home(self) -> None:
        self._suspend_if_running()
        self.stack.setCurrentWidget(self.home)
        self.load_overview()

    def load_overview(self) -> None:
        def load(store: StudyStore) -> dict[str, Any]:
            banks = store.banks()
            blocks = list_blocks(store, limit=30)
            counts = block_counts(store, [b.id for b in blocks])
            rows = []
            for b in blocks:
                n, answered, correct = counts.get(b.id, (0, 0, 0))
                score = f"{correct}/{n} ({100 * correct / answered:.0f}%)" if answered else "—"
                rows.append(
                    {
                        "id": b.id,
                        "cells": [
                            f"#{b.id} {b.name} · {b.created_at.astimezone():%Y-%m-%d %H:%M}",
                            b.mode,
                            "finished" if b.status == "finished" else "in progress",
                            f"{answered}/{n} answered",
                            score if b.status == "finished" or b.mode == "tutor" else "hidden",
                        ],
                    }
                )
            with store.session() as db:
                due = len(due_question_ids(db))
            return {
                "due": due,
                "banks": [(b.id, b.name, n) for b, n in banks],
                "descriptions": {b.id: b.description for b, _ in banks},
                "facets": store.facets(),
                "blocks": rows,
            }

        def show(overview: dict[str, Any]) -> None:
            self.home.show_overview(overview)
            if self.last_import is not None and not self.home.import_report.toPlainText():
                self.home.import_report.setPlainText(self.last_import.text())
            n = sum(n for _, _, n in overview["banks"])
            due = overview["due"]
            self.set_status(
                f"{n} questions in {len(overview['banks'])} "
                f"bank{'' if len(overview['banks']) == 1 else 's'} · "
                f"{due} due for review"
                + (" — choose 'Due for review' to study them" if due else "")
            )

        self._db(load, show)

    def count_matching(self, spec: BlockSpec, on_done: Callable[[int], None]) -> None:
        def count(store: StudyStore) -> int:
            with store.session() as s:
                return len(matching_question_ids(s, spec))

        self._db(count, on_done)

    # -- import ------------------------------------------------------------------------
    def ask_import(self) -> None:
        if self.import_task is not None:
            self.cancel_import()
            return
        path, _ = QFileDialog.getOpenFileName(self, "Import question bank", "", IMPORT_FILTER)
        if path:
            self.import_path(path)

    def import_path(self, path: str | Path, bank_name: str | None = None) -> None:
        """Import on the DB thread (one writer, no lock contention) with a progress bar and
        Cancel; the summary, including every skipped row, shows in the import report."""
        cancelled = CancelToken()

        def job(store: StudyStore) -> ImportSummary:
            def report(done: int, total: int) -> None:
                call_in_gui(lambda: self._import_progress(done, total))

            return import_file(store, path, bank_name, progress=report, cancel=cancelled)

        def done(summary: ImportSummary) -> None:
            self._import_ended()
            self.last_import = summary
            self.home.import_report.setPlainText(summary.text())
            self.set_status(summary.text().splitlines()[0], error=summary.status != "ok")
            self.load_overview()

        def failed(exc: BaseException) -> None:
            self._import_ended()
            self._show_error(exc)

        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.home.import_button.setText("Cancel import")
        self.set_status(f"Importing {Path(path).name} …")
        self._import_cancel = cancelled
        self.import_task = self.ctx.run_db(lambda: job(self._store()), done, failed)

    def cancel_import(self) -> None:
        self._import_cancel.cancel()

    def _import_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _import_ended(self) -> None:
        self.import_task = None
        self.progress.setVisible(False)
        self.home.import_button.setText("Import bank…")

    def ask_delete_bank(self) -> None:
        item = self.home.banks.currentItem()
        if item is None:
            self.set_status("Select a bank first.", error=True)
            return
        answer = QMessageBox.question(
            self,
            "Delete bank",
            f"Delete '{item.text()}' with its questions, answers and statistics?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            bank_id = int(item.data(Qt.ItemDataRole.UserRole))
            self._db(lambda store: store.delete_bank(bank_id), lambda _r: self.load_overview())

    # -- blocks ------------------------------------------------------------------------
    def _start_from_builder(self, spec: BlockSpec) -> None:
        self.ctx.settings.merge("ui", {"study_builder": self.home.choices()})
        self.start_block(spec)

    def start_block(self, spec: BlockSpec) -> None:
        def make(store: StudyStore) -> BlockSession:
            return BlockSession(store, create_block(store, spec))

        self._db(make, self._enter_session)

    def open_block(self, block_id: int) -> None:
        if self.session is not None and self.session.block_id == block_id:
            self._enter_session(self.session)
            return
        self._suspend_if_running()
        self._db(lambda store: BlockSession(store, block_id), self._enter_session)

    def _enter_session(self, session: BlockSession) -> None:
        self.session = session
        if session.finished:
            self.show_review()
            return
        session.resume()
        self.stack.setCurrentWidget(self.block)
        self.resume_button.setVisible(False)
        self._render()
        self.timer.start()
        self.set_status(f"{session.name} — every answer is saved as you go")

    def _resume_current(self) -> None:
        if self.session is not None:
            self._enter_session(self.session)

    def _render(self) -> None:
        if self.session is None:
            return
        self.block.render(self.session)
        item = self.session.current
        if item.revealed:
            self.block.panel.reset_model()
            self.load_model_output(item.question.id, self.block.panel)

    def _act(
        self, fn: Callable[[BlockSession], T], then: Callable[[T], None] | None = None
    ) -> None:
        session = self.session
        if session is None or self._closed:
            return

        def done(result: T) -> None:
            if session is not self.session:
                return
            if session.finished:
                self._block_finished()
            else:
                self._render()
            if then is not None:
                then(result)

        self.ctx.run_db(lambda: fn(session), done, self._show_error)

    def select(self, label: str) -> None:
        self._act(lambda s: s.select(label))

    def submit(self) -> None:
        self._act(lambda s: s.submit())

    def answer(self, label: str) -> None:
        """Select and (tutor mode) submit in one go."""
        self._act(lambda s: s.answer(label))

    def go(self, delta: int) -> None:
        self._act(lambda s: s.goto(min(max(s.index + delta, 0), len(s) - 1)))

    def go_to(self, index: int) -> None:
        self._act(lambda s: s.goto(index))

    def toggle_mark(self) -> None:
        self._act(lambda s: s.toggle_mark())

    def toggle_strike(self, label: str) -> None:
        if self.session is not None and not self.session.current.revealed:
            self._act(lambda s: s.toggle_strike(label))

    def set_note(self, text: str) -> None:
        if self.session is not None and self.session.current.note != text:
            self._act(lambda s: s.set_note(text))

    def ask_end_block(self) -> None:
        if self.session is None:
            return
        unanswered = self.session.omitted_on_finish()
        text = "End this block and see the review?"
        if unanswered:
            text += f"\n{unanswered} unanswered questions will count as omitted."
        if QMessageBox.question(self, "End block", text) == QMessageBox.StandardButton.Yes:
            self.end_block()

    def end_block(self) -> None:
        self._act(lambda s: s.finish())

    def suspend_block(self) -> None:
        self._suspend_if_running()
        self.stack.setCurrentWidget(self.home)
        self.load_overview()

    def _suspend_if_running(self) -> None:
        session = self.session
        if (
            session is not None
            and not session.finished
            and self.stack.currentWidget() is self.block
        ):
            self.timer.stop()
            self.ctx.run_db(session.pause)
            self.resume_button.setVisible(True)

    def _on_timer(self) -> None:
        session = self.session
        if self._closed or session is None or session.finished:
            return
        if self.stack.currentWidget() is not self.block:
            return
        self.block.update_timer(session)
        self._half_ticks += 1
        if self._half_ticks % 2 == 0 and not self._tick_busy:
            self._tick_busy = True

            def done(_r: object) -> None:
                self._tick_busy = False
                if session is self.session and session.finished:
                    self._block_finished()

            def failed(exc: BaseException) -> None:
                self._tick_busy = False
                self._show_error(exc)

            self.ctx.run_db(session.tick, done, failed)

    def _block_finished(self) -> None:
        self.timer.stop()
        self.resume_button.setVisible(False)
        session = self.session
        if session is not None and session.expired:
            self.set_status("Time is up — the block was graded.")
        self.show_review()

    # -- review ------------------------------------------------------------------------
    def show_review(self, row: int = 0) -> None:
        if self.session is None:
            return
        self.stack.setCurrentWidget(self.review)
        self.review.show_session(self.session, row)

    def _panel_item(self, panel: ExplanationPanel) -> ItemState | None:
        if panel is self.review.panel:
            return self.review.current_item
        return self.session.current if self.session is not None else None

    def load_model_output(self, question_id: int, panel: ExplanationPanel) -> None:
        """Show a saved explanation / model probabilities for the question, if any."""
        # lazy: the MCQ scorer behind model_opinion pulls in numpy
        from desktop.study.model_opinion import latest_model_score

        def load(store: StudyStore) -> tuple[StudyExplanation | None, StudyModelScore | None]:
            return latest_explanation(store, question_id), latest_model_score(store, question_id)

        def show(found: tuple[StudyExplanation | None, StudyModelScore | None]) -> None:
            item = self._panel_item(panel)
            if item is None or item.question.id != question_id:
                return
            if self.explain_request is not None and self._explain_panel is panel:
                return
            explanation, score = found
            if explanation is not None:
                panel.model_text.setPlainText(explanation.text)
                note = " (stopped early)" if explanation.finish_reason == "cancelled" else ""
                panel.model_status.setText(
                    f"Saved explanation from {explanation.model}, "
                    f"{explanation.created_at.astimezone():%Y-%m-%d %H:%M}{note}"
                )
            if score is not None:
                panel.probabilities.show_probabilities(
                    score.probabilities, item.question.answer, score.model
                )

        self._db(load, show)

    def _model_ready(self, panel: ExplanationPanel) -> bool:
        bridge = self.ctx.bridge
        if bridge.is_loaded or bridge.loading:
            return True
        panel.model_status.setText("No model is loaded — choose one in the Models tab.")
        return False

    def explain(self, panel: ExplanationPanel) -> None:
        """Stream an explanation from the local model into ``panel`` and save it; with
        "Explain from my library" on, look the question up first (database thread)."""
        item = self._panel_item(panel)
        if item is None or not self._model_ready(panel):
            return
        self.stop_explain()
        q = item.question
        panel.model_text.clear()
        panel.sources_view.clear_sources()
        panel.set_streaming(True)
        if not panel.library_toggle.isChecked():
            self._stream_explanation(panel, item, None)
            return
        panel.model_status.setText(LOOKING)
        self.explain_request, self._explain_panel, self._explain_qid = RETRIEVING, panel, q.id

        def planned(plan: LibraryPlan) -> None:
            current = self._panel_item(panel)
            if (
                self.explain_request is RETRIEVING
                and self._explain_panel is panel
                and current is not None
                and current.question.id == q.id
            ):
                self._stream_explanation(panel, item, plan)

        def failed(exc: BaseException) -> None:
            if self.explain_request is RETRIEVING and self._explain_panel is panel:
                self.explain_request = None
                panel.set_streaming(False)
                panel.model_status.setText(f"The library could not be searched: {exc}")

        self.ctx.run_db(lambda: plan_explanation(self.ctx.library, q), planned, failed)

    def _stream_explanation(
        self, panel: ExplanationPanel, item: ItemState, plan: LibraryPlan | None
    ) -> None:
        q = item.question
        passages = plan.passages if plan is not None else ()
        if plan is not None and not plan.has_sources:
            panel.sources_view.show_notice(NOT_IN_LIBRARY)
        panel.model_status.setText("The local model is writing an explanation…")
        sampling = self.explain_sampling or default_sampling()
        request = self.ctx.bridge.chat(explanation_messages(q, item.selected, passages), sampling)
        self.explain_request, self._explain_panel, self._explain_qid = request, panel, q.id
        pieces: list[str] = []

        def on_token(text: str, _event: StreamEvent) -> None:
            pieces.append(text)
            if self._explain_qid == q.id and self._explain_panel is panel:
                panel.model_text.setPlainText("".join(pieces))

        def on_finished(result: GenerationResult) -> None:
            self._end_explain(request)
            text = result.text or "".join(pieces)
            saved_text = text
            if plan is not None and plan.has_sources:  # drop markers naming no passage
                text, sources = cited_sources(plan, text)
                saved_text = text + sources_footer(sources)
                current = self._panel_item(panel)
                if current is not None and current.question.id == q.id:  # still on screen
                    panel.model_text.setPlainText(text)
                    panel.sources_view.show_sources(sources)
            panel.set_streaming(False)
            model = self.ctx.bridge.model_id or ""
            if result.finish_reason == "cancelled":
                panel.model_status.setText("Stopped. The partial explanation was saved.")
            else:
                panel.model_status.setText(
                    f"Explanation by {model} ({result.completion_tokens} tokens) — saved. "
                    "A small local model can be wrong: check it against the answer key."
                )
            self._db(
                lambda store: save_explanation(
                    store, q.id, saved_text, model, result.finish_reason
                ),
                lambda _id: self._explanation_saved(q.id),
            )

        def on_error(message: str) -> None:
            self._end_explain(request)
            panel.set_streaming(False)
            panel.model_status.setText(f"The model failed: {message}")

        request.sig_token.connect(on_token)
        request.sig_finished.connect(on_finished)
        request.sig_error.connect(on_error)

    def _explanation_saved(self, question_id: int) -> None:
        self.explanations_saved = getattr(self, "explanations_saved", 0) + 1

    def _end_explain(self, request: ChatRequest) -> None:
        if self.explain_request is request:
            self.explain_request = None

    def stop_explain(self) -> None:
        if self.explain_request is RETRIEVING:  # the lookup's result will be dropped
            self.explain_request = None
            if self._explain_panel is not None:
                self._explain_panel.set_streaming(False)
                self._explain_panel.model_status.setText("Stopped.")
        elif self.explain_request is not None:
            self.explain_request.stop()

    def model_view(self, panel: ExplanationPanel) -> None:
        """Run the MCQ scorer on the engine thread and show its probability per option."""
        # lazy: the MCQ scorer pulls in numpy
        from desktop.study.model_opinion import model_name, save_model_score, score_question

        item = self._panel_item(panel)
        if item is None or not self._model_ready(panel):
            return
        q = item.question
        panel.probs_button.setEnabled(False)
        before = panel.model_status.text()
        panel.model_status.setText("Asking the model for its probabilities…")

        def job(engine: ModelBackend) -> tuple[MCQResult, str]:
            return score_question(engine, q), model_name(engine)

        def done(found: tuple[MCQResult, str]) -> None:
            result, model = found
            panel.probs_button.setEnabled(True)
            panel.model_status.setText(before)
            current = self._panel_item(panel)
            if current is not None and current.question.id == q.id:
                panel.probabilities.show_probabilities(result.probabilities, q.answer, model)
            self._db(lambda store: save_model_score(store, q.id, result, model))

        def failed(message: str) -> None:
            panel.probs_button.setEnabled(True)
            panel.model_status.setText(f"The model could not score this question: {message}")

        self.ctx.bridge.submit(job, done, failed)

    # -- statistics --------------------------------------------------------------------
    def show_stats(self) -> None:
        from desktop.study.charts import render_png  # lazy: matplotlib, only for the charts

        self._suspend_if_running()
        self.stack.setCurrentWidget(self.stats)

        def rendered(pair: tuple[StudyStats, bytes]) -> None:
            self.stats.show_stats(*pair)

        def computed(stats: StudyStats) -> None:
            self.ctx.run_in_background(
                lambda: (stats, render_png(stats)), rendered, self._show_error
            )

        self._db(compute_stats, computed)

    def ask_export(self, kind: str) -> None:
        if self.stats.stats is None:
            return
        name = "study-stats." + kind
        flt = "PNG image (*.png)" if kind == "png" else "CSV table (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self, "Export statistics", name, flt)
        if path:
            self.export_stats(path, kind)

    def export_stats(self, path: str | Path, kind: str) -> None:
        stats, png = self.stats.stats, self.stats.png

        def write() -> Path:
            target = Path(path)
            if kind == "png":
                write_private_bytes(target, png)
            else:
                export_csv(stats, target)
            return target

        self.ctx.run_in_background(
            write,
            lambda p: self.set_status(
                f"Saved {html.escape(str(p))}{export_warning(self.ctx.settings)}"
            ),
            self._show_error,
        )
