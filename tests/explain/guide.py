"""A two-page guideline PDF written by the tests, and questions it does and does not cover."""

from __future__ import annotations

from pathlib import Path

from desktop.library.pdf_writer import write_pdf
from desktop.questions.record import Question

TITLE = "Hyperkalaemia guideline"
PAGES = [
    "Hyperkalaemia guideline. A serum potassium above 6.5 mmol/L, or any rise with ECG changes "
    "such as peaked T waves, is an emergency.",
    "Treatment of hyperkalaemia with ECG changes: first give intravenous calcium gluconate to "
    "protect the heart from arrhythmia. Then give insulin with glucose to shift potassium into "
    "the cells. Sodium polystyrene sulfonate and furosemide remove potassium from the body "
    "more slowly.",
]
STEM = (
    "A 70-year-old man on haemodialysis has a serum potassium of 7.1 mmol/L and peaked T waves "
    "on the ECG. What is the first step in management?"
)
OPTIONS = {
    "A": "Intravenous calcium gluconate",
    "B": "Insulin with glucose",
    "C": "Oral sodium polystyrene sulfonate",
    "D": "Furosemide",
}
UNCOVERED_STEM = (
    "A 30-year-old man cannot extend his wrist after a midshaft fracture of the humerus. "
    "Which nerve is injured?"
)
UNCOVERED_OPTIONS = {"A": "Radial nerve", "B": "Ulnar nerve", "C": "Median nerve"}


def write_guide(folder: Path) -> Path:
    return write_pdf(folder / "hyperkalaemia.pdf", PAGES, title=TITLE)


def covered_question() -> Question:
    return Question("hyperkalaemia", STEM, dict(OPTIONS), answer="A")


def uncovered_question() -> Question:
    return Question("radial", UNCOVERED_STEM, dict(UNCOVERED_OPTIONS), answer="A")


def pasted(stem: str, options: dict[str, str]) -> str:
    """The question as typed into the MCQ page."""
    return stem + "\n" + "\n".join(f"{k}. {v}" for k, v in options.items())


def plain_text_bank(path: Path) -> Path:
    """Both questions as a study-guide text file (the plain-text question format)."""
    blocks = []
    for number, (stem, options) in enumerate(
        [(STEM, OPTIONS), (UNCOVERED_STEM, UNCOVERED_OPTIONS)], start=1
    ):
        lines = [f"{number}. {stem}", *(f"{k}) {v}" for k, v in options.items()), "Answer: A"]
        blocks.append("\n".join(lines))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path
