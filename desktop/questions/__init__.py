"""Qt-free question readers shared by MCQ mode, the evaluation harness and study mode.

``read_questions(path, fmt=None)`` returns a :class:`ReadReport` of :class:`Question` objects
and per-row :class:`RowError` s (bad rows are reported with their line/record, the rest read).
"""

from desktop.questions.answers import resolve_answer
from desktop.questions.custom import read_custom, write_custom_jsonl
from desktop.questions.detect import FORMATS, detect_format, read_questions
from desktop.questions.medmcqa import read_medmcqa
from desktop.questions.medqa import read_medqa
from desktop.questions.mmlu import read_mmlu
from desktop.questions.model import (
    Question,
    QuestionFileError,
    ReadReport,
    RowError,
    dedup_key,
    normalise_text,
)
from desktop.questions.pubmedqa import read_pubmedqa
from desktop.questions.usmle import IMAGE_QUESTIONS, read_usmle

__all__ = [
    "FORMATS",
    "IMAGE_QUESTIONS",
    "Question",
    "QuestionFileError",
    "ReadReport",
    "RowError",
    "dedup_key",
    "detect_format",
    "normalise_text",
    "read_custom",
    "read_medmcqa",
    "read_medqa",
    "read_mmlu",
    "read_pubmedqa",
    "read_questions",
    "read_usmle",
    "resolve_answer",
    "write_custom_jsonl",
]
