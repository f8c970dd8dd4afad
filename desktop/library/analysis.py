"""Query planning with the index's own tokenizer: stems, document frequencies, term budget.

FTS5 scores every row an OR query matches, so a question holding a word found in half the
library costs time in proportion to the library. The plan keeps the rarest words (those that
carry BM25's weight) and drops the most common ones once their postings exceed a budget; the
relevance check still weighs every word. Stemming goes through a temporary FTS5 table with the
same tokenizer as the index, so a word is compared exactly as the index sees it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.library.query import quote
from desktop.library.tables import FTS_TABLE, FTS_TOKENIZE

MAX_POSTINGS = 6_000  # postings scored per query, at most (~1-2 us each for bm25() here)
MIN_TERMS = 2  # the rarest words are always searched, whatever they cost
# IDF is computed as if the library had at least this many passages: in a library of a few
# documents every word the question has and the library lacks would otherwise outweigh the
# words it shares, and a word's rarity cannot be judged from a handful of passages anyway.
IDF_MIN_PASSAGES = 1000
PREFIX = 3  # a word can share a stem with a query word only if it shares its first letters
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SCRATCH = "temp.library_scratch"
_SCRATCH_VOCAB = "temp.library_scratch_vocab"


def _ensure_scratch(s: Session) -> None:
    s.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_SCRATCH} USING fts5(t, tokenize='{FTS_TOKENIZE}')"
        )
    )
    s.execute(
        text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_SCRATCH_VOCAB} "
            "USING fts5vocab(temp, library_scratch, instance)"
        )
    )


def stem_sets(s: Session, texts: list[str]) -> list[set[str]]:
    """The index tokens (stemmed, case-folded) of each text, as the index would store them."""
    if not texts:
        return []
    _ensure_scratch(s)
    s.execute(text(f"DELETE FROM {_SCRATCH}"))
    s.execute(
        text(f"INSERT INTO {_SCRATCH}(rowid, t) VALUES (:rowid, :t)"),
        [{"rowid": i + 1, "t": t} for i, t in enumerate(texts)],
    )
    out: list[set[str]] = [set() for _ in texts]
    for term, doc in s.execute(text(f"SELECT term, doc FROM {_SCRATCH_VOCAB}")).all():
        out[int(doc) - 1].add(str(term))
    s.execute(text(f"DELETE FROM {_SCRATCH}"))
    return out


class FrequencyCache:
    """Passage count and per-stem document frequencies, kept until the library changes.

    ``count(*)`` over a large library and a document count per common word each cost
    milliseconds; both only change when documents are added or removed, which calls
    :meth:`clear`. (A write by another process leaves the figures slightly stale until then:
    they only weigh and prune query words, they never decide what matches.)
    """

    def __init__(self) -> None:
        self.passages: int | None = None
        self.df: dict[str, int] = {}

    def clear(self) -> None:
        self.passages = None
        self.df.clear()


def passage_count(s: Session, cache: FrequencyCache) -> int:
    if cache.passages is None:
        cache.passages = int(s.execute(text("SELECT count(*) FROM library_chunks")).scalar() or 0)
    return cache.passages


def document_frequencies(
    s: Session, stems: dict[str, frozenset[str]], cache: FrequencyCache
) -> dict[str, int]:
    """Passages containing each query word (its stems, as the index sees them)."""
    sql = text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :term")
    out = {}
    for word, word_stems in stems.items():
        key = " ".join(sorted(word_stems))
        if key not in cache.df:
            cache.df[key] = int(s.execute(sql, {"term": quote(word)}).scalar() or 0)
        out[word] = cache.df[key]
    return out


def candidate_words(passage: str, terms: list[str]) -> str:
    """The words of ``passage`` that could stem like one of ``terms`` (a cheap pre-filter so
    only a handful of words go through the tokenizer per passage)."""
    heads = {t[:PREFIX] for t in terms}
    words = {w for w in _WORD.findall(passage.lower()) if w[:PREFIX] in heads}
    return " ".join(sorted(words))


@dataclass(frozen=True)
class QueryPlan:
    terms: list[str]  # every content word of the question
    stems: dict[str, frozenset[str]]  # word -> its index tokens
    searched: list[str]  # the words put into the MATCH expression
    weights: dict[str, float]  # word -> BM25 idf (0 for a word that has no tokens)

    def matched(self, passage_stems: set[str]) -> tuple[str, ...]:
        return tuple(t for t in self.terms if self.stems[t] and self.stems[t] <= passage_stems)

    def coverage(self, matched: tuple[str, ...]) -> float:
        total = sum(self.weights.values())
        return sum(self.weights[t] for t in matched) / total if total > 0 else 0.0


def plan_query(s: Session, terms: list[str], cache: FrequencyCache) -> QueryPlan:
    """Stems, weights and the affordable subset of ``terms`` (rarest first)."""
    stems = {t: frozenset(st) for t, st in zip(terms, stem_sets(s, terms), strict=True)}
    term_df = document_frequencies(s, {t: st for t, st in stems.items() if st}, cache)
    term_df.update({t: 0 for t, st in stems.items() if not st})
    n = max(passage_count(s, cache), IDF_MIN_PASSAGES)
    weights = {
        t: (math.log(1.0 + (n - term_df[t] + 0.5) / (term_df[t] + 0.5)) if stems[t] else 0.0)
        for t in terms
    }
    chosen: set[str] = set()
    cost = 0
    for t in sorted((t for t in terms if stems[t]), key=lambda t: term_df[t]):
        if len(chosen) >= MIN_TERMS and cost + term_df[t] > MAX_POSTINGS:
            break
        chosen.add(t)
        cost += term_df[t]
    return QueryPlan(terms, stems, [t for t in terms if t in chosen], weights)
