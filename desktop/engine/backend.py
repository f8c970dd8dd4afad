"""Engine backends: where answers come from (this computer's llama.cpp, or a clinic server).

Every page talks to a :class:`ModelBackend` (through ``EngineWorker``), never to llama.cpp or
HTTP directly. A backend kind is registered once in :data:`BACKENDS` with the function that
opens it; the in-process :class:`desktop.engine.Engine` is ``"local"``, the OpenAI-compatible
client :class:`desktop.engine.remote.RemoteBackend` is ``"server"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from desktop.engine.config import SamplingSettings
from desktop.engine.context_window import Message
from desktop.engine.engine import CancelToken, ChatStream, Engine, GenerationResult, StreamEvent
from desktop.engine.info import LOCAL, BackendInfo


@runtime_checkable
class ModelBackend(Protocol):
    """What chat, MCQ and study need from a model, wherever it runs. Not thread-safe:
    one owner thread (``EngineWorker``) calls it."""

    kind: str
    n_ctx: int

    def describe(self) -> BackendInfo: ...

    def stream_chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings | None = None,
        cancel: CancelToken | None = None,
    ) -> ChatStream: ...

    def chat(
        self,
        messages: list[Message],
        sampling: SamplingSettings | None = None,
        on_event: Callable[[StreamEvent], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> GenerationResult: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BackendKind:
    """One registered backend kind: its name, where it runs (in words for the user), and
    how to open it from its config (``EngineConfig`` for local, ``ServerConfig`` for server)."""

    name: str
    label: str
    open: Callable[..., ModelBackend]


BACKENDS: dict[str, BackendKind] = {}


def register_backend(name: str, label: str, opener: Callable[..., ModelBackend]) -> BackendKind:
    """Register a backend kind (each kind's module calls this once at import)."""
    kind = BackendKind(name, label, opener)
    BACKENDS[name] = kind
    return kind


def open_backend(kind: str, config: object) -> ModelBackend:
    """Open a backend of a registered ``kind`` (call on the worker thread)."""
    return BACKENDS[kind].open(config)


def run_chat(
    stream: ChatStream, on_event: Callable[[StreamEvent], None] | None
) -> GenerationResult:
    """Drain ``stream`` calling ``on_event`` per piece (the blocking ``chat`` of any backend)."""
    for event in stream:
        if on_event is not None:
            on_event(event)
    assert stream.result is not None
    return stream.result


register_backend(LOCAL, "this computer", Engine)
