"""The answer of one MCQ call: a choice from the option set plus a probability per option."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop.engine.errors import EngineError

METHODS = ("letter", "rationale", "loglik", "generate", "eci")


class MCQError(EngineError):
    """MCQ scoring cannot run (e.g. the question does not fit the context window)."""


@dataclass
class MCQResult:
    """``choice`` is always one of the option labels, except for the ``generate`` baseline,
    where it is ``None`` when no valid answer could be parsed (an invalid answer)."""

    choice: str | None
    probabilities: dict[str, float]
    latency_s: float
    method: str
    label_mass: float | None = None  # letter: model probability mass on the label tokens
    rationale: str | None = None
    raw_text: str | None = None
    attempts: int = 1
    prompt_tokens: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.choice is not None

    @property
    def confidence(self) -> float:
        return self.probabilities.get(self.choice, 0.0) if self.choice else 0.0

    def ranked(self) -> list[tuple[str, float]]:
        return sorted(self.probabilities.items(), key=lambda kv: -kv[1])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def softmax_scores(scores: dict[str, float]) -> dict[str, float]:
    """Renormalise log-scores over the options (stable softmax)."""
    top = max(scores.values())
    if top == -math.inf:
        return {k: 1.0 / len(scores) for k in scores}
    exps = {k: math.exp(v - top) for k, v in scores.items()}
    total = sum(exps.values())
    return {k: v / total for k, v in exps.items()}


def argmax_label(probabilities: dict[str, float]) -> str:
    """Highest-probability label; ties go to the earlier option."""
    return max(probabilities, key=lambda k: probabilities[k])
