"""The plain-text question format, added through the registry as one module."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.questions import (
    QuestionFileError,
    detect_format,
    file_dialog_filter,
    format_names,
    get_format,
    read_questions,
)

GUIDE = """\
1. A 24-year-old woman has fatigue and a ferritin of 6 ug/L. What is the most likely cause?
A) Iron deficiency
B) Vitamin B12 deficiency
C) Hypothyroidism
D) Chronic kidney disease
Answer: A
Explanation: A low ferritin is specific for depleted iron stores.
It should prompt a search for blood loss.

Q2. Which electrolyte disturbance causes peaked T waves
on the ECG?
(A) Hypokalaemia
(B) Hyperkalaemia
(C) Hypocalcaemia
Correct answer: Hyperkalaemia

Question 3: Which drug reverses opioid toxicity?
A. Flumazenil
B. Naloxone
Ans: b
4. Which vitamin deficiency causes scurvy?
A: Vitamin A
B: Vitamin C
"""


def test_plain_text_questions_are_read(tmp_path: Path) -> None:
    path = tmp_path / "guide.txt"
    path.write_text(GUIDE, encoding="utf-8")
    assert detect_format(path) == "text"
    report = read_questions(path)
    assert report.fmt == "text" and report.errors == []
    first, second, third, fourth = report.questions
    assert first.question.startswith("A 24-year-old woman has fatigue")
    assert first.options == {
        "A": "Iron deficiency",
        "B": "Vitamin B12 deficiency",
        "C": "Hypothyroidism",
        "D": "Chronic kidney disease",
    }
    assert first.answer == "A"
    assert first.explanation == (
        "A low ferritin is specific for depleted iron stores. It should prompt a search for "
        "blood loss."
    )
    assert second.question == "Which electrolyte disturbance causes peaked T waves on the ECG?"
    assert second.answer == "B"
    assert third.question == "Which drug reverses opioid toxicity?"
    assert third.answer == "B"
    assert fourth.question == "Which vitamin deficiency causes scurvy?"
    assert fourth.answer is None and list(fourth.options) == ["A", "B"]


def test_broken_question_is_reported_by_line_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_text(
        "What is the antidote to paracetamol?\nA) Acetylcysteine\nB) Atropine\nAnswer: E\n\n"
        "Which nerve supplies the deltoid?\nA) Axillary\nB) Radial\nAnswer: A\n",
        encoding="utf-8",
    )
    report = read_questions(path)
    assert [q.question for q in report.questions] == ["Which nerve supplies the deltoid?"]
    assert len(report.errors) == 1 and report.errors[0].line_or_record == 1
    assert "not one of the options" in report.errors[0].message


def test_text_without_options_is_not_a_question_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes about iron deficiency.\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="does not look like any known question format"):
        detect_format(path)


def test_the_registry_derives_every_list_from_the_formats() -> None:
    from training.evaluate import BENCHES, DEFAULT_DATA

    names = format_names()
    assert {"medqa", "medmcqa", "pubmedqa", "mmlu", "usmle", "custom", "text"} <= set(names)
    assert set(BENCHES) == set(names)
    assert DEFAULT_DATA["medqa"] == "medqa_usmle_dev.jsonl" and "text" not in DEFAULT_DATA
    assert "*.txt" in file_dialog_filter().split(";;")[0]
    assert get_format("text").suffixes == (".txt",)
    with pytest.raises(QuestionFileError, match="unknown question format"):
        get_format("nope")
