"""Fuzzy matching of common typos: words one edit away from a lexicon word are read as it.

SymSpell-style: every vocabulary word's single-deletion variants are indexed once, so a token is
checked with a few dictionary look-ups and one Damerau-Levenshtein comparison per candidate.
Tokens of 7+ letters are corrected by one edit (two from 10 letters); shorter ones only for two
swapped letters (and 6-letter ones for one extra letter), and only to a word with the same
first letter (typos rarely hit it, and it keeps "painted" from becoming "fainted"), and a word
that is itself in the vocabulary, or another word the lexicon uses, is never changed. Only
declared clinical words are targets: an ordinary word is never turned into a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"[a-z]{4,}")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def damerau(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b`` (early exit above ``limit``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _edit_kind(token: str, cand: str) -> int:
    """Rank of a typo's likely cause when distances tie: swapped letters, then a doubled or
    extra letter, then a missing letter, then a wrong letter."""
    if len(token) == len(cand) and sorted(token) == sorted(cand):
        return 0
    if len(token) == len(cand) + 1:
        return 1
    if len(token) + 1 == len(cand):
        return 2
    return 3


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


class Speller:
    """Corrects tokens of a text to the nearest vocabulary word (see the module docstring)."""

    def __init__(self, vocabulary: Iterable[str], protected: Iterable[str] = ()) -> None:
        vocabulary = set(vocabulary)
        self.vocab = {w for w in vocabulary if len(w) >= 6}
        self.protected = self.vocab | set(protected)  # correct words that are never changed
        self._index: dict[str, set[str]] = {}
        for word in self.vocab:
            for key in _deletes(word) | {word}:
                self._index.setdefault(key, set()).add(word)
        self._short = {w for w in vocabulary if 4 <= len(w) <= 6}
        self._cache: dict[str, str] = {}

    def correct_word(self, token: str) -> str:
        if token in self.protected or len(token) < 4:
            return token
        if len(token) < 7:
            # short words: only two swapped letters ("pian") or one extra letter ("cheast")
            for cand in sorted(_swaps(token) | (_deletes(token) if len(token) == 6 else set())):
                if cand in self._short and cand[0] == token[0]:
                    return cand
            return token
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        limit = 2 if len(token) >= 10 else 1
        candidates: set[str] = set()
        keys = {token} | _deletes(token)
        if limit == 2:
            keys |= {d2 for d in _deletes(token) for d2 in _deletes(d)}
        for key in keys:
            candidates |= self._index.get(key, set())
        best, best_key = token, (limit + 1, 9)
        for cand in sorted(candidates):
            if cand[0] != token[0]:
                continue
            d = damerau(token, cand, limit)
            key = (d, _edit_kind(token, cand))
            if d <= limit and key < best_key:
                best, best_key = cand, key
        if len(self._cache) < 20_000:
            self._cache[token] = best
        return best

    def correct(self, text: str) -> str:
        """``text`` (lower case) with misspelt words replaced by vocabulary words."""
        return _TOKEN.sub(lambda m: self.correct_word(m.group(0)), text)
