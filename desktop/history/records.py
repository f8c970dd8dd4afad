"""The plain records the history store hands out (frozen, safe to pass between threads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from desktop.history.search import snippet_to_html, snippet_to_markdown, snippet_to_plain
from desktop.history.sources import SourceRecord


class HasToDict(Protocol):
    """A record that gives its fields as a dict (``GenerationResult``, ``SamplingSettings``)."""

    def to_dict(self) -> dict[str, Any]: ...


# What the store accepts for a message's stats and sampling: stored as a JSON dict.
StatsInput = dict[str, Any] | HasToDict | None
SamplingInput = dict[str, Any] | HasToDict | None


@dataclass(frozen=True)
class ConversationInfo:
    id: int
    title: str
    pinned: bool
    system_prompt: str
    model_id: str | None
    created_at: datetime
    updated_at: datetime
    message_count: int = 0


@dataclass(frozen=True)
class MessageInfo:
    id: int
    conversation_id: int
    role: str  # "user" | "assistant" | "system"
    text: str
    model_id: str | None
    sampling: dict[str, Any] | None
    stats: dict[str, Any] | None  # tokens_per_second, prompt/completion_tokens, finish_reason
    complete: bool
    created_at: datetime
    updated_at: datetime
    sources: tuple[SourceRecord, ...] = ()  # library passages given to the model, by number

    @property
    def finish_reason(self) -> str | None:
        return (self.stats or {}).get("finish_reason")

    @property
    def tokens_per_second(self) -> float | None:
        value = (self.stats or {}).get("tokens_per_second")
        return float(value) if value is not None else None


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int
    conversation_title: str
    role: str
    raw_snippet: str  # matches wrapped in HIGHLIGHT_OPEN / HIGHLIGHT_CLOSE
    rank: float  # bm25: lower is better

    @property
    def snippet(self) -> str:
        """Snippet with matches in ``**bold**`` (Markdown)."""
        return snippet_to_markdown(self.raw_snippet)

    @property
    def snippet_html(self) -> str:
        """HTML-escaped snippet with matches in ``<b>…</b>``."""
        return snippet_to_html(self.raw_snippet)

    @property
    def snippet_plain(self) -> str:
        return snippet_to_plain(self.raw_snippet)
