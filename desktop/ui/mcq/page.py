"""MCQ / classification: the chosen answer with a probability bar per option, optional explanation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.engine import Engine, GenerationResult, SamplingSettings, StreamEvent
from desktop.explain.library import NOT_IN_LIBRARY, cited_sources, plan_explanation
from desktop.explain.prompt import explanation_messages
from desktop.history.sources import SourceRecord
from desktop.history.store import auto_title
from desktop.library.answer import LibraryPlan
from desktop.mcq import MCQResult, MCQScorer, eci_head_from_classifier
from desktop.mcq.history_entry import save_explanation, save_result
from desktop.questions.pasted import QuestionInputError, parse_question_text
from desktop.questions.record import Question
from desktop.ui.chat.transcript import TranscriptView
from desktop.ui.context import AppContext
from desktop.ui.engine_bridge import ChatRequest
from desktop.ui.explain_sources import LOOKING, LibraryToggle, SourceCardsView
from desktop.ui.qt_compat import emit
from training.eci_apply import ECIClassifier

METHOD_CHOICES = (
    ("letter", "Letter scoring (fast: probability of each answer label)"),
    ("rationale", "Rationale first, then letter scoring"),
    ("loglik", "Log-likelihood of each option's text"),
)
# Offered only when the loaded model has a head trained on exactly its weights (registry).
ECI_CHOICE = ("eci", "Classification head (trained for this model)")
BAR_STYLE = (
    "QProgressBar { border: 1px solid #b0b0b0; border-radius: 3px; background: #ffffff;"
    " text-align: center; color: #202020; } QProgressBar::chunk { background-color: %s; }"
)
EXAMPLE = (
    "A 24-year-old woman has fatigue and a microcytic anaemia with low ferritin. "
    "What is the most likely cause?\n"
    "A. Iron deficiency\nB. Beta-thalassaemia trait\nC. Anaemia of chronic disease\n"
    "D. Vitamin B12 deficiency\nE. Sideroblastic anaemia"
)
EXPLAIN_MAX_TOKENS = 256
RETRIEVING = "retrieving"  # ``explain_request`` while the library is being searched


def _scorer(engine: Engine, eci_head: str | None = None) -> MCQScorer:
    """One MCQScorer per loaded engine (its label-token cache is reused); with ``eci_head`` the
    head runs on the engine's own Llama (no second model in memory)."""
    scorer = getattr(engine, "_ui_mcq_scorer", None)
    if scorer is None:
        scorer = MCQScorer(engine)
        engine._ui_mcq_scorer = scorer
    if eci_head is not None and getattr(engine, "_ui_eci_head", None) != eci_head:
        scorer.eci = eci_head_from_classifier(ECIClassifier(engine.llama, eci_head))
        engine._ui_eci_head = eci_head
    return scorer


def result_markdown(question: Question, result: MCQResult) -> str:
    """The saved answer: choice, then a probability per option (Markdown)."""
    choice = result.choice
    lines = [
        f"**Answer: {choice}** — {question.options.get(choice, '')} "
        f"(p = {result.confidence:.2f}, method {result.method})",
        "",
        "| Option | Probability |",
        "|---|---|",
    ]
    for label, p in result.ranked():
        lines.append(f"| {label}. {question.options[label]} | {p * 100:.1f}% |")
    if result.rationale:
        lines += ["", f"Rationale: {result.rationale}"]
    return "\n".join(lines)


def question_markdown(question: Question) -> str:
    parts = []
    if question.context:
        parts.append(f"Context: {question.context}\n")
    parts.append(question.question)
    if any(label != text for label, text in question.options.items()):
        parts += [f"{label}. {text}" for label, text in question.options.items()]
    else:
        parts.append("Options: " + ", ".join(question.options))
    return "\n".join(parts)


class MCQPage(QWidget):
    """Question in, one valid answer out, with calibrated-looking bars (never certainty)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.question: Question | None = None
        self.result: MCQResult | None = None
        self.error: str | None = None
        self.explain_request: ChatRequest | str | None = None  # or RETRIEVING
        self.explanation = ""
        self.explain_plan: LibraryPlan | None = None  # the library passages it was given
        self.explain_sources: list[SourceRecord] = []
        self._lookup = 0  # numbers library lookups: a late one for an old pick is dropped
        self.saved_conversation_id: int | None = None
        self.saved_answer: tuple[int, str] | None = None  # (message id, markdown) of the result
        self.bars: dict[str, QProgressBar] = {}
        self._busy = False
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)

        left = QWidget()
        form = QFormLayout(left)
        form.setContentsMargins(0, 0, 6, 0)
        self.question_edit = QPlainTextEdit()
        self.question_edit.setPlaceholderText(EXAMPLE)
        form.addRow(QLabel("Question with options (A. … B. … lines):"))
        form.addRow(self.question_edit)
        self.labels_edit = QLineEdit()
        self.labels_edit.setPlaceholderText("or labels without A–E lines, e.g. yes, no, maybe")
        form.addRow("Labels:", self.labels_edit)
        self.context_edit = QPlainTextEdit()
        self.context_edit.setPlaceholderText("Optional context (abstract, case notes, lab results)")
        self.context_edit.setMaximumHeight(90)
        form.addRow("Context:", self.context_edit)
        self.method_box = QComboBox()
        for key, text in METHOD_CHOICES:
            self.method_box.addItem(text, key)
        form.addRow("Method:", self.method_box)
        buttons = QHBoxLayout()
        self.answer_button = QPushButton("Answer")
        self.answer_button.setDefault(True)
        self.answer_button.clicked.connect(self.run)
        self.explain_button = QPushButton("Explain")
        self.explain_button.setEnabled(False)
        self.explain_button.clicked.connect(self.explain)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.explain_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.library_toggle = LibraryToggle(self.ctx.settings)
        form.addRow(self.library_toggle)
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(6, 0, 0, 0)
        self.answer_label = QLabel("No answer yet.")
        self.answer_label.setWordWrap(True)
        self.answer_label.setStyleSheet("font-size: 15px; font-weight: 600;")
        rv.addWidget(self.answer_label)
        self.caveat = QLabel(
            "Probabilities are the model's own scores over the given options, not clinical "
            "certainty; a small model is often confidently wrong."
        )
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet("color: #666666;")
        rv.addWidget(self.caveat)
        box = QGroupBox("Probability per option")
        self.grid = QGridLayout(box)
        self.grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        scroll.setMinimumHeight(180)
        rv.addWidget(scroll, 2)
        rv.addWidget(QLabel("Explanation (streamed from the model):"))
        self.explain_view = TranscriptView()
        rv.addWidget(self.explain_view, 2)
        self.sources_view = SourceCardsView()
        rv.addWidget(self.sources_view, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        rv.addWidget(self.status)
        splitter.addWidget(right)
        splitter.setSizes([480, 680])

    # -- scoring -----------------------------------------------------------------------
    @property
    def method(self) -> str:
        return str(self.method_box.currentData())

    def set_method(self, method: str) -> None:
        self.refresh_methods()
        self.method_box.setCurrentIndex(self.method_box.findData(method))

    def eci_head(self) -> str | None:
        """The registered classification head of the configured model, if it has one."""
        config = self.ctx.bridge.config
        if config is None:
            return None
        entry = self.ctx.registry.for_path(config.model_path)
        return entry.eci_head if entry is not None else None

    def refresh_methods(self) -> None:
        """Offer the classification head only for the model it was trained on."""
        index = self.method_box.findData(ECI_CHOICE[0])
        if self.eci_head() and index < 0:
            self.method_box.addItem(ECI_CHOICE[1], ECI_CHOICE[0])
        elif not self.eci_head() and index >= 0:
            self.method_box.removeItem(index)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        self.refresh_methods()
        super().showEvent(event)

    def run(self) -> None:
        """Parse the input and score it on the engine thread."""
        if self._busy:
            return
        try:
            question = parse_question_text(
                self.question_edit.toPlainText(),
                self.labels_edit.text(),
                self.context_edit.toPlainText(),
            )
        except (QuestionInputError, ValueError) as exc:
            self._fail(str(exc))
            return
        self.question = question
        self.result = None
        self.error = None
        self._clear_explanation()  # it explained the previous pick
        self._busy = True
        self.answer_button.setEnabled(False)
        self.explain_button.setEnabled(False)
        wait = "" if self.ctx.bridge.is_loaded else " (waiting for the model to load)"
        self.status.setText(f"Scoring {len(question.options)} options{wait} …")
        method = self.method
        head = self.eci_head() if method == ECI_CHOICE[0] else None
        self.ctx.bridge.submit(
            lambda engine: _scorer(engine, head).answer(question, method=method),
            self._show_result,
            self._fail,
        )

    def _fail(self, message: str) -> None:
        self._busy = False
        self.error = message
        self.answer_button.setEnabled(True)
        self.status.setText(f"⚠ {message}")

    def _show_result(self, result: MCQResult) -> None:
        self._busy = False
        self.result = result
        self.answer_button.setEnabled(True)
        self.explain_button.setEnabled(True)
        q = self.question
        assert q is not None  # scored just now
        text = q.options.get(result.choice, "")
        shown = f"{result.choice}. {text}" if text != result.choice else result.choice
        self.answer_label.setText(f"Answer: {shown}  ({result.confidence * 100:.0f}%)")
        self._fill_bars(q, result)
        how = result.method + (f" ({result.extra['scoring']})" if "scoring" in result.extra else "")
        self.status.setText(
            f"{how} scoring in {result.latency_s * 1000:.0f} ms on {self.ctx.bridge.where}"
            " · saved to history"
        )
        self._save(q, result)

    def _fill_bars(self, question: Question, result: MCQResult) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.bars = {}
        for row, (label, text) in enumerate(question.options.items()):
            p = result.probabilities.get(label, 0.0)
            name = QLabel(f"<b>{label}</b>")
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(p * 1000))
            bar.setFormat(f"{p * 100:.1f}%")
            bar.setMinimumWidth(160)
            bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
            color = "#2e7d32" if label == result.choice else "#5b8fd0"
            bar.setStyleSheet(BAR_STYLE % color)
            desc = QLabel(text if text != label else "")
            desc.setWordWrap(True)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(bar, row, 1)
            self.grid.addWidget(desc, row, 2)
            self.bars[label] = bar
        self.grid.setRowStretch(len(question.options), 1)

    def _save(self, question: Question, result: MCQResult) -> None:
        store_q = question_markdown(question)
        answer = result_markdown(question, result)
        stats = {"mcq": result.to_dict(), "finish_reason": "stop"}
        title = "MCQ: " + auto_title(question.question, 55)
        model_id = self.ctx.bridge.model_id

        self.saved_answer = None

        def job() -> tuple[int, int]:
            return save_result(self.ctx.history, title, store_q, answer, model_id, stats)

        def done(ids: tuple[int, int]) -> None:
            self.saved_conversation_id = ids[0]
            self.saved_answer = (ids[1], answer)
            emit(self.ctx.sig_history_changed)

        self.ctx.run_db(job, done, lambda exc: self.status.setText(f"Not saved: {exc}"))

    # -- explanation -------------------------------------------------------------------
    def explain(self) -> None:
        """Explain the pick; with "Explain from my library" on, look the question up first
        (on the database thread) and give the model the passages found."""
        if self.question is None or self.result is None or self.explain_request is not None:
            return
        q, choice = self.question, self.result.choice
        self.explanation = ""
        self.explain_plan = None
        self.explain_sources = []
        self.explain_view.show_messages([])
        self.sources_view.clear_sources()
        self.explain_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        if not self.library_toggle.isChecked():
            self._start_explain(q, choice, None)
            return
        self._lookup += 1
        lookup, before = self._lookup, self.status.text()
        self.explain_request = RETRIEVING
        self.status.setText(LOOKING)

        def planned(plan: LibraryPlan) -> None:
            if self.explain_request is RETRIEVING and self._lookup == lookup:  # still wanted
                self.status.setText(before)
                self._start_explain(q, choice, plan)

        self.ctx.run_db(
            lambda: plan_explanation(self.ctx.library, q, choice), planned, self._library_failed
        )

    def _start_explain(self, question: Question, choice: str, plan: LibraryPlan | None) -> None:
        passages = plan.passages if plan is not None else ()
        messages = explanation_messages(question, passages=passages, answer=choice)
        self.explain_plan = plan
        if plan is not None and not plan.has_sources:
            self.sources_view.show_notice(NOT_IN_LIBRARY)
        sampling = self.ctx.sampling()  # an explanation is short: at most 256 tokens
        limit = min(sampling.max_tokens, EXPLAIN_MAX_TOKENS)
        sampling = SamplingSettings(**{**sampling.to_dict(), "max_tokens": limit})
        self.explain_view.begin_stream()
        request = self.ctx.bridge.chat(messages, sampling)
        self.explain_request = request
        request.sig_token.connect(self._on_explain_token)
        request.sig_finished.connect(self._explain_done)
        request.sig_error.connect(self._explain_error)

    def _library_failed(self, exc: BaseException) -> None:
        if self.explain_request is not RETRIEVING:
            return
        self.explain_request = None
        self.explain_button.setEnabled(self.result is not None)
        self.stop_button.setEnabled(False)
        self.status.setText(f"⚠ The library could not be searched: {exc}")

    def _clear_explanation(self) -> None:
        if self.explain_request is RETRIEVING:
            self.explain_request = None  # the lookup's result will be dropped
            self.stop_button.setEnabled(False)
        elif isinstance(self.explain_request, ChatRequest):
            self.explain_request.stop()
            self._explain_done(None)
        self.explanation = ""
        self.explain_plan = None
        self.explain_sources = []
        self.explain_view.show_messages([])
        self.sources_view.clear_sources()

    def _on_explain_token(self, text: str, _event: StreamEvent) -> None:
        if self.sender() is not self.explain_request:
            return  # a stopped explanation of an earlier pick
        self.explanation += text
        self.explain_view.add_stream_text(text)

    def _explain_done(self, result: GenerationResult | None) -> None:
        if result is not None and self.sender() is not self.explain_request:
            return
        plan, final = self.explain_plan, None
        if result is not None and plan is not None and plan.has_sources:
            final, self.explain_sources = cited_sources(plan, self.explanation)
            self.explanation = final
        self.explain_view.stop_stream(final_text=final)
        if self.explain_sources:
            self.sources_view.show_sources(self.explain_sources)
        self.explain_request = None
        self.explain_button.setEnabled(self.result is not None)
        self.stop_button.setEnabled(False)
        saved, text, sources = self.saved_answer, self.explanation, list(self.explain_sources)
        note = NOT_IN_LIBRARY if plan is not None and not plan.has_sources else ""
        if result is not None and saved is not None and text.strip():
            answer_id, answer_md = saved
            self.ctx.run_db(
                lambda: save_explanation(
                    self.ctx.history, answer_id, answer_md, text, sources, note
                ),
                lambda _r: emit(self.ctx.sig_history_changed),
                lambda exc: self.status.setText(f"Explanation not saved: {exc}"),
            )

    def _explain_error(self, message: str) -> None:
        self._explain_done(None)
        self.status.setText(f"⚠ {message}")

    def stop(self) -> None:
        if self.explain_request is RETRIEVING:
            self.explain_request = None
            self.explain_button.setEnabled(self.result is not None)
            self.stop_button.setEnabled(False)
        elif isinstance(self.explain_request, ChatRequest):
            self.explain_request.stop()

    def on_close(self) -> None:
        self.stop()
