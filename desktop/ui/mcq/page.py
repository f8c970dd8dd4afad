"""MCQ / classification: the chosen answer with a probability bar per option, optional explanation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
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

from desktop.engine import SamplingSettings
from desktop.history.store import auto_title
from desktop.mcq.history_entry import save_explanation, save_result
from desktop.questions.pasted import QuestionInputError, parse_question_text
from desktop.ui.chat.transcript import TranscriptView
from desktop.ui.context import AppContext
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


def _scorer(engine: Any, eci_head: str | None = None) -> Any:
    """One MCQScorer per loaded engine (its label-token cache is reused); with ``eci_head`` the
    head runs on the engine's own Llama (no second model in memory)."""
    from desktop.mcq import MCQScorer, eci_head_from_classifier

    scorer = getattr(engine, "_ui_mcq_scorer", None)
    if scorer is None:
        scorer = MCQScorer(engine)
        engine._ui_mcq_scorer = scorer
    if eci_head is not None and getattr(engine, "_ui_eci_head", None) != eci_head:
        scorer.eci = eci_head_from_classifier(ECIClassifier(engine.llama, eci_head))
        engine._ui_eci_head = eci_head
    return scorer


def result_markdown(question: Any, result: Any) -> str:
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


def question_markdown(question: Any) -> str:
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
        self.question: Any = None
        self.result: Any = None
        self.error: str | None = None
        self.explain_request: Any = None
        self.explanation = ""
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

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt naming
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

    def _show_result(self, result: Any) -> None:
        self._busy = False
        self.result = result
        self.answer_button.setEnabled(True)
        self.explain_button.setEnabled(True)
        q = self.question
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

    def _fill_bars(self, question: Any, result: Any) -> None:
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

    def _save(self, question: Any, result: Any) -> None:
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
        if self.result is None or self.explain_request is not None:
            return
        q, r = self.question, self.result
        messages = [
            {
                "role": "system",
                "content": "You are a careful medical educator. Be concise and say when unsure.",
            },
            {
                "role": "user",
                "content": question_markdown(q)
                + f"\n\nThe suggested answer is {r.choice}. In 3-5 sentences, explain why it is "
                "most likely correct and why the other options are less likely.",
            },
        ]
        sampling = self.ctx.sampling()
        sampling = SamplingSettings(**{**sampling.to_dict(), "max_tokens": 256})
        self.explanation = ""
        self.explain_view.show_messages([])
        self.explain_view.begin_stream()
        self.explain_request = self.ctx.bridge.chat(messages, sampling)
        self.explain_request.sig_token.connect(self._on_explain_token)
        self.explain_request.sig_finished.connect(self._explain_done)
        self.explain_request.sig_error.connect(self._explain_error)
        self.explain_button.setEnabled(False)
        self.stop_button.setEnabled(True)

    def _clear_explanation(self) -> None:
        if self.explain_request is not None:
            self.explain_request.stop()
            self._explain_done(None)
        self.explanation = ""
        self.explain_view.show_messages([])

    def _on_explain_token(self, text: str, _event: Any) -> None:
        if self.sender() is not self.explain_request:
            return  # a stopped explanation of an earlier pick
        self.explanation += text
        self.explain_view.add_stream_text(text)

    def _explain_done(self, result: Any) -> None:
        if result is not None and self.sender() is not self.explain_request:
            return
        self.explain_view.stop_stream()
        self.explain_request = None
        self.explain_button.setEnabled(self.result is not None)
        self.stop_button.setEnabled(False)
        saved, text = self.saved_answer, self.explanation
        if result is not None and saved is not None and text.strip():
            answer_id, answer_md = saved
            self.ctx.run_db(
                lambda: save_explanation(self.ctx.history, answer_id, answer_md, text),
                lambda _r: emit(self.ctx.sig_history_changed),
                lambda exc: self.status.setText(f"Explanation not saved: {exc}"),
            )

    def _explain_error(self, message: str) -> None:
        self._explain_done(None)
        self.status.setText(f"⚠ {message}")

    def stop(self) -> None:
        if self.explain_request is not None:
            self.explain_request.stop()

    def on_close(self) -> None:
        self.stop()
