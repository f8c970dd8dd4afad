"""Qt-free llama.cpp engine: streaming chat, cancellation, context handling, one owner thread."""

from desktop.engine.config import EngineConfig, SamplingSettings, default_threads
from desktop.engine.engine import (
    CancelToken,
    ChatStream,
    Engine,
    GenerationResult,
    StreamEvent,
)
from desktop.engine.errors import ContextOverflowError, EngineError, ModelLoadError
from desktop.engine.worker import EngineWorker

__all__ = [
    "CancelToken",
    "ChatStream",
    "ContextOverflowError",
    "Engine",
    "EngineConfig",
    "EngineError",
    "EngineWorker",
    "GenerationResult",
    "ModelLoadError",
    "SamplingSettings",
    "StreamEvent",
    "default_threads",
]
