"""Token-level causal LM loss restricted to labelled (response) tokens."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from training.encoding import IGNORE_INDEX


def lm_loss_sum(logits: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Summed next-token cross-entropy over positions whose label is not -100, and their count."""
    shift_logits = logits[:, :-1, :].float()
    shift_labels = labels[:, 1:]
    loss = F.cross_entropy(
        shift_logits.reshape(-1, shift_logits.shape[-1]),
        shift_labels.reshape(-1),
        ignore_index=IGNORE_INDEX,
        reduction="sum",
    )
    return loss, (shift_labels != IGNORE_INDEX).sum()


def response_loss_sum(
    model: Any, batch: dict[str, torch.Tensor]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Like :func:`lm_loss_sum` but the LM head (vocab projection) runs only on the positions that
    predict a labelled token (``logits_to_keep`` boolean mask): prompt positions cost no logits."""
    labels = batch["labels"]
    keep = torch.zeros_like(labels, dtype=torch.bool)
    keep[:, :-1] = labels[:, 1:] != IGNORE_INDEX
    targets = labels[:, 1:][keep[:, :-1]]
    if targets.numel() == 0:
        out = model(
            input_ids=batch["input_ids"][:, :1], attention_mask=batch["attention_mask"][:, :1]
        )
        return out.logits.sum() * 0.0, targets.new_zeros(())
    logits = model(
        input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], logits_to_keep=keep
    ).logits
    logits = logits.reshape(-1, logits.shape[-1]).float()
    loss = F.cross_entropy(logits, targets, reduction="sum")
    return loss, targets.new_tensor(targets.numel())
