"""Stream an assistant answer into the database: buffer pieces, commit at least every second.

A crash (even SIGKILL) loses at most the last ``flush_interval`` seconds of streamed text:
every flush is a committed SQLite transaction (WAL), and a timer flushes pending text when no
new piece arrives before the deadline.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Protocol

from desktop.history.records import MessageInfo, StatsInput

log = logging.getLogger(__name__)


class MessageSink(Protocol):
    """Where a writer commits its text: the history store gives each writer one."""

    def append_text(self, message_id: int, piece: str) -> None:
        """Commit ``piece`` at the end of the message (a no-op if it was deleted)."""

    def finalize_message(
        self,
        message_id: int,
        piece: str,
        stats: StatsInput,
        complete: bool,
        reason: str | None,
        error: str | None,
    ) -> MessageInfo | None:
        """Commit the last piece and the outcome; ``None`` if the message was deleted."""

    def writer_closed(self, message_id: int, writer: StreamingMessageWriter) -> None:
        """The writer of ``message_id`` is finished and may be forgotten."""


class StreamingMessageWriter:
    """Append text pieces to one message; thread-safe; commit every ``flush_interval`` s.

    If the message is deleted while streaming (conversation deleted, edit-and-resend), the
    writer is ``discarded``: later ``append``/``flush`` do nothing and ``finish`` returns None.

    ``on_flush(flushed_chars)`` is called after each committed flush (from the thread that
    flushed: the caller's or the writer's timer thread). Without ``use_timer`` pending text is
    only committed by the next due ``append``, ``flush`` or ``finish``.
    """

    def __init__(
        self,
        sink: MessageSink,
        message_id: int,
        flush_interval: float = 1.0,
        on_flush: Callable[[int], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        initial_chars: int = 0,
        use_timer: bool = True,
    ) -> None:
        if flush_interval < 0:
            raise ValueError("flush_interval must be >= 0")
        self.sink = sink
        self.message_id = message_id
        self.flush_interval = flush_interval
        self.on_flush = on_flush
        self.use_timer = use_timer
        self._clock = clock
        self._lock = threading.RLock()
        self._pending: list[str] = []
        self._flushed_chars = initial_chars
        self._last_flush = clock()
        self._timer: threading.Timer | None = None
        self._timer_token: object | None = None
        self._closed = False
        self.discarded = False  # its message was deleted: further input is ignored
        self.flush_count = 0
        self.last_error: BaseException | None = None

    # -- state ---------------------------------------------------------------------------
    @property
    def pending_text(self) -> str:
        with self._lock:
            return "".join(self._pending)

    @property
    def flushed_chars(self) -> int:
        """Characters of this message committed to the database so far."""
        with self._lock:
            return self._flushed_chars

    @property
    def closed(self) -> bool:
        return self._closed

    # -- streaming -----------------------------------------------------------------------
    def append(self, piece: str) -> None:
        """Buffer ``piece``; commit when the last flush is ``flush_interval`` s old."""
        if not piece:
            return
        with self._lock:
            if self.discarded:
                return
            if self._closed:
                raise RuntimeError(f"message {self.message_id} is already finished")
            self._pending.append(piece)
            due = self._clock() - self._last_flush >= self.flush_interval
            if due:
                self._flush_locked()
            elif self._timer is None and self.use_timer:
                self._start_timer()

    def flush(self) -> int:
        """Commit pending text now; return the number of committed characters."""
        with self._lock:
            if self.discarded:
                return self._flushed_chars
            self._flush_locked()
            return self._flushed_chars

    def finish(self, stats: StatsInput = None) -> MessageInfo | None:
        """Commit the rest and mark the message complete (``None`` if it was deleted)."""
        return self.close(stats, complete=True, reason=None, error=None)

    def cancel(self, stats: StatsInput = None) -> MessageInfo | None:
        """Commit the rest; the message stays incomplete with ``finish_reason="cancelled"``."""
        return self.close(stats, complete=False, reason="cancelled", error=None)

    def fail(self, error: BaseException | str, stats: StatsInput = None) -> MessageInfo | None:
        """Commit the rest; the message stays incomplete with ``finish_reason="error"``."""
        return self.close(stats, complete=False, reason="error", error=str(error))

    def __enter__(self) -> StreamingMessageWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        if self._closed or self.discarded:
            return
        if exc is None:
            self.finish()
        elif isinstance(exc, KeyboardInterrupt):
            self.cancel()
        else:
            self.fail(exc)

    # -- internals -----------------------------------------------------------------------
    def _start_timer(self) -> None:
        delay = max(0.0, self.flush_interval - (self._clock() - self._last_flush))
        token = object()
        timer = threading.Timer(delay, self._on_timer, args=(token,))
        timer.daemon = True
        self._timer = timer
        self._timer_token = token
        timer.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self._timer_token = None

    def _on_timer(self, token: object) -> None:
        with self._lock:
            if token is not self._timer_token:  # cancelled or superseded meanwhile
                return
            self._timer = None
            self._timer_token = None
            if self._closed or not self._pending:
                return
            try:
                self._flush_locked()
            except Exception as exc:  # noqa: BLE001 - retried at the next append/finish
                self.last_error = exc
                log.warning("timed flush of message %s failed: %s", self.message_id, exc)

    def _flush_locked(self) -> None:
        self._cancel_timer()
        if not self._pending:
            self._last_flush = self._clock()
            return
        text = "".join(self._pending)
        self.sink.append_text(self.message_id, text)
        self._pending.clear()
        self._flushed_chars += len(text)
        self._last_flush = self._clock()
        self.flush_count += 1
        self.last_error = None
        if self.on_flush is not None:
            self.on_flush(self._flushed_chars)

    def discard(self) -> None:
        """Its message was deleted: drop pending text and ignore everything from now on."""
        with self._lock:
            self._cancel_timer()
            self._pending.clear()
            self.discarded = True

    def close(
        self, stats: StatsInput, complete: bool, reason: str | None, error: str | None
    ) -> MessageInfo | None:
        """Commit the rest with this outcome (``finish``/``cancel``/``fail`` are the usual way)."""
        with self._lock:
            if self.discarded:
                return None
            if self._closed:
                raise RuntimeError(f"message {self.message_id} is already finished")
            self._cancel_timer()
            text = "".join(self._pending)
            info = self.sink.finalize_message(
                self.message_id, text, stats, complete=complete, reason=reason, error=error
            )
            self._pending.clear()
            self._flushed_chars += len(text)
            self._closed = True
            self.sink.writer_closed(self.message_id, self)
            if text and self.on_flush is not None:
                self.on_flush(self._flushed_chars)
            return info
