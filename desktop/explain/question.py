"""The question record an explanation is about: the shared :class:`Question` of
``desktop.questions``; a study block's :class:`QuestionView` is converted to it."""

from __future__ import annotations

from desktop.questions.record import Question
from desktop.study.session import QuestionView

ExplainedQuestion = Question | QuestionView


def as_question(question: ExplainedQuestion) -> Question:
    """``question`` as the shared record (a study view keeps its answer key and explanation)."""
    if isinstance(question, Question):
        return question
    return Question(
        id=str(question.id),
        question=question.stem,
        options=dict(question.options),
        answer=question.answer or None,
        context=question.context or None,
        subject=question.subject or None,
        step=question.step or None,
        explanation=question.explanation or None,
    )
