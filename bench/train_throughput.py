"""Training throughput: the real pipeline vs a naive padded LoRA loop, same data/model, one run.

Real pipeline: length-grouped batches (pad to the batch's longest example) and the LM head run only
on response positions. Naive: random order, every batch padded to --max-length, full logits.
Both optimise the same response-only objective with the same LoRA model and optimizer, batch by
batch interleaved (fair on a shared machine); the metric is real (non-pad) training tokens/s.

    python -m bench train_throughput [--model GGUF|DIR] [--data FILE] [--examples 32] ...
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import torch

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "train"


def _step(model, optimizer, batch, naive: bool) -> float:
    """One optimizer step; returns its wall time."""
    from training.losses import lm_loss_sum, response_loss_sum

    t0 = time.perf_counter()
    if naive:
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
        loss_sum, n = lm_loss_sum(logits, batch["labels"])
    else:
        loss_sum, n = response_loss_sum(model, batch)
    (loss_sum / n.clamp(min=1)).backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return time.perf_counter() - t0


def main(argv: list[str]) -> int:
    from training.base_model import load_base_model, load_tokenizer, resolve_base
    from training.batching import Collator, length_grouped_batches, random_batches
    from training.config import FinetuneConfig
    from training.data import load_examples
    from training.encoding import encode_examples
    from training.trainer import add_lora

    p = argparse.ArgumentParser(prog="python -m bench train_throughput", description=__doc__)
    p.add_argument("--model", default=None, help="base model (default: embedded GGUF)")
    p.add_argument("--data", default=str((DEFAULT_DATA / "medical_meadow_small.json").resolve()))
    p.add_argument("--examples", type=int, default=36)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--template", default="chat")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)

    ref = resolve_base(args.model)
    tok = load_tokenizer(ref)
    examples = load_examples([args.data])
    examples = random.Random(args.seed).sample(examples, min(args.examples, len(examples)))
    encoded, _ = encode_examples(tok, args.template, examples, args.max_length)
    lengths = [len(e) for e in encoded]
    cfg = FinetuneConfig(data=[args.data], lora_r=16, lora_alpha=32, lora_dropout=0.0)
    runs = {}
    for name, naive in (("naive", True), ("pipeline", False)):
        torch.manual_seed(args.seed)
        model = add_lora(load_base_model(ref), cfg)
        model.train()
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
        if naive:
            order = random_batches(len(encoded), args.batch_size, args.seed)
            collate = Collator(tok.pad_token_id, pad_to=args.max_length)
        else:
            order = length_grouped_batches(lengths, args.batch_size, args.seed)
            collate = Collator(tok.pad_token_id)
        runs[name] = (model, opt, [collate([encoded[i] for i in b]) for b in order], naive)
    # Interleave the two loops batch by batch so both see the same load on a shared machine.
    results = {name: [0, 0, 0.0] for name in runs}
    n_batches = max(len(r[2]) for r in runs.values())
    for i in range(n_batches):
        for name, (model, opt, batches, naive) in runs.items():
            if i >= len(batches):
                continue
            secs = _step(model, opt, batches[i], naive)
            if i == 0:
                continue  # warm-up
            results[name][0] += int(batches[i]["attention_mask"].sum())
            results[name][1] += batches[i]["input_ids"].numel()
            results[name][2] += secs
    for name, (real, padded, secs) in results.items():
        print(
            f"{name:9s} real tokens {real:6d}  padded tokens {padded:6d}  "
            f"time {secs:7.1f}s  real tokens/s {real / secs:7.1f}"
        )
    (r_n, _, s_n), (r_p, _, s_p) = results["naive"], results["pipeline"]
    print(f"torch threads {torch.get_num_threads()}")
    ratio = (r_p / s_p) / (r_n / s_n)
    print(f"model {ref.source}; {len(encoded)} examples, batch {args.batch_size}, "
          f"max length {args.max_length}")  # fmt: skip
    print(f"ratio pipeline/naive real tokens per second: {ratio:.2f}x (target >= 1.5x)")
    return 0
