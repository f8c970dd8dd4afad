"""Turn text pasted into the MCQ page into a :class:`Question`.

Options are lines such as ``A. text``, ``B) text`` or ``(C) text`` (consecutive letters from A);
without such lines, a free list of labels (``yes, no, maybe``) is used as the options.
"""

from __future__ import annotations

import re

from desktop.questions.answers import option_line
from desktop.questions.record import Question

_SPLIT = re.compile(r"[,;/|\n]+")


class QuestionInputError(ValueError):
    """The pasted text is not a usable question (message is shown to the user)."""


def parse_labels(text: str) -> list[str]:
    labels = [p.strip() for p in _SPLIT.split(text or "") if p.strip()]
    if len({label.casefold() for label in labels}) != len(labels):
        raise QuestionInputError("The labels must be different from each other.")
    return labels


def parse_question_text(text: str, labels_text: str = "", context: str = "") -> Question:
    """Stem + options from ``text``; ``labels_text`` supplies options when there are no A-E lines."""
    lines = (text or "").strip().splitlines()
    stem_lines: list[str] = []
    options: dict[str, str] = {}
    for line in lines:
        option = option_line(line)
        expected = chr(ord("A") + len(options))
        if option is not None and option[0] == expected:
            options[expected] = option[1]
        elif options:  # a continuation of the previous option
            if line.strip():
                last = next(reversed(options))
                options[last] = f"{options[last]} {line.strip()}"
        else:
            stem_lines.append(line)
    stem = "\n".join(stem_lines).strip()
    if not stem:
        raise QuestionInputError("Type or paste the question first.")
    if not options:
        labels = parse_labels(labels_text)
        if len(labels) < 2:
            raise QuestionInputError(
                "Give at least two options: lines such as 'A. …' and 'B. …' under the question, "
                "or a list of labels such as 'yes, no, maybe'."
            )
        options = {label: label for label in labels}
    elif len(options) < 2:
        raise QuestionInputError("Only one option (A) was found; add at least option B.")
    return Question("adhoc", stem, options, context=(context or "").strip() or None)
