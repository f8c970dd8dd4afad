"""Fixtures for study-mode tests: a fresh migrated database and a fake monotonic clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.study.store import StudyStore


class FakeClock:
    """A monotonic clock the test advances by hand (seconds)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class FakeNow:
    """A UTC wall clock the test moves forward (for answer stamps and FSRS)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.value = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **kwargs: float) -> None:
        self.value += timedelta(**kwargs)


@pytest.fixture
def store(tmp_home: Path) -> StudyStore:
    return StudyStore.open(tmp_home / "study.db")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake_now() -> FakeNow:
    return FakeNow()


@pytest.fixture
def medqa_path(shared_data: Path) -> Path:
    return shared_data / "eval" / "medqa_usmle_dev.jsonl"
