"""Errors raised by the converter; every message names the file or setting at fault."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from convert.report import ConvertReport


class ConvertError(Exception):
    """Base class: the conversion could not be done; nothing usable was written."""


class ModelSourceError(ConvertError):
    """The HF model folder is missing files or holds corrupt/truncated ones."""


class UnsupportedArchitectureError(ConvertError):
    """The model's architecture is not one this converter knows how to write."""


class UnknownPreTokenizerError(ModelSourceError):
    """The BPE tokenizer's pre-tokenizer is not one llama.cpp knows by its probe hash."""

    def __init__(self, message: str, probe_hash: str) -> None:
        super().__init__(message)
        self.probe_hash = probe_hash


class ConvertCancelled(ConvertError):
    """The caller cancelled; the partial output was removed."""


class QuantizeError(ConvertError):
    """llama.cpp's quantizer failed."""


class ParityError(ConvertError):
    """The written GGUF does not reproduce the HF model within the thresholds."""

    def __init__(self, message: str, report: ConvertReport | None = None) -> None:
        super().__init__(message)
        self.report = report
