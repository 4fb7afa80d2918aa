"""withdrawn signatures

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Changing terms one side had signed withdraws that signature: the terms they
    had signed are kept, so their page can say what changed."""
    with op.batch_alter_table("agreements") as batch:
        batch.add_column(sa.Column("withdrawn_terms", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("withdrawn_side", sa.String(8), nullable=True))
        batch.add_column(
            sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("agreements") as batch:
        batch.drop_column("withdrawn_at")
        batch.drop_column("withdrawn_side")
        batch.drop_column("withdrawn_terms")
