"""The conversation view: finished messages as HTML, the streaming answer re-rendered at <=20 Hz."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser

from desktop.ui.chat.render import markdown_html, message_html, notice_html, role_header_html

RENDER_INTERVAL_MS = 50  # 20 Hz
MAX_LINE_CHARS = 100  # longer lines are hard to read: wider windows get side margins


def stable_cut(text: str, start: int) -> int:
    """End of the last complete paragraph after ``start`` (never inside a code fence)."""
    end = len(text)
    while True:
        idx = text.rfind("\n\n", start, end)
        if idx < 0:
            return start
        cut = idx + 2
        if text.count("```", 0, cut) % 2 == 0:
            return cut
        end = idx


class TranscriptView(QTextBrowser):
    """Only the streaming tail is replaced on each tick; earlier messages are never re-laid out."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDefaultStyleSheet(
            "pre { background-color: #f4f4f4; } code { background-color: #f4f4f4; }"
        )
        self._stream_start: int | None = None
        self._tail_start = 0
        self._stable_len = 0
        self._stream_text = ""
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(RENDER_INTERVAL_MS)
        self._timer.timeout.connect(self._render_stream)
        self.render_count = 0

    # -- layout ------------------------------------------------------------------------
    def max_text_width(self) -> int:
        return self.fontMetrics().averageCharWidth() * MAX_LINE_CHARS

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Centre the text in a column of at most MAX_LINE_CHARS characters."""
        spare = self.width() - self.max_text_width() - 2 * self.frameWidth()
        side = max(0, spare // 2)
        self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)

    # -- whole conversation ------------------------------------------------------------
    def show_messages(self, blocks: list[str]) -> None:
        """Replace the view with pre-rendered HTML blocks (see :func:`message_html`)."""
        self.stop_stream(render=False)
        self.setHtml("".join(blocks))
        self._scroll_to_end()

    def append_html(self, block: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self.document().isEmpty():
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.insertHtml(block)
        self._scroll_to_end()

    def append_message(self, role: str, text: str, note: str = "") -> None:
        self.append_html(message_html(role, text, note))

    def append_notice(self, text: str, kind: str = "emergency") -> None:
        self.append_html(notice_html(text, kind))

    # -- streaming ---------------------------------------------------------------------
    def begin_stream(self, note: str = "") -> None:
        self.append_html(role_header_html("assistant", note))
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        self._stream_start = cursor.position()
        self._tail_start = self._stream_start
        self._stable_len = 0
        self._stream_text = ""
        self._dirty = True
        self._render_stream()
        self._timer.start()

    def add_stream_text(self, text: str) -> None:
        self._stream_text += text
        self._dirty = True

    def stop_stream(self, render: bool = True, final_text: str | None = None) -> None:
        """End streaming; the whole answer (or ``final_text``, its checked version) is rendered
        once more as one Markdown document."""
        self._timer.stop()
        if final_text is not None:
            self._stream_text = final_text
        if render and self._stream_start is not None:
            self._replace_from(self._stream_start, markdown_html(self._stream_text or " "))
        self._stream_start = None

    @property
    def streaming(self) -> bool:
        return self._stream_start is not None

    def _replace_from(self, position: int, html: str) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.insertHtml(html)
        cursor.endEditBlock()
        return cursor

    def _render_stream(self) -> None:
        """Append finished paragraphs once; re-render only the paragraph still growing."""
        if not self._dirty or self._stream_start is None:
            return
        self._dirty = False
        bar = self.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        text = self._stream_text
        cut = stable_cut(text, self._stable_len)
        if cut > self._stable_len:
            cursor = self._replace_from(
                self._tail_start, markdown_html(text[self._stable_len : cut])
            )
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            self._tail_start = cursor.position()
            self._stable_len = cut
        self._replace_from(self._tail_start, markdown_html(text[self._stable_len :] or "…"))
        self.render_count += 1
        if at_bottom:
            self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
