"""Passages found in the library, as plain frozen records safe to hand to any thread."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

HIGHLIGHT_OPEN = "\ue000"  # private-use markers around matched words in raw text
HIGHLIGHT_CLOSE = "\ue001"
ELLIPSIS = "…"


def highlighted_html(raw: str) -> str:
    """HTML-escaped text with matched words in ``<b>`` (safe for Qt rich text)."""
    escaped = html.escape(raw, quote=False)
    return escaped.replace(HIGHLIGHT_OPEN, "<b>").replace(HIGHLIGHT_CLOSE, "</b>")


def highlighted_markdown(raw: str) -> str:
    return raw.replace(HIGHLIGHT_OPEN, "**").replace(HIGHLIGHT_CLOSE, "**")


def plain(raw: str) -> str:
    return raw.replace(HIGHLIGHT_OPEN, "").replace(HIGHLIGHT_CLOSE, "")


@dataclass(frozen=True)
class Passage:
    """One chunk of one document, as found by a search."""

    chunk_id: int
    document_id: int
    title: str
    path: str
    fmt: str
    collection: str
    page: int | None
    char_start: int
    char_end: int
    text: str
    highlighted: str = ""  # the whole text with matches between the markers above
    snippet: str = ""  # a short window around the matches, same markers
    rank: float = 0.0  # FTS5 bm25: lower is better
    matched_terms: tuple[str, ...] = field(default_factory=tuple)
    coverage: float = 0.0  # IDF-weighted share of the query's content words found here

    @property
    def where(self) -> str:
        """``Title, p. 3`` (or just the title for formats without pages)."""
        return f"{self.title}, p. {self.page}" if self.page else self.title

    @property
    def snippet_html(self) -> str:
        return highlighted_html(self.snippet or self.highlighted or self.text)

    @property
    def highlighted_html(self) -> str:
        return highlighted_html(self.highlighted or self.text)
