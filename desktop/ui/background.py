"""Run plain Python callables off the GUI thread and deliver results back on it.

``BackgroundRunner`` wraps a ``ThreadPoolExecutor``; results, errors and progress reports
are marshalled to the GUI thread through a queued Qt signal, so callbacks may touch widgets.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from common.tasks import CancelToken
from desktop.ui.qt_compat import emit, emit_leaks_reference


class _Dispatcher(QObject):
    """Lives on the GUI thread; runs callables posted from any thread.

    Callables wait in a deque; other threads only emit an argument-less wake-up signal
    (queued), so no Python object crosses Qt's queued-call machinery, and a burst of posts
    (one per streamed token) costs one event-loop wake-up.
    """

    sig_wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._calls: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._wake_pending = False
        self.sig_wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[[], None]) -> None:
        with self._lock:
            self._calls.append(fn)
            if self._wake_pending:
                return
            self._wake_pending = True
        emit(self.sig_wake)

    @Slot()
    def _drain(self) -> None:
        with self._lock:
            self._wake_pending = False
            calls = list(self._calls)
            self._calls.clear()
        for fn in calls:
            try:
                fn()
            except Exception:  # noqa: BLE001 - one failing callback must not drop the others
                sys.excepthook(*sys.exc_info())  # reported like an exception in a slot


_dispatcher: _Dispatcher | None = None


def call_in_gui(fn: Callable[[], None]) -> None:
    """Queue ``fn()`` to run on the GUI thread (safe from any thread)."""
    global _dispatcher
    if _dispatcher is None:  # normally created by init_dispatcher() on the GUI thread
        _dispatcher = _Dispatcher()
    _dispatcher.post(fn)


def init_dispatcher() -> None:
    """Create the dispatcher on the calling (GUI) thread."""
    global _dispatcher
    emit_leaks_reference()  # probe once, on the GUI thread, before any worker emits
    if _dispatcher is None:
        _dispatcher = _Dispatcher()


class BackgroundTask:
    """Handle for one background job: ``future`` and its ``token`` (pass it as ``cancel=``)."""

    def __init__(self) -> None:
        self.future: Future[Any] | None = None
        self.token = CancelToken()

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


class BackgroundRunner:
    """A thread pool whose callbacks run on the GUI thread."""

    def __init__(self, max_workers: int = 2, name: str = "bg") -> None:
        init_dispatcher()
        self.closed = False
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=name)

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[..., None] | None = None,
        pass_task: bool = False,
    ) -> BackgroundTask:
        """Run ``fn`` on the pool.

        ``fn()`` is called with no arguments, or ``fn(progress)`` when ``on_progress`` is
        given (``progress(*args)`` forwards to ``on_progress(*args)`` on the GUI thread),
        plus ``task=`` (the :class:`BackgroundTask`) when ``pass_task`` is true. After
        :meth:`shutdown` (the window is closing) new work is dropped: its task is cancelled and
        never runs, since a late timer or click must not crash the app on its way out.
        """
        task = BackgroundTask()
        if self.closed:
            task.cancel()
            return task
        post = self._post

        def progress(*args: Any) -> None:
            if on_progress is not None:
                post(lambda: on_progress(*args))

        def job() -> Any:
            args: list[Any] = [progress] if on_progress is not None else []
            kwargs: dict[str, Any] = {"task": task} if pass_task else {}
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                if on_error is not None:
                    post(lambda err=exc: on_error(err))
                raise
            if on_done is not None:
                post(lambda: on_done(result))
            return result

        task.future = self._pool.submit(job)
        return task

    def _post(self, fn: Callable[[], None]) -> None:
        """Deliver to the GUI thread unless the owner has shut down (its widgets may be gone)."""
        if not self.closed:
            call_in_gui(lambda: None if self.closed else fn())

    def shutdown(self, wait: bool = True) -> None:
        """Stop; callbacks of jobs still running are dropped."""
        self.closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
