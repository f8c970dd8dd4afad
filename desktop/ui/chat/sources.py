"""Cited answers in the chat: the library mode selector, source cards, opening a source.

The cards are HTML blocks in the transcript; each links to the document as a ``file://`` URL
with ``#page=N`` for PDFs (the fragment PDF viewers use to open at a page).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox

from desktop.library.modes import LibraryMode

if TYPE_CHECKING:  # desktop.history pulls in SQLAlchemy: not at GUI start-up
    from desktop.history.sources import SourceRecord

MODE_LABELS = {
    LibraryMode.OFF: "Library: off",
    LibraryMode.USE: "Use my library",
    LibraryMode.ONLY: "Answer only from my library",
}
CARD_CHARS = 420


class LibraryModeBox(QComboBox):
    """Off / "Use my library" / "Answer only from my library"."""

    def __init__(self) -> None:
        super().__init__()
        for mode, label in MODE_LABELS.items():
            self.addItem(label, mode.value)
        self.setToolTip(
            "Use my library: the best passages of your reference library go into the prompt "
            "and the answer cites them as [1], [2]. Answer only from my library: when nothing "
            "relevant is found, say so instead of letting the model guess."
        )

    @property
    def mode(self) -> LibraryMode:
        return LibraryMode(self.currentData())

    def set_mode(self, mode: LibraryMode) -> None:
        self.setCurrentIndex(self.findData(LibraryMode(mode).value))


def source_url(source: SourceRecord) -> QUrl:
    url = QUrl.fromLocalFile(source.path)
    if source.page:
        url.setFragment(f"page={source.page}")
    return url


def highlight_terms(text: str, terms: Sequence[str]) -> str:
    """HTML-escaped ``text`` with words sharing a query word's stem-like prefix in bold."""
    escaped = html.escape(text, quote=False)
    heads = sorted({t[: max(4, len(t) - 2)] for t in terms if t}, key=len, reverse=True)
    if not heads:
        return escaped
    pattern = re.compile(r"\b(" + "|".join(re.escape(h) for h in heads) + r")\w*", re.IGNORECASE)
    return pattern.sub(lambda m: f"<b>{m.group(0)}</b>", escaped)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= CARD_CHARS else flat[:CARD_CHARS].rsplit(" ", 1)[0] + " …"


def source_cards_html(sources: Sequence[SourceRecord]) -> str:
    """One card per passage given to the model: number, document, page, highlighted text."""
    if not sources:
        return ""
    cells = []
    for src in sources:
        mark = "cited" if src.cited else "given, not cited"
        link = source_url(src).toString()
        cells.append(
            f'<tr><td style="background-color:#f1f5fb; border:1px solid #c9d6ea;">'
            f'<b>[{src.number}]</b> <a href="{html.escape(link)}">{html.escape(src.where)}</a>'
            f' <span style="color:#777777;">({mark})</span><br/>'
            f'<span style="color:#333333;">{highlight_terms(_excerpt(src.text), src.terms)}'
            f"</span></td></tr>"
        )
    return (
        '<p style="margin-top:6px; margin-bottom:2px; color:#555555;"><b>Sources</b> '
        "(from your library; click to open at the page)</p>"
        '<table width="100%" cellpadding="6" cellspacing="4">' + "".join(cells) + "</table>"
    )


def open_source(url: QUrl) -> bool:
    """Open a source card's document (at its page for PDFs) in the system viewer."""
    return QDesktopServices.openUrl(url)
