"""Passages of the reference library that back an explanation, and its cited sources after.

A question stem is often a vignette ("A 24-year-old woman has fatigue ...") whose words about
the patient appear in no reference text, so the chat's rule — a passage holds at least half of
the question's weighted words — would almost never pass for it. A passage backs an
explanation when the library's own relevance rule passes for the *answer being explained*
(the passage covers the answer's words as a chat question's passage covers the question) and
it shares at least one further word with the stem. Candidates are ranked by the library's BM25
search for the answer text followed by the stem.
"""

from __future__ import annotations

import dataclasses

from desktop.explain.prompt import explained_answer
from desktop.explain.question import ExplainedQuestion, as_question
from desktop.history.sources import SourceRecord
from desktop.library.answer import TOP_K, LibraryPlan, finalize_answer, is_relevant, plan_answer
from desktop.library.modes import LibraryMode
from desktop.library.saved_answers import source_records
from desktop.library.store import LibraryStore
from desktop.mcq.prompts import is_plain_labels

CANDIDATES = 8  # x k passages ranked for the whole question before the relevance check
NOT_IN_LIBRARY = (
    "Not found in your library: nothing in your library matches this question, so this "
    "explanation is not backed by your library — it comes from the model alone."
)


def library_query(question: ExplainedQuestion, answer: str | None = None) -> str:
    """The search text: the explained answer's text first (the query keeps only its first
    words, and a long vignette must not push the answer out), then the stem."""
    record = as_question(question)
    label = explained_answer(record, answer)
    return f"{record.options[label]}\n{record.question.strip()}"


def plan_explanation(
    store: LibraryStore,
    question: ExplainedQuestion,
    answer: str | None = None,
    k: int = TOP_K,
) -> LibraryPlan:
    """The passages (at most ``k``, best first) that back an explanation of ``question``.

    An empty plan means nothing relevant was found: explain without sources and say so
    (:data:`NOT_IN_LIBRARY`). Call on the database thread.
    """
    record = as_question(question)
    label = explained_answer(record, answer)
    if is_plain_labels(record.options):  # yes / no / maybe: the answer has no topic words
        return plan_answer(store, record.question, LibraryMode.USE, k)
    query = library_query(record, label)
    ranked = store.search(query, limit=k * CANDIDATES)
    about_answer = {
        p.chunk_id: p for p in store.search(record.options[label], limit=k * CANDIDATES)
    }
    chosen = []
    for passage in ranked:
        on_answer = about_answer.get(passage.chunk_id)
        if on_answer is None or not is_relevant(on_answer):
            continue
        if set(passage.matched_terms) - set(on_answer.matched_terms):  # a word of the stem too
            chosen.append(passage)
    return LibraryPlan(LibraryMode.USE, query, tuple(chosen[:k]), None, tuple(ranked))


def cited_sources(plan: LibraryPlan, text: str) -> tuple[str, list[SourceRecord]]:
    """The finished explanation with markers naming no given passage removed, and the plan's
    passages as history records marked cited or not (numbered as the model saw them)."""
    final, cited = finalize_answer(text, len(plan.passages))
    records = [dataclasses.replace(r, cited=r.number in cited) for r in source_records(plan)]
    return final, records


def sources_footer(sources: list[SourceRecord]) -> str:
    """A plain list of the sources for a saved explanation whose store keeps text only, so its
    [n] markers still name a document and page when it is shown again."""
    if not sources:
        return ""
    return "\n\nSources (your library): " + "; ".join(f"[{s.number}] {s.where}" for s in sources)
