"""Read instruction data (Alpaca, Medical Meadow, AlpaCare MedInstruct, multi-turn ``messages`` in
OpenAI or ShareGPT style, HF datasets) and validate it.

Every record is checked before training starts; a malformed one raises :class:`DataFormatError`
naming the file and the record (JSON list: 1-based record number; JSONL: line number).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.checksum import sha256_file
from training.errors import DataFormatError

NO_INPUT_MARKERS = {"<noinput>", "<no input>", "noinput"}
RESPONSE_FIELDS = ("output", "response", "answer", "gpt-4-answer")


@dataclass(frozen=True)
class Example:
    """One instruction-following record; ``where`` says where it came from (for errors)."""

    instruction: str
    input: str
    output: str
    where: str = ""
    messages: tuple[tuple[str, str], ...] = ()  # (role, content) turns of a multi-turn record


def read_records(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """Raw records of a JSON list or JSONL file as ``(location, record)`` pairs."""
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(f"{path}: data file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFormatError(f"{path}: not UTF-8 text ({exc})") from exc
    stripped = text.lstrip()
    if not stripped:
        raise DataFormatError(f"{path}: file is empty")
    records: list[tuple[str, Any]] = []
    if stripped[0] == "[" or (stripped[0] == "{" and path.suffix.lower() == ".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFormatError(
                f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from exc
        except RecursionError as exc:
            raise DataFormatError(f"{path}: JSON is nested too deeply to read") from exc
        if isinstance(data, dict):
            data = _unwrap_dict(path, data)
        for i, rec in enumerate(data, start=1):
            records.append((f"{path}: record {i}", rec))
    else:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFormatError(f"{path}: line {lineno}: invalid JSON ({exc.msg})") from exc
            except RecursionError as exc:
                raise DataFormatError(f"{path}: line {lineno}: JSON nested too deeply") from exc
            records.append((f"{path}: line {lineno}", rec))
    for where, rec in records:
        if not isinstance(rec, dict):
            raise DataFormatError(f"{where}: expected a JSON object, got {type(rec).__name__}")
    return records


def _unwrap_dict(path: Path, data: dict[str, Any]) -> list[Any]:
    """Accept ``{"data": [...]}``-style wrappers; anything else is an error."""
    for key in ("data", "train", "instances", "examples"):
        if isinstance(data.get(key), list):
            return data[key]
    raise DataFormatError(
        f"{path}: expected a JSON list of records (or JSON lines), got an object with keys "
        f"{sorted(data)[:8]}"
    )


def _text_field(where: str, rec: dict[str, Any], key: str, required: bool) -> str:
    value = rec.get(key)
    if value is None:
        if required:
            raise DataFormatError(f"{where}: missing field {key!r} (fields: {sorted(rec)})")
        return ""
    if not isinstance(value, str):
        raise DataFormatError(
            f"{where}: field {key!r} must be a string, got {type(value).__name__}"
        )
    return value


ROLE_NAMES = {
    "system": "system", "user": "user", "human": "user", "assistant": "assistant",
    "gpt": "assistant", "model": "assistant", "bot": "assistant",
}  # fmt: skip


def _conversation(where: str, turns: Any) -> Example:
    """A multi-turn record: OpenAI ``messages`` ({role, content}) or ShareGPT ``conversations``
    ({from, value}); it must have a user turn and end with an assistant turn."""
    if not isinstance(turns, list) or not turns:
        raise DataFormatError(f"{where}: 'messages' must be a non-empty list of turns")
    out: list[tuple[str, str]] = []
    for n, turn in enumerate(turns, start=1):
        if not isinstance(turn, dict):
            raise DataFormatError(f"{where}: turn {n} must be an object")
        role = turn.get("role", turn.get("from"))
        text = turn.get("content", turn.get("value"))
        if not isinstance(role, str) or role.lower() not in ROLE_NAMES:
            raise DataFormatError(
                f"{where}: turn {n} has role {role!r}; use system, user or assistant"
            )
        if not isinstance(text, str) or not text.strip():
            raise DataFormatError(f"{where}: turn {n} has no text")
        out.append((ROLE_NAMES[role.lower()], text.strip()))
    roles = [r for r, _ in out]
    if "user" not in roles or roles[-1] != "assistant":
        raise DataFormatError(
            f"{where}: a conversation needs a user turn and must end with an answer"
        )
    if "system" in roles[1:]:
        raise DataFormatError(f"{where}: only the first turn may be a system message")
    first_user = next(t for r, t in out if r == "user")
    return Example(first_user, "", out[-1][1], where, tuple(out))


def record_to_example(
    where: str, rec: dict[str, Any], response_field: str | None = None
) -> Example:
    """Validate one raw record and turn it into an :class:`Example`."""
    for key in ("messages", "conversations"):
        if key in rec:
            return _conversation(where, rec[key])
    instruction = _text_field(where, rec, "instruction", required=True).strip()
    if not instruction:
        raise DataFormatError(f"{where}: field 'instruction' is empty")
    inp = _text_field(where, rec, "input", required=False).strip()
    if inp.lower() in NO_INPUT_MARKERS:
        inp = ""
    if response_field is None:
        response_field = next((k for k in RESPONSE_FIELDS if k in rec), "output")
    output = _text_field(where, rec, response_field, required=True).strip()
    if not output:
        raise DataFormatError(f"{where}: field {response_field!r} (the response) is empty")
    return Example(instruction, inp, output, where)


def load_examples(
    sources: Sequence[str | Path], response_field: str | None = None
) -> list[Example]:
    """Load and validate every record of every source (files, or HF dataset names if online)."""
    if not sources:
        raise DataFormatError("no training data given (use --data FILE [FILE ...])")
    examples: list[Example] = []
    for src in sources:
        if Path(src).exists() or Path(src).suffix.lower() in {".json", ".jsonl"}:
            pairs: Iterable[tuple[str, dict[str, Any]]] = read_records(src)
        else:
            pairs = _hf_dataset_records(str(src))
        got = [record_to_example(where, rec, response_field) for where, rec in pairs]
        if not got:
            raise DataFormatError(f"{src}: contains no records")
        examples.extend(got)
    return examples


def _hf_dataset_records(name: str) -> list[tuple[str, dict[str, Any]]]:
    """Records of a Hugging Face dataset's train split (needs the optional ``datasets``)."""
    try:
        import datasets
    except ImportError as exc:
        raise DataFormatError(
            f"{name!r} is not a local file; loading it as a Hugging Face dataset needs the optional "
            "package `datasets` (pip install datasets) and internet access"
        ) from exc
    name, _, split = name.partition(":")
    try:
        ds = datasets.load_dataset(name, split=split or "train")
    except Exception as exc:  # noqa: BLE001 - datasets raises many types
        raise DataFormatError(f"{name}: could not load Hugging Face dataset ({exc})") from exc
    return [(f"{name}: row {i}", dict(row)) for i, row in enumerate(ds, start=1)]


def data_provenance(sources: Sequence[str | Path]) -> list[dict[str, str]]:
    """Path and sha256 of every local data file (dataset names are recorded as-is)."""
    out = []
    for src in sources:
        p = Path(src)
        if p.is_file():
            out.append({"path": str(p.resolve()), "sha256": sha256_file(p)})
        else:
            out.append({"dataset": str(src)})
    return out
