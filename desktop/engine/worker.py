"""One thread that owns the model backend (the in-process :class:`Engine` or a clinic
server's :class:`desktop.engine.remote.RemoteBackend`); every model call runs on it.

Callers get ``concurrent.futures.Future`` objects and never block unless they choose to.
Streaming callbacks run on the worker thread; the Qt layer turns them into queued signals.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from desktop.engine.backend import ModelBackend
from desktop.engine.config import EngineConfig, SamplingSettings
from desktop.engine.context_window import Message
from desktop.engine.engine import CancelToken, Engine, GenerationResult, StreamEvent
from desktop.engine.errors import EngineError
from models.gguf_info import read_gguf_info
from models.usable import check_usable_file

T = TypeVar("T")
_STOP = object()


class EngineWorker:
    """Serialises all model work on a single daemon thread."""

    def __init__(self, name: str = "engine-worker") -> None:
        # (job, its future) or _STOP; a job's result is whatever the caller's function returns
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]] | object] = queue.Queue()
        self._engine: ModelBackend | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    @property
    def engine(self) -> ModelBackend | None:
        """The loaded backend; only touch it from inside a submitted job."""
        return self._engine

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                break
            fn, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # delivered to the caller through the future
                future.set_exception(exc)
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def _submit(self, fn: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        return future

    def submit(self, fn: Callable[[ModelBackend], T]) -> Future[T]:
        """Run ``fn(backend)`` on the worker thread."""

        def job() -> T:
            if self._engine is None:
                raise EngineError("No model is loaded yet.")
            return fn(self._engine)

        return self._submit(job)

    def load(self, config: EngineConfig) -> Future[Engine]:
        """Load (or switch to) a model; the previous one is closed first.

        The new file is validated before the current model is closed, so picking a corrupt
        file keeps the current model loaded.
        """

        def job() -> Engine:
            check_usable_file(config.model_path)  # a vocabulary-only file is no model
            read_gguf_info(config.model_path)
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            self._engine = Engine(config)
            return self._engine

        return self._submit(job)

    def open(self, factory: Callable[[], ModelBackend]) -> Future[ModelBackend]:
        """Switch to the backend ``factory()`` opens (e.g. a clinic server). The current one
        is closed only once the new one opened, so a failing server keeps the local model."""

        def job() -> ModelBackend:
            backend = factory()
            if self._engine is not None:
                self._engine.close()
            self._engine = backend
            return backend

        return self._submit(job)

    def chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings,
        on_event: Callable[[StreamEvent], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Future[GenerationResult]:
        return self.submit(lambda engine: engine.chat(messages, sampling, on_event, cancel))

    def shutdown(self, wait: bool = True) -> None:
        self._jobs.put(_STOP)
        if wait:
            self._thread.join()
