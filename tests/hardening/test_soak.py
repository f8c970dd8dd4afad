"""Soak: 200 streamed answers in one session with the real default model, saved to history.

Everything goes through the app's own path: ``EngineWorker`` (one thread owns llama.cpp),
streaming callbacks, ``HistoryStore`` streaming writes. Resident memory is sampled after a
warm-up and at the end; growth must stay bounded (a leak of even 0.5 MB per answer fails).
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

import pytest

from desktop.engine import EngineConfig, EngineWorker, SamplingSettings

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

N_ANSWERS = int(os.environ.get("CLINASSIST_SOAK_ANSWERS", "200"))
WARMUP = 20
MAX_GROWTH_MB = 100.0
PROMPTS = [
    "Name one symptom of anemia.",
    "What does BP stand for?",
    "Give one cause of chest pain.",
    "What is a normal resting heart rate?",
    "Name a common antibiotic.",
]


def test_soak_streamed_answers_memory_bounded(
    default_model_path: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    psutil = pytest.importorskip("psutil")
    from desktop.history import HistoryStore
    from desktop.storage.db import open_database

    proc = psutil.Process()
    engine_db = open_database(tmp_path / "clinassist.db")
    store = HistoryStore(engine_db)
    worker = EngineWorker()
    sampling = SamplingSettings(temperature=0.7, max_tokens=16, seed=7)
    rss: list[float] = []
    streamed_pieces = 0
    started = time.monotonic()
    try:
        worker.load(
            EngineConfig(model_path=str(default_model_path), n_ctx=512, n_threads=1)
        ).result(300)
        cid = None
        for i in range(N_ANSWERS):
            if i % 10 == 0:  # a new conversation every 10 turns keeps prompts short
                cid = store.create_conversation(title=f"soak {i // 10}").id
            store.add_user_message(cid, PROMPTS[i % len(PROMPTS)])
            mid = store.begin_assistant_message(cid, sampling=sampling, flush_interval=0.2)
            pieces: list[str] = []

            def on_event(event, mid=mid, pieces=pieces):  # noqa: ANN001 - StreamEvent
                pieces.append(event.text)
                store.append_to_message(mid, event.text)

            result = worker.chat(store.chat_messages(cid)[-7:], sampling, on_event).result(120)
            store.finish_message(mid, stats=result)
            assert result.finish_reason in ("stop", "length")
            assert "".join(pieces) == result.text
            streamed_pieces += len(pieces)
            if i + 1 == WARMUP or (i + 1) % 20 == 0:
                gc.collect()
                rss.append(proc.memory_info().rss / 1e6)
    finally:
        worker.shutdown()
        store.close()
        engine_db.dispose()
    elapsed = time.monotonic() - started

    # Every answer is in the history, complete, with its text.
    store = HistoryStore(tmp_path / "clinassist.db")
    try:
        convs = store.list_conversations()
        messages = [m for c in convs for m in store.get_messages(c.id)]
    finally:
        store.close()
    answers = [m for m in messages if m.role == "assistant"]
    assert len(answers) == N_ANSWERS
    assert all(m.complete and m.text for m in answers)

    growth = rss[-1] - rss[0]
    report = (
        f"soak: {N_ANSWERS} answers, {streamed_pieces} streamed pieces in {elapsed:.0f} s; "
        f"RSS after warm-up {rss[0]:.0f} MB, at end {rss[-1]:.0f} MB, growth {growth:+.1f} MB; "
        f"samples {[round(x) for x in rss]}"
    )
    print(report)
    (artifacts_dir / "soak_report.txt").write_text(report + "\n")
    assert growth < MAX_GROWTH_MB, report
