"""mentor requests

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A mentee's request to a mentor, and how it ended."""
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.String(length=64), nullable=False),
        sa.Column("mentor_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentee_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mentor_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_requests_mentor", "requests", ["mentor_id", "status"])
    op.create_index("ix_requests_mentee", "requests", ["mentee_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_requests_mentee", table_name="requests")
    op.drop_index("ix_requests_mentor", table_name="requests")
    op.drop_table("requests")
