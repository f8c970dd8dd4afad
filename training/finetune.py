"""``python -m training.finetune``: LoRA/QLoRA instruction tuning (optionally + ECI head, + merge).

Options come from ``--config FILE.yaml`` and/or flags (flags override); see ``--help`` and
training/README.md. Runs unchanged under ``accelerate launch`` / ``torchrun``.
"""

from __future__ import annotations

import json
import sys

from training.config import parse_config
from training.errors import TrainingError


def main(argv: list[str] | None = None) -> int:
    try:
        cfg = parse_config(argv)
        from training.trainer import run_finetune

        metrics = run_finetune(cfg)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    last_eval = metrics["eval_history"][-1] if metrics["eval_history"] else {}
    summary = {
        "output": cfg.output,
        "steps": metrics["steps"],
        "train_tokens_per_second": round(metrics["train_tokens_per_second"], 1),
        **{k: round(v, 4) for k, v in last_eval.items() if isinstance(v, float)},
    }
    if "merged" in metrics:
        summary["merged"] = metrics["merged"]
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
