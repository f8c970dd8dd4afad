"""``convert_model``: HF folder -> GGUF (+ optional llama.cpp quantization) -> fidelity check."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from common.tasks import CancelToken
from convert.errors import ConvertError, ModelSourceError, ParityError
from convert.gguf_write import DIRECT_TYPES, write_gguf
from convert.provenance import read_provenance
from convert.quantize import LLAMA_QUANTS, llama_ftype, quantize_gguf
from convert.report import ConvertReport, ProgressEvent
from convert.verify import Thresholds, verify_gguf
from models.fingerprint import weights_fingerprint

log = logging.getLogger(__name__)
SUPPORTED_QUANTS = tuple(DIRECT_TYPES) + LLAMA_QUANTS
ProgressCallback = Callable[[ProgressEvent], None]


def as_cancel_check(cancel: CancelToken | None) -> Callable[[], bool]:
    """The check the writer loops call between tensors."""
    return (lambda: False) if cancel is None else (lambda: cancel.cancelled)


def _intermediate_type(source_dtypes: set[str], source_bytes: int) -> str:
    if source_dtypes <= {"F32"} and source_bytes <= 4 * 1024**3:
        return "F32"
    if "BF16" in source_dtypes and "F16" not in source_dtypes:
        return "BF16"
    return "F16"


def _peek_source(src: Path) -> tuple[set[str], int]:
    from convert.tensor_source import TensorSource

    source = TensorSource(src)
    return {m.dtype for m in source.metas.values()}, sum(m.nbytes for m in source.metas.values())


def convert_model(
    src_dir: str | Path,
    out_path: str | Path,
    quant: str = "Q8_0",
    verify: bool = True,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    *,
    thresholds: Thresholds | None = None,
    pre: str | None = None,
    name: str | None = None,
    base_model: str | None = None,
    adapter: str | None = None,
    datasets: Iterable[str] = (),
    overwrite: bool = False,
    n_threads: int | None = None,
    verify_tokens: int = 256,
    show_bar: bool = False,
) -> ConvertReport:
    """Convert an HF model folder to ``out_path`` as GGUF of type ``quant`` and verify it.

    Raises ConvertError subclasses: ModelSourceError / UnsupportedArchitectureError for bad
    input, ConvertCancelled (partial files removed), QuantizeError, and ParityError (with
    ``.report``) when verification fails — the file is then kept for inspection only.
    """
    src = Path(src_dir).expanduser()
    out = Path(out_path).expanduser()
    quant = quant.upper()
    if quant not in SUPPORTED_QUANTS:
        raise ConvertError(
            f"unknown output type {quant!r}; choose from {', '.join(SUPPORTED_QUANTS)}"
        )
    if not src.is_dir():
        raise ModelSourceError(f"{src}: not a folder.")
    if out.exists() and not overwrite:
        raise ConvertError(f"{out} already exists; pass overwrite=True / --force to replace it.")
    if not out.parent.is_dir():
        raise ConvertError(f"output folder {out.parent} does not exist.")
    cancelled = as_cancel_check(cancel)
    from convert.gguf_write import load_config

    prov = read_provenance(
        src, load_config(src), name=name, base_model=base_model, adapter=adapter,
        datasets=list(datasets),
    )  # fmt: skip
    if not prov.training.get("model_fingerprint") and (fingerprint := weights_fingerprint(src)):
        # which weights these are, whatever the quantization: ties LoRA adapters and ECI heads
        # made on this checkpoint to the GGUF (a merged model brings its own, the same value)
        prov.training["model_fingerprint"] = fingerprint
    part = out.with_name(out.name + ".part")
    inter: Path | None = None
    quant_seconds = 0.0
    try:
        if quant in DIRECT_TYPES:
            result = write_gguf(
                src, part, quant, provenance=prov, pre_override=pre, progress=progress,
                cancelled=cancelled, show_bar=show_bar,
            )  # fmt: skip
        else:
            inter_type = _intermediate_type(*_peek_source(src))
            inter = out.with_name(f"{out.name}.{inter_type}.part")
            result = write_gguf(
                src, inter, inter_type, provenance=prov, pre_override=pre, progress=progress,
                cancelled=cancelled, show_bar=show_bar, file_type=llama_ftype(quant),
            )  # fmt: skip
            if cancelled():
                from convert.errors import ConvertCancelled

                raise ConvertCancelled("conversion cancelled")
            if progress:
                progress(ProgressEvent("quantize", 0, 1, f"{inter_type} -> {quant}"))
            t0 = time.perf_counter()
            quantize_gguf(inter, part, quant, n_threads)
            quant_seconds = time.perf_counter() - t0
            if progress:
                progress(ProgressEvent("quantize", 1, 1, quant))
        part.replace(out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        if inter is not None:
            with contextlib.suppress(OSError):
                inter.unlink()
    report = ConvertReport(
        src_dir=str(src),
        out_path=str(out),
        quant=quant,
        architecture=result.arch.gguf_name,
        tokenizer_model=result.vocab.kind,
        tokenizer_pre=result.vocab.pre,
        n_tensors=result.n_tensors,
        n_params=result.n_params,
        out_bytes=out.stat().st_size,
        largest_tensor_bytes=result.largest_tensor_bytes,
        write_seconds=result.seconds,
        quantize_seconds=quant_seconds,
    )
    if verify:
        if progress:
            progress(ProgressEvent("verify", 0, 1, "comparing with the HF model"))
        report.verify = verify_gguf(out, src, quant, thresholds, verify_tokens, n_threads)
        if progress:
            progress(ProgressEvent("verify", 1, 1, "passed" if report.passed else "FAILED"))
        if not report.passed:
            raise ParityError(
                f"{out} does not match the HF model: "
                + "; ".join(report.verify.failures)
                + " — the file was kept for inspection; do not use it.",
                report,
            )
    return report
