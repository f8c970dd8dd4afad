"""Data preparation for a fine-tuning run: read and validate every file, split, tokenize.

Everything here runs before any model is loaded, so a bad record stops the run in seconds.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.history.prompts import DEFAULT_SYSTEM_PROMPT
from training import eci as eci_mod
from training.config import FinetuneConfig
from training.data import Example, load_examples
from training.encoding import IGNORE_INDEX, EncodedExample, encode_examples
from training.errors import ConfigError
from training.templates import check_template

EciItem = tuple[list[int], int]


@dataclass
class RawData:
    """Validated records, read before any tokenizer or model is loaded."""

    examples: list[Example]
    eval_examples: list[Example]
    labelled: list[eci_mod.LabelledExample]


@dataclass
class Prepared:
    """Tokenized data ready for training."""

    train: list[EncodedExample]
    eval: list[EncodedExample]
    eval_examples: list[Example]
    encode_report: dict[str, Any]
    eci_train: list[EciItem]
    eci_eval: list[EciItem]
    eci_format: eci_mod.ECIPromptFormat | None


def system_prompt(cfg: FinetuneConfig) -> str | None:
    """``--system-prompt app`` = the app's default system prompt (what users' chats start with)."""
    if cfg.system_prompt == "app":
        return DEFAULT_SYSTEM_PROMPT
    return cfg.system_prompt or None


def split_eval(
    examples: list[Example], eval_size: int, seed: int
) -> tuple[list[Example], list[Example]]:
    """Hold out ``eval_size`` examples (at most a tenth of the data), deterministically."""
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


def read_data(cfg: FinetuneConfig) -> RawData:
    """Read and validate every data file (errors name file and record)."""
    examples = load_examples(cfg.data, cfg.response_field)
    evals = load_examples(cfg.eval_data, cfg.response_field) if cfg.eval_data else []
    labelled: list[eci_mod.LabelledExample] = []
    if cfg.eci_data:
        labelled = eci_mod.load_labelled(cfg.eci_data, [x.lower() for x in cfg.eci_labels])
        eci_mod.check_disjoint(labelled, cfg.eci_data, eci_mod.holdout_files(cfg.eci_holdout))
    return RawData(examples, evals, labelled)


def prepare_data(cfg: FinetuneConfig, tokenizer: Any, raw: RawData | None = None) -> Prepared:
    """Split and tokenize everything (raises before any model is loaded)."""
    raw = raw or read_data(cfg)
    if cfg.eval_data:
        train_ex, eval_ex = raw.examples, raw.eval_examples
    else:
        train_ex, eval_ex = split_eval(raw.examples, cfg.eval_size, cfg.seed)
    check_template(cfg.template, tokenizer)
    system = system_prompt(cfg)
    train, rep = encode_examples(
        tokenizer, cfg.template, train_ex, cfg.max_length, cfg.train_on_inputs,
        drop_long=cfg.long_examples == "drop", system=system,
    )  # fmt: skip
    if cfg.max_train_examples and len(train) > cfg.max_train_examples:
        train = random.Random(cfg.seed + 1).sample(train, cfg.max_train_examples)
    evals = (
        encode_examples(tokenizer, cfg.template, eval_ex, cfg.max_length, False, system=system)[0]
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
        "train_response_tokens": sum(sum(1 for x in e.labels if x != IGNORE_INDEX) for e in train),
    }
    eci_train: list[EciItem] = []
    eci_eval: list[EciItem] = []
    fmt = None
    if cfg.eci_data:
        labels = [x.lower() for x in cfg.eci_labels]
        fmt = eci_mod.make_prompt_format(tokenizer, cfg.template, cfg.eci_max_length)
        encoded = [
            (eci_mod.encode_labelled(tokenizer, fmt, ex), labels.index(ex.label))
            for ex in raw.labelled
        ]
        order = list(range(len(encoded)))
        random.Random(cfg.seed + 2).shuffle(order)
        n_eval = min(cfg.eci_eval_size, len(encoded) // 5)
        eci_eval = [encoded[i] for i in order[:n_eval]]
        eci_train = [encoded[i] for i in order[n_eval:]]
        report.update(eci_train_examples=len(eci_train), eci_eval_examples=len(eci_eval))
    return Prepared(train, evals, eval_ex, report, eci_train, eci_eval, fmt)


def write_heldout(path: Path, examples: list[Example]) -> None:
    """The held-out records as JSONL (same shape as read, so they can be re-scored)."""
    with path.open("w", encoding="utf-8") as fh:
        for ex in examples:
            if ex.messages:
                rec: dict[str, Any] = {
                    "messages": [{"role": r, "content": t} for r, t in ex.messages]
                }
            else:
                rec = {"instruction": ex.instruction, "input": ex.input, "output": ex.output}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
