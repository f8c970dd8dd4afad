"""MCQ scoring on the real embedded model: valid answers, probabilities from real logits."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from desktop.engine import Engine, EngineConfig
from desktop.mcq import (
    MCQError,
    MCQScorer,
    build_messages,
    eci_head_from_classifier,
    log_softmax,
    parse_answer,
)
from desktop.questions import Question, read_questions

BENCH_FILES = {
    "medqa": "medqa_usmle_dev.jsonl",
    "medmcqa": "medmcqa_dev.jsonl",
    "pubmedqa": "pubmedqa_pqal_dev.json",
    "mmlu": "mmlu_medical/college_medicine_val.csv",
}


def _first(shared_data: Path, bench: str, n: int) -> list[Question]:
    return read_questions(shared_data / "eval" / BENCH_FILES[bench]).questions[:n]


@pytest.mark.parametrize("bench", sorted(BENCH_FILES))
def test_every_answer_is_a_valid_option(scorer: MCQScorer, shared_data: Path, bench: str) -> None:
    for question in _first(shared_data, bench, 2):
        result = scorer.answer(question, "letter")
        assert result.choice in question.options
        assert list(result.probabilities) == question.labels
        assert math.isclose(sum(result.probabilities.values()), 1.0, abs_tol=1e-9)
        assert all(0.0 <= p <= 1.0 for p in result.probabilities.values())
        assert result.choice == max(result.probabilities, key=result.probabilities.get)
        assert result.label_mass is not None and 0.0 < result.label_mass <= 1.0
        assert result.latency_s > 0


def test_letter_probabilities_match_direct_logits(
    default_model_path: Path, shared_data: Path
) -> None:
    """Recompute from a separate llama.cpp context with logits for every position."""
    import llama_cpp

    question = _first(shared_data, "medqa", 1)[0]
    engine = Engine(EngineConfig(str(default_model_path), n_ctx=1024))
    try:
        scorer = MCQScorer(engine)
        result = scorer.answer(question, "letter")
        tokens = scorer.prompt_tokens(question)
    finally:
        engine.close()
    direct = llama_cpp.Llama(
        model_path=str(default_model_path), n_ctx=1024, logits_all=True, verbose=False
    )
    try:
        direct.eval(tokens)
        logprobs = log_softmax(direct.scores[len(tokens) - 1])
        label_ids = {
            label: {
                direct.tokenize(v.encode(), add_bos=False, special=False)[0]
                for v in (" " + label, label)
            }
            for label in question.labels
        }
    finally:
        direct.close()
    mass = {label: sum(math.exp(logprobs[i]) for i in ids) for label, ids in label_ids.items()}
    total = sum(mass.values())
    expected = {label: m / total for label, m in mass.items()}
    for label in question.labels:
        assert result.probabilities[label] == pytest.approx(expected[label], abs=2e-3)
    assert result.label_mass == pytest.approx(total, abs=2e-3)


def test_loglik_rationale_and_generate_methods(engine: Engine, shared_data: Path) -> None:
    question = _first(shared_data, "mmlu", 1)[0]
    scorer = MCQScorer(engine, rationale_max_tokens=96, generate_max_tokens=16)
    loglik = scorer.answer(question, "loglik")
    assert loglik.choice in question.options
    assert math.isclose(sum(loglik.probabilities.values()), 1.0, abs_tol=1e-9)
    means = loglik.extra["mean_logprob"]
    assert all(v < 0 for v in means.values())
    assert loglik.choice == max(means, key=means.get)

    # Enough budget: the grammar forces " <one sentence>\nAnswer: <label>" and it completes
    # (greedy decoding of the fixed embedded model, ~40 tokens here).
    rationale = scorer.answer(question, "rationale")
    assert rationale.extra["grammar_complete"] is True
    labels = "|".join(re.escape(label) for label in question.labels)
    shape = re.fullmatch(rf" ([^\n.!?][^\n.!?]*[.!?])\nAnswer: ({labels})", rationale.raw_text)
    assert shape is not None, rationale.raw_text
    assert rationale.choice == shape.group(2)
    assert rationale.rationale == shape.group(1).strip()
    assert math.isclose(sum(rationale.probabilities.values()), 1.0, abs_tol=1e-9)

    # Cut off mid-sentence: no "Answer:" line, the choice is letter scoring with the reason.
    short = MCQScorer(engine, rationale_max_tokens=4).answer(question, "rationale")
    assert short.extra["grammar_complete"] is False
    assert "\n" not in short.raw_text and short.raw_text.startswith(" ")
    assert short.choice == max(short.probabilities, key=short.probabilities.get)
    assert rationale.raw_text.startswith(short.raw_text)  # same greedy path, just shorter

    # Generate-and-parse: the greedy first attempt names a letter, which is the parsed choice.
    generated = scorer.answer(question, "generate")
    assert generated.choice is not None and generated.attempts == 1
    assert generated.choice == parse_answer(generated.raw_text, question.options)
    assert generated.probabilities == {
        label: float(label == generated.choice) for label in question.labels
    }


def test_yes_no_maybe_and_shared_first_token_labels(scorer: MCQScorer) -> None:
    q = Question(
        "t", "Is aspirin an antiplatelet drug?", {"yes": "yes", "no": "no", "maybe": "maybe"}
    )
    result = scorer.answer(q, "letter")
    assert result.choice in q.options and result.extra["scoring"] == "first-token"
    # Labels "1a"/"1b" share their first token: whole label strings are scored instead.
    q2 = Question("u", "Pick the bone of the arm.", {"1a": "Humerus", "1b": "Femur"})
    result2 = scorer.answer(q2, "letter")
    assert result2.extra["scoring"] == "label-sequence"
    assert result2.choice in q2.options
    assert math.isclose(sum(result2.probabilities.values()), 1.0, abs_tol=1e-9)


def test_k_shot_prompt_shares_prefix_and_eci_hook(scorer: MCQScorer, shared_data: Path) -> None:
    shots = _first(shared_data, "mmlu", 3)[:2]
    q1, q2 = _first(shared_data, "mmlu", 4)[2:4]
    messages = build_messages(q1, shots)
    assert [m["role"] for m in messages] == [
        "system",
        "user",
        "assistant",
        "user",
        "assistant",
        "user",
    ]
    assert messages[2]["content"] == f"Answer: {shots[0].answer}"
    t1, t2 = scorer.prompt_tokens(q1, shots), scorer.prompt_tokens(q2, shots)
    shared = next(i for i, (a, b) in enumerate(zip(t1, t2, strict=False)) if a != b)
    assert shared > 100  # system prompt + both exemplars are a reusable prefix
    result = scorer.answer(q1, "letter", shots=shots)
    assert result.choice in q1.options

    eci = MCQScorer(scorer.backend, eci=lambda q: {"A": 3.0, "C": 1.0, "Z": 5.0})
    head = eci.answer(q1, "eci")
    assert head.choice == "A" and head.probabilities == {"A": 0.75, "B": 0.0, "C": 0.25, "D": 0.0}
    with pytest.raises(MCQError):
        scorer.answer(q1, "eci")

    class FakeClassifier:  # the shape of training.eci_apply.ECIClassifier.classify
        def classify(self, question: str, context: str = "") -> dict[str, float]:
            return {"A": 0.1, "B": 0.2, "C": 0.3, "D": 0.4} if question == q1.question else {}

    adapted = MCQScorer(scorer.backend, eci=eci_head_from_classifier(FakeClassifier()))
    assert adapted.answer(q1, "eci").choice == "D"


def test_too_long_question_is_a_clear_error(scorer: MCQScorer) -> None:
    q = Question("long", "Which?", {"A": "x", "B": "y"}, context="word " * 5000)
    with pytest.raises(MCQError, match="context window"):
        scorer.answer(q, "letter")


def test_raw_llama_is_accepted(engine: Engine) -> None:
    scorer = MCQScorer(engine.llama)
    q = Question("r", "What is 2 + 2?", {"A": "3", "B": "4", "C": "5"})
    assert MCQScorer(engine).prompt_text(q) == scorer.prompt_text(q)
    assert scorer.answer(q).choice in q.options
    assert scorer.backend.engine.llama is engine.llama  # adopted, not loaded again
    assert scorer.answer(q, "rationale").choice in q.options  # generation via the adopted engine


def test_parse_answer_baseline() -> None:
    opts = {"A": "Sodium", "B": "Potassium", "C": "Calcium"}
    assert parse_answer("Answer: B", opts) == "B"
    assert parse_answer("The correct answer is (C) Calcium.", opts) == "C"
    assert parse_answer("B. Potassium is right", opts) == "B"
    assert parse_answer("It is potassium, clearly.", opts) == "B"
    assert parse_answer("A 43-year-old man ...", opts) is None
    assert parse_answer("I am not sure.", opts) is None
    yn = {"yes": "yes", "no": "no", "maybe": "maybe"}
    assert parse_answer("Yes, it does.", yn) == "yes"
    assert parse_answer("Maybe yes, maybe no", yn) is None
    assert np.isclose(np.exp(log_softmax(np.array([1.0, 2.0]))).sum(), 1.0)


def test_usmle_fixture_five_options(scorer: MCQScorer) -> None:
    fixture = Path(__file__).parents[1] / "questions" / "fixtures" / "usmle" / "step1.json"
    for question in read_questions(fixture).questions[:2]:
        result = scorer.answer(question, "letter")
        assert list(result.probabilities) == ["A", "B", "C", "D", "E"]
        assert result.choice in question.options


def test_k_shot_messages_put_solved_exemplars_before_the_question() -> None:
    from desktop.mcq.prompts import build_free_text_messages, build_messages

    shots = [Question(f"s{i}", f"Shot {i}?", {"A": "x", "B": "y"}, answer="B") for i in range(2)]
    q = Question("q", "Target?", {"A": "x", "B": "y"})
    for messages in (build_messages(q, shots), build_free_text_messages(q, shots)):
        roles = [m["role"] for m in messages]
        assert roles == ["system", "user", "assistant", "user", "assistant", "user"]
        assert [m["content"] for m in messages if m["role"] == "assistant"] == ["Answer: B"] * 2
        assert "Shot 0?" in messages[1]["content"] and "Shot 1?" in messages[3]["content"]
        assert "Target?" in messages[-1]["content"]
    assert build_messages(q, shots, system=None)[0]["role"] == "user"
