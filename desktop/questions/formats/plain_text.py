"""Plain-text questions as pasted from study guides: a stem, lettered options, ``Answer: X``.

::

    1. A 24-year-old woman has fatigue and a low ferritin. What is the most likely cause?
    A) Iron deficiency
    B) Vitamin B12 deficiency
    C) Hypothyroidism
    Answer: A
    Explanation: A low ferritin is specific for depleted iron stores.

Options are ``A)``, ``A.``, ``A:`` or ``(A)`` at the start of a line; the answer line
(``Answer:``, ``Ans:``, ``Correct answer:``) and an ``Explanation:`` line are optional. A new
question starts with the first stem line after a question's options; questions may be separated
by blank lines and numbered (``1.``, ``Q1.``, ``Question 1:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.questions.answers import option_line, resolve_answer
from desktop.questions.reading import open_text
from desktop.questions.record import Question, ReadReport, RowError
from desktop.questions.registry import FileProbe, QuestionFormat, register

_ANSWER = re.compile(r"^\s*(?:correct\s+answer|answer|ans)\s*[:\-=]\s*(\S.*)$", re.IGNORECASE)
_EXPLANATION = re.compile(r"^\s*(?:explanation|rationale)\s*[:\-]\s*(.*)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,4}\s*[\).:]\s*", re.IGNORECASE)


@dataclass
class _Draft:
    line: int
    stem: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    answer: str | None = None
    explanation: list[str] = field(default_factory=list)
    in_explanation: bool = False

    @property
    def empty(self) -> bool:
        return not (self.stem or self.options or self.answer)


def _finish(draft: _Draft, report: ReadReport, index: int) -> None:
    if draft.empty:
        return
    try:
        stem = _NUMBER.sub("", " ".join(draft.stem), count=1).strip()
        if not stem:
            raise ValueError("missing question text before the options")
        if len(draft.options) < 2:
            raise ValueError("needs at least two lettered options such as 'A) ...' and 'B) ...'")
        answer = resolve_answer(draft.answer, draft.options) if draft.answer else None
        report.questions.append(
            Question(
                id=f"{report.path.stem if report.path else 'text'}/{index}",
                question=stem,
                options=dict(draft.options),
                answer=answer,
                source="text",
                explanation=" ".join(draft.explanation).strip() or None,
            )
        )
    except ValueError as exc:
        report.errors.append(RowError(draft.line, str(exc)))


def _starts_question(draft: _Draft | None, line: str, is_stem_line: bool) -> bool:
    """A stem line after a question's options (or a numbered line inside its explanation)."""
    if draft is None:
        return True
    if draft.in_explanation:
        return _NUMBER.match(line) is not None
    return is_stem_line and bool(draft.options or draft.answer)


def read_plain_text(path: Path) -> ReadReport:
    path = Path(path)
    report = ReadReport(path=path, fmt="text")
    draft: _Draft | None = None
    count = 0
    for number, raw in enumerate(open_text(path).splitlines(), start=1):
        line = raw.strip()
        if not line:
            if draft is not None:
                draft.in_explanation = False
            continue
        option, answer = option_line(line), _ANSWER.match(line)
        explanation = _EXPLANATION.match(line) if option is None and answer is None else None
        is_stem_line = option is None and answer is None and explanation is None
        if _starts_question(draft, line, is_stem_line):
            if draft is not None:
                count += 1
                _finish(draft, report, count)
            draft = _Draft(line=number)
        assert draft is not None  # set just above
        if option is not None and not draft.answer and option[0] not in draft.options:
            draft.options[option[0]] = option[1]
        elif answer is not None:
            draft.answer = answer.group(1).strip()
        elif explanation is not None:
            draft.explanation.append(explanation.group(1))
            draft.in_explanation = True
        elif draft.in_explanation:
            draft.explanation.append(line)
        else:
            draft.stem.append(line)
    if draft is not None:
        _finish(draft, report, count + 1)
    return report


def _looks_like_questions(probe: FileProbe) -> bool:
    labels = {o[0] for o in map(option_line, probe.text.splitlines()) if o}
    return {"A", "B"} <= labels


FORMAT = register(
    QuestionFormat(
        name="text",
        title="Plain-text questions (stem, A) … options, Answer: X)",
        suffixes=(".txt",),
        read=read_plain_text,
        sniff=_looks_like_questions,
    )
)
