"""Chat page: conversation list + streaming transcript + composer.

All database work is queued on ``ctx.run_db`` (one ordered thread); all model work goes
through ``ctx.bridge``. The GUI thread only renders.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

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

from desktop.library.answer import LibraryPlan, augment_messages, finalize_answer
from desktop.library.modes import LibraryMode
from desktop.ui import history_access as H
from desktop.ui import library_access as L
from desktop.ui.chat.render import message_html, notice_html
from desktop.ui.chat.sources import LibraryModeBox, open_source, source_cards_html
from desktop.ui.chat.transcript import TranscriptView
from desktop.ui.context import AppContext

RETRIEVING = "retrieving"  # ``request`` while library passages are being looked up
DB_FLUSH_MS = 250  # hand streamed text to the DB thread 4x/s (the writer flushes every second)


class ChatPage(QWidget):
    """Everything a clinician needs for a conversation with the local model."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.conversation_id: int | None = None
        self.messages: list[H.ChatMessage] = []  # the open conversation, as shown
        self.request: Any = None
        self.stream_text = ""
        self.stream_notice = ""
        self.last_error: str | None = None
        self._conv_ref: dict[str, Any] = {"id": None}
        self._writer_ref: dict[str, Any] = {}
        self._pending = ""
        self._editing_from: int | None = None  # index in self.messages of the message edited
        self.library_plan: LibraryPlan | None = None  # of the answer streaming
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

    def _got_default_prompt(self, text: str) -> None:
        self._default_prompt = text
        if self.conversation_id is None and not self.system_prompt.text():
            self.system_prompt.setText(text)
            self.system_prompt.setCursorPosition(0)

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
        self.search_box.textChanged.connect(lambda t: None if t else self.refresh_list())
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
        self.export_button.clicked.connect(self._ask_export)
        row2.addWidget(self.delete_button)
        row2.addWidget(self.export_button)
        lv.addLayout(row2)
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        sys_row = QHBoxLayout()
        sys_label = QLabel("System prompt:")
        # The default prompt lives in desktop.history (SQLAlchemy import): fetched off-thread.
        self.system_prompt = QLineEdit()
        self.system_prompt.setPlaceholderText("Clinical default system prompt")
        self.system_prompt.setCursorPosition(0)
        self.system_prompt.setToolTip("Instructions given to the model for this conversation.")
        self.system_prompt.editingFinished.connect(self._save_system_prompt)
        sys_row.addWidget(sys_label)
        sys_row.addWidget(self.system_prompt, 1)
        rv.addLayout(sys_row)
        self.transcript = TranscriptView()
        self.transcript.anchorClicked.connect(lambda url: self.source_opener(url))
        rv.addWidget(self.transcript, 1)
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
        self.send_button.setToolTip(
            "" if loaded else "The model is still loading; it will answer once ready."
        )
        self.stop_button.setEnabled(generating)
        self.regen_button.setEnabled(not generating and has_answer)
        self.edit_button.setEnabled(not generating and any(m.role == "user" for m in self.messages))
        self.copy_button.setEnabled(has_answer or generating)
        has_conv = self.conversation_id is not None
        for b in (self.rename_button, self.pin_button, self.delete_button, self.export_button):
            b.setEnabled(has_conv and not generating)

    # -- conversation list -------------------------------------------------------------
    def refresh_list(self) -> None:
        self.ctx.run_db(lambda: H.list_conversations(self.ctx), self._fill_list, self._db_error)

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
        if self.request is not None:
            self.stop()
        self.ctx.run_db(
            lambda: H.load_conversation(self.ctx, conv_id), self._show_conversation, self._db_error
        )

    def _show_conversation(self, loaded: H.LoadedConversation) -> None:
        self.conversation_id = loaded.id
        self._conv_ref = {"id": loaded.id}
        self.messages = list(loaded.messages)
        self.system_prompt.setText(loaded.system_prompt)
        self.system_prompt.setCursorPosition(0)
        self._render_all()
        self.pin_button.setText("Unpin" if loaded.pinned else "Pin")
        self._update_buttons()

    def _render_all(self) -> None:
        blocks = []
        for m in self.messages:
            if m.notice:
                blocks.append(notice_html(m.notice, m.notice_kind))
            blocks.append(message_html(m.role, m.body, "" if m.complete else "(interrupted)"))
            if m.sources:
                blocks.append(source_cards_html(m.sources))
        self.transcript.show_messages(blocks)

    def new_conversation(self) -> None:
        if self.request is not None:
            self.stop()
        self.conversation_id = None
        self._conv_ref = {"id": None}
        self.messages = []
        self.system_prompt.setText(self.default_prompt())
        self.system_prompt.setCursorPosition(0)
        self.transcript.show_messages([])
        self.conv_list.clearSelection()
        self._update_buttons()
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
        ref = self._conv_ref
        self.ctx.run_db(
            lambda: H.rename(self.ctx, ref["id"], title), lambda _r: self.refresh_list()
        )

    def toggle_pin(self) -> None:
        ref = self._conv_ref
        pinned = not self._current_pinned()
        self.pin_button.setText("Unpin" if pinned else "Pin")
        self.ctx.run_db(
            lambda: H.set_pinned(self.ctx, ref["id"], pinned), lambda _r: self.refresh_list()
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
        ref = self._conv_ref
        self.ctx.run_db(lambda: H.delete(self.ctx, ref["id"]), lambda _r: self.refresh_list())
        self.new_conversation()

    def _save_system_prompt(self) -> None:
        ref = self._conv_ref
        text = self.system_prompt.text()
        if ref["id"] is not None:
            self.ctx.run_db(lambda: H.set_system_prompt(self.ctx, ref["id"], text))

    # -- search and export -------------------------------------------------------------
    def search(self, query: str) -> None:
        query = query.strip()
        if not query:
            self.refresh_list()
            return
        self.ctx.run_db(lambda: H.search(self.ctx, query), self._show_hits, self._db_error)

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

    def _ask_export(self) -> None:
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

    def export(self, path: str | Path) -> Any:
        ref = self._conv_ref
        return self.ctx.run_db(
            lambda: H.export(self.ctx, ref["id"], Path(path)),
            lambda _r: self._status(f"Exported to {path}"),
            self._db_error,
        )

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
        if self._editing_from is not None:
            self._truncate(self._editing_from)
            self._editing_from = None
        ref = self._conv_ref
        if self.conversation_id is None and not self.system_prompt.text().strip():
            self.system_prompt.setText(self.default_prompt())
        system = self.system_prompt.text().strip()
        if ref["id"] is None:
            title = H.title_from(text)
            model_id = self._model_id()

            def create() -> int:
                ref["id"] = H.create(self.ctx, title, system, model_id)
                return ref["id"]

            self.ctx.run_db(create, self._created, self._db_error)
        user = H.ChatMessage(role="user", text=text)
        self.messages.append(user)
        self.transcript.append_message("user", text)
        self.ctx.run_db(lambda: H.add_user_message(self.ctx, ref["id"], text), None, self._db_error)
        self._generate(text)

    def _created(self, conv_id: int) -> None:
        self.conversation_id = conv_id
        self.refresh_list()
        self._update_buttons()

    def _generate(self, user_text: str, plan: LibraryPlan | None = None) -> None:
        mode = self.library_box.mode
        if plan is None and mode is not LibraryMode.OFF:  # retrieve first, on the DB thread
            self.request = RETRIEVING  # keeps Send disabled meanwhile
            self._update_buttons()
            ref = self._conv_ref

            def planned(p: LibraryPlan) -> None:
                if self.request is RETRIEVING and self._conv_ref is ref:  # still wanted
                    self._generate(user_text, p)

            self.ctx.run_db(lambda: L.plan(self.ctx, user_text, mode), planned, self._library_error)
            return
        self.request = None
        self.library_plan = plan
        notice, kind, flags, assessment = H.safety_notice(user_text)
        prompt = H.prompt_messages(self.system_prompt.text().strip(), self.messages, assessment)
        if notice:
            self.transcript.append_notice(notice, kind)
        if plan is not None and plan.refusal:
            self._refuse(plan.refusal, notice, kind)
            return
        if plan is not None:
            prompt = augment_messages(prompt, plan)
        self.stream_notice = notice
        self.stream_kind = kind
        self.stream_text = ""
        self._pending = ""
        ref = self._conv_ref
        writer_ref: dict[str, Any] = {}
        self._writer_ref = writer_ref
        sampling = self.ctx.sampling()
        model_id = self._model_id()
        prefix = H.notice_prefix(notice)
        self.ctx.run_db(
            lambda: writer_ref.setdefault(
                "w", H.start_answer(self.ctx, ref["id"], model_id, sampling, prefix)
            ),
            None,
            self._db_error,
        )
        if plan is not None and plan.has_sources:
            self.ctx.run_db(
                lambda: L.attach(self.ctx, writer_ref.get("w"), plan), None, self._db_error
            )
        self.transcript.begin_stream(
            "" if self.ctx.bridge.is_loaded else "(waiting for the model…)"
        )
        self.request = self.ctx.bridge.chat(prompt, sampling)
        self.request.sig_token.connect(self._on_token)
        self.request.sig_finished.connect(self._on_finished)
        self.request.sig_error.connect(self._on_error)
        self._answer_meta = {"notice": notice, "notice_kind": kind, "red_flags": flags}
        self._db_timer.start()
        self._update_buttons()

    def _model_id(self) -> str | None:
        cfg = self.ctx.bridge.config
        return Path(cfg.model_path).name if cfg else None

    def _on_token(self, text: str, _event: Any) -> None:
        self.stream_text += text
        self._pending += text
        self.transcript.add_stream_text(text)

    def _flush_pending(self) -> None:
        if self._pending:
            chunk, self._pending = self._pending, ""
            wref = self._writer_ref
            self.ctx.run_db(lambda: H.append_answer(wref.get("w"), chunk), None, self._db_error)

    def _on_finished(self, result: Any) -> None:
        self._db_timer.stop()
        self._flush_pending()
        plan, sources = self.library_plan, ()
        if plan is not None and plan.has_sources:
            final, cited = finalize_answer(result.text, len(plan.passages))
            sources = tuple(
                dataclasses.replace(r, cited=r.number in cited) for r in L.records(plan)
            )
            self.transcript.stop_stream(final_text=final)
            self.transcript.append_html(source_cards_html(sources))
        else:
            final = result.text
            self.transcript.stop_stream()
        stats = {**result.to_dict(), **self._answer_meta}
        stats.pop("text", None)
        wref = self._writer_ref

        def finish() -> None:
            H.finish_answer(wref.get("w"), result.finish_reason, stats)
            if sources:
                L.finalize(self.ctx, wref.get("w"))

        self.ctx.run_db(finish, lambda _r: self.refresh_list(), self._db_error)
        self.messages.append(
            H.ChatMessage(
                role="assistant",
                text=H.notice_prefix(self.stream_notice) + final,
                notice=self.stream_notice,
                notice_kind=self.stream_kind,
                complete=result.finish_reason != "cancelled",
                sources=sources,
            )
        )
        if result.finish_reason == "cancelled":
            self.transcript.append_html('<p style="color:#888888;"><i>(stopped)</i></p>')
        self.request = None
        self._update_buttons()

    def _on_error(self, message: str) -> None:
        self._db_timer.stop()
        self._flush_pending()
        self.transcript.stop_stream()
        self.transcript.append_notice(f"**The model could not answer:** {message}", "warning")
        wref = self._writer_ref
        self.ctx.run_db(
            lambda: H.finish_answer(wref.get("w"), "error", {"error": message}),
            None,
            self._db_error,
        )
        self.messages.append(H.ChatMessage(role="assistant", text=self.stream_text, complete=False))
        self.last_error = message
        self.request = None
        self._update_buttons()

    def _refuse(self, refusal: str, notice: str, kind: str) -> None:
        """The library-only mode found nothing: say so (and save it), no model call."""
        ref = self._conv_ref
        text = H.notice_prefix(notice) + refusal
        self.transcript.append_message("assistant", refusal)
        self.ctx.run_db(
            lambda: H.save_assistant_text(self.ctx, ref["id"], text, notice, kind),
            lambda _r: self.refresh_list(),
            self._db_error,
        )
        self.messages.append(
            H.ChatMessage(role="assistant", text=text, notice=notice, notice_kind=kind)
        )
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
        """Drop the last answer and ask again."""
        if self.request is not None or not self.messages:
            return
        last_user = max(i for i, m in enumerate(self.messages) if m.role == "user")
        user_text = self.messages[last_user].text
        self._truncate(last_user + 1)
        self._render_all()
        self._generate(user_text)

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

    def _truncate(self, index: int) -> None:
        """Delete messages ``index..`` from the view and (in order) from the database."""
        keep = len(self.messages[:index])
        self.messages = self.messages[:index]
        self._render_all()
        ref = self._conv_ref
        self.ctx.run_db(lambda: H.truncate(self.ctx, ref["id"], keep), None, self._db_error)

    def copy_last_answer(self) -> str:
        text = self.stream_text if self.request is not None else ""
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
