"""Fuzz the question-bank importers and the training-data loader.

Whatever a user feeds them, the outcome is one of:
* questions read + per-row errors naming the line/record (``desktop.questions.read_questions``),
* one clear whole-file error (``QuestionFileError`` / ``training.errors.DataFormatError``),
and never another exception; the input file is left unchanged and nothing else is written.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)

# Keys the readers look for, so fuzzed records get past the first checks.
QUESTION_KEYS = [
    "question", "options", "answer", "answer_idx", "meta_info", "choices", "opa", "opb", "opc",
    "opd", "cop", "exp", "subject_name", "id", "QUESTION", "CONTEXTS", "final_decision", "no",
    "subject", "step", "context", "explanation", "A", "B", "C", "D", "E",
]  # fmt: skip
TRAINING_KEYS = ["instruction", "input", "output", "response", "answer", "gpt-4-answer", "text"]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["A", "b", "C)", "yes", "maybe", "0", "3", "", " ", "\x00", "\u202e"])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=20,
)


def records(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), json_values, max_size=8)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# -- question importers -------------------------------------------------------------------
def _read_questions(name: str, data: bytes, fmt: str | None = None) -> None:
    from desktop.questions import Question, QuestionFileError, ReadReport, read_questions

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / name
        path.write_bytes(data)
        before = _snapshot(folder)
        try:
            report = read_questions(path, fmt)
        except QuestionFileError as exc:
            assert str(exc), "empty error message"
        else:
            assert isinstance(report, ReadReport)
            for q in report.questions:
                assert isinstance(q, Question) and q.options
                assert q.answer is None or q.answer in q.options
            for err in report.errors:
                assert str(err).startswith(("line ", "record ")), str(err)
        assert _snapshot(folder) == before, "the importer wrote or changed files"


@FUZZ
@given(
    rows=st.lists(records(QUESTION_KEYS), max_size=6),
    junk=st.lists(st.text(max_size=20), max_size=2),
)
def test_jsonl_question_files(rows: list[dict[str, Any]], junk: list[str]) -> None:
    lines = [json.dumps(r) for r in rows] + junk
    data = "\n".join(lines).encode()
    for fmt in (None, "medqa", "medmcqa", "custom"):
        _read_questions("bank.jsonl", data, fmt)


@FUZZ
@given(
    doc=st.one_of(
        json_values,
        st.lists(records(QUESTION_KEYS), max_size=5),
        st.dictionaries(st.text(max_size=5), records(QUESTION_KEYS), max_size=4),
    )
)
@example(doc=[{"no": 1, "options": {"A": "x"}, "question": "q"}])
@example(doc={"1": {"QUESTION": "q", "CONTEXTS": ["c"], "final_decision": "perhaps"}})
def test_json_question_files(doc: Any) -> None:
    data = json.dumps(doc).encode()
    for fmt in (None, "pubmedqa", "usmle", "custom"):
        _read_questions("step1.json", data, fmt)


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=15), max_size=8), max_size=6), header=st.booleans())
def test_csv_question_files(rows: list[list[str]], header: bool) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    if header:
        writer.writerow(["question", "A", "B", "C", "D", "answer"])
    writer.writerows(rows)
    for fmt in (None, "mmlu", "custom"):
        _read_questions("anatomy_val.csv", buf.getvalue().encode(), fmt)


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".jsonl", ".json", ".csv"]))
@example(data=b"\xff\xfe\x00garbage", suffix=".jsonl")
@example(data=b'{"question": "q", "options": {"A": "x"}, "answer": "A"', suffix=".json")
@example(data=b'"\n"a","b', suffix=".csv")
def test_arbitrary_bytes(data: bytes, suffix: str) -> None:
    _read_questions("bank" + suffix, data)


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_deeply_nested_json_is_a_clear_error(suffix: str) -> None:
    """A 100 000-deep JSON array must not escape as RecursionError."""
    _read_questions("bank" + suffix, b"[" * 100_000 + b"]" * 100_000)


# -- training data loader ---------------------------------------------------------------
def _load_training(name: str, data: bytes) -> None:
    from training.data import Example, load_examples
    from training.errors import DataFormatError

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / name
        path.write_bytes(data)
        before = _snapshot(folder)
        try:
            examples = load_examples([path])
        except DataFormatError as exc:
            message = str(exc)
            assert name in message or "no training data" in message, message
        else:
            assert examples and all(
                isinstance(e, Example) and e.instruction and e.output for e in examples
            )
        assert _snapshot(folder) == before, "the loader wrote or changed files"


@FUZZ
@given(rows=st.lists(records(TRAINING_KEYS), max_size=6), as_list=st.booleans())
@example(
    rows=[{"instruction": "i", "output": "o"}, {"instruction": "", "output": "o"}], as_list=True
)
def test_training_records(rows: list[dict[str, Any]], as_list: bool) -> None:
    if as_list:
        _load_training("train.json", json.dumps(rows).encode())
    else:
        _load_training("train.jsonl", "\n".join(json.dumps(r) for r in rows).encode())


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".jsonl", ".json"]))
@example(data=b"\xff\xfe", suffix=".json")
@example(data=b'[{"instruction": "x", "output": "y"}', suffix=".json")
def test_training_arbitrary_bytes(data: bytes, suffix: str) -> None:
    _load_training("train" + suffix, data)


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_training_deeply_nested_json_is_a_clear_error(suffix: str) -> None:
    _load_training("train" + suffix, b"[" * 100_000 + b"]" * 100_000)
