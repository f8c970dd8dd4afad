"""Chat page: conversation list + streaming transcript + composer.

All database work is queued on ``ctx.run_db`` (one ordered thread); all model work goes
through ``ctx.bridge``. The GUI thread only renders.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.chat import ChatSession
from desktop.chat import history_ops as H
from desktop.engine import GenerationResult, SamplingSettings, StreamEvent
from desktop.engine.speed import SpeedWatch
from desktop.history import HistoryStore, StreamingMessageWriter
from desktop.history.durability import HANDOFF_INTERVAL_S
from desktop.library.answer import LibraryPlan, augment_messages, finalize_answer
from desktop.library.modes import LibraryMode
from desktop.storage.encryption_setting import export_warning
from desktop.ui import library_access as L
from desktop.ui.background import BackgroundTask
from desktop.ui.chat import history_import
from desktop.ui.chat.examples import ExamplePrompts
from desktop.ui.chat.render import message_html, notice_html, stopped_html
from desktop.ui.chat.sources import LibraryModeBox, open_source, source_cards_html
from desktop.ui.chat.transcript import TranscriptView
from desktop.ui.chat.versions import SystemPromptEdit, VersionBar
from desktop.ui.context import AppContext
from desktop.ui.engine_bridge import ChatRequest

RETRIEVING = "retrieving"  # ``request`` while library passages are being looked up
# Hand shown text to the DB thread 5x/s; each hand-off is committed at once (see durability).
DB_FLUSH_MS = round(HANDOFF_INTERVAL_S * 1000)
SEARCH_DELAY_MS = 250  # search as you type, once typing pauses


class ChatPage(QWidget):
    """Everything a clinician needs for a conversation with the local model."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.session = self._new_session()  # the conversation on screen
        self.session.shown = True
        self.live: ChatSession | None = None  # the conversation being answered (maybe hidden)
        # Conversations answered in this run keep their live state ("(stopped)" vs reloaded).
        self._answered: dict[int, ChatSession] = {}
        self.request: ChatRequest | None = None
        self.last_error: str | None = None
        self.speed_hint = ""
        self.speed_watch = SpeedWatch()
        self._editing_from: int | None = None  # index in self.messages of the message edited
        self.source_opener = open_source  # how a source card's link is opened
        self._build()
        ctx.bridge.sig_model_loaded.connect(lambda _i: self._update_buttons())
        ctx.bridge.sig_model_error.connect(lambda _m: self._update_buttons())
        ctx.sig_history_changed.connect(self.refresh_list)
        self._db_timer = QTimer(self)
        self._db_timer.setInterval(DB_FLUSH_MS)
        self._db_timer.timeout.connect(self._flush_pending)
        self._default_prompt: str | None = None
        ctx.run_db(H.default_system_prompt, self._got_default_prompt)
        QTimer.singleShot(0, self.refresh_list)

    def default_prompt(self) -> str:
        if self._default_prompt is None:
            self._default_prompt = H.default_system_prompt()
        return self._default_prompt

    # -- the shown session ---------------------------------------------------------------
    def _history(self) -> HistoryStore:
        return self.ctx.history  # opened on first use: ask for it on the database thread

    def _new_session(self) -> ChatSession:
        return ChatSession(self._history, self.ctx.run_db, on_error=self._db_error)

    @property
    def conversation_id(self) -> int | None:
        return self.session.conversation_id

    @property
    def messages(self) -> list[H.ChatMessage]:
        """The open conversation, as shown (one version of each answer)."""
        return self.session.messages

    @property
    def stream_text(self) -> str:
        return self.live.stream_text if self.live is not None else ""

    def _show_session(self, session: ChatSession) -> None:
        self.session.shown = False
        self.session = session
        session.shown = True
        self.system_prompt.setPlainText(session.system_prompt)
        self._render_all()
        self.pin_button.setText("Unpin" if session.pinned else "Pin")
        for i in range(self.conv_list.count()):  # the list marks the conversation shown
            item = self.conv_list.item(i)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) == session.conversation_id)
        show_speed = getattr(self.window(), "show_speed", None)
        if callable(show_speed):
            show_speed(session.last_stats)  # the status bar speaks of this conversation
        self._update_buttons()

    def _got_default_prompt(self, text: str) -> None:
        self._default_prompt = text
        if self.conversation_id is None and not self.system_prompt.toPlainText():
            self.system_prompt.setPlainText(text)

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search all conversations…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search(self.search_box.text()))
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        lv.addWidget(self.search_box)
        self.conv_list = QListWidget()
        self.conv_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conv_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conv_list.itemClicked.connect(self._on_item_clicked)
        self.conv_list.itemActivated.connect(self._on_item_clicked)
        lv.addWidget(self.conv_list, 1)
        row1 = QHBoxLayout()
        self.new_button = QPushButton("New")
        self.new_button.clicked.connect(self.new_conversation)
        self.rename_button = QPushButton("Rename")
        self.rename_button.clicked.connect(self._ask_rename)
        self.pin_button = QPushButton("Pin")
        self.pin_button.clicked.connect(self.toggle_pin)
        for b in (self.new_button, self.rename_button, self.pin_button):
            row1.addWidget(b)
        lv.addLayout(row1)
        row2 = QHBoxLayout()
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._ask_delete)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.ask_export)
        self.import_button = QPushButton("Import…")
        self.import_button.clicked.connect(self._ask_import)
        row2.addWidget(self.delete_button)
        row2.addWidget(self.export_button)
        row2.addWidget(self.import_button)
        lv.addLayout(row2)
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        sys_row = QHBoxLayout()
        sys_label = QLabel("System prompt:")
        # The default prompt lives in desktop.history (SQLAlchemy import): fetched off-thread.
        self.system_prompt = SystemPromptEdit()
        self.system_prompt.setPlaceholderText("Clinical default system prompt")
        self.system_prompt.setToolTip("Instructions given to the model for this conversation.")
        self.system_prompt.sig_edited.connect(self._save_system_prompt)
        sys_row.addWidget(sys_label)
        sys_row.addWidget(self.system_prompt, 1)
        rv.addLayout(sys_row)
        self.transcript = TranscriptView()
        self.transcript.anchorClicked.connect(lambda url: self.source_opener(url))
        rv.addWidget(self.transcript, 1)
        self.examples = ExamplePrompts()
        self.examples.sig_chosen.connect(self._use_example)
        rv.addWidget(self.examples, 1)
        self.versions = VersionBar()
        self.versions.sig_step.connect(self.show_version)
        rv.addWidget(self.versions)
        self.speed_notice = QLabel("")
        self.speed_notice.setObjectName("speed_notice")
        self.speed_notice.setWordWrap(True)
        self.speed_notice.setStyleSheet(
            "QLabel#speed_notice { background: #fff4ce; color: #5c4400; padding: 4px 8px; }"
        )
        self.speed_notice.hide()
        rv.addWidget(self.speed_notice)
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(
            "Describe the case or ask a question (Ctrl+Enter to send). Include age, weight, "
            "renal/hepatic function, pregnancy and allergies for dosing questions."
        )
        self.input.setMaximumHeight(110)
        rv.addWidget(self.input)
        QShortcut(QKeySequence("Ctrl+Return"), self.input, activated=self.send_from_input)
        buttons = QHBoxLayout()
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send_from_input)
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self.stop)
        self.regen_button = QPushButton("Regenerate")
        self.regen_button.clicked.connect(self.regenerate)
        self.edit_button = QPushButton("Edit last question")
        self.edit_button.clicked.connect(self.edit_last)
        self.copy_button = QPushButton("Copy answer")
        self.copy_button.clicked.connect(self.copy_last_answer)
        for b in (self.send_button, self.stop_button, self.regen_button, self.edit_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.library_box = LibraryModeBox()
        buttons.addWidget(self.library_box)
        buttons.addWidget(self.copy_button)
        rv.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])
        self._update_buttons()

    def _update_buttons(self) -> None:
        generating = self.request is not None
        loaded = self.ctx.bridge.is_loaded
        has_answer = any(m.role == "assistant" for m in self.messages)
        self.send_button.setEnabled(not generating)
        if generating and self.live is not self.session:
            self.send_button.setToolTip("Another conversation is still being answered.")
        else:
            self.send_button.setToolTip(
                "" if loaded else "The model is still loading; it will answer once ready."
            )
        self.stop_button.setEnabled(generating)
        self.regen_button.setEnabled(not generating and has_answer)
        self.edit_button.setEnabled(not generating and any(m.role == "user" for m in self.messages))
        self.copy_button.setEnabled(has_answer or generating)
        has_conv = self.conversation_id is not None
        busy_here = generating and self.live is self.session
        for b in (self.rename_button, self.pin_button, self.delete_button, self.export_button):
            b.setEnabled(has_conv and not busy_here)
        self.examples.setVisible(not self.messages and not busy_here)
        self.transcript.setVisible(not self.examples.isVisible())
        last = len(self.messages) - 1
        if self.messages and self.messages[-1].role == "assistant" and not busy_here:
            self.versions.show_info(last, self.session.version_info(last))
        else:
            self.versions.show_info(last, None)

    # -- conversation list -------------------------------------------------------------
    def refresh_list(self) -> None:
        self.ctx.run_db(lambda: H.list_conversations(self.ctx.history), self._fill_list, self._db_error)

    def _fill_list(self, convs: list[H.ConversationRow]) -> None:
        if self.search_box.text().strip():
            return  # showing search results
        self.conv_list.clear()
        for conv in convs:  # pinned first (sorted by the history layer)
            item = QListWidgetItem(("📌 " if conv.pinned else "") + (conv.title or "Untitled"))
            item.setData(Qt.ItemDataRole.UserRole, conv.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, conv.pinned)
            item.setToolTip(conv.title)
            self.conv_list.addItem(item)
            if conv.id == self.conversation_id:
                item.setSelected(True)
        self.pin_button.setText("Unpin" if self._current_pinned() else "Pin")

    def _current_pinned(self) -> bool:
        for i in range(self.conv_list.count()):
            item = self.conv_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == self.conversation_id:
                return bool(item.data(Qt.ItemDataRole.UserRole + 1))
        return False

    def conversation_titles(self) -> list[str]:
        return [self.conv_list.item(i).text() for i in range(self.conv_list.count())]

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        conv_id = item.data(Qt.ItemDataRole.UserRole)
        if conv_id is not None:
            self.open_conversation(int(conv_id))

    def open_conversation(self, conv_id: int) -> None:
        """Show ``conv_id``; an answer streaming elsewhere keeps going in its own conversation."""
        live = self.live
        if live is not None and live.conversation_id == conv_id:
            self._show_session(live)
            return
        if conv_id in self._answered:
            self._show_session(self._answered[conv_id])
            return
        self.ctx.run_db(
            lambda: H.load_conversation(self.ctx.history, conv_id), self._show_conversation, self._db_error
        )

    def _show_conversation(self, loaded: H.LoadedConversation) -> None:
        live = self.live
        if live is not None and live.conversation_id == loaded.id:
            self._show_session(live)  # it started answering meanwhile: keep the live state
            return
        self._show_session(
            ChatSession.from_loaded(self._history, self.ctx.run_db, loaded, on_error=self._db_error)
        )

    def _render_all(self, count: int | None = None) -> None:
        """Show the conversation (its first ``count`` messages), then the live answer if any."""
        blocks = []
        for m in self.messages[:count]:
            if m.notice:
                blocks.append(notice_html(m.notice, m.notice_kind))
            note = "" if m.complete else ("(stopped)" if m.stopped else "(interrupted)")
            blocks.append(message_html(m.role, m.body, note))
            if m.sources:
                blocks.append(source_cards_html(m.sources))
        self.transcript.show_messages(blocks)
        live = self.live
        if live is not None and live is self.session and live.live:
            if live.stream_notice:
                self.transcript.append_notice(live.stream_notice, live.stream_kind)
            self.transcript.begin_stream()
            self.transcript.add_stream_text(live.stream_text)

    def new_conversation(self) -> None:
        """An empty conversation; an answer streaming elsewhere keeps going."""
        session = self._new_session()
        session.system_prompt = self.default_prompt()
        self._show_session(session)
        self.conv_list.clearSelection()
        self.input.setFocus()

    def _ask_rename(self) -> None:
        if self.conversation_id is None:
            return
        current = self.conv_list.currentItem()
        title, ok = QInputDialog.getText(
            self, "Rename conversation", "Title:", text=current.toolTip() if current else ""
        )
        if ok and title.strip():
            self.rename(title.strip())

    def rename(self, title: str) -> None:
        conv_id = self.conversation_id
        self.ctx.run_db(lambda: H.rename(self.ctx.history, conv_id, title), lambda _r: self.refresh_list())

    def toggle_pin(self) -> None:
        conv_id = self.conversation_id
        pinned = not self._current_pinned()
        self.session.pinned = pinned
        self.pin_button.setText("Unpin" if pinned else "Pin")
        self.ctx.run_db(
            lambda: H.set_pinned(self.ctx.history, conv_id, pinned), lambda _r: self.refresh_list()
        )

    def _ask_delete(self) -> None:
        if self.conversation_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete conversation", "Delete this conversation and all its messages?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_current()

    def delete_current(self) -> None:
        conv_id = self.conversation_id
        if self.live is self.session:
            self.stop()
        if conv_id is not None:
            self._answered.pop(conv_id, None)
        self.ctx.run_db(lambda: H.delete(self.ctx.history, conv_id), lambda _r: self.refresh_list())
        self.new_conversation()

    def _save_system_prompt(self) -> None:
        conv_id = self.conversation_id
        text = self.system_prompt.toPlainText()
        self.session.system_prompt = text
        if conv_id is not None:
            self.ctx.run_db(lambda: H.set_system_prompt(self.ctx.history, conv_id, text))

    # -- search and export -------------------------------------------------------------
    def search(self, query: str) -> None:
        query = query.strip()
        if not query:
            self.refresh_list()
            return
        self.ctx.run_db(lambda: H.search(self.ctx.history, query), self._show_hits, self._db_error)

    def _show_hits(self, hits: list[H.SearchHit]) -> None:
        self.conv_list.clear()
        if not hits:
            item = QListWidgetItem("No matches")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.conv_list.addItem(item)
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}\n   …{hit.snippet}…")
            item.setData(Qt.ItemDataRole.UserRole, hit.conversation_id)
            item.setToolTip(hit.snippet)
            self.conv_list.addItem(item)
        self.last_hits = hits

    def ask_export(self) -> None:
        if self.conversation_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export conversation",
            str(Path.home() / "conversation.md"),
            "Markdown (*.md);;JSON (*.json)",
        )
        if path:
            self.export(path)

    def export(self, path: str | Path) -> BackgroundTask:
        conv_id = self.conversation_id
        return self.ctx.run_db(
            lambda: H.export(self.ctx.history, conv_id, Path(path)),
            lambda _r: self._status(f"Exported to {path}{export_warning(self.ctx.settings)}"),
            self._db_error,
        )

    def _ask_import(self) -> None:
        path = history_import.ask_history_file(self)
        if path is not None:
            self.import_history(path)

    def import_history(self, path: str | Path) -> BackgroundTask:
        """Import conversations from a JSON export, then show them in the list."""
        path = Path(path)

        def done(n: int) -> None:
            self.refresh_list()
            self._status(f"Imported {n} conversation{'s' if n != 1 else ''} from {path.name}")

        def failed(exc: BaseException) -> None:
            self._db_error(exc)
            self.import_error_box = history_import.show_import_error(self, path, exc)

        return history_import.import_history_file(self.ctx, path, done, failed)

    # -- sending -----------------------------------------------------------------------
    def send_from_input(self) -> None:
        text = self.input.toPlainText().strip()
        if text and self.request is None:
            self.input.clear()
            self.send(text)

    def send(self, text: str) -> None:
        """Save the question now, show safety advice first, then stream the answer."""
        if self.request is not None:
            return
        session = self.session
        if self._editing_from is not None:
            session.truncate(self._editing_from)
            self._editing_from = None
            self._render_all()
        if session.conversation_id is None and not self.system_prompt.toPlainText().strip():
            self.system_prompt.setPlainText(self.default_prompt())
        session.system_prompt = self.system_prompt.toPlainText().strip()
        session.add_question(text, self._model_id(), self._created)
        self.transcript.append_message("user", text)
        self._generate(session, text, self.ctx.sampling())

    def _created(self, _conv_id: int) -> None:
        self.refresh_list()
        self._update_buttons()

    def _generate(
        self,
        session: ChatSession,
        user_text: str,
        sampling: SamplingSettings,
        plan: LibraryPlan | None = None,
    ) -> None:
        mode = self.library_box.mode
        if plan is None and mode is not LibraryMode.OFF:  # retrieve first, on the DB thread
            self.request = RETRIEVING  # keeps Send disabled meanwhile
            self._update_buttons()

            def planned(p: LibraryPlan) -> None:
                if self.request is RETRIEVING and self.session is session:  # still wanted
                    self._generate(session, user_text, sampling, p)

            self.ctx.run_db(lambda: L.plan(self.ctx, user_text, mode), planned, self._library_error)
            return
        self.request = None
        notice, kind, flags, assessment = H.safety_notice(user_text)
        last_user = max(i for i, m in enumerate(session.messages) if m.role == "user")
        prompt = H.prompt_messages(
            session.system_prompt, session.messages[: last_user + 1], assessment
        )
        if notice:
            self.transcript.append_notice(notice, kind)
        if plan is not None and plan.refusal:
            self._refuse(session, plan.refusal, notice, kind)
            return
        attach = None
        if plan is not None:
            prompt = augment_messages(prompt, plan)
            if plan.has_sources:
                attach = lambda writer: L.attach(self.ctx, writer, plan)  # noqa: E731
        session.library_plan = plan
        session.begin_answer(notice, kind, flags, self._model_id(), sampling, attach)
        self.live = session
        self.transcript.begin_stream(
            "" if self.ctx.bridge.is_loaded else "(waiting for the model…)"
        )
        request = self.ctx.bridge.chat(prompt, sampling)
        request.owner = session
        request.sig_token.connect(lambda text, event: self._on_token(session, text, event))
        request.sig_finished.connect(lambda result: self._on_finished(session, result))
        request.sig_error.connect(lambda message: self._on_error(session, message))
        self.request = request
        self._db_timer.start()
        self._update_buttons()

    def _model_id(self) -> str | None:
        return self.ctx.bridge.model_id

    def _on_token(self, session: ChatSession, text: str, event: StreamEvent) -> None:
        session.add_text(text)
        session.last_stats = event
        if session is self.session:
            self.transcript.add_stream_text(text)

    def _flush_pending(self) -> None:
        if self.live is not None:
            self.live.flush()

    def _answer_ended(self, session: ChatSession, final_text: str | None = None) -> None:
        if session.conversation_id is not None:
            self._answered[session.conversation_id] = session
        self._db_timer.stop()
        self.request = None
        self.live = None
        if session is self.session:
            self.transcript.stop_stream(final_text=final_text)
        self._update_buttons()

    def _on_finished(self, session: ChatSession, result: GenerationResult) -> None:
        plan, sources, final = session.library_plan, (), None
        if plan is not None and plan.has_sources:
            final, cited = finalize_answer(result.text, len(plan.passages))
            sources = tuple(
                dataclasses.replace(r, cited=r.number in cited) for r in L.records(plan)
            )

        def finalize(writer: StreamingMessageWriter) -> object:
            return L.finalize(self.ctx, writer)

        message = session.finish(result, final, sources, finalize if sources else None)
        self.ctx.run_db(lambda: None, lambda _r: self.refresh_list())
        self._answer_ended(session, final)
        if session is self.session and sources:
            self.transcript.append_html(source_cards_html(sources))
        if session is self.session and message.stopped:
            self.transcript.append_html(stopped_html())
        self._check_speed(result)

    def _on_error(self, session: ChatSession, message: str) -> None:
        session.fail(message)
        self._answer_ended(session)
        if session is self.session:
            self.transcript.append_notice(f"**The model could not answer:** {message}", "warning")
        self.last_error = message

    def _check_speed(self, result: GenerationResult) -> None:
        """Tell the user when answers come far slower than this model managed here before."""
        cfg = self.ctx.bridge.config
        if cfg is None or result.finish_reason == "cancelled":
            return
        size = Path(cfg.model_path).stat().st_size if Path(cfg.model_path).is_file() else 0
        hint = self.speed_watch.observe(
            cfg.model_path, result.tokens_per_second, result.completion_tokens, cfg.n_threads, size
        )
        self.speed_hint = hint.message if hint is not None else ""
        self.speed_notice.setText(self.speed_hint)
        self.speed_notice.setVisible(bool(self.speed_hint))

    def _refuse(self, session: ChatSession, refusal: str, notice: str, kind: str) -> None:
        """The library-only mode found nothing: say so (and save it), no model call."""
        self.transcript.append_message("assistant", refusal)
        session.add_answer_text(refusal, notice, kind)
        self.ctx.run_db(lambda: None, lambda _r: self.refresh_list())
        self._update_buttons()

    def _library_error(self, exc: BaseException) -> None:
        self.request = None
        self.last_error = f"The library could not be searched: {exc}"
        self.transcript.append_notice(f"**{self.last_error}**", "warning")
        self._update_buttons()

    def stop(self) -> None:
        if self.request is RETRIEVING:
            self.request = None  # the lookup's result will be dropped
            self._update_buttons()
        elif self.request is not None:
            self.request.stop()

    def regenerate(self) -> None:
        """Ask the last question again; the earlier answer stays as version ‹ 1/2 ›."""
        if self.request is not None or not self.messages:
            return
        session = self.session
        last_user = max(i for i, m in enumerate(session.messages) if m.role == "user")
        user_text = session.messages[last_user].text
        self._render_all(last_user + 1)  # the answer being replaced is hidden meanwhile
        self._generate(session, user_text, session.regenerate_sampling(self.ctx.sampling()))

    def previous_version(self) -> None:
        self.show_version(-1)

    def next_version(self) -> None:
        self.show_version(1)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _use_example(self, text: str) -> None:
        self.input.setPlainText(text)
        self.input.setFocus()

    def show_version(self, step: int) -> None:
        """‹ / ›: show the previous or next version of the last answer."""
        if self.request is not None and self.live is self.session:
            return
        if self.messages and self.session.show_version(len(self.messages) - 1, step):
            self._render_all()
            self._update_buttons()

    def edit_last(self) -> None:
        """Put the last question back in the composer; sending replaces it and its answer."""
        if self.request is not None:
            return
        users = [i for i, m in enumerate(self.messages) if m.role == "user"]
        if not users:
            return
        self._editing_from = users[-1]
        self.input.setPlainText(self.messages[users[-1]].text)
        self.input.setFocus()

    def copy_last_answer(self) -> str:
        text = self.stream_text if self.live is not None and self.live is self.session else ""
        if not text:
            answers = [m for m in self.messages if m.role == "assistant"]
            text = answers[-1].body if answers else ""
        QGuiApplication.clipboard().setText(text)
        return text

    # -- misc --------------------------------------------------------------------------
    def _status(self, message: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 5000)

    def _db_error(self, exc: BaseException) -> None:
        self.last_error = str(exc)
        self._status(f"History error: {exc}")

    def on_close(self) -> None:
        self.stop()
