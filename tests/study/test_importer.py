"""Bank import: real MedQA file, malformed rows with line numbers, duplicates, all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.study.importer import (
    SAMPLE_BANK_NAME,
    ImportCancelled,
    ensure_sample_bank,
    import_file,
    import_runs,
)
from desktop.study.store import StudyStore
from desktop.study.tables import StudyBank, StudyImportRun, StudyQuestion


def _count(store: StudyStore, model=StudyQuestion) -> int:  # noqa: ANN001
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def _medqa_row(i: int, answer: str = "B", **extra: object) -> dict:
    row = {
        "question": f"Synthetic question number {i}: which option is right?",
        "options": {"A": f"alpha {i}", "B": f"beta {i}", "C": f"gamma {i}", "D": f"delta {i}"},
        "answer_idx": answer,
        "meta_info": "step1",
    }
    row.update(extra)
    return row


def test_import_medqa_dev_all_273(store: StudyStore, medqa_path: Path) -> None:
    summary = import_file(store, medqa_path, "MedQA dev")
    assert summary.status == "ok", summary.message
    assert summary.fmt == "medqa"
    assert (summary.n_imported, summary.n_errors, summary.n_duplicates_file) == (273, 0, 0)
    assert _count(store) == 273
    with store.session() as s:
        steps = dict(
            s.execute(select(StudyQuestion.step, func.count()).group_by(StudyQuestion.step)).all()
        )
        q = s.scalar(select(StudyQuestion).limit(1))
    assert set(steps) == {"step1", "step2&3"} and sum(steps.values()) == 273
    assert len(q.options) == 4 and q.answer in q.option_labels

    # the same file into another bank: every question is a cross-bank duplicate, no empty bank
    again = import_file(store, medqa_path, "MedQA copy")
    assert again.status == "ok"
    assert (again.n_imported, again.n_duplicates_db) == (0, 273)
    assert again.bank_id is None
    assert [b.name for b, _ in store.banks()] == ["MedQA dev"]
    assert "273 duplicates skipped" in again.text()


def test_malformed_rows_reported_with_line_numbers_rest_imported(
    store: StudyStore, tmp_path: Path
) -> None:
    lines = [
        json.dumps(_medqa_row(1)),
        '{"question": "broken json", "options": {"A": "x"',  # line 2: bad JSON
        json.dumps(_medqa_row(3)),
        json.dumps({"question": "No options here?", "answer_idx": "A", "meta_info": "step1"}),
        json.dumps(_medqa_row(5, answer="F")),  # line 5: unknown answer letter
        json.dumps(_medqa_row(1)),  # line 6: duplicate of line 1 within the file
        "",
        json.dumps(_medqa_row(8, answer="D")),
    ]
    path = tmp_path / "bad_medqa.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_file(store, path, "Broken", fmt="medqa")
    assert summary.status == "ok"
    by_line = {e.line_or_record: e.message for e in summary.errors}
    assert sorted(by_line) == [2, 4, 5]
    assert "invalid JSON" in by_line[2]
    assert "options" in by_line[4]
    assert "'F'" in by_line[5]
    assert summary.n_imported == 3 and summary.n_duplicates_file == 1
    assert _count(store) == 3
    text = summary.text()
    assert "line 2:" in text and "line 5:" in text and "1 within the file" in text
    run = import_runs(store)[0]
    assert (run.status, run.n_imported, run.n_errors) == ("ok", 3, 3)
    assert [e[0] for e in json.loads(run.errors_json)] == [2, 4, 5]


def test_custom_csv_bad_rows(store: StudyStore, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "question,A,B,C,answer,subject,step\n"
        "Which vitamin deficiency causes scurvy?,Vitamin C,Vitamin D,Vitamin K,A,Nutrition,step1\n"
        "Missing an answer column value?,x,y\n"
        "Which nerve is injured in wrist drop?,Radial,Ulnar,Median,Z,Anatomy,step1\n"
        "Which is the first-line drug for anaphylaxis?,Epinephrine,Diphenhydramine,,A,EM,step2\n",
        encoding="utf-8",
    )
    summary = import_file(store, path, "Mine")
    assert summary.status == "ok" and summary.fmt == "custom"
    assert sorted(e.line_or_record for e in summary.errors) == [3, 4]
    assert summary.n_imported == 2
    with store.session() as s:
        subjects = set(s.scalars(select(StudyQuestion.subject)))
    assert subjects == {"Nutrition", "EM"}


def test_fatal_error_writes_nothing(store: StudyStore, tmp_path: Path, medqa_path: Path) -> None:
    # an unreadable whole-document JSON: nothing imported, run recorded as failed
    bad = tmp_path / "bank.json"
    bad.write_text('{"questions": [ {"question": "x", ', encoding="utf-8")
    summary = import_file(store, bad, "Bad JSON")
    assert summary.status == "failed" and "line 1" in summary.message
    assert _count(store) == 0 and _count(store, StudyBank) == 0

    # a failure in the middle of inserting (here: raised by the progress hook after 100
    # rows) rolls the whole import back: no questions, no bank
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 100:
            raise RuntimeError("disk full (simulated)")

    summary = import_file(store, medqa_path, "MedQA dev", progress=progress)
    assert summary.status == "failed" and "disk full" in summary.message
    assert seen[-1] == 100 and total_ok(seen)
    assert _count(store) == 0 and _count(store, StudyBank) == 0

    # cancelling is the same all-or-nothing path
    def cancel(done: int, total: int) -> None:
        raise ImportCancelled("cancelled by the user")

    summary = import_file(store, medqa_path, "MedQA dev", progress=cancel)
    assert summary.status == "cancelled" and summary.n_imported == 0
    assert _count(store) == 0
    with store.session() as s:
        statuses = list(s.scalars(select(StudyImportRun.status).order_by(StudyImportRun.id)))
    assert statuses == ["failed", "failed", "cancelled"]
    assert "Nothing was imported" in summary.text()

    # and a later clean import of the same file works
    assert import_file(store, medqa_path, "MedQA dev").n_imported == 273


def total_ok(seen: list[int]) -> bool:
    return all(b > a for a, b in zip(seen, seen[1:], strict=False))


def test_sample_bank_imported_once(store: StudyStore) -> None:
    first = ensure_sample_bank(store)
    assert first is not None and first.status == "ok", first and first.text()
    assert first.n_imported >= 20 and first.n_errors == 0
    assert ensure_sample_bank(store) is None  # second open: nothing to do
    banks = store.banks()
    assert [(b.name, b.is_sample, n) for b, n in banks] == [
        (SAMPLE_BANK_NAME, True, first.n_imported)
    ]
    assert "not from any exam" in banks[0][0].description
    facets = store.facets()
    assert set(facets["steps"]) == {"step1", "step2", "step3"}
    assert len(facets["subjects"]) >= 12
    with store.session() as s:
        rows = list(s.scalars(select(StudyQuestion)))
    assert all(q.explanation and q.answer in q.option_labels for q in rows)
    # deleting the sample bank does not bring it back
    store.delete_bank(banks[0][0].id)
    assert ensure_sample_bank(store) is None and store.question_count() == 0


@pytest.mark.parametrize(
    "name", ["medmcqa_dev.jsonl", "pubmedqa_pqal_dev.json", "mmlu_medical/anatomy_val.csv"]
)
def test_other_formats(store: StudyStore, shared_data: Path, name: str) -> None:
    path = shared_data / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} missing")
    summary = import_file(store, path)
    assert summary.status == "ok", summary.message
    assert summary.n_imported > 10
    assert summary.n_imported + summary.n_duplicates_file + summary.n_errors <= summary.n_read + 1
