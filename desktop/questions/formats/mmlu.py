"""MMLU CSV (no header): ``question, A, B, C, D, answer letter``; subject from the file name."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.questions.reading import iter_csv_rows, open_text
from desktop.questions.record import Question, ReadReport, RowError
from desktop.questions.registry import FileProbe, QuestionFormat, register

_SPLIT_SUFFIX = re.compile(r"_(dev|val|test|train|auxiliary_train)$")


def mmlu_subject(path: Path) -> str:
    """``clinical_knowledge_val.csv`` -> ``clinical_knowledge``."""
    return _SPLIT_SUFFIX.sub("", Path(path).stem)


def read_mmlu(path: Path, subject: str | None = None) -> ReadReport:
    path = Path(path)
    subject = subject or mmlu_subject(path)
    report = ReadReport(path=path, fmt="mmlu")
    for line, row in iter_csv_rows(open_text(path)):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 6:
            report.errors.append(
                RowError(line, f"expected 6 columns (question, A, B, C, D, answer), got {len(row)}")
            )
            continue
        question, *texts, letter = (cell.strip() for cell in row)
        options = dict(zip("ABCD", texts, strict=True))
        if not question or not all(texts):
            report.errors.append(RowError(line, "empty question or option"))
            continue
        letter = letter.upper()
        if letter not in options:
            report.errors.append(RowError(line, f"unknown answer letter {letter!r}"))
            continue
        report.questions.append(
            Question(
                id=f"{path.stem}/{line}",
                question=question,
                options=options,
                answer=letter,
                subject=subject,
                source="mmlu",
            )
        )
    return report


def _looks_like_mmlu(probe: FileProbe) -> bool:
    return "question" not in probe.csv_header  # MMLU files have no header row


def _split_files(folder: Path, split: str) -> list[Path]:
    return sorted(folder.glob(f"*_{split}.csv"))


FORMAT = register(
    QuestionFormat(
        name="mmlu",
        title="MMLU (CSV, one subject per file)",
        suffixes=(".csv",),
        read=read_mmlu,
        sniff=_looks_like_mmlu,
        folder_files=_split_files,
        default_data="mmlu_medical",
    )
)
