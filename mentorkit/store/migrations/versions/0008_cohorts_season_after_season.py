"""cohorts season after season

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A cohort can be closed; a participant carried over from an earlier cohort
    keeps where they came from and the priority matching gives them."""
    with op.batch_alter_table("cohorts") as batch:
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
    op.create_table(
        "waitlist",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("carried_from", sa.String(length=64), nullable=True),
        sa.Column("from_cohort", sa.String(length=120), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["carried_from"], ["participants.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("participant_id"),
    )


def downgrade() -> None:
    op.drop_table("waitlist")
    with op.batch_alter_table("cohorts") as batch:
        batch.drop_column("closed_on")
