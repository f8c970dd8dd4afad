"""Statistics for the evaluation harness: Wilson intervals, paired comparison (McNemar)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

Z95 = 1.959963984540054


def wilson_ci(correct: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (well-behaved at 0, 1 and small n)."""
    if n <= 0:
        return (0.0, 1.0)
    p = correct / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def mcnemar_exact_p(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value from the discordant counts ``b`` and ``c``."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0**n
    return min(1.0, 2.0 * tail)


def paired_comparison(a: Sequence[bool], b: Sequence[bool]) -> dict[str, Any]:
    """Accuracy difference ``a - b`` on the same items: paired 95% CI and McNemar test."""
    if len(a) != len(b):
        raise ValueError("paired comparison needs results for the same items")
    n = len(a)
    only_a = sum(1 for x, y in zip(a, b, strict=True) if x and not y)
    only_b = sum(1 for x, y in zip(a, b, strict=True) if y and not x)
    diff = (only_a - only_b) / n if n else 0.0
    if n > 1:
        # Variance of the per-item differences d_i in {-1, 0, 1}.
        var = ((only_a + only_b) / n - diff * diff) * n / (n - 1)
        half = Z95 * math.sqrt(max(var, 0.0) / n)
    else:
        half = 1.0
    return {
        "n": n,
        "accuracy_a": sum(map(bool, a)) / n if n else 0.0,
        "accuracy_b": sum(map(bool, b)) / n if n else 0.0,
        "difference": diff,
        "difference_ci95": [max(-1.0, diff - half), min(1.0, diff + half)],
        "only_a_correct": only_a,
        "only_b_correct": only_b,
        "mcnemar_p": mcnemar_exact_p(only_a, only_b),
    }


def accuracy_block(correct: Sequence[bool]) -> dict[str, Any]:
    n = len(correct)
    k = sum(map(bool, correct))
    lo, hi = wilson_ci(k, n)
    return {"n": n, "correct": k, "accuracy": k / n if n else 0.0, "ci95": [lo, hi]}
