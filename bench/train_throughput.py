"""Training throughput: the real pipeline vs a naive padded LoRA loop and vs Hugging Face
``Trainer`` + peft (the peer users would pick), same data/model/LoRA/batch, one run.

Real pipeline: length-grouped batches (pad to the batch's longest example) and the LM head run only
on response positions. Naive: random order, every batch padded to --max-length, full logits.
Both optimise the same response-only objective with the same LoRA model and optimizer, batch by
batch interleaved (fair on a shared machine); the metric is real (non-pad) training tokens/s.
HF Trainer: the same encoded examples, LoRA config, batch size, AdamW and constant LR, its own
dynamic padding (DataCollatorForSeq2Seq), random order and full-vocabulary loss; it runs after
the interleaved pair (``--no-hf`` to skip). Loss: mean per-step loss of each arm's first and
second half (the batch orders differ, so curves agree in trend and level, not step by step).

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
    loss = loss_sum / n.clamp(min=1)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return time.perf_counter() - t0, float(loss)


def _hf_trainer(ref, tok, encoded, cfg, batch_size: int, seed: int):
    """One epoch of transformers.Trainer + peft on the same examples; real tokens, time, losses
    (the first step is warm-up, as for the other arms)."""
    import tempfile

    from transformers import DataCollatorForSeq2Seq, Trainer, TrainerCallback, TrainingArguments

    from training.base_model import load_base_model
    from training.trainer import add_lora

    torch.manual_seed(seed)
    model = add_lora(load_base_model(ref), cfg)
    rows = [{"input_ids": e.input_ids, "labels": e.labels} for e in encoded]
    real = {"tokens": 0, "secs": 0.0, "padded": 0}
    step_losses: list[float] = []

    class Timer(TrainerCallback):
        def on_step_begin(self, args, state, control, **kw):
            self.t0 = time.perf_counter()

        def on_step_end(self, args, state, control, **kw):
            if state.global_step > 1:
                real["secs"] += time.perf_counter() - self.t0

        def on_log(self, args, state, control, logs=None, **kw):
            if logs and "loss" in logs:
                step_losses.append(float(logs["loss"]))

    collate = DataCollatorForSeq2Seq(tok, padding=True, label_pad_token_id=-100)

    def counting(features):
        batch = collate(features)
        if counting.calls > 0:
            real["tokens"] += int(batch["attention_mask"].sum())
            real["padded"] += batch["input_ids"].numel()
        counting.calls += 1
        return batch

    counting.calls = 0
    with tempfile.TemporaryDirectory() as out:
        targs = TrainingArguments(
            output_dir=out, per_device_train_batch_size=batch_size, num_train_epochs=1,
            learning_rate=1e-4, lr_scheduler_type="constant", warmup_steps=0, weight_decay=0.0,
            logging_steps=1, save_strategy="no", report_to=[], seed=seed, use_cpu=True,
            dataloader_num_workers=0, disable_tqdm=True, remove_unused_columns=False,
        )  # fmt: skip
        Trainer(
            model=model, args=targs, train_dataset=rows, data_collator=counting,
            callbacks=[Timer()],
        ).train()  # fmt: skip
    return [real["tokens"], real["padded"], real["secs"]], step_losses


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
    p.add_argument("--no-hf", action="store_true", help="skip the HF Trainer baseline")
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
    losses: dict[str, list[float]] = {name: [] for name in runs}
    n_batches = max(len(r[2]) for r in runs.values())
    for i in range(n_batches):
        for name, (model, opt, batches, naive) in runs.items():
            if i >= len(batches):
                continue
            secs, loss = _step(model, opt, batches[i], naive)
            losses[name].append(loss)
            if i == 0:
                continue  # warm-up
            results[name][0] += int(batches[i]["attention_mask"].sum())
            results[name][1] += batches[i]["input_ids"].numel()
            results[name][2] += secs
    if not args.no_hf:
        del runs
        results["hf_trainer"], losses["hf_trainer"] = _hf_trainer(
            ref, tok, encoded, cfg, args.batch_size, args.seed
        )
    for name, (real, padded, secs) in results.items():
        print(
            f"{name:9s} real tokens {real:6d}  padded tokens {padded:6d}  "
            f"time {secs:7.1f}s  real tokens/s {real / secs:7.1f}"
        )
    for name, curve in losses.items():
        half = max(1, len(curve) // 2)
        first, second = curve[:half], curve[half:] or curve[-1:]
        print(f"{name:9s} mean loss first half {sum(first) / len(first):.4f}  "
              f"second half {sum(second) / len(second):.4f}  ({len(curve)} steps)")  # fmt: skip
    (r_n, _, s_n), (r_p, _, s_p) = results["naive"], results["pipeline"]
    print(f"torch threads {torch.get_num_threads()}")
    ratio = (r_p / s_p) / (r_n / s_n)
    print(f"model {ref.source}; {len(encoded)} examples, batch {args.batch_size}, "
          f"max length {args.max_length}")  # fmt: skip
    print(f"ratio pipeline/naive real tokens per second: {ratio:.2f}x (target >= 1.5x)")
    if "hf_trainer" in results:
        r_h, _, s_h = results["hf_trainer"]
        hf_ratio = (r_p / s_p) / (r_h / s_h)
        print(f"ratio pipeline/hf_trainer real tokens per second: {hf_ratio:.2f}x (target >= 1.3x)")
    return 0
