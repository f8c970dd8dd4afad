"""Reading question files as text: UTF-8 with clear errors, JSON, JSON lines, CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.questions.record import QuestionFileError, RowError


def open_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise QuestionFileError(f"{path}: cannot read ({exc.strerror})") from None


def iter_jsonl(path: Path, errors: list[RowError]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)``; bad JSON or non-object lines go to ``errors``."""
    for number, line in enumerate(open_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(RowError(number, f"invalid JSON ({exc.msg} at column {exc.colno})"))
            continue
        except RecursionError:
            errors.append(RowError(number, "invalid JSON (nested too deeply)"))
            continue
        if not isinstance(row, dict):
            errors.append(RowError(number, f"expected a JSON object, got {type(row).__name__}"))
            continue
        yield number, row


def load_json(path: Path) -> Any:
    """Parse a whole JSON document; a syntax error names the line and column."""
    text = open_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuestionFileError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise QuestionFileError(f"{path}: JSON is nested too deeply to read") from None


def iter_csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the 1-based line each one starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows
