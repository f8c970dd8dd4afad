"""``python -m convert lora ADAPTER_DIR --base BASE -o adapter.gguf`` — see convert/README.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from convert.errors import ConvertError
from convert.lora_adapter import ADAPTER_TYPES, export_lora_adapter


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m convert lora",
        description="Export a peft LoRA adapter as a llama.cpp LoRA GGUF for an installed base "
        "model (applied at load time: one base, swappable adapters).",
    )
    p.add_argument("adapter_dir", type=Path, help="peft adapter folder (adapter_config.json, "
                   "adapter_model.safetensors)")  # fmt: skip
    p.add_argument("--base", required=True, type=Path,
                   help="the base model: its HF folder or the GGUF the app runs")  # fmt: skip
    p.add_argument("-o", "--out", type=Path, required=True, help="output .gguf path")
    p.add_argument("--quant", default="F16", type=str.upper, choices=tuple(ADAPTER_TYPES))
    p.add_argument("--name", help="general.name (default: the training run's folder name)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        report = export_lora_adapter(
            args.adapter_dir, args.base, args.out, args.quant, name=args.name,
            overwrite=args.force,
        )  # fmt: skip
    except ConvertError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
    print(report.summary())
    return 0
