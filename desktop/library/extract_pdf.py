"""PDF text per page with pypdf (BSD); clear errors for encrypted, damaged or scanned files."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from desktop.library.errors import ExtractError
from desktop.library.extracted import ExtractedDocument

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # the PDF spec allows junk before the header; readers accept 1 KiB


def _check_magic(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(MAGIC_WINDOW)
    if PDF_MAGIC not in head:
        raise ExtractError(
            "This file has a .pdf name but is not a PDF (no %PDF header); it may be another "
            "kind of file renamed."
        )


def _title(reader: PdfReader, path: Path) -> str:
    try:
        meta = reader.metadata
        title = (meta.title or "").strip() if meta is not None else ""
    except Exception:  # noqa: BLE001 - damaged metadata is not worth failing the import
        title = ""
    return title or path.stem


def extract_pdf(path: Path) -> ExtractedDocument:
    """Text of every page; raises :class:`ExtractError` with a plain-language reason."""
    _check_magic(path)
    # pypdf logs every recoverable oddity of real-world PDFs as a warning: keep it quiet.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:  # many PDFs carry only an owner password: they open with an empty one
                opened = reader.decrypt("")
            except (NotImplementedError, PyPdfError, DependencyError) as exc:  # e.g. no AES
                raise ExtractError(
                    f"This PDF is encrypted and cannot be opened without its password ({exc})."
                ) from exc
            if not opened:
                raise ExtractError(
                    "This PDF is password-protected; open it in a PDF reader and save an "
                    "unprotected copy to add it."
                )
        pages = [(page.extract_text() or "") for page in reader.pages]
    except ExtractError:
        raise
    except FileNotDecryptedError as exc:
        raise ExtractError("This PDF is password-protected and cannot be read.") from exc
    except (PyPdfError, DependencyError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractError(f"This PDF is damaged and cannot be read ({exc}).") from exc
    if not pages:
        raise ExtractError("This PDF has no pages.")
    doc = ExtractedDocument(_title(reader, path), "pdf", pages, paged=True)
    if not doc.has_text:
        raise ExtractError(
            f"This PDF has no text layer on any of its {len(pages)} page(s): it is probably a "
            "scan. Run it through OCR first (many PDF tools can), then add the result."
        )
    return doc
