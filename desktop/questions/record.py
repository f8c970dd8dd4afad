"""The shared question record, read reports and the dedup key (Qt-free, no model needed)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STEPS = ("step1", "step2", "step3", "step2&3")


class QuestionFileError(ValueError):
    """A question file cannot be read at all (missing, not JSON/CSV, unknown format)."""


@dataclass
class Question:
    """One multiple-choice (or yes/no/maybe) question with an optional gold label."""

    id: str
    question: str
    options: dict[str, str]
    answer: str | None = None
    context: str | None = None
    subject: str | None = None
    step: str | None = None
    source: str = "custom"  # the name of the registered format it was read from
    explanation: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.options:
            raise ValueError("a question needs at least one option")
        if self.answer is not None and self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not one of {list(self.options)}")

    @property
    def labels(self) -> list[str]:
        return list(self.options)

    @property
    def answer_text(self) -> str | None:
        return None if self.answer is None else self.options[self.answer]


@dataclass
class RowError:
    """A row that could not be read: 1-based line number (text formats) or record key/index."""

    line_or_record: int | str
    message: str

    def __str__(self) -> str:
        where = (
            f"line {self.line_or_record}"
            if isinstance(self.line_or_record, int)
            else f"record {self.line_or_record}"
        )
        return f"{where}: {self.message}"


@dataclass
class ReadReport:
    """Questions read from a file plus the rows that were skipped (and why)."""

    questions: list[Question] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    path: Path | None = None
    fmt: str | None = None
    excluded: list[str] = field(default_factory=list)  # ids left out on purpose (e.g. images)

    def __len__(self) -> int:
        return len(self.questions)

    def extend(self, other: ReadReport) -> None:
        self.questions.extend(other.questions)
        self.errors.extend(other.errors)
        self.excluded.extend(other.excluded)

    def summary(self) -> str:
        name = self.path.name if self.path else "input"
        text = f"{name}: {len(self.questions)} questions read"
        if self.errors:
            text += f", {len(self.errors)} rows skipped"
        if self.excluded:
            text += f", {len(self.excluded)} excluded"
        return text


_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def normalise_text(text: str) -> str:
    """Lower-case, NFKC, punctuation removed, whitespace collapsed (for matching and dedup)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def dedup_key(question: Question | str, options: dict[str, str] | list[str] | None = None) -> str:
    """Stable key for "the same question": normalised stem plus the set of option texts.

    Option order and labels are ignored, so a reshuffled copy from another source matches.
    """
    if isinstance(question, Question):
        stem, opts = question.question, list(question.options.values())
    else:
        stem = question
        opts = list(options.values()) if isinstance(options, dict) else list(options or [])
    parts = [normalise_text(stem), *sorted(normalise_text(o) for o in opts)]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
