"""Performance statistics over graded answers: overall, by step, by subject, per day.

Only answered (not omitted) graded items count towards accuracy and average time; omitted
items of timed blocks are counted separately.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desktop.private_files import write_private_text
from desktop.study.labels import step_label, subject_label
from desktop.study.store import StudyStore
from desktop.study.tables import StudyBlockItem, StudyCard, StudyQuestion


@dataclass
class GroupStat:
    key: str
    answered: int = 0
    correct: int = 0
    time_s: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def avg_time_s(self) -> float:
        return self.time_s / self.answered if self.answered else 0.0

    def add(self, correct: bool, time_s: float) -> None:
        self.answered += 1
        self.correct += int(correct)
        self.time_s += time_s


def group_stat(key: str, answers: list[tuple[bool, float]]) -> GroupStat:
    """One group from ``(correct, seconds)`` pairs: the single rule for accuracy and average."""
    group = GroupStat(key)
    for correct, time_s in answers:
        group.add(correct, time_s)
    return group


@dataclass
class StudyStats:
    overall: GroupStat
    omitted: int
    by_step: list[GroupStat] = field(default_factory=list)
    by_subject: list[GroupStat] = field(default_factory=list)
    by_day: list[GroupStat] = field(default_factory=list)  # key = ISO date (UTC)
    total_questions: int = 0
    unused: int = 0
    due_now: int = 0
    scheduled: int = 0
    as_of: date | None = None  # the day "now" fell on (UTC), for calendar charts

    def rows(self) -> list[tuple[str, str, int, int, float, float]]:
        """Flat rows ``(group, key, answered, correct, accuracy, avg_time_s)`` for CSV."""
        out = [("overall", "all", *_nums(self.overall))]
        for name, groups in (
            ("step", self.by_step),
            ("subject", self.by_subject),
            ("day", self.by_day),
        ):
            out += [(name, g.key, *_nums(g)) for g in groups]
        return out


def _nums(g: GroupStat) -> tuple[int, int, float, float]:
    return g.answered, g.correct, round(g.accuracy, 4), round(g.avg_time_s, 2)


def compute_stats(
    store: StudyStore,
    now: datetime | None = None,
    bank_ids: list[int] | None = None,
    days: int | None = None,
) -> StudyStats:
    """Aggregate every graded answer (optionally of some banks / the last ``days`` days)."""
    now = now or datetime.now(UTC)
    with store.session() as s:
        q = (
            select(
                StudyBlockItem.selected,
                StudyBlockItem.correct,
                StudyBlockItem.time_spent_s,
                StudyBlockItem.answered_at,
                StudyQuestion.step,
                StudyQuestion.subject,
            )
            .join(StudyQuestion, StudyQuestion.id == StudyBlockItem.question_id)
            .where(StudyBlockItem.submitted.is_(True))
        )
        if bank_ids:
            q = q.where(StudyQuestion.bank_id.in_(bank_ids))
        if days is not None:
            q = q.where(StudyBlockItem.answered_at >= now - timedelta(days=days))
        rows = s.execute(q).all()
        qids = select(StudyQuestion.id)
        if bank_ids:
            qids = qids.where(StudyQuestion.bank_id.in_(bank_ids))
        all_ids = set(s.scalars(qids))
        used = set(
            s.scalars(select(StudyBlockItem.question_id).where(StudyBlockItem.submitted.is_(True)))
        )
        cards = s.execute(select(StudyCard.question_id, StudyCard.due)).all()
    overall = GroupStat("all")
    by_step: dict[str, GroupStat] = {}
    by_subject: dict[str, GroupStat] = {}
    by_day: dict[date, GroupStat] = {}
    omitted = 0
    for selected, correct, time_s, answered_at, step, subject in rows:
        if selected is None:
            omitted += 1
            continue
        ok = bool(correct)
        overall.add(ok, time_s)
        by_step.setdefault(step_label(step), GroupStat(step_label(step))).add(ok, time_s)
        by_subject.setdefault(subject_label(subject), GroupStat(subject_label(subject))).add(
            ok, time_s
        )
        if answered_at is not None:
            day = answered_at.date()
            by_day.setdefault(day, GroupStat(day.isoformat())).add(ok, time_s)
    cards = [(qid, due) for qid, due in cards if qid in all_ids]
    return StudyStats(
        overall=overall,
        omitted=omitted,
        by_step=sorted(by_step.values(), key=lambda g: g.key),
        by_subject=sorted(by_subject.values(), key=lambda g: (-g.answered, g.key)),
        by_day=[by_day[d] for d in sorted(by_day)],
        total_questions=len(all_ids),
        unused=len(all_ids - used),
        due_now=sum(1 for _, due in cards if due <= now),
        scheduled=len(cards),
        as_of=now.astimezone(UTC).date(),
    )


def export_csv(stats: StudyStats, path: str | Path) -> Path:
    """Write the statistics table as CSV (group, key, answered, correct, accuracy, avg s)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["group", "key", "answered", "correct", "accuracy", "avg_time_s"])
    writer.writerows(stats.rows())
    return write_private_text(path, buf.getvalue())  # owner-only: it describes the user
