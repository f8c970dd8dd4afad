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
  identically at every step in both arms, so the per-step losses must agree to float noise.
* ``hf_default``: HF ``Trainer`` with its default random sampler over the same examples (what a
  user gets without ``group_by_length``); different batches, so only its speed is compared.
* ``floor``: no trainer at all: the frozen base model (no adapter) runs forward and backward down
  to its input embeddings on our exact batches, LM head on response positions only. Every LoRA
  trainer must do at least this work on those batches (LoRA only adds to it), so
  ``floor / hf_same`` is the ceiling any trainer can reach over HF on identical batches in the
  same arithmetic (fp32, same batches); it is measured in the same run, interleaved like the rest.

The arms run in threads that take turns one optimizer step at a time (ours, hf_same, hf_default,
ours, ...; only one computes at any moment), so a change of load on a shared machine hits every
arm alike. Throughput = real (non-pad) tokens of steps 2..N over those steps' own time (step 1 is
the warm-up); a step's time runs from getting the turn to the end of the optimizer step: ours
includes batch building and padding, HF's excludes its data loader's prefetch (in its favour).

    python -m bench train_throughput [--steps 8] [--examples 32] [--batch-size 4] [--threads 1]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "train"
LOSS_TOLERANCE = 1e-3  # |loss difference| per step counted as float noise (losses are ~1-3)


@dataclass
class ArmRun:
    """One arm's steps: when each started (got its turn) and ended, real/padded tokens, loss."""

    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    padded: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    init_digest: str = ""
    threads: int = 0  # torch threads seen by the arm's own thread

    def seconds(self, step: int) -> float:
        return self.ends[step] - self.starts[step]

    @property
    def tokens_per_second(self) -> float:
        """Real tokens of steps 2..N over those steps' own time (step 1 is the warm-up)."""
        secs = sum(self.seconds(k) for k in range(1, len(self.ends)))
        return sum(self.tokens[1:]) / max(secs, 1e-9)


class Rotation:
    """Arms running in threads take turns (set-up, then one optimizer step each), so a change of
    machine load hits every arm alike and only one computes at a time (torch's global RNG and the
    CPU cores are never shared mid-step)."""

    def __init__(self, names: list[str]) -> None:
        self.active = list(names)
        self.turn = names[0]
        self.cond = threading.Condition()

    def wait(self, name: str) -> float:
        with self.cond:
            self.cond.wait_for(lambda: self.turn == name)
        return time.perf_counter()

    def pass_on(self, name: str) -> None:
        with self.cond:
            i = self.active.index(name)
            self.turn = self.active[(i + 1) % len(self.active)]
            self.cond.notify_all()

    def finish(self, name: str) -> None:
        """``name`` is done stepping; the others go on; returns once every arm is done, so no
        arm's saving/clean-up runs while another is being timed."""
        with self.cond:
            if name in self.active:
                i = self.active.index(name)
                self.active.remove(name)
                if self.turn == name and self.active:
                    self.turn = self.active[i % len(self.active)]
                self.cond.notify_all()
            self.cond.wait_for(lambda: not self.active)


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


def _seed_step(args: argparse.Namespace, step: int) -> None:
    """The dropout stream of optimizer step ``step`` (1-based), identical in every arm."""
    torch.manual_seed(args.seed + 1000 + step)


@dataclass
class Shared:
    """What our arm's set-up hands to the HF arms: its encoded examples and batch order."""

    examples: list = field(default_factory=list)
    order: list[list[int]] = field(default_factory=list)


def run_ours(args: argparse.Namespace, rot: Rotation, shared: Shared) -> ArmRun:
    """Our trainer, one optimizer step per turn."""
    from training.callbacks import TrainerCallback
    from training.schedule import epoch_batches
    from training.state import StepResult, TrainerState
    from training.trainer import Trainer

    run = ArmRun()

    class Turns(TrainerCallback):
        def on_train_begin(self, state: TrainerState) -> None:
            run.starts.append(rot.wait("ours"))
            _seed_step(args, 1)

        def on_step_end(self, state: TrainerState, result: StepResult) -> None:
            run.ends.append(time.perf_counter())
            run.threads = torch.get_num_threads()
            run.tokens.append(result.tokens)
            run.losses.append(result.loss)
            if state.step == args.steps:
                rot.finish("ours")
                return
            rot.pass_on("ours")
            run.starts.append(rot.wait("ours"))
            _seed_step(args, state.step + 1)

    with tempfile.TemporaryDirectory() as out:
        rot.wait("ours")
        trainer = Trainer(_config(args, out), show_progress=False)
        trainer.setup()
        cfg, data = trainer.cfg, trainer.data.train
        order = epoch_batches([len(e) for e in data], trainer.plan.global_batch, "length", cfg.seed)
        shared.examples, shared.order = data, order[: cfg.max_steps * cfg.grad_accum]
        ga = cfg.grad_accum
        run.padded = [
            sum(len(b) * max(len(data[i]) for i in b) for b in order[s * ga : (s + 1) * ga])
            for s in range(cfg.max_steps)
        ]
        run.init_digest = _lora_digest(trainer.accelerator.unwrap_model(trainer.joint).model)
        trainer.callbacks = [Turns()]
        rot.pass_on("ours")
        trainer.train()
    return run


def run_hf(args: argparse.Namespace, rot: Rotation, shared: Shared, name: str, tok) -> ArmRun:
    """HF ``Trainer`` + peft, one optimizer step per turn. ``hf_same``: our batches in our order
    (sequential sampler); ``hf_default``: HF's default random sampler over the same examples.
    ``tok`` pads (on the right, like our collator)."""
    from accelerate.utils import set_seed
    from transformers import DataCollatorForSeq2Seq, TrainerCallback, TrainingArguments
    from transformers import Trainer as HFTrainer

    from training.base_model import load_base_model, resolve_base
    from training.lora import add_lora

    run = ArmRun()
    rot.wait(name)  # set-up in turn: the LoRA init draws from torch's global RNG
    cfg = _config(args, "")
    set_seed(args.seed)  # same sequence as our Trainer.setup: seed, load, wrap -> same LoRA init
    model = add_lora(load_base_model(resolve_base(args.model)), cfg)
    run.init_digest = _lora_digest(model)
    same = name == "hf_same"
    picked = [shared.examples[i] for b in shared.order for i in b] if same else shared.examples
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

    class Turns(TrainerCallback):
        def on_step_begin(self, targs, state, control, **kw):
            # Step 1 runs in the set-up's turn (HF re-seeds torch when train() starts).
            run.starts.append(time.perf_counter() if state.global_step == 0 else rot.wait(name))
            _seed_step(args, state.global_step + 1)

        def on_step_end(self, targs, state, control, **kw):
            run.ends.append(time.perf_counter())
            run.threads = torch.get_num_threads()
            run.losses.append(step_loss[0])
            step_loss[0] = 0.0
            if state.global_step == args.steps:
                rot.finish(name)
            else:
                rot.pass_on(name)

    with tempfile.TemporaryDirectory() as out:
        targs = TrainingArguments(
            output_dir=out, per_device_train_batch_size=args.batch_size,
            gradient_accumulation_steps=args.grad_accum, max_steps=args.steps,
            learning_rate=args.lr, lr_scheduler_type="cosine", warmup_steps=1, weight_decay=0.0,
            max_grad_norm=1.0, optim="adamw_torch_fused", seed=args.seed, use_cpu=True,
            train_sampling_strategy="sequential" if same else "random",
            logging_steps=args.steps, save_strategy="no", report_to=[], disable_tqdm=True,
            dataloader_num_workers=0, remove_unused_columns=False, label_names=["labels"],
        )  # fmt: skip
        RecordingTrainer(
            model=model, args=targs, train_dataset=rows, data_collator=counting,
            callbacks=[Turns()],
        ).train()  # fmt: skip
    ga = args.grad_accum
    run.tokens = [sum(batch_real[s * ga : (s + 1) * ga]) for s in range(len(run.ends))]
    run.padded = [sum(batch_padded[s * ga : (s + 1) * ga]) for s in range(len(run.ends))]
    return run


def run_floor(args: argparse.Namespace, rot: Rotation, shared: Shared, tok) -> ArmRun:
    """The frozen base model's forward + input-gradient backward on our batches (see module doc)."""
    from training.base_model import load_base_model, resolve_base
    from training.batching import Collator
    from training.losses import response_loss_sum

    run = ArmRun()
    rot.wait("floor")
    model = load_base_model(resolve_base(args.model))
    model.requires_grad_(False)
    model.enable_input_require_grads()  # backward runs through every block, as under LoRA
    model.train()  # same dropout modules active as in the other arms (none in the base)
    collate, ga = Collator(tok.pad_token_id), args.grad_accum
    for step in range(args.steps):
        if step:
            run.starts.append(rot.wait("floor"))
        else:
            run.starts.append(time.perf_counter())  # step 1 runs in the set-up's turn (warm-up)
        tokens = 0
        for indices in shared.order[step * ga : (step + 1) * ga]:
            batch = collate([shared.examples[i] for i in indices])
            tokens += int(batch["attention_mask"].sum())
            loss, count = response_loss_sum(model, batch)
            (loss / count.clamp(min=1)).backward()
        run.ends.append(time.perf_counter())
        run.tokens.append(tokens)
        run.threads = torch.get_num_threads()
        if step + 1 < args.steps:
            rot.pass_on("floor")
    rot.finish("floor")
    return run


def _in_thread(
    rot: Rotation, name: str, target, threads: int, results: dict, errors: dict
) -> threading.Thread:
    def body() -> None:
        try:
            torch.set_num_threads(threads)  # OpenMP's thread count is per calling thread
            results[name] = target()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors[name] = exc
        finally:
            rot.finish(name)  # never leave the other arms waiting for a turn

    return threading.Thread(target=body, name=name, daemon=True)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench train_throughput", description=__doc__)
    p.add_argument("--model", default=None, help="base model (default: embedded GGUF)")
    p.add_argument("--data", default=str((DEFAULT_DATA / "medical_meadow_small.json").resolve()))
    p.add_argument("--template", default="chat")
    p.add_argument("--examples", type=int, default=32, help="training examples (random subset)")
    p.add_argument("--steps", type=int, default=8, help="optimizer steps per arm")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--grad-accum", type=int, default=1)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--lora-dropout", type=float, default=0.05)
    p.add_argument("--threads", type=int, default=1, help="torch threads (fewer than free cores)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-hf-default", action="store_true", help="skip the random-sampler HF arm")
    args = p.parse_args(argv)
    if args.examples < args.steps * args.batch_size * args.grad_accum:
        p.error("--examples must cover --steps x --batch-size x --grad-accum")
    if args.examples % args.batch_size:
        p.error("--examples must be a multiple of --batch-size (full batches in both arms)")
    if args.steps < 2:
        p.error("--steps must be at least 2 (step 1 is the untimed warm-up)")
    torch.set_num_threads(args.threads)
    from training.base_model import load_tokenizer, resolve_base

    tok = load_tokenizer(resolve_base(args.model))  # read once (a GGUF tokenizer takes seconds)
    tok.padding_side = "right"  # as our collator

    arms = ["ours", "hf_same"] + ([] if args.no_hf_default else ["hf_default"]) + ["floor"]
    rot, shared = Rotation(arms), Shared()
    runs: dict[str, ArmRun] = {}
    errors: dict[str, BaseException] = {}
    n = args.threads
    threads = [_in_thread(rot, "ours", lambda: run_ours(args, rot, shared), n, runs, errors)]
    for arm in arms[1:-1]:
        target = (lambda a: lambda: run_hf(args, rot, shared, a, tok))(arm)
        threads.append(_in_thread(rot, arm, target, n, runs, errors))
    floor = _in_thread(rot, "floor", lambda: run_floor(args, rot, shared, tok), n, runs, errors)
    threads.append(floor)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        name, exc = next(iter(errors.items()))
        raise RuntimeError(f"arm {name} failed: {exc!r}") from exc

    print(f"\nmodel {args.model or 'embedded SmolLM2-135M-Instruct GGUF (dequantized)'}; "
          f"data {Path(args.data).name}; {args.examples} examples; batch {args.batch_size} x "
          f"accum {args.grad_accum}; max length {args.max_length}; LoRA r16/a32 all-linear "
          f"dropout {args.lora_dropout}; {args.steps} steps per arm, arms interleaved step by "
          f"step; torch threads {args.threads}; fp32 CPU")  # fmt: skip
    print(f"{'arm':10s} {'threads':>7s} {'real tok/step':>13s} {'padded':>7s} {'real tok/s':>11s}  "
          "per-step real tok/s (steps 2..N)")  # fmt: skip
    for arm in arms:
        r = runs[arm]
        each = " ".join(f"{r.tokens[k] / r.seconds(k):.0f}" for k in range(1, len(r.ends)))
        padded = f"{statistics.mean(r.padded):7.0f}" if r.padded else f"{'-':>7s}"
        print(f"{arm:10s} {r.threads:7d} {statistics.mean(r.tokens):13.0f} {padded} "
              f"{r.tokens_per_second:11.1f}  [{each}]")  # fmt: skip
    ours, hf = runs["ours"], runs["hf_same"]
    ratio = ours.tokens_per_second / hf.tokens_per_second
    # Same batches: a step's ratio is HF's time over ours for that step, taken back to back.
    step_ratios = [hf.seconds(k) / ours.seconds(k) for k in range(1, len(ours.ends))]
    print(f"ratio ours/hf_same (identical batches): {ratio:.2f}x overall, median of steps "
          f"{statistics.median(step_ratios):.2f}x (target >= 1.3x)")  # fmt: skip
    if "hf_default" in runs:
        print(f"ratio ours/hf_default (HF random sampler): "
              f"{ours.tokens_per_second / runs['hf_default'].tokens_per_second:.2f}x")  # fmt: skip
    floor = runs["floor"]
    print(f"ceiling on identical batches, same arithmetic: floor/hf_same "
          f"{floor.tokens_per_second / hf.tokens_per_second:.2f}x (frozen model's own forward + "
          f"backward, no adapter); ours reaches "
          f"{ours.tokens_per_second / floor.tokens_per_second:.0%} of the floor's speed")  # fmt: skip

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
