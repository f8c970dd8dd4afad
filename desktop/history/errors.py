"""Errors raised by the history store."""

from __future__ import annotations


class HistoryError(Exception):
    """Base class of history errors (messages are meant to be shown to the user)."""


class ConversationNotFoundError(HistoryError, LookupError):
    def __init__(self, conversation_id: int) -> None:
        super().__init__(f"Conversation {conversation_id} does not exist (was it deleted?)")
        self.conversation_id = conversation_id


class MessageNotFoundError(HistoryError, LookupError):
    def __init__(self, message_id: int) -> None:
        super().__init__(f"Message {message_id} does not exist (was it deleted?)")
        self.message_id = message_id


class HistoryImportError(HistoryError, ValueError):
    """A history export file could not be imported; nothing was written."""
