"""SQLite storage shared by history and study mode: SQLAlchemy 2.x models, Alembic migrations."""

from desktop.storage.db import Base, open_database

__all__ = ["Base", "open_database"]
