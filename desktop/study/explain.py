"""Model explanations of a question ("Explain" in review): prompt, generation, storage."""

from __future__ import annotations

from collections.abc import Callable

from desktop.engine import CancelToken, GenerationResult, SamplingSettings, StreamEvent
from desktop.engine.backend import ModelBackend
from desktop.study.session import QuestionView
from desktop.study.store import StudyStore
from desktop.study.tables import StudyExplanation

SYSTEM_PROMPT = (
    "You are a medical educator helping a student review a USMLE-style practice question. "
    "Explain briefly why the correct answer is right and why the other options are wrong. "
    "Be factual; say so if you are unsure. This is for study, not for patient care."
)


def explanation_messages(question: QuestionView, selected: str | None = None) -> list[dict]:
    """Chat messages asking the model to explain ``question`` (and the student's choice)."""
    options = "\n".join(f"{label}. {text}" for label, text in question.options)
    parts = []
    if question.context:
        parts.append(f"Context:\n{question.context}")
    parts.append(f"Question:\n{question.stem}")
    parts.append(f"Options:\n{options}")
    parts.append(f"Correct answer: {question.answer}. {question.option_text(question.answer)}")
    if selected and selected != question.answer:
        parts.append(
            f"The student chose {selected}. {question.option_text(selected)} "
            "Explain the mistake too."
        )
    parts.append("Explanation:")
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def default_sampling() -> SamplingSettings:
    return SamplingSettings(temperature=0.3, max_tokens=320, repeat_penalty=1.15)


def generate_explanation(
    engine: ModelBackend,
    question: QuestionView,
    selected: str | None = None,
    sampling: SamplingSettings | None = None,
    on_text: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
) -> GenerationResult:
    """Stream an explanation on ``engine`` (call on the engine's thread)."""

    def on_event(event: StreamEvent) -> None:
        if on_text is not None:
            on_text(event.text)

    return engine.chat(
        explanation_messages(question, selected), sampling or default_sampling(), on_event, cancel
    )


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
