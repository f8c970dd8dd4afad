"""``python -m convert MODEL_DIR --out model.gguf --quant Q4_K_M`` — see convert/README.md."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from convert.api import SUPPORTED_QUANTS, convert_model
from convert.errors import ConvertError, ParityError
from convert.verify import default_thresholds


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m convert",
        description="Convert a Hugging Face model folder (llama family, Mistral, Qwen2) to GGUF, "
        "quantize it and check that it reproduces the HF model. "
        "`python -m convert lora --help`: export a LoRA adapter instead.",
    )
    p.add_argument("model_dir", type=Path, help="HF folder (config.json, safetensors, tokenizer)")
    p.add_argument("--out", type=Path, required=True, help="output .gguf path")
    p.add_argument("--quant", default="Q8_0", type=str.upper, choices=SUPPORTED_QUANTS)
    p.add_argument("--no-verify", action="store_true", help="skip the fidelity check")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--max-logit-diff", type=float, help="F32/F16/BF16: max |logit diff| allowed")
    p.add_argument("--min-top1", type=float, help="minimum top-1 agreement (0..1)")
    p.add_argument("--max-kl", type=float, help="maximum mean KL(HF || GGUF)")
    p.add_argument(
        "--verify-tokens", type=int, default=256, help="tokens of medical text to compare"
    )
    p.add_argument("--pre", help="override tokenizer.ggml.pre (BPE pre-tokenizer name)")
    p.add_argument("--name", help="general.name (default: folder name or provenance.json)")
    p.add_argument("--base-model", help="provenance: base model id")
    p.add_argument("--adapter", help="provenance: adapter description")
    p.add_argument(
        "--dataset", action="append", default=[], help="provenance: training data (repeatable)"
    )
    p.add_argument("--threads", type=int, help="threads for quantization/verification")
    p.add_argument("--report-json", type=Path, help="also write the report as JSON here")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["lora"]:  # python -m convert lora ADAPTER_DIR --base BASE -o OUT
        from convert.lora_cli import main as lora_main

        return lora_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    th = default_thresholds(args.quant)
    if args.max_logit_diff is not None:
        th.max_logit_diff = args.max_logit_diff
    if args.min_top1 is not None:
        th.min_top1 = args.min_top1
    if args.max_kl is not None:
        th.max_kl = args.max_kl
    report = None
    code = 0
    try:
        report = convert_model(
            args.model_dir, args.out, args.quant, verify=not args.no_verify, thresholds=th,
            pre=args.pre, name=args.name, base_model=args.base_model, adapter=args.adapter,
            datasets=args.dataset, overwrite=args.force, n_threads=args.threads,
            verify_tokens=args.verify_tokens, show_bar=not args.quiet,
        )  # fmt: skip
    except ParityError as exc:
        report, code = exc.report, 3
        print(f"error: {exc}", file=sys.stderr)
    except ConvertError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
    if report is not None:
        print(report.summary())
        if args.report_json:
            args.report_json.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
    return code
