"""SHA-256 of (large) files, streamed."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from models.errors import ModelFileError

CHUNK = 4 * 1024 * 1024


def sha256_file(path: Path, progress: Callable[[int, int], None] | None = None) -> str:
    """Return the hex SHA-256 of ``path``, calling ``progress(done, total)`` per chunk."""
    path = Path(path)
    total = path.stat().st_size
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    return digest.hexdigest()


def verify_sha256(path: Path, expected: str) -> None:
    """Raise :class:`ModelFileError` unless ``path`` has the expected SHA-256."""
    actual = sha256_file(path)
    if actual != expected.lower():
        raise ModelFileError(
            f"Checksum mismatch for {path}: expected sha256 {expected}, got {actual}. "
            "The file is corrupt or has been modified; reinstall it."
        )


def copy_verified(source: Path, dest: Path, digest: str) -> None:
    """Copy ``source`` to ``dest`` owner-only through a ``.partial`` file that must hash to
    ``digest``; a bad copy is removed and nothing appears at ``dest``."""
    tmp = dest.with_suffix(".partial")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o600)
    if sha256_file(tmp) != digest:
        tmp.unlink()
        raise ModelFileError(f"Copy of {source} does not match its checksum; not imported.")
    tmp.replace(dest)
