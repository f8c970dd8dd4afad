"""Write files the user exports (history, study statistics) owner-only (0600), atomically.

The default umask would leave them world-readable (0644): exports hold patient text.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600


def write_private_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` via a 0600 temp file + fsync + rename; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_private_text(path: str | os.PathLike[str], text: str) -> Path:
    """:func:`write_private_bytes` for UTF-8 text (newlines written as given)."""
    return write_private_bytes(path, text.encode("utf-8"))
