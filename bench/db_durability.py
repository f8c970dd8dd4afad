"""Cost of ``synchronous=FULL``: commit latency of the app's database, FULL vs NORMAL.

``python -m bench db_durability [--commits 200] [--dir DIR]``
Opens a history database the way the app does (``desktop.storage.db.open_database``, which
sets FULL) and times ``--commits`` streamed-answer hand-offs (``HistoryStore`` writer, one
commit each, as the chat page does every 0.2 s) and completed messages; then the same with
the connection switched to NORMAL (the previous setting) as the baseline. Prints the median
and p95 per commit and the ratio, and the share of the database thread a streaming answer
costs at 5 hand-offs per second. ``--dir`` picks the disk (the default temp dir may be tmpfs,
where fsync is free: use the data disk to measure what users get).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from desktop.history import HistoryStore
from desktop.history.durability import HANDOFF_INTERVAL_S
from desktop.storage.db import open_database

PIECE = "The kidneys regulate blood pressure through the renin-angiotensin system. "


def _run(folder: Path, sync: str, commits: int) -> dict[str, list[float]]:
    engine = open_database(folder / f"bench-{sync.lower()}.db")
    if sync != "FULL":
        event.listen(
            engine, "connect", lambda c, _r: c.execute(f"PRAGMA synchronous={sync}"), insert=False
        )
        engine.dispose()  # new connections get the listener (after the app's own pragmas)
    store = HistoryStore(engine)
    conv = store.create_conversation(title="bench")
    mid = store.begin_assistant_message(conv.id, flush_interval=0.0)
    writer = store.writer(mid)
    handoff, complete = [], []
    for _ in range(commits):
        t = time.perf_counter()
        writer.append(PIECE)  # flush_interval 0: committed now
        handoff.append(time.perf_counter() - t)
    writer.finish()
    for i in range(max(10, commits // 10)):
        t = time.perf_counter()
        store.add_message(conv.id, "user", f"complete message {i}")
        complete.append(time.perf_counter() - t)
    with engine.connect() as conn:
        level = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    store.close()
    engine.dispose()
    assert level == {"FULL": 2, "NORMAL": 1}[sync], (sync, level)
    return {"handoff": handoff, "complete": complete}


def _p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench db_durability")
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        normal = _run(folder, "NORMAL", args.commits)
        full = _run(folder, "FULL", args.commits)
    print(f"database folder: {args.dir or tempfile.gettempdir()}")
    for kind in ("handoff", "complete"):
        n_med = statistics.median(normal[kind]) * 1000
        f_med = statistics.median(full[kind]) * 1000
        print(
            f"{kind:9s} commit: FULL median {f_med:.2f} ms (p95 {_p(full[kind], 0.95):.2f}) | "
            f"NORMAL baseline {n_med:.2f} ms (p95 {_p(normal[kind], 0.95):.2f}) | "
            f"ratio {f_med / n_med:.2f}x"
        )
    share = statistics.median(full["handoff"]) / HANDOFF_INTERVAL_S
    print(f"a streaming answer keeps the database thread busy {share:.2%} of the time (FULL)")
    return 0
