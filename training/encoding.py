"""Tokenize examples into ``input_ids``/``labels`` with response-only loss masking.

Labels are ``-100`` on every prompt token and equal ``input_ids`` on every response token,
including the final end-of-sequence token (unless ``train_on_inputs``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from training.data import Example
from training.errors import DataFormatError
from training.templates import split_example

IGNORE_INDEX = -100
MIN_RESPONSE_TOKENS = 8


@dataclass
class EncodedExample:
    input_ids: list[int]
    labels: list[int]
    n_prompt: int

    def __len__(self) -> int:
        return len(self.input_ids)


@dataclass
class EncodeReport:
    """What encoding did to the data set (for logging and metrics)."""

    kept: int = 0
    truncated: int = 0
    skipped: list[str] = field(default_factory=list)


def end_token_id(tokenizer: Any) -> int:
    """The token that ends a response (the tokenizer's EOS)."""
    if tokenizer.eos_token_id is None:
        raise DataFormatError("the tokenizer has no end-of-sequence token")
    return int(tokenizer.eos_token_id)


def encode_example(
    tokenizer: Any,
    template: str,
    example: Example,
    max_length: int,
    train_on_inputs: bool = False,
) -> tuple[EncodedExample | None, bool]:
    """Encode one example; returns ``(encoded or None if the prompt is too long, truncated?)``."""
    prompt, response = split_example(template, example, tokenizer)
    prompt_ids = tokenizer(prompt, add_special_tokens=True)["input_ids"]
    response_ids = tokenizer(response, add_special_tokens=False)["input_ids"]
    eos = end_token_id(tokenizer)
    if not response_ids or response_ids[-1] != eos:
        response_ids = [*response_ids, eos]
    budget = max_length - len(prompt_ids)
    if budget < min(MIN_RESPONSE_TOKENS, len(response_ids)):
        return None, False
    truncated = len(response_ids) > budget
    response_ids = response_ids[:budget]
    input_ids = [*prompt_ids, *response_ids]
    if train_on_inputs:
        labels = list(input_ids)
    else:
        labels = [IGNORE_INDEX] * len(prompt_ids) + list(response_ids)
    return EncodedExample(input_ids, labels, len(prompt_ids)), truncated


def encode_examples(
    tokenizer: Any,
    template: str,
    examples: Sequence[Example],
    max_length: int,
    train_on_inputs: bool = False,
    drop_long: bool = False,
) -> tuple[list[EncodedExample], EncodeReport]:
    """Encode a data set; examples whose prompt leaves no room for an answer are skipped, and
    with ``drop_long`` so is every example longer than ``max_length`` (instead of truncating it)."""
    out: list[EncodedExample] = []
    report = EncodeReport()
    for ex in examples:
        enc, truncated = encode_example(tokenizer, template, ex, max_length, train_on_inputs)
        if enc is None or (truncated and drop_long):
            report.skipped.append(ex.where)
            continue
        report.kept += 1
        report.truncated += int(truncated)
        out.append(enc)
    if not out:
        raise DataFormatError(
            f"every example is longer than --max-length {max_length} before its answer starts "
            f"(first: {report.skipped[:1]}); raise --max-length"
        )
    return out, report
