"""Chat history (Qt-free): conversations and messages in SQLite, streaming writes, search, export."""

from desktop.history.errors import (
    ConversationNotFoundError,
    HistoryError,
    HistoryImportError,
    MessageNotFoundError,
)
from desktop.history.prompts import DEFAULT_SYSTEM_PROMPT, DEFAULT_TITLE
from desktop.history.search import build_fts_query
from desktop.history.sources import SourceRecord
from desktop.history.store import (
    ConversationInfo,
    HistoryStore,
    MessageInfo,
    SearchHit,
    normalize_stats,
)
from desktop.history.writer import StreamingMessageWriter

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "DEFAULT_TITLE",
    "ConversationInfo",
    "ConversationNotFoundError",
    "HistoryError",
    "HistoryImportError",
    "HistoryStore",
    "MessageInfo",
    "MessageNotFoundError",
    "SearchHit",
    "SourceRecord",
    "StreamingMessageWriter",
    "build_fts_query",
    "normalize_stats",
]
