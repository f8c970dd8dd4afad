""" "What the model thinks": the MCQ engine's probability per option for a study question."""

from __future__ import annotations

import json

from desktop.engine.backend import ModelBackend
from desktop.mcq import MCQResult, MCQScorer
from desktop.questions import Question
from desktop.study.session import QuestionView
from desktop.study.store import StudyStore
from desktop.study.tables import StudyModelScore


def to_question(view: QuestionView) -> Question:
    """The shared question record the MCQ scorer takes (answer withheld from the model)."""
    return Question(
        id=str(view.id),
        question=view.stem,
        options=dict(view.options),
        context=view.context or None,
        subject=view.subject or None,
        step=view.step or None,
    )


def model_name(engine: ModelBackend) -> str:
    return engine.describe().model_id or "model"


def score_question(engine: ModelBackend, view: QuestionView, method: str = "letter") -> MCQResult:
    """Probability per option from the loaded model; call on the engine's thread."""
    return MCQScorer(engine).answer(to_question(view), method=method)


def save_model_score(
    store: StudyStore, question_id: int, result: MCQResult, model: str
) -> StudyModelScore:
    with store.transaction() as s:
        row = StudyModelScore(
            question_id=question_id,
            model=model,
            choice=result.choice or "",
            probabilities_json=json.dumps(result.probabilities),
        )
        s.add(row)
        s.flush()
        return row


def latest_model_score(store: StudyStore, question_id: int) -> StudyModelScore | None:
    return store.latest_for_question(StudyModelScore, question_id)
