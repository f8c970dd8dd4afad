"""``HistoryStore``: conversations and messages in SQLite, with streaming, search and export.

Every method opens its own short session, so one store may be shared by threads (the app's
database thread and the writers' flush timers). Results are plain frozen dataclasses, safe to
hand to the GUI thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from desktop.history.errors import (
    ConversationNotFoundError,
    HistoryError,
    MessageNotFoundError,
)
from desktop.history.export import (
    export_markdown,
    export_payload,
    import_payload,
    write_export,
)
from desktop.history.prompts import DEFAULT_SYSTEM_PROMPT, DEFAULT_TITLE
from desktop.history.records import (
    ConversationInfo,
    MessageInfo,
    SamplingInput,
    SearchHit,
    StatsInput,
)
from desktop.history.search import ELLIPSIS, HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, build_fts_query
from desktop.history.sources import SourceRecord
from desktop.history.tables import (
    FTS_TABLE,
    ROLES,
    Conversation,
    Message,
    MessageSource,
    utcnow,
)
from desktop.history.writer import MessageSink, StreamingMessageWriter
from desktop.storage.db import open_database

TITLE_MAX = 200
AUTO_TITLE_CHARS = 60
STAT_KEYS = ("tokens_per_second", "prompt_tokens", "completion_tokens", "finish_reason")


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str))


def normalize_stats(stats: StatsInput) -> dict[str, Any]:
    """A JSON dict from ``None``, a dict, or an engine ``GenerationResult``."""
    if stats is None:
        return {}
    if isinstance(stats, dict):
        data = dict(stats)
    elif hasattr(stats, "to_dict"):
        data = dict(stats.to_dict())
    else:
        raise TypeError(f"stats must be a dict or a GenerationResult, not {type(stats).__name__}")
    for key in STAT_KEYS:
        if key not in data and hasattr(stats, key):
            data[key] = getattr(stats, key)
    data.pop("text", None)  # the text lives in the message itself
    return _jsonable(data)


def normalize_sampling(sampling: SamplingInput) -> dict[str, Any] | None:
    """A JSON dict from ``None``, a dict or a ``SamplingSettings``."""
    if sampling is None:
        return None
    if isinstance(sampling, dict):
        return _jsonable(sampling)
    if hasattr(sampling, "to_dict"):
        return _jsonable(sampling.to_dict())
    raise TypeError(f"sampling must be a dict or SamplingSettings, not {type(sampling).__name__}")


def _conv_info(conv: Conversation, count: int = 0) -> ConversationInfo:
    return ConversationInfo(
        id=conv.id,
        title=conv.title,
        pinned=bool(conv.pinned),
        system_prompt=conv.system_prompt,
        model_id=conv.model_id,
        created_at=conv.created_at,
        updated_at=conv.updated_at,
        message_count=count,
    )


def _source_record(row: MessageSource) -> SourceRecord:
    return SourceRecord(
        number=row.number,
        title=row.title,
        path=row.path,
        page=row.page,
        text=row.text,
        char_start=row.char_start,
        char_end=row.char_end,
        chunk_id=row.chunk_id,
        terms=tuple(row.terms.split()),
        cited=bool(row.cited),
    )


def _msg_info(
    msg: Message, extra_text: str = "", sources: tuple[SourceRecord, ...] = ()
) -> MessageInfo:
    return MessageInfo(
        id=msg.id,
        conversation_id=msg.conversation_id,
        role=msg.role,
        text=msg.text + extra_text,
        model_id=msg.model_id,
        sampling=dict(msg.sampling) if msg.sampling is not None else None,
        stats=dict(msg.stats) if msg.stats is not None else None,
        complete=bool(msg.complete),
        created_at=msg.created_at,
        updated_at=msg.updated_at,
        sources=sources,
    )


def _source_row(message_id: int, src: SourceRecord) -> MessageSource:
    return MessageSource(
        message_id=message_id,
        number=src.number,
        chunk_id=src.chunk_id,
        title=src.title[:300],
        path=src.path,
        page=src.page,
        char_start=src.char_start,
        char_end=src.char_end,
        text=src.text,
        terms=" ".join(src.terms),
        cited=src.cited,
    )


def _clean_title(title: str) -> str:
    if not isinstance(title, str):
        raise TypeError("title must be a string")
    title = " ".join(title.split())
    return title[:TITLE_MAX]


def auto_title(first_message: str, limit: int = AUTO_TITLE_CHARS) -> str:
    """A short conversation title from the first user message: its words up to ``limit``
    characters, then an ellipsis."""
    words = " ".join(first_message.split())
    if len(words) <= limit:
        return words or DEFAULT_TITLE
    cut = words[:limit].rsplit(" ", 1)[0] or words[:limit]
    return cut + "…"


class HistoryStore:
    """Chat history on one SQLite database (a path, or an engine from ``open_database``)."""

    def __init__(self, db: str | Path | Engine) -> None:
        if isinstance(db, Engine):
            self.engine = db
            self._owns_engine = False
        else:
            self.engine = open_database(Path(db))
            self._owns_engine = True
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.message_sink: MessageSink = _StoreSink(self)  # the writers' narrow way back in
        self._writers: dict[int, StreamingMessageWriter] = {}
        self._writers_lock = threading.Lock()

    @property
    def path(self) -> Path | None:
        database = self.engine.url.database
        return Path(database) if database else None

    def close(self) -> None:
        """Flush every open streaming writer and release the engine (if this store made it)."""
        self.flush_all()
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # -- conversations -------------------------------------------------------------------
    def create_conversation(
        self,
        title: str = DEFAULT_TITLE,
        system_prompt: str | None = None,
        model_id: str | None = None,
        pinned: bool = False,
    ) -> ConversationInfo:
        """New conversation; ``system_prompt=None`` uses :data:`DEFAULT_SYSTEM_PROMPT`."""
        prompt = DEFAULT_SYSTEM_PROMPT if system_prompt is None else system_prompt
        with self._session() as s:
            now = utcnow()
            conv = Conversation(
                title=_clean_title(title),
                system_prompt=prompt,
                model_id=model_id,
                pinned=pinned,
                created_at=now,
                updated_at=now,
            )
            s.add(conv)
            s.flush()
            return _conv_info(conv)

    def get_conversation(self, conversation_id: int) -> ConversationInfo:
        with self._session() as s:
            conv = self._conv(s, conversation_id)
            count = s.scalar(
                select(func.count(Message.id)).where(Message.conversation_id == conversation_id)
            )
            return _conv_info(conv, int(count or 0))

    def list_conversations(
        self, limit: int | None = None, offset: int = 0
    ) -> list[ConversationInfo]:
        """Pinned first, then most recently updated."""
        counts = (
            select(Message.conversation_id, func.count(Message.id).label("n"))
            .group_by(Message.conversation_id)
            .subquery()
        )
        query = (
            select(Conversation, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.conversation_id == Conversation.id)
            .order_by(
                Conversation.pinned.desc(), Conversation.updated_at.desc(), Conversation.id.desc()
            )
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._session() as s:
            return [_conv_info(conv, int(n)) for conv, n in s.execute(query).all()]

    def rename_conversation(self, conversation_id: int, title: str) -> ConversationInfo:
        return self._update_conv(conversation_id, title=_clean_title(title))

    def pin_conversation(self, conversation_id: int, pinned: bool = True) -> ConversationInfo:
        return self._update_conv(conversation_id, pinned=bool(pinned), touch=False)

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> ConversationInfo:
        if not isinstance(system_prompt, str):
            raise TypeError("system_prompt must be a string")
        return self._update_conv(conversation_id, system_prompt=system_prompt)

    def set_conversation_model(
        self, conversation_id: int, model_id: str | None
    ) -> ConversationInfo:
        return self._update_conv(conversation_id, model_id=model_id)

    def delete_conversation(self, conversation_id: int) -> None:
        with self._session() as s:
            conv = self._conv(s, conversation_id)
            ids = list(s.scalars(select(Message.id).where(Message.conversation_id == conv.id)))
            s.execute(delete(Message).where(Message.conversation_id == conv.id))
            s.delete(conv)
        self._drop_writers(ids)

    def clear_all(self) -> int:
        """Delete every conversation; return how many there were."""
        with self._session() as s:
            n = s.scalar(select(func.count(Conversation.id))) or 0
            s.execute(delete(Message))
            s.execute(delete(Conversation))
        self._drop_writers(list(self._writers))
        return int(n)

    # -- messages ------------------------------------------------------------------------
    def add_message(
        self,
        conversation_id: int,
        role: str,
        text: str,
        model_id: str | None = None,
        sampling: SamplingInput = None,
        stats: StatsInput = None,
        complete: bool = True,
        *,
        title_from_text: bool = False,
    ) -> MessageInfo:
        """Add a message; ``title_from_text`` titles an untitled conversation after it."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)} (got {role!r})")
        if not isinstance(text, str):
            raise TypeError("message text must be a string")
        with self._session() as s:
            conv = self._conv(s, conversation_id)
            now = utcnow()
            msg = Message(
                conversation_id=conv.id,
                role=role,
                text=text,
                model_id=model_id,
                sampling=normalize_sampling(sampling),
                stats=normalize_stats(stats) if stats is not None else None,
                complete=complete,
                created_at=now,
                updated_at=now,
            )
            s.add(msg)
            conv.updated_at = now
            if model_id is not None:
                conv.model_id = model_id
            if title_from_text and conv.title in ("", DEFAULT_TITLE) and text.strip():
                conv.title = _clean_title(auto_title(text))
            s.flush()
            return _msg_info(msg)

    def add_user_message(self, conversation_id: int, text: str) -> MessageInfo:
        """Add the user's message; an untitled conversation is titled after its first one."""
        return self.add_message(conversation_id, "user", text, title_from_text=True)

    def begin_assistant_message(
        self,
        conversation_id: int,
        model_id: str | None = None,
        sampling: SamplingInput = None,
        flush_interval: float = 1.0,
        on_flush: Callable[[int], None] | None = None,
    ) -> int:
        """Create an empty, incomplete assistant message and its streaming writer; return its id.

        Then call :meth:`append_to_message` per piece and :meth:`finish_message` (or
        :meth:`cancel_message` / :meth:`fail_message`).
        """
        info = self.add_message(
            conversation_id, "assistant", "", model_id=model_id, sampling=sampling, complete=False
        )
        writer = StreamingMessageWriter(self.message_sink, info.id, flush_interval, on_flush=on_flush)
        with self._writers_lock:
            self._writers[info.id] = writer
        return info.id

    def writer(self, message_id: int) -> StreamingMessageWriter:
        """The streaming writer of ``message_id`` (made on demand for an existing message)."""
        with self._writers_lock:
            writer = self._writers.get(message_id)
            if writer is not None:
                return writer
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                raise MessageNotFoundError(message_id)
            initial = len(msg.text)
        with self._writers_lock:
            writer = self._writers.setdefault(
                message_id, StreamingMessageWriter(self.message_sink, message_id, initial_chars=initial)
            )
        return writer

    def append_to_message(self, message_id: int, piece: str) -> None:
        """Buffer a streamed piece; committed at least every ``flush_interval`` seconds."""
        self.writer(message_id).append(piece)

    def flush_message(self, message_id: int) -> int:
        """Commit buffered text now; return the committed length of the message."""
        return self.writer(message_id).flush()

    def flush_all(self) -> None:
        with self._writers_lock:
            writers = list(self._writers.values())
        for writer in writers:
            writer.flush()

    def finish_message(self, message_id: int, stats: StatsInput = None) -> MessageInfo | None:
        """Commit the rest, store ``stats`` (dict or ``GenerationResult``), mark complete.

        A ``finish_reason`` of ``"cancelled"`` or ``"error"`` in ``stats`` leaves the message
        incomplete. Returns ``None`` if the message was deleted meanwhile.
        """
        data = normalize_stats(stats)
        reason = data.get("finish_reason")
        if reason in ("cancelled", "error"):
            return self.writer(message_id).close(data, False, reason, data.get("error"))
        return self.writer(message_id).finish(data)

    def cancel_message(self, message_id: int, stats: StatsInput = None) -> MessageInfo | None:
        return self.writer(message_id).cancel(stats)

    def fail_message(
        self, message_id: int, error: BaseException | str, stats: StatsInput = None
    ) -> MessageInfo | None:
        return self.writer(message_id).fail(error, stats)

    def get_message(self, message_id: int) -> MessageInfo:
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                raise MessageNotFoundError(message_id)
            sources = self._sources(s, [msg.id]).get(msg.id, ())
            return _msg_info(msg, self._pending(msg.id), sources)

    def get_messages(self, conversation_id: int) -> list[MessageInfo]:
        """Messages in order; a streaming message includes its not yet committed text."""
        with self._session() as s:
            self._conv(s, conversation_id)
            rows = s.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.id)
            ).all()
            sources = self._sources(s, [m.id for m in rows])
            return [_msg_info(m, self._pending(m.id), sources.get(m.id, ())) for m in rows]

    def chat_messages(self, conversation_id: int) -> list[dict[str, str]]:
        """``[{"role", "content"}]`` for the engine: system prompt, then non-empty messages."""
        conv = self.get_conversation(conversation_id)
        out: list[dict[str, str]] = []
        if conv.system_prompt.strip():
            out.append({"role": "system", "content": conv.system_prompt})
        for msg in self.get_messages(conversation_id):
            if msg.text:
                out.append({"role": msg.role, "content": msg.text})
        return out

    def edit_message(self, message_id: int, text: str, delete_after: bool = True) -> MessageInfo:
        """Replace a message's text; by default drop every later message (edit-and-resend)."""
        if not isinstance(text, str):
            raise TypeError("message text must be a string")
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                raise MessageNotFoundError(message_id)
            now = utcnow()
            msg.text = text
            msg.updated_at = now
            dropped: list[int] = []
            if delete_after:
                dropped = self._delete_after(s, msg, inclusive=False)
            conv = self._conv(s, msg.conversation_id)
            conv.updated_at = now
            s.flush()
            info = _msg_info(msg)
        self._drop_writers([message_id, *dropped])
        return info

    def delete_messages_after(self, message_id: int, inclusive: bool = False) -> int:
        """Delete the messages after ``message_id`` (and it, if ``inclusive``); return the count.

        For "regenerate": ``delete_messages_after(assistant_id, inclusive=True)``.
        """
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                raise MessageNotFoundError(message_id)
            conversation_id = msg.conversation_id
            dropped = self._delete_after(s, msg, inclusive)
            self._conv(s, conversation_id).updated_at = utcnow()
        self._drop_writers(dropped)
        return len(dropped)

    def update_stats(self, message_id: int, values: dict[str, Any]) -> MessageInfo:
        """Merge ``values`` into a message's stats (e.g. which answer version is shown)."""
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                raise MessageNotFoundError(message_id)
            msg.stats = {**(msg.stats or {}), **_jsonable(values)}
            s.flush()
            return _msg_info(msg)

    def delete_message(self, message_id: int) -> None:
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                raise MessageNotFoundError(message_id)
            s.delete(msg)
        self._drop_writers([message_id])

    # -- library sources -----------------------------------------------------------------
    def set_sources(self, message_id: int, sources: list[SourceRecord]) -> None:
        """Store (replacing any before) the passages given to the model for a message."""
        with self._session() as s:
            if s.get(Message, message_id) is None:
                raise MessageNotFoundError(message_id)
            s.execute(delete(MessageSource).where(MessageSource.message_id == message_id))
            s.add_all(_source_row(message_id, src) for src in sources)

    def mark_cited(self, message_id: int, numbers: list[int]) -> None:
        """Record which of a message's sources its final text cites."""
        with self._session() as s:
            for row in s.scalars(
                select(MessageSource).where(MessageSource.message_id == message_id)
            ):
                row.cited = row.number in numbers

    def get_sources(self, message_id: int) -> tuple[SourceRecord, ...]:
        with self._session() as s:
            return self._sources(s, [message_id]).get(message_id, ())

    def _sources(self, s: Session, ids: list[int]) -> dict[int, tuple[SourceRecord, ...]]:
        if not ids:
            return {}
        out: dict[int, list[SourceRecord]] = {}
        rows = s.scalars(
            select(MessageSource)
            .where(MessageSource.message_id.in_(ids))
            .order_by(MessageSource.message_id, MessageSource.number)
        )
        for row in rows:
            out.setdefault(row.message_id, []).append(_source_record(row))
        return {k: tuple(v) for k, v in out.items()}

    # -- search --------------------------------------------------------------------------
    def search(
        self, query: str, limit: int = 50, conversation_id: int | None = None
    ) -> list[SearchHit]:
        """Full-text search over every message (best matches first).

        Any user text is safe: words are quoted, so ``"``, ``AND(``, ``*`` never raise.
        """
        match = build_fts_query(query)
        if match is None:
            return []
        sql = (
            f"SELECT m.id, m.conversation_id, c.title, m.role, "
            f"snippet({FTS_TABLE}, 0, :open, :close, :ellipsis, 16) AS snip, "
            f"bm25({FTS_TABLE}) AS rank "
            f"FROM {FTS_TABLE} JOIN messages m ON m.id = {FTS_TABLE}.rowid "
            f"JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE {FTS_TABLE} MATCH :match"
        )
        params: dict[str, Any] = {
            "open": HIGHLIGHT_OPEN,
            "close": HIGHLIGHT_CLOSE,
            "ellipsis": ELLIPSIS,
            "match": match,
            "limit": max(1, int(limit)),
        }
        if conversation_id is not None:
            sql += " AND m.conversation_id = :cid"
            params["cid"] = conversation_id
        sql += " ORDER BY rank, m.id DESC LIMIT :limit"
        with self._session() as s:
            rows = s.execute(text(sql), params).all()
        return [
            SearchHit(
                conversation_id=row.conversation_id,
                message_id=row.id,
                conversation_title=row.title,
                role=row.role,
                raw_snippet=row.snip or "",
                rank=float(row.rank),
            )
            for row in rows
        ]

    # -- export / import -----------------------------------------------------------------
    def export_json(self, conversation_id: int | None = None) -> dict[str, Any]:
        """One conversation (or all, oldest first) as a JSON-ready dict."""
        return export_payload(self, conversation_id)

    def export_markdown(self, conversation_id: int | None = None) -> str:
        return export_markdown(self, conversation_id)

    def write_export(
        self, path: str | Path, fmt: str = "json", conversation_id: int | None = None
    ) -> Path:
        """Write an export file (``fmt`` "json" or "markdown"), owner-only, atomically."""
        return write_export(self, path, fmt, conversation_id)

    def import_json(self, source: dict[str, Any] | str | Path) -> list[int]:
        """Import an export (dict, JSON text or file path) as new conversations; all or nothing."""
        return import_payload(self, source)

    # -- internals -----------------------------------------------------------------------
    def _conv(self, s: Session, conversation_id: int) -> Conversation:
        conv = s.get(Conversation, conversation_id)
        if conv is None:
            raise ConversationNotFoundError(conversation_id)
        return conv

    def _update_conv(
        self, conversation_id: int, touch: bool = True, **values: str | bool | None
    ) -> ConversationInfo:
        with self._session() as s:
            conv = self._conv(s, conversation_id)
            for key, value in values.items():
                setattr(conv, key, value)
            if touch:
                conv.updated_at = utcnow()
            s.flush()
            return _conv_info(conv)

    def _delete_after(self, s: Session, msg: Message, inclusive: bool) -> list[int]:
        cond = Message.id >= msg.id if inclusive else Message.id > msg.id
        where = (Message.conversation_id == msg.conversation_id, cond)  # read before expiry
        ids = list(s.scalars(select(Message.id).where(*where)))
        if ids:
            s.execute(delete(Message).where(*where).execution_options(synchronize_session=False))
            s.expire_all()
        return ids

    def _pending(self, message_id: int) -> str:
        with self._writers_lock:
            writer = self._writers.get(message_id)
        return writer.pending_text if writer is not None else ""

    def _drop_writers(self, ids: list[int]) -> None:
        with self._writers_lock:
            writers = [self._writers.pop(i) for i in ids if i in self._writers]
        for writer in writers:
            writer.discard()

    def add_conversations(
        self,
        conversations: list[Conversation],
        sources: list[tuple[Message, list[SourceRecord]]] | None = None,
    ) -> list[int]:
        """Insert fully built conversations (with their messages and the library passages
        of some messages) in one transaction."""
        with self._session() as s:
            s.add_all(conversations)
            s.flush()
            for msg, records in sources or []:
                s.add_all(_source_row(msg.id, src) for src in records)
            return [c.id for c in conversations]

    def _forget_writer(self, message_id: int, writer: StreamingMessageWriter) -> None:
        with self._writers_lock:
            if self._writers.get(message_id) is writer:
                del self._writers[message_id]

    def _append_text(self, message_id: int, piece: str) -> None:
        """Commit ``piece`` at the end of the message (no-op if it was deleted)."""
        with self._session() as s:
            s.execute(
                update(Message)
                .where(Message.id == message_id)
                .values(text=Message.text + piece, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )

    def _finalize_message(
        self,
        message_id: int,
        piece: str,
        stats: StatsInput,
        complete: bool,
        reason: str | None,
        error: str | None,
    ) -> MessageInfo | None:
        given = normalize_stats(stats)
        with self._session() as s:
            msg = s.get(Message, message_id)
            if msg is None:
                return None
            data = {**(msg.stats or {}), **given}  # finishing twice never loses stats
            if reason is not None:
                data["finish_reason"] = reason
            data.setdefault("finish_reason", "stop")
            if error is not None:
                data["error"] = error
            now = utcnow()
            if piece:
                msg.text = msg.text + piece
            msg.stats = data
            msg.complete = complete
            msg.updated_at = now
            conv = s.get(Conversation, msg.conversation_id)
            if conv is not None:
                conv.updated_at = now
            s.flush()
            return _msg_info(msg)


class _StoreSink:
    """What a :class:`StreamingMessageWriter` may do to its store (see ``MessageSink``)."""

    def __init__(self, store: HistoryStore) -> None:
        self._store = store

    def append_text(self, message_id: int, piece: str) -> None:
        self._store._append_text(message_id, piece)

    def finalize_message(
        self,
        message_id: int,
        piece: str,
        stats: StatsInput,
        complete: bool,
        reason: str | None,
        error: str | None,
    ) -> MessageInfo | None:
        return self._store._finalize_message(message_id, piece, stats, complete, reason, error)

    def writer_closed(self, message_id: int, writer: StreamingMessageWriter) -> None:
        self._store._forget_writer(message_id, writer)


__all__ = [
    "ConversationInfo",
    "HistoryError",
    "HistoryStore",
    "MessageInfo",
    "SearchHit",
    "SourceRecord",
    "auto_title",
    "normalize_sampling",
    "normalize_stats",
]
