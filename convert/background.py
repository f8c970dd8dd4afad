"""Qt-free job for the app's model manager: convert an HF folder and register the GGUF.

Run it on a worker thread (e.g. ``concurrent.futures`` or a QThread) and forward
``progress`` events to the UI; ``cancel`` is a ``common.tasks.CancelToken``. Nothing
touches Qt here.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.tasks import CancelToken
from convert.api import convert_model
from convert.errors import ParityError
from convert.report import ConvertReport, ProgressEvent


@dataclass
class ConversionResult:
    entry: Any  # models.registry.ModelEntry
    report: ConvertReport


def run_conversion_job(
    src_dir: str | Path,
    quant: str = "Q4_K_M",
    *,
    registry: Any = None,
    verify: bool = True,
    progress: Callable[[ProgressEvent], None] | None = None,
    cancel: CancelToken | None = None,
    **convert_kwargs: Any,
) -> ConversionResult:
    """Convert ``src_dir`` to ``quant``, verify, then import into ``registry``.

    The GGUF is written to a hidden temporary file inside the registry's models folder; once
    verified, the registry takes it over (renamed into place, no second copy) and owns it
    like a copy. A failed or cancelled conversion leaves nothing behind. Errors are the
    ``convert.errors`` classes (ParityError carries ``.report``) or ``models.errors.ModelError``.
    """
    from models.registry import ModelRegistry

    registry = registry or ModelRegistry()
    tmp = Path(registry.models_dir) / f".convert-{uuid.uuid4().hex[:12]}.gguf"
    try:
        try:
            report = convert_model(
                src_dir, tmp, quant, verify=verify, progress=progress, cancel=cancel,
                **convert_kwargs,
            )  # fmt: skip
        except ParityError as exc:
            failures = "; ".join(exc.report.verify.failures) if exc.report else str(exc)
            raise ParityError(
                f"The converted model does not match {src_dir}: {failures}. It was not imported.",
                exc.report,
            ) from exc
        if progress:
            progress(ProgressEvent("import", 0, 1, "registering the model"))
        entry = registry.import_gguf(tmp, take=True)
        if progress:
            progress(ProgressEvent("import", 1, 1, entry.id))
        report.out_path = entry.path
        return ConversionResult(entry, report)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
