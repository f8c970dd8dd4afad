"""The USMLE self-assessment set in MedAlpaca's layout: ``stepN.json`` + ``stepN_solutions.json``.

``stepN.json`` is a JSON list of ``{"no": int, "question": str, "options": {"A": ..}}``;
``stepN_solutions.json`` maps ``str(no)`` to the answer key, given either as the letter
(``"C"``), as letter plus text (``"C: Tetany"``) or as the option text alone. Questions that
refer to an image are left out, as in the MedAlpaca evaluation (numbers below, plus any
entry carrying an ``image``/``images`` field).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from desktop.questions.answers import resolve_answer
from desktop.questions.reading import load_json
from desktop.questions.record import Question, QuestionFileError, ReadReport, RowError
from desktop.questions.registry import FileProbe, QuestionFormat, register

# Question numbers with images, excluded in the MedAlpaca evaluation protocol. Source: the
# `exclude` dict of medAlpaca's eval/eval_models.ipynb at commit 47a979e ("add inferer and eval
# notebook"), https://github.com/kbressem/medAlpaca/blob/47a979e/eval/eval_models.ipynb ; the
# notebook was deleted later (commit c91e22b), so cite that commit, not the main branch.
IMAGE_QUESTIONS: dict[str, frozenset[int]] = {
    "step1": frozenset(
        [4, 7, 9, 11, 18, 21, 30, 32, 34, 36, 40, 42, 44, 47, 53, 56, 62, 68, 77, 80, 85]
        + [88, 89, 100, 105, 113, 114]
    ),
    "step2": frozenset([25, 26, 33, 53, 60, 76, 80, 87, 107, 114]),
    "step3": frozenset([5, 21, 34, 41, 63, 66, 67, 88, 96, 102, 113, 118, 130]),
}
_STEP_NAME = re.compile(r"step\s*([123])", re.IGNORECASE)


def usmle_step(path: Path) -> str | None:
    match = _STEP_NAME.search(Path(path).stem)
    return f"step{match.group(1)}" if match else None


def solutions_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}_solutions{path.suffix}")


def is_usmle_questions(data: Any) -> bool:
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(x, dict) for x in data[:5])
        and all("no" in x and "options" in x for x in data[:5])
    )


def read_usmle(
    path: Path,
    solutions: Path | None = None,
    exclude_images: bool = True,
    step: str | None = None,
) -> ReadReport:
    path = Path(path)
    step = step or usmle_step(path)
    data = load_json(path)
    if not isinstance(data, list):
        raise QuestionFileError(f"{path}: expected a JSON list of questions")
    sol_path = Path(solutions) if solutions else solutions_path(path)
    answers: dict[str, Any] = {}
    if sol_path.exists():
        loaded = load_json(sol_path)
        if not isinstance(loaded, dict):
            raise QuestionFileError(f"{sol_path}: expected a JSON object of number -> answer")
        answers = {str(k).strip(): v for k, v in loaded.items()}
    report = ReadReport(path=path, fmt="usmle")
    excluded = IMAGE_QUESTIONS.get(step or "", frozenset()) if exclude_images else frozenset()
    for index, entry in enumerate(data, start=1):
        where: int | str = f"#{index}"
        try:
            if not isinstance(entry, dict):
                raise ValueError("entry is not an object")
            no = entry.get("no", index)
            where = f"no {no}"
            qid = f"{step or path.stem}/{no}"
            has_image = bool(entry.get("image") or entry.get("images"))
            if exclude_images and (has_image or _as_int(no) in excluded):
                report.excluded.append(qid)
                continue
            question = entry.get("question")
            if not isinstance(question, str) or not question.strip():
                raise ValueError("missing question text")
            raw = entry.get("options")
            if not isinstance(raw, dict) or not raw:
                raise ValueError("missing options")
            options = {str(k).strip(): str(v).strip() for k, v in raw.items()}
            key = answers.get(str(no), entry.get("answer"))
            answer = resolve_answer(key, options) if key not in (None, "") else None
            report.questions.append(
                Question(
                    id=qid,
                    question=question.strip(),
                    options=options,
                    answer=answer,
                    step=step,
                    source="usmle",
                    explanation=entry.get("explanation") or None,
                    meta={"no": no},
                )
            )
        except (ValueError, TypeError) as exc:
            report.errors.append(RowError(where, str(exc)))
    return report


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _looks_like_usmle(probe: FileProbe) -> bool:
    return is_usmle_questions(probe.json)


def _step_files(folder: Path, _split: str) -> list[Path]:
    return sorted(p for p in folder.glob("step*.json") if not p.stem.endswith("_solutions"))


FORMAT = register(
    QuestionFormat(
        name="usmle",
        title="USMLE self-assessment (MedAlpaca stepN.json)",
        suffixes=(".json",),
        read=read_usmle,
        sniff=_looks_like_usmle,
        folder_files=_step_files,
    )
)
