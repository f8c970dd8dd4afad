"""MMLU CSV (no header): ``question, A, B, C, D, answer letter``; subject from the file name."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from desktop.questions.jsonl import open_text
from desktop.questions.model import Question, ReadReport, RowError

_SPLIT_SUFFIX = re.compile(r"_(dev|val|test|train|auxiliary_train)$")


def mmlu_subject(path: Path) -> str:
    """``clinical_knowledge_val.csv`` -> ``clinical_knowledge``."""
    return _SPLIT_SUFFIX.sub("", Path(path).stem)


def iter_csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the 1-based line each one starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


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
