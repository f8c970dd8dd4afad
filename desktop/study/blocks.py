"""Build a block (a study session's question list) from banks, tags and status filters."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.study.errors import StudyError
from desktop.study.srs import due_question_ids
from desktop.study.store import StudyStore
from desktop.study.tables import StudyBlock, StudyBlockItem, StudyQuestion, utcnow

MODES = ("tutor", "timed")
STATUSES = ("all", "unused", "incorrect", "marked", "due")
ORDERS = ("random", "sequential")
DEFAULT_SECONDS_PER_QUESTION = 90.0


@dataclass
class BlockSpec:
    """What goes into a block. Empty filter lists mean "any"."""

    size: int = 10
    mode: str = "tutor"
    status: str = "all"
    bank_ids: list[int] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    tag: str = ""
    order: str = "random"
    seed: int | None = None
    seconds_per_question: float = DEFAULT_SECONDS_PER_QUESTION
    name: str = ""

    def validate(self) -> None:
        if self.mode not in MODES:
            raise StudyError(f"Unknown mode {self.mode!r}; choose one of {MODES}.")
        if self.status not in STATUSES:
            raise StudyError(f"Unknown status {self.status!r}; choose one of {STATUSES}.")
        if self.order not in ORDERS:
            raise StudyError(f"Unknown order {self.order!r}; choose one of {ORDERS}.")
        if self.size < 1:
            raise StudyError("A block needs at least one question.")
        if self.seconds_per_question <= 0:
            raise StudyError("Seconds per question must be positive.")


def _latest_graded_item():  # noqa: ANN202 - a SQLAlchemy subquery
    """Subquery: the id of the latest graded attempt per question."""
    item = aliased(StudyBlockItem)
    latest = (
        select(item.question_id, func.max(item.id).label("item_id"))
        .where(item.submitted.is_(True))
        .group_by(item.question_id)
        .subquery()
    )
    return latest


def matching_question_ids(
    session: Session, spec: BlockSpec, now: datetime | None = None
) -> list[int]:
    """Ids of the questions that pass the spec's filters, in stable (bank, id) order."""
    q = select(StudyQuestion.id)
    if spec.bank_ids:
        q = q.where(StudyQuestion.bank_id.in_(spec.bank_ids))
    if spec.steps:
        q = q.where(StudyQuestion.step.in_(spec.steps))
    if spec.subjects:
        q = q.where(StudyQuestion.subject.in_(spec.subjects))
    if spec.tag.strip():
        q = q.where(StudyQuestion.tags.like(f"%,{spec.tag.strip().lower()},%"))
    answered = exists().where(
        and_(StudyBlockItem.question_id == StudyQuestion.id, StudyBlockItem.submitted.is_(True))
    )
    if spec.status == "unused":
        q = q.where(~answered)
    elif spec.status == "incorrect":
        latest = _latest_graded_item()
        q = q.join(latest, latest.c.question_id == StudyQuestion.id).join(
            StudyBlockItem, StudyBlockItem.id == latest.c.item_id
        )
        q = q.where(or_(StudyBlockItem.correct.is_(False), StudyBlockItem.correct.is_(None)))
    elif spec.status == "marked":
        marked = exists().where(
            and_(StudyBlockItem.question_id == StudyQuestion.id, StudyBlockItem.marked.is_(True))
        )
        q = q.where(marked)
    ids = list(session.scalars(q.order_by(StudyQuestion.bank_id, StudyQuestion.id)))
    if spec.status == "due":
        due = due_question_ids(session, now)  # most overdue first
        wanted = set(ids)
        ids = [qid for qid in due if qid in wanted]
    return ids


def create_block(store: StudyStore, spec: BlockSpec, now: datetime | None = None) -> int:
    """Create and persist a block for ``spec``; returns its id.

    Raises :class:`StudyError` if no question matches.
    """
    spec.validate()
    with store.transaction() as s:
        ids = matching_question_ids(s, spec, now)
        if not ids:
            raise StudyError("No questions match these filters.")
        if spec.order == "random":
            rng = random.Random(spec.seed)
            ids = rng.sample(ids, min(spec.size, len(ids)))
        else:
            ids = ids[: spec.size]
        timed = spec.mode == "timed"
        limit = spec.seconds_per_question * len(ids) if timed else None
        created = utcnow()
        block = StudyBlock(
            name=spec.name or f"{spec.mode.title()} block, {len(ids)} questions",
            mode=spec.mode,
            status="active",
            seconds_per_question=spec.seconds_per_question,
            time_limit_s=limit,
            remaining_s=limit,
            current_index=0,
            spec_json=json.dumps(asdict(spec)),
            created_at=created,
            updated_at=created,
        )
        block.items = [StudyBlockItem(position=i, question_id=qid) for i, qid in enumerate(ids)]
        s.add(block)
        s.flush()
        return block.id


def list_blocks(store: StudyStore, status: str | None = None, limit: int = 100) -> list[StudyBlock]:
    """Blocks, newest first (optionally only ``active`` or ``finished`` ones)."""
    with store.session() as s:
        q = select(StudyBlock).order_by(StudyBlock.id.desc()).limit(limit)
        if status:
            q = q.where(StudyBlock.status == status)
        return list(s.scalars(q))


def block_counts(store: StudyStore, block_ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """``{block_id: (n_items, n_answered, n_correct)}``."""
    if not block_ids:
        return {}
    with store.session() as s:
        rows = s.execute(
            select(
                StudyBlockItem.block_id,
                func.count(StudyBlockItem.id),
                func.sum(case((StudyBlockItem.selected.is_not(None), 1), else_=0)),
                func.sum(case((StudyBlockItem.correct.is_(True), 1), else_=0)),
            )
            .where(StudyBlockItem.block_id.in_(block_ids))
            .group_by(StudyBlockItem.block_id)
        ).all()
        return {bid: (int(n), int(a or 0), int(c or 0)) for bid, n, a, c in rows}
