"""Reference library: documents, their chunks, an FTS5 index, and the passages of an answer.

Revision ID: 0003_library
Revises: 0002_study
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_library"
down_revision = "0002_study"
branch_labels = None
depends_on = None

# External-content FTS5 index over library_chunks.text, kept in sync by triggers. The porter
# stemmer lets "treatment" match "treated" in a question typed in plain language.
FTS_STATEMENTS = (
    "CREATE VIRTUAL TABLE library_fts USING fts5("
    "text, content='library_chunks', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER library_fts_ai AFTER INSERT ON library_chunks BEGIN "
    "INSERT INTO library_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER library_fts_ad AFTER DELETE ON library_chunks BEGIN "
    "INSERT INTO library_fts(library_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "END",
    "CREATE TRIGGER library_fts_au AFTER UPDATE OF text ON library_chunks BEGIN "
    "INSERT INTO library_fts(library_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO library_fts(rowid, text) VALUES (new.id, new.text); END",
)


def upgrade() -> None:
    op.create_table(
        "library_documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False, unique=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False, server_default=""),
        sa.Column("fmt", sa.String(16), nullable=False, server_default=""),
        sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
        sa.Column("size", sa.Integer, nullable=False, server_default="0"),
        sa.Column("mtime", sa.Float, nullable=False, server_default="0"),
        sa.Column("collection", sa.String(200), nullable=False, server_default="My library"),
        sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("indexed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_library_documents_collection", "library_documents", ["collection"])
    op.create_index("ix_library_documents_sha256", "library_documents", ["sha256"])
    op.create_table(
        "library_chunks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("library_documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_library_chunks_document_id", "library_chunks", ["document_id"])
    for statement in FTS_STATEMENTS:
        op.execute(statement)
    op.create_table(
        "library_state",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False, server_default=""),
    )
    # A copy of every passage given to the model for an answer: it survives the document
    # being removed or re-indexed, so a saved answer always shows what it was based on.
    op.create_table(
        "message_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "message_id",
            sa.Integer,
            sa.ForeignKey("messages.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column(
            "chunk_id",
            sa.Integer,
            sa.ForeignKey("library_chunks.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("title", sa.String(300), nullable=False, server_default=""),
        sa.Column("path", sa.Text, nullable=False, server_default=""),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("char_start", sa.Integer, nullable=False, server_default="0"),
        sa.Column("char_end", sa.Integer, nullable=False, server_default="0"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("terms", sa.Text, nullable=False, server_default=""),
        sa.Column("cited", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_message_sources_message_id", "message_sources", ["message_id"])


def downgrade() -> None:
    op.drop_index("ix_message_sources_message_id", table_name="message_sources")
    op.drop_table("message_sources")
    op.drop_table("library_state")
    for name in ("library_fts_au", "library_fts_ad", "library_fts_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS library_fts")
    op.drop_index("ix_library_chunks_document_id", table_name="library_chunks")
    op.drop_table("library_chunks")
    op.drop_index("ix_library_documents_sha256", table_name="library_documents")
    op.drop_index("ix_library_documents_collection", table_name="library_documents")
    op.drop_table("library_documents")
