"""A faster copy of an installed GGUF: llama.cpp requantizes it, then the copy is checked.

Prompt processing (prefill) dominates MCQ scoring and long pasted notes. On x86 CPUs llama.cpp
has fast batched matmul paths for Q8_0 and Q4_0 but not for Q4_1 (the embedded model's type),
so a Q8_0 copy of the embedded model reads prompts about twice as fast, decodes as fast, and
stays within Q8_0 rounding of the original. :func:`make_fast_copy` writes the copy, compares its
logits with the original's on medical text (KL, top-1) and measures both prefill speeds in the
same run, so the user sees what they gain and what it costs.

    python -m convert.requantize MODEL.gguf --out MODEL.Q8_0.gguf [--quant Q8_0]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from common.tasks import CancelToken
from convert.api import as_cancel_check
from convert.errors import ConvertCancelled, ParityError, QuantizeError
from convert.quantize import QUANTIZER_TYPES, quantize_gguf
from convert.report import ProgressEvent
from convert.verify import (
    MEDICAL_TEXT,
    decisive_agreement,
    default_thresholds,
    gguf_logits,
    gguf_tokenize,
    softmax_stats,
)

CHECK_TOKENS = 200


@dataclass
class RequantizeReport:
    src: str
    dst: str
    quant: str
    out_bytes: int
    quantize_seconds: float
    n_tokens: int
    mean_kl: float  # KL(original || copy) over next-token distributions
    top1_agreement: float
    top1_decisive: float
    prefill_tok_s_src: float
    prefill_tok_s_dst: float

    @property
    def speedup(self) -> float:
        return self.prefill_tok_s_dst / self.prefill_tok_s_src if self.prefill_tok_s_src else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "speedup": self.speedup}

    def summary(self) -> str:
        return (
            f"{Path(self.dst).name}: {self.quant}, {self.out_bytes / 1e6:.0f} MB, written in "
            f"{self.quantize_seconds:.1f} s\n"
            f"prompt processing {self.prefill_tok_s_dst:.0f} tok/s vs "
            f"{self.prefill_tok_s_src:.0f} tok/s for the original ({self.speedup:.2f}x)\n"
            f"vs the original on {self.n_tokens} tokens of medical text: mean KL "
            f"{self.mean_kl:.2g}, top-1 agreement {self.top1_agreement:.1%} "
            f"({self.top1_decisive:.1%} where the original is not near a tie)"
        )


def requantize_gguf(
    src: Path, dst: Path, quant: str = "Q8_0", n_threads: int | None = None
) -> None:
    """Write ``src`` (any GGUF llama.cpp loads, quantized or not) as ``quant`` to ``dst``."""
    quantize_gguf(src, dst, quant, n_threads, allow_requantize=True)


def prefill_speed(path: Path, ids: list[int], n_threads: int | None = None) -> float:
    """Prompt tokens per second for ``ids`` (one warm-up pass, then the best of two)."""
    from llama_cpp import Llama

    llama = Llama(
        model_path=str(path),
        n_ctx=max(64, len(ids) + 16),
        n_batch=512,
        n_threads=n_threads or max(1, os.cpu_count() or 1),
        verbose=False,
    )
    try:
        best = float("inf")
        for _ in range(3):
            llama.reset()
            t0 = time.perf_counter()
            llama.eval(ids)
            best = min(best, time.perf_counter() - t0)
        return len(ids) / best
    finally:
        llama.close()


def make_fast_copy(
    src: str | Path,
    dst: str | Path,
    quant: str = "Q8_0",
    *,
    progress: Callable[[ProgressEvent], None] | None = None,
    cancel: CancelToken | None = None,
    n_threads: int | None = None,
    max_kl: float | None = None,
) -> RequantizeReport:
    """Requantize ``src`` to ``dst``, compare with ``src``, measure prefill speed of both.

    Raises :class:`ParityError` (and removes ``dst``) when the copy's mean KL against the
    original exceeds ``max_kl`` (default: the converter's threshold for ``quant``), and
    :class:`ConvertCancelled` when cancelled between steps. llama.cpp's quantizer itself
    cannot be interrupted; it takes seconds for models of this size.
    """
    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise QuantizeError(f"{src} does not exist.")
    if dst.exists():
        raise QuantizeError(f"{dst} already exists; choose another name.")
    is_cancelled = as_cancel_check(cancel)
    limit = max_kl if max_kl is not None else (default_thresholds(quant).max_kl or 0.05)

    def step(stage: str, done: int, detail: str) -> None:
        if is_cancelled():
            raise ConvertCancelled("Cancelled; nothing was written.")
        if progress:
            progress(ProgressEvent(stage, done, 4, detail))

    try:
        step("quantize", 0, f"{src.name} -> {quant}")
        t0 = time.perf_counter()
        requantize_gguf(src, dst, quant, n_threads)
        seconds = time.perf_counter() - t0
        step("verify", 1, "comparing with the original")
        ids = gguf_tokenize(src, [MEDICAL_TEXT])[0][:CHECK_TOKENS]
        ref = gguf_logits(src, ids, n_threads)
        new = gguf_logits(dst, ids, n_threads)
        _, kl, top1 = softmax_stats(ref, new)
        decisive, _ = decisive_agreement(ref, new)
        step("measure", 2, "prompt speed of the original")
        before = prefill_speed(src, ids, n_threads)
        step("measure", 3, "prompt speed of the copy")
        after = prefill_speed(dst, ids, n_threads)
        step("measure", 4, "done")
        report = RequantizeReport(
            str(src), str(dst), quant, dst.stat().st_size, seconds, len(ids), kl, top1,
            decisive, before, after,
        )  # fmt: skip
        if not kl <= limit:
            raise ParityError(
                f"The {quant} copy differs too much from {src.name}: mean KL {kl:.3g} > "
                f"{limit:g}. It was removed."
            )
        return report
    except BaseException:
        with contextlib.suppress(OSError):
            dst.unlink()
        raise


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m convert.requantize", description=__doc__)
    p.add_argument("model", help="an existing GGUF file")
    p.add_argument("--out", required=True, help="the copy to write")
    p.add_argument("--quant", default="Q8_0", choices=QUANTIZER_TYPES)
    p.add_argument("--threads", type=int, default=None)
    args = p.parse_args(argv)
    try:
        report = make_fast_copy(args.model, args.out, args.quant, n_threads=args.threads)
    except (QuantizeError, ParityError, ConvertCancelled) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
