"""Access to the study tables on the app database (one SQLAlchemy engine, short sessions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.study.tables import StudyBank, StudyQuestion

Row = TypeVar("Row")


class StudyStore:
    """Owns a ``sessionmaker``; every public operation uses its own short transaction.

    Safe to share between threads (each call opens its own session), as long as SQLite
    writes are serialised by the caller (the UI uses one DB thread).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: str | Path) -> StudyStore:
        # lazy: only opening a file needs the migrations (Alembic); the app hands in its engine
        from desktop.storage.db import open_database

        return cls(open_database(path))

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def latest_for_question(self, table: type[Row], question_id: int) -> Row | None:
        """The newest row of ``table`` (a model with ``id`` and ``question_id``) for a question."""
        cls: Any = table  # a table class; the TypeVar cannot say it has these columns
        with self.session() as s:
            return s.scalar(
                select(cls).where(cls.question_id == question_id).order_by(cls.id.desc()).limit(1)
            )

    # -- banks ---------------------------------------------------------------------------
    def banks(self) -> list[tuple[StudyBank, int]]:
        """All banks with their question counts, by name."""
        with self.session() as s:
            rows = s.execute(
                select(StudyBank, func.count(StudyQuestion.id))
                .outerjoin(StudyQuestion, StudyQuestion.bank_id == StudyBank.id)
                .group_by(StudyBank.id)
                .order_by(StudyBank.name)
            ).all()
            return [(bank, int(n)) for bank, n in rows]

    def delete_bank(self, bank_id: int) -> None:
        with self.transaction() as s:
            bank = s.get(StudyBank, bank_id)
            if bank is not None:
                s.delete(bank)

    def question_count(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count(StudyQuestion.id))) or 0)

    def question(self, question_id: int) -> StudyQuestion | None:
        with self.session() as s:
            return s.get(StudyQuestion, question_id)

    def facets(self) -> dict[str, list[str]]:
        """Distinct steps and subjects present, for the block builder's filters."""
        with self.session() as s:
            steps = s.scalars(select(StudyQuestion.step).distinct().order_by(StudyQuestion.step))
            subjects = s.scalars(
                select(StudyQuestion.subject).distinct().order_by(StudyQuestion.subject)
            )
            return {
                "steps": [x for x in steps if x],
                "subjects": [x for x in subjects if x],
            }
