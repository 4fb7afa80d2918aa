"""drafts, app activity and running servers

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """What participants typed and did not save yet; visits and saves through the
    apps; and the figures each running server reports."""
    op.create_table(
        "drafts",
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("app", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_drafts_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "app", "key", name=op.f("pk_drafts")),
    )
    op.create_table(
        "app_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("app", sa.String(length=40), nullable=False),
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_events")),
    )
    op.create_index(op.f("ix_app_events_at"), "app_events", ["at"])
    op.create_table(
        "servers",
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("node", name=op.f("pk_servers")),
    )


def downgrade() -> None:
    op.drop_table("servers")
    op.drop_index(op.f("ix_app_events_at"), table_name="app_events")
    op.drop_table("app_events")
    op.drop_table("drafts")
