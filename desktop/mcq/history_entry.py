"""One history entry per MCQ question: re-answering replaces the result, the explanation is kept.

Runs on the database thread; ``store`` is the app's :class:`desktop.history.HistoryStore`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.history import HistoryStore
from desktop.history.sources import SourceRecord

EXPLANATION_HEADING = "\n\n**Explanation (model):**\n\n"


def find_entry(store: HistoryStore, title: str, question_md: str) -> int | None:
    """The conversation already holding this exact question (same title and question text)."""
    for conv in store.list_conversations():
        if conv.title != title:
            continue
        messages = store.get_messages(conv.id)
        if messages and messages[0].role == "user" and messages[0].text == question_md:
            return conv.id
    return None


def save_result(
    store: HistoryStore,
    title: str,
    question_md: str,
    answer_md: str,
    model_id: str | None,
    stats: dict[str, Any],
) -> tuple[int, int]:
    """Save (or replace) the answer of this question; returns (conversation id, answer id)."""
    conv_id = find_entry(store, title, question_md)
    if conv_id is None:
        conv_id = store.create_conversation(title=title, model_id=model_id).id
        store.add_message(conv_id, "user", question_md)
    else:  # the same question again (e.g. another method): one entry, the latest result
        first = store.get_messages(conv_id)[0]
        store.delete_messages_after(first.id)
    answer = store.add_message(conv_id, "assistant", answer_md, model_id=model_id, stats=stats)
    return conv_id, answer.id


def save_explanation(
    store: HistoryStore,
    answer_id: int,
    answer_md: str,
    explanation: str,
    sources: Sequence[SourceRecord] = (),
    note: str = "",
) -> None:
    """Keep the streamed explanation with the answer it explains, with the library passages it
    was given (replacing those of an earlier explanation) and an optional ``note`` under it
    (e.g. that the library had nothing on the question)."""
    if explanation.strip():
        text = answer_md + EXPLANATION_HEADING + explanation.strip()
        if note:
            text += f"\n\n_{note}_"
        store.edit_message(answer_id, text, delete_after=False)
        store.set_sources(answer_id, list(sources))
