"""Split page texts into overlapping passages that never cross a page boundary.

~800 characters sits between GPT4All's 512 (too little context for a clinical statement) and
AnythingLLM's 1000; a passage ends at a paragraph, sentence or word boundary where possible,
and its offsets point into the page's text, so ``page_text[start:end] == chunk.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHUNK_CHARS = 800
OVERLAP_CHARS = 120
MIN_TAIL = 0.6  # look for a boundary in the last 40% of the window

_SENTENCE_END = re.compile(r"[.!?;:][\"')\]]?\s")


@dataclass(frozen=True)
class ChunkSpec:
    page: int | None  # 1-based page number, None for formats without pages
    char_start: int
    char_end: int
    text: str


def _boundary(text: str, start: int, limit: int) -> int:
    """Best end in ``text[start:limit]``: paragraph break, else sentence end, else a space."""
    low = start + int((limit - start) * MIN_TAIL)
    para = text.rfind("\n\n", low, limit)
    if para > 0:
        return para
    best = -1
    for match in _SENTENCE_END.finditer(text, low, limit):
        best = match.end() - 1
    if best > 0:
        return best
    space = max(text.rfind(" ", low, limit), text.rfind("\n", low, limit))
    return space if space > 0 else limit


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def chunk_text(
    text: str, page: int | None, size: int = CHUNK_CHARS, overlap: int | None = None
) -> list[ChunkSpec]:
    """Chunks of one page (or a whole unpaged document)."""
    overlap = min(OVERLAP_CHARS, size // 4) if overlap is None else overlap
    if size <= overlap:
        raise ValueError("chunk size must be larger than the overlap")
    out: list[ChunkSpec] = []
    start, n = 0, len(text)
    while start < n:
        limit = min(n, start + size)
        end = limit if limit == n else _boundary(text, start, limit)
        a, b = _trimmed(text, start, end)
        if b > a:
            out.append(ChunkSpec(page, a, b, text[a:b]))
        if end >= n:
            break
        nxt = max(end - overlap, start + 1)
        space = text.find(" ", nxt, end)  # start the overlap on a word boundary
        start = space + 1 if 0 <= space < end else nxt
    return out


def chunk_pages(pages: list[str], paged: bool, size: int = CHUNK_CHARS) -> list[ChunkSpec]:
    """Chunks of every page, in reading order."""
    out: list[ChunkSpec] = []
    for index, text in enumerate(pages):
        out.extend(chunk_text(text, index + 1 if paged else None, size))
    return out
