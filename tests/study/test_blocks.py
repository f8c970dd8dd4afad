"""Blocks on the real MedQA bank: tutor and timed mode, marks/strikes/notes, stats, FSRS queue."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.study.blocks import BlockSpec, block_counts, create_block, matching_question_ids
from desktop.study.charts import render_png, save_png
from desktop.study.errors import StudyError
from desktop.study.importer import import_file
from desktop.study.session import BlockSession
from desktop.study.srs import due_question_ids
from desktop.study.stats import compute_stats, export_csv, group_stat
from desktop.study.store import StudyStore
from desktop.study.tables import StudyCard
from tests.study.conftest import FakeClock, FakeNow


@pytest.fixture
def medqa_store(store: StudyStore, medqa_path: Path) -> StudyStore:
    assert import_file(store, medqa_path, "MedQA dev").n_imported == 273
    return store


def _wrong(q) -> str:  # noqa: ANN001
    return next(label for label in q.labels if label != q.answer)


def test_tutor_block_of_10(medqa_store: StudyStore, clock: FakeClock, fake_now: FakeNow) -> None:
    spec = BlockSpec(size=10, mode="tutor", order="random", seed=7)
    block_id = create_block(medqa_store, spec)
    same = create_block(medqa_store, BlockSpec(size=10, mode="tutor", order="random", seed=7))
    s = BlockSession(medqa_store, block_id, clock=clock, now=fake_now)
    s2 = BlockSession(medqa_store, same, clock=clock, now=fake_now)
    assert [it.question.id for it in s.items] == [it.question.id for it in s2.items]  # seeded
    assert len(s) == 10 and len({it.question.id for it in s.items}) == 10
    assert s.remaining_s is None  # tutor mode has no countdown

    for i in range(10):
        q = s.current.question
        clock.advance(10 + i)  # 10, 11, ... 19 s thinking
        label = q.answer if i % 2 == 0 else _wrong(q)  # 5 right, 5 wrong
        assert s.answer(label) is (i % 2 == 0)
        assert s.current.revealed and s.current.correct is (i % 2 == 0)
        clock.advance(30)  # reading the explanation does not count as answer time
        with pytest.raises(StudyError):
            s.select(q.labels[0])
        if i < 9:
            s.next()
    s.finish()
    assert s.finished and s.score() == (5, 10, 10)
    assert [round(it.time_spent_s) for it in s.items] == list(range(10, 20))

    stats = compute_stats(medqa_store, now=fake_now())
    assert (stats.overall.answered, stats.overall.correct) == (10, 5)
    assert stats.overall.accuracy == pytest.approx(0.5)
    assert stats.overall.avg_time_s == pytest.approx(14.5)
    assert sum(g.answered for g in stats.by_step) == 10
    assert [g.key for g in stats.by_day] == ["2026-03-02"]
    assert stats.unused == 263 and stats.total_questions == 273
    # the 5 missed questions got FSRS cards (due in 10 min), the right ones did not
    assert stats.scheduled == 5 and stats.due_now == 0
    assert block_counts(medqa_store, [block_id])[block_id] == (10, 10, 5)

    # status filters now see the history
    with medqa_store.session() as db:
        incorrect = matching_question_ids(db, BlockSpec(status="incorrect"))
        unused = matching_question_ids(db, BlockSpec(status="unused"))
    missed = {it.question.id for it in s.items if not it.correct}
    assert set(incorrect) == missed
    assert len(unused) == 263 and not missed & set(unused)


def test_timed_block_expires_and_reveals_at_end(
    medqa_store: StudyStore, clock: FakeClock, fake_now: FakeNow
) -> None:
    spec = BlockSpec(size=4, mode="timed", order="sequential", seconds_per_question=5)
    block_id = create_block(medqa_store, spec)
    s = BlockSession(medqa_store, block_id, clock=clock, now=fake_now, checkpoint_s=1)
    assert s.time_limit_s == 20 and s.live_remaining() == 20
    q0 = s.current.question
    clock.advance(3)
    assert s.live_remaining() == pytest.approx(17)
    s.select(_wrong(q0))
    s.select(q0.answer)  # may change the answer until the end
    assert not s.current.revealed and s.current.correct is None
    with pytest.raises(StudyError):
        s.submit()
    s.toggle_strike(_wrong(q0))
    s.toggle_mark()
    s.set_note("review acid-base")
    s.next()
    clock.advance(6)
    s.select(_wrong(s.current.question))
    s.next()
    clock.advance(4)
    assert s.tick() == pytest.approx(7) and not s.finished
    clock.advance(8)  # time runs out on question 3, question 4 never seen
    s.tick()
    assert s.finished and s.expired and s.remaining_s == 0
    assert all(it.revealed for it in s.items)
    assert [it.correct for it in s.items] == [True, False, False, False]
    assert [it.selected is not None for it in s.items] == [True, True, False, False]
    assert [it.time_spent_s for it in s.items] == pytest.approx([3, 6, 11, 0])
    assert s.score() == (1, 2, 4)
    with pytest.raises(StudyError):
        s.select("A")

    # reloaded from the DB it is the same finished block
    again = BlockSession(medqa_store, block_id, clock=clock, now=fake_now)
    assert again.snapshot() == s.snapshot()
    assert again.items[0].marked and again.items[0].note == "review acid-base"
    stats = compute_stats(medqa_store, now=fake_now())
    assert (stats.overall.answered, stats.overall.correct, stats.omitted) == (2, 1, 2)
    assert stats.overall.avg_time_s == pytest.approx(4.5)
    # missed, omitted and marked questions are all scheduled
    assert stats.scheduled == 4


def test_fsrs_due_queue_after_a_miss(medqa_store: StudyStore, clock: FakeClock) -> None:
    now = FakeNow()
    block_id = create_block(medqa_store, BlockSpec(size=1, order="sequential"))
    s = BlockSession(medqa_store, block_id, clock=clock, now=now, fuzz=False)
    q = s.current.question
    s.answer(_wrong(q))
    with medqa_store.session() as db:
        card = db.get(StudyCard, q.id)
        first_due = card.due
        assert card.lapses == 1
        assert due_question_ids(db, now()) == []  # not yet due
    assert 9 * 60 <= (first_due - now()).total_seconds() <= 11 * 60

    with pytest.raises(StudyError):
        create_block(medqa_store, BlockSpec(status="due"), now=now())
    now.advance(minutes=11)
    with medqa_store.session() as db:
        assert due_question_ids(db, now()) == [q.id]
    due_block = create_block(medqa_store, BlockSpec(status="due", size=20), now=now())
    d = BlockSession(medqa_store, due_block, clock=clock, now=now, fuzz=False)
    assert [it.question.id for it in d.items] == [q.id]
    assert d.answer(q.answer) is True  # remembered this time: Good
    with medqa_store.session() as db:
        card = db.get(StudyCard, q.id)
        assert card.due - now() >= timedelta(days=1)
        assert card.reps == 2
        assert due_question_ids(db, now()) == []
    now.advance(days=400)
    with medqa_store.session() as db:
        assert due_question_ids(db, now()) == [q.id]


def test_stats_export_and_chart(
    medqa_store: StudyStore, clock: FakeClock, fake_now: FakeNow, tmp_path: Path
) -> None:
    # two days of study: day 1 3/4 right, day 2 1/2 right
    for size, right in ((4, 3), (2, 1)):
        block_id = create_block(medqa_store, BlockSpec(size=size, status="unused", seed=size))
        s = BlockSession(medqa_store, block_id, clock=clock, now=fake_now)
        for i in range(size):
            clock.advance(20)
            q = s.current.question
            s.answer(q.answer if i < right else _wrong(q))
            s.next()
        s.finish()
        fake_now.advance(days=1)
    stats = compute_stats(medqa_store, now=fake_now())
    assert [(d.key, d.answered, d.correct) for d in stats.by_day] == [
        ("2026-03-02", 4, 3),
        ("2026-03-03", 2, 1),
    ]
    assert stats.overall.accuracy == pytest.approx(4 / 6)
    assert stats.overall.avg_time_s == pytest.approx(20)
    path = export_csv(stats, tmp_path / "stats.csv")
    rows = list(csv.DictReader(path.open()))
    overall = rows[0]
    assert (overall["group"], overall["answered"], overall["correct"]) == ("overall", "6", "4")
    assert float(overall["accuracy"]) == pytest.approx(0.6667, abs=1e-4)
    assert {r["key"] for r in rows if r["group"] == "day"} == {"2026-03-02", "2026-03-03"}
    png = render_png(stats)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert save_png(stats, tmp_path / "s.png").stat().st_size == len(png)


def test_builder_filters(store: StudyStore) -> None:
    from desktop.study.importer import ensure_sample_bank

    ensure_sample_bank(store)
    with store.session() as db:
        step3 = matching_question_ids(db, BlockSpec(steps=["step3"]))
        cardio = matching_question_ids(db, BlockSpec(subjects=["Cardiology"]))
        tagged = matching_question_ids(db, BlockSpec(tag="Electrolytes"))
    assert len(step3) == 3 and len(cardio) == 2 and len(tagged) == 3
    block = create_block(store, BlockSpec(size=50, order="sequential", steps=["step3"]))
    s = BlockSession(store, block)
    assert [it.question.id for it in s.items] == step3
    with pytest.raises(StudyError, match="No questions match"):
        create_block(store, BlockSpec(subjects=["Dermatology"]))
    with pytest.raises(StudyError):
        create_block(store, BlockSpec(mode="exam"))


def test_end_block_omitted_and_average_agree_with_statistics(
    medqa_store: StudyStore, clock: FakeClock, fake_now: FakeNow
) -> None:
    """Issue 13: the End-block count, Review's average and Statistics use one rule."""
    block_id = create_block(medqa_store, BlockSpec(size=10, mode="tutor", order="sequential"))
    s = BlockSession(medqa_store, block_id, clock=clock, now=fake_now)
    for i in range(4):  # answer 4 of 10 (12, 14, 16, 18 s), then look at two more
        clock.advance(12 + 2 * i)
        s.answer(s.current.question.answer if i % 2 == 0 else _wrong(s.current.question))
        s.next()
    clock.advance(30)  # time spent on an unanswered question: not an answer time
    s.next()
    assert s.omitted_on_finish() == 6  # what the End-block dialog announces
    s.finish()
    stats = compute_stats(medqa_store, now=fake_now())
    assert stats.omitted == 6 and stats.overall.answered == 4
    review_avg = group_stat("block", s.answer_times()).avg_time_s  # what Review shows
    assert review_avg == pytest.approx(stats.overall.avg_time_s) == pytest.approx(15.0)
