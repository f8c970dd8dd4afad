"""Tokenize conversations into ``input_ids``/``labels`` with response-only loss masking.

The whole rendered conversation is tokenized ONCE (with character offsets) and a token is labelled
when it starts inside an assistant turn: no separate prompt/response tokenization, so SentencePiece
vocabularies do not gain a leading-space token the model never sees at inference. BOS follows the
app's rule (:func:`tokenize_text`). Labels are ``-100`` on every prompt token and equal
``input_ids`` on every response token, including the end-of-turn/end-of-sequence token (unless
``train_on_inputs``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from training.data import Example
from training.errors import ConfigError, DataFormatError
from training.templates import Message, render, user_turn

IGNORE_INDEX = -100
MIN_RESPONSE_TOKENS = 8


@dataclass
class EncodedExample:
    input_ids: list[int]
    labels: list[int]
    n_prompt: int  # tokens before the first labelled one

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


def adds_bos(tokenizer: Any) -> bool:
    """Whether the tokenizer puts BOS in front of plain text (what the GGUF's add_bos says)."""
    bos = tokenizer.bos_token_id
    if bos is None:
        return False
    full = tokenizer("a", add_special_tokens=True)["input_ids"]
    plain = tokenizer("a", add_special_tokens=False)["input_ids"]
    return bool(full) and full[0] == bos and (not plain or plain[0] != bos)


def tokenize_text(tokenizer: Any, text: str, offsets: bool = False) -> dict[str, Any]:
    """Tokenize rendered text as the app does: special tokens parsed, BOS exactly once (prepended
    only if the tokenizer adds one and the text, e.g. from a Llama 3 template, lacks it)."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=offsets)
    ids = list(enc["input_ids"])
    spans = [tuple(x) for x in enc["offset_mapping"]] if offsets else []
    bos = tokenizer.bos_token
    if adds_bos(tokenizer) and not (bos and text.startswith(bos)):
        ids = [int(tokenizer.bos_token_id), *ids]
        spans = [(0, 0), *spans]
    return {"input_ids": ids, "offset_mapping": spans}


def example_messages(template: str, example: Example, system: str | None = None) -> list[Message]:
    """The conversation of one example (multi-turn records keep their turns)."""
    if example.messages:
        messages = [{"role": role, "content": text} for role, text in example.messages]
    else:
        messages = [
            user_turn(template, example.instruction, example.input),
            {"role": "assistant", "content": example.output},
        ]
    if system and messages[0]["role"] != "system":
        messages.insert(0, {"role": "system", "content": system})
    return messages


def response_spans(
    template: str, messages: list[Message], tokenizer: Any
) -> tuple[str, list[tuple[int, int]]]:
    """The rendered conversation (cut after its last answer) and the character span of every
    assistant answer, found by rendering each prefix with the generation prompt opened."""
    full = render(template, messages, tokenizer, add_generation_prompt=False)
    spans: list[tuple[int, int]] = []
    for i, msg in enumerate(messages):
        if msg["role"] != "assistant":
            continue
        prompt = render(template, messages[:i], tokenizer, add_generation_prompt=True)
        upto = render(template, messages[: i + 1], tokenizer, add_generation_prompt=False)
        if not (upto.startswith(prompt) and full.startswith(upto)):
            raise ConfigError(
                "the chat template renders the conversation differently from its generation "
                "prompt (so the answer cannot be located); use --template alpaca"
            )
        end = len(upto.rstrip())  # the turn's closing token, not the newline after it
        spans.append((len(prompt), max(end, len(prompt))))
    if not spans:
        raise DataFormatError("the conversation has no assistant turn to learn")
    return full[: spans[-1][1]], spans


def encode_messages(
    tokenizer: Any,
    template: str,
    messages: list[Message],
    max_length: int,
    train_on_inputs: bool = False,
) -> tuple[EncodedExample | None, bool]:
    """Encode one conversation; ``(None, False)`` if its first answer starts too late."""
    text, spans = response_spans(template, messages, tokenizer)
    enc = tokenize_text(tokenizer, text, offsets=True)
    ids: list[int] = enc["input_ids"]
    in_response = [
        any(a <= start < b for a, b in spans) and end > start
        for start, end in enc["offset_mapping"]
    ]
    eos = end_token_id(tokenizer)
    if ids[-1] != eos:  # templates ending a turn with another token still learn to stop
        ids.append(eos)
        in_response.append(True)
    n_prompt = next((i for i, x in enumerate(in_response) if x), len(ids))
    n_response = len(ids) - n_prompt
    if max_length - n_prompt < min(MIN_RESPONSE_TOKENS, n_response):
        return None, False
    truncated = len(ids) > max_length
    ids, in_response = ids[:max_length], in_response[:max_length]
    if train_on_inputs:
        labels = list(ids)
    else:
        labels = [t if keep else IGNORE_INDEX for t, keep in zip(ids, in_response, strict=True)]
    return EncodedExample(ids, labels, n_prompt), truncated


def encode_example(
    tokenizer: Any,
    template: str,
    example: Example,
    max_length: int,
    train_on_inputs: bool = False,
    system: str | None = None,
) -> tuple[EncodedExample | None, bool]:
    """Encode one example; returns ``(encoded or None if the prompt is too long, truncated?)``."""
    messages = example_messages(template, example, system)
    return encode_messages(tokenizer, template, messages, max_length, train_on_inputs)


def encode_examples(
    tokenizer: Any,
    template: str,
    examples: Sequence[Example],
    max_length: int,
    train_on_inputs: bool = False,
    drop_long: bool = False,
    system: str | None = None,
) -> tuple[list[EncodedExample], EncodeReport]:
    """Encode a data set; examples whose prompt leaves no room for an answer are skipped, and
    with ``drop_long`` so is every example longer than ``max_length`` (instead of truncating it)."""
    out: list[EncodedExample] = []
    report = EncodeReport()
    for ex in examples:
        enc, truncated = encode_example(
            tokenizer, template, ex, max_length, train_on_inputs, system
        )
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
