"""Qt face of :class:`desktop.engine.EngineWorker`: model loading and streaming as signals.

The worker thread owns the ``Llama``. Its callbacks are queued to the GUI thread
(:func:`desktop.ui.background.call_in_gui`) and the signals are emitted there, so slots may
touch widgets and the GUI thread never waits on the model.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.engine import (
    CancelToken,
    Engine,
    EngineConfig,
    EngineWorker,
    GenerationResult,
    SamplingSettings,
    StreamEvent,
)
from desktop.engine.backend import ModelBackend, open_backend
from desktop.engine.context_window import Message
from desktop.engine.info import SERVER, BackendInfo
from desktop.engine.remote import ServerConfig
from desktop.ui.background import call_in_gui, init_dispatcher
from desktop.ui.qt_compat import emit
from models.gguf_info import GGUFInfo
from models.registry import ModelIdentity

T = TypeVar("T")


def _error_text(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return text


class ChatRequest(QObject):
    """One streamed generation; connect to its signals, call :meth:`stop` to cancel."""

    sig_token = Signal(str, object)  # text piece, StreamEvent
    sig_finished = Signal(object)  # GenerationResult
    sig_error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_token = CancelToken()
        self.future: Future[GenerationResult] | None = None
        self.result: GenerationResult | None = None
        self.error: str | None = None
        self.owner: object | None = None  # e.g. the chat session it answers (status bar filter)

    def stop(self) -> None:
        self.cancel_token.cancel()

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None


class EngineBridge(QObject):
    """Signals: model life-cycle and the stream of whichever request is running."""

    sig_model_loading = Signal(str)  # model path
    sig_model_loaded = Signal(object)  # GGUFInfo of the loaded model
    sig_model_error = Signal(str)
    sig_token = Signal(str, object)  # text, StreamEvent (every request)
    sig_request_token = Signal(object, object)  # ChatRequest, StreamEvent (every request)
    sig_request_finished = Signal(object, object)  # ChatRequest, GenerationResult
    sig_finished = Signal(object)  # GenerationResult (every request)
    sig_error = Signal(str)
    sig_busy = Signal(bool)
    sig_server_error = Signal(str)  # a clinic server could not be opened (the old model stays)
    sig_identity = Signal(object)  # ModelIdentity of the loaded model (also after a rename)

    def __init__(self, worker: EngineWorker | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        init_dispatcher()
        self.worker = worker or EngineWorker()
        self.config: EngineConfig | None = None
        self.info: GGUFInfo | BackendInfo | None = None  # once loaded (a server: BackendInfo)
        self.loading = False
        self.identity: ModelIdentity | None = None  # registry id + display name of the model
        self.current: ChatRequest | None = None
        self._requests: set[ChatRequest] = set()
        self._generation = 0
        self.closed = False

    def _post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the GUI thread unless the bridge was shut down meanwhile."""
        if not self.closed:
            call_in_gui(lambda: None if self.closed else fn())

    # -- model -------------------------------------------------------------------------
    def set_identity(self, identity: ModelIdentity) -> None:
        if identity != self.identity:
            self.identity = identity
            emit(self.sig_identity, identity)

    @property
    def model_id(self) -> str | None:
        """The answering model as the history records it: the server's model name, else the
        registry id of the loaded model (its file name until the registry answered)."""
        if isinstance(self.info, BackendInfo) and self.info.kind == SERVER:
            return self.info.model_id
        if self.identity is not None:
            return self.identity.id
        return Path(self.config.model_path).name if self.config else None

    @property
    def model_name(self) -> str:
        """The display name (the user can rename it on the Models page)."""
        if self.identity is not None:
            return self.identity.name
        return Path(self.config.model_path).stem if self.config else "no model"

    @property
    def is_loaded(self) -> bool:
        return self.info is not None and not self.loading

    def load(self, config: EngineConfig) -> Future[Engine]:
        """Load or switch model in the background; result via the sig_model_* signals."""
        self.loading = True
        self._generation += 1
        generation = self._generation
        self.config = config
        self.identity = None
        emit(self.sig_model_loading, config.model_path)
        future = self.worker.load(config)

        def done(fut: Future[Engine]) -> None:
            exc = fut.exception()
            if generation != self._generation:
                return  # a newer load superseded this one
            if exc is not None:
                message = _error_text(exc)

                def fail() -> None:
                    self.loading = False
                    self.info = None
                    emit(self.sig_model_error, message)

                self._post(fail)
            else:
                info = fut.result().info

                def ok() -> None:
                    self.loading = False
                    self.info = info
                    emit(self.sig_model_loaded, info)

                self._post(ok)

        future.add_done_callback(done)
        return future

    # -- clinic server -----------------------------------------------------------------
    @property
    def on_server(self) -> bool:
        return isinstance(self.info, BackendInfo) and self.info.kind == SERVER

    @property
    def where(self) -> str:
        """Where answers come from: "this computer" or "server HOST"."""
        return self.info.where if isinstance(self.info, BackendInfo) else "this computer"

    def connect_server(self, server: ServerConfig) -> Future[ModelBackend]:
        """Answer from ``server`` from now on; if it cannot be opened the current model stays
        and ``sig_server_error`` says why."""
        self.loading = True
        self._generation += 1
        generation = self._generation
        emit(self.sig_model_loading, f"server {server.host}")
        future = self.worker.open(lambda: open_backend(SERVER, server))

        def done(fut: Future[ModelBackend]) -> None:
            if generation != self._generation:
                return
            exc = fut.exception()
            if exc is not None:
                message = _error_text(exc)

                def fail() -> None:
                    self.loading = False
                    emit(self.sig_server_error, message)

                self._post(fail)
                return
            info = fut.result().describe()

            def ok() -> None:
                self.loading = False
                self.info = info
                emit(self.sig_model_loaded, info)

            self._post(ok)

        future.add_done_callback(done)
        return future

    # -- generation --------------------------------------------------------------------
    def chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings,
    ) -> ChatRequest:
        """Start streaming an answer; tokens arrive as ``sig_token`` on the GUI thread."""
        request = ChatRequest()
        self._requests.add(request)
        self.current = request
        emit(self.sig_busy, True)

        def emit_token(event: StreamEvent) -> None:  # GUI thread
            emit(request.sig_token, event.text, event)
            emit(self.sig_token, event.text, event)
            emit(self.sig_request_token, request, event)

        def on_event(event: StreamEvent) -> None:  # worker thread: hand over, never emit here
            self._post(lambda: emit_token(event))

        future = self.worker.chat(messages, sampling, on_event, request.cancel_token)
        request.future = future

        def done(fut: Future[GenerationResult]) -> None:  # worker thread
            exc = fut.exception()
            if exc is not None:
                message = _error_text(exc)

                def fail() -> None:
                    request.error = message
                    self._finish(request)
                    emit(request.sig_error, message)
                    emit(self.sig_error, message)

                self._post(fail)
            else:
                result = fut.result()

                def ok() -> None:
                    request.result = result
                    self._finish(request)
                    emit(request.sig_finished, result)
                    emit(self.sig_finished, result)
                    emit(self.sig_request_finished, request, result)

                self._post(ok)

        future.add_done_callback(done)
        return request

    def _finish(self, request: ChatRequest) -> None:
        self._requests.discard(request)
        if self.current is request:
            self.current = None
        if not self._requests:
            emit(self.sig_busy, False)

    def stop(self) -> None:
        """Cancel every running request (they finish with finish_reason 'cancelled')."""
        for request in list(self._requests):
            request.stop()

    @property
    def busy(self) -> bool:
        return bool(self._requests)

    def submit(
        self,
        fn: Callable[[ModelBackend], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> Future[T]:
        """Run ``fn(engine)`` on the engine thread; callbacks run on the GUI thread."""
        future = self.worker.submit(fn)

        def done(fut: Future[T]) -> None:
            exc = fut.exception()
            if exc is not None:
                if on_error is not None:
                    message = _error_text(exc)
                    self._post(lambda: on_error(message))
            elif on_done is not None:
                result = fut.result()
                self._post(lambda: on_done(result))

        future.add_done_callback(done)
        return future

    def shutdown(self) -> None:
        self.closed = True
        self.stop()
        self.worker.shutdown(wait=True)
