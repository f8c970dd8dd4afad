"""HTML and labels shared by the study screens (question stem, verdict line)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.study.session import ItemState, QuestionView
from desktop.ui.study.widgets import fmt_seconds


def stem_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setStyleSheet(
        "QLabel { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px;"
        " padding: 10px; font-size: 14px; }"
    )
    return label


def stem_html(q: QuestionView) -> str:
    body = ""
    if q.context:
        context = html.escape(q.context).replace("\n", "<br>")
        body += f"<p style='color:#57606a; font-size:12px'>{context}</p>"
    return body + "<p>" + html.escape(q.stem).replace("\n", "<br>") + "</p>"


def verdict_html(item: ItemState) -> str:
    q = item.question
    if item.selected is None:
        head = "<b style='color:#9a6700'>Omitted</b>"
    elif item.correct:
        head = "<b style='color:#1e8e3e'>Correct</b>"
    else:
        head = f"<b style='color:#d93025'>Incorrect</b> — you chose {html.escape(item.selected)}"
    return (
        f"{head} · correct answer <b>{html.escape(q.answer)}. "
        f"{html.escape(q.option_text(q.answer))}</b> · {fmt_seconds(item.time_spent_s)} spent"
    )
