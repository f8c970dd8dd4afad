"""One conversation's state and its streaming writer, without Qt.

The chat page shows a session and forwards user actions and model events to it; the session
queues every database step on the ordered database thread (``run_db``) and keeps what the
user sees. Because each session owns its writer, an answer that is still streaming keeps
writing into its own conversation while the user reads another one.

Answer versions ("Regenerate") are sibling assistant messages after the same question: no
schema change. The chosen version is remembered in the messages' stats (``shown``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from desktop.chat import history_ops as H
from desktop.engine import GenerationResult, SamplingSettings
from desktop.history import HistoryStore
from desktop.history.sources import SourceRecord
from desktop.history.store import auto_title
from desktop.history.writer import StreamingMessageWriter
from desktop.library.answer import LibraryPlan

T = TypeVar("T")


class DbRunner(Protocol):
    """``AppContext.run_db``: run ``fn`` on the database thread, callbacks on the GUI thread."""

    def __call__(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> object: ...


@dataclass(frozen=True)
class VersionInfo:
    """Which answer version is shown at a visible index: ``number`` of ``count`` (1-based)."""

    number: int
    count: int


@dataclass
class ChatSession:
    """State of one conversation: its messages (all versions), choices and live answer."""

    history: Callable[[], HistoryStore]  # the store, asked for on the database thread
    run_db: DbRunner
    on_error: Callable[[BaseException], None] | None = None
    conversation_id: int | None = None
    title: str = ""
    pinned: bool = False
    system_prompt: str = ""
    raw: list[H.ChatMessage] = field(default_factory=list)  # every stored message, in order
    choice: dict[int, int] = field(default_factory=dict)  # version group start -> raw index
    # the live answer
    live: bool = False
    stream_text: str = ""
    stream_notice: str = ""
    stream_kind: str = "emergency"
    answer_meta: dict[str, Any] = field(default_factory=dict)
    last_stats: object | None = None  # StreamEvent / GenerationResult of its latest answer
    library_plan: LibraryPlan | None = None  # the library passages behind the live answer
    shown: bool = False  # set by the page: is this the conversation on screen?
    _ref: dict[str, int | None] = field(default_factory=lambda: {"id": None})
    _writer: dict[str, StreamingMessageWriter] = field(default_factory=dict)
    _pending: str = ""
    _regen_count: int = 0

    # -- loading -----------------------------------------------------------------------
    @classmethod
    def from_loaded(
        cls,
        history: Callable[[], HistoryStore],
        run_db: DbRunner,
        loaded: H.LoadedConversation,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> ChatSession:
        session = cls(history, run_db, on_error, conversation_id=loaded.id, title=loaded.title)
        session.pinned = loaded.pinned
        session.system_prompt = loaded.system_prompt
        session._ref["id"] = loaded.id
        session.raw = list(loaded.messages)
        for start, members in session._groups():
            chosen = [i for i in members if session.raw[i].shown]
            if chosen:
                session.choice[start] = chosen[-1]
        return session

    # -- versions ----------------------------------------------------------------------
    def _groups(self) -> list[tuple[int, list[int]]]:
        """Runs of consecutive assistant messages (the versions of one answer)."""
        groups: list[tuple[int, list[int]]] = []
        for i, m in enumerate(self.raw):
            if m.role == "assistant" and i > 0 and self.raw[i - 1].role == "assistant":
                groups[-1][1].append(i)
            elif m.role == "assistant":
                groups.append((i, [i]))
        return groups

    def _visible_raw(self) -> list[int]:
        """Raw indexes of the messages on screen: one chosen version per answer."""
        out: list[int] = []
        groups = {start: members for start, members in self._groups()}
        i = 0
        while i < len(self.raw):
            members = groups.get(i)
            if members is None:
                out.append(i)
                i += 1
                continue
            out.append(self.choice.get(i, members[-1]))
            i = members[-1] + 1
        return out

    @property
    def messages(self) -> list[H.ChatMessage]:
        """The conversation as shown (and as the model sees it)."""
        return [self.raw[i] for i in self._visible_raw()]

    def version_info(self, visible_index: int) -> VersionInfo:
        raw_index = self._visible_raw()[visible_index]
        group = self._group_of(raw_index)
        if group is None:
            return VersionInfo(1, 1)
        return VersionInfo(group[1].index(raw_index) + 1, len(group[1]))

    def _group_of(self, raw_index: int) -> tuple[int, list[int]] | None:
        return next(((s, m) for s, m in self._groups() if raw_index in m), None)

    def show_version(self, visible_index: int, step: int) -> bool:
        """Show the previous (-1) or next (+1) version of the answer at ``visible_index``."""
        if self.live:
            return False
        group = self._group_of(self._visible_raw()[visible_index])
        if group is None:
            return False
        start, members = group
        pos = members.index(self._visible_raw()[visible_index]) + step
        if not 0 <= pos < len(members):
            return False
        self.choice[start] = members[pos]
        self._save_choice(members[pos])
        return True

    def _save_choice(self, raw_index: int) -> None:
        """Remember the chosen version of the group holding ``raw_index`` once all are saved."""
        group = self._group_of(raw_index)
        if group is None or len(group[1]) < 2:
            return
        start, members = group
        versions = [self.raw[i] for i in members]
        shown = self.raw[self.choice.get(start, members[-1])]

        def save() -> None:
            # Ids are read here, on the database thread: an answer queued before this job has
            # been saved (and its id set) by now, even if its GUI callback has not run yet.
            ids = [m.id for m in versions]
            if shown.id is None or None in ids:
                return  # an answer that failed to save: nothing to remember
            H.set_shown_version(self.history(), shown.id, [int(i) for i in ids if i is not None])

        self.run_db(save, None, self.on_error)

    # -- sending -----------------------------------------------------------------------
    def add_question(
        self, text: str, model_id: str | None, on_created: Callable[[int], None]
    ) -> None:
        """Save the question (creating the conversation first if it is new)."""
        ref = self._ref
        if ref["id"] is None:
            title = auto_title(text)
            system = self.system_prompt

            def create() -> int:
                ref["id"] = H.create(self.history(), title, system, model_id)
                return int(ref["id"])

            def created(conv_id: int) -> None:
                self.conversation_id = conv_id
                on_created(conv_id)

            self.run_db(create, created, self.on_error)
        user = H.ChatMessage(role="user", text=text)
        self.raw.append(user)

        def save() -> int:
            return H.add_user_message(self.history(), int(ref["id"] or 0), text)

        self.run_db(save, lambda mid: setattr(user, "id", mid), self.on_error)

    def truncate(self, visible_index: int) -> None:
        """Drop the visible message at ``visible_index`` and everything after it (all versions)."""
        visible = self._visible_raw()
        keep = visible[visible_index] if visible_index < len(visible) else len(self.raw)
        self.raw = self.raw[:keep]
        self.choice = {s: c for s, c in self.choice.items() if c < keep}
        ref = self._ref
        self.run_db(lambda: H.truncate(self.history(), ref["id"], keep), None, self.on_error)

    def regenerate_sampling(self, sampling: SamplingSettings) -> SamplingSettings:
        """A new answer each time: a fixed user seed moves on by one per regeneration."""
        self._regen_count += 1
        if sampling.seed is None:
            return sampling
        data = sampling.to_dict()
        data["seed"] = (sampling.seed + self._regen_count) % 2**32
        return SamplingSettings.from_dict(data)

    def begin_answer(
        self,
        notice: str,
        kind: str,
        flags: list[str],
        model_id: str | None,
        sampling: SamplingSettings,
        after_start: Callable[[StreamingMessageWriter], object] | None = None,
    ) -> None:
        """Create the (incomplete) assistant message and its writer on the database thread.

        With an answer already after the last question (regenerate), the new one becomes its
        next version: the earlier ones stay, reachable with ‹ ›. ``after_start(writer)`` runs
        there too, right after (e.g. to save the library passages given to the model).
        """
        self.live = True
        self.stream_text = ""
        self.stream_notice = notice
        self.stream_kind = kind
        self._pending = ""
        self.answer_meta = {"notice": notice, "notice_kind": kind, "red_flags": flags}
        ref = self._ref
        # A new holder per answer: the previous answer's close job may still be queued on the
        # database thread and must find its own writer there, not this one (or none).
        writer: dict[str, StreamingMessageWriter] = {}
        self._writer = writer
        prefix = H.notice_prefix(notice)

        def start() -> None:
            writer["w"] = H.start_answer(
                self.history(), int(ref["id"] or 0), model_id, sampling, prefix
            )
            if after_start is not None:
                after_start(writer["w"])

        self.run_db(start, None, self.on_error)

    def add_text(self, piece: str) -> None:
        self.stream_text += piece
        self._pending += piece

    def flush(self) -> None:
        """Hand the text streamed since the last call to the database thread."""
        if self._pending:
            chunk, self._pending = self._pending, ""
            writer = self._writer
            self.run_db(lambda: H.append_answer(writer.get("w"), chunk), None, self.on_error)

    def _close_answer(
        self,
        message: H.ChatMessage,
        reason: str,
        stats: dict[str, Any],
        after_close: Callable[[StreamingMessageWriter], object] | None = None,
    ) -> None:
        self.flush()
        writer = self._writer
        self.live = False
        self.library_plan = None

        def close() -> int | None:
            w = writer.get("w")
            H.finish_answer(w, reason, stats)
            if w is not None and after_close is not None:
                after_close(w)
            message.id = w.message_id if w is not None else None  # before later queued jobs
            return message.id

        def closed(_mid: int | None) -> None:
            index = next((i for i, m in enumerate(self.raw) if m is message), None)
            if index is not None:  # (dropped meanwhile by edit-and-resend)
                self._save_choice(index)

        self.run_db(close, closed, self.on_error)
        self.raw.append(message)
        group = self._group_of(len(self.raw) - 1)
        if group is not None:
            self.choice[group[0]] = len(self.raw) - 1  # the newest version is shown

    def finish(
        self,
        result: GenerationResult,
        final_text: str | None = None,
        sources: tuple[SourceRecord, ...] = (),
        after_close: Callable[[StreamingMessageWriter], object] | None = None,
    ) -> H.ChatMessage:
        """The answer ended (done, length or stopped by the user): save it as a message.

        ``final_text`` replaces the streamed text on screen (citations cleaned), ``sources``
        are the passages it was given; ``after_close(writer)`` runs on the database thread
        once the message is saved."""
        stats = {**result.to_dict(), **self.answer_meta}
        stats.pop("text", None)
        self.last_stats = result
        cancelled = result.finish_reason == "cancelled"
        message = H.ChatMessage(
            role="assistant",
            text=H.notice_prefix(self.stream_notice)
            + (result.text if final_text is None else final_text),
            notice=self.stream_notice,
            notice_kind=self.stream_kind,
            complete=not cancelled,
            stopped=cancelled,
            sources=sources,
        )
        self._close_answer(message, result.finish_reason, stats, after_close)
        return message

    def add_answer_text(self, text: str, notice: str, kind: str) -> H.ChatMessage:
        """An answer that needed no model (a library-only refusal): save it as it is."""
        ref = self._ref
        full = H.notice_prefix(notice) + text
        message = H.ChatMessage(role="assistant", text=full, notice=notice, notice_kind=kind)

        def save() -> int:
            message.id = H.save_assistant_text(
                self.history(), int(ref["id"] or 0), full, notice, kind
            )
            return message.id

        self.run_db(save, None, self.on_error)
        self.raw.append(message)
        return message

    def fail(self, error: str) -> H.ChatMessage:
        message = H.ChatMessage(role="assistant", text=self.stream_text, complete=False)
        self._close_answer(message, "error", {"error": error})
        return message
