"""The one registry of file formats the library can read, and the checks every file gets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.library.errors import ExtractError
from desktop.library.extract_pdf import extract_pdf
from desktop.library.extract_text import extract_html, extract_markdown, extract_plain
from desktop.library.extracted import ExtractedDocument

Extractor = Callable[[Path], ExtractedDocument]

EXTRACTORS: dict[str, Extractor] = {
    ".pdf": extract_pdf,
    ".html": extract_html,
    ".htm": extract_html,
    ".md": extract_markdown,
    ".markdown": extract_markdown,
    ".txt": extract_plain,
    ".text": extract_plain,
}
MAX_FILE_BYTES = 100 * 1024 * 1024  # larger files are refused: indexing them would take minutes


def supported(path: Path) -> bool:
    return path.suffix.lower() in EXTRACTORS


def extract(path: Path, max_bytes: int = MAX_FILE_BYTES) -> ExtractedDocument:
    """Read ``path`` into text; :class:`ExtractError` says in plain words why it cannot be."""
    extractor = EXTRACTORS.get(path.suffix.lower())
    if extractor is None:
        kinds = ", ".join(sorted(EXTRACTORS))
        raise ExtractError(f"Files of type '{path.suffix or '(none)'}' cannot be added ({kinds}).")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractError(f"The file cannot be read ({exc.strerror or exc}).") from exc
    if size > max_bytes:
        raise ExtractError(
            f"The file is too large to add ({size / 2**20:.0f} MB; the limit is "
            f"{max_bytes / 2**20:.0f} MB). Split it into smaller files."
        )
    if size == 0:
        raise ExtractError("The file is empty.")
    try:
        doc = extractor(path)
    except ExtractError:
        raise
    except (OSError, UnicodeError) as exc:
        raise ExtractError(f"The file cannot be read ({exc}).") from exc
    if not doc.has_text:
        raise ExtractError("The file contains no text to index.")
    return doc
