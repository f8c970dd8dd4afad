"""Callbacks around the step function (like HF ``TrainerCallback``): logging, progress, eval,
checkpoints. Each receives the :class:`TrainerState` after every optimizer step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from training.state import StepResult, TrainerState


class TrainerCallback:
    """Hooks; the default implementation does nothing."""

    def on_train_begin(self, state: TrainerState) -> None:
        return None

    def on_step_end(self, state: TrainerState, result: StepResult) -> None:
        return None

    def on_train_end(self, state: TrainerState) -> None:
        return None


class LogCallback(TrainerCallback):
    """Averages the loss over ``every`` steps into ``state.history`` (and the last step)."""

    def __init__(self, every: int, total_steps: int) -> None:
        self.every = max(1, every)
        self.total = total_steps
        self._loss: list[float] = []
        self._eci: list[float] = []

    def on_step_end(self, state: TrainerState, result: StepResult) -> None:
        self._loss.append(result.loss)
        if result.eci_ce is not None:
            self._eci.append(result.eci_ce)
        if state.step % self.every and state.step != self.total:
            return
        rec: dict[str, Any] = {
            "step": state.step,
            "epoch": state.epoch,
            "loss": sum(self._loss) / len(self._loss),
            "lr": result.lr,
            "tokens": state.train_tokens,
            "tokens_per_second": state.tokens_per_second,
        }
        if self._eci:
            rec["eci_ce"] = sum(self._eci) / len(self._eci)
        state.history.append(rec)
        self._loss, self._eci = [], []


class ProgressCallback(TrainerCallback):
    """A tqdm bar on the main process."""

    def __init__(self, total_steps: int, enabled: bool) -> None:
        self.total = total_steps
        self.enabled = enabled
        self.bar: Any = None

    def on_train_begin(self, state: TrainerState) -> None:
        from tqdm.auto import tqdm

        self.bar = tqdm(
            total=self.total, initial=state.step, desc="finetune", unit="step",
            disable=not self.enabled, dynamic_ncols=True,
        )  # fmt: skip

    def on_step_end(self, state: TrainerState, result: StepResult) -> None:
        self.bar.set_postfix(loss=f"{result.loss:.3f}", tok_s=f"{state.tokens_per_second:.0f}")
        self.bar.update(1)

    def on_train_end(self, state: TrainerState) -> None:
        self.bar.close()


class EvalCallback(TrainerCallback):
    """Evaluates every ``every`` steps and after the last one (``every`` 0: never)."""

    def __init__(self, evaluate: Callable[[], dict[str, float]], every: int, total: int) -> None:
        self.evaluate, self.every, self.total = evaluate, every, total

    def on_step_end(self, state: TrainerState, result: StepResult) -> None:
        if self.every > 0 and (state.step % self.every == 0 or state.step == self.total):
            state.eval_history.append({"step": state.step, **self.evaluate()})


class CheckpointCallback(TrainerCallback):
    """Saves a checkpoint every ``every`` steps, and one after the last step."""

    def __init__(self, save: Callable[[], object], every: int, total: int) -> None:
        self.save, self.every, self.total = save, max(1, every), total

    def on_step_end(self, state: TrainerState, result: StepResult) -> None:
        if state.step % self.every == 0 and state.step < self.total:
            self.save()

    def on_train_end(self, state: TrainerState) -> None:
        self.save()
