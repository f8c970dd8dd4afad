"""Errors of the reference library; every message is meant to be shown to the user as is."""

from __future__ import annotations


class LibraryError(Exception):
    """Base class of library errors."""


class ExtractError(LibraryError):
    """One file cannot be read into text (corrupt, encrypted, scanned, too big, unknown type)."""


class ImportCancelled(LibraryError):
    """The user cancelled an import; files finished before the cancel stay imported."""
