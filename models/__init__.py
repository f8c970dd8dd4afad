"""Model registry: the embedded default model, user-imported GGUF files, metadata and memory."""

from models.errors import ModelError, ModelFileError, ModelNotInstalledError
from models.gguf_info import GGUFInfo, read_gguf_info
from models.memory import MemoryEstimate, estimate_memory
from models.registry import ModelEntry, ModelRegistry

__all__ = [
    "GGUFInfo",
    "MemoryEstimate",
    "ModelEntry",
    "ModelError",
    "ModelFileError",
    "ModelNotInstalledError",
    "ModelRegistry",
    "estimate_memory",
    "read_gguf_info",
]
