"""MedMCQA JSONL: ``{question, choices ["A. ..", ..], answer: 0-3}`` per line.

The original release's ``{opa, opb, opc, opd, cop}`` form is read too (``cop`` 1-4, as there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.questions.answers import letter_labels, split_label_prefix
from desktop.questions.reading import iter_jsonl
from desktop.questions.record import Question, ReadReport, RowError
from desktop.questions.registry import FileProbe, QuestionFormat, register

_KNOWN = {"question", "choices", "answer", "opa", "opb", "opc", "opd", "cop", "id", "exp"}


def _options(row: dict[str, Any]) -> dict[str, str]:
    if isinstance(row.get("choices"), list) and row["choices"]:
        texts = [split_label_prefix(str(c))[1] for c in row["choices"]]
    elif all(k in row for k in ("opa", "opb", "opc", "opd")):
        texts = [str(row[k]).strip() for k in ("opa", "opb", "opc", "opd")]
    else:
        raise ValueError("missing options (expected 'choices' list or opa..opd)")
    return dict(zip(letter_labels(len(texts)), texts, strict=True))


def _answer(row: dict[str, Any], options: dict[str, str]) -> str | None:
    labels = list(options)
    if "choices" in row:
        raw, base = row.get("answer"), 0
    else:
        raw, base = row.get("cop"), 1
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and raw.strip().upper() in options:
        return raw.strip().upper()
    try:
        index = int(raw) - base
    except (TypeError, ValueError):
        raise ValueError(f"unknown answer {raw!r}") from None
    if not 0 <= index < len(labels):
        raise ValueError(f"unknown answer index {raw!r} for {len(labels)} options")
    return labels[index]


def read_medmcqa(path: Path) -> ReadReport:
    report = ReadReport(path=Path(path), fmt="medmcqa")
    for line, row in iter_jsonl(path, report.errors):
        try:
            question = row.get("question")
            if not isinstance(question, str) or not question.strip():
                raise ValueError("missing question text")
            options = _options(row)
            report.questions.append(
                Question(
                    id=str(row.get("id") or f"L{line}"),
                    question=question.strip(),
                    options=options,
                    answer=_answer(row, options),
                    subject=row.get("subject_name") or None,
                    source="medmcqa",
                    explanation=row.get("exp") or None,
                    meta={k: v for k, v in row.items() if k not in _KNOWN},
                )
            )
        except (ValueError, TypeError) as exc:
            report.errors.append(RowError(line, str(exc)))
    return report


def _looks_like_medmcqa(probe: FileProbe) -> bool:
    row = probe.first_json_line
    return "choices" in row or "opa" in row


FORMAT = register(
    QuestionFormat(
        name="medmcqa",
        title="MedMCQA (JSON lines)",
        suffixes=(".jsonl",),
        read=read_medmcqa,
        sniff=_looks_like_medmcqa,
        default_data="medmcqa_dev.jsonl",
    )
)
