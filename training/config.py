"""Fine-tuning options: a dataclass, read from a YAML file and/or command-line flags (flags win)."""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from training.errors import ConfigError
from training.templates import TEMPLATES


@dataclass
class FinetuneConfig:
    base: str | None = None  # HF dir / hub id / .gguf; None = embedded SmolLM2-135M-Instruct
    data: list[str] = field(default_factory=list)
    response_field: str | None = None
    eval_data: list[str] = field(default_factory=list)
    eval_size: int = 64  # held-out examples taken from --data when --eval-data is not given
    template: str = "chat"
    system_prompt: str | None = None  # "app" = the app's default system prompt, or a text
    train_on_inputs: bool = False
    max_length: int = 512
    max_train_examples: int | None = None
    long_examples: str = "truncate"  # truncate | drop (examples longer than --max-length)
    full: bool = False  # full fine-tuning (every weight) instead of LoRA
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["all-linear"])
    lora_layers: int | None = None  # LoRA only in the last N blocks (backward stops below them)
    lr: float = 2e-4
    weight_decay: float = 0.0
    epochs: float = 1.0
    max_steps: int | None = None
    batch_size: int = 4
    grad_accum: int = 1
    warmup_steps: int | None = None
    warmup_ratio: float = 0.03
    scheduler: str = "cosine"
    max_grad_norm: float = 1.0
    grouping: str = "length"  # length | random
    seed: int = 42
    precision: str = "auto"  # auto | fp32 | bf16 | fp16
    load_in_4bit: bool = False
    load_in_8bit: bool = False
    gradient_checkpointing: bool = False
    eval_steps: int | None = None  # 0 = no evaluation during training
    eval_at_start: bool = True
    save_steps: int | None = None
    save_total_limit: int = 2
    logging_steps: int = 5
    output: str = "runs/finetune"
    resume: str | None = None  # checkpoint dir, or "latest"
    merge: bool = False
    threads: int | None = None
    eci_data: str | None = None
    eci_labels: list[str] = field(default_factory=lambda: ["yes", "no", "maybe"])
    eci_weight: float = 0.3
    eci_lr: float | None = None  # learning rate of the head (default: --lr)
    eci_batch_size: int = 4
    eci_max_length: int = 384
    eci_eval_size: int = 32
    eci_holdout: list[str] = field(default_factory=list)  # files the head is evaluated on

    def validate(self) -> None:
        if not self.data:
            raise ConfigError("no training data: give --data FILE [FILE ...] (or data: in YAML)")
        if self.template not in TEMPLATES:
            raise ConfigError(f"--template must be one of {', '.join(TEMPLATES)}")
        if self.scheduler not in {"cosine", "linear", "constant"}:
            raise ConfigError("--scheduler must be cosine, linear or constant")
        if self.long_examples not in {"truncate", "drop"}:
            raise ConfigError("--long-examples must be truncate or drop")
        if self.grouping not in {"length", "random"}:
            raise ConfigError("--grouping must be length or random")
        if self.precision not in {"auto", "fp32", "bf16", "fp16"}:
            raise ConfigError("--precision must be auto, fp32, bf16 or fp16")
        for name in ("lora_r", "lora_alpha", "batch_size", "grad_accum", "max_length"):
            if getattr(self, name) < 1:
                raise ConfigError(f"--{name.replace('_', '-')} must be >= 1")
        if self.max_steps is not None and self.max_steps < 1:
            raise ConfigError("--max-steps must be >= 1")
        if self.epochs <= 0 and self.max_steps is None:
            raise ConfigError("--epochs must be > 0")
        if not 0.0 <= self.eci_weight <= 1.0:
            raise ConfigError("--eci-weight must be between 0 and 1")
        if not 0.0 <= self.lora_dropout < 1.0:
            raise ConfigError("--lora-dropout must be in [0, 1)")
        if self.full and (self.load_in_4bit or self.load_in_8bit):
            raise ConfigError("--full trains every weight; it cannot use --load-in-4bit/8bit")
        if self.full and self.lora_layers:
            raise ConfigError("--lora-layers applies to LoRA, not to --full fine-tuning")


_LIST_FIELDS = {"data", "eval_data", "target_modules", "eci_labels", "eci_holdout"}
_BOOL_FIELDS = {
    "train_on_inputs", "load_in_4bit", "load_in_8bit", "gradient_checkpointing", "merge",
    "eval_at_start", "full",
}  # fmt: skip


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Options from a YAML mapping (keys as in :class:`FinetuneConfig`, dashes allowed)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read YAML config ({exc})") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the YAML config must be a mapping of option: value")
    known = {f.name for f in fields(FinetuneConfig)}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in known:
            raise ConfigError(f"{path}: unknown option {key!r}")
        if name in _LIST_FIELDS and isinstance(value, str):
            value = [value]
        out[name] = value
    return out


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m training.finetune",
        description="LoRA/QLoRA instruction tuning on medical data (optionally with an ECI head).",
    )
    p.add_argument("--config", help="YAML file with options; flags given here override it")
    d = FinetuneConfig()
    for f in fields(FinetuneConfig):
        flag = "--" + f.name.replace("_", "-")
        default = getattr(d, f.name)
        helptext = f"(default: {default})"
        if f.name in _BOOL_FIELDS:
            p.add_argument(flag, action=argparse.BooleanOptionalAction, default=None, help=helptext)
        elif f.name in _LIST_FIELDS:
            p.add_argument(flag, nargs="+", default=None, help=helptext)
        else:
            typ = {int: int, float: float}.get(type(default), str)
            if f.name in {"max_steps", "warmup_steps", "eval_steps", "save_steps", "threads"}:
                typ = int
            if f.name in {"max_train_examples"}:
                typ = int
            if f.name in {"lora_layers"}:
                typ = int
            if f.name in {"eci_lr"}:
                typ = float
            p.add_argument(flag, type=typ, default=None, help=helptext)
    return p


def parse_config(argv: list[str] | None = None) -> FinetuneConfig:
    """YAML (``--config``) then flags on top, validated."""
    args = build_parser().parse_args(argv)
    values: dict[str, Any] = load_yaml(args.config) if args.config else {}
    for f in fields(FinetuneConfig):
        v = getattr(args, f.name)
        if v is not None:
            values[f.name] = v
    if values.get("target_modules") in (["all-linear"], "all-linear"):
        values["target_modules"] = ["all-linear"]
    cfg = FinetuneConfig(**values)
    cfg.validate()
    return cfg


def config_dict(cfg: FinetuneConfig) -> dict[str, Any]:
    return asdict(cfg)
