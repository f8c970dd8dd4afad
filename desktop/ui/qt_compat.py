"""Guard against PySide6 reference-count bugs on Python 3.11 (where None/True are not immortal).

PySide6 6.12.0 returns borrowed ``None``/``bool`` results (every ``emit()`` and every
void-returning call drops a reference), so a session aborts with "Fatal Python error:
bool_dealloc / none_dealloc"; the project therefore pins 6.11.3, and
``tests/ui/test_ui_logic.py`` fails if an installed PySide6 has the bug.
:func:`emit` additionally gives the reference back for ``emit()`` if the bug is detected.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 16
_leaks: bool | None = None


class _Probe(QObject):
    sig = Signal()


def _incref(obj: object) -> None:
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def emit_leaks_reference() -> bool:
    """True if ``emit()`` on this PySide6 steals a reference from its bool result."""
    global _leaks
    if _leaks is None:
        probe = _Probe()
        before = sys.getrefcount(True)
        results = [probe.sig.emit() for _ in range(_PROBES)]
        del results  # the list held (and released) one reference per result
        lost = before - sys.getrefcount(True)
        _leaks = lost >= _PROBES
        if _leaks:
            for _ in range(_PROBES):
                _incref(True)
    return _leaks


def emit(signal: SignalInstance, *args: Any) -> object:
    """``signal.emit(*args)``, keeping bool reference counts correct on buggy PySide6."""
    result = signal.emit(*args)
    if isinstance(result, bool) and emit_leaks_reference():
        _incref(result)
    return result
