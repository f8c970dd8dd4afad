"""K-quants and other llama.cpp types via llama.cpp's own quantizer (llama-cpp-python)."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

from convert.errors import QuantizeError

# Output types written by llama.cpp's quantizer (value: llama_ftype name suffix).
LLAMA_QUANTS = (
    "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L",
    "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K",
)  # fmt: skip
# Everything llama.cpp's quantizer can write (Q8_0 is also written directly by gguf_write).
QUANTIZER_TYPES = ("Q8_0", *LLAMA_QUANTS)


def llama_ftype(quant: str) -> int:
    import llama_cpp

    value = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{quant}", None)
    if value is None:
        raise QuantizeError(f"llama-cpp-python has no file type {quant}.")
    return int(value)


def quantize_gguf(
    src: Path,
    dst: Path,
    quant: str,
    n_threads: int | None = None,
    allow_requantize: bool = False,
) -> None:
    """Quantize GGUF ``src`` into ``dst`` with llama.cpp (blocking).

    ``src`` is F32/F16/BF16, or already quantized when ``allow_requantize``.
    """
    if quant not in QUANTIZER_TYPES:
        raise QuantizeError(
            f"unknown quantization {quant!r}; choose from {', '.join(QUANTIZER_TYPES)}"
        )
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_ftype(quant)
    params.allow_requantize = allow_requantize
    params.nthread = n_threads or max(1, os.cpu_count() or 1)
    rc = llama_cpp.llama_model_quantize(
        str(src).encode("utf-8"), str(dst).encode("utf-8"), ctypes.byref(params)
    )
    if rc != 0 or not dst.is_file():
        raise QuantizeError(f"llama.cpp failed to quantize {src} to {quant} (code {rc}).")
