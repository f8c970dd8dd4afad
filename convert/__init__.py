"""HF -> GGUF converter on the ``gguf`` package, with llama.cpp quantization and verification.

Public API: :func:`convert_model` (returns :class:`ConvertReport`), :func:`run_conversion_job`
for the app's model manager, :func:`export_lora_adapter` (peft LoRA -> llama.cpp LoRA GGUF),
and the error classes in :mod:`convert.errors`.
"""

from convert.api import SUPPORTED_QUANTS, convert_model
from convert.arch import supported_architectures
from convert.background import ConversionResult, run_conversion_job
from convert.errors import (
    ConvertCancelled,
    ConvertError,
    ModelSourceError,
    ParityError,
    QuantizeError,
    UnsupportedArchitectureError,
)
from convert.lora_adapter import LoraExportReport, UnsupportedAdapterError, export_lora_adapter
from convert.report import ConvertReport, ProgressEvent, VerifyReport
from convert.verify import Thresholds

SUPPORTED_ARCHITECTURES = supported_architectures()

__all__ = [
    "SUPPORTED_ARCHITECTURES",
    "SUPPORTED_QUANTS",
    "ConversionResult",
    "ConvertCancelled",
    "ConvertError",
    "ConvertReport",
    "LoraExportReport",
    "ModelSourceError",
    "ParityError",
    "ProgressEvent",
    "QuantizeError",
    "Thresholds",
    "UnsupportedAdapterError",
    "UnsupportedArchitectureError",
    "VerifyReport",
    "convert_model",
    "export_lora_adapter",
    "run_conversion_job",
]
