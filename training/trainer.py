"""The fine-tuning loop on ``accelerate``: LoRA/QLoRA or ``--full``, one or many processes.

Order of work: validate options -> read and validate ALL data (:mod:`training.prepare`) ->
tokenize -> load model -> :meth:`Trainer.train_step` per optimizer step, with callbacks for
logging, progress, evaluation and checkpoints (:mod:`training.callbacks`) -> adapter (or full
model), ``metrics.json``, ``loss_curve.png`` (-> optional merge with the ECI head next to it).
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import torch

from common.tasks import CancelToken
from training import eci as eci_mod
from training.base_model import check_quantization, load_base_model, load_tokenizer, resolve_base
from training.batching import Collator
from training.callbacks import (
    CheckpointCallback,
    EvalCallback,
    LogCallback,
    ProgressCallback,
    TrainerCallback,
)
from training.checkpoint import (
    checkpoint_dir,
    find_checkpoint,
    finish_checkpoint,
    load_object,
    rng_state,
    save_objects,
    set_rng_state,
)
from training.config import FinetuneConfig, config_dict
from training.data import data_provenance
from training.encoding import IGNORE_INDEX, EncodedExample
from training.errors import ConfigError
from training.lora import add_lora
from training.precision import mixed_precision, weight_dtype
from training.prepare import Prepared, prepare_data, read_data, write_heldout
from training.schedule import epoch_batches, make_scheduler, plan_steps, shard
from training.state import StepResult, TrainerState
from training.templates import install_template

ADAPTER_DIR = "adapter"
FULL_DIR = "model"
ECI_DIR = "eci"
JointModel = eci_mod.JointModel  # re-exported: the joint model lives beside the ECI head
_eci_batch = eci_mod.eci_batch
__all__ = ["JointModel", "Trainer", "add_lora", "find_checkpoint", "run_finetune"]


class Trainer:
    """Runs one fine-tuning job described by a :class:`FinetuneConfig`."""

    def __init__(
        self, cfg: FinetuneConfig, show_progress: bool = True, cancel: CancelToken | None = None
    ) -> None:
        cfg.validate()
        self.cfg = cfg
        self.show_progress = show_progress
        self.cancel = cancel  # stops after the current optimizer step; what was learnt is saved
        self.out = Path(cfg.output)
        self.state = TrainerState()
        self.callbacks: list[TrainerCallback] = []

    # ----------------------------------------------------------------- set-up
    def setup(self) -> None:
        from accelerate import Accelerator
        from accelerate.utils import set_seed

        cfg = self.cfg
        check_quantization(cfg.load_in_4bit, cfg.load_in_8bit)
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        raw = read_data(cfg)  # all data validated before any model file is touched
        self.ref = resolve_base(cfg.base)
        check_quantization(cfg.load_in_4bit, cfg.load_in_8bit, self.ref)
        # On a machine without a GPU, processes started by torchrun / `accelerate launch
        # --multi_gpu` form a gloo (CPU) group instead of silently running alone.
        self.accelerator = Accelerator(
            mixed_precision=mixed_precision(cfg), cpu=not _has_accelerator_device()
        )
        set_seed(cfg.seed)
        self.tokenizer = load_tokenizer(self.ref)
        if cfg.template != "chat":  # the training template travels with the tokenizer
            install_template(self.tokenizer, cfg.template)
        self.data: Prepared = prepare_data(cfg, self.tokenizer, raw)
        dtype = weight_dtype(cfg, self.accelerator.mixed_precision)
        base = load_base_model(self.ref, dtype, cfg.load_in_4bit, cfg.load_in_8bit)
        if cfg.full:
            model = base
            if cfg.gradient_checkpointing:
                model.gradient_checkpointing_enable()
        else:
            model = add_lora(base, cfg)
        head = None
        if self.data.eci_format is not None:
            head = eci_mod.ECIHead(model.config.hidden_size, [x.lower() for x in cfg.eci_labels])
        joint = eci_mod.JointModel(model, head)
        groups = [{"params": [p for p in model.parameters() if p.requires_grad]}]
        if head is not None:
            groups.append({"params": list(head.parameters()), "lr": cfg.eci_lr or cfg.lr})
        optimizer = _adamw(groups, cfg.lr, cfg.weight_decay)
        acc = self.accelerator
        self.plan = plan_steps(cfg, len(self.data.train), acc.num_processes)
        self.total_steps = self.plan.total_steps
        self.steps_per_epoch = self.plan.steps_per_epoch
        self.joint, self.optimizer = acc.prepare(joint, optimizer)
        # Not prepared: accelerate's AcceleratedScheduler steps num_processes times per step.
        self.scheduler = make_scheduler(
            self.optimizer, cfg.scheduler, self.plan.warmup_steps, self.total_steps
        )
        # Pad to the batch's longest example; on a GPU round up to a multiple of 8 (tensor-core
        # friendly shapes, as HF's collators offer); on the CPU it would only add work.
        pad_multiple = 8 if self.accelerator.device.type == "cuda" else 1
        self.collator = Collator(self.tokenizer.pad_token_id, pad_multiple=pad_multiple)
        self._lengths = [len(e) for e in self.data.train]
        # Tokens the loss is taken on, counted once here instead of on the batch tensors of every
        # step (no per-step reductions, nor device syncs on a GPU).
        self._targets = [sum(x != IGNORE_INDEX for x in e.labels[1:]) for e in self.data.train]

    # ----------------------------------------------------------------- batches
    def _micro_batch(self, indices: list[int]) -> tuple[dict[str, torch.Tensor], int, int]:
        """This process's slice of a global batch, its real tokens and its loss targets; an empty
        slice becomes a zero-weight dummy (every process must run forward/backward for the
        gradient all-reduce)."""
        acc = self.accelerator
        mine = shard(indices, acc.process_index, acc.num_processes)
        if mine:
            items = [self.data.train[i] for i in mine]
            tokens = sum(self._lengths[i] for i in mine)
            targets = sum(self._targets[i] for i in mine)
        else:
            ex = self.data.train[indices[0]]
            items = [EncodedExample(ex.input_ids, [IGNORE_INDEX] * len(ex), len(ex))]
            tokens = targets = 0
        batch = self.collator(items)
        return {k: v.to(acc.device) for k, v in batch.items()}, tokens, targets

    def _eci_items(self, step: int, micro: int) -> list[tuple[list[int], int]]:
        items = self.data.eci_train
        bs = self.cfg.eci_batch_size
        rank = self.accelerator.process_index
        k = (step * self.cfg.grad_accum + micro) * self.accelerator.num_processes + rank
        n_per_epoch = max(1, len(items) // bs)
        epoch, pos = divmod(k, n_per_epoch)
        order = list(range(len(items)))
        random.Random(self.cfg.seed + 1000 + epoch).shuffle(order)
        return [items[i] for i in order[pos * bs : (pos + 1) * bs]]

    # ------------------------------------------------------------------- step
    def train_step(self, group: list[list[int]]) -> StepResult:
        """One optimizer step over ``group`` (up to ``grad_accum`` global micro-batches).

        The LM loss is token-weighted over every micro-batch of every process: each backward
        gets ``sum_nll * processes / global_count`` and DDP averages, giving ``sum / count``.
        """
        cfg, acc = self.cfg, self.accelerator
        t0 = time.perf_counter()
        micro = [self._micro_batch(indices) for indices in group]
        count = torch.tensor(float(sum(m[2] for m in micro)), device=acc.device)
        if acc.num_processes > 1:
            count = acc.reduce(count, "sum")
        count = count.clamp(min=1.0)
        w = cfg.eci_weight if self.data.eci_train else 0.0
        step_lm = torch.zeros((), device=acc.device)
        step_eci = torch.zeros((), device=acc.device)
        tokens = sum(m[1] for m in micro)
        for i, (batch, _, _) in enumerate(micro):
            eci_batch = None
            if w > 0:
                items = self._eci_items(self.state.step, i)
                eci_batch = {
                    k: v.to(acc.device)
                    for k, v in eci_mod.eci_batch(items, self.tokenizer.pad_token_id).items()
                }
            sync = acc.no_sync(self.joint) if i < len(micro) - 1 else _null()
            with sync, acc.autocast():
                out = self.joint(lm=batch, eci=eci_batch)
                lm = out["lm_sum"] * acc.num_processes / count
                loss = (1.0 - w) * lm
                if eci_batch is not None:
                    loss = loss + w * out["eci_ce"] / len(micro)
                    step_eci += out["eci_ce"].detach() / len(micro)
            acc.backward(loss)
            step_lm += lm.detach()
        if cfg.max_grad_norm and acc.sync_gradients:
            acc.clip_grad_norm_(self.joint.parameters(), cfg.max_grad_norm)
        self.optimizer.step()
        self.scheduler.step()  # once per optimizer step, whatever the number of processes
        self.optimizer.zero_grad(set_to_none=True)
        if acc.num_processes > 1:
            tokens = int(acc.reduce(torch.tensor(tokens, device=acc.device), "sum"))
        loss_value = acc.reduce(step_lm, "sum").item() / acc.num_processes
        eci_value = float(acc.reduce(step_eci, "mean")) if w > 0 else None
        self.state.train_seconds += time.perf_counter() - t0
        self.state.train_tokens += tokens
        return StepResult(loss_value, eci_value, tokens, self._lr())

    def _lr(self) -> float:
        return float(self.scheduler.get_last_lr()[0])

    # ------------------------------------------------------------- evaluation
    @torch.inference_mode()  # no autograd bookkeeping at all (no_grad still tracks versions)
    def evaluate(self) -> dict[str, float]:
        acc = self.accelerator
        self.joint.eval()
        total = torch.zeros(2, device=acc.device)
        rank, world = acc.process_index, acc.num_processes
        items = self.data.eval[rank::world]
        bs = self.cfg.batch_size
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        for s in range(0, len(order), bs):
            batch = self.collator([items[i] for i in order[s : s + bs]])
            batch = {k: v.to(acc.device) for k, v in batch.items()}
            out = self.joint(lm=batch)
            total += torch.stack([out["lm_sum"].float(), out["lm_count"].float()])
        total = acc.reduce(total, "sum")
        result: dict[str, float] = {}
        if total[1] > 0:
            loss = (total[0] / total[1]).item()
            result = {"eval_loss": loss, "eval_ppl": float(torch.tensor(min(loss, 50.0)).exp())}
        if self.data.eci_eval:
            ce_sum = torch.zeros(3, device=acc.device)
            part = self.data.eci_eval[rank::world]
            for s in range(0, len(part), self.cfg.eci_batch_size):
                b = eci_mod.eci_batch(
                    part[s : s + self.cfg.eci_batch_size], self.tokenizer.pad_token_id
                )
                b = {k: v.to(acc.device) for k, v in b.items()}
                logits = self.joint(eci=b)["eci_logits"].float()
                ce = torch.nn.functional.cross_entropy(logits, b["labels"], reduction="sum")
                correct = (logits.argmax(-1) == b["labels"]).sum().float()
                n = torch.tensor(float(len(b["labels"])), device=acc.device)
                ce_sum += torch.stack([ce, correct, n])
            ce_sum = acc.reduce(ce_sum, "sum")
            result.update(
                eci_eval_ce=(ce_sum[0] / ce_sum[2]).item(),
                eci_eval_acc=(ce_sum[1] / ce_sum[2]).item(),
            )
        self.joint.train()
        return result

    # ---------------------------------------------------------- saving models
    def _unwrapped(self) -> eci_mod.JointModel:
        return self.accelerator.unwrap_model(self.joint)

    @property
    def model_dir_name(self) -> str:
        return FULL_DIR if self.cfg.full else ADAPTER_DIR

    def save_model(self, folder: Path) -> None:
        """Adapter (or the full model) + tokenizer with its template (+ ECI head) in ``folder``.
        The state dict is gathered by accelerate, so this also works for FSDP-sharded models."""
        acc = self.accelerator
        acc.wait_for_everyone()
        full_sd = acc.get_state_dict(self.joint)
        joint = self._unwrapped()
        model_sd = {k[len("model.") :]: v for k, v in full_sd.items() if k.startswith("model.")}
        joint.model.save_pretrained(
            str(folder), state_dict=model_sd, is_main_process=acc.is_main_process
        )
        if acc.is_main_process:
            self.tokenizer.save_pretrained(str(folder))
            if joint.head is not None and self.data.eci_format is not None:
                eci_mod.save_head(joint.head, self.data.eci_format, folder / ECI_DIR)
        acc.wait_for_everyone()

    def save_checkpoint(self) -> Path:
        acc = self.accelerator
        folder = checkpoint_dir(self.out, self.state.step)
        self.save_model(folder / self.model_dir_name)
        # Every process has its own RNG stream (dropout masks differ per rank).
        save_objects(folder, {f"rng-{acc.process_index}": rng_state()})
        if acc.is_main_process:
            objects: dict[str, Any] = {
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
            }
            if acc.scaler is not None:
                objects["scaler"] = acc.scaler.state_dict()
            if self._unwrapped().head is not None:
                objects["eci_head"] = self._unwrapped().head.state_dict()
            save_objects(folder, objects)
        acc.wait_for_everyone()
        if acc.is_main_process:
            finish_checkpoint(folder, self.state, self.cfg.save_total_limit)
        acc.wait_for_everyone()
        return folder

    def load_checkpoint(self, folder: Path) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        joint = self._unwrapped()
        model_dir = folder / self.model_dir_name
        if self.cfg.full:
            files = sorted(model_dir.glob("*.safetensors"))
            if not files:
                raise ConfigError(f"{folder}: no full-model weights in {model_dir}")
            weights: dict[str, torch.Tensor] = {}
            for f in files:
                weights.update(load_file(str(f)))
            result = joint.model.load_state_dict(weights, strict=False)
            missing = [k for k in result.missing_keys if k != "lm_head.weight"]
            if missing or result.unexpected_keys:
                raise ConfigError(f"{folder}: weights do not match this model")
            joint.model.tie_weights()
        else:
            weights = load_file(str(model_dir / "adapter_model.safetensors"))
            result = set_peft_model_state_dict(joint.model, weights)
            if getattr(result, "unexpected_keys", None):
                raise ConfigError(f"{folder}: adapter does not match this model/LoRA configuration")
        self.optimizer.load_state_dict(load_object(folder, "optimizer"))
        self.scheduler.load_state_dict(load_object(folder, "scheduler"))
        if self.accelerator.scaler is not None and (folder / "scaler.pt").is_file():
            self.accelerator.scaler.load_state_dict(load_object(folder, "scaler"))
        if joint.head is not None:
            joint.head.load_state_dict(load_object(folder, "eci_head"))
        self.state = TrainerState.load(folder / "trainer_state.json")
        set_rng_state(load_object(folder, f"rng-{self.accelerator.process_index}"))

    # ------------------------------------------------------------------ train
    def default_callbacks(self) -> list[TrainerCallback]:
        cfg = self.cfg
        total = self.total_steps
        eval_every = cfg.eval_steps if cfg.eval_steps is not None else max(1, total // 4)
        has_eval = bool(self.data.eval or self.data.eci_eval)
        save_every = cfg.save_steps or eval_every or total
        progress = self.show_progress and self.accelerator.is_main_process
        return [
            LogCallback(cfg.logging_steps, total),
            ProgressCallback(total, progress),
            EvalCallback(self.evaluate, eval_every if has_eval else 0, total),
            CheckpointCallback(self.save_checkpoint, save_every, total),
        ]

    def train(self) -> dict[str, Any]:
        cfg, acc = self.cfg, self.accelerator
        if acc.is_main_process:
            self.out.mkdir(parents=True, exist_ok=True)
            write_heldout(self.out / "heldout.jsonl", self.data.eval_examples)
        if cfg.resume:
            ckpt = find_checkpoint(self.out, cfg.resume)
            self.load_checkpoint(ckpt)
            self.state.resumed_from = str(ckpt)
        elif (self.data.eval or self.data.eci_eval) and cfg.eval_at_start and cfg.eval_steps != 0:
            self.state.eval_history.append({"step": 0, **self.evaluate()})
        callbacks = self.callbacks or self.default_callbacks()
        for cb in callbacks:
            cb.on_train_begin(self.state)
        self.joint.train()
        state = self.state
        batches: list[list[int]] = []
        batches_epoch = -1
        while state.step < self.total_steps:
            if self.cancel is not None and self.cancel.cancelled:
                state.cancelled = True
                break
            if batches_epoch != state.epoch:
                seed = cfg.seed + state.epoch
                batches = epoch_batches(self._lengths, self.plan.global_batch, cfg.grouping, seed)
                batches_epoch = state.epoch
            group = batches[state.batch_in_epoch : state.batch_in_epoch + cfg.grad_accum]
            state.batch_in_epoch += len(group)
            if state.batch_in_epoch >= len(batches):
                state.epoch += 1
                state.batch_in_epoch = 0
            result = self.train_step(group)
            state.step += 1
            for cb in callbacks:
                cb.on_step_end(state, result)
        for cb in callbacks:
            cb.on_train_end(state)
        self.save_model(self.out / self.model_dir_name)
        return self.finish()

    def finish(self) -> dict[str, Any]:
        from training.plots import plot_loss_curve

        state = self.state
        metrics = {
            "base": self.ref.source,
            "data": data_provenance(self.cfg.data),
            "config": config_dict(self.cfg),
            "data_report": self.data.encode_report,
            "num_processes": self.accelerator.num_processes,
            "mixed_precision": self.accelerator.mixed_precision,
            "steps": state.step,
            "steps_per_epoch": self.steps_per_epoch,
            "train_tokens": state.train_tokens,
            "train_seconds": state.train_seconds,
            "train_tokens_per_second": state.tokens_per_second,
            "history": state.history,
            "eval_history": state.eval_history,
            "adapter": str((self.out / self.model_dir_name).resolve()),
        }
        if state.resumed_from:
            metrics["resumed_from"] = state.resumed_from
        if self.accelerator.is_main_process:
            (self.out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
            plot_loss_curve(metrics, self.out / "loss_curve.png")
        return metrics


def _adamw(groups: list[dict[str, Any]], lr: float, weight_decay: float) -> torch.optim.AdamW:
    """AdamW with the fused kernel (one kernel over all tensors instead of a Python loop over
    each; HF Trainer's default since torch 2.8) where torch has it, else the loop version. Same
    update rule either way."""
    try:
        return torch.optim.AdamW(groups, lr=lr, weight_decay=weight_decay, fused=True)
    except (RuntimeError, ValueError):  # a device or dtype without the fused kernel
        return torch.optim.AdamW(groups, lr=lr, weight_decay=weight_decay)


def _has_accelerator_device() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return torch.cuda.is_available() or bool(mps and mps.is_available())


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def run_finetune(cfg: FinetuneConfig, show_progress: bool = True) -> dict[str, Any]:
    """Fine-tune (and merge if ``cfg.merge``); returns the metrics written to ``metrics.json``."""
    from training.merge import finish_full_model, merge_adapter

    trainer = Trainer(cfg, show_progress)
    trainer.setup()
    metrics = trainer.train()
    if trainer.accelerator.is_main_process:
        out = Path(cfg.output)
        if cfg.full:  # already standalone: add provenance and the ECI head next to it
            merged = finish_full_model(cfg.base, out / FULL_DIR, data_files=cfg.data)
            metrics["merged"] = str(merged.resolve())
        elif cfg.merge:
            merged = out / "merged"
            merge_adapter(cfg.base, out / ADAPTER_DIR, merged, data_files=cfg.data)
            metrics["merged"] = str(merged.resolve())
    return metrics
