"""The LoRA/QLoRA training loop on ``accelerate`` (runs unchanged under ``accelerate launch``).

Order of work: validate options -> read and validate ALL data -> tokenize -> load model -> train
with length-grouped batches and response-only loss -> periodic eval + checkpoints -> adapter,
``metrics.json``, ``loss_curve.png`` (-> optional merge with the ECI head next to it).
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from training import eci as eci_mod
from training.base_model import check_quantization, load_base_model, load_tokenizer, resolve_base
from training.batching import Collator, ListBatchSampler, length_grouped_batches, random_batches
from training.config import FinetuneConfig, config_dict
from training.data import Example, data_provenance, load_examples
from training.encoding import EncodedExample, encode_examples
from training.errors import ConfigError
from training.losses import response_loss_sum
from training.templates import check_template

STATE_FILE = "trainer_state.json"
ADAPTER_DIR = "adapter"
ECI_DIR = "eci"


@dataclass
class Prepared:
    """Tokenized data ready for training."""

    train: list[EncodedExample]
    eval: list[EncodedExample]
    eval_examples: list[Example]
    encode_report: dict[str, Any]
    eci_train: list[tuple[list[int], int]]
    eci_eval: list[tuple[list[int], int]]
    eci_format: eci_mod.ECIPromptFormat | None


class JointModel(torch.nn.Module):
    """The (PEFT) causal LM plus the optional ECI head; one forward = one optimisation micro-step."""

    def __init__(self, model: torch.nn.Module, head: eci_mod.ECIHead | None) -> None:
        super().__init__()
        self.model = model
        self.head = head

    def forward(
        self,
        lm: dict[str, torch.Tensor] | None = None,
        eci: dict[str, torch.Tensor] | None = None,
    ) -> dict[str, torch.Tensor]:
        out: dict[str, torch.Tensor] = {}
        if lm is not None:
            out["lm_sum"], out["lm_count"] = response_loss_sum(self.model, lm)
        if eci is not None and self.head is not None:
            logits = eci_mod.eci_logits(
                self.model, self.head, eci["input_ids"], eci["attention_mask"]
            )
            out["eci_logits"] = logits
            out["eci_ce"] = torch.nn.functional.cross_entropy(logits.float(), eci["labels"])
        return out


def _split_eval(
    examples: list[Example], eval_size: int, seed: int
) -> tuple[list[Example], list[Example]]:
    if eval_size <= 0:
        return examples, []
    if len(examples) < 2:
        raise ConfigError(
            "need at least 2 examples to hold some out for evaluation (or --eval-size 0)"
        )
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    n_eval = min(eval_size, max(1, len(examples) // 10))
    held = set(order[:n_eval])
    return [e for i, e in enumerate(examples) if i not in held], [examples[i] for i in sorted(held)]


@dataclass
class RawData:
    """Validated records, read before any tokenizer or model is loaded."""

    examples: list[Example]
    eval_examples: list[Example]
    labelled: list[eci_mod.LabelledExample]


def read_data(cfg: FinetuneConfig) -> RawData:
    """Read and validate every data file (errors name file and record)."""
    examples = load_examples(cfg.data, cfg.response_field)
    evals = load_examples(cfg.eval_data, cfg.response_field) if cfg.eval_data else []
    labelled = []
    if cfg.eci_data:
        labelled = eci_mod.load_labelled(cfg.eci_data, [x.lower() for x in cfg.eci_labels])
    return RawData(examples, evals, labelled)


def prepare_data(cfg: FinetuneConfig, tokenizer: Any, raw: RawData | None = None) -> Prepared:
    """Split and tokenize everything (raises before any model is loaded)."""
    raw = raw or read_data(cfg)
    examples = raw.examples
    if cfg.eval_data:
        train_ex, eval_ex = examples, raw.eval_examples
    else:
        train_ex, eval_ex = _split_eval(examples, cfg.eval_size, cfg.seed)
    check_template(cfg.template, tokenizer)
    train, rep = encode_examples(
        tokenizer, cfg.template, train_ex, cfg.max_length, cfg.train_on_inputs,
        drop_long=cfg.long_examples == "drop",
    )  # fmt: skip
    if cfg.max_train_examples and len(train) > cfg.max_train_examples:
        train = random.Random(cfg.seed + 1).sample(train, cfg.max_train_examples)
    evals = (
        encode_examples(tokenizer, cfg.template, eval_ex, cfg.max_length, False)[0]
        if eval_ex
        else []
    )
    report = {
        "train_examples": len(train),
        "truncated": rep.truncated,
        "skipped_too_long": len(rep.skipped),
        "long_examples": cfg.long_examples,
        "eval_examples": len(evals),
        "train_tokens": sum(len(e) for e in train),
        "train_response_tokens": sum(sum(1 for x in e.labels if x != -100) for e in train),
    }
    eci_train: list[tuple[list[int], int]] = []
    eci_eval: list[tuple[list[int], int]] = []
    fmt = None
    if cfg.eci_data:
        labels = [x.lower() for x in cfg.eci_labels]
        labelled = raw.labelled
        fmt = eci_mod.make_prompt_format(tokenizer, cfg.template, cfg.eci_max_length)
        encoded = [
            (eci_mod.encode_labelled(tokenizer, fmt, ex), labels.index(ex.label)) for ex in labelled
        ]
        order = list(range(len(encoded)))
        random.Random(cfg.seed + 2).shuffle(order)
        n_eval = min(cfg.eci_eval_size, len(encoded) // 5)
        eci_eval = [encoded[i] for i in order[:n_eval]]
        eci_train = [encoded[i] for i in order[n_eval:]]
        report.update(eci_train_examples=len(eci_train), eci_eval_examples=len(eci_eval))
    return Prepared(train, evals, eval_ex, report, eci_train, eci_eval, fmt)


def _eci_batch(items: list[tuple[list[int], int]], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(ids) for ids, _ in items)
    ids = torch.full((len(items), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    for row, (toks, _) in enumerate(items):
        ids[row, : len(toks)] = torch.tensor(toks)
        mask[row, : len(toks)] = 1
    labels = torch.tensor([lab for _, lab in items], dtype=torch.long)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def _mixed_precision(cfg: FinetuneConfig) -> str:
    if cfg.precision == "fp32":
        return "no"
    if cfg.precision in {"bf16", "fp16"}:
        if not torch.cuda.is_available() and cfg.precision == "fp16":
            raise ConfigError("--precision fp16 needs a CUDA GPU")
        return cfg.precision
    if torch.cuda.is_available() and torch.cuda.is_bf16_supported():
        return "bf16"
    return "no"


def add_lora(model: torch.nn.Module, cfg: FinetuneConfig) -> torch.nn.Module:
    """Wrap the base model with LoRA adapters (peft)."""
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if cfg.load_in_4bit or cfg.load_in_8bit:
        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=cfg.gradient_checkpointing
        )
    elif cfg.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    targets: str | list[str] = cfg.target_modules
    if targets == ["all-linear"]:
        targets = "all-linear"
    layers = None
    if cfg.lora_layers:
        n = model.config.num_hidden_layers
        layers = list(range(max(0, n - cfg.lora_layers), n))
        if targets == "all-linear":  # peft needs names here: every linear inside the blocks
            targets = sorted(
                {
                    name.rsplit(".", 1)[-1]
                    for name, mod in model.named_modules()
                    if isinstance(mod, torch.nn.Linear) and ".layers." in name
                }
            )
    lora = LoraConfig(
        layers_to_transform=layers,
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=targets,
        bias="none",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora)


def find_checkpoint(output: Path, resume: str) -> Path:
    """``--resume latest`` (newest checkpoint in the output dir) or a checkpoint folder."""
    if resume == "latest":
        found = sorted((output / "checkpoints").glob("step-*"))
        if not found:
            raise ConfigError(f"--resume latest: no checkpoints under {output / 'checkpoints'}")
        return found[-1]
    path = Path(resume)
    if not (path / STATE_FILE).is_file():
        raise ConfigError(f"--resume {resume}: not a checkpoint (no {STATE_FILE})")
    return path


class Trainer:
    """Runs one fine-tuning job described by a :class:`FinetuneConfig`."""

    def __init__(self, cfg: FinetuneConfig, show_progress: bool = True) -> None:
        cfg.validate()
        self.cfg = cfg
        self.show_progress = show_progress
        self.out = Path(cfg.output)

    # ----------------------------------------------------------------- set-up
    def setup(self) -> None:
        from accelerate import Accelerator
        from accelerate.utils import set_seed

        cfg = self.cfg
        check_quantization(cfg.load_in_4bit, cfg.load_in_8bit)
        if cfg.threads:
            torch.set_num_threads(cfg.threads)
        raw = read_data(cfg)  # all data validated before any model file is touched
        self.ref = resolve_base(cfg.base)
        check_quantization(cfg.load_in_4bit, cfg.load_in_8bit, self.ref)
        self.accelerator = Accelerator(mixed_precision=_mixed_precision(cfg))
        set_seed(cfg.seed)
        self.tokenizer = load_tokenizer(self.ref)
        self.data = prepare_data(cfg, self.tokenizer, raw)
        dtype = torch.bfloat16 if self.accelerator.mixed_precision == "bf16" else torch.float32
        base = load_base_model(self.ref, torch.float32 if not cfg.load_in_4bit else dtype,
                               cfg.load_in_4bit, cfg.load_in_8bit)  # fmt: skip
        model = add_lora(base, cfg)
        head = None
        if self.data.eci_format is not None:
            head = eci_mod.ECIHead(model.config.hidden_size, [x.lower() for x in cfg.eci_labels])
        self.joint = JointModel(model, head)
        groups = [{"params": [p for p in model.parameters() if p.requires_grad]}]
        if head is not None:
            groups.append({"params": list(head.parameters()), "lr": cfg.eci_lr or cfg.lr})
        self.optimizer = torch.optim.AdamW(groups, lr=cfg.lr, weight_decay=cfg.weight_decay)
        world = self.accelerator.num_processes
        batches_per_epoch = math.ceil(len(self.data.train) / cfg.batch_size / world)
        self.steps_per_epoch = max(1, batches_per_epoch // cfg.grad_accum)
        self.total_steps = cfg.max_steps or max(1, round(self.steps_per_epoch * cfg.epochs))
        warmup = cfg.warmup_steps
        if warmup is None:
            warmup = int(round(cfg.warmup_ratio * self.total_steps))
        from transformers import (
            get_constant_schedule_with_warmup,
            get_cosine_schedule_with_warmup,
            get_linear_schedule_with_warmup,
        )

        if cfg.scheduler == "cosine":
            sched = get_cosine_schedule_with_warmup(self.optimizer, warmup, self.total_steps)
        elif cfg.scheduler == "linear":
            sched = get_linear_schedule_with_warmup(self.optimizer, warmup, self.total_steps)
        else:
            sched = get_constant_schedule_with_warmup(self.optimizer, warmup)
        self.joint, self.optimizer, self.scheduler = self.accelerator.prepare(
            self.joint, self.optimizer, sched
        )
        self.collator = Collator(self.tokenizer.pad_token_id)
        self.state: dict[str, Any] = {
            "step": 0, "epoch": 0, "batch_in_epoch": 0, "train_tokens": 0,
            "train_seconds": 0.0, "history": [], "eval_history": [],
        }  # fmt: skip

    # ----------------------------------------------------------- data loaders
    def _epoch_batches(self, epoch: int) -> list[list[int]]:
        lengths = [len(e) for e in self.data.train]
        bs = self.cfg.batch_size
        if self.cfg.grouping == "length":
            return length_grouped_batches(lengths, bs, self.cfg.seed + epoch)
        return random_batches(len(lengths), bs, self.cfg.seed + epoch)

    def _loader(self, epoch: int, skip: int):
        sampler = ListBatchSampler(self._epoch_batches(epoch), skip)
        loader = torch.utils.data.DataLoader(
            self.data.train, batch_sampler=sampler, collate_fn=self.collator
        )
        return self.accelerator.prepare(loader)

    def _eci_items(self, step: int, micro: int) -> list[tuple[list[int], int]]:
        items = self.data.eci_train
        bs = self.cfg.eci_batch_size
        rank = self.accelerator.process_index
        k = (step * self.cfg.grad_accum + micro) * self.accelerator.num_processes + rank
        n_per_epoch = max(1, len(items) // bs)
        epoch, pos = divmod(k, n_per_epoch)
        order = list(range(len(items)))
        random.Random(self.cfg.seed + 1000 + epoch).shuffle(order)
        return [items[i] for i in order[pos * bs : (pos + 1) * bs]]

    # ------------------------------------------------------------- evaluation
    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        acc = self.accelerator
        self.joint.eval()
        total = torch.zeros(2, device=acc.device)
        rank, world = acc.process_index, acc.num_processes
        items = self.data.eval[rank::world]
        bs = self.cfg.batch_size
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        for s in range(0, len(order), bs):
            batch = self.collator([items[i] for i in order[s : s + bs]])
            batch = {k: v.to(acc.device) for k, v in batch.items()}
            out = self.joint(lm=batch)
            total += torch.stack([out["lm_sum"].float(), out["lm_count"].float()])
        total = acc.reduce(total, "sum")
        result: dict[str, float] = {}
        if total[1] > 0:
            loss = (total[0] / total[1]).item()
            result = {"eval_loss": loss, "eval_ppl": math.exp(min(loss, 50.0))}
        if self.data.eci_eval:
            ce_sum = torch.zeros(3, device=acc.device)
            part = self.data.eci_eval[rank::world]
            for s in range(0, len(part), self.cfg.eci_batch_size):
                b = _eci_batch(part[s : s + self.cfg.eci_batch_size], self.tokenizer.pad_token_id)
                b = {k: v.to(acc.device) for k, v in b.items()}
                logits = self.joint(eci=b)["eci_logits"].float()
                ce = torch.nn.functional.cross_entropy(logits, b["labels"], reduction="sum")
                correct = (logits.argmax(-1) == b["labels"]).sum()
                ce_sum += torch.stack([ce, correct.float(), torch.tensor(len(b["labels"]), device=acc.device, dtype=torch.float)])  # fmt: skip
            ce_sum = acc.reduce(ce_sum, "sum")
            result.update(
                eci_eval_ce=(ce_sum[0] / ce_sum[2]).item(),
                eci_eval_acc=(ce_sum[1] / ce_sum[2]).item(),
            )
        self.joint.train()
        return result

    # ----------------------------------------------------------- checkpoints
    def _unwrapped(self) -> JointModel:
        return self.accelerator.unwrap_model(self.joint)

    def save_adapter(self, folder: Path) -> None:
        """Adapter weights + tokenizer (+ ECI head) in ``folder``."""
        acc = self.accelerator
        acc.wait_for_everyone()
        joint = self._unwrapped()
        joint.model.save_pretrained(str(folder), is_main_process=acc.is_main_process)
        if acc.is_main_process:
            self.tokenizer.save_pretrained(str(folder))
            if joint.head is not None and self.data.eci_format is not None:
                eci_mod.save_head(joint.head, self.data.eci_format, folder / ECI_DIR)

    def save_checkpoint(self) -> Path:
        acc = self.accelerator
        folder = self.out / "checkpoints" / f"step-{self.state['step']:07d}"
        self.save_adapter(folder / ADAPTER_DIR)
        if acc.is_main_process:
            torch.save(self.optimizer.state_dict(), folder / "optimizer.pt")
            torch.save(self.scheduler.state_dict(), folder / "scheduler.pt")
            if self._unwrapped().head is not None:
                torch.save(self._unwrapped().head.state_dict(), folder / "eci_head.pt")
            (folder / STATE_FILE).write_text(json.dumps(self.state, indent=1), encoding="utf-8")
            older = sorted((self.out / "checkpoints").glob("step-*"))[: -self.cfg.save_total_limit]
            for old in older:
                shutil.rmtree(old, ignore_errors=True)
        acc.wait_for_everyone()
        return folder

    def load_checkpoint(self, folder: Path) -> None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        joint = self._unwrapped()
        weights = load_file(str(folder / ADAPTER_DIR / "adapter_model.safetensors"))
        result = set_peft_model_state_dict(joint.model, weights)
        if getattr(result, "unexpected_keys", None):
            raise ConfigError(f"{folder}: adapter does not match this model/LoRA configuration")
        self.optimizer.load_state_dict(torch.load(folder / "optimizer.pt", weights_only=True))
        self.scheduler.load_state_dict(torch.load(folder / "scheduler.pt", weights_only=True))
        if joint.head is not None:
            joint.head.load_state_dict(torch.load(folder / "eci_head.pt", weights_only=True))
        self.state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))

    # ------------------------------------------------------------------ train
    def train(self) -> dict[str, Any]:
        from tqdm.auto import tqdm

        cfg, acc = self.cfg, self.accelerator
        if acc.is_main_process:
            self.out.mkdir(parents=True, exist_ok=True)
            _write_heldout(self.out / "heldout.jsonl", self.data.eval_examples)
        if cfg.resume:
            ckpt = find_checkpoint(self.out, cfg.resume)
            self.load_checkpoint(ckpt)
            self.state["resumed_from"] = str(ckpt)
        elif (self.data.eval or self.data.eci_eval) and cfg.eval_at_start and cfg.eval_steps != 0:
            self.state["eval_history"].append({"step": 0, **self.evaluate()})
        eval_every = cfg.eval_steps if cfg.eval_steps is not None else max(1, self.total_steps // 4)
        save_every = cfg.save_steps or eval_every or self.total_steps
        bar = tqdm(
            total=self.total_steps, initial=self.state["step"], desc="finetune", unit="step",
            disable=not (self.show_progress and acc.is_main_process), dynamic_ncols=True,
        )  # fmt: skip
        w = cfg.eci_weight if self.data.eci_train else 0.0
        self.joint.train()
        window_loss = window_eci = 0.0
        window_n = 0
        t_last = time.perf_counter()
        while self.state["step"] < self.total_steps:
            loader = self._loader(self.state["epoch"], self.state["batch_in_epoch"])
            it = iter(loader)
            exhausted = False
            while self.state["step"] < self.total_steps and not exhausted:
                micro = []
                for _ in range(cfg.grad_accum):
                    try:
                        micro.append(next(it))
                    except StopIteration:
                        exhausted = True
                        break
                if not micro:
                    break
                self.state["batch_in_epoch"] += len(micro) * acc.num_processes
                count = sum(b["labels"][:, 1:].ne(-100).sum() for b in micro).float()
                count = acc.reduce(count.to(acc.device), "sum").clamp(min=1.0)
                step_lm = torch.zeros((), device=acc.device)
                step_eci = 0.0
                tokens = 0
                for i, batch in enumerate(micro):
                    eci_batch = None
                    if w > 0:
                        eci_batch = _eci_batch(
                            self._eci_items(self.state["step"], i), self.tokenizer.pad_token_id
                        )
                        eci_batch = {k: v.to(acc.device) for k, v in eci_batch.items()}
                    ctx = acc.no_sync(self.joint) if i < len(micro) - 1 else _null()
                    with ctx, acc.autocast():
                        out = self.joint(lm=batch, eci=eci_batch)
                        lm = out["lm_sum"] * acc.num_processes / count
                        loss = (1.0 - w) * lm
                        if eci_batch is not None:
                            loss = loss + w * out["eci_ce"] / len(micro)
                            step_eci += out["eci_ce"].item() / len(micro)
                    acc.backward(loss)
                    step_lm += lm.detach()
                    tokens += int(batch["attention_mask"].sum())
                if cfg.max_grad_norm and acc.sync_gradients:
                    acc.clip_grad_norm_(self.joint.parameters(), cfg.max_grad_norm)
                self.optimizer.step()
                self.scheduler.step()
                self.optimizer.zero_grad(set_to_none=True)
                now = time.perf_counter()
                self.state["train_seconds"] += now - t_last
                t_last = now
                tokens = int(acc.reduce(torch.tensor(tokens, device=acc.device), "sum"))
                self.state["train_tokens"] += tokens
                self.state["step"] += 1
                step_loss = acc.reduce(step_lm, "mean").item()
                window_loss += step_loss
                window_eci += step_eci
                window_n += 1
                step = self.state["step"]
                if step % cfg.logging_steps == 0 or step == self.total_steps:
                    rec = {
                        "step": step,
                        "epoch": self.state["epoch"],
                        "loss": window_loss / window_n,
                        "lr": self.scheduler.get_last_lr()[0],
                        "tokens": self.state["train_tokens"],
                        "tokens_per_second": self.state["train_tokens"]
                        / max(self.state["train_seconds"], 1e-9),
                    }
                    if w > 0:
                        rec["eci_ce"] = window_eci / window_n
                    self.state["history"].append(rec)
                    bar.set_postfix(
                        loss=f"{rec['loss']:.3f}", tok_s=f"{rec['tokens_per_second']:.0f}"
                    )
                    window_loss = window_eci = 0.0
                    window_n = 0
                bar.update(1)
                has_eval = bool(self.data.eval or self.data.eci_eval) and eval_every > 0
                if has_eval and (step % eval_every == 0 or step == self.total_steps):
                    self.state["eval_history"].append({"step": step, **self.evaluate()})
                    t_last = time.perf_counter()
                if step % save_every == 0 and step < self.total_steps:
                    self.save_checkpoint()
                    t_last = time.perf_counter()
            if exhausted:
                self.state["epoch"] += 1
                self.state["batch_in_epoch"] = 0
        bar.close()
        self.save_checkpoint()
        self.save_adapter(self.out / ADAPTER_DIR)
        return self.finish()

    def finish(self) -> dict[str, Any]:
        from training.plots import plot_loss_curve

        metrics = {
            "base": self.ref.source,
            "data": data_provenance(self.cfg.data),
            "config": config_dict(self.cfg),
            "data_report": self.data.encode_report,
            "steps": self.state["step"],
            "train_tokens": self.state["train_tokens"],
            "train_seconds": self.state["train_seconds"],
            "train_tokens_per_second": self.state["train_tokens"]
            / max(self.state["train_seconds"], 1e-9),
            "history": self.state["history"],
            "eval_history": self.state["eval_history"],
            "adapter": str((self.out / ADAPTER_DIR).resolve()),
        }
        if self.state.get("resumed_from"):
            metrics["resumed_from"] = self.state["resumed_from"]
        if self.accelerator.is_main_process:
            (self.out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
            plot_loss_curve(metrics, self.out / "loss_curve.png")
        return metrics


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _write_heldout(path: Path, examples: list[Example]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for ex in examples:
            rec = {"instruction": ex.instruction, "input": ex.input, "output": ex.output}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def run_finetune(cfg: FinetuneConfig, show_progress: bool = True) -> dict[str, Any]:
    """Fine-tune (and merge if ``cfg.merge``); returns the metrics written to ``metrics.json``."""
    trainer = Trainer(cfg, show_progress)
    trainer.setup()
    metrics = trainer.train()
    if cfg.merge and trainer.accelerator.is_main_process:
        from training.merge import merge_adapter

        merged = Path(cfg.output) / "merged"
        merge_adapter(cfg.base, Path(cfg.output) / ADAPTER_DIR, merged, data_files=cfg.data)
        metrics["merged"] = str(merged.resolve())
    return metrics
