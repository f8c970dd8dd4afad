"""Pick the right reader for a file (or a folder of MMLU CSVs / USMLE step files)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from desktop.questions.custom import read_custom
from desktop.questions.jsonl import load_json, open_text
from desktop.questions.medmcqa import read_medmcqa
from desktop.questions.medqa import read_medqa
from desktop.questions.mmlu import iter_csv_rows, read_mmlu
from desktop.questions.model import QuestionFileError, ReadReport
from desktop.questions.pubmedqa import read_pubmedqa
from desktop.questions.usmle import is_usmle_questions, read_usmle

READERS: dict[str, Callable[[Path], ReadReport]] = {
    "medqa": read_medqa,
    "medmcqa": read_medmcqa,
    "pubmedqa": read_pubmedqa,
    "mmlu": read_mmlu,
    "usmle": read_usmle,
    "custom": read_custom,
}
FORMATS = tuple(READERS)


def _first_json_line(path: Path) -> dict | None:
    for line in open_text(path).splitlines():
        if line.strip():
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                continue
            if isinstance(row, dict):
                return row
    return None


def detect_format(path: Path) -> str:
    """Guess the format from the extension and the first record."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = iter_csv_rows(open_text(path))
        header = [h.strip() for h in rows[0][1]] if rows else []
        return "custom" if "question" in header else "mmlu"
    if suffix == ".jsonl":
        row = _first_json_line(path) or {}
        if "choices" in row or "opa" in row:
            return "medmcqa"
        if isinstance(row.get("options"), dict) and ("answer_idx" in row or "meta_info" in row):
            return "medqa"
        return "custom"
    if suffix == ".json":
        data = load_json(path)
        if isinstance(data, dict) and data:
            first = next(iter(data.values()))
            if isinstance(first, dict) and "QUESTION" in first:
                return "pubmedqa"
        if is_usmle_questions(data):
            return "usmle"
        return "custom"
    raise QuestionFileError(
        f"{path}: cannot tell the question format from {suffix or 'no suffix'!r}"
    )


def read_questions(path: Path | str, fmt: str | None = None, split: str = "val") -> ReadReport:
    """Read questions with the reader for ``fmt`` (detected when ``None``).

    A folder reads every ``*_{split}.csv`` (MMLU) or every ``step*.json`` (USMLE) in it.
    """
    path = Path(path)
    if fmt is not None and fmt not in READERS:
        raise QuestionFileError(f"unknown question format {fmt!r}; choose from {FORMATS}")
    if path.is_dir():
        return _read_folder(path, fmt, split)
    if not path.exists():
        raise QuestionFileError(f"{path}: file not found")
    fmt = fmt or detect_format(path)
    report = READERS[fmt](path)
    report.fmt = fmt
    return report


def _read_folder(path: Path, fmt: str | None, split: str) -> ReadReport:
    csvs = sorted(path.glob(f"*_{split}.csv"))
    steps = sorted(p for p in path.glob("step*.json") if not p.stem.endswith("_solutions"))
    if fmt in (None, "mmlu") and csvs:
        fmt, files = "mmlu", csvs
    elif fmt in (None, "usmle") and steps:
        fmt, files = "usmle", steps
    else:
        raise QuestionFileError(f"{path}: no *_{split}.csv (MMLU) or step*.json (USMLE) files")
    report = ReadReport(path=path, fmt=fmt)
    for file in files:
        report.extend(READERS[fmt](file))
    return report
