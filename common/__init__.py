"""The few types every layer shares (no dependencies): cancellation and progress of long work."""

from common.tasks import Cancelled, CancelToken, ProgressCallback, ProgressEvent, report

__all__ = ["CancelToken", "Cancelled", "ProgressCallback", "ProgressEvent", "report"]
