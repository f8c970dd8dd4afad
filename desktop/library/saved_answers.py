"""Tie a cited answer to its history message: the passages given, then the checked text."""

from __future__ import annotations

from desktop.history import HistoryStore, SourceRecord
from desktop.library.answer import LibraryPlan, finalize_answer


def source_records(plan: LibraryPlan) -> list[SourceRecord]:
    """The plan's passages as history records, numbered as the model saw them."""
    return [
        SourceRecord(
            number=number,
            title=p.title,
            path=p.path,
            page=p.page,
            text=p.text,
            char_start=p.char_start,
            char_end=p.char_end,
            chunk_id=p.chunk_id,
            terms=p.matched_terms,
        )
        for number, p in enumerate(plan.passages, start=1)
    ]


def attach_sources(history: HistoryStore, message_id: int, plan: LibraryPlan) -> int:
    """Save the plan's passages with the (just started) assistant message; return how many.

    Saved before generation starts, so even an interrupted answer keeps what it was given.
    """
    records = source_records(plan)
    if records:
        history.set_sources(message_id, records)
    return len(records)


def finalize_saved_answer(history: HistoryStore, message_id: int) -> tuple[str, list[int]]:
    """Remove markers that name no saved passage from the stored answer; mark the cited ones.

    Returns the final text and the cited numbers. Call after the answer was finished.
    """
    message = history.get_message(message_id)
    cleaned, cited = finalize_answer(message.text, len(message.sources))
    if cleaned != message.text:
        history.edit_message(message_id, cleaned, delete_after=False)
    if message.sources:
        history.mark_cited(message_id, cited)
    return cleaned, cited
