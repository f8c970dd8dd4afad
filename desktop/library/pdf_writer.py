"""Write simple, valid text-only PDFs (one Helvetica text block per page).

Used to make the benchmark's 500-page PDF and the tests' documents with known text on known
pages; a page given as ``None`` gets only a drawn box and no text, like a scanned page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

LINE_CHARS = 95
LINES_PER_PAGE = 58


def _escape(line: str) -> str:
    data = line.encode("latin-1", "replace").decode("latin-1")
    return data.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(text: str | None) -> bytes:
    if text is None:  # an image-like page: graphics only, no text layer
        return b"0.5 g 72 300 450 400 re f\n"
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, LINE_CHARS) or [""])
    body = "".join(f"({_escape(line)}) Tj T*\n" for line in lines[:LINES_PER_PAGE])
    return f"BT /F1 10 Tf 12 TL 54 760 Td\n{body}ET\n".encode("latin-1")


def pdf_bytes(pages: Sequence[str | None], title: str = "") -> bytes:
    """A PDF whose page ``i + 1`` shows ``pages[i]`` (wrapped; ``None``: no text)."""
    n = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(n))
        + f"] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(pages):
        stream = _content(text)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"endstream")
    info = None
    if title:
        objects.append(f"<< /Title ({_escape(title)}) >>".encode("latin-1"))
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if info:
        trailer += f" /Info {info} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_pdf(path: str | Path, pages: Sequence[str | None], title: str = "") -> Path:
    path = Path(path)
    path.write_bytes(pdf_bytes(pages, title))
    return path
