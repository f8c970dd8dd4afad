"""Saved model explanations of study questions (the prompt lives in :mod:`desktop.explain`)."""

from __future__ import annotations

from desktop.study.store import StudyStore
from desktop.study.tables import StudyExplanation


def save_explanation(
    store: StudyStore, question_id: int, text: str, model: str, finish_reason: str = "stop"
) -> int | None:
    """Store a (possibly partial, when cancelled) explanation; empty text is not stored."""
    text = text.strip()
    if not text:
        return None
    with store.transaction() as s:
        row = StudyExplanation(
            question_id=question_id, text=text, model=model, finish_reason=finish_reason
        )
        s.add(row)
        s.flush()
        return row.id


def latest_explanation(store: StudyStore, question_id: int) -> StudyExplanation | None:
    return store.latest_for_question(StudyExplanation, question_id)
