"""Cited answers: the best passages go into the prompt numbered [1]..[k]; the answer's markers
are checked against them; "answer only from my library" refuses when nothing relevant is found.

Qt-free; the chat page, the CLI (``ask --library``) and study explanations use it alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from desktop.library.citations import clean_citations
from desktop.library.modes import LibraryMode
from desktop.library.passages import Passage


class PassageSearch(Protocol):
    """``LibraryStore`` (BM25) or ``LibrarySearch`` (the chosen mode): ranked passages."""

    def search(
        self, query: str, limit: int = 10, collection: str | None = None
    ) -> list[Passage]: ...


TOP_K = 3  # passages given to the model (GPT4All shows 3); more crowds a 4k context
# A passage is relevant when it holds at least half of the question's content words,
# weighted by rarity (IDF): the topic words count, "first" and "treatment" hardly do.
MIN_COVERAGE = 0.5
PASSAGE_CHARS = 900  # cap per passage in the prompt (chunks are ~800)

LIBRARY_INSTRUCTION = (
    "Reference passages from the user's own library are given below, numbered [1], [2], ... "
    "Base the answer on them. After each statement taken from a passage write its number in "
    "square brackets, like [1]. Never cite a number that is not listed. If the passages do not "
    "contain the answer, say that the library does not cover it."
)
REFUSAL = (
    '**Nothing in your library answers this.** "Answer only from my library" is on, so no '
    "answer is given rather than letting the model guess. Add a document that covers the "
    'question on the Library page, or switch to "Use my library".'
)


@dataclass(frozen=True)
class LibraryPlan:
    """What to do with one question: which passages to give the model, or a refusal."""

    mode: LibraryMode
    question: str
    passages: tuple[Passage, ...] = ()
    refusal: str | None = None
    considered: tuple[Passage, ...] = field(default_factory=tuple)  # all ranked, for display

    @property
    def has_sources(self) -> bool:
        return bool(self.passages)


def is_relevant(passage: Passage) -> bool:
    return passage.coverage >= MIN_COVERAGE


def plan_answer(
    store: PassageSearch,
    question: str,
    mode: LibraryMode | str = LibraryMode.USE,
    k: int = TOP_K,
    collection: str | None = None,
) -> LibraryPlan:
    """Retrieve the passages for ``question`` (BM25, or the mode of a ``LibrarySearch``) and
    decide how to answer. A passage found by its vector alone still has to hold the
    question's words (:func:`is_relevant`) to be cited: hybrid reorders, it does not lower
    the bar."""
    mode = LibraryMode(mode)
    if mode is LibraryMode.OFF:
        return LibraryPlan(mode, question)
    ranked = store.search(question, limit=max(k * 2, k), collection=collection)
    relevant = tuple(p for p in ranked if is_relevant(p))[:k]
    refusal = REFUSAL if mode is LibraryMode.ONLY and not relevant else None
    return LibraryPlan(mode, question, relevant, refusal, tuple(ranked))


def sources_block(passages: tuple[Passage, ...] | list[Passage]) -> str:
    """``[n] text`` per passage. Titles and pages stay out of the prompt: a small model copies
    such labels into its answer, often with the wrong page; the source cards show them."""
    parts = []
    for number, p in enumerate(passages, start=1):
        text = " ".join(p.text.split())
        if len(text) > PASSAGE_CHARS:
            text = text[:PASSAGE_CHARS].rsplit(" ", 1)[0] + " …"
        parts.append(f"[{number}] {text}")
    return "\n\n".join(parts)


def cited_user_turn(question: str, passages: tuple[Passage, ...] | list[Passage]) -> str:
    return f"{LIBRARY_INSTRUCTION}\n\n{sources_block(passages)}\n\nQuestion: {question.strip()}"


def augment_messages(messages: list[dict[str, str]], plan: LibraryPlan) -> list[dict[str, str]]:
    """``messages`` with the last user turn replaced by the numbered passages + question."""
    if not plan.passages:
        return list(messages)
    out = [dict(m) for m in messages]
    for index in range(len(out) - 1, -1, -1):
        if out[index]["role"] == "user":
            out[index]["content"] = cited_user_turn(out[index]["content"], plan.passages)
            break
    return out


def finalize_answer(text: str, n_sources: int) -> tuple[str, list[int]]:
    """The answer with markers naming no given passage removed, and the numbers it cites."""
    return clean_citations(text, n_sources)
