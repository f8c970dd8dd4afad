"""Our own simple question format, as JSON (a list, or ``{"questions": [...]}``), JSONL or CSV.

Each record (JSON object or CSV row) has:

- ``question`` (required) - the stem;
- ``options`` (required) - an object ``{"A": "text", ...}`` with any labels in order, or a list
  of texts (labelled A, B, C, ...). In CSV, one column per option named by its label (``A``,
  ``B``, ... up to ``Z``); empty cells are skipped so 4- and 5-option questions can share a file;
- ``answer`` (optional) - the correct label (``"B"``), label plus text (``"B: Tetany"``) or the
  option text itself;
- ``id``, ``context``, ``subject``, ``step`` (``step1``, ``step2``, ``step3``, ``step2&3``),
  ``explanation`` (all optional); any other field is kept in ``meta``.

Example JSONL line::

    {"id": "q1", "question": "Which ion ...?", "options": {"A": "Na+", "B": "K+"}, "answer": "B"}
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from desktop.private_files import write_private_text
from desktop.questions.answers import letter_labels, resolve_answer, split_label_prefix
from desktop.questions.reading import iter_csv_rows, iter_jsonl, load_json, open_text
from desktop.questions.record import Question, QuestionFileError, ReadReport, RowError
from desktop.questions.registry import QuestionFormat, register

_FIELDS = {"id", "question", "options", "answer", "context", "subject", "step", "explanation"}


def _options(raw: Any) -> dict[str, str]:
    if isinstance(raw, dict) and raw:
        options = {str(k).strip(): str(v).strip() for k, v in raw.items()}
    elif isinstance(raw, list) and raw:
        texts = [str(t).strip() for t in raw]
        split = [split_label_prefix(t) for t in texts]
        labels = letter_labels(len(texts))
        if all(lab == want for (lab, _), want in zip(split, labels, strict=True)):
            texts = [rest for _, rest in split]  # ["A. x", "B. y"] -> strip the labels
        options = dict(zip(labels, texts, strict=True))
    else:
        raise ValueError("missing options (an object of label -> text, or a list of texts)")
    if any(not label for label in options) or any(not text for text in options.values()):
        raise ValueError("empty option label or text")
    return options


def parse_custom_record(record: dict[str, Any], default_id: str) -> Question:
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("missing question text")
    options = _options(record.get("options"))
    raw_answer = record.get("answer")
    answer = None if raw_answer in (None, "") else resolve_answer(raw_answer, options)

    def opt(name: str) -> str | None:
        value = record.get(name)
        return str(value).strip() or None if value not in (None, "") else None

    return Question(
        id=opt("id") or default_id,
        question=question.strip(),
        options=options,
        answer=answer,
        context=opt("context"),
        subject=opt("subject"),
        step=opt("step"),
        source="custom",
        explanation=opt("explanation"),
        meta={k: v for k, v in record.items() if k not in _FIELDS},
    )


def _read_records(report: ReadReport, records: list[tuple[int | str, dict[str, Any]]]) -> None:
    for where, record in records:
        try:
            report.questions.append(parse_custom_record(record, default_id=str(where)))
        except (ValueError, TypeError) as exc:
            report.errors.append(RowError(where, str(exc)))


def read_custom(path: Path) -> ReadReport:
    path = Path(path)
    report = ReadReport(path=path, fmt="custom")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        _read_records(report, [(n, r) for n, r in iter_jsonl(path, report.errors)])
    elif suffix == ".csv":
        _read_records(report, _csv_records(path, report))
    else:
        data = load_json(path)
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            data = data["questions"]
        if not isinstance(data, list):
            raise QuestionFileError(f"{path}: expected a JSON list of questions")
        records: list[tuple[int | str, dict[str, Any]]] = []
        for index, item in enumerate(data, start=1):
            if isinstance(item, dict):
                records.append((f"#{index}", item))
            else:
                report.errors.append(RowError(f"#{index}", "entry is not an object"))
        _read_records(report, records)
    return report


def _csv_records(path: Path, report: ReadReport) -> list[tuple[int | str, dict[str, Any]]]:
    rows = iter_csv_rows(open_text(path))
    if not rows:
        return []
    header = [h.strip() for h in rows[0][1]]
    if "question" not in header:
        raise QuestionFileError(f"{path}: CSV header needs a 'question' column, got {header}")
    option_cols = [h for h in header if len(h) == 1 and h.isalpha() and h.isupper()]
    records: list[tuple[int | str, dict[str, Any]]] = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            report.errors.append(RowError(line, f"expected {len(header)} columns, got {len(row)}"))
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        record: dict[str, Any] = {k: v for k, v in cells.items() if k not in option_cols}
        record["options"] = {c: cells[c] for c in option_cols if cells[c]}
        records.append((line, record))
    return records


def write_custom_jsonl(questions: list[Question], path: Path) -> None:
    """Write questions in the custom JSONL format (round-trips through :func:`read_custom`)."""
    buf = io.StringIO()
    for q in questions:
        record = {
            "id": q.id,
            "question": q.question,
            "options": q.options,
            "answer": q.answer,
            "context": q.context,
            "subject": q.subject,
            "step": q.step,
            "explanation": q.explanation,
            **{k: v for k, v in q.meta.items() if k not in _FIELDS},
        }
        buf.write(json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")
    write_private_text(path, buf.getvalue())


# The catch-all: any JSON, JSON-lines or CSV file no specific format claims.
FORMAT = register(
    QuestionFormat(
        name="custom",
        title="Custom questions (JSON, JSON lines, CSV)",
        suffixes=(".json", ".jsonl", ".csv"),
        read=read_custom,
        priority=-100,
    )
)
