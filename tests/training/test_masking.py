"""Response-only masking (token by token, real tokenizer), batching and the loss."""

from __future__ import annotations

import pytest
import torch

from training.batching import Collator, length_grouped_batches, random_batches
from training.data import Example
from training.encoding import IGNORE_INDEX, encode_example, encode_examples
from training.losses import lm_loss_sum, response_loss_sum
from training.templates import render_prompt

EXAMPLES = [
    Example(
        "Answer this question truthfully", "What causes gout?", "Uric acid crystals in joints."
    ),
    Example("Explain what multiple sclerosis is.", "", "An immune-mediated demyelinating disease."),
]


@pytest.mark.parametrize("template", ["alpaca", "medalpaca", "chat"])
@pytest.mark.parametrize("ex", EXAMPLES)
def test_labels_are_masked_exactly_on_prompt_tokens(tokenizer, template: str, ex: Example) -> None:
    enc, truncated = encode_example(tokenizer, template, ex, max_length=512)
    assert enc is not None and not truncated
    prompt_ids = tokenizer(render_prompt(template, ex.instruction, ex.input, tokenizer))[
        "input_ids"
    ]
    n = len(prompt_ids)
    assert enc.input_ids[:n] == prompt_ids and enc.n_prompt == n
    for i, (tok, lab) in enumerate(zip(enc.input_ids, enc.labels, strict=True)):
        if i < n:
            assert lab == IGNORE_INDEX, (
                f"prompt token {i} ({tokenizer.decode([tok])!r}) is trained on"
            )
        else:
            assert lab == tok, f"response token {i} ({tokenizer.decode([tok])!r}) is masked"
    assert enc.input_ids[-1] == tokenizer.eos_token_id and enc.labels[-1] == tokenizer.eos_token_id
    assert enc.input_ids.count(tokenizer.eos_token_id) == (1 if template != "chat" else 3)
    response = tokenizer.decode(enc.input_ids[n:], skip_special_tokens=True)
    assert response.strip() == ex.output
    full, _ = encode_example(tokenizer, template, ex, max_length=512, train_on_inputs=True)
    assert full.labels == full.input_ids == enc.input_ids


def test_truncation_keeps_prompt_and_skips_hopeless_examples(tokenizer) -> None:
    long = Example("Summarise.", "", "word " * 400)
    enc, truncated = encode_example(tokenizer, "alpaca", long, max_length=64)
    assert truncated and len(enc.input_ids) == 64
    assert all(x == IGNORE_INDEX for x in enc.labels[: enc.n_prompt])
    huge_prompt = Example("Summarise " + "this " * 200, "", "ok")
    kept, report = encode_examples(tokenizer, "alpaca", [long, huge_prompt], max_length=64)
    assert len(kept) == 1 and report.truncated == 1 and len(report.skipped) == 1
    short = Example("Define fever.", "", "A raised body temperature.")
    kept, report = encode_examples(
        tokenizer, "alpaca", [long, short], max_length=64, drop_long=True
    )
    assert len(kept) == 1 and kept[0].input_ids[-1] == tokenizer.eos_token_id
    assert report.skipped == [long.where] and report.truncated == 0


def test_collator_pads_with_masked_labels(tokenizer) -> None:
    encoded, _ = encode_examples(tokenizer, "alpaca", EXAMPLES, 256)
    batch = Collator(tokenizer.pad_token_id)(encoded)
    lengths = [len(e) for e in encoded]
    assert batch["input_ids"].shape == (2, max(lengths))
    for row, n in enumerate(lengths):
        assert batch["attention_mask"][row].tolist() == [1] * n + [0] * (max(lengths) - n)
        assert (batch["labels"][row, n:] == IGNORE_INDEX).all()
        assert batch["labels"][row, :n].tolist() == encoded[row].labels


def test_length_grouped_batches_cover_everything_with_less_padding() -> None:
    import random

    rng = random.Random(0)
    lengths = [rng.randint(20, 400) for _ in range(500)]
    grouped = length_grouped_batches(lengths, 8, seed=3)
    assert sorted(i for b in grouped for i in b) == list(range(500))
    assert grouped == length_grouped_batches(lengths, 8, seed=3)  # deterministic for resume
    assert grouped != length_grouped_batches(lengths, 8, seed=4)

    def padded(batches):
        return sum(max(lengths[i] for i in b) * len(b) for b in batches)

    assert padded(grouped) < 0.7 * padded(random_batches(500, 8, seed=3))


def test_response_only_logits_equal_full_loss(tokenizer, tiny_base) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_base))
    encoded, _ = encode_examples(tokenizer, "chat", EXAMPLES, 256)
    batch = Collator(tokenizer.pad_token_id)(encoded)
    with torch.no_grad():
        full_sum, full_n = lm_loss_sum(
            model(**{k: batch[k] for k in ("input_ids", "attention_mask")}).logits, batch["labels"]
        )
        fast_sum, fast_n = response_loss_sum(model, batch)
    assert (
        int(full_n)
        == int(fast_n)
        == sum(sum(x != IGNORE_INDEX for x in e.labels) - 0 for e in encoded)
    )
    torch.testing.assert_close(fast_sum, full_sum, rtol=1e-5, atol=1e-3)


def test_lora_layers_limits_adapters_to_the_last_blocks(tiny_base) -> None:
    from transformers import AutoModelForCausalLM

    from training.config import FinetuneConfig
    from training.trainer import add_lora

    cfg = FinetuneConfig(data=["x"], lora_r=4, lora_layers=1)
    model = add_lora(AutoModelForCausalLM.from_pretrained(str(tiny_base)), cfg)
    lora = [n for n, p in model.named_parameters() if p.requires_grad]
    assert lora and all(".layers.1." in n for n in lora)
    kinds = {n.split(".layers.1.")[1].split(".lora")[0] for n in lora}
    assert kinds == {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                     "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}  # fmt: skip
