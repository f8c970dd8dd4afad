"""The question-format registry: one :class:`QuestionFormat` per module in ``formats/``.

Every module in :mod:`desktop.questions.formats` registers its format with :func:`register`
when imported; :func:`formats` imports them all on first use, so a new format is one new module
there (plus its test). Detection, the evaluation harness's ``--bench`` choices and default data,
and the study page's file filter are all derived from what is registered here.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from desktop.questions.reading import iter_csv_rows, load_json, open_text
from desktop.questions.record import QuestionFileError, ReadReport

FORMATS_PACKAGE = "desktop.questions.formats"


class FileProbe:
    """One look at a file, shared by every format's ``sniff`` (each part is read at most once)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()

    @cached_property
    def text(self) -> str:
        return open_text(self.path)

    @cached_property
    def first_json_line(self) -> dict[str, Any]:
        """The first line that parses as a JSON object (``{}`` if there is none)."""
        for line in self.text.splitlines():
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                continue
            if isinstance(row, dict):
                return row
        return {}

    @cached_property
    def json(self) -> Any:
        """The whole file parsed as JSON (a syntax error raises :class:`QuestionFileError`)."""
        return load_json(self.path)

    @cached_property
    def csv_header(self) -> list[str]:
        rows = iter_csv_rows(self.text)
        return [cell.strip() for cell in rows[0][1]] if rows else []


def _always(_probe: FileProbe) -> bool:
    return True


@dataclass(frozen=True)
class QuestionFormat:
    """A question-bank format: how to recognise a file of it and how to read one.

    ``sniff`` is asked only for files with one of ``suffixes``; among the formats whose sniff
    accepts a file the highest ``priority`` wins (a catch-all format takes a negative one).
    ``folder_files(folder, split)`` lists the files of a folder-shaped bank (MMLU, USMLE).
    ``default_data`` names the shared dev file/folder the evaluation harness uses by default.
    """

    name: str
    title: str
    suffixes: tuple[str, ...]
    read: Callable[[Path], ReadReport]
    sniff: Callable[[FileProbe], bool] = _always
    priority: int = 0
    folder_files: Callable[[Path, str], list[Path]] | None = None
    default_data: str | None = None
    description: str = field(default="", compare=False)


_REGISTRY: dict[str, QuestionFormat] = {}
_LOADED = False
_LOCK = threading.RLock()


def register(fmt: QuestionFormat) -> QuestionFormat:
    """Add ``fmt`` (called at import by each module of ``formats/``); returns it."""
    with _LOCK:
        if fmt.name in _REGISTRY and _REGISTRY[fmt.name] is not fmt:
            raise ValueError(f"question format {fmt.name!r} is registered twice")
        _REGISTRY[fmt.name] = fmt
    return fmt


def _load_builtin() -> None:
    global _LOADED
    with _LOCK:
        if _LOADED:
            return
        package = importlib.import_module(FORMATS_PACKAGE)
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            importlib.import_module(f"{FORMATS_PACKAGE}.{info.name}")
        _LOADED = True


def formats() -> tuple[QuestionFormat, ...]:
    """Every registered format, highest priority first (then by name)."""
    _load_builtin()
    with _LOCK:
        return tuple(sorted(_REGISTRY.values(), key=lambda f: (-f.priority, f.name)))


def format_names() -> tuple[str, ...]:
    return tuple(f.name for f in formats())


def get_format(name: str) -> QuestionFormat:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise QuestionFileError(
            f"unknown question format {name!r}; choose from {', '.join(format_names())}"
        ) from None


def detect_format(path: Path | str) -> str:
    """The name of the format of ``path``, from its suffix and its content."""
    probe = FileProbe(Path(path))
    candidates = [f for f in formats() if probe.suffix in f.suffixes]
    if not candidates:
        raise QuestionFileError(
            f"{probe.path}: cannot tell the question format from "
            f"{probe.suffix or 'no suffix'!r} (supported: {', '.join(supported_suffixes())})"
        )
    for fmt in candidates:
        if fmt.sniff(probe):
            return fmt.name
    raise QuestionFileError(
        f"{probe.path}: this {probe.suffix} file does not look like any known question format"
    )


def read_questions(path: Path | str, fmt: str | None = None, split: str = "val") -> ReadReport:
    """Read questions with the reader for ``fmt`` (detected when ``None``).

    A folder reads every file of the first folder-shaped format that finds any there (MMLU's
    ``*_{split}.csv``, USMLE's ``step*.json``), or of ``fmt`` when given.
    """
    path = Path(path)
    chosen = get_format(fmt) if fmt is not None else None
    if path.is_dir():
        return _read_folder(path, chosen, split)
    if not path.exists():
        raise QuestionFileError(f"{path}: file not found")
    chosen = chosen or get_format(detect_format(path))
    report = chosen.read(path)
    report.fmt = chosen.name
    return report


def _read_folder(path: Path, chosen: QuestionFormat | None, split: str) -> ReadReport:
    shaped = [f for f in formats() if f.folder_files is not None]
    for fmt in [chosen] if chosen is not None else shaped:
        files = fmt.folder_files(path, split) if fmt.folder_files is not None else []
        if files:
            report = ReadReport(path=path, fmt=fmt.name)
            for file in files:
                report.extend(fmt.read(file))
            return report
    wanted = [f.title for f in ([chosen] if chosen is not None else shaped)]
    raise QuestionFileError(f"{path}: no question files of {' or '.join(wanted)} in this folder")


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted({s for f in formats() for s in f.suffixes}))


def file_dialog_filter() -> str:
    """A Qt file-dialog filter: all question files first, then one entry per format."""
    patterns = " ".join(f"*{s}" for s in supported_suffixes())
    parts = [f"Question files ({patterns})"]
    for fmt in sorted(formats(), key=lambda f: f.title.lower()):
        parts.append(f"{fmt.title} ({' '.join('*' + s for s in fmt.suffixes)})")
    return ";;".join(parts)
