"""Merge a LoRA adapter into its base model and write a standalone Hugging Face model.

``python -m training.merge --base BASE --adapter DIR --output DIR`` writes safetensors weights,
config, tokenizer (with its chat template), ``provenance.json`` (base, adapter, data files with
sha256) and, if the adapter carries one, the ECI head -- ready for ``python -m convert``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import torch

from models.checksum import sha256_file
from training.base_model import load_base_model, resolve_base
from training.data import data_provenance
from training.errors import TrainingError

DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}


def merge_adapter(
    base: str | None,
    adapter: str | Path,
    output: str | Path,
    data_files: Sequence[str] | None = None,
    dtype: str = "fp32",
) -> Path:
    """Merge ``adapter`` into ``base`` and save the result in ``output``; returns ``output``."""
    from peft import PeftModel
    from transformers import AutoTokenizer

    adapter, output = Path(adapter), Path(output)
    if not (adapter / "adapter_config.json").is_file():
        raise TrainingError(f"{adapter}: not a LoRA adapter folder (no adapter_config.json)")
    ref = resolve_base(base)
    model = load_base_model(ref, torch.float32)
    model = PeftModel.from_pretrained(model, str(adapter))
    merged = model.merge_and_unload()
    merged.config.use_cache = True
    merged = merged.to(DTYPES[dtype])
    output.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(str(output))
    if (adapter / "tokenizer_config.json").is_file():
        tok = AutoTokenizer.from_pretrained(str(adapter))
    else:
        from training.base_model import load_tokenizer

        tok = load_tokenizer(ref)
    tok.save_pretrained(str(output))
    eci_dir = adapter / "eci"
    if eci_dir.is_dir():
        for f in eci_dir.iterdir():
            shutil.copy2(f, output / f.name)
    if data_files is None:
        data_files = _data_from_metrics(adapter)
    adapter_cfg = json.loads((adapter / "adapter_config.json").read_text(encoding="utf-8"))
    data = data_provenance(data_files or [])
    # Top-level name/base_model/adapter/datasets are strings as the converter (convert/) expects;
    # the details (sha256 of every input, LoRA config) sit next to them.
    provenance = {
        "base_model": ref.source,
        "adapter": f"LoRA r={adapter_cfg.get('r')} alpha={adapter_cfg.get('lora_alpha')} "
        f"({adapter.resolve()})",
        "datasets": [d.get("path") or d.get("dataset", "") for d in data],
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base_model_sha256": sha256_file(ref.source) if Path(ref.source).is_file() else None,
        "adapter_details": {
            "path": str(adapter.resolve()),
            "sha256": sha256_file(adapter / "adapter_model.safetensors"),
            "config": adapter_cfg,
        },
        "data": data,
        "dtype": dtype,
        "eci_head": (output / "eci_head.safetensors").is_file(),
    }
    (output / "provenance.json").write_text(json.dumps(provenance, indent=2), encoding="utf-8")
    return output


def _data_from_metrics(adapter: Path) -> list[str]:
    """Data files recorded by the fine-tuning run that produced ``adapter`` (if any)."""
    metrics = adapter.parent / "metrics.json"
    if not metrics.is_file():
        return []
    try:
        return list(json.loads(metrics.read_text(encoding="utf-8"))["config"]["data"])
    except (KeyError, ValueError, TypeError):
        return []


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.merge", description=__doc__)
    p.add_argument("--base", default=None, help="HF model dir / hub id / .gguf (default: embedded)")
    p.add_argument("--adapter", required=True, help="LoRA adapter folder")
    p.add_argument("--output", required=True, help="folder for the merged model")
    p.add_argument("--data", nargs="*", default=None, help="training data files (for provenance)")
    p.add_argument("--dtype", choices=sorted(DTYPES), default="fp32")
    args = p.parse_args(argv)
    try:
        out = merge_adapter(args.base, args.adapter, args.output, args.data, args.dtype)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"merged model written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
