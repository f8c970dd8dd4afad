"""Reciprocal rank fusion (Cormack et al. 2009), as GPT4All LocalDocs fuses BM25 and vectors.

An item's score is the sum over rankings of ``1 / (k + rank)`` (rank 1-based); ``k = 60``
keeps one ranking's top item from outweighing agreement between rankings. Only ranks are
used, so BM25 scores and cosines never need a common scale.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = 60
H = TypeVar("H", bound=Hashable)


def rrf_scores(rankings: Sequence[Sequence[H]], k: int = K) -> dict[H, float]:
    scores: dict[H, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


def rrf(rankings: Sequence[Sequence[H]], k: int = K) -> list[H]:
    """Items of all ``rankings``, best fused score first; ties keep the earlier rankings'
    order (the first ranking is the tie-breaker, then the next)."""
    scores = rrf_scores(rankings, k)
    first_seen: dict[H, int] = {}
    for ranking in rankings:
        for item in ranking:
            first_seen.setdefault(item, len(first_seen))
    return sorted(scores, key=lambda item: (-scores[item], first_seen[item]))
