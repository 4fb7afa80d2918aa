"""goal strategies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Goals keep the strategies the mentee chose to reach them."""
    with op.batch_alter_table("goals") as batch:
        batch.add_column(
            sa.Column("strategies", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("goals") as batch:
        batch.drop_column("strategies")
