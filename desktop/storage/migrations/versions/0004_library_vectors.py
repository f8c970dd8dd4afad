"""Reference library: one embedding per passage and embedder, for hybrid (BM25 + dense) search.

Revision ID: 0004_library_vectors
Revises: 0003_library
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_library_vectors"
down_revision = "0003_library"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "library_vectors",
        sa.Column(
            "chunk_id",
            sa.Integer,
            sa.ForeignKey("library_chunks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("embedder", sa.String(200), primary_key=True),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("library_vectors")
