"""SQLAlchemy tables of study mode (banks, questions, blocks, spaced repetition, model output).

The schema is created by the Alembic migration ``0002_study``; keep both in step.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.storage.base import Base
from desktop.storage.types import UTCDateTime, utcnow


class StudyBank(Base):
    __tablename__ = "study_banks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    questions: Mapped[list[StudyQuestion]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", passive_deletes=True
    )


class StudyImportRun(Base):
    __tablename__ = "study_import_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_banks.id", ondelete="SET NULL"), nullable=True
    )
    path: Mapped[str] = mapped_column(Text)
    fmt: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default="running")  # ok|failed|cancelled
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    n_read: Mapped[int] = mapped_column(Integer, default=0)
    n_imported: Mapped[int] = mapped_column(Integer, default=0)
    n_duplicates_file: Mapped[int] = mapped_column(Integer, default=0)
    n_duplicates_db: Mapped[int] = mapped_column(Integer, default=0)
    n_errors: Mapped[int] = mapped_column(Integer, default=0)
    errors_json: Mapped[str] = mapped_column(Text, default="[]")
    message: Mapped[str] = mapped_column(Text, default="")


class StudyQuestion(Base):
    __tablename__ = "study_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(
        ForeignKey("study_banks.id", ondelete="CASCADE"), index=True
    )
    import_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("study_import_runs.id", ondelete="SET NULL"), nullable=True
    )
    ext_id: Mapped[str] = mapped_column(String(200), default="")
    stem: Mapped[str] = mapped_column(Text)
    context: Mapped[str] = mapped_column(Text, default="")
    options_json: Mapped[str] = mapped_column(Text)  # [[label, text], ...] in display order
    answer: Mapped[str] = mapped_column(String(8))
    explanation: Mapped[str] = mapped_column(Text, default="")
    step: Mapped[str] = mapped_column(String(40), default="", index=True)
    subject: Mapped[str] = mapped_column(String(120), default="", index=True)
    system: Mapped[str] = mapped_column(String(120), default="")
    tags: Mapped[str] = mapped_column(Text, default="")  # ",tag1,tag2," for LIKE filters
    source: Mapped[str] = mapped_column(String(200), default="")
    source_line: Mapped[int | None] = mapped_column(Integer, nullable=True)
    meta_json: Mapped[str] = mapped_column(Text, default="{}")
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[StudyBank] = relationship(back_populates="questions")

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(str(label), str(text)) for label, text in json.loads(self.options_json)]

    @property
    def option_labels(self) -> list[str]:
        return [label for label, _ in self.options]


class StudyBlock(Base):
    __tablename__ = "study_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[str] = mapped_column(String(10))  # tutor | timed
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | finished
    seconds_per_question: Mapped[float] = mapped_column(Float, default=90.0)
    time_limit_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    remaining_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    current_index: Mapped[int] = mapped_column(Integer, default=0)
    spec_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    items: Mapped[list[StudyBlockItem]] = relationship(
        back_populates="block",
        cascade="all, delete-orphan",
        order_by="StudyBlockItem.position",
        passive_deletes=True,
    )


class StudyBlockItem(Base):
    __tablename__ = "study_block_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    block_id: Mapped[int] = mapped_column(
        ForeignKey("study_blocks.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("study_questions.id", ondelete="CASCADE"), index=True
    )
    selected: Mapped[str | None] = mapped_column(String(8), nullable=True)
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)  # graded & revealed
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    time_spent_s: Mapped[float] = mapped_column(Float, default=0.0)
    marked: Mapped[bool] = mapped_column(Boolean, default=False)
    struck_json: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    block: Mapped[StudyBlock] = relationship(back_populates="items")
    question: Mapped[StudyQuestion] = relationship()

    @property
    def struck(self) -> list[str]:
        return list(json.loads(self.struck_json))


class StudyCard(Base):
    """FSRS scheduling state of one question (only missed or marked questions get one)."""

    __tablename__ = "study_cards"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("study_questions.id", ondelete="CASCADE"), primary_key=True
    )
    card_json: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    state: Mapped[int] = mapped_column(Integer, default=1)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StudyReviewLog(Base):
    __tablename__ = "study_review_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("study_questions.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_after: Mapped[datetime] = mapped_column(UTCDateTime)


class StudyExplanation(Base):
    __tablename__ = "study_explanations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("study_questions.id", ondelete="CASCADE"), index=True
    )
    model: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    finish_reason: Mapped[str] = mapped_column(String(20), default="stop")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StudyModelScore(Base):
    """The MCQ engine's probability per option for one question ("what the model thinks")."""

    __tablename__ = "study_model_scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("study_questions.id", ondelete="CASCADE"), index=True
    )
    model: Mapped[str] = mapped_column(String(200), default="")
    choice: Mapped[str] = mapped_column(String(8))
    probabilities_json: Mapped[str] = mapped_column(Text)  # {label: p}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def probabilities(self) -> dict[str, float]:
        return {str(k): float(v) for k, v in json.loads(self.probabilities_json).items()}
