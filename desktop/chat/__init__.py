"""Qt-free chat state: one :class:`ChatSession` per open or answering conversation."""

from desktop.chat.session import ChatSession, VersionInfo

__all__ = ["ChatSession", "VersionInfo"]
