"""Study mode: question banks, import runs, blocks, spaced repetition, model output.

Revision ID: 0002_study
Revises: 0001_history
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_study"
down_revision = "0001_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "study_banks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "study_import_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "bank_id",
            sa.Integer,
            sa.ForeignKey("study_banks.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("fmt", sa.String(40), nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False, server_default="running"),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("n_read", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_imported", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_duplicates_file", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_duplicates_db", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("errors_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "study_questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "bank_id",
            sa.Integer,
            sa.ForeignKey("study_banks.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "import_run_id",
            sa.Integer,
            sa.ForeignKey("study_import_runs.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("ext_id", sa.String(200), nullable=False, server_default=""),
        sa.Column("stem", sa.Text, nullable=False),
        sa.Column("context", sa.Text, nullable=False, server_default=""),
        sa.Column("options_json", sa.Text, nullable=False),
        sa.Column("answer", sa.String(8), nullable=False),
        sa.Column("explanation", sa.Text, nullable=False, server_default=""),
        sa.Column("step", sa.String(40), nullable=False, server_default=""),
        sa.Column("subject", sa.String(120), nullable=False, server_default=""),
        sa.Column("system", sa.String(120), nullable=False, server_default=""),
        sa.Column("tags", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.String(200), nullable=False, server_default=""),
        sa.Column("source_line", sa.Integer, nullable=True),
        sa.Column("meta_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("text_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_study_questions_bank_id", "study_questions", ["bank_id"])
    op.create_index("ix_study_questions_step", "study_questions", ["step"])
    op.create_index("ix_study_questions_subject", "study_questions", ["subject"])
    op.create_table(
        "study_blocks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("status", sa.String(12), nullable=False, server_default="active"),
        sa.Column("seconds_per_question", sa.Float, nullable=False, server_default="90"),
        sa.Column("time_limit_s", sa.Float, nullable=True),
        sa.Column("remaining_s", sa.Float, nullable=True),
        sa.Column("current_index", sa.Integer, nullable=False, server_default="0"),
        sa.Column("spec_json", sa.Text, nullable=False, server_default="{}"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "study_block_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "block_id",
            sa.Integer,
            sa.ForeignKey("study_blocks.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("study_questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("selected", sa.String(8), nullable=True),
        sa.Column("submitted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("correct", sa.Boolean, nullable=True),
        sa.Column("time_spent_s", sa.Float, nullable=False, server_default="0"),
        sa.Column("marked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("struck_json", sa.Text, nullable=False, server_default="[]"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("answered_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_study_block_items_block_id", "study_block_items", ["block_id"])
    op.create_index("ix_study_block_items_question_id", "study_block_items", ["question_id"])
    op.create_table(
        "study_cards",
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("study_questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("card_json", sa.Text, nullable=False),
        sa.Column("due", sa.DateTime, nullable=False),
        sa.Column("state", sa.Integer, nullable=False, server_default="1"),
        sa.Column("reps", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lapses", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_review", sa.DateTime, nullable=True),
    )
    op.create_index("ix_study_cards_due", "study_cards", ["due"])
    op.create_table(
        "study_review_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("study_questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.Column("due_after", sa.DateTime, nullable=False),
    )
    op.create_index("ix_study_review_logs_question_id", "study_review_logs", ["question_id"])
    op.create_table(
        "study_explanations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("study_questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("model", sa.String(200), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("finish_reason", sa.String(20), nullable=False, server_default="stop"),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_study_explanations_question_id", "study_explanations", ["question_id"])
    op.create_table(
        "study_model_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "question_id",
            sa.Integer,
            sa.ForeignKey("study_questions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("model", sa.String(200), nullable=False, server_default=""),
        sa.Column("choice", sa.String(8), nullable=False),
        sa.Column("probabilities_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_study_model_scores_question_id", "study_model_scores", ["question_id"])


def downgrade() -> None:
    for table in (
        "study_model_scores",
        "study_explanations",
        "study_review_logs",
        "study_cards",
        "study_block_items",
        "study_blocks",
        "study_questions",
        "study_import_runs",
        "study_banks",
    ):
        op.drop_table(table)
