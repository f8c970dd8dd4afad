"""Converter architectures: one module per HF model family, each registering itself.

Adding a family means adding one module here that defines an :class:`Architecture` subclass
decorated with :func:`register` (see ``ARCHITECTURE`` notes in ``convert/README.md``). Every
module of this package is imported on first use, so nothing else needs to change.
"""

from convert.arch.base import Architecture, TensorRule
from convert.arch.registry import (
    register,
    registered,
    resolve_architecture,
    supported_architectures,
)

__all__ = [
    "Architecture",
    "TensorRule",
    "register",
    "registered",
    "resolve_architecture",
    "supported_architectures",
]
