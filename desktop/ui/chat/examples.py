"""Example prompts offered in a new, empty chat (a click puts one in the composer)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

EXAMPLES = (
    "A 67-year-old man with CKD stage 3 (eGFR 40) has community-acquired pneumonia. "
    "Which antibiotics would you consider, and which doses need adjusting?",
    "Which features of a headache are red flags that need urgent imaging?",
    "Explain the difference between type 1 and type 2 respiratory failure, with causes.",
    "Outline the first hour of managing suspected sepsis in an adult.",
)


class ExamplePrompts(QWidget):
    """A short list of example questions; ``sig_chosen(text)`` when one is clicked."""

    sig_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 12, 12, 12)
        title = QLabel("<b>Try an example</b> — or describe your own case below:")
        box.addWidget(title)
        self.buttons: list[QLabel] = []  # word-wrapped links: they fit any window width
        for index, text in enumerate(EXAMPLES):
            link = QLabel(f'<a href="{index}" style="text-decoration:none;">{text}</a>')
            link.setWordWrap(True)
            link.setObjectName("example_prompt")
            link.setStyleSheet(
                "QLabel#example_prompt { border: 1px solid palette(mid); border-radius: 4px;"
                " padding: 6px 10px; }"
            )
            link.setToolTip("Put this question in the composer (edit it, then Send)")
            link.linkActivated.connect(lambda href: self.sig_chosen.emit(EXAMPLES[int(href)]))
            box.addWidget(link)
            self.buttons.append(link)
        box.addStretch(1)
