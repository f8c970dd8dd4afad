"""The transformers backend runs the same scoring logic (tiny random model built from a config)."""

from __future__ import annotations

import math

import pytest
import torch

from desktop.mcq import MCQScorer, log_softmax, parse_answer
from desktop.mcq.scorer import GENERATE_RETRIES
from desktop.questions import Question
from training.eval_hf import HFBackend

CHATML = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


@pytest.fixture(scope="module")
def backend() -> HFBackend:
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    words = [
        "<unk>",
        "<|im_start|>",
        "<|im_end|>",
        "Answer",
        ":",
        "A",
        "B",
        "C",
        "D",
        "yes",
        "no",
        "maybe",
        "Question",
        "Options",
    ]
    words += [chr(c) for c in range(33, 127)] + ["Ġ" + w for w in ("A", "B", "C", "D", "yes")]
    vocab = {w: i for i, w in enumerate(dict.fromkeys(words))}
    raw = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, unk_token="<unk>")
    tokenizer.add_special_tokens({"additional_special_tokens": ["<|im_start|>", "<|im_end|>"]})
    tokenizer.eos_token = "<|im_end|>"
    tokenizer.chat_template = CHATML
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
    )
    return HFBackend(LlamaForCausalLM(config), tokenizer)


def test_letter_scoring_on_hf_logits(backend: HFBackend) -> None:
    q = Question("h", "Which letter?", {"A": "first", "B": "second", "C": "third"})
    scorer = MCQScorer(backend)
    result = scorer.answer(q, "letter")
    assert result.choice in q.options
    assert math.isclose(sum(result.probabilities.values()), 1.0, abs_tol=1e-9)
    tokens = scorer.prompt_tokens(q)
    with torch.no_grad():
        logits = backend.model(input_ids=torch.tensor([tokens])).logits[0, -1].numpy()
    lp = log_softmax(logits)
    ids = {lab: {backend.tokenize_piece(v)[0] for v in (" " + lab, lab)} for lab in q.labels}
    mass = {lab: sum(math.exp(lp[i]) for i in s) for lab, s in ids.items()}
    total = sum(mass.values())
    for lab in q.labels:
        assert result.probabilities[lab] == pytest.approx(mass[lab] / total, abs=1e-6)


def test_hf_continuations_and_generate(backend: HFBackend) -> None:
    prefix = backend.tokenize_prompt("Question A")
    conts = [backend.tokenize_piece(" B C"), backend.tokenize_piece(" D")]
    scores = backend.continuation_logprobs(prefix, conts)
    assert [len(s) for s in scores] == [len(c) for c in conts]
    first = backend.next_logprobs(prefix)
    assert scores[1][0] == pytest.approx(float(first[conts[1][0]]), abs=1e-5)
    q = Question("g", "Pick", {"yes": "yes", "no": "no", "maybe": "maybe"})
    scorer = MCQScorer(backend, generate_max_tokens=4, rationale_max_tokens=4)
    assert scorer.answer(q, "loglik").choice in q.options
    # No grammar on HF: the free text is kept and the labels are re-scored after it.
    rationale = scorer.answer(q, "rationale")
    assert rationale.extra["grammar_complete"] is False
    assert rationale.choice == max(rationale.probabilities, key=rationale.probabilities.get)
    # A random model never names a label: every retry is used and the answer is invalid.
    generated = scorer.answer(q, "generate")
    assert parse_answer(generated.raw_text, q.options) is None
    assert generated.choice is None and generated.probabilities == {}
    assert generated.attempts == GENERATE_RETRIES + 1
