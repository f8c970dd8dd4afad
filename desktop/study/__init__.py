"""Qt-free USMLE study mode: banks, blocks (tutor/timed), spaced repetition, stats, explanations.

The Qt page (``desktop.ui.study``) only shows and forwards; everything here runs headless.
"""

from desktop.study.errors import StudyError
from desktop.study.store import StudyStore

__all__ = ["StudyError", "StudyStore"]
