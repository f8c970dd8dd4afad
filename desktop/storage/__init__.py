"""SQLite storage shared by history and study mode, in layers (each imports only those before):

``sqlite_file`` (the file, owner-only, pragmas) → ``schema`` (Alembic migrations) →
``encryption`` (SQLCipher keys and files) → ``integrity`` (checks, quarantine, backups,
encryption on/off) → ``db.open_database`` (what the stores and the app call). ``base`` holds
the declarative base for the tables. Nothing is imported here, so importing one layer never
pulls in the layers above it.
"""
