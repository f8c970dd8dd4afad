"""LoRA adapters (peft) on the base model; ``--lora-layers`` limits them to the last blocks."""

from __future__ import annotations

import torch

from training.config import FinetuneConfig


def add_lora(model: torch.nn.Module, cfg: FinetuneConfig) -> torch.nn.Module:
    """Wrap the base model with LoRA adapters (peft)."""
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if cfg.load_in_4bit or cfg.load_in_8bit:
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=cfg.gradient_checkpointing
        )
    elif cfg.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    targets: str | list[str] = cfg.target_modules
    if targets == ["all-linear"]:
        targets = "all-linear"
    layers = None
    if cfg.lora_layers:
        n = model.config.num_hidden_layers
        layers = list(range(max(0, n - cfg.lora_layers), n))
        if targets == "all-linear":  # peft needs names here: every linear inside the blocks
            targets = sorted(
                {
                    name.rsplit(".", 1)[-1]
                    for name, mod in model.named_modules()
                    if isinstance(mod, torch.nn.Linear) and ".layers." in name
                }
            )
    lora = LoraConfig(
        layers_to_transform=layers,
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=targets,
        bias="none",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora)
