"""The learned triage backstop: shipped weights come from the project's sets, it only raises a
level (never lowers one, never turns an exam question into an emergency), explains itself in
words, and triage still works without it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop.safety import backstop
from desktop.safety.backstop_train import TARGET_FA, choose_threshold, default_sets, train
from desktop.safety.discriminators import Level
from desktop.safety.triage import triage


@pytest.mark.parametrize("target", sorted(backstop.TARGETS))
def test_the_shipped_weights_are_what_training_on_the_project_sets_gives(target: str) -> None:
    model, stats = train(default_sets(), target)
    shipped = backstop.BackstopModel.load(backstop.weights_path(target))
    assert stats["n"] > 2000
    assert shipped.threshold == pytest.approx(model.threshold, abs=1e-6)
    assert np.allclose(shipped.w_hash, model.w_hash, atol=1e-5)
    assert np.allclose(shipped.w_embed, model.w_embed, atol=1e-6)
    # out-of-fold false alarms within the target the threshold was chosen for
    assert stats["oof_fa"] <= TARGET_FA[target]


def test_threshold_keeps_out_of_fold_false_alarms_at_the_target() -> None:
    rng = np.random.default_rng(1)
    y = np.r_[np.ones(200), np.zeros(200)]
    p = np.clip(np.r_[rng.normal(0.8, 0.15, 200), rng.normal(0.3, 0.2, 200)], 0, 1)
    threshold, recall, fa = choose_threshold(p, y, 0.05)
    assert fa <= 0.05 and (p[y == 0] >= threshold).mean() == fa
    assert recall == (p[y == 1] >= threshold).mean() and recall > 0.5


# Written for this test, not taken from any set: no discriminator catches it, the backstop does.
UNRULED = (
    "my grandad keeps going grey and clammy and now he wont answer us properly, "
    "hes breathing really strange and slow"
)


def test_the_backstop_raises_what_the_rules_missed_and_says_why() -> None:
    assert triage(UNRULED, use_backstop=False).level < Level.EMERGENCY
    result = triage(UNRULED)
    assert result.level == Level.EMERGENCY
    [finding] = result.emergencies
    assert finding.kind == "resembles_emergency"
    assert "no specific rule matched" in finding.advice
    assert "learned check" in finding.reasons[0] and "words that weighed most" in finding.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        # an exam question full of alarming words stays an education question
        "A 67-year-old man is grey, clammy and unresponsive with slow gasping breaths. "
        "Which of the following is the next best step?",
        "What is the pathophysiology of septic shock and why does the lactate rise?",
    ],
)
def test_education_questions_are_never_raised(text: str) -> None:
    assert triage(text).level < Level.EMERGENCY


def test_the_backstop_never_replaces_a_rule_finding() -> None:
    text = "crushing central chest pain for 30 minutes, sweaty and sick, 58M smoker"
    result = triage(text)
    assert result.level == Level.EMERGENCY
    assert "resembles_emergency" not in result.kinds  # the rule's own reasons and advice stand


def test_a_same_day_rule_is_not_overruled() -> None:
    # a same-day rule fired: its reasoned "today" stands even where the backstop scores high
    text = "COPD, sputum has gone green and I'm more breathless than usual"
    assert backstop.shipped().score(text).probability > 0.5
    assert triage(text).level == Level.URGENT


def test_what_context_set_aside_is_not_re_read() -> None:
    assert triage("Family history: brother dvt and pe").level < Level.EMERGENCY


def test_triage_works_without_the_backstop_weights(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(backstop, "WEIGHTS_DIR", tmp_path)  # an empty folder: no weights
    backstop.shipped.cache_clear()
    try:
        assert backstop.shipped("emergency") is None
        result = triage(UNRULED)  # rules alone, no error
        assert result.level == triage(UNRULED, use_backstop=False).level < Level.EMERGENCY
    finally:
        monkeypatch.undo()
        backstop.shipped.cache_clear()
    assert backstop.shipped() is not None
