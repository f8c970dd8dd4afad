"""Errors raised by the model registry, each with a message fit to show a user."""


class ModelError(Exception):
    """Base class for model registry errors."""


class ModelFileError(ModelError):
    """A model file is missing, truncated, corrupt, not GGUF, or fails its checksum."""


class ModelNotInstalledError(ModelError):
    """The embedded default model has not been installed by set-up."""


class NotAModelError(ModelFileError):
    """A valid GGUF file that holds no usable model (vocabulary-only, no weights, an adapter)."""
