"""Training and evaluation stop on the same ``common.tasks.CancelToken`` as every other job."""

from __future__ import annotations

import json
from pathlib import Path

from common.tasks import CancelToken
from desktop.mcq import MCQScorer
from desktop.questions import Question
from tests.training.conftest import toy_records
from training.callbacks import TrainerCallback
from training.config import FinetuneConfig
from training.evaluate import run_items
from training.state import StepResult, TrainerState
from training.trainer import Trainer


class CancelAfter(TrainerCallback):
    """Presses Cancel once ``steps`` optimizer steps are done (as the UI's button would)."""

    def __init__(self, token: CancelToken, steps: int) -> None:
        self.token, self.steps = token, steps

    def on_step_end(self, state: TrainerState, result: StepResult) -> None:
        if state.step >= self.steps:
            self.token.cancel()


def test_training_stops_at_the_next_step_and_keeps_what_it_learnt(
    tmp_path: Path, tiny_base: Path
) -> None:
    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(16)), encoding="utf-8")
    cfg = FinetuneConfig(
        base=str(tiny_base), data=[str(data)], output=str(tmp_path / "run"), max_steps=6,
        batch_size=2, lora_r=4, eval_size=0, max_length=64, warmup_steps=0,
    )  # fmt: skip
    token = CancelToken()
    trainer = Trainer(cfg, show_progress=False, cancel=token)
    trainer.setup()
    trainer.callbacks = [*trainer.default_callbacks(), CancelAfter(token, 2)]
    trainer.train()
    assert trainer.state.step == 2 and trainer.state.cancelled
    assert (tmp_path / "run" / trainer.model_dir_name).is_dir()  # the adapter so far is saved


def test_evaluation_stops_before_the_next_item(default_model_path: Path) -> None:
    from desktop.engine import Engine, EngineConfig

    questions = [
        Question(f"q{i}", f"Is {i} an even number?", {"A": "yes", "B": "no"}, answer="A")
        for i in range(2, 6)
    ]
    engine = Engine(EngineConfig(str(default_model_path), n_ctx=512, n_threads=1))
    token = CancelToken()
    scorer = MCQScorer(engine)
    real_answer = scorer.answer

    def answer_then_cancel(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the real call
        result = real_answer(*args, **kwargs)
        token.cancel()  # the user presses Cancel while the first item is being scored
        return result

    scorer.answer = answer_then_cancel  # type: ignore[method-assign]
    try:
        items = run_items(scorer, questions, "letter", lambda q: (), progress=False, cancel=token)
    finally:
        engine.close()
    assert [item.id for item in items] == ["q2"] and items[0].choice in ("A", "B")
