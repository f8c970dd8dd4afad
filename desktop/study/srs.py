"""Spaced repetition of missed and marked questions with FSRS (the ``fsrs`` package, v6).

A question gets an FSRS card the first time it is answered incorrectly or marked; from then
on every graded answer reviews the card (incorrect -> Again, correct but marked -> Hard,
correct -> Good). ``due_question_ids(now)`` is the due queue a "due" block is built from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.study.tables import StudyCard, StudyReviewLog

# A missed question comes back after 10 minutes once, then FSRS intervals (days) take over.
LEARNING_STEPS = (timedelta(minutes=10),)
RELEARNING_STEPS = (timedelta(minutes=10),)


def make_scheduler(fuzz: bool = True) -> Scheduler:
    return Scheduler(
        learning_steps=LEARNING_STEPS, relearning_steps=RELEARNING_STEPS, enable_fuzzing=fuzz
    )


def rating_for(correct: bool, marked: bool) -> Rating:
    if not correct:
        return Rating.Again
    return Rating.Hard if marked else Rating.Good


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(UTC)


def record_answer(
    session: Session,
    question_id: int,
    correct: bool,
    marked: bool,
    now: datetime | None = None,
    scheduler: Scheduler | None = None,
    duration_s: float | None = None,
) -> StudyCard | None:
    """Update (or create) the FSRS card of ``question_id`` after a graded answer.

    Returns the card row, or ``None`` when the question is not scheduled (correct and
    unmarked, and never missed before). Runs inside the caller's transaction.
    """
    now = _utc(now)
    row = session.get(StudyCard, question_id)
    if row is None and correct and not marked:
        return None
    scheduler = scheduler or make_scheduler()
    card = Card.from_json(row.card_json) if row is not None else Card(card_id=question_id, due=now)
    rating = rating_for(correct, marked)
    duration_ms = int(duration_s * 1000) if duration_s is not None else None
    card, _log = scheduler.review_card(card, rating, now, duration_ms)
    if row is None:
        row = StudyCard(question_id=question_id, card_json="", due=card.due)
        session.add(row)
    row.card_json = card.to_json()
    row.due = card.due
    row.state = int(card.state)
    row.reps = (row.reps or 0) + 1
    row.lapses = (row.lapses or 0) + (0 if correct else 1)
    row.last_review = now
    session.add(
        StudyReviewLog(
            question_id=question_id, rating=int(rating), reviewed_at=now, due_after=card.due
        )
    )
    return row


def due_question_ids(session: Session, now: datetime | None = None) -> list[int]:
    """Question ids whose card is due at ``now``, most overdue first."""
    now = _utc(now)
    return list(
        session.scalars(
            select(StudyCard.question_id).where(StudyCard.due <= now).order_by(StudyCard.due)
        )
    )


def card_of(session: Session, question_id: int) -> StudyCard | None:
    return session.get(StudyCard, question_id)


def retrievability(row: StudyCard, now: datetime | None = None) -> float:
    """Predicted probability of recalling the question at ``now`` (0..1)."""
    return float(make_scheduler().get_card_retrievability(Card.from_json(row.card_json), _utc(now)))
