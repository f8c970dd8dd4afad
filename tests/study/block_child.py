"""Child process for the kill-and-resume test: works on a block, prints its state, then hangs.

Run as ``python -m tests.study.block_child DB BLOCK_ID``; the parent kills it with SIGKILL.
"""

from __future__ import annotations

import json
import sys
import time

from desktop.study.session import BlockSession
from desktop.study.store import StudyStore


class StepClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def main(argv: list[str]) -> int:
    store = StudyStore.open(argv[0])
    clock = StepClock()
    s = BlockSession(store, int(argv[1]), clock=clock, checkpoint_s=5)
    q = s.current.question
    clock.t += 12
    s.select(q.labels[1])
    s.toggle_strike(q.labels[0])
    s.next()
    clock.t += 7
    s.toggle_mark()
    s.set_note("check the murmur")
    s.next()
    clock.t += 9.5
    s.select(s.current.question.labels[2])
    clock.t += 6
    s.tick()  # a periodic checkpoint (>= 5 s since the last save)
    clock.t += 2  # not yet checkpointed: lost in the crash, as documented
    s.tick()
    print(json.dumps({"persisted": _persisted(s, 2)}), flush=True)
    time.sleep(600)
    return 0


def _persisted(s: BlockSession, lost: float) -> dict:
    snap = s.snapshot()
    snap["remaining_s"] = round(s.remaining_s + lost, 3)
    snap["items"][s.index]["time_spent_s"] = round(s.current.time_spent_s - lost, 3)
    return snap


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
