"""A block interrupted by SIGKILL resumes exactly where it was (index, answers, timer)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from desktop.study.blocks import BlockSpec, create_block
from desktop.study.importer import import_file
from desktop.study.session import BlockSession
from desktop.study.store import StudyStore
from tests.study.conftest import FakeClock

REPO = Path(__file__).resolve().parents[2]


def test_block_resumes_after_sigkill(store: StudyStore, medqa_path: Path, tmp_home: Path) -> None:
    import_file(store, medqa_path, "MedQA dev")
    block_id = create_block(store, BlockSpec(size=5, mode="timed", seed=3, seconds_per_question=60))
    db_path = tmp_home / "study.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.study.block_child", str(db_path), str(block_id)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        line = child.stdout.readline()
        assert line, "child died before reporting its state"
        expected = json.loads(line)["persisted"]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    resumed = BlockSession(store, block_id, clock=FakeClock())
    assert resumed.snapshot() == expected
    # spelled out: where it was, what was answered, and the timer
    assert resumed.index == 2 and resumed.status == "active"
    items = resumed.items
    assert items[0].selected == items[0].question.labels[1]
    assert items[0].struck == [items[0].question.labels[0]]
    assert items[1].marked and items[1].note == "check the murmur"
    assert items[2].selected == items[2].question.labels[2]
    assert resumed.remaining_s == 300 - (12 + 7 + 9.5 + 6)
    assert [round(it.time_spent_s, 1) for it in items] == [12, 7, 15.5, 0, 0]
    # and it carries on
    resumed.next()
    resumed.finish()
    assert resumed.finished and resumed.score()[2] == 5
