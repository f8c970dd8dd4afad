"""Engine errors with messages fit to show a user (never a raw llama.cpp ValueError)."""

from models.errors import ModelError


class EngineError(Exception):
    """Base class for engine errors."""


class ModelLoadError(EngineError, ModelError):
    """llama.cpp could not load the model file (corrupt, unsupported architecture, no memory)."""


class ContextOverflowError(EngineError):
    """The prompt cannot fit in the context window even after trimming old turns."""

    def __init__(self, prompt_tokens: int, n_ctx: int, reserved: int) -> None:
        self.prompt_tokens = prompt_tokens
        self.n_ctx = n_ctx
        self.reserved = reserved
        super().__init__(
            f"The conversation needs {prompt_tokens} tokens but the model's context window holds "
            f"{n_ctx} tokens, {reserved} of them reserved for the answer. Shorten the message, "
            "start a new conversation, or raise the context size in Settings."
        )
