"""The real default model explains a question (streamed, saved, cancellable) and scores it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.engine import CancelToken, Engine, EngineConfig, SamplingSettings
from desktop.explain.generate import generate_explanation
from desktop.explain.prompt import explanation_messages
from desktop.study.blocks import BlockSpec, create_block
from desktop.study.explanations import latest_explanation, save_explanation
from desktop.study.importer import ensure_sample_bank
from desktop.study.model_opinion import (
    latest_model_score,
    model_name,
    save_model_score,
    score_question,
)
from desktop.study.session import BlockSession
from desktop.study.store import StudyStore


@pytest.fixture(scope="module")
def engine(default_model_path: Path) -> Engine:
    eng = Engine(EngineConfig(model_path=str(default_model_path), n_ctx=2048, n_threads=1, seed=1))
    yield eng
    eng.close()


def test_explain_streams_and_is_saved(store: StudyStore, engine: Engine) -> None:
    ensure_sample_bank(store)
    block_id = create_block(store, BlockSpec(size=1, order="sequential"))
    s = BlockSession(store, block_id)
    q = s.current.question
    wrong = next(label for label in q.labels if label != q.answer)
    s.answer(wrong)
    messages = explanation_messages(q, wrong)
    assert (
        q.stem in messages[1]["content"]
        and f"Correct answer: {q.answer}." in messages[1]["content"]
    )
    assert f"The student chose {wrong}." in messages[1]["content"]

    short = SamplingSettings(temperature=0.3, max_tokens=32, seed=1)
    pieces: list[str] = []
    result = generate_explanation(engine, q, wrong, short, on_text=pieces.append)
    assert len(pieces) > 5 and "".join(pieces) == result.text
    assert result.finish_reason in ("stop", "length") and result.completion_tokens > 5
    row_id = save_explanation(store, q.id, result.text, model_name(engine), result.finish_reason)
    saved = latest_explanation(store, q.id)
    assert saved is not None and saved.id == row_id
    assert saved.text == result.text.strip() and saved.model.endswith(".gguf")

    # cancel after a few pieces: a partial text, marked as cancelled
    cancel = CancelToken()
    got: list[str] = []

    def on_text(text: str) -> None:
        got.append(text)
        if len(got) == 3:
            cancel.cancel()

    partial = generate_explanation(engine, q, wrong, short, on_text=on_text, cancel=cancel)
    assert partial.finish_reason == "cancelled" and len(got) <= 4
    assert save_explanation(store, q.id, "  ", "m", "cancelled") is None  # empty: not stored


def test_model_probabilities(store: StudyStore, engine: Engine) -> None:
    ensure_sample_bank(store)
    block_id = create_block(store, BlockSpec(size=2, order="sequential"))
    s = BlockSession(store, block_id)
    q = s.current.question
    result = score_question(engine, q)
    assert set(result.probabilities) == set(q.labels)
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert result.choice in q.labels
    assert result.probabilities[result.choice] == max(result.probabilities.values())
    save_model_score(store, q.id, result, model_name(engine))
    row = latest_model_score(store, q.id)
    assert row is not None and row.choice == result.choice
    assert row.probabilities == pytest.approx(result.probabilities)
