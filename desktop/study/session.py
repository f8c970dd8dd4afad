"""A running block: answers, marks, strike-outs, notes, timer; every action persisted at once.

Tutor mode grades and reveals each question on submit. Timed mode counts the whole block down
(``seconds_per_question`` x questions, default 90 s each) and grades everything at the end or
when time runs out. Time is measured with an injectable monotonic ``clock`` so tests can run
the countdown without waiting; ``now`` (UTC datetimes) stamps answers and drives scheduling.

After a crash (even SIGKILL) ``BlockSession(store, block_id)`` resumes at the stored index with
the stored answers and remaining time; at most ``checkpoint_s`` of timer progress is lost.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.study.errors import StudyError
from desktop.study.labels import step_label
from desktop.study.srs import make_scheduler, record_answer
from desktop.study.store import StudyStore
from desktop.study.tables import StudyBlock, StudyBlockItem, StudyQuestion, utcnow


@dataclass(frozen=True)
class QuestionView:
    """A question as shown in a block (read-only copy of the DB row)."""

    id: int
    stem: str
    context: str
    options: list[tuple[str, str]]
    answer: str
    explanation: str
    step: str
    subject: str
    bank: str
    source: str

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.options]

    def option_text(self, label: str) -> str:
        return dict(self.options).get(label, "")

    @property
    def tag_line(self) -> str:
        parts = [step_label(self.step), self.subject or "", self.bank]
        return " · ".join(p for p in parts if p)

    @classmethod
    def from_row(cls, row: StudyQuestion) -> QuestionView:
        return cls(
            id=row.id,
            stem=row.stem,
            context=row.context,
            options=row.options,
            answer=row.answer,
            explanation=row.explanation,
            step=row.step,
            subject=row.subject,
            bank=row.bank.name if row.bank is not None else "",
            source=row.source,
        )


@dataclass
class ItemState:
    """One question of the block with the user's work on it."""

    item_id: int
    position: int
    question: QuestionView
    selected: str | None = None
    submitted: bool = False
    correct: bool | None = None
    time_spent_s: float = 0.0
    marked: bool = False
    struck: list[str] = field(default_factory=list)
    note: str = ""
    answered_at: datetime | None = None

    @property
    def revealed(self) -> bool:
        """Whether the correct answer may be shown for this item."""
        return self.submitted


class BlockSession:
    """Drive one block; the GUI calls these methods and re-reads the state."""

    def __init__(
        self,
        store: StudyStore,
        block_id: int,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utcnow,
        checkpoint_s: float = 5.0,
        fuzz: bool = True,
    ) -> None:
        self.store = store
        self.block_id = block_id
        self._clock = clock
        self._now = now
        self.checkpoint_s = checkpoint_s
        self._scheduler = make_scheduler(fuzz)
        self._load()
        self._mark = clock()
        self._last_saved = self._mark
        self._running = True

    # -- loading -------------------------------------------------------------------------
    def _load(self) -> None:
        with self.store.session() as s:
            block = s.scalar(
                select(StudyBlock)
                .where(StudyBlock.id == self.block_id)
                .options(
                    selectinload(StudyBlock.items)
                    .selectinload(StudyBlockItem.question)
                    .selectinload(StudyQuestion.bank)
                )
            )
            if block is None:
                raise StudyError(f"Block {self.block_id} does not exist.")
            self.name = block.name
            self.mode = block.mode
            self.status = block.status
            self.seconds_per_question = block.seconds_per_question
            self.time_limit_s = block.time_limit_s
            self.remaining_s = block.remaining_s
            self.index = block.current_index
            self.items = [
                ItemState(
                    item_id=it.id,
                    position=it.position,
                    question=QuestionView.from_row(it.question),
                    selected=it.selected,
                    submitted=it.submitted,
                    correct=it.correct,
                    time_spent_s=it.time_spent_s,
                    marked=it.marked,
                    struck=it.struck,
                    note=it.note,
                    answered_at=it.answered_at,
                )
                for it in block.items
            ]

    # -- state ---------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @property
    def timed(self) -> bool:
        return self.mode == "timed"

    @property
    def current(self) -> ItemState:
        return self.items[self.index]

    def __len__(self) -> int:
        return len(self.items)

    def live_remaining(self) -> float | None:
        """Seconds left on the block timer right now (not persisted); ``None`` in tutor mode."""
        if self.remaining_s is None:
            return None
        if self.finished or not self._running:
            return max(0.0, self.remaining_s)
        return max(0.0, self.remaining_s - (self._clock() - self._mark))

    def live_item_time(self) -> float:
        """Seconds spent on the current item so far, including the running interval."""
        item = self.current
        running = self._running and not self.finished and (self.timed or not item.submitted)
        extra = self._clock() - self._mark if running else 0.0
        if self.remaining_s is not None:
            extra = min(extra, max(0.0, self.remaining_s))
        return item.time_spent_s + max(0.0, extra)

    def snapshot(self) -> dict:
        """Plain-data view of the state (used to compare a resumed block with the original)."""
        return {
            "block_id": self.block_id,
            "status": self.status,
            "index": self.index,
            "remaining_s": None if self.remaining_s is None else round(self.remaining_s, 3),
            "items": [
                {
                    "question_id": it.question.id,
                    "selected": it.selected,
                    "submitted": it.submitted,
                    "correct": it.correct,
                    "marked": it.marked,
                    "struck": sorted(it.struck),
                    "note": it.note,
                    "time_spent_s": round(it.time_spent_s, 3),
                }
                for it in self.items
            ],
        }

    # -- timing --------------------------------------------------------------------------
    def _accrue(self) -> None:
        """Move elapsed clock time onto the current item and the block timer."""
        now = self._clock()
        dt = max(0.0, now - self._mark)
        self._mark = now
        if not self._running or self.finished:
            return
        if self.remaining_s is not None:
            dt = min(dt, max(0.0, self.remaining_s))  # no time is spent after the buzzer
        item = self.current
        if self.timed or not item.submitted:
            item.time_spent_s += dt
        if self.remaining_s is not None:
            self.remaining_s = max(0.0, self.remaining_s - dt)

    def tick(self) -> float | None:
        """Call periodically (the GUI: every second). Persists every ``checkpoint_s``;
        finishes a timed block whose time ran out. Returns the remaining seconds."""
        if self.finished:
            return self.remaining_s
        self._accrue()
        if self.remaining_s is not None and self.remaining_s <= 0:
            self.finish()
        elif self._clock() - self._last_saved >= self.checkpoint_s:
            self._save([self.current])
        return self.remaining_s

    def pause(self) -> None:
        """Stop the clock (page hidden / app closing) and persist."""
        if self._running and not self.finished:
            self._accrue()
            self._save([self.current])
        self._running = False

    def resume(self) -> None:
        self._mark = self._clock()
        self._running = True

    # -- persistence ---------------------------------------------------------------------
    def _save(self, items: list[ItemState], graded: list[ItemState] | None = None) -> None:
        """Write the block row and ``items`` in one transaction (and FSRS for ``graded``)."""
        with self.store.transaction() as s:
            block = s.get(StudyBlock, self.block_id)
            if block is None:
                raise StudyError(f"Block {self.block_id} was deleted.")
            block.current_index = self.index
            block.remaining_s = self.remaining_s
            block.status = self.status
            block.updated_at = self._now()
            if self.finished and block.finished_at is None:
                block.finished_at = self._now()
            for it in items:
                row = s.get(StudyBlockItem, it.item_id)
                row.selected = it.selected
                row.submitted = it.submitted
                row.correct = it.correct
                row.time_spent_s = it.time_spent_s
                row.marked = it.marked
                row.struck_json = json.dumps(sorted(it.struck))
                row.note = it.note
                row.answered_at = it.answered_at
            for it in graded or []:
                record_answer(
                    s,
                    it.question.id,
                    bool(it.correct),
                    it.marked,
                    now=self._now(),
                    scheduler=self._scheduler,
                    duration_s=it.time_spent_s,
                )
        self._last_saved = self._clock()

    def _require_active(self) -> None:
        if self.finished:
            raise StudyError("This block is finished; open it in review.")

    # -- navigation ----------------------------------------------------------------------
    def goto(self, index: int) -> ItemState:
        if not 0 <= index < len(self.items):
            raise StudyError(f"No question {index + 1} in this block.")
        self._accrue()
        previous = self.current
        self.index = index
        self._save([previous])
        return self.current

    def next(self) -> ItemState:
        return self.goto(min(self.index + 1, len(self.items) - 1))

    def prev(self) -> ItemState:
        return self.goto(max(self.index - 1, 0))

    # -- answering -----------------------------------------------------------------------
    def select(self, label: str) -> None:
        """Choose an option (timed mode: may be changed until the block ends)."""
        self._require_active()
        item = self.current
        if label not in item.question.labels:
            raise StudyError(f"{label!r} is not an option of this question.")
        if item.submitted:
            raise StudyError("This question was already answered.")
        self._accrue()
        item.selected = label
        item.answered_at = self._now()
        if label in item.struck:
            item.struck.remove(label)
        self._save([item])

    def submit(self) -> bool:
        """Tutor mode: grade the selected option, reveal the answer and schedule. Returns
        whether it was correct."""
        self._require_active()
        if self.timed:
            raise StudyError("Timed blocks are graded at the end.")
        item = self.current
        if item.submitted:
            return bool(item.correct)
        if item.selected is None:
            raise StudyError("Choose an answer first.")
        self._accrue()
        item.submitted = True
        item.correct = item.selected == item.question.answer
        item.answered_at = self._now()
        self._save([item], graded=[item])
        return item.correct

    def answer(self, label: str) -> bool | None:
        """Select ``label`` and, in tutor mode, submit it (returns correctness, or ``None``)."""
        self.select(label)
        return None if self.timed else self.submit()

    def toggle_mark(self) -> bool:
        self._accrue()
        item = self.current
        item.marked = not item.marked
        self._save([item])
        return item.marked

    def toggle_strike(self, label: str) -> bool:
        """Strike out (or restore) an option; returns whether it is now struck."""
        item = self.current
        if label not in item.question.labels:
            raise StudyError(f"{label!r} is not an option of this question.")
        self._accrue()
        if label in item.struck:
            item.struck.remove(label)
        else:
            item.struck.append(label)
        self._save([item])
        return label in item.struck

    def set_note(self, text: str) -> None:
        self._accrue()
        self.current.note = text
        self._save([self.current])

    # -- ending --------------------------------------------------------------------------
    def finish(self) -> None:
        """End the block: grade every unanswered/ungraded item (omitted = incorrect)."""
        if self.finished:
            return
        self._accrue()
        graded: list[ItemState] = []
        for it in self.items:
            if it.submitted:
                continue
            # Unanswered questions count as omitted in tutor blocks too (what the dialog says
            # and what Statistics counts).
            it.submitted = True
            it.correct = it.selected is not None and it.selected == it.question.answer
            it.answered_at = it.answered_at or self._now()
            graded.append(it)
        self.status = "finished"
        self.index = 0 if self.timed else self.index
        self._save(self.items, graded=graded)

    def omitted_on_finish(self) -> int:
        """How many questions :meth:`finish` would grade as omitted (no answer chosen)."""
        return sum(1 for it in self.items if not it.submitted and it.selected is None)

    @property
    def expired(self) -> bool:
        return self.timed and self.remaining_s is not None and self.remaining_s <= 0

    def answer_times(self) -> list[tuple[bool, float]]:
        """``(correct, seconds)`` of every graded, answered question (what Statistics counts)."""
        return [
            (bool(it.correct), it.time_spent_s)
            for it in self.items
            if it.submitted and it.selected is not None
        ]

    def score(self) -> tuple[int, int, int]:
        """``(correct, answered, total)`` over graded items."""
        graded = [it for it in self.items if it.submitted]
        answered = [it for it in graded if it.selected is not None]
        return sum(1 for it in graded if it.correct), len(answered), len(self.items)
