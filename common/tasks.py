"""One cancellation and progress protocol for every long job.

The engine, the converter, study import, training and evaluation all take
``cancel: CancelToken | None`` and ``progress: ProgressCallback | None``: the caller keeps the
token (the UI's Cancel button calls ``token.cancel()``), the job checks ``token.cancelled``
between steps (or calls ``token.raise_if_cancelled()``) and reports ``ProgressEvent`` s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """Long work stopped because its token was cancelled."""


class CancelToken:
    """Set from any thread to stop a job at its next check."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep until cancelled or ``timeout`` s passed; True if cancelled."""
        return self._event.wait(timeout)


@dataclass(frozen=True)
class ProgressEvent:
    """``done`` of ``total`` units of ``stage`` (``total`` 0 when unknown), with a short detail."""

    stage: str
    done: float
    total: float
    detail: str = ""

    @property
    def fraction(self) -> float:
        """Share done, 0.0 while the total is unknown."""
        return min(1.0, max(0.0, self.done / self.total)) if self.total else 0.0


ProgressCallback = Callable[[ProgressEvent], None]


def report(
    progress: ProgressCallback | None, stage: str, done: float, total: float, detail: str = ""
) -> None:
    """Send one event if there is a listener."""
    if progress is not None:
        progress(ProgressEvent(stage, done, total, detail))
