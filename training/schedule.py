"""Optimizer-step plan: global batches per epoch, exact epochs, and the LR schedule.

Counted in OPTIMIZER steps of the whole job, independent of the number of processes: one step
consumes ``grad_accum`` global batches of ``batch_size * num_processes`` examples, each process
taking its slice of every global batch. The scheduler is stepped once per optimizer step by the
trainer (never wrapped by ``accelerate.prepare``, whose ``AcceleratedScheduler`` would step it
``num_processes`` times).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from training.batching import length_grouped_batches, random_batches
from training.config import FinetuneConfig


@dataclass(frozen=True)
class StepPlan:
    global_batch: int  # examples per global micro-batch (batch_size * processes)
    batches_per_epoch: int  # global micro-batches in one pass over the data
    steps_per_epoch: int  # optimizer steps per epoch (the last may take fewer micro-batches)
    total_steps: int
    warmup_steps: int


def plan_steps(cfg: FinetuneConfig, n_examples: int, world: int) -> StepPlan:
    """Steps for ``--max-steps`` or exactly ``--epochs`` passes (rounded up, never short)."""
    global_batch = cfg.batch_size * world
    batches = max(1, math.ceil(n_examples / global_batch))
    steps_per_epoch = math.ceil(batches / cfg.grad_accum)
    total = cfg.max_steps or max(1, math.ceil(steps_per_epoch * cfg.epochs - 1e-9))
    warmup = cfg.warmup_steps
    if warmup is None:
        warmup = int(round(cfg.warmup_ratio * total))
    return StepPlan(global_batch, batches, steps_per_epoch, total, warmup)


def epoch_batches(
    lengths: Sequence[int], global_batch: int, grouping: str, seed: int
) -> list[list[int]]:
    """The global micro-batches of one epoch (deterministic per seed: resumable)."""
    if grouping == "length":
        return length_grouped_batches(lengths, global_batch, seed)
    return random_batches(len(lengths), global_batch, seed)


def shard(batch: Sequence[int], rank: int, world: int) -> list[int]:
    """This process's part of a global batch (may be empty for a short last batch)."""
    return list(batch[rank::world])


def make_scheduler(
    optimizer: torch.optim.Optimizer, kind: str, warmup: int, total: int
) -> torch.optim.lr_scheduler.LRScheduler:
    from transformers import (
        get_constant_schedule_with_warmup,
        get_cosine_schedule_with_warmup,
        get_linear_schedule_with_warmup,
    )

    if kind == "cosine":
        return get_cosine_schedule_with_warmup(optimizer, warmup, total)
    if kind == "linear":
        return get_linear_schedule_with_warmup(optimizer, warmup, total)
    return get_constant_schedule_with_warmup(optimizer, warmup)
