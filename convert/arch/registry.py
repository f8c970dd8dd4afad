"""The architecture registry: ``@register`` on a class, ``resolve_architecture(config)``."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any, TypeVar

from convert.arch.base import Architecture
from convert.errors import UnsupportedArchitectureError

_REGISTRY: list[type[Architecture]] = []
_DISCOVERED = False
A = TypeVar("A", bound=type[Architecture])


def register(cls: A) -> A:
    """Class decorator: make an Architecture subclass available to the converter."""
    if not cls.hf_classes:
        raise TypeError(f"{cls.__name__} declares no hf_classes")
    taken = {name for other in _REGISTRY for name in other.hf_classes}
    if clash := taken & set(cls.hf_classes):
        raise TypeError(f"{cls.__name__}: {sorted(clash)} already registered")
    _REGISTRY.append(cls)
    return cls


def _discover() -> None:
    """Import every module of ``convert.arch`` once so their ``@register`` lines run."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name not in ("base", "registry", "rope"):
            importlib.import_module(f"{__package__}.{info.name}")


def registered() -> tuple[type[Architecture], ...]:
    _discover()
    return tuple(_REGISTRY)


def supported_architectures() -> tuple[str, ...]:
    """Every HF class name the converter accepts."""
    return tuple(name for cls in registered() for name in cls.hf_classes)


def resolve_architecture(config: dict[str, Any]) -> Architecture:
    """The Architecture for an HF config.json dict, or a clear UnsupportedArchitectureError."""
    classes = config.get("architectures") or []
    model_type = config.get("model_type")
    for name in classes:
        for cls in registered():
            if name in cls.hf_classes:
                return cls(config)
    if not classes:
        for cls in registered():
            if model_type in cls.model_types:
                return cls(config)
    found = ", ".join(classes) or f"model_type={model_type!r}"
    families = "; ".join(cls.family for cls in registered())
    raise UnsupportedArchitectureError(
        f"Unsupported architecture {found}. This converter supports: "
        f"{', '.join(supported_architectures())} ({families})."
    )
