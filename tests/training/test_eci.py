"""ECI head (LlamaCare): joint training lowers the classification loss, and the exported head on the
merged model reproduces the in-training logits."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import torch

from training import eci as eci_mod
from training.config import FinetuneConfig
from training.trainer import Trainer, _eci_batch

DRUGS = {"yes": ["aspirin", "heparin"], "no": ["placebo", "saline"], "maybe": ["vitamin", "herbal"]}


def _labelled(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        label = rng.choice(list(DRUGS))
        drug = rng.choice(DRUGS[label])
        out.append(
            {
                "question": f"Does {drug} reduce clot risk?",
                "context": f"A trial of {drug}.",
                "label": label,
            }
        )
    return out


def test_hidden_states_last_is_final_normed(tiny_base: Path) -> None:
    """The pooled vector is after the final norm (what llama.cpp's embedding mode returns)."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_base))
    ids = torch.tensor([[5, 6, 7, 8]])
    with torch.no_grad():
        out = model(ids, output_hidden_states=True)
        torch.testing.assert_close(model.lm_head(out.hidden_states[-1]), out.logits)
        h = model.model(ids).last_hidden_state
    torch.testing.assert_close(out.hidden_states[-1], h)


def test_pooling_is_position_independent_of_padding() -> None:
    hidden = torch.arange(2 * 5 * 3, dtype=torch.float).reshape(2, 5, 3)
    mask = torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
    pooled = eci_mod.pool_last_prompt_token(hidden, mask)
    torch.testing.assert_close(pooled, torch.stack([hidden[0, 2], hidden[1, 4]]))


@pytest.mark.slow
def test_eci_joint_training_and_exported_head(tmp_path: Path, tiny_base: Path) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from tests.training.conftest import toy_records
    from training.merge import merge_adapter

    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(32)), encoding="utf-8")
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("\n".join(json.dumps(r) for r in _labelled(24, 1)), encoding="utf-8")
    cfg = FinetuneConfig(
        base=str(tiny_base), data=[str(data)], output=str(tmp_path / "run"), max_steps=10,
        batch_size=2, lr=5e-3, lora_r=8, lora_dropout=0.0, eval_size=4, eci_data=str(labelled),
        eci_weight=0.7, eci_lr=1e-2, eci_batch_size=24, eci_eval_size=0, eval_steps=12,
        logging_steps=3, max_length=128, template="medalpaca", warmup_steps=0,
    )  # fmt: skip
    trainer = Trainer(cfg, show_progress=False)
    trainer.setup()
    batch = _eci_batch(trainer.data.eci_train, trainer.tokenizer.pad_token_id)
    joint = trainer._unwrapped()

    def ce() -> tuple[float, torch.Tensor]:
        joint.eval()
        with torch.no_grad():
            logits = joint(eci=batch)["eci_logits"]
        joint.train()
        return torch.nn.functional.cross_entropy(logits, batch["labels"]).item(), logits

    before, _ = ce()
    metrics = trainer.train()
    after, want = ce()  # in-training logits (PEFT model + head)
    assert after < before - 0.2, (before, after)
    train_ce = [h["eci_ce"] for h in metrics["history"]]
    assert train_ce[-1] < train_ce[0]
    assert metrics["eval_history"][-1]["eval_loss"] < metrics["eval_history"][0]["eval_loss"]

    merged = merge_adapter(str(tiny_base), Path(cfg.output) / "adapter", tmp_path / "merged")
    meta = json.loads((merged / "eci_head.json").read_text())
    assert (
        meta["labels"] == ["yes", "no", "maybe"] and "{question}" in meta["prompt"]["prompt_format"]
    )
    head, fmt = eci_mod.load_head(merged)
    model = AutoModelForCausalLM.from_pretrained(str(merged))
    with torch.no_grad():
        got = eci_mod.eci_logits(model, head, batch["input_ids"], batch["attention_mask"])
    torch.testing.assert_close(got, want, atol=1e-4, rtol=1e-4)
    # The stored prompt format rebuilds exactly the trained token ids.
    first = eci_mod.LabelledExample(
        "Does {x} aspirin help?", "A trial {context} of aspirin.", "yes"
    )
    assert eci_mod.encode_labelled(trainer.tokenizer, fmt, first) == eci_mod.encode_labelled(
        trainer.tokenizer, trainer.data.eci_format, first
    )
    # Unmerged PEFT model + exported head agrees too (no hidden state from another layer).
    peft = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(str(tiny_base)), str(Path(cfg.output) / "adapter")
    )
    with torch.no_grad():
        again = eci_mod.eci_logits(peft, head, batch["input_ids"], batch["attention_mask"])
    torch.testing.assert_close(again, want, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("n_ctx_tokens", [40])
def test_long_context_is_cut_not_the_question(tokenizer, n_ctx_tokens: int) -> None:
    fmt = eci_mod.make_prompt_format(tokenizer, "chat", max_prompt_tokens=120)
    ex = eci_mod.LabelledExample("Is the QUESTION kept?", "filler " * 500, "yes")
    ids = eci_mod.encode_labelled(tokenizer, fmt, ex)
    text = tokenizer.decode(ids)
    assert (
        len(ids) <= 120 and "Is the QUESTION kept?" in text and text.rstrip().endswith("assistant")
    )
