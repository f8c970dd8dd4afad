"""What an extractor returns: a document's title and its text, page by page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractedDocument:
    """``pages[i]`` is the text of page ``i + 1``; ``paged`` is False for formats without pages
    (HTML, Markdown, text), whose whole text is ``pages[0]``."""

    title: str
    fmt: str
    pages: list[str]
    paged: bool

    @property
    def n_pages(self) -> int:
        return len(self.pages) if self.paged else 0

    @property
    def has_text(self) -> bool:
        return any(page.strip() for page in self.pages)
