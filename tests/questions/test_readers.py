"""Question readers on the real shared data, the USMLE fixture and deliberately broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.questions import (
    Question,
    QuestionFileError,
    dedup_key,
    detect_format,
    read_questions,
    read_usmle,
    resolve_answer,
    write_custom_jsonl,
)

FIXTURES = Path(__file__).parent / "fixtures"


def test_pubmedqa_has_500_yes_no_maybe(shared_data: Path) -> None:
    report = read_questions(shared_data / "eval" / "pubmedqa_pqal_dev.json")
    assert report.fmt == "pubmedqa"
    assert len(report.questions) == 500 and not report.errors
    assert {q.answer for q in report.questions} == {"yes", "no", "maybe"}
    q = report.questions[0]
    assert q.options == {"yes": "yes", "no": "no", "maybe": "maybe"}
    assert q.context and "BACKGROUND:" in q.context
    assert len({q.id for q in report.questions}) == 500


def test_medqa_medmcqa_mmlu_real_files(shared_data: Path) -> None:
    eval_dir = shared_data / "eval"
    medqa = read_questions(eval_dir / "medqa_usmle_dev.jsonl")
    assert (medqa.fmt, len(medqa), medqa.errors) == ("medqa", 273, [])
    assert {q.step for q in medqa.questions} == {"step1", "step2&3"}
    assert all(list(q.options) == ["A", "B", "C", "D"] for q in medqa.questions)
    medmcqa = read_questions(eval_dir / "medmcqa_dev.jsonl")
    assert (medmcqa.fmt, len(medmcqa)) == ("medmcqa", 1000)
    first = medmcqa.questions[0]
    assert first.options["C"] == "10-30 days" and first.answer == "C"  # "C. " prefix stripped
    mmlu = read_questions(eval_dir / "mmlu_medical")  # folder: all *_val.csv
    assert mmlu.fmt == "mmlu" and len(mmlu) > 100 and not mmlu.errors
    assert "professional_medicine" in {q.subject for q in mmlu.questions}
    dev = read_questions(eval_dir / "mmlu_medical" / "anatomy_dev.csv")
    assert len(dev) == 5 and {q.subject for q in dev.questions} == {"anatomy"}


def test_usmle_both_answer_key_forms_and_image_exclusion() -> None:
    step1 = read_usmle(FIXTURES / "usmle" / "step1.json")
    assert step1.errors == []
    assert [q.meta["no"] for q in step1.questions] == [1, 2, 3, 5]
    assert sorted(step1.excluded) == ["step1/4", "step1/7"]  # image questions (MedAlpaca list)
    assert [q.answer for q in step1.questions] == ["A", "A", "B", "C"]
    assert {q.step for q in step1.questions} == {"step1"}
    # step2 solutions: "B: text", bare option text, "B. text"; no 25 is an image question.
    step2 = read_questions(FIXTURES / "usmle" / "step2.json")
    assert step2.fmt == "usmle" and step2.errors == []
    assert [q.answer for q in step2.questions] == ["B", "B", "B"]
    assert step2.excluded == ["step2/25"]
    assert len(read_usmle(FIXTURES / "usmle" / "step2.json", exclude_images=False)) == 4
    both = read_questions(FIXTURES / "usmle")  # folder of step files
    assert len(both) == 7


def test_bad_jsonl_rows_are_reported_with_line_numbers(tmp_path: Path) -> None:
    good = {
        "question": "Q?",
        "options": {"A": "x", "B": "y"},
        "answer_idx": "A",
        "meta_info": "step1",
    }
    lines = [
        json.dumps(good),
        '{"question": "broken", "options": ',  # line 2: bad JSON
        json.dumps({"question": "No options", "answer_idx": "A", "meta_info": "step1"}),  # 3
        json.dumps({**good, "answer_idx": "E"}),  # line 4: unknown answer letter
        "",
        json.dumps({**good, "question": "Second good?"}),  # line 6
    ]
    path = tmp_path / "medqa.jsonl"
    path.write_text("\n".join(lines) + "\n")
    report = read_questions(path)
    assert report.fmt == "medqa"
    assert [q.question for q in report.questions] == ["Q?", "Second good?"]
    errors = {e.line_or_record: e.message for e in report.errors}
    assert set(errors) == {2, 3, 4}
    assert "invalid JSON" in errors[2]
    assert "options" in errors[3]
    assert "'E'" in errors[4]
    assert str(report.errors[0]).startswith("line 2:")


def test_bad_medmcqa_and_mmlu_rows(tmp_path: Path) -> None:
    mcqa = tmp_path / "m.jsonl"
    mcqa.write_text(
        json.dumps({"question": "ok", "choices": ["A. a", "B. b", "C. c", "D. d"], "answer": 1})
        + "\n"
        + json.dumps({"question": "bad", "choices": ["A. a", "B. b"], "answer": 7})
        + "\n[1, 2]\n"
    )
    report = read_questions(mcqa)
    assert [q.answer for q in report.questions] == ["B"]
    assert [e.line_or_record for e in report.errors] == [2, 3]
    csv_path = tmp_path / "anatomy_val.csv"
    csv_path.write_text('q1,a,b,c,d,A\n"multi\nline q",a,b,c,d,Z\nq3,a,b,c\nq4,a,b,c,d,d\n')
    report = read_questions(csv_path)
    assert [q.question for q in report.questions] == ["q1", "q4"]
    assert [q.answer for q in report.questions] == ["A", "D"]
    assert [e.line_or_record for e in report.errors] == [2, 4]
    assert "'Z'" in report.errors[0].message


def test_broken_whole_file_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.json"
    path.write_text('{"1": {"QUESTION": "x",\n  oops}')
    with pytest.raises(QuestionFileError, match="line 2"):
        read_questions(path, fmt="pubmedqa")
    with pytest.raises(QuestionFileError, match="not found"):
        read_questions(tmp_path / "missing.jsonl")


def test_custom_formats_round_trip(tmp_path: Path) -> None:
    data = [
        {"id": "a", "question": "Pick K", "options": ["Na", "K"], "answer": "K", "topic": "ions"},
        {"question": "Yes?", "options": {"yes": "yes", "no": "no"}, "answer": "yes"},
        {"question": "Bad", "options": {"A": "x"}, "answer": "Q"},
    ]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"questions": data}))
    report = read_questions(path)
    assert report.fmt == "custom"
    assert [(q.id, q.answer) for q in report.questions] == [("a", "B"), ("#2", "yes")]
    assert report.questions[0].meta == {"topic": "ions"}
    assert [e.line_or_record for e in report.errors] == ["#3"]
    out = tmp_path / "out.jsonl"
    write_custom_jsonl(report.questions, out)
    again = read_questions(out)
    assert again.fmt == "custom" and again.questions == report.questions
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text(
        "id,question,A,B,C,answer,subject\n1,Q one,x,y,,B,cardio\n2,Q two,x,y,z,C,\n"
    )
    report = read_questions(csv_path)
    assert [list(q.options) for q in report.questions] == [["A", "B"], ["A", "B", "C"]]
    assert report.questions[0].subject == "cardio" and report.questions[1].answer == "C"
    assert detect_format(csv_path) == "custom"


def test_resolve_answer_and_dedup_key() -> None:
    options = {"A": "Sodium", "B": "Potassium"}
    for raw in ("B", "b", "(B)", "B: Potassium", "B. potassium", "potassium"):
        assert resolve_answer(raw, options) == "B"
    with pytest.raises(ValueError):
        resolve_answer("F", options)
    q1 = Question("1", "What  is K+?", {"A": "Sodium", "B": "Potassium"}, "B")
    q2 = Question("x", "what is K+ ?", {"C": "potassium", "D": "sodium"}, "C")
    q3 = Question("y", "What is Na+?", {"A": "Sodium", "B": "Potassium"})
    assert dedup_key(q1) == dedup_key(q2) != dedup_key(q3)
    with pytest.raises(ValueError):
        Question("z", "?", {"A": "x"}, answer="B")
