"""MedQA-USMLE JSONL: ``{question, options{A..}, answer, answer_idx, meta_info}`` per line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.questions.answers import resolve_answer
from desktop.questions.reading import iter_jsonl
from desktop.questions.record import Question, ReadReport, RowError
from desktop.questions.registry import FileProbe, QuestionFormat, register

_META_KEYS = ("question", "options", "answer", "answer_idx", "meta_info")


def parse_medqa_row(row: dict[str, Any], line: int) -> Question:
    question = row.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("missing question text")
    raw = row.get("options")
    if not isinstance(raw, dict) or not raw:
        raise ValueError("missing options (expected an object like {'A': ..., 'B': ...})")
    options = {str(k).strip(): str(v).strip() for k, v in raw.items()}
    if "answer_idx" in row and row["answer_idx"] not in (None, ""):
        answer_idx = str(row["answer_idx"]).strip()
        if answer_idx not in options:
            raise ValueError(f"unknown answer letter {answer_idx!r} (options {list(options)})")
        answer: str | None = answer_idx
    elif row.get("answer") not in (None, ""):
        answer = resolve_answer(row["answer"], options)
    else:
        answer = None
    step = row.get("meta_info")
    rid = row.get("realidx", row.get("id"))
    return Question(
        id=str(rid) if rid is not None else f"L{line}",
        question=question.strip(),
        options=options,
        answer=answer,
        step=str(step) if step else None,
        source="medqa",
        meta={k: v for k, v in row.items() if k not in _META_KEYS},
    )


def read_medqa(path: Path) -> ReadReport:
    report = ReadReport(path=Path(path), fmt="medqa")
    for line, row in iter_jsonl(path, report.errors):
        try:
            report.questions.append(parse_medqa_row(row, line))
        except (ValueError, TypeError) as exc:
            report.errors.append(RowError(line, str(exc)))
    return report


def _looks_like_medqa(probe: FileProbe) -> bool:
    row = probe.first_json_line
    return isinstance(row.get("options"), dict) and ("answer_idx" in row or "meta_info" in row)


FORMAT = register(
    QuestionFormat(
        name="medqa",
        title="MedQA-USMLE (JSON lines)",
        suffixes=(".jsonl",),
        read=read_medqa,
        sniff=_looks_like_medqa,
        default_data="medqa_usmle_dev.jsonl",
    )
)
