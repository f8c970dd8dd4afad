"""Qt-free question readers shared by MCQ mode, the evaluation harness and study mode.

``read_questions(path, fmt=None)`` returns a :class:`ReadReport` of :class:`Question` objects
and per-row :class:`RowError` s (bad rows are reported with their line/record, the rest read).
Formats are registered in :mod:`desktop.questions.registry`, one module each in ``formats/``.
"""

from desktop.questions.answers import resolve_answer
from desktop.questions.formats.custom import read_custom, write_custom_jsonl
from desktop.questions.formats.medmcqa import read_medmcqa
from desktop.questions.formats.medqa import read_medqa
from desktop.questions.formats.mmlu import read_mmlu
from desktop.questions.formats.plain_text import read_plain_text
from desktop.questions.formats.pubmedqa import read_pubmedqa
from desktop.questions.formats.usmle import IMAGE_QUESTIONS, read_usmle
from desktop.questions.record import (
    Question,
    QuestionFileError,
    ReadReport,
    RowError,
    dedup_key,
    normalise_text,
)
from desktop.questions.registry import (
    QuestionFormat,
    detect_format,
    file_dialog_filter,
    format_names,
    formats,
    get_format,
    read_questions,
)

__all__ = [
    "IMAGE_QUESTIONS",
    "Question",
    "QuestionFileError",
    "QuestionFormat",
    "ReadReport",
    "RowError",
    "dedup_key",
    "detect_format",
    "file_dialog_filter",
    "format_names",
    "formats",
    "get_format",
    "normalise_text",
    "read_custom",
    "read_medmcqa",
    "read_medqa",
    "read_mmlu",
    "read_plain_text",
    "read_pubmedqa",
    "read_questions",
    "read_usmle",
    "resolve_answer",
    "write_custom_jsonl",
]
