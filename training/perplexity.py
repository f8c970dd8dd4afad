"""Response-only perplexity of a model on instruction data.

``python -m training.perplexity --model DIR|GGUF [--adapter DIR] --data FILE`` scores only the
answer tokens (prompt tokens are context), i.e. ``exp(total NLL / number of answer tokens)``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import torch

from training.base_model import load_base_model, load_tokenizer, resolve_base
from training.batching import Collator
from training.data import load_examples
from training.encoding import encode_examples
from training.errors import TrainingError
from training.losses import response_loss_sum
from training.templates import check_template


@torch.no_grad()
def response_perplexity(
    model: Any,
    tokenizer: Any,
    data: list[str],
    template: str = "chat",
    max_length: int = 512,
    limit: int | None = None,
    batch_size: int = 4,
    response_field: str | None = None,
    progress: bool = True,
) -> dict[str, float]:
    """``{"perplexity", "nll", "tokens", "examples"}`` over the answers in ``data``."""
    from tqdm.auto import tqdm

    examples = load_examples(data, response_field)
    if limit:
        examples = examples[:limit]
    check_template(template, tokenizer)
    encoded, _ = encode_examples(tokenizer, template, examples, max_length)
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    collate = Collator(tokenizer.pad_token_id)
    model.eval()
    device = next(model.parameters()).device
    total = 0.0
    count = 0
    for s in tqdm(range(0, len(order), batch_size), desc="perplexity", disable=not progress):
        batch = collate([encoded[i] for i in order[s : s + batch_size]])
        batch = {k: v.to(device) for k, v in batch.items()}
        nll, n = response_loss_sum(model, batch)
        total += float(nll)
        count += int(n)
    nll = total / max(count, 1)
    return {"perplexity": math.exp(nll), "nll": nll, "tokens": count, "examples": len(encoded)}


def load_for_eval(model: str | None, adapter: str | None = None) -> tuple[Any, Any]:
    """Model (+ optional LoRA adapter) and tokenizer for scoring."""
    ref = resolve_base(model)
    tok = load_tokenizer(ref)
    m = load_base_model(ref, torch.float32)
    if adapter:
        from peft import PeftModel

        m = PeftModel.from_pretrained(m, adapter)
    return m, tok


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.perplexity", description=__doc__)
    p.add_argument("--model", default=None, help="HF model dir or .gguf (default: embedded model)")
    p.add_argument("--adapter", default=None, help="optional LoRA adapter folder")
    p.add_argument("--data", nargs="+", required=True, help="one result per file")
    p.add_argument("--response-field", default=None, help="answer field (default: output, ...)")
    p.add_argument("--template", default="chat", choices=["alpaca", "medalpaca", "chat"])
    p.add_argument("--max-length", type=int, default=512)
    p.add_argument("--limit", type=int, default=None, help="score only the first N records")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--json", default=None, help="also write the result to this JSON file")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        for path in args.data:  # validate every file before the (slow) model load
            load_examples([path], args.response_field)
        model, tok = load_for_eval(args.model, args.adapter)
        per_file = {
            path: response_perplexity(
                model, tok, [path], args.template, args.max_length, args.limit, args.batch_size,
                args.response_field,
            )
            for path in args.data
        }  # fmt: skip
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = {"model": args.model or "embedded default", "adapter": args.adapter,
              "template": args.template, "max_length": args.max_length, "limit": args.limit,
              "results": per_file}  # fmt: skip
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
