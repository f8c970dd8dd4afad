"""SQLite storage shared by history and study mode, in layers: ``sqlite_file`` (file, pragmas)
→ ``schema`` (Alembic) → ``encryption`` (SQLCipher keys) → ``integrity`` (checks, quarantine,
backups, encryption on/off) → ``db.open_database``."""

from desktop.storage.base import Base
from desktop.storage.db import open_database

__all__ = ["Base", "open_database"]
