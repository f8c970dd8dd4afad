"""How the chat uses the library (a plain enum: importable without the database layer)."""

from __future__ import annotations

from enum import StrEnum


class LibraryMode(StrEnum):
    OFF = "off"
    USE = "use"  # cite the library when it has something relevant, else answer as usual
    ONLY = "only"  # answer only from the library; refuse when nothing relevant is found
