"""Explanations backed by the reference library, as the MCQ page and study mode show them:
the "Explain from my library" switch and the source cards under an explanation.

The cards are the chat's own (:func:`desktop.ui.chat.sources.source_cards_html`); a click
opens the document at its page like in the chat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QUrl
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QTextBrowser

from desktop.explain.setting import explain_from_library, set_explain_from_library
from desktop.history.sources import SourceRecord
from desktop.settings_store import SettingsStore
from desktop.ui.chat.render import notice_html
from desktop.ui.chat.sources import open_source, source_cards_html

TOGGLE_TEXT = "Explain from my library"
TOGGLE_TIP = (
    "Look the question up in your reference library (Library page) first: the best passages go "
    "into the prompt, the explanation cites them as [1], [2] and the sources are shown under "
    "it. When nothing relevant is found, the explanation says it is not backed by the library."
)
LOOKING = "Looking the question up in your library…"


class LibraryToggle(QCheckBox):
    """The switch; every copy shows the one stored setting when it is shown. A widget built
    before the settings are at hand (a study screen) gets them through :meth:`bind`."""

    def __init__(self, settings: SettingsStore | None = None) -> None:
        super().__init__(TOGGLE_TEXT)
        self.settings = settings
        self.setToolTip(TOGGLE_TIP)
        self.refresh()
        self.toggled.connect(self._store)

    def bind(self, settings: SettingsStore) -> None:
        self.settings = settings
        self.refresh()

    def _store(self, on: bool) -> None:
        if self.settings is not None:
            set_explain_from_library(self.settings, on)

    def refresh(self) -> None:
        on = self.settings is not None and explain_from_library(self.settings)
        if on != self.isChecked():
            self.blockSignals(True)
            self.setChecked(on)
            self.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.refresh()  # another page may have changed it
        super().showEvent(event)


class SourceCardsView(QTextBrowser):
    """Under an explanation: its source cards, or the notice that the library had nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMinimumHeight(70)
        self.source_opener: Callable[[QUrl], bool] = open_source  # replaceable in tests
        self.anchorClicked.connect(lambda url: self.source_opener(url))
        self.sources: tuple[SourceRecord, ...] = ()
        self.setVisible(False)

    def show_sources(self, sources: Sequence[SourceRecord]) -> None:
        self.sources = tuple(sources)
        self.setHtml(source_cards_html(self.sources))
        self.setVisible(bool(self.sources))

    def show_notice(self, text: str) -> None:
        self.sources = ()
        self.setHtml(notice_html(text, "warning"))
        self.setVisible(True)

    def clear_sources(self) -> None:
        self.sources = ()
        self.clear()
        self.setVisible(False)
