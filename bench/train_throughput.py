"""Training throughput: OUR trainer (``training.trainer.Trainer``) vs Hugging Face ``Trainer`` +
peft, the peer users would pick, in one run, like for like.

Both arms get the same base model (the embedded SmolLM2-135M GGUF dequantized, or ``--model``),
the same tokenized examples (our encoder, real Medical Meadow / AlpaCare records), the same LoRA
config (r/alpha/targets/dropout), initial adapter (same seed, checked), batch size, grad
accumulation, max length, AdamW (fused, HF's default), LR, cosine schedule + warmup, grad clipping
and torch threads, all in fp32 on the CPU. Arms:

* ``ours``: the real fine-tuning loop (length-grouped batches, LM head on response positions only).
* ``hf_same``: HF ``Trainer`` fed OUR exact batches in our order (sequential sampler, its own
  dynamic padding to the batch's longest, which gives the same padded shapes). Dropout is seeded
  identically at the first step in both arms, so the per-step losses must agree to float noise.
* ``hf_default``: HF ``Trainer`` with its default random sampler over the same examples (what a
  user gets without ``group_by_length``); different batches, so only its speed is compared.

Runs alternate (ours, hf_same, hf_default, ours, ...) ``--repeats`` times so a load change on a
shared machine hits every arm; the figure per arm is the median over repeats of real (non-pad)
tokens/s, timed from the end of step 1 (warm-up) to the end of the last step, everything in the
loop included (batch building, padding, forward, backward, clipping, optimizer, logging).

    python -m bench train_throughput [--steps 6] [--batch-size 4] [--repeats 2] [--threads 1] ...
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "train"
LOSS_TOLERANCE = 1e-3  # |loss difference| per step counted as float noise (losses are ~1-3)


@dataclass
class ArmRun:
    """One run of one arm: per-step wall clock at step end, real/padded tokens and loss."""

    ends: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    padded: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    init_digest: str = ""

    @property
    def tokens_per_second(self) -> float:
        """Real tokens of steps 2..N over the wall time from the end of step 1 to the end."""
        secs = self.ends[-1] - self.ends[0]
        return sum(self.tokens[1:]) / max(secs, 1e-9)


def _lora_digest(model: torch.nn.Module) -> str:
    """sha256 over the LoRA weights (names without wrapper prefixes): same init in both arms."""
    h = hashlib.sha256()
    for name, p in sorted(model.named_parameters(), key=lambda kv: kv[0].split("base_model.")[-1]):
        if p.requires_grad:
            h.update(name.split("base_model.")[-1].encode())
            h.update(p.detach().cpu().contiguous().numpy().tobytes())
    return h.hexdigest()[:16]


def _config(args: argparse.Namespace, out: str):
    from training.config import FinetuneConfig

    return FinetuneConfig(
        base=args.model, data=[args.data], output=out, template=args.template,
        max_length=args.max_length, max_train_examples=args.examples, eval_size=0, eval_steps=0,
        eval_at_start=False, max_steps=args.steps, batch_size=args.batch_size,
        grad_accum=args.grad_accum, lr=args.lr, lora_r=16, lora_alpha=32,
        lora_dropout=args.lora_dropout, warmup_steps=1, scheduler="cosine", max_grad_norm=1.0,
        seed=args.seed, threads=args.threads, logging_steps=args.steps, precision="fp32",
    )  # fmt: skip


def run_ours(args: argparse.Namespace):
    """One run of our trainer; returns the run, the trainer's examples and its batch order."""
    from training.callbacks import TrainerCallback
    from training.schedule import epoch_batches
    from training.state import StepResult, TrainerState
    from training.trainer import Trainer

    run = ArmRun()

    class Recorder(TrainerCallback):
        def on_train_begin(self, state: TrainerState) -> None:
            torch.manual_seed(args.seed + 1)  # the dropout stream, seeded as in the HF arm

        def on_step_end(self, state: TrainerState, result: StepResult) -> None:
            run.ends.append(time.perf_counter())
            run.tokens.append(result.tokens)
            run.losses.append(result.loss)

    with tempfile.TemporaryDirectory() as out:
        trainer = Trainer(_config(args, out), show_progress=False)
        trainer.setup()
        cfg = trainer.cfg
        order = epoch_batches(
            [len(e) for e in trainer.data.train], trainer.plan.global_batch, cfg.grouping, cfg.seed
        )[: cfg.max_steps * cfg.grad_accum]
        ga, data = cfg.grad_accum, trainer.data.train
        run.padded = [
            sum(len(b) * max(len(data[i]) for i in b) for b in order[s * ga : (s + 1) * ga])
            for s in range(cfg.max_steps)
        ]
        run.init_digest = _lora_digest(trainer.accelerator.unwrap_model(trainer.joint).model)
        trainer.callbacks = [Recorder()]
        trainer.train()
    return run, trainer.data.train, order


def run_hf(args: argparse.Namespace, tok, examples, order: list[list[int]] | None) -> ArmRun:
    """One run of HF ``Trainer`` + peft: ``order`` = our batches (sequential sampler), or None =
    HF's default random sampler over ``examples``; ``tok`` pads (right, like our collator)."""
    from accelerate.utils import set_seed
    from transformers import DataCollatorForSeq2Seq, TrainerCallback, TrainingArguments
    from transformers import Trainer as HFTrainer

    from training.base_model import load_base_model, resolve_base
    from training.lora import add_lora

    run = ArmRun()
    cfg = _config(args, "")
    ref = resolve_base(args.model)
    set_seed(args.seed)  # same sequence as our Trainer.setup: seed, load, wrap -> same LoRA init
    model = add_lora(load_base_model(ref), cfg)
    run.init_digest = _lora_digest(model)
    picked = list(examples) if order is None else [examples[i] for b in order for i in b]
    rows = [
        {"input_ids": e.input_ids, "attention_mask": [1] * len(e), "labels": e.labels}
        for e in picked
    ]
    collate = DataCollatorForSeq2Seq(tok, padding=True, label_pad_token_id=-100)
    batch_real: list[int] = []
    batch_padded: list[int] = []

    def counting(features):
        batch = collate(features)
        batch_real.append(int(batch["attention_mask"].sum()))
        batch_padded.append(batch["input_ids"].numel())
        return batch

    step_loss = [0.0]

    class RecordingTrainer(HFTrainer):
        # Only reads the value HF's own step returns (the micro-batch's share of the step loss).
        def training_step(self, *a, **kw):
            loss = super().training_step(*a, **kw)
            step_loss[0] += float(loss)
            return loss

    class Recorder(TrainerCallback):
        def on_step_begin(self, targs, state, control, **kw):
            if state.global_step == 0:
                torch.manual_seed(args.seed + 1)  # the dropout stream, seeded as in our arm

        def on_step_end(self, targs, state, control, **kw):
            run.ends.append(time.perf_counter())
            run.losses.append(step_loss[0])
            step_loss[0] = 0.0

    with tempfile.TemporaryDirectory() as out:
        targs = TrainingArguments(
            output_dir=out, per_device_train_batch_size=args.batch_size,
            gradient_accumulation_steps=args.grad_accum, max_steps=args.steps,
            learning_rate=args.lr, lr_scheduler_type="cosine", warmup_steps=1, weight_decay=0.0,
            max_grad_norm=1.0, optim="adamw_torch_fused", seed=args.seed, use_cpu=True,
            train_sampling_strategy="sequential" if order is not None else "random",
            logging_steps=args.steps, save_strategy="no", report_to=[], disable_tqdm=True,
            dataloader_num_workers=0, remove_unused_columns=False, label_names=["labels"],
        )  # fmt: skip
        RecordingTrainer(
            model=model, args=targs, train_dataset=rows, data_collator=counting,
            callbacks=[Recorder()],
        ).train()  # fmt: skip
    ga = args.grad_accum
    run.tokens = [sum(batch_real[s * ga : (s + 1) * ga]) for s in range(len(run.ends))]
    run.padded = [sum(batch_padded[s * ga : (s + 1) * ga]) for s in range(len(run.ends))]
    return run


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench train_throughput", description=__doc__)
    p.add_argument("--model", default=None, help="base model (default: embedded GGUF)")
    p.add_argument("--data", default=str((DEFAULT_DATA / "medical_meadow_small.json").resolve()))
    p.add_argument("--template", default="chat")
    p.add_argument("--examples", type=int, default=64, help="training examples (random subset)")
    p.add_argument("--steps", type=int, default=6, help="optimizer steps per run")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--grad-accum", type=int, default=1)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--lora-dropout", type=float, default=0.05)
    p.add_argument("--threads", type=int, default=1, help="torch threads (fewer than free cores)")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-hf-default", action="store_true", help="skip the random-sampler HF arm")
    args = p.parse_args(argv)
    if args.examples < args.steps * args.batch_size * args.grad_accum:
        p.error("--examples must cover --steps x --batch-size x --grad-accum")
    if args.examples % args.batch_size:
        p.error("--examples must be a multiple of --batch-size (full batches in both arms)")
    torch.set_num_threads(args.threads)
    from training.base_model import load_tokenizer, resolve_base

    tok = load_tokenizer(resolve_base(args.model))  # read once (a GGUF tokenizer takes seconds)
    tok.padding_side = "right"  # as our collator

    arms = ["ours", "hf_same"] + ([] if args.no_hf_default else ["hf_default"])
    runs: dict[str, list[ArmRun]] = {a: [] for a in arms}
    examples, order = None, None
    for rep in range(args.repeats):
        for arm in arms:
            if arm == "ours":
                run, examples, order = run_ours(args)
            else:
                run = run_hf(args, tok, examples, order if arm == "hf_same" else None)
            runs[arm].append(run)
            print(f"repeat {rep + 1} {arm:10s} {run.tokens_per_second:7.1f} real tokens/s "
                  f"(threads {torch.get_num_threads()})", flush=True)  # fmt: skip

    print(f"\nmodel {args.model or 'embedded SmolLM2-135M-Instruct GGUF (dequantized)'}; "
          f"data {Path(args.data).name}; {args.examples} examples; batch {args.batch_size} x "
          f"accum {args.grad_accum}; max length {args.max_length}; LoRA r16/a32 all-linear "
          f"dropout {args.lora_dropout}; {args.steps} steps x {args.repeats} repeats; "
          f"torch threads {args.threads}; fp32 CPU")  # fmt: skip
    print(f"{'arm':10s} {'real tok/step':>13s} {'padded':>7s} {'median real tok/s':>18s}  runs")
    median = {}
    for arm, rs in runs.items():
        median[arm] = statistics.median(r.tokens_per_second for r in rs)
        real = statistics.mean(sum(r.tokens) / len(r.tokens) for r in rs)
        padded = statistics.mean(sum(r.padded) / len(r.padded) for r in rs)
        each = ", ".join(f"{r.tokens_per_second:.1f}" for r in rs)
        print(f"{arm:10s} {real:13.0f} {padded:7.0f} {median[arm]:18.1f}  [{each}]")
    ratio = median["ours"] / median["hf_same"]
    print(f"ratio ours/hf_same (identical batches): {ratio:.2f}x (target >= 1.3x)")
    if "hf_default" in median:
        print(f"ratio ours/hf_default (HF random sampler): "
              f"{median['ours'] / median['hf_default']:.2f}x")  # fmt: skip

    ours, hf = runs["ours"][0], runs["hf_same"][0]
    same_init = ours.init_digest == hf.init_digest
    same_tokens = ours.tokens == hf.tokens
    diffs = [abs(a - b) for a, b in zip(ours.losses, hf.losses, strict=True)]
    print("\nstep  loss ours  loss hf_same  |diff|")
    for i, (a, b, d) in enumerate(zip(ours.losses, hf.losses, diffs, strict=True), start=1):
        print(f"{i:4d}  {a:9.5f}  {b:12.5f}  {d:.2e}")
    print(f"same initial adapter: {same_init}; same real tokens per step: {same_tokens}")
    print(f"loss difference: max {max(diffs):.2e}, mean {statistics.mean(diffs):.2e} "
          f"(dropout {args.lora_dropout}, both seeded alike)")  # fmt: skip
    equal = same_init and same_tokens and max(diffs) < LOSS_TOLERANCE
    verdict = "EQUAL" if equal else "DIFFERENT"
    print(f"verdict: loss curves {verdict} within {LOSS_TOLERANCE:g}; "
          f"ours {ratio:.2f}x HF Trainer's real tokens/s on identical batches")  # fmt: skip
    return 0 if equal else 1
