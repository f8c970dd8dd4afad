"""Length-grouped batches (little padding, no cross-example attention) and the padding collator.

Packing several examples into one row needs per-example attention boundaries; grouping examples of
similar length into a batch wastes almost as little compute and keeps attention trivially correct.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import torch

from training.encoding import IGNORE_INDEX, EncodedExample


def length_grouped_batches(
    lengths: Sequence[int], batch_size: int, seed: int, mega_factor: int = 32
) -> list[list[int]]:
    """Shuffle, sort within mega-batches by length, cut into batches, shuffle the batches.

    Deterministic for a given ``seed`` (use ``seed + epoch``), so a resumed run sees the same order.
    """
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    mega = max(batch_size * mega_factor, batch_size)
    batches: list[list[int]] = []
    for start in range(0, len(order), mega):
        chunk = sorted(order[start : start + mega], key=lambda i: -lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def random_batches(n: int, batch_size: int, seed: int) -> list[list[int]]:
    """Plain shuffled batches (the naive baseline)."""
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


class ListBatchSampler(torch.utils.data.Sampler[list[int]]):
    """A batch sampler over a precomputed list of batches (optionally skipping the first ones)."""

    def __init__(self, batches: list[list[int]], skip: int = 0) -> None:
        self.batches = batches[skip:]

    def __iter__(self) -> Iterator[list[int]]:
        return iter(self.batches)

    def __len__(self) -> int:
        return len(self.batches)


class Collator:
    """Right-pad a batch; padded positions get ``attention_mask`` 0 and label -100."""

    def __init__(self, pad_id: int, pad_to: int | None = None, pad_multiple: int = 1) -> None:
        self.pad_id = pad_id
        self.pad_to = pad_to
        self.pad_multiple = max(1, pad_multiple)

    def __call__(self, batch: Sequence[EncodedExample]) -> dict[str, torch.Tensor]:
        width = self.pad_to or max(len(e) for e in batch)
        width = -(-width // self.pad_multiple) * self.pad_multiple
        ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        labels = torch.full((len(batch), width), IGNORE_INDEX, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ex in enumerate(batch):
            n = len(ex)
            ids[row, :n] = torch.tensor(ex.input_ids)
            labels[row, :n] = torch.tensor(ex.labels)
            mask[row, :n] = 1
        return {"input_ids": ids, "attention_mask": mask, "labels": labels}
