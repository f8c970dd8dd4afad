"""Estimate the RAM a GGUF model needs at a given context size."""

from __future__ import annotations

from dataclasses import dataclass

import psutil

from models.gguf_info import GGUFInfo

MiB = 1024 * 1024
RUNTIME_OVERHEAD = 150 * MiB  # llama.cpp + Python + Qt working set, measured order of magnitude
N_BATCH = 512


@dataclass(frozen=True)
class MemoryEstimate:
    weights_bytes: int
    kv_cache_bytes: int
    compute_bytes: int
    total_bytes: int
    available_bytes: int
    fits: bool

    @property
    def total_mib(self) -> float:
        return self.total_bytes / MiB

    def describe(self) -> str:
        verdict = "fits" if self.fits else "does NOT fit"
        return (
            f"needs ~{self.total_bytes / MiB:.0f} MiB (weights {self.weights_bytes / MiB:.0f}, "
            f"KV cache {self.kv_cache_bytes / MiB:.0f}, compute {self.compute_bytes / MiB:.0f}); "
            f"{verdict} in {self.available_bytes / MiB:.0f} MiB available"
        )


def kv_cache_bytes(info: GGUFInfo, n_ctx: int, bytes_per_value: int = 2) -> int:
    """K and V caches in f16 for every layer: 2 * layers * ctx * kv_heads * head_dim."""
    head_dim = info.n_embd // max(info.n_head, 1)
    return 2 * info.n_layers * n_ctx * info.n_head_kv * head_dim * bytes_per_value


def estimate_memory(
    info: GGUFInfo, n_ctx: int, available_bytes: int | None = None
) -> MemoryEstimate:
    """Weights (mmap'd file) + KV cache + compute buffers + runtime; compare with free RAM."""
    if available_bytes is None:
        available_bytes = int(psutil.virtual_memory().available)
    kv = kv_cache_bytes(info, n_ctx)
    # Logits for one batch plus activations; a coarse but conservative bound.
    compute = info.vocab_size * 4 * 8 + N_BATCH * info.n_embd * 4 * 16 + n_ctx * N_BATCH * 4
    total = info.file_size + kv + compute + RUNTIME_OVERHEAD
    return MemoryEstimate(
        weights_bytes=info.file_size,
        kv_cache_bytes=kv,
        compute_bytes=compute,
        total_bytes=total,
        available_bytes=available_bytes,
        fits=total <= 0.9 * available_bytes,
    )
