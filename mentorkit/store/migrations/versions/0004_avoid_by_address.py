"""avoid by address

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A participant may name people to avoid by an address no one in their cohort
    has: kept as given, so the form never tells who is in the cohort, and applied
    when such a person joins."""
    with op.batch_alter_table("participants") as batch:
        batch.add_column(
            sa.Column("avoid_emails", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("avoid_emails")
